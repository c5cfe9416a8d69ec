/*
 * STM32F4xx DMA controller (DMA1, DMA2)
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The reference used is the STMicroelectronics RM0090 reference manual,
 * chapter "DMA controller (DMA)".
 *
 * Modelling choices:
 *
 * - Peripheral requests are levels (see the header). Each data item is
 *   moved at once through address_space_read/write when its request is
 *   seen; a peripheral that keeps its request high (e.g. a USART TXE) is
 *   served in bursts of DMA_BURST items, the next burst from a
 *   QEMU_CLOCK_VIRTUAL timer one AHB cycle per item later, so that the
 *   main loop is never held. Memory-to-memory transfers (DMA2) run the
 *   same way, in bursts, without a request.
 * - Stream priorities (PL) and the arbitration between streams are not
 *   modelled: a request is served as it comes.
 * - FIFO: in direct mode (DMDIS=0) MSIZE is taken equal to PSIZE as on
 *   silicon. In FIFO mode (DMDIS=1) items are still moved one at a time:
 *   the threshold (FTH), bursts (PBURST/MBURST) and the packing of
 *   different PSIZE/MSIZE are not modelled (LOG_UNIMP when they differ;
 *   both sides then use PSIZE). FS always reads "empty", FEIF is never set.
 *   PINCOS (fixed increment of 4) is not modelled (LOG_UNIMP).
 * - A bus error on either side (an unmapped address) sets TEIF and
 *   disables the stream, as on silicon. DMEIF is never set.
 * - Disabling a running stream by software sets TCIF (RM0090 10.3.14).
 * - Enabling a stream with NDTR=0 does nothing: EN stays clear (RM0090:
 *   a stream cannot be enabled without data to transfer).
 * - With the clock off (RCC enable bit clear) the registers read 0,
 *   writes are ignored and requests are not served.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "exec/address-spaces.h"
#include "migration/vmstate.h"
#include "hw/dma/stm32f4xx_dma.h"
#include "hw/clock.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "trace.h"

REG32(LISR, 0x00)
REG32(HISR, 0x04)
REG32(LIFCR, 0x08)
REG32(HIFCR, 0x0C)
/* Stream registers, at 0x10 + 0x18 * stream */
REG32(SxCR, 0x00)
    FIELD(SxCR, EN, 0, 1)
    FIELD(SxCR, DMEIE, 1, 1)
    FIELD(SxCR, TEIE, 2, 1)
    FIELD(SxCR, HTIE, 3, 1)
    FIELD(SxCR, TCIE, 4, 1)
    FIELD(SxCR, PFCTRL, 5, 1)
    FIELD(SxCR, DIR, 6, 2)
    FIELD(SxCR, CIRC, 8, 1)
    FIELD(SxCR, PINC, 9, 1)
    FIELD(SxCR, MINC, 10, 1)
    FIELD(SxCR, PSIZE, 11, 2)
    FIELD(SxCR, MSIZE, 13, 2)
    FIELD(SxCR, PINCOS, 15, 1)
    FIELD(SxCR, PL, 16, 2)
    FIELD(SxCR, DBM, 18, 1)
    FIELD(SxCR, CT, 19, 1)
    FIELD(SxCR, PBURST, 21, 2)
    FIELD(SxCR, MBURST, 23, 2)
    FIELD(SxCR, CHSEL, 25, 3)
REG32(SxNDTR, 0x04)
REG32(SxPAR, 0x08)
REG32(SxM0AR, 0x0C)
REG32(SxM1AR, 0x10)
REG32(SxFCR, 0x14)
    FIELD(SxFCR, FTH, 0, 2)
    FIELD(SxFCR, DMDIS, 2, 1)
    FIELD(SxFCR, FS, 3, 3)
    FIELD(SxFCR, FEIE, 7, 1)

#define STREAM_BASE     0x10
#define STREAM_SIZE     0x18
#define SxCR_MASK       0x0FEFFFFF
#define SxFCR_MASK      0x87
#define SxFCR_RESET     0x21    /* FIFO empty, threshold 1/2 */
#define FCR_FS_EMPTY    (4 << R_SxFCR_FS_SHIFT)

/* Flags of a stream, in the bit layout of stream 0 in LISR */
#define FLAG_FEIF       BIT(0)
#define FLAG_DMEIF      BIT(2)
#define FLAG_TEIF       BIT(3)
#define FLAG_HTIF       BIT(4)
#define FLAG_TCIF       BIT(5)
#define FLAGS_MASK      0x3D

enum { DIR_P2M, DIR_M2P, DIR_M2M };

/* Items moved at once before the timer takes over */
#define DMA_BURST       256

/* Bit position of stream @x's flags in LISR/HISR */
static unsigned dma_flag_shift(unsigned x)
{
    static const unsigned shift[4] = { 0, 6, 16, 22 };

    return shift[x % 4];
}

static bool dma_clock_on(Stm32f4xxDmaState *s)
{
    return clock_is_enabled(s->clk);
}

static void dma_update_irq(Stm32f4xxDmaStream *st)
{
    uint32_t f = st->flags, cr = st->cr;
    bool level = ((f & FLAG_TCIF) && (cr & R_SxCR_TCIE_MASK)) ||
                 ((f & FLAG_HTIF) && (cr & R_SxCR_HTIE_MASK)) ||
                 ((f & FLAG_TEIF) && (cr & R_SxCR_TEIE_MASK)) ||
                 ((f & FLAG_DMEIF) && (cr & R_SxCR_DMEIE_MASK)) ||
                 ((f & FLAG_FEIF) && (st->fcr & R_SxFCR_FEIE_MASK));

    qemu_set_irq(st->irq, level);
}

static unsigned dma_dir(Stm32f4xxDmaStream *st)
{
    return FIELD_EX32(st->cr, SxCR, DIR);
}

static void dma_disable(Stm32f4xxDmaStream *st)
{
    st->cr &= ~R_SxCR_EN_MASK;
    timer_del(st->timer);
}

/* Move one data item; false on a bus error (the stream is then disabled) */
static bool dma_move_item(Stm32f4xxDmaState *s, Stm32f4xxDmaStream *st)
{
    unsigned psize = 1 << FIELD_EX32(st->cr, SxCR, PSIZE);
    unsigned done = st->ndtr_reload - st->ndtr;
    bool ct = st->cr & R_SxCR_CT_MASK;
    hwaddr paddr = st->par + ((st->cr & R_SxCR_PINC_MASK) ? done * psize : 0);
    hwaddr maddr = (ct ? st->m1ar : st->m0ar) +
                   ((st->cr & R_SxCR_MINC_MASK) ? done * psize : 0);
    hwaddr src, dst;
    uint8_t buf[4];
    MemTxResult r;

    switch (dma_dir(st)) {
    case DIR_M2P:
        src = maddr;
        dst = paddr;
        break;
    default:    /* peripheral (or source memory) to memory */
        src = paddr;
        dst = maddr;
        break;
    }
    r = address_space_read(&s->as, src, MEMTXATTRS_UNSPECIFIED, buf, psize);
    if (r == MEMTX_OK) {
        r = address_space_write(&s->as, dst, MEMTXATTRS_UNSPECIFIED, buf, psize);
    }
    trace_stm32f4xx_dma_item(s->id, st->index, src, dst, psize, r == MEMTX_OK);
    if (r != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s stream %d: bus error moving 0x%"
                      HWADDR_PRIx " -> 0x%" HWADDR_PRIx ": stream disabled\n",
                      __func__, s->id, st->index, src, dst);
        st->flags |= FLAG_TEIF;
        dma_disable(st);
        return false;
    }

    st->ndtr--;
    if (st->ndtr == st->ndtr_reload / 2) {
        st->flags |= FLAG_HTIF;
    }
    if (st->ndtr == 0) {
        st->flags |= FLAG_TCIF;
        if (st->cr & (R_SxCR_CIRC_MASK | R_SxCR_DBM_MASK)) {
            st->ndtr = st->ndtr_reload;
            if (st->cr & R_SxCR_DBM_MASK) {
                st->cr ^= R_SxCR_CT_MASK;
            }
        } else {
            dma_disable(st);
        }
    }
    return true;
}

/* Has the stream an item to move now? */
static bool dma_stream_ready(Stm32f4xxDmaState *s, Stm32f4xxDmaStream *st)
{
    if (!(st->cr & R_SxCR_EN_MASK) || st->ndtr == 0 || !dma_clock_on(s)) {
        return false;
    }
    if (dma_dir(st) == DIR_M2M) {
        return true;
    }
    return extract32(st->request, FIELD_EX32(st->cr, SxCR, CHSEL), 1);
}

/* Serve the stream while it has work, up to DMA_BURST items at a time */
static void dma_stream_run(Stm32f4xxDmaState *s, Stm32f4xxDmaStream *st)
{
    unsigned n = 0;

    if (st->running) {
        return;
    }
    st->running = true;
    while (dma_stream_ready(s, st)) {
        if (n == DMA_BURST) {
            /* Go on later: one AHB cycle an item */
            timer_mod(st->timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                                 clock_ticks_to_ns(s->clk, DMA_BURST));
            break;
        }
        if (!dma_move_item(s, st)) {
            break;
        }
        n++;
    }
    st->running = false;
    dma_update_irq(st);
}

static void dma_stream_timer(void *opaque)
{
    Stm32f4xxDmaStream *st = opaque;

    dma_stream_run(st->dma, st);
}

static void dma_request(void *opaque, int n, int level)
{
    Stm32f4xxDmaState *s = opaque;
    Stm32f4xxDmaStream *st = &s->stream[n / STM32F4XX_DMA_NUM_CHANNELS];

    st->request = deposit32(st->request, n % STM32F4XX_DMA_NUM_CHANNELS, 1, level > 0);
    if (level > 0) {
        dma_stream_run(s, st);
    }
}

static void dma_write_cr(Stm32f4xxDmaState *s, Stm32f4xxDmaStream *st, uint32_t value)
{
    if (st->cr & R_SxCR_EN_MASK) {
        /* Enabled: only EN can be written (to stop the stream) */
        if (!(value & R_SxCR_EN_MASK)) {
            trace_stm32f4xx_dma_stream(s->id, st->index, "disabled by software");
            dma_disable(st);
            st->flags |= FLAG_TCIF;
        } else if ((value ^ st->cr) & SxCR_MASK) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: %s stream %d: CR written while EN=1: "
                          "ignored\n", __func__, s->id, st->index);
        }
        dma_update_irq(st);
        return;
    }
    st->cr = value & SxCR_MASK;
    if (!(st->cr & R_SxCR_EN_MASK)) {
        dma_update_irq(st);
        return;
    }
    /* Enabling the stream */
    if (dma_dir(st) == 3 || (dma_dir(st) == DIR_M2M && !s->mem_to_mem)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s stream %d: direction %d not allowed: "
                      "stream not enabled\n", __func__, s->id, st->index, dma_dir(st));
        st->cr &= ~R_SxCR_EN_MASK;
        return;
    }
    if (st->ndtr == 0) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s stream %d: enabled with NDTR=0: "
                      "stream not enabled\n", __func__, s->id, st->index);
        st->cr &= ~R_SxCR_EN_MASK;
        return;
    }
    if ((st->fcr & R_SxFCR_DMDIS_MASK) &&
        FIELD_EX32(st->cr, SxCR, MSIZE) != FIELD_EX32(st->cr, SxCR, PSIZE)) {
        qemu_log_mask(LOG_UNIMP, "%s: %s stream %d: FIFO packing (MSIZE != PSIZE) not "
                      "modelled: PSIZE used on both sides\n", __func__, s->id, st->index);
    }
    if (st->cr & R_SxCR_PINCOS_MASK) {
        qemu_log_mask(LOG_UNIMP, "%s: %s stream %d: PINCOS not modelled\n", __func__,
                      s->id, st->index);
    }
    if (st->cr & R_SxCR_PFCTRL_MASK) {
        qemu_log_mask(LOG_UNIMP, "%s: %s stream %d: peripheral flow control not "
                      "modelled: NDTR counts\n", __func__, s->id, st->index);
    }
    st->ndtr_reload = st->ndtr;
    trace_stm32f4xx_dma_stream(s->id, st->index, "enabled");
    dma_stream_run(s, st);
}

static uint32_t dma_stream_read(Stm32f4xxDmaStream *st, hwaddr reg)
{
    switch (reg) {
    case A_SxCR:
        return st->cr;
    case A_SxNDTR:
        return st->ndtr;
    case A_SxPAR:
        return st->par;
    case A_SxM0AR:
        return st->m0ar;
    case A_SxM1AR:
        return st->m1ar;
    default:    /* A_SxFCR */
        return st->fcr | FCR_FS_EMPTY;
    }
}

static void dma_stream_write(Stm32f4xxDmaState *s, Stm32f4xxDmaStream *st, hwaddr reg,
                             uint32_t value)
{
    bool en = st->cr & R_SxCR_EN_MASK;
    bool ct = st->cr & R_SxCR_CT_MASK;

    if (reg == A_SxCR) {
        dma_write_cr(s, st, value);
        return;
    }
    /* While enabled, only the memory address not in use (DBM) can change */
    if (en && !(reg == A_SxM0AR && ct && (st->cr & R_SxCR_DBM_MASK)) &&
        !(reg == A_SxM1AR && !ct && (st->cr & R_SxCR_DBM_MASK))) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s stream %d: offset 0x%" HWADDR_PRIx
                      " written while EN=1: ignored\n", __func__, s->id, st->index, reg);
        return;
    }
    switch (reg) {
    case A_SxNDTR:
        st->ndtr = value & 0xFFFF;
        break;
    case A_SxPAR:
        st->par = value;
        break;
    case A_SxM0AR:
        st->m0ar = value;
        break;
    case A_SxM1AR:
        st->m1ar = value;
        break;
    default:    /* A_SxFCR: FS is read-only */
        st->fcr = value & SxFCR_MASK;
        dma_update_irq(st);
        break;
    }
}

static uint64_t stm32f4xx_dma_read(void *opaque, hwaddr addr, unsigned int size)
{
    Stm32f4xxDmaState *s = opaque;
    uint32_t value = 0;

    if (!dma_clock_on(s)) {
        return 0;
    }
    switch (addr) {
    case A_LISR:
    case A_HISR:
        for (int i = 0; i < 4; i++) {
            Stm32f4xxDmaStream *st = &s->stream[(addr == A_HISR ? 4 : 0) + i];

            value |= st->flags << dma_flag_shift(i);
        }
        break;
    case A_LIFCR:
    case A_HIFCR:
        /* Write-only: read as 0 */
        break;
    default:
        if (addr >= STREAM_BASE &&
            addr < STREAM_BASE + STREAM_SIZE * STM32F4XX_DMA_NUM_STREAMS) {
            value = dma_stream_read(&s->stream[(addr - STREAM_BASE) / STREAM_SIZE],
                                    (addr - STREAM_BASE) % STREAM_SIZE);
        } else {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: bad offset 0x%" HWADDR_PRIx "\n",
                          __func__, s->id, addr);
        }
        break;
    }
    trace_stm32f4xx_dma_read(s->id, addr, value);
    return value;
}

static void stm32f4xx_dma_write(void *opaque, hwaddr addr, uint64_t val64,
                                unsigned int size)
{
    Stm32f4xxDmaState *s = opaque;
    uint32_t value = val64;

    trace_stm32f4xx_dma_write(s->id, addr, value);
    if (!dma_clock_on(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: write to offset 0x%" HWADDR_PRIx
                      " ignored: clock disabled in the RCC\n", __func__, s->id, addr);
        return;
    }
    switch (addr) {
    case A_LISR:
    case A_HISR:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: %s is read-only\n", __func__, s->id,
                      addr == A_LISR ? "LISR" : "HISR");
        break;
    case A_LIFCR:
    case A_HIFCR:
        /* Write 1 to clear */
        for (int i = 0; i < 4; i++) {
            Stm32f4xxDmaStream *st = &s->stream[(addr == A_HIFCR ? 4 : 0) + i];

            st->flags &= ~((value >> dma_flag_shift(i)) & FLAGS_MASK);
            dma_update_irq(st);
        }
        break;
    default:
        if (addr >= STREAM_BASE &&
            addr < STREAM_BASE + STREAM_SIZE * STM32F4XX_DMA_NUM_STREAMS) {
            dma_stream_write(s, &s->stream[(addr - STREAM_BASE) / STREAM_SIZE],
                             (addr - STREAM_BASE) % STREAM_SIZE, value);
        } else {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: bad offset 0x%" HWADDR_PRIx "\n",
                          __func__, s->id, addr);
        }
        break;
    }
}

static const MemoryRegionOps stm32f4xx_dma_ops = {
    .read = stm32f4xx_dma_read,
    .write = stm32f4xx_dma_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    /* Word access only (RM0090 10.5) */
    .valid = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

static void dma_clk_update(void *opaque, ClockEvent event)
{
    Stm32f4xxDmaState *s = opaque;

    /* Clock back on: serve what is pending */
    for (int i = 0; i < STM32F4XX_DMA_NUM_STREAMS; i++) {
        if (dma_clock_on(s)) {
            dma_stream_run(s, &s->stream[i]);
        } else {
            timer_del(s->stream[i].timer);
        }
    }
}

static void stm32f4xx_dma_reset_hold(Object *obj, ResetType type)
{
    Stm32f4xxDmaState *s = STM32F4XX_DMA(obj);

    for (int i = 0; i < STM32F4XX_DMA_NUM_STREAMS; i++) {
        Stm32f4xxDmaStream *st = &s->stream[i];

        timer_del(st->timer);
        st->cr = 0;
        st->ndtr = 0;
        st->ndtr_reload = 0;
        st->par = 0;
        st->m0ar = 0;
        st->m1ar = 0;
        st->fcr = SxFCR_RESET & SxFCR_MASK;
        st->flags = 0;
    }
}

static void stm32f4xx_dma_reset_exit(Object *obj, ResetType type)
{
    Stm32f4xxDmaState *s = STM32F4XX_DMA(obj);

    for (int i = 0; i < STM32F4XX_DMA_NUM_STREAMS; i++) {
        dma_update_irq(&s->stream[i]);
    }
}

static const VMStateDescription vmstate_stm32f4xx_dma_stream = {
    .name = "stm32f4xx-dma-stream",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(cr, Stm32f4xxDmaStream),
        VMSTATE_UINT32(ndtr, Stm32f4xxDmaStream),
        VMSTATE_UINT32(par, Stm32f4xxDmaStream),
        VMSTATE_UINT32(m0ar, Stm32f4xxDmaStream),
        VMSTATE_UINT32(m1ar, Stm32f4xxDmaStream),
        VMSTATE_UINT32(fcr, Stm32f4xxDmaStream),
        VMSTATE_UINT32(flags, Stm32f4xxDmaStream),
        VMSTATE_UINT32(ndtr_reload, Stm32f4xxDmaStream),
        VMSTATE_UINT8(request, Stm32f4xxDmaStream),
        VMSTATE_TIMER_PTR(timer, Stm32f4xxDmaStream),
        VMSTATE_END_OF_LIST()
    }
};

static int stm32f4xx_dma_post_load(void *opaque, int version_id)
{
    Stm32f4xxDmaState *s = opaque;

    for (int i = 0; i < STM32F4XX_DMA_NUM_STREAMS; i++) {
        Stm32f4xxDmaStream *st = &s->stream[i];

        if (st->ndtr > st->ndtr_reload && (st->cr & R_SxCR_EN_MASK)) {
            return -EINVAL;
        }
    }
    return 0;
}

static const VMStateDescription vmstate_stm32f4xx_dma = {
    .name = TYPE_STM32F4XX_DMA,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = stm32f4xx_dma_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT_ARRAY(stream, Stm32f4xxDmaState, STM32F4XX_DMA_NUM_STREAMS, 1,
                             vmstate_stm32f4xx_dma_stream, Stm32f4xxDmaStream),
        VMSTATE_CLOCK(clk, Stm32f4xxDmaState),
        VMSTATE_END_OF_LIST()
    }
};

static const Property stm32f4xx_dma_properties[] = {
    DEFINE_PROP_BOOL("mem-to-mem", Stm32f4xxDmaState, mem_to_mem, false),
    DEFINE_PROP_LINK("memory", Stm32f4xxDmaState, memory, TYPE_MEMORY_REGION,
                     MemoryRegion *),
};

static void stm32f4xx_dma_init(Object *obj)
{
    Stm32f4xxDmaState *s = STM32F4XX_DMA(obj);
    DeviceState *dev = DEVICE(obj);

    memory_region_init_io(&s->mmio, obj, &stm32f4xx_dma_ops, s, TYPE_STM32F4XX_DMA,
                          STM32F4XX_DMA_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    for (int i = 0; i < STM32F4XX_DMA_NUM_STREAMS; i++) {
        s->stream[i].dma = s;
        s->stream[i].index = i;
        sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->stream[i].irq);
    }
    qdev_init_gpio_in_named(dev, dma_request, "request",
                            STM32F4XX_DMA_NUM_STREAMS * STM32F4XX_DMA_NUM_CHANNELS);
    s->clk = qdev_init_clock_in(dev, "clk", dma_clk_update, s, ClockUpdate);
}

static void stm32f4xx_dma_realize(DeviceState *dev, Error **errp)
{
    Stm32f4xxDmaState *s = STM32F4XX_DMA(dev);
    const char *name = object_get_canonical_path_component(OBJECT(dev));

    s->id = g_strdup(name ? name : TYPE_STM32F4XX_DMA);
    address_space_init(&s->as, s->memory ? s->memory : get_system_memory(), s->id);
    for (int i = 0; i < STM32F4XX_DMA_NUM_STREAMS; i++) {
        s->stream[i].timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, dma_stream_timer,
                                          &s->stream[i]);
    }
}

static void stm32f4xx_dma_unrealize(DeviceState *dev)
{
    Stm32f4xxDmaState *s = STM32F4XX_DMA(dev);

    for (int i = 0; i < STM32F4XX_DMA_NUM_STREAMS; i++) {
        timer_free(s->stream[i].timer);
    }
    address_space_destroy(&s->as);
    g_free(s->id);
    s->id = NULL;
}

static void stm32f4xx_dma_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "STM32F4xx DMA controller";
    dc->realize = stm32f4xx_dma_realize;
    dc->unrealize = stm32f4xx_dma_unrealize;
    dc->vmsd = &vmstate_stm32f4xx_dma;
    device_class_set_props(dc, stm32f4xx_dma_properties);
    rc->phases.hold = stm32f4xx_dma_reset_hold;
    rc->phases.exit = stm32f4xx_dma_reset_exit;
}

static const TypeInfo stm32f4xx_dma_types[] = {
    {
        .name          = TYPE_STM32F4XX_DMA,
        .parent        = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32f4xxDmaState),
        .instance_init = stm32f4xx_dma_init,
        .class_init    = stm32f4xx_dma_class_init,
    },
};

DEFINE_TYPES(stm32f4xx_dma_types)
