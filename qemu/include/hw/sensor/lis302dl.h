/*
 * ST LIS302DL 3-axis accelerometer, SPI interface (4-wire).
 *
 * Copyright (c) 2026 qemu-micropython contributors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Interface (as lis3dsh.h):
 *  - an SSI peripheral with an active-low chip select ("ssi-gpio-cs")
 *  - named GPIO output "sdo-hiz": 1 while SDO is high-impedance
 *  - properties "x", "y", "z" (int, milli-g, default 0, 0, +1000)
 */

#ifndef HW_SENSOR_LIS302DL_H
#define HW_SENSOR_LIS302DL_H

#include "hw/ssi/ssi.h"
#include "qom/object.h"

#define TYPE_LIS302DL "lis302dl"
OBJECT_DECLARE_SIMPLE_TYPE(Lis302dlState, LIS302DL)

#define LIS302DL_NUM_REGS 0x40

struct Lis302dlState {
    SSIPeripheral parent_obj;

    uint8_t regs[LIS302DL_NUM_REGS];

    /* SPI transaction: first byte is RW (bit 7), MS (bit 6) and the address */
    bool cmd_done;
    bool reading;
    bool increment;
    uint8_t addr;

    /* Data-ready emulation from the virtual clock (no timer) */
    int64_t odr_base_ns;
    uint64_t last_read[3];

    /* Measured values, set by the host */
    int32_t accel_mg[3];

    qemu_irq sdo_hiz;
};

#endif /* HW_SENSOR_LIS302DL_H */
