/*
 * STM32F4xx DAC (digital-to-analog converter, two channels)
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The reference used is the STMicroelectronics RM0090 reference manual,
 * chapter "Digital-to-analog converter (DAC)".
 *
 * Modelling choices:
 *
 * - Without TEN, a DHR write goes to DOR at once (silicon: one APB1
 *   cycle later). With TEN, a trigger moves DHR to DOR one APB1 cycle
 *   (software trigger) or three APB1 cycles (timer trigger) later, in
 *   QEMU_CLOCK_VIRTUAL; SWTRIGx reads 1 until then. A trigger arriving
 *   while the previous one is still pending is ignored.
 * - Output voltage = DOR / 4095 x VREF+ (3.0 V, "vref"), with or without
 *   the output buffer (BOFF): the pin is taken as unloaded. It goes to
 *   the ADC through the "out" lines while the channel is enabled; the
 *   DAC drives its pin (PA4, PA5) whatever the GPIO mode (the reference
 *   manual asks for analog mode to avoid parasitic consumption).
 * - Noise: a 12-bit LFSR (X^12 + X^6 + X^4 + X + 1, preset 0xAAA, shifted
 *   at each trigger; a 1 is fed in when it is all 0); the bits MAMP:0 are
 *   added to DHR. Triangle: a counter goes up to 2^(MAMP+1) - 1 and back
 *   down, one step per trigger, added to DHR. The sums saturate at 0xFFF
 *   (RM0090: "without overflow"; the exact LFSR bit order is not checked
 *   against silicon).
 * - DMA: with DMAENx, each trigger raises the channel's DMA request after
 *   DOR is loaded; writing a DHR register of that channel (what the DMA
 *   does) lowers it. A trigger while the request is still up sets
 *   DMAUDRx (interrupt with DMAUDRIEx), as on silicon.
 * - With the clock off (RCC enable bit clear) the registers read 0 and
 *   ignore writes; triggers are ignored.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "migration/vmstate.h"
#include "hw/misc/stm32f4xx_dac.h"
#include "hw/clock.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "trace.h"

REG32(CR, 0x00)
    /* Channel 1; channel 2 is the same at bit 16 */
    FIELD(CR, EN, 0, 1)
    FIELD(CR, BOFF, 1, 1)
    FIELD(CR, TEN, 2, 1)
    FIELD(CR, TSEL, 3, 3)
    FIELD(CR, WAVE, 6, 2)
    FIELD(CR, MAMP, 8, 4)
    FIELD(CR, DMAEN, 12, 1)
    FIELD(CR, DMAUDRIE, 13, 1)
REG32(SWTRIGR, 0x04)
REG32(DHR12R1, 0x08)
REG32(DHR12L1, 0x0C)
REG32(DHR8R1, 0x10)
REG32(DHR12R2, 0x14)
REG32(DHR12L2, 0x18)
REG32(DHR8R2, 0x1C)
REG32(DHR12RD, 0x20)
REG32(DHR12LD, 0x24)
REG32(DHR8RD, 0x28)
REG32(DOR1, 0x2C)
REG32(DOR2, 0x30)
REG32(SR, 0x34)
    FIELD(SR, DMAUDR1, 13, 1)
    FIELD(SR, DMAUDR2, 29, 1)

#define CR_MASK         0x3FFF3FFF
#define SR_MASK         (R_SR_DMAUDR1_MASK | R_SR_DMAUDR2_MASK)
#define TSEL_SWTRIG     7
#define LFSR_RESET      0xAAA
enum { WAVE_NONE, WAVE_NOISE, WAVE_TRIANGLE };

/* Control bits of channel @c, in the channel 1 layout */
static uint32_t dac_cr(Stm32f4xxDacState *s, int c)
{
    return (s->cr >> (16 * c)) & 0xFFFF;
}

static bool dac_clock_on(Stm32f4xxDacState *s)
{
    return clock_is_enabled(s->clk);
}

static void dac_update_irq(Stm32f4xxDacState *s)
{
    bool level = ((s->sr & R_SR_DMAUDR1_MASK) && (s->cr & R_CR_DMAUDRIE_MASK)) ||
                 ((s->sr & R_SR_DMAUDR2_MASK) && (s->cr & (R_CR_DMAUDRIE_MASK << 16)));

    qemu_set_irq(s->irq, level);
}

static uint32_t dac_out_mv(Stm32f4xxDacState *s, int c)
{
    return (s->ch[c].dor * s->vref_mv + 2047) / 4095;
}

/* Output voltage to the pin, -1 while the channel is off */
static void dac_update_output(Stm32f4xxDacState *s, int c)
{
    bool on = dac_cr(s, c) & R_CR_EN_MASK;

    qemu_set_irq(s->ch[c].out, on ? (int)dac_out_mv(s, c) : -1);
}

static void dac_set_dor(Stm32f4xxDacState *s, int c, uint32_t value)
{
    s->ch[c].dor = value & 0xFFF;
    trace_stm32f4xx_dac_output(c + 1, s->ch[c].dor);
    dac_update_output(s, c);
}

/* The next value of the wave generator of channel @c, added to DHR */
static uint32_t dac_wave_step(Stm32f4xxDacState *s, int c)
{
    Stm32f4xxDacChannel *ch = &s->ch[c];
    uint32_t cr = dac_cr(s, c);
    unsigned mamp = MIN(FIELD_EX32(cr, CR, MAMP), 11);
    uint32_t max = (1u << (mamp + 1)) - 1;

    switch (FIELD_EX32(cr, CR, WAVE)) {
    case WAVE_NOISE: {
        uint32_t l = ch->lfsr;
        uint32_t bit = ((l >> 11) ^ (l >> 5) ^ (l >> 3) ^ l) & 1;

        ch->lfsr = ((l << 1) | bit) & 0xFFF;
        if (ch->lfsr == 0) {
            ch->lfsr = 1;
        }
        return ch->lfsr & max;
    }
    case WAVE_TRIANGLE:
        if (ch->triangle_down) {
            if (--ch->triangle == 0) {
                ch->triangle_down = false;
            }
        } else if (++ch->triangle >= max) {
            ch->triangle = max;
            ch->triangle_down = true;
        }
        return ch->triangle;
    default:
        return 0;
    }
}

/* The trigger's effect: DHR (+ wave) to DOR, then a DMA request */
static void dac_trigger_done(void *opaque)
{
    Stm32f4xxDacChannel *ch = opaque;
    Stm32f4xxDacState *s = ch->dac;
    int c = ch->index;

    ch->pending = false;
    s->swtrigr &= ~BIT(c);
    if (!dac_clock_on(s) || !(dac_cr(s, c) & R_CR_EN_MASK)) {
        return;
    }
    dac_set_dor(s, c, MIN(ch->dhr + dac_wave_step(s, c), 0xFFF));
    if (dac_cr(s, c) & R_CR_DMAEN_MASK) {
        if (ch->dma_request) {
            /* The DMA did not serve the previous request in time */
            trace_stm32f4xx_dac_underrun(c + 1);
            s->sr |= c ? R_SR_DMAUDR2_MASK : R_SR_DMAUDR1_MASK;
            dac_update_irq(s);
        } else {
            ch->dma_request = true;
            qemu_set_irq(ch->dma, 1);
        }
    }
}

static void dac_trigger(Stm32f4xxDacState *s, int c, bool software)
{
    Stm32f4xxDacChannel *ch = &s->ch[c];
    uint32_t cr = dac_cr(s, c);

    if (!(cr & R_CR_EN_MASK) || !(cr & R_CR_TEN_MASK) || ch->pending) {
        return;
    }
    trace_stm32f4xx_dac_trigger(c + 1, software);
    ch->pending = true;
    timer_mod(ch->timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) +
                         clock_ticks_to_ns(s->clk, software ? 1 : 3));
}

static void dac_trigger_in(void *opaque, int n, int level)
{
    Stm32f4xxDacState *s = opaque;
    bool old = extract32(s->trigger_level, n, 1);

    s->trigger_level = deposit32(s->trigger_level, n, 1, level > 0);
    if (old || level <= 0 || !dac_clock_on(s)) {
        return;
    }
    for (int c = 0; c < 2; c++) {
        if (FIELD_EX32(dac_cr(s, c), CR, TSEL) == n) {
            dac_trigger(s, c, false);
        }
    }
}

/* A DHR write for channel @c: the DMA request is served; without TEN, DOR follows */
static void dac_write_dhr(Stm32f4xxDacState *s, int c, uint32_t value)
{
    Stm32f4xxDacChannel *ch = &s->ch[c];

    ch->dhr = value & 0xFFF;
    if (ch->dma_request) {
        ch->dma_request = false;
        qemu_set_irq(ch->dma, 0);
    }
    if ((dac_cr(s, c) & R_CR_EN_MASK) && !(dac_cr(s, c) & R_CR_TEN_MASK)) {
        dac_set_dor(s, c, ch->dhr);
    }
}

static void dac_write_cr(Stm32f4xxDacState *s, uint32_t value)
{
    uint32_t old = s->cr;

    s->cr = value & CR_MASK;
    for (int c = 0; c < 2; c++) {
        Stm32f4xxDacChannel *ch = &s->ch[c];
        uint32_t cr = dac_cr(s, c), was = (old >> (16 * c)) & 0xFFFF;

        if (!(cr & R_CR_EN_MASK)) {
            timer_del(ch->timer);
            ch->pending = false;
            s->swtrigr &= ~BIT(c);
        } else if (!(was & R_CR_EN_MASK) && !(cr & R_CR_TEN_MASK)) {
            /* Enabled without trigger: DOR takes DHR */
            ch->dor = ch->dhr;
        }
        if (!(cr & R_CR_DMAEN_MASK) && ch->dma_request) {
            ch->dma_request = false;
            qemu_set_irq(ch->dma, 0);
        }
        if (FIELD_EX32(cr, CR, TSEL) == 6 && (cr & R_CR_TEN_MASK) &&
            !(FIELD_EX32(was, CR, TSEL) == 6 && (was & R_CR_TEN_MASK))) {
            qemu_log_mask(LOG_UNIMP, "%s: DAC%d: EXTI9 trigger not connected\n",
                          __func__, c + 1);
        }
        dac_update_output(s, c);
    }
    dac_update_irq(s);
}

static uint64_t stm32f4xx_dac_read(void *opaque, hwaddr addr, unsigned int size)
{
    Stm32f4xxDacState *s = opaque;
    uint32_t d1 = s->ch[0].dhr, d2 = s->ch[1].dhr, value;

    if (!dac_clock_on(s)) {
        return 0;
    }
    switch (addr) {
    case A_CR:
        value = s->cr;
        break;
    case A_SWTRIGR:
        value = s->swtrigr;
        break;
    case A_DHR12R1:
        value = d1;
        break;
    case A_DHR12L1:
        value = d1 << 4;
        break;
    case A_DHR8R1:
        value = d1 >> 4;
        break;
    case A_DHR12R2:
        value = d2;
        break;
    case A_DHR12L2:
        value = d2 << 4;
        break;
    case A_DHR8R2:
        value = d2 >> 4;
        break;
    case A_DHR12RD:
        value = d1 | d2 << 16;
        break;
    case A_DHR12LD:
        value = d1 << 4 | d2 << 20;
        break;
    case A_DHR8RD:
        value = d1 >> 4 | (d2 >> 4) << 8;
        break;
    case A_DOR1:
        value = s->ch[0].dor;
        break;
    case A_DOR2:
        value = s->ch[1].dor;
        break;
    case A_SR:
        value = s->sr;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n", __func__,
                      addr);
        value = 0;
        break;
    }
    trace_stm32f4xx_dac_read(addr, value);
    return value;
}

static void stm32f4xx_dac_write(void *opaque, hwaddr addr, uint64_t val64, unsigned int size)
{
    Stm32f4xxDacState *s = opaque;
    uint32_t v = val64;

    trace_stm32f4xx_dac_write(addr, v);
    if (!dac_clock_on(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: write to offset 0x%" HWADDR_PRIx
                      " ignored: clock disabled in the RCC\n", __func__, addr);
        return;
    }
    switch (addr) {
    case A_CR:
        dac_write_cr(s, v);
        break;
    case A_SWTRIGR:
        for (int c = 0; c < 2; c++) {
            if ((v & BIT(c)) &&
                FIELD_EX32(dac_cr(s, c), CR, TSEL) == TSEL_SWTRIG &&
                (dac_cr(s, c) & R_CR_TEN_MASK) && (dac_cr(s, c) & R_CR_EN_MASK)) {
                s->swtrigr |= BIT(c);
                dac_trigger(s, c, true);
            }
        }
        break;
    case A_DHR12R1:
        dac_write_dhr(s, 0, v);
        break;
    case A_DHR12L1:
        dac_write_dhr(s, 0, v >> 4);
        break;
    case A_DHR8R1:
        dac_write_dhr(s, 0, (v & 0xFF) << 4);
        break;
    case A_DHR12R2:
        dac_write_dhr(s, 1, v);
        break;
    case A_DHR12L2:
        dac_write_dhr(s, 1, v >> 4);
        break;
    case A_DHR8R2:
        dac_write_dhr(s, 1, (v & 0xFF) << 4);
        break;
    case A_DHR12RD:
        dac_write_dhr(s, 0, v);
        dac_write_dhr(s, 1, v >> 16);
        break;
    case A_DHR12LD:
        dac_write_dhr(s, 0, v >> 4);
        dac_write_dhr(s, 1, v >> 20);
        break;
    case A_DHR8RD:
        dac_write_dhr(s, 0, (v & 0xFF) << 4);
        dac_write_dhr(s, 1, ((v >> 8) & 0xFF) << 4);
        break;
    case A_DOR1:
    case A_DOR2:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: DOR%d is read-only\n", __func__,
                      addr == A_DOR1 ? 1 : 2);
        break;
    case A_SR:
        /* rc_w1 */
        s->sr &= ~(v & SR_MASK);
        dac_update_irq(s);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n", __func__,
                      addr);
        break;
    }
}

static const MemoryRegionOps stm32f4xx_dac_ops = {
    .read = stm32f4xx_dac_read,
    .write = stm32f4xx_dac_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    /* Word registers; the DMA may also write DHR by halfwords or bytes */
    .valid = {
        .min_access_size = 1,
        .max_access_size = 4,
    },
    .impl = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

static void dac_get_out_mv(Object *obj, Visitor *v, const char *name, void *opaque,
                           Error **errp)
{
    Stm32f4xxDacState *s = STM32F4XX_DAC(obj);
    int c = name[3] - '1';
    uint32_t mv = (dac_cr(s, c) & R_CR_EN_MASK) ? dac_out_mv(s, c) : 0;

    visit_type_uint32(v, name, &mv, errp);
}

static void dac_clk_update(void *opaque, ClockEvent event)
{
    Stm32f4xxDacState *s = opaque;

    if (!dac_clock_on(s)) {
        for (int c = 0; c < 2; c++) {
            timer_del(s->ch[c].timer);
            s->ch[c].pending = false;
        }
        s->swtrigr = 0;
    }
}

static void stm32f4xx_dac_reset_hold(Object *obj, ResetType type)
{
    Stm32f4xxDacState *s = STM32F4XX_DAC(obj);

    s->cr = 0;
    s->sr = 0;
    s->swtrigr = 0;
    for (int c = 0; c < 2; c++) {
        Stm32f4xxDacChannel *ch = &s->ch[c];

        timer_del(ch->timer);
        ch->dhr = 0;
        ch->dor = 0;
        ch->lfsr = LFSR_RESET;
        ch->triangle = 0;
        ch->triangle_down = false;
        ch->pending = false;
        ch->dma_request = false;
    }
}

static void stm32f4xx_dac_reset_exit(Object *obj, ResetType type)
{
    Stm32f4xxDacState *s = STM32F4XX_DAC(obj);

    for (int c = 0; c < 2; c++) {
        qemu_set_irq(s->ch[c].dma, 0);
        dac_update_output(s, c);
    }
    dac_update_irq(s);
}

static const VMStateDescription vmstate_stm32f4xx_dac_channel = {
    .name = "stm32f4xx-dac-channel",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(dhr, Stm32f4xxDacChannel),
        VMSTATE_UINT32(dor, Stm32f4xxDacChannel),
        VMSTATE_UINT32(lfsr, Stm32f4xxDacChannel),
        VMSTATE_UINT32(triangle, Stm32f4xxDacChannel),
        VMSTATE_BOOL(triangle_down, Stm32f4xxDacChannel),
        VMSTATE_BOOL(pending, Stm32f4xxDacChannel),
        VMSTATE_BOOL(dma_request, Stm32f4xxDacChannel),
        VMSTATE_TIMER_PTR(timer, Stm32f4xxDacChannel),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_stm32f4xx_dac = {
    .name = TYPE_STM32F4XX_DAC,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(cr, Stm32f4xxDacState),
        VMSTATE_UINT32(sr, Stm32f4xxDacState),
        VMSTATE_UINT32(swtrigr, Stm32f4xxDacState),
        VMSTATE_STRUCT_ARRAY(ch, Stm32f4xxDacState, 2, 1, vmstate_stm32f4xx_dac_channel,
                             Stm32f4xxDacChannel),
        VMSTATE_UINT32(trigger_level, Stm32f4xxDacState),
        VMSTATE_UINT32(vref_mv, Stm32f4xxDacState),
        VMSTATE_CLOCK(clk, Stm32f4xxDacState),
        VMSTATE_END_OF_LIST()
    }
};

static const Property stm32f4xx_dac_properties[] = {
    DEFINE_PROP_UINT32("vref", Stm32f4xxDacState, vref_mv, 3000),
};

static void stm32f4xx_dac_init(Object *obj)
{
    Stm32f4xxDacState *s = STM32F4XX_DAC(obj);
    DeviceState *dev = DEVICE(obj);

    memory_region_init_io(&s->mmio, obj, &stm32f4xx_dac_ops, s, TYPE_STM32F4XX_DAC,
                          STM32F4XX_DAC_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    for (int c = 0; c < 2; c++) {
        s->ch[c].dac = s;
        s->ch[c].index = c;
        qdev_init_gpio_out_named(dev, &s->ch[c].dma, "dma", 1);
        qdev_init_gpio_out_named(dev, &s->ch[c].out, "out", 1);
    }
    qdev_init_gpio_in_named(dev, dac_trigger_in, "trigger", STM32F4XX_DAC_NUM_TRIGGERS);
    s->clk = qdev_init_clock_in(dev, "clk", dac_clk_update, s, ClockUpdate);
    object_property_add(obj, "out1-mv", "uint32", dac_get_out_mv, NULL, NULL, NULL);
    object_property_add(obj, "out2-mv", "uint32", dac_get_out_mv, NULL, NULL, NULL);
}

static void stm32f4xx_dac_realize(DeviceState *dev, Error **errp)
{
    Stm32f4xxDacState *s = STM32F4XX_DAC(dev);

    if (s->vref_mv < 1800 || s->vref_mv > 3600) {
        error_setg(errp, "vref %" PRIu32 " mV out of range 1800..3600", s->vref_mv);
        return;
    }
    for (int c = 0; c < 2; c++) {
        s->ch[c].timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, dac_trigger_done, &s->ch[c]);
    }
}

static void stm32f4xx_dac_unrealize(DeviceState *dev)
{
    Stm32f4xxDacState *s = STM32F4XX_DAC(dev);

    for (int c = 0; c < 2; c++) {
        timer_free(s->ch[c].timer);
    }
}

static void stm32f4xx_dac_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "STM32F4xx DAC";
    dc->realize = stm32f4xx_dac_realize;
    dc->unrealize = stm32f4xx_dac_unrealize;
    dc->vmsd = &vmstate_stm32f4xx_dac;
    device_class_set_props(dc, stm32f4xx_dac_properties);
    rc->phases.hold = stm32f4xx_dac_reset_hold;
    rc->phases.exit = stm32f4xx_dac_reset_exit;
}

static const TypeInfo stm32f4xx_dac_types[] = {
    {
        .name          = TYPE_STM32F4XX_DAC,
        .parent        = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32f4xxDacState),
        .instance_init = stm32f4xx_dac_init,
        .class_init    = stm32f4xx_dac_class_init,
    },
};

DEFINE_TYPES(stm32f4xx_dac_types)
