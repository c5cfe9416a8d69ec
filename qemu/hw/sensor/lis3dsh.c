/*
 * ST LIS3DSH 3-axis accelerometer, SPI interface (4-wire).
 *
 * Copyright (c) 2026 qemu-micropython contributors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 *
 * The reference used is the ST LIS3DSH datasheet (DocID022405), the
 * accelerometer of the STM32F4-Discovery MB997C (SPI1, chip select PE3).
 *
 * SPI protocol: with CS low, the first byte is RW (bit 7, 1 = read) and the
 * register address (bits 6:0); the following bytes read or write registers
 * from that address on, incremented after each byte when CTRL_REG6.ADD_INC
 * is set (the default).  Raising CS ends the transaction.  SDO is driven
 * only during read data bytes (output "sdo-hiz" low), else high-impedance.
 *
 * Modelling choices:
 *
 * - The measured acceleration is given by the host in milli-g (properties
 *   "x", "y", "z"), the temperature in degrees Celsius ("temperature").
 *   OUT_X/Y/Z (0x28-0x2D, little endian) give the value in the current full
 *   scale (CTRL_REG5.FSCALE: 0.06/0.12/0.18/0.24/0.73 mg per digit),
 *   rounded, saturated to 16 bits.  They read 0 in power-down (ODR=0) and
 *   for a disabled axis (CTRL_REG4 XEN/YEN/ZEN).  OUT_T is 8-bit signed,
 *   1 LSB per degree, 0 = 25 C.
 * - Reads give the host's value at the time of the read (no output data
 *   rate quantisation), but STATUS follows the ODR from the virtual clock,
 *   without a timer: XDA/YDA/ZDA are set when a sample period has elapsed
 *   since that axis' high byte was last read, XOR/YOR/ZOR when more than
 *   one has; ZYXDA/ZYXOR are the OR of the enabled axes.
 * - BDU (CTRL_REG4): reading an axis' low byte latches its high byte until
 *   the high byte is read.
 * - CTRL_REG3.STRT (soft reset) restores the registers' reset values.
 * - Not modelled (LOG_UNIMP, registers keep what is written): the state
 *   machines (SM1/SM2 programs, CTRL_REG1/2), the FIFO, interrupt pins
 *   INT1/INT2 (PE0/PE1 on the Discovery, not connected here), self-test,
 *   offset correction (OFF_X/Y/Z), anti-aliasing bandwidth and 3-wire SPI
 *   (CTRL_REG5.SIM).
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "migration/vmstate.h"
#include "hw/irq.h"
#include "hw/sensor/lis3dsh.h"
#include "hw/registerfields.h"
#include "trace.h"

REG8(OUT_T, 0x0C)
REG8(INFO1, 0x0D)
REG8(INFO2, 0x0E)
REG8(WHO_AM_I, 0x0F)
REG8(OFF_X, 0x10)
REG8(OFF_Z, 0x12)
REG8(STAT, 0x18)
REG8(PEAK1, 0x19)
REG8(PEAK2, 0x1A)
REG8(CTRL_REG4, 0x20)
    FIELD(CTRL_REG4, XEN, 0, 1)
    FIELD(CTRL_REG4, YEN, 1, 1)
    FIELD(CTRL_REG4, ZEN, 2, 1)
    FIELD(CTRL_REG4, BDU, 3, 1)
    FIELD(CTRL_REG4, ODR, 4, 4)
REG8(CTRL_REG1, 0x21)
    FIELD(CTRL_REG1, SM1_EN, 0, 1)
REG8(CTRL_REG2, 0x22)
    FIELD(CTRL_REG2, SM2_EN, 0, 1)
REG8(CTRL_REG3, 0x23)
    FIELD(CTRL_REG3, STRT, 0, 1)
    FIELD(CTRL_REG3, INT1_EN, 3, 1)
    FIELD(CTRL_REG3, INT2_EN, 4, 1)
    FIELD(CTRL_REG3, DR_EN, 7, 1)
REG8(CTRL_REG5, 0x24)
    FIELD(CTRL_REG5, SIM, 0, 1)
    FIELD(CTRL_REG5, ST, 1, 2)
    FIELD(CTRL_REG5, FSCALE, 3, 3)
REG8(CTRL_REG6, 0x25)
    FIELD(CTRL_REG6, ADD_INC, 4, 1)
    FIELD(CTRL_REG6, FIFO_EN, 6, 1)
    FIELD(CTRL_REG6, BOOT, 7, 1)
REG8(STATUS, 0x27)
REG8(OUT_X_L, 0x28)
REG8(OUT_Z_H, 0x2D)
REG8(FIFO_CTRL, 0x2E)
REG8(FIFO_SRC, 0x2F)
REG8(SM1_FIRST, 0x40)
REG8(OUTS1, 0x5F)
REG8(OUTS2, 0x7F)

#define SPI_READ        0x80
#define WHO_AM_I_VALUE  0x3F
#define INFO1_VALUE     0x21
#define CTRL_REG4_RESET 0x07
#define CTRL_REG6_RESET 0x10    /* ADD_INC (datasheet: default 1) */
#define TEMP_ZERO_C     25
#define MAX_MG          16000   /* the widest full scale */

/* Output data rates in mHz, by CTRL_REG4.ODR; 0 is power-down */
static const uint32_t odr_mhz[16] = {
    0, 3125, 6250, 12500, 25000, 50000, 100000, 400000, 800000, 1600000,
};

/* Sensitivity in micro-g per digit, by CTRL_REG5.FSCALE (2, 4, 6, 8, 16 g) */
static const uint32_t fscale_ug[8] = { 60, 120, 180, 240, 730 };

static const char *const axis_names[3] = { "x", "y", "z" };

static bool lis3dsh_writable(uint8_t addr)
{
    return (addr >= A_OFF_X && addr < A_STAT) ||
           (addr > A_PEAK2 && addr <= A_CTRL_REG6) ||
           addr == A_FIFO_CTRL ||
           (addr >= A_SM1_FIRST && addr != A_OUTS1 && addr != A_OUTS2);
}

static void lis3dsh_reset_regs(Lis3dshState *s)
{
    memset(s->regs, 0, sizeof(s->regs));
    s->regs[A_INFO1] = INFO1_VALUE;
    s->regs[A_WHO_AM_I] = WHO_AM_I_VALUE;
    s->regs[A_CTRL_REG4] = CTRL_REG4_RESET;
    s->regs[A_CTRL_REG6] = CTRL_REG6_RESET;
    s->odr_base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    memset(s->last_read, 0, sizeof(s->last_read));
    s->latched = 0;
}

static uint32_t lis3dsh_odr(Lis3dshState *s)
{
    return odr_mhz[FIELD_EX8(s->regs[A_CTRL_REG4], CTRL_REG4, ODR)];
}

static bool lis3dsh_axis_on(Lis3dshState *s, int axis)
{
    return lis3dsh_odr(s) && (s->regs[A_CTRL_REG4] & BIT(axis));
}

/* Number of samples taken since the output data rate was set */
static uint64_t lis3dsh_sample(Lis3dshState *s)
{
    int64_t elapsed = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - s->odr_base_ns;
    uint32_t odr = lis3dsh_odr(s);

    if (!odr || elapsed <= 0) {
        return 0;
    }
    /* ns * mHz / 10^12, in two steps (muldiv64 takes a 32-bit divisor) */
    return muldiv64(elapsed, odr, 1000000) / 1000000;
}

/* Output of one axis in digits */
static int16_t lis3dsh_axis_value(Lis3dshState *s, int axis)
{
    uint32_t ug = fscale_ug[FIELD_EX8(s->regs[A_CTRL_REG5], CTRL_REG5, FSCALE)];
    int64_t v;

    if (!lis3dsh_axis_on(s, axis) || !ug) {
        return 0;
    }
    /* Round to nearest, halves away from zero */
    v = (int64_t)s->accel_mg[axis] * 1000;
    v = (v >= 0 ? v + ug / 2 : v - ug / 2) / (int64_t)ug;
    return MIN(MAX(v, INT16_MIN), INT16_MAX);
}

static uint8_t lis3dsh_status(Lis3dshState *s)
{
    uint64_t sample = lis3dsh_sample(s);
    uint8_t status = 0;

    for (int axis = 0; axis < 3; axis++) {
        if (!lis3dsh_axis_on(s, axis)) {
            continue;
        }
        if (sample > s->last_read[axis]) {
            status |= BIT(axis) | BIT(3);
        }
        if (sample > s->last_read[axis] + 1) {
            status |= BIT(axis + 4) | BIT(7);
        }
    }
    return status;
}

static uint8_t lis3dsh_read(Lis3dshState *s, uint8_t addr)
{
    int axis;
    int16_t v;

    switch (addr) {
    case A_OUT_T:
        return (uint8_t)MIN(MAX(s->temperature - TEMP_ZERO_C, INT8_MIN), INT8_MAX);
    case A_STATUS:
        return lis3dsh_status(s);
    case A_OUT_X_L ... A_OUT_Z_H:
        axis = (addr - A_OUT_X_L) / 2;
        if (!((addr - A_OUT_X_L) & 1)) {
            v = lis3dsh_axis_value(s, axis);
            if (s->regs[A_CTRL_REG4] & R_CTRL_REG4_BDU_MASK) {
                s->latch[axis] = v;
                s->latched |= BIT(axis);
            }
            return v & 0xFF;
        }
        if (s->latched & BIT(axis)) {
            v = s->latch[axis];
            s->latched &= ~BIT(axis);
        } else {
            v = lis3dsh_axis_value(s, axis);
        }
        s->last_read[axis] = lis3dsh_sample(s);
        return (uint16_t)v >> 8;
    case A_FIFO_SRC:
        return 0x20;    /* EMPTY: the FIFO is not modelled */
    default:
        return s->regs[addr];
    }
}

static void lis3dsh_write(Lis3dshState *s, uint8_t addr, uint8_t value)
{
    uint8_t old = s->regs[addr];

    if (!lis3dsh_writable(addr)) {
        qemu_log_mask(LOG_GUEST_ERROR, "lis3dsh: write 0x%02x to read-only or reserved "
                      "register 0x%02x ignored\n", value, addr);
        return;
    }
    s->regs[addr] = value;

    switch (addr) {
    case A_CTRL_REG4:
        if ((old ^ value) & R_CTRL_REG4_ODR_MASK) {
            s->odr_base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
            memset(s->last_read, 0, sizeof(s->last_read));
        }
        break;
    case A_CTRL_REG1:
    case A_CTRL_REG2:
        if (value & 1) {
            qemu_log_mask(LOG_UNIMP, "lis3dsh: state machine %d not implemented\n",
                          addr == A_CTRL_REG1 ? 1 : 2);
        }
        break;
    case A_CTRL_REG3:
        if (value & R_CTRL_REG3_STRT_MASK) {
            lis3dsh_reset_regs(s);
            return;
        }
        if (value & (R_CTRL_REG3_DR_EN_MASK | R_CTRL_REG3_INT1_EN_MASK |
                     R_CTRL_REG3_INT2_EN_MASK)) {
            qemu_log_mask(LOG_UNIMP, "lis3dsh: interrupt pins not implemented\n");
        }
        break;
    case A_CTRL_REG5:
        if (FIELD_EX8(value, CTRL_REG5, FSCALE) > 4) {
            qemu_log_mask(LOG_GUEST_ERROR, "lis3dsh: reserved full scale %d\n",
                          FIELD_EX8(value, CTRL_REG5, FSCALE));
        }
        if (value & (R_CTRL_REG5_SIM_MASK | R_CTRL_REG5_ST_MASK)) {
            qemu_log_mask(LOG_UNIMP, "lis3dsh: self-test and 3-wire SPI not "
                          "implemented\n");
        }
        break;
    case A_CTRL_REG6:
        /* BOOT reloads the trimming values and clears itself */
        s->regs[addr] &= ~R_CTRL_REG6_BOOT_MASK;
        if (value & R_CTRL_REG6_FIFO_EN_MASK) {
            qemu_log_mask(LOG_UNIMP, "lis3dsh: FIFO not implemented\n");
        }
        break;
    case A_OFF_X ... A_OFF_Z:
        if (value) {
            qemu_log_mask(LOG_UNIMP, "lis3dsh: offset correction not implemented\n");
        }
        break;
    }
}

static uint32_t lis3dsh_transfer(SSIPeripheral *dev, uint32_t val)
{
    Lis3dshState *s = LIS3DSH(dev);
    uint8_t ret = 0;

    /* SDO drives the bus only while shifting out read data */
    qemu_set_irq(s->sdo_hiz, !(s->cmd_done && s->reading));
    if (!s->cmd_done) {
        s->cmd_done = true;
        s->reading = val & SPI_READ;
        s->addr = val & (LIS3DSH_NUM_REGS - 1);
        trace_lis3dsh_command(s->reading ? "read" : "write", s->addr);
        return 0;
    }
    if (s->reading) {
        ret = lis3dsh_read(s, s->addr);
        trace_lis3dsh_read(s->addr, ret);
    } else {
        trace_lis3dsh_write(s->addr, val & 0xFF);
        lis3dsh_write(s, s->addr, val);
    }
    if (s->regs[A_CTRL_REG6] & R_CTRL_REG6_ADD_INC_MASK) {
        s->addr = (s->addr + 1) & (LIS3DSH_NUM_REGS - 1);
    }
    return ret;
}

/* Any edge of CS ends the transaction; the next byte is a command. */
static int lis3dsh_set_cs(SSIPeripheral *dev, bool level)
{
    Lis3dshState *s = LIS3DSH(dev);

    s->cmd_done = false;
    qemu_set_irq(s->sdo_hiz, 1);
    return 0;
}

static void lis3dsh_get_axis(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    int32_t *field = opaque;

    visit_type_int32(v, name, field, errp);
}

static void lis3dsh_set_axis(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    int32_t *field = opaque;
    int32_t value;

    if (!visit_type_int32(v, name, &value, errp)) {
        return;
    }
    if (value < -MAX_MG || value > MAX_MG) {
        error_setg(errp, "%s: %" PRId32 " mg is out of range (+/-%d mg)", name,
                   value, MAX_MG);
        return;
    }
    *field = value;
}

static void lis3dsh_get_temperature(Object *obj, Visitor *v, const char *name,
                                    void *opaque, Error **errp)
{
    visit_type_int32(v, name, &LIS3DSH(obj)->temperature, errp);
}

static void lis3dsh_set_temperature(Object *obj, Visitor *v, const char *name,
                                    void *opaque, Error **errp)
{
    int32_t value;

    if (!visit_type_int32(v, name, &value, errp)) {
        return;
    }
    /* Operating range of the part */
    if (value < -40 || value > 85) {
        error_setg(errp, "temperature %" PRId32 " C is out of range (-40..85)", value);
        return;
    }
    LIS3DSH(obj)->temperature = value;
}

static void lis3dsh_reset_hold(Object *obj, ResetType type)
{
    Lis3dshState *s = LIS3DSH(obj);

    lis3dsh_reset_regs(s);
    s->cmd_done = false;
    s->reading = false;
    s->addr = 0;
}

static void lis3dsh_realize(SSIPeripheral *dev, Error **errp)
{
    qdev_init_gpio_out_named(DEVICE(dev), &LIS3DSH(dev)->sdo_hiz, "sdo-hiz", 1);
}

static void lis3dsh_init(Object *obj)
{
    Lis3dshState *s = LIS3DSH(obj);

    s->accel_mg[2] = 1000;      /* lying flat */
    s->temperature = TEMP_ZERO_C;
    for (int i = 0; i < 3; i++) {
        object_property_add(obj, axis_names[i], "int32", lis3dsh_get_axis,
                            lis3dsh_set_axis, NULL, &s->accel_mg[i]);
        object_property_set_description(obj, axis_names[i],
                                        "Acceleration along the axis, in milli-g");
    }
    object_property_add(obj, "temperature", "int32", lis3dsh_get_temperature,
                        lis3dsh_set_temperature, NULL, NULL);
    object_property_set_description(obj, "temperature", "Temperature in degrees Celsius");
}

static const VMStateDescription vmstate_lis3dsh = {
    .name = TYPE_LIS3DSH,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_SSI_PERIPHERAL(parent_obj, Lis3dshState),
        VMSTATE_UINT8_ARRAY(regs, Lis3dshState, LIS3DSH_NUM_REGS),
        VMSTATE_BOOL(cmd_done, Lis3dshState),
        VMSTATE_BOOL(reading, Lis3dshState),
        VMSTATE_UINT8(addr, Lis3dshState),
        VMSTATE_INT64(odr_base_ns, Lis3dshState),
        VMSTATE_UINT64_ARRAY(last_read, Lis3dshState, 3),
        VMSTATE_INT16_ARRAY(latch, Lis3dshState, 3),
        VMSTATE_UINT8(latched, Lis3dshState),
        VMSTATE_INT32_ARRAY(accel_mg, Lis3dshState, 3),
        VMSTATE_INT32(temperature, Lis3dshState),
        VMSTATE_END_OF_LIST()
    }
};

static void lis3dsh_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    SSIPeripheralClass *k = SSI_PERIPHERAL_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "ST LIS3DSH accelerometer (SPI)";
    dc->vmsd = &vmstate_lis3dsh;
    rc->phases.hold = lis3dsh_reset_hold;
    k->realize = lis3dsh_realize;
    k->transfer = lis3dsh_transfer;
    k->set_cs = lis3dsh_set_cs;
    k->cs_polarity = SSI_CS_LOW;
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
}

static const TypeInfo lis3dsh_types[] = {
    {
        .name          = TYPE_LIS3DSH,
        .parent        = TYPE_SSI_PERIPHERAL,
        .instance_size = sizeof(Lis3dshState),
        .instance_init = lis3dsh_init,
        .class_init    = lis3dsh_class_init,
    },
};

DEFINE_TYPES(lis3dsh_types)
