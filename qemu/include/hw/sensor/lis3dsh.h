/*
 * ST LIS3DSH 3-axis accelerometer, SPI interface (4-wire).
 *
 * Copyright (c) 2026 qemu-micropython contributors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Interface:
 *  - an SSI peripheral with an active-low chip select, the named GPIO input
 *    SSI_GPIO_CS ("ssi-gpio-cs")
 *  - named GPIO output "sdo-hiz": 1 while SDO is high-impedance (command
 *    and write bytes, CS high), 0 while it drives a read data byte; set
 *    within each transfer, for the SPI controller's MISO input
 *  - properties "x", "y", "z" (int, milli-g, default 0, 0, +1000: lying
 *    flat) and "temperature" (int, degrees Celsius, default 25): what the
 *    sensor measures; settable at run time with qom-set
 */

#ifndef HW_SENSOR_LIS3DSH_H
#define HW_SENSOR_LIS3DSH_H

#include "hw/ssi/ssi.h"
#include "qom/object.h"

#define TYPE_LIS3DSH "lis3dsh"
OBJECT_DECLARE_SIMPLE_TYPE(Lis3dshState, LIS3DSH)

#define LIS3DSH_NUM_REGS 0x80

struct Lis3dshState {
    SSIPeripheral parent_obj;

    uint8_t regs[LIS3DSH_NUM_REGS];

    /* SPI transaction: first byte is RW (bit 7) and the address */
    bool cmd_done;
    bool reading;
    uint8_t addr;

    /* Data-ready emulation from the virtual clock (no timer) */
    int64_t odr_base_ns;            /* when ODR was last changed */
    uint64_t last_read[3];          /* sample number last read, per axis */

    /* BDU: high byte latched by the low byte read, per axis */
    int16_t latch[3];
    uint8_t latched;                /* bit n: latch[n] valid */

    /* Measured values, set by the host */
    int32_t accel_mg[3];
    int32_t temperature;

    qemu_irq sdo_hiz;
};

#endif /* HW_SENSOR_LIS3DSH_H */
