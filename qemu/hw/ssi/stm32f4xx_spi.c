/*
 * STM32F4xx SPI controller (SPI1/2/3 of the STM32F405/407), master mode.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 *
 * The reference used is the STMicroelectronics RM0090 reference manual,
 * chapter "Serial peripheral interface (SPI)".
 *
 * Modelling choices:
 *
 * - Frames take their time on the wire: 8 or 16 bits at fPCLK / 2^(BR+1)
 *   of QEMU_CLOCK_VIRTUAL.  A frame written to DR by an enabled master moves
 *   to the shift register at once (TXE set again, BSY set); a second one
 *   waits in the transmit buffer (TXE=0) and follows back to back.  RXNE
 *   (or OVR) comes when a frame's time is over, BSY clears after the last.
 *   The data is exchanged with the slaves when the frame is written (while
 *   the guest's chip select is surely as it was for that frame); only the
 *   flags are delayed.  Flags are brought up to date lazily on each register
 *   access; a timer runs only while a frame is in flight and an interrupt
 *   or DMA request is enabled.  Data written while SPE=0 waits in the
 *   transmit buffer and is sent when SPE is set.  Each frame clocks the
 *   slaves exactly once (the stock stm32f2xx_spi runs a second transfer on
 *   every DR read).
 * - Slaves see MSB-first bytes: a 16-bit frame (DFF=1) is two 8-bit
 *   ssi_transfer() calls, high byte first, as the bits go on the wire; with
 *   LSBFIRST the frame is bit-reversed on the way out and in.  CPOL/CPHA
 *   and BR only matter on the wire: they are stored, not checked against
 *   the slave.
 * - MISO with no slave selected: every bit reads as the level of the MISO
 *   pin, given by the "miso" inputs (the SoC connects the pins that can
 *   carry MISO, in their SPI alternate function): all ones with a pull-up,
 *   0 with a pull-down or with no pin routed.  The same goes for a
 *   selected slave that leaves MISO high-impedance for a byte (input
 *   "miso-hiz", e.g. a sensor outside read data).
 * - Overrun: a frame received while RXNE is set is lost and sets OVR; OVR
 *   is cleared by a DR read followed by an SR read.
 * - Mode fault: with MSTR=1 and software slave management (SSM=1) the
 *   internal NSS is SSI; SSI=0 raises MODF and clears MSTR and SPE.  With
 *   SSM=0 the NSS pin is not modelled and counts as high (no fault).  MODF
 *   is cleared by an SR access followed by a CR1 write.  The fault is raised
 *   whatever SPE is (RM0090 leaves that open; silicon clears MSTR at once).
 * - Not modelled, logged as LOG_UNIMP: slave mode (no external master
 *   exists, so an enabled slave is a silent bus that never receives),
 *   receive-only masters (RXONLY, or BIDIMODE with BIDIOE=0, which clock
 *   continuously), TI frame format (FRF), hardware CRC (CRCEN) and I2S
 *   mode (I2SMOD).  CRCPR, I2SCFGR and I2SPR keep what is written.
 * - With the peripheral clock off (input clock at 0 Hz) writes are ignored
 *   (LOG_GUEST_ERROR) and reads return 0.
 */

#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "migration/vmstate.h"
#include "hw/ssi/stm32f4xx_spi.h"
#include "hw/clock.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/registerfields.h"
#include "trace.h"

REG32(CR1, 0x00)
    FIELD(CR1, CPHA, 0, 1)
    FIELD(CR1, CPOL, 1, 1)
    FIELD(CR1, MSTR, 2, 1)
    FIELD(CR1, BR, 3, 3)
    FIELD(CR1, SPE, 6, 1)
    FIELD(CR1, LSBFIRST, 7, 1)
    FIELD(CR1, SSI, 8, 1)
    FIELD(CR1, SSM, 9, 1)
    FIELD(CR1, RXONLY, 10, 1)
    FIELD(CR1, DFF, 11, 1)
    FIELD(CR1, CRCNEXT, 12, 1)
    FIELD(CR1, CRCEN, 13, 1)
    FIELD(CR1, BIDIOE, 14, 1)
    FIELD(CR1, BIDIMODE, 15, 1)
REG32(CR2, 0x04)
    FIELD(CR2, RXDMAEN, 0, 1)
    FIELD(CR2, TXDMAEN, 1, 1)
    FIELD(CR2, SSOE, 2, 1)
    FIELD(CR2, FRF, 4, 1)
    FIELD(CR2, ERRIE, 5, 1)
    FIELD(CR2, RXNEIE, 6, 1)
    FIELD(CR2, TXEIE, 7, 1)
REG32(SR, 0x08)
    FIELD(SR, RXNE, 0, 1)
    FIELD(SR, TXE, 1, 1)
    FIELD(SR, CHSIDE, 2, 1)
    FIELD(SR, UDR, 3, 1)
    FIELD(SR, CRCERR, 4, 1)
    FIELD(SR, MODF, 5, 1)
    FIELD(SR, OVR, 6, 1)
    FIELD(SR, BSY, 7, 1)
    FIELD(SR, FRE, 8, 1)
REG32(DR, 0x0C)
REG32(CRCPR, 0x10)
REG32(RXCRCR, 0x14)
REG32(TXCRCR, 0x18)
REG32(I2SCFGR, 0x1C)
    FIELD(I2SCFGR, I2SMOD, 11, 1)
REG32(I2SPR, 0x20)

#define CR1_MASK        0xFFFF
#define CR2_MASK        0x00F7
#define I2SCFGR_MASK    0x0FBF
#define I2SPR_MASK      0x03FF
#define SR_RESET        R_SR_TXE_MASK
#define CRCPR_RESET     0x0007
#define I2SPR_RESET     0x0002
/* Frequency assumed for an unconnected clock input: HSI */
#define SPI_DEFAULT_CLK_HZ 16000000
#define SR_ERR_MASK     (R_SR_OVR_MASK | R_SR_MODF_MASK | R_SR_CRCERR_MASK | \
                         R_SR_FRE_MASK | R_SR_UDR_MASK)

static bool spi_clock_enabled(Stm32f4xxSpiState *s)
{
    return !clock_has_source(s->clk) || clock_is_enabled(s->clk);
}

static void spi_update_irq(Stm32f4xxSpiState *s)
{
    bool level = ((s->sr & R_SR_TXE_MASK) && (s->cr2 & R_CR2_TXEIE_MASK)) ||
                 ((s->sr & R_SR_RXNE_MASK) && (s->cr2 & R_CR2_RXNEIE_MASK)) ||
                 ((s->sr & SR_ERR_MASK) && (s->cr2 & R_CR2_ERRIE_MASK));

    trace_stm32f4xx_spi_irq(s->id, level, s->sr);
    qemu_set_irq(s->irq, level);
    qemu_set_irq(s->dma_rx, (s->cr2 & R_CR2_RXDMAEN_MASK) && (s->sr & R_SR_RXNE_MASK));
    qemu_set_irq(s->dma_tx, (s->cr2 & R_CR2_TXDMAEN_MASK) && (s->sr & R_SR_TXE_MASK));
}

/* Receive-only master: the clock runs as long as SPE is set, not per frame. */
static bool spi_rx_only(Stm32f4xxSpiState *s)
{
    if (s->cr1 & R_CR1_BIDIMODE_MASK) {
        return !(s->cr1 & R_CR1_BIDIOE_MASK);
    }
    return s->cr1 & R_CR1_RXONLY_MASK;
}

/*
 * Does a slave drive MISO? A slave with its own CS handling (transfer_raw)
 * is assumed to.
 */
static bool spi_slave_selected(Stm32f4xxSpiState *s)
{
    BusChild *kid;

    QTAILQ_FOREACH(kid, &BUS(s->ssi)->children, sibling) {
        SSIPeripheral *p = SSI_PERIPHERAL(kid->child);
        SSIPeripheralClass *k = SSI_PERIPHERAL_GET_CLASS(p);

        if (k->cs_polarity == SSI_CS_NONE || !k->transfer ||
            (k->cs_polarity == SSI_CS_LOW && !p->cs) ||
            (k->cs_polarity == SSI_CS_HIGH && p->cs)) {
            return true;
        }
    }
    return false;
}

/* One byte through the slaves; MISO reads the pin level if nobody drives it */
static uint8_t spi_transfer_byte(Stm32f4xxSpiState *s, uint8_t tx)
{
    uint8_t rx;

    s->miso_hiz = false;
    rx = ssi_transfer(s->ssi, tx);
    if (s->miso_hiz) {
        rx = s->miso ? 0xFF : 0;
    }
    return rx;
}

/* One frame on the wire, MSB first as the slaves expect it. */
static uint32_t spi_transfer_frame(Stm32f4xxSpiState *s, uint32_t tx)
{
    bool dff = s->cr1 & R_CR1_DFF_MASK;
    bool lsbfirst = s->cr1 & R_CR1_LSBFIRST_MASK;
    bool driven = spi_slave_selected(s);
    uint32_t rx;

    if (lsbfirst) {
        tx = dff ? revbit16(tx) : revbit8(tx);
    }
    if (!driven) {
        rx = s->miso ? (dff ? 0xFFFF : 0xFF) : 0;
    } else if (dff) {
        rx = spi_transfer_byte(s, tx >> 8) << 8;
        rx |= spi_transfer_byte(s, tx);
    } else {
        rx = spi_transfer_byte(s, tx);
    }
    if (lsbfirst) {
        rx = dff ? revbit16(rx) : revbit8(rx);
    }
    trace_stm32f4xx_spi_transfer(s->id, tx, rx);
    return rx;
}

/* Time of one frame on the wire: 8 or 16 bits at fPCLK / 2^(BR + 1) */
static int64_t spi_frame_ns(Stm32f4xxSpiState *s)
{
    uint64_t ticks = ((s->cr1 & R_CR1_DFF_MASK) ? 16 : 8) <<
                     (FIELD_EX32(s->cr1, CR1, BR) + 1);

    if (clock_has_source(s->clk) && clock_get_hz(s->clk)) {
        return clock_ticks_to_ns(s->clk, ticks);
    }
    return muldiv64(ticks, NANOSECONDS_PER_SECOND, SPI_DEFAULT_CLK_HZ);
}

/* A frame's time is over: its word lands in DR, unless RXNE is still set */
static void spi_receive(Stm32f4xxSpiState *s, uint32_t rx)
{
    if (s->sr & R_SR_RXNE_MASK) {
        trace_stm32f4xx_spi_overrun(s->id, s->rx_dr, rx);
        s->sr |= R_SR_OVR_MASK;
        s->ovr_dr_read = false;
    } else {
        s->rx_dr = rx;
        s->sr |= R_SR_RXNE_MASK;
    }
}

static bool spi_master_active(Stm32f4xxSpiState *s)
{
    return (s->cr1 & R_CR1_SPE_MASK) && (s->cr1 & R_CR1_MSTR_MASK) &&
           !spi_rx_only(s) && spi_clock_enabled(s);
}

/*
 * The frame in the transmit buffer: exchange it with the slaves now, and
 * move it to the shift register if that is free (its time starts at @start).
 */
static void spi_try_transmit_at(Stm32f4xxSpiState *s, int64_t start)
{
    if ((s->sr & R_SR_TXE_MASK) || !spi_master_active(s)) {
        return;
    }
    if (!s->tx_exchanged) {
        s->tx_rx = spi_transfer_frame(s, s->tx_dr);
        s->tx_exchanged = true;
    }
    if (!s->busy) {
        s->shift_rx = s->tx_rx;
        s->tx_exchanged = false;
        s->sr |= R_SR_TXE_MASK | R_SR_BSY_MASK;
        s->busy = true;
        s->frame_end_ns = start + spi_frame_ns(s);
    }
}

static void spi_try_transmit(Stm32f4xxSpiState *s)
{
    spi_try_transmit_at(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
}

/* Finish the frames whose time is over, start the next ones back to back */
static void spi_sync(Stm32f4xxSpiState *s)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    while (s->busy && now >= s->frame_end_ns) {
        s->busy = false;
        s->sr &= ~R_SR_BSY_MASK;
        spi_receive(s, s->shift_rx);
        spi_try_transmit_at(s, s->frame_end_ns);
    }
}

/* The timer is needed only to raise an interrupt or DMA request on time */
static void spi_arm_timer(Stm32f4xxSpiState *s)
{
    if (s->busy && (s->cr2 & (R_CR2_RXNEIE_MASK | R_CR2_TXEIE_MASK | R_CR2_ERRIE_MASK |
                              R_CR2_RXDMAEN_MASK | R_CR2_TXDMAEN_MASK))) {
        timer_mod(s->frame_timer, s->frame_end_ns);
    } else {
        timer_del(s->frame_timer);
    }
}

static void spi_frame_timeout(void *opaque)
{
    Stm32f4xxSpiState *s = opaque;

    spi_sync(s);
    spi_update_irq(s);
    spi_arm_timer(s);
}

/* Master with NSS low (software management, SSI=0): mode fault. */
static void spi_check_mode_fault(Stm32f4xxSpiState *s)
{
    if ((s->cr1 & R_CR1_MSTR_MASK) && (s->cr1 & R_CR1_SSM_MASK) &&
        !(s->cr1 & R_CR1_SSI_MASK)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: master with SSM=1 and SSI=0: mode fault "
                      "(MSTR and SPE cleared)\n", __func__, s->id);
        s->cr1 &= ~(R_CR1_MSTR_MASK | R_CR1_SPE_MASK);
        s->sr |= R_SR_MODF_MASK;
        s->modf_sr_read = false;
    }
}

static void spi_write_cr1(Stm32f4xxSpiState *s, uint32_t value)
{
    uint32_t old = s->cr1;

    value &= CR1_MASK;
    if ((old & R_CR1_SPE_MASK) && ((old ^ value) & R_CR1_DFF_MASK)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: DFF changed while SPE=1\n", __func__, s->id);
    }
    /* MODF clear sequence: SR access with MODF set, then a CR1 write */
    if ((s->sr & R_SR_MODF_MASK) && s->modf_sr_read) {
        s->sr &= ~R_SR_MODF_MASK;
        s->modf_sr_read = false;
    }
    /* While MODF is set, SPE and MSTR cannot be set (RM0090 "Mode fault") */
    if (s->sr & R_SR_MODF_MASK) {
        if (value & (R_CR1_SPE_MASK | R_CR1_MSTR_MASK)) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: SPE/MSTR set while MODF is set: "
                          "ignored\n", __func__, s->id);
        }
        value &= ~(R_CR1_SPE_MASK | R_CR1_MSTR_MASK);
    }
    s->cr1 = value;
    spi_check_mode_fault(s);

    if ((value & R_CR1_CRCEN_MASK) && !(old & R_CR1_CRCEN_MASK)) {
        qemu_log_mask(LOG_UNIMP, "%s: %s: hardware CRC (CRCEN) not implemented\n",
                      __func__, s->id);
    }
    if ((s->cr1 & R_CR1_SPE_MASK) && !(old & R_CR1_SPE_MASK)) {
        if (!(s->cr1 & R_CR1_MSTR_MASK)) {
            qemu_log_mask(LOG_UNIMP, "%s: %s: slave mode not implemented: no external "
                          "master, the bus stays silent\n", __func__, s->id);
        } else if (spi_rx_only(s)) {
            qemu_log_mask(LOG_UNIMP, "%s: %s: receive-only master (RXONLY or BIDIMODE "
                          "receive) not implemented\n", __func__, s->id);
        }
    }
    spi_try_transmit(s);
}

static void spi_write_cr2(Stm32f4xxSpiState *s, uint32_t value)
{
    value &= CR2_MASK;
    if ((value & R_CR2_FRF_MASK) && !(s->cr2 & R_CR2_FRF_MASK)) {
        qemu_log_mask(LOG_UNIMP, "%s: %s: TI frame format (FRF) not implemented\n",
                      __func__, s->id);
    }
    s->cr2 = value;
}

static uint32_t spi_dr_mask(Stm32f4xxSpiState *s)
{
    return (s->cr1 & R_CR1_DFF_MASK) ? 0xFFFF : 0xFF;
}

/* Register value without side effects */
static uint32_t spi_peek(Stm32f4xxSpiState *s, hwaddr reg)
{
    switch (reg) {
    case A_CR1:
        return s->cr1;
    case A_CR2:
        return s->cr2;
    case A_SR:
        return s->sr;
    case A_DR:
        return s->rx_dr;
    case A_CRCPR:
        return s->crcpr;
    case A_RXCRCR:
    case A_TXCRCR:
        return 0;       /* CRC not implemented */
    case A_I2SCFGR:
        return s->i2scfgr;
    case A_I2SPR:
        return s->i2spr;
    default:
        return 0;
    }
}

static uint32_t spi_read_reg(Stm32f4xxSpiState *s, hwaddr reg)
{
    uint32_t value = spi_peek(s, reg);

    switch (reg) {
    case A_SR:
        if ((s->sr & R_SR_OVR_MASK) && s->ovr_dr_read) {
            s->sr &= ~R_SR_OVR_MASK;
            s->ovr_dr_read = false;
            spi_update_irq(s);
        }
        if (s->sr & R_SR_MODF_MASK) {
            s->modf_sr_read = true;
        }
        break;
    case A_DR:
        s->sr &= ~R_SR_RXNE_MASK;
        if (s->sr & R_SR_OVR_MASK) {
            s->ovr_dr_read = true;
        }
        spi_update_irq(s);
        break;
    }
    return value;
}

static void spi_write_reg(Stm32f4xxSpiState *s, hwaddr reg, uint32_t value)
{
    switch (reg) {
    case A_CR1:
        spi_write_cr1(s, value);
        break;
    case A_CR2:
        spi_write_cr2(s, value);
        break;
    case A_SR:
        /* CRCERR is rc_w0; every other bit is read-only */
        if (!(value & R_SR_CRCERR_MASK)) {
            s->sr &= ~R_SR_CRCERR_MASK;
        }
        if (s->sr & R_SR_MODF_MASK) {
            s->modf_sr_read = true;
        }
        break;
    case A_DR:
        if (!(s->sr & R_SR_TXE_MASK)) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: DR written while TXE=0: frame 0x%04"
                          PRIx32 " overwritten\n", __func__, s->id, s->tx_dr);
        }
        s->tx_dr = value & spi_dr_mask(s);
        s->tx_exchanged = false;
        s->sr &= ~R_SR_TXE_MASK;
        spi_try_transmit(s);
        break;
    case A_CRCPR:
        s->crcpr = value & 0xFFFF;
        break;
    case A_RXCRCR:
    case A_TXCRCR:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: write to read-only CRC register 0x%"
                      HWADDR_PRIx "\n", __func__, s->id, reg);
        break;
    case A_I2SCFGR:
        if (value & R_I2SCFGR_I2SMOD_MASK) {
            qemu_log_mask(LOG_UNIMP, "%s: %s: I2S mode not implemented\n",
                          __func__, s->id);
        }
        s->i2scfgr = value & I2SCFGR_MASK;
        break;
    case A_I2SPR:
        s->i2spr = value & I2SPR_MASK;
        break;
    }
    spi_update_irq(s);
}

static uint64_t stm32f4xx_spi_read(void *opaque, hwaddr addr, unsigned int size)
{
    Stm32f4xxSpiState *s = opaque;
    hwaddr reg = addr & ~3ULL;
    uint32_t value;

    if (reg > A_I2SPR) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: bad offset 0x%" HWADDR_PRIx "\n",
                      __func__, s->id, addr);
        value = 0;
    } else if (!spi_clock_enabled(s)) {
        value = 0;
    } else if (addr & 3) {
        /* Bits 31:16 are reserved; a narrow read there has no side effect */
        value = spi_peek(s, reg) >> ((addr & 3) * 8);
    } else {
        spi_sync(s);
        value = spi_read_reg(s, reg);
        spi_update_irq(s);
        spi_arm_timer(s);
    }
    trace_stm32f4xx_spi_read(s->id, addr, size, value);
    return value;
}

static void stm32f4xx_spi_write(void *opaque, hwaddr addr, uint64_t val64,
                                unsigned int size)
{
    Stm32f4xxSpiState *s = opaque;
    hwaddr reg = addr & ~3ULL;
    uint32_t value = val64;

    trace_stm32f4xx_spi_write(s->id, addr, size, value);
    if (reg > A_I2SPR) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: bad offset 0x%" HWADDR_PRIx "\n",
                      __func__, s->id, addr);
        return;
    }
    if (addr & 3) {
        if (addr & 2) {
            /* Bits 31:16 are reserved */
            return;
        }
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: %u-byte write at offset 0x%" HWADDR_PRIx
                      " is not a register access, ignored\n", __func__, s->id, size, addr);
        return;
    }
    if (!spi_clock_enabled(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: write to offset 0x%" HWADDR_PRIx
                      " ignored: peripheral clock disabled in the RCC\n", __func__,
                      s->id, addr);
        return;
    }
    if (size == 1 && reg != A_DR) {
        /* A byte write keeps bits 15:8 (a byte write to DR is an 8-bit frame) */
        value = (spi_peek(s, reg) & ~0xFFu) | (value & 0xFF);
    }
    spi_sync(s);
    spi_write_reg(s, reg, value);
    spi_arm_timer(s);
}

static const MemoryRegionOps stm32f4xx_spi_ops = {
    .read = stm32f4xx_spi_read,
    .write = stm32f4xx_spi_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 1,
        .max_access_size = 4,
    },
    .impl = {
        .min_access_size = 1,
        .max_access_size = 4,
    },
};

/* Level of a pin routed to MISO (input "miso" n) */
static void spi_set_miso(void *opaque, int n, int level)
{
    Stm32f4xxSpiState *s = opaque;

    s->miso = deposit32(s->miso, n, 1, !!level);
}

static void spi_set_miso_hiz(void *opaque, int n, int level)
{
    Stm32f4xxSpiState *s = opaque;

    s->miso_hiz = level;
}

static void spi_clk_update(void *opaque, ClockEvent event)
{
    Stm32f4xxSpiState *s = opaque;

    if (!DEVICE(s)->realized) {
        return;
    }
    trace_stm32f4xx_spi_clock(s->id, clock_get_hz(s->clk));
    /* A frame written before the clock stopped goes out when it restarts */
    spi_sync(s);
    spi_try_transmit(s);
    spi_update_irq(s);
    spi_arm_timer(s);
}

static void stm32f4xx_spi_reset_hold(Object *obj, ResetType type)
{
    Stm32f4xxSpiState *s = STM32F4XX_SPI(obj);

    s->cr1 = 0;
    s->cr2 = 0;
    s->sr = SR_RESET;
    s->rx_dr = 0;
    s->tx_dr = 0;
    s->crcpr = CRCPR_RESET;
    s->i2scfgr = 0;
    s->i2spr = I2SPR_RESET;
    s->ovr_dr_read = false;
    s->modf_sr_read = false;
    s->busy = false;
    s->tx_exchanged = false;
    s->frame_end_ns = 0;
    s->shift_rx = 0;
    s->tx_rx = 0;
    timer_del(s->frame_timer);
}

static void stm32f4xx_spi_reset_exit(Object *obj, ResetType type)
{
    spi_update_irq(STM32F4XX_SPI(obj));
}

static const VMStateDescription vmstate_stm32f4xx_spi = {
    .name = TYPE_STM32F4XX_SPI,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(cr1, Stm32f4xxSpiState),
        VMSTATE_UINT32(cr2, Stm32f4xxSpiState),
        VMSTATE_UINT32(sr, Stm32f4xxSpiState),
        VMSTATE_UINT32(rx_dr, Stm32f4xxSpiState),
        VMSTATE_UINT32(tx_dr, Stm32f4xxSpiState),
        VMSTATE_UINT32(crcpr, Stm32f4xxSpiState),
        VMSTATE_UINT32(i2scfgr, Stm32f4xxSpiState),
        VMSTATE_UINT32(i2spr, Stm32f4xxSpiState),
        VMSTATE_BOOL(ovr_dr_read, Stm32f4xxSpiState),
        VMSTATE_BOOL(modf_sr_read, Stm32f4xxSpiState),
        VMSTATE_UINT32(miso, Stm32f4xxSpiState),
        VMSTATE_BOOL(busy, Stm32f4xxSpiState),
        VMSTATE_INT64(frame_end_ns, Stm32f4xxSpiState),
        VMSTATE_UINT32(shift_rx, Stm32f4xxSpiState),
        VMSTATE_BOOL(tx_exchanged, Stm32f4xxSpiState),
        VMSTATE_UINT32(tx_rx, Stm32f4xxSpiState),
        VMSTATE_TIMER_PTR(frame_timer, Stm32f4xxSpiState),
        VMSTATE_CLOCK(clk, Stm32f4xxSpiState),
        VMSTATE_END_OF_LIST()
    }
};

static void stm32f4xx_spi_init(Object *obj)
{
    Stm32f4xxSpiState *s = STM32F4XX_SPI(obj);

    memory_region_init_io(&s->mmio, obj, &stm32f4xx_spi_ops, s, TYPE_STM32F4XX_SPI,
                          STM32F4XX_SPI_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    qdev_init_gpio_out_named(DEVICE(obj), &s->dma_rx, "dma-rx", 1);
    qdev_init_gpio_out_named(DEVICE(obj), &s->dma_tx, "dma-tx", 1);
    qdev_init_gpio_in_named(DEVICE(obj), spi_set_miso, "miso", STM32F4XX_SPI_MISO_LINES);
    qdev_init_gpio_in_named(DEVICE(obj), spi_set_miso_hiz, "miso-hiz", 1);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", spi_clk_update, s, ClockUpdate);
}

static void stm32f4xx_spi_realize(DeviceState *dev, Error **errp)
{
    Stm32f4xxSpiState *s = STM32F4XX_SPI(dev);
    const char *name = object_get_canonical_path_component(OBJECT(dev));

    s->id = g_strdup(name ? name : TYPE_STM32F4XX_SPI);
    /* Bus named after the controller, e.g. -device ...,bus=spi1 */
    s->ssi = ssi_create_bus(dev, s->id);
    s->frame_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, spi_frame_timeout, s);
}

static void stm32f4xx_spi_unrealize(DeviceState *dev)
{
    Stm32f4xxSpiState *s = STM32F4XX_SPI(dev);

    timer_free(s->frame_timer);
    g_free(s->id);
    s->id = NULL;
}

static void stm32f4xx_spi_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "STM32F4xx SPI controller";
    dc->realize = stm32f4xx_spi_realize;
    dc->unrealize = stm32f4xx_spi_unrealize;
    dc->vmsd = &vmstate_stm32f4xx_spi;
    rc->phases.hold = stm32f4xx_spi_reset_hold;
    rc->phases.exit = stm32f4xx_spi_reset_exit;
}

static const TypeInfo stm32f4xx_spi_types[] = {
    {
        .name          = TYPE_STM32F4XX_SPI,
        .parent        = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32f4xxSpiState),
        .instance_init = stm32f4xx_spi_init,
        .class_init    = stm32f4xx_spi_class_init,
    },
};

DEFINE_TYPES(stm32f4xx_spi_types)
