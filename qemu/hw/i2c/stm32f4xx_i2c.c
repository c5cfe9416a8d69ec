/*
 * STM32F4xx I2C controller (I2C1/2/3 of the STM32F405/407), master mode.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 *
 * The reference used is the STMicroelectronics RM0090 reference manual,
 * chapter "Inter-integrated circuit (I2C) interface", master mode event
 * sequences EV5..EV8 (transmitter) and EV5..EV7 (receiver).
 *
 * Modelling choices:
 *
 * - Bus conditions and bytes take no virtual time: START sets SB at once,
 *   the address byte written to DR is sent (i2c_start_transfer) and gives
 *   ADDR, or AF if no slave answers; each data byte written to DR goes to
 *   the slave at once, leaving TXE and BTF set (NACK: AF).  CCR, TRISE and
 *   CR2.FREQ are stored but set no timing.
 * - Receiver: after ADDR is cleared (SR1 then SR2 read) the controller
 *   fills DR (RXNE) and then the shift register (BTF) from the slave, and
 *   refills as DR is read, as the real clock stretching does.  A byte is
 *   ACKed or NACKed after CR1.ACK at the moment it is received; after a
 *   NACK, or once STOP is requested, no further byte is read from the
 *   slave.  POS only changes which byte ACK applies to on silicon: with
 *   instant transfers it is stored and has no further effect.
 * - STOP or a repeated START ends the transfer (i2c_end_transfer) at once.
 * - Flags are cleared by the RM0090 sequences: SB by an SR1 read then a DR
 *   write, ADDR by an SR1 read then an SR2 read, BTF by an SR1 read then a
 *   DR access (or START/STOP); AF, ARLO, BERR, OVR are write-0-to-clear.
 *   ARLO, BERR and OVR are never set (single master, no bus errors, no
 *   slave mode).
 * - Not modelled, logged as LOG_UNIMP: slave mode (OAR1/OAR2 are stored, no
 *   other master exists to address us), 10-bit addressing, SMBus, PEC.
 * - With the peripheral clock off writes are ignored (LOG_GUEST_ERROR) and
 *   reads return 0.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "migration/vmstate.h"
#include "hw/i2c/stm32f4xx_i2c.h"
#include "hw/clock.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/registerfields.h"
#include "trace.h"

REG32(CR1, 0x00)
    FIELD(CR1, PE, 0, 1)
    FIELD(CR1, SMBUS, 1, 1)
    FIELD(CR1, SMBTYPE, 3, 1)
    FIELD(CR1, ENARP, 4, 1)
    FIELD(CR1, ENPEC, 5, 1)
    FIELD(CR1, ENGC, 6, 1)
    FIELD(CR1, NOSTRETCH, 7, 1)
    FIELD(CR1, START, 8, 1)
    FIELD(CR1, STOP, 9, 1)
    FIELD(CR1, ACK, 10, 1)
    FIELD(CR1, POS, 11, 1)
    FIELD(CR1, PEC, 12, 1)
    FIELD(CR1, ALERT, 13, 1)
    FIELD(CR1, SWRST, 15, 1)
REG32(CR2, 0x04)
    FIELD(CR2, FREQ, 0, 6)
    FIELD(CR2, ITERREN, 8, 1)
    FIELD(CR2, ITEVTEN, 9, 1)
    FIELD(CR2, ITBUFEN, 10, 1)
    FIELD(CR2, DMAEN, 11, 1)
    FIELD(CR2, LAST, 12, 1)
REG32(OAR1, 0x08)
REG32(OAR2, 0x0C)
REG32(DR, 0x10)
REG32(SR1, 0x14)
    FIELD(SR1, SB, 0, 1)
    FIELD(SR1, ADDR, 1, 1)
    FIELD(SR1, BTF, 2, 1)
    FIELD(SR1, ADD10, 3, 1)
    FIELD(SR1, STOPF, 4, 1)
    FIELD(SR1, RXNE, 6, 1)
    FIELD(SR1, TXE, 7, 1)
    FIELD(SR1, BERR, 8, 1)
    FIELD(SR1, ARLO, 9, 1)
    FIELD(SR1, AF, 10, 1)
    FIELD(SR1, OVR, 11, 1)
    FIELD(SR1, PECERR, 12, 1)
    FIELD(SR1, TIMEOUT, 14, 1)
    FIELD(SR1, SMBALERT, 15, 1)
REG32(SR2, 0x18)
    FIELD(SR2, MSL, 0, 1)
    FIELD(SR2, BUSY, 1, 1)
    FIELD(SR2, TRA, 2, 1)
REG32(CCR, 0x1C)
REG32(TRISE, 0x20)

#define CR1_MASK        0xBFFB
#define CR2_MASK        0x1F3F
#define OAR1_MASK       0xC3FF      /* bit 14: "must be kept at 1 by software" */
#define OAR2_MASK       0x00FF
#define CCR_MASK        0xCFFF
#define TRISE_MASK      0x003F
#define TRISE_RESET     0x0002
#define SR1_W0C_MASK    (R_SR1_BERR_MASK | R_SR1_ARLO_MASK | R_SR1_AF_MASK | \
                         R_SR1_OVR_MASK | R_SR1_PECERR_MASK | R_SR1_TIMEOUT_MASK | \
                         R_SR1_SMBALERT_MASK)
#define SR1_EV_MASK     (R_SR1_SB_MASK | R_SR1_ADDR_MASK | R_SR1_ADD10_MASK | \
                         R_SR1_STOPF_MASK | R_SR1_BTF_MASK)
#define SR1_BUF_MASK    (R_SR1_TXE_MASK | R_SR1_RXNE_MASK)
#define CR1_UNIMP_MASK  (R_CR1_SMBUS_MASK | R_CR1_ENARP_MASK | R_CR1_ENPEC_MASK | \
                         R_CR1_PEC_MASK | R_CR1_ALERT_MASK)

static bool i2c_clock_enabled(Stm32f4xxI2cState *s)
{
    return !clock_has_source(s->clk) || clock_is_enabled(s->clk);
}

static void i2c_update_irq(Stm32f4xxI2cState *s)
{
    bool ev = (s->cr2 & R_CR2_ITEVTEN_MASK) &&
              ((s->sr1 & SR1_EV_MASK) ||
               ((s->cr2 & R_CR2_ITBUFEN_MASK) && (s->sr1 & SR1_BUF_MASK)));
    bool er = (s->cr2 & R_CR2_ITERREN_MASK) && (s->sr1 & SR1_W0C_MASK);
    bool dma = s->cr2 & R_CR2_DMAEN_MASK;

    trace_stm32f4xx_i2c_irq(s->id, ev, er, s->sr1);
    qemu_set_irq(s->ev_irq, ev);
    qemu_set_irq(s->er_irq, er);
    qemu_set_irq(s->dma_rx, dma && (s->sr1 & R_SR1_RXNE_MASK));
    qemu_set_irq(s->dma_tx, dma && (s->sr1 & R_SR1_TXE_MASK));
}

/* End of the transfer on the bus (STOP, repeated START, PE cleared, reset) */
static void i2c_end(Stm32f4xxI2cState *s)
{
    if (s->bus_active) {
        i2c_end_transfer(s->bus);
        s->bus_active = false;
    }
    s->receiving = false;
}

/* Master receiver: bytes from the slave while DR or the shift register has room */
static void i2c_rx_fill(Stm32f4xxI2cState *s)
{
    while (s->receiving && !s->rx_nacked && !s->shift_full) {
        uint8_t byte = i2c_recv(s->bus);

        s->rx_nacked = !(s->cr1 & R_CR1_ACK_MASK);
        trace_stm32f4xx_i2c_recv(s->id, byte, !s->rx_nacked);
        if (!(s->sr1 & R_SR1_RXNE_MASK)) {
            s->dr = byte;
            s->sr1 |= R_SR1_RXNE_MASK;
        } else {
            s->shift = byte;
            s->shift_full = true;
            s->sr1 |= R_SR1_BTF_MASK;
        }
    }
}

static void i2c_stop(Stm32f4xxI2cState *s)
{
    trace_stm32f4xx_i2c_stop(s->id);
    i2c_end(s);
    s->cr1 &= ~R_CR1_STOP_MASK;
    s->sr1 &= ~(R_SR1_SB_MASK | R_SR1_ADDR_MASK | R_SR1_TXE_MASK);
    if (!s->shift_full) {
        s->sr1 &= ~R_SR1_BTF_MASK;
    }
    s->sr2 &= ~(R_SR2_MSL_MASK | R_SR2_BUSY_MASK | R_SR2_TRA_MASK);
}

static void i2c_start(Stm32f4xxI2cState *s)
{
    trace_stm32f4xx_i2c_start(s->id, !!(s->sr2 & R_SR2_MSL_MASK));
    /* A repeated start ends the current transfer; the next address starts a new one */
    s->receiving = false;
    s->cr1 &= ~R_CR1_START_MASK;
    s->sr1 &= ~(R_SR1_ADDR_MASK | R_SR1_BTF_MASK | R_SR1_TXE_MASK);
    s->sr1 |= R_SR1_SB_MASK;
    s->sr2 |= R_SR2_MSL_MASK | R_SR2_BUSY_MASK;
    s->sr2 &= ~R_SR2_TRA_MASK;
    s->sr1_read = false;
}

/* DR written after SB: the address byte (EV5 -> EV6) */
static void i2c_send_address(Stm32f4xxI2cState *s, uint8_t byte)
{
    bool recv = byte & 1;

    s->sr1 &= ~R_SR1_SB_MASK;
    if ((byte & 0xF8) == 0xF0) {
        qemu_log_mask(LOG_UNIMP, "%s: %s: 10-bit addressing not implemented\n",
                      __func__, s->id);
        s->sr1 |= R_SR1_AF_MASK;
        return;
    }
    /*
     * QEMU's bus takes a start during a transfer as a repeated start to the
     * same slave: a repeated start to another address ends the transfer first.
     */
    if (s->bus_active && s->bus_addr != byte >> 1) {
        i2c_end(s);
    }
    if (i2c_start_transfer(s->bus, byte >> 1, recv)) {
        trace_stm32f4xx_i2c_address(s->id, byte >> 1, recv, false);
        /* A refused repeated start leaves the bus in the old transfer */
        i2c_end(s);
        s->sr1 |= R_SR1_AF_MASK;
        return;
    }
    trace_stm32f4xx_i2c_address(s->id, byte >> 1, recv, true);
    s->bus_active = true;
    s->bus_addr = byte >> 1;
    s->sr1 |= R_SR1_ADDR_MASK;
    s->sr2 = recv ? s->sr2 & ~R_SR2_TRA_MASK : s->sr2 | R_SR2_TRA_MASK;
    s->rx_nacked = false;
    s->shift_full = false;
}

static void i2c_write_dr(Stm32f4xxI2cState *s, uint8_t byte)
{
    bool seq = s->sr1_read;

    s->sr1_read = false;
    if ((s->sr1 & R_SR1_SB_MASK) && seq) {
        i2c_send_address(s, byte);
        return;
    }
    if (!(s->sr2 & R_SR2_MSL_MASK) || !(s->sr2 & R_SR2_TRA_MASK) ||
        (s->sr1 & (R_SR1_SB_MASK | R_SR1_ADDR_MASK | R_SR1_AF_MASK))) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: DR write 0x%02x outside a master "
                      "transmitter data phase: ignored\n", __func__, s->id, byte);
        return;
    }
    s->sr1 &= ~(R_SR1_TXE_MASK | R_SR1_BTF_MASK);
    if (i2c_send(s->bus, byte)) {
        trace_stm32f4xx_i2c_send(s->id, byte, false);
        s->sr1 |= R_SR1_AF_MASK;
        return;
    }
    trace_stm32f4xx_i2c_send(s->id, byte, true);
    /* Sent at once: the buffer and the shift register are empty again */
    s->sr1 |= R_SR1_TXE_MASK | R_SR1_BTF_MASK;
}

static uint8_t i2c_read_dr(Stm32f4xxI2cState *s)
{
    uint8_t value = s->dr;

    s->sr1_read = false;
    if (s->shift_full) {
        s->dr = s->shift;
        s->shift_full = false;
        s->sr1 &= ~R_SR1_BTF_MASK;
    } else {
        s->sr1 &= ~(R_SR1_RXNE_MASK | R_SR1_BTF_MASK);
    }
    i2c_rx_fill(s);
    return value;
}

static uint32_t i2c_read_sr2(Stm32f4xxI2cState *s)
{
    uint32_t value = s->sr2;

    if ((s->sr1 & R_SR1_ADDR_MASK) && s->sr1_read) {
        /* EV6 done: data phase */
        s->sr1 &= ~R_SR1_ADDR_MASK;
        if (s->sr2 & R_SR2_TRA_MASK) {
            s->sr1 |= R_SR1_TXE_MASK;
        } else {
            s->receiving = true;
            i2c_rx_fill(s);
        }
    }
    s->sr1_read = false;
    return value;
}

static void i2c_soft_reset(Stm32f4xxI2cState *s)
{
    i2c_end(s);
    s->cr1 &= R_CR1_SWRST_MASK;
    s->cr2 = 0;
    s->oar1 = 0;
    s->oar2 = 0;
    s->sr1 = 0;
    s->sr2 = 0;
    s->ccr = 0;
    s->trise = TRISE_RESET;
    s->dr = 0;
    s->shift = 0;
    s->shift_full = false;
    s->rx_nacked = false;
    s->sr1_read = false;
}

static void i2c_write_cr1(Stm32f4xxI2cState *s, uint32_t value)
{
    uint32_t old = s->cr1;

    value &= CR1_MASK;
    if (value & R_CR1_SWRST_MASK) {
        /* Held in reset while SWRST is set */
        s->cr1 = R_CR1_SWRST_MASK;
        i2c_soft_reset(s);
        return;
    }
    if ((value & CR1_UNIMP_MASK) & ~old) {
        qemu_log_mask(LOG_UNIMP, "%s: %s: SMBus/PEC features (CR1 0x%04x) not "
                      "implemented\n", __func__, s->id, value & CR1_UNIMP_MASK);
    }
    s->cr1 = value;
    if (!(value & R_CR1_PE_MASK)) {
        if (old & R_CR1_PE_MASK) {
            /* Disabled: the transfer ends, the status flags go */
            i2c_end(s);
            s->sr1 = 0;
            s->sr2 = 0;
            s->shift_full = false;
            s->sr1_read = false;
        }
        if (value & (R_CR1_START_MASK | R_CR1_STOP_MASK)) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: START/STOP with PE=0 ignored\n",
                          __func__, s->id);
            s->cr1 &= ~(R_CR1_START_MASK | R_CR1_STOP_MASK);
        }
        return;
    }
    if (value & R_CR1_STOP_MASK) {
        if (s->sr2 & R_SR2_MSL_MASK) {
            i2c_stop(s);
        } else {
            s->cr1 &= ~R_CR1_STOP_MASK;
        }
    }
    if (value & R_CR1_START_MASK) {
        i2c_start(s);
    }
}

static uint32_t i2c_peek(Stm32f4xxI2cState *s, hwaddr reg)
{
    switch (reg) {
    case A_CR1:
        return s->cr1;
    case A_CR2:
        return s->cr2;
    case A_OAR1:
        return s->oar1;
    case A_OAR2:
        return s->oar2;
    case A_DR:
        return s->dr;
    case A_SR1:
        return s->sr1;
    case A_SR2:
        return s->sr2;
    case A_CCR:
        return s->ccr;
    case A_TRISE:
        return s->trise;
    default:
        return 0;
    }
}

static uint64_t stm32f4xx_i2c_read(void *opaque, hwaddr addr, unsigned int size)
{
    Stm32f4xxI2cState *s = opaque;
    hwaddr reg = addr & ~3ULL;
    uint32_t value;

    if (reg > A_TRISE) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: bad offset 0x%" HWADDR_PRIx "\n",
                      __func__, s->id, addr);
        value = 0;
    } else if (!i2c_clock_enabled(s)) {
        value = 0;
    } else if (addr & 3) {
        value = i2c_peek(s, reg) >> ((addr & 3) * 8);
    } else {
        switch (reg) {
        case A_DR:
            value = i2c_read_dr(s);
            break;
        case A_SR1:
            value = s->sr1;
            s->sr1_read = true;
            break;
        case A_SR2:
            value = i2c_read_sr2(s);
            break;
        default:
            value = i2c_peek(s, reg);
            break;
        }
        i2c_update_irq(s);
    }
    trace_stm32f4xx_i2c_read(s->id, addr, size, value);
    return value;
}

static void stm32f4xx_i2c_write(void *opaque, hwaddr addr, uint64_t val64,
                                unsigned int size)
{
    Stm32f4xxI2cState *s = opaque;
    hwaddr reg = addr & ~3ULL;
    uint32_t value = val64;

    trace_stm32f4xx_i2c_write(s->id, addr, size, value);
    if (reg > A_TRISE) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: bad offset 0x%" HWADDR_PRIx "\n",
                      __func__, s->id, addr);
        return;
    }
    if (addr & 3) {
        if (!(addr & 2)) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: %u-byte write at offset 0x%"
                          HWADDR_PRIx " is not a register access, ignored\n",
                          __func__, s->id, size, addr);
        }
        return;
    }
    if (!i2c_clock_enabled(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: write to offset 0x%" HWADDR_PRIx
                      " ignored: peripheral clock disabled in the RCC\n", __func__,
                      s->id, addr);
        return;
    }
    if (size == 1 && reg != A_DR) {
        value = (i2c_peek(s, reg) & ~0xFFu) | (value & 0xFF);
    }
    if ((s->cr1 & R_CR1_SWRST_MASK) && reg != A_CR1) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: write while SWRST is set ignored\n",
                      __func__, s->id);
        return;
    }

    switch (reg) {
    case A_CR1:
        i2c_write_cr1(s, value);
        break;
    case A_CR2:
        s->cr2 = value & CR2_MASK;
        break;
    case A_OAR1:
        s->oar1 = value & OAR1_MASK;
        break;
    case A_OAR2:
        s->oar2 = value & OAR2_MASK;
        break;
    case A_DR:
        i2c_write_dr(s, value);
        break;
    case A_SR1:
        /* Error flags are write-0-to-clear, the others read-only */
        s->sr1 &= value | ~SR1_W0C_MASK;
        break;
    case A_SR2:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: SR2 is read-only\n", __func__, s->id);
        break;
    case A_CCR:
    case A_TRISE:
        if (s->cr1 & R_CR1_PE_MASK) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: %s: %s written with PE=1\n", __func__,
                          s->id, reg == A_CCR ? "CCR" : "TRISE");
        }
        if (reg == A_CCR) {
            s->ccr = value & CCR_MASK;
        } else {
            s->trise = value & TRISE_MASK;
        }
        break;
    }
    i2c_update_irq(s);
}

static const MemoryRegionOps stm32f4xx_i2c_ops = {
    .read = stm32f4xx_i2c_read,
    .write = stm32f4xx_i2c_write,
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

static void i2c_clk_update(void *opaque, ClockEvent event)
{
    Stm32f4xxI2cState *s = opaque;

    if (DEVICE(s)->realized) {
        trace_stm32f4xx_i2c_clock(s->id, clock_get_hz(s->clk));
    }
}

static void stm32f4xx_i2c_reset_hold(Object *obj, ResetType type)
{
    Stm32f4xxI2cState *s = STM32F4XX_I2C(obj);

    s->cr1 = 0;
    i2c_soft_reset(s);
}

static void stm32f4xx_i2c_reset_exit(Object *obj, ResetType type)
{
    i2c_update_irq(STM32F4XX_I2C(obj));
}

static const VMStateDescription vmstate_stm32f4xx_i2c = {
    .name = TYPE_STM32F4XX_I2C,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(cr1, Stm32f4xxI2cState),
        VMSTATE_UINT32(cr2, Stm32f4xxI2cState),
        VMSTATE_UINT32(oar1, Stm32f4xxI2cState),
        VMSTATE_UINT32(oar2, Stm32f4xxI2cState),
        VMSTATE_UINT32(sr1, Stm32f4xxI2cState),
        VMSTATE_UINT32(sr2, Stm32f4xxI2cState),
        VMSTATE_UINT32(ccr, Stm32f4xxI2cState),
        VMSTATE_UINT32(trise, Stm32f4xxI2cState),
        VMSTATE_UINT8(dr, Stm32f4xxI2cState),
        VMSTATE_BOOL(bus_active, Stm32f4xxI2cState),
        VMSTATE_UINT8(bus_addr, Stm32f4xxI2cState),
        VMSTATE_BOOL(receiving, Stm32f4xxI2cState),
        VMSTATE_UINT8(shift, Stm32f4xxI2cState),
        VMSTATE_BOOL(shift_full, Stm32f4xxI2cState),
        VMSTATE_BOOL(rx_nacked, Stm32f4xxI2cState),
        VMSTATE_BOOL(sr1_read, Stm32f4xxI2cState),
        VMSTATE_CLOCK(clk, Stm32f4xxI2cState),
        VMSTATE_END_OF_LIST()
    }
};

static void stm32f4xx_i2c_init(Object *obj)
{
    Stm32f4xxI2cState *s = STM32F4XX_I2C(obj);

    memory_region_init_io(&s->mmio, obj, &stm32f4xx_i2c_ops, s, TYPE_STM32F4XX_I2C,
                          STM32F4XX_I2C_MMIO_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->ev_irq);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->er_irq);
    qdev_init_gpio_out_named(DEVICE(obj), &s->dma_rx, "dma-rx", 1);
    qdev_init_gpio_out_named(DEVICE(obj), &s->dma_tx, "dma-tx", 1);
    s->clk = qdev_init_clock_in(DEVICE(obj), "clk", i2c_clk_update, s, ClockUpdate);
}

static void stm32f4xx_i2c_realize(DeviceState *dev, Error **errp)
{
    Stm32f4xxI2cState *s = STM32F4XX_I2C(dev);
    const char *name = object_get_canonical_path_component(OBJECT(dev));

    s->id = g_strdup(name ? name : TYPE_STM32F4XX_I2C);
    /* Bus named after the controller: -device tmp105,bus=i2c1,address=0x48 */
    s->bus = i2c_init_bus(dev, s->id);
}

static void stm32f4xx_i2c_unrealize(DeviceState *dev)
{
    Stm32f4xxI2cState *s = STM32F4XX_I2C(dev);

    g_free(s->id);
    s->id = NULL;
}

static void stm32f4xx_i2c_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "STM32F4xx I2C controller";
    dc->realize = stm32f4xx_i2c_realize;
    dc->unrealize = stm32f4xx_i2c_unrealize;
    dc->vmsd = &vmstate_stm32f4xx_i2c;
    rc->phases.hold = stm32f4xx_i2c_reset_hold;
    rc->phases.exit = stm32f4xx_i2c_reset_exit;
}

static const TypeInfo stm32f4xx_i2c_types[] = {
    {
        .name          = TYPE_STM32F4XX_I2C,
        .parent        = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(Stm32f4xxI2cState),
        .instance_init = stm32f4xx_i2c_init,
        .class_init    = stm32f4xx_i2c_class_init,
    },
};

DEFINE_TYPES(stm32f4xx_i2c_types)
