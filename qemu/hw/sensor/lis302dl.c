/*
 * ST LIS302DL 3-axis accelerometer, SPI interface (4-wire).
 *
 * Copyright (c) 2026 qemu-micropython contributors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 *
 * The reference used is the ST LIS302DL datasheet, the accelerometer of the
 * older STM32F4-Discovery MB997B (SPI1, chip select PE3); the MB997C has a
 * LIS3DSH (lis3dsh.c), with the same host interface.
 *
 * SPI protocol: with CS low, the first byte is RW (bit 7, 1 = read), MS
 * (bit 6, 1 = increment the address after each byte) and the address (bits
 * 5:0).  SDO is driven only during read data bytes ("sdo-hiz" output).
 *
 * Modelling choices:
 *
 * - The host gives the acceleration in milli-g (properties "x", "y", "z");
 *   OUT_X/Y/Z (0x29, 0x2B, 0x2D) are 8-bit two's complement at 18 mg/digit
 *   (FS=0, +-2.3 g) or 72 mg/digit (FS=1, +-9.2 g), rounded and saturated.
 *   They read 0 in power-down (CTRL_REG1.PD=0, the reset state) and for a
 *   disabled axis.
 * - STATUS_REG follows the data rate (100 or 400 Hz) in virtual time, as in
 *   lis3dsh.c: XDA/YDA/ZDA when a sample period has elapsed since the axis
 *   was last read, XOR/YOR/ZOR when more than one has.
 * - CTRL_REG2.BOOT restores the registers' reset values.
 * - Not modelled (LOG_UNIMP, registers keep what is written): self-test,
 *   the high-pass filter, free-fall/wake-up and click detection, the
 *   interrupt pins and 3-wire SPI.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "migration/vmstate.h"
#include "hw/irq.h"
#include "hw/sensor/lis302dl.h"
#include "hw/registerfields.h"
#include "trace.h"

REG8(WHO_AM_I, 0x0F)
REG8(CTRL_REG1, 0x20)
    FIELD(CTRL_REG1, XEN, 0, 1)
    FIELD(CTRL_REG1, YEN, 1, 1)
    FIELD(CTRL_REG1, ZEN, 2, 1)
    FIELD(CTRL_REG1, STM, 3, 1)
    FIELD(CTRL_REG1, STP, 4, 1)
    FIELD(CTRL_REG1, FS, 5, 1)
    FIELD(CTRL_REG1, PD, 6, 1)
    FIELD(CTRL_REG1, DR, 7, 1)
REG8(CTRL_REG2, 0x21)
    FIELD(CTRL_REG2, BOOT, 6, 1)
REG8(CTRL_REG3, 0x22)
REG8(HP_FILTER_RESET, 0x23)
REG8(STATUS_REG, 0x27)
REG8(OUT_X, 0x29)
REG8(OUT_Y, 0x2B)
REG8(OUT_Z, 0x2D)
REG8(FF_WU_CFG_1, 0x30)
REG8(FF_WU_SRC_1, 0x31)
REG8(FF_WU_SRC_2, 0x35)
REG8(CLICK_SRC, 0x39)
REG8(CLICK_WINDOW, 0x3F)

#define SPI_READ        0x80
#define SPI_MS          0x40
#define WHO_AM_I_VALUE  0x3B
#define CTRL_REG1_RESET 0x07
#define MAX_MG          9200    /* the wider full scale */

static const char *const axis_names[3] = { "x", "y", "z" };

static bool lis302dl_writable(uint8_t addr)
{
    return (addr >= A_CTRL_REG1 && addr <= A_CTRL_REG3) ||
           (addr >= A_FF_WU_CFG_1 && addr <= A_CLICK_WINDOW &&
            addr != A_FF_WU_SRC_1 && addr != A_FF_WU_SRC_2 && addr != A_CLICK_SRC);
}

static void lis302dl_reset_regs(Lis302dlState *s)
{
    memset(s->regs, 0, sizeof(s->regs));
    s->regs[A_WHO_AM_I] = WHO_AM_I_VALUE;
    s->regs[A_CTRL_REG1] = CTRL_REG1_RESET;
    s->odr_base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    memset(s->last_read, 0, sizeof(s->last_read));
}

static bool lis302dl_on(Lis302dlState *s)
{
    return s->regs[A_CTRL_REG1] & R_CTRL_REG1_PD_MASK;
}

static bool lis302dl_axis_on(Lis302dlState *s, int axis)
{
    return lis302dl_on(s) && (s->regs[A_CTRL_REG1] & BIT(axis));
}

static uint64_t lis302dl_sample(Lis302dlState *s)
{
    int64_t elapsed = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - s->odr_base_ns;
    uint32_t hz = (s->regs[A_CTRL_REG1] & R_CTRL_REG1_DR_MASK) ? 400 : 100;

    if (!lis302dl_on(s) || elapsed <= 0) {
        return 0;
    }
    return muldiv64(elapsed, hz, NANOSECONDS_PER_SECOND);
}

static int8_t lis302dl_axis_value(Lis302dlState *s, int axis)
{
    int32_t mg_per_digit = (s->regs[A_CTRL_REG1] & R_CTRL_REG1_FS_MASK) ? 72 : 18;
    int32_t mg = s->accel_mg[axis];
    int32_t v;

    if (!lis302dl_axis_on(s, axis)) {
        return 0;
    }
    v = (mg >= 0 ? mg + mg_per_digit / 2 : mg - mg_per_digit / 2) / mg_per_digit;
    return MIN(MAX(v, INT8_MIN), INT8_MAX);
}

static uint8_t lis302dl_status(Lis302dlState *s)
{
    uint64_t sample = lis302dl_sample(s);
    uint8_t status = 0;

    for (int axis = 0; axis < 3; axis++) {
        if (!lis302dl_axis_on(s, axis)) {
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

static uint8_t lis302dl_read(Lis302dlState *s, uint8_t addr)
{
    int axis;

    switch (addr) {
    case A_STATUS_REG:
        return lis302dl_status(s);
    case A_OUT_X:
    case A_OUT_Y:
    case A_OUT_Z:
        axis = (addr - A_OUT_X) / 2;
        s->last_read[axis] = lis302dl_sample(s);
        return lis302dl_axis_value(s, axis);
    case A_HP_FILTER_RESET:
        return 0;       /* reading it resets the filter: not modelled */
    default:
        return s->regs[addr];
    }
}

static void lis302dl_write(Lis302dlState *s, uint8_t addr, uint8_t value)
{
    uint8_t old = s->regs[addr];

    if (!lis302dl_writable(addr)) {
        qemu_log_mask(LOG_GUEST_ERROR, "lis302dl: write 0x%02x to read-only or reserved "
                      "register 0x%02x ignored\n", value, addr);
        return;
    }
    s->regs[addr] = value;
    switch (addr) {
    case A_CTRL_REG1:
        if ((old ^ value) & (R_CTRL_REG1_PD_MASK | R_CTRL_REG1_DR_MASK)) {
            s->odr_base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
            memset(s->last_read, 0, sizeof(s->last_read));
        }
        if (value & (R_CTRL_REG1_STP_MASK | R_CTRL_REG1_STM_MASK)) {
            qemu_log_mask(LOG_UNIMP, "lis302dl: self-test not implemented\n");
        }
        break;
    case A_CTRL_REG2:
        if (value & R_CTRL_REG2_BOOT_MASK) {
            lis302dl_reset_regs(s);
        } else if (value) {
            qemu_log_mask(LOG_UNIMP, "lis302dl: high-pass filter and 3-wire SPI not "
                          "implemented\n");
        }
        break;
    default:
        if (value) {
            qemu_log_mask(LOG_UNIMP, "lis302dl: interrupts, free-fall/wake-up and "
                          "click detection not implemented\n");
        }
        break;
    }
}

static uint32_t lis302dl_transfer(SSIPeripheral *dev, uint32_t val)
{
    Lis302dlState *s = LIS302DL(dev);
    uint8_t ret = 0;

    qemu_set_irq(s->sdo_hiz, !(s->cmd_done && s->reading));
    if (!s->cmd_done) {
        s->cmd_done = true;
        s->reading = val & SPI_READ;
        s->increment = val & SPI_MS;
        s->addr = val & 0x3F;
        trace_lis302dl_command(s->reading ? "read" : "write", s->addr);
        return 0;
    }
    if (s->reading) {
        ret = lis302dl_read(s, s->addr);
        trace_lis302dl_read(s->addr, ret);
    } else {
        trace_lis302dl_write(s->addr, val & 0xFF);
        lis302dl_write(s, s->addr, val);
    }
    if (s->increment) {
        s->addr = (s->addr + 1) & 0x3F;
    }
    return ret;
}

static int lis302dl_set_cs(SSIPeripheral *dev, bool level)
{
    Lis302dlState *s = LIS302DL(dev);

    s->cmd_done = false;
    qemu_set_irq(s->sdo_hiz, 1);
    return 0;
}

static void lis302dl_get_axis(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    visit_type_int32(v, name, opaque, errp);
}

static void lis302dl_set_axis(Object *obj, Visitor *v, const char *name,
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

static void lis302dl_reset_hold(Object *obj, ResetType type)
{
    Lis302dlState *s = LIS302DL(obj);

    lis302dl_reset_regs(s);
    s->cmd_done = false;
    s->reading = false;
    s->increment = false;
    s->addr = 0;
}

static void lis302dl_realize(SSIPeripheral *dev, Error **errp)
{
    qdev_init_gpio_out_named(DEVICE(dev), &LIS302DL(dev)->sdo_hiz, "sdo-hiz", 1);
}

static void lis302dl_init(Object *obj)
{
    Lis302dlState *s = LIS302DL(obj);

    s->accel_mg[2] = 1000;      /* lying flat */
    for (int i = 0; i < 3; i++) {
        object_property_add(obj, axis_names[i], "int32", lis302dl_get_axis,
                            lis302dl_set_axis, NULL, &s->accel_mg[i]);
        object_property_set_description(obj, axis_names[i],
                                        "Acceleration along the axis, in milli-g");
    }
}

static const VMStateDescription vmstate_lis302dl = {
    .name = TYPE_LIS302DL,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_SSI_PERIPHERAL(parent_obj, Lis302dlState),
        VMSTATE_UINT8_ARRAY(regs, Lis302dlState, LIS302DL_NUM_REGS),
        VMSTATE_BOOL(cmd_done, Lis302dlState),
        VMSTATE_BOOL(reading, Lis302dlState),
        VMSTATE_BOOL(increment, Lis302dlState),
        VMSTATE_UINT8(addr, Lis302dlState),
        VMSTATE_INT64(odr_base_ns, Lis302dlState),
        VMSTATE_UINT64_ARRAY(last_read, Lis302dlState, 3),
        VMSTATE_INT32_ARRAY(accel_mg, Lis302dlState, 3),
        VMSTATE_END_OF_LIST()
    }
};

static void lis302dl_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    SSIPeripheralClass *k = SSI_PERIPHERAL_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "ST LIS302DL accelerometer (SPI)";
    dc->vmsd = &vmstate_lis302dl;
    rc->phases.hold = lis302dl_reset_hold;
    k->realize = lis302dl_realize;
    k->transfer = lis302dl_transfer;
    k->set_cs = lis302dl_set_cs;
    k->cs_polarity = SSI_CS_LOW;
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
}

static const TypeInfo lis302dl_types[] = {
    {
        .name          = TYPE_LIS302DL,
        .parent        = TYPE_SSI_PERIPHERAL,
        .instance_size = sizeof(Lis302dlState),
        .instance_init = lis302dl_init,
        .class_init    = lis302dl_class_init,
    },
};

DEFINE_TYPES(lis302dl_types)
