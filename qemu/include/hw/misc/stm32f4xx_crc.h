/*
 * STM32F4xx CRC calculation unit, RM0090 section 4.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_STM32F4XX_CRC_H
#define HW_MISC_STM32F4XX_CRC_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "qom/object.h"

#define TYPE_STM32F4XX_CRC "stm32f4xx-crc"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f4xxCrcState, STM32F4XX_CRC)

struct Stm32f4xxCrcState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;
    Clock *clk;

    uint32_t dr;     /* running CRC */
    uint8_t idr;     /* free-use byte */
};

#endif
