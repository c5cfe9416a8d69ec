/*
 * STM32F4xx MCU debug component (DBGMCU), RM0090 section 38.16.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_STM32F4XX_DBGMCU_H
#define HW_MISC_STM32F4XX_DBGMCU_H

#include "hw/sysbus.h"
#include "qom/object.h"

#define TYPE_STM32F4XX_DBGMCU "stm32f4xx-dbgmcu"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f4xxDbgmcuState, STM32F4XX_DBGMCU)

struct Stm32f4xxDbgmcuState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;

    uint32_t cr;
    uint32_t apb1_fz;
    uint32_t apb2_fz;

    uint32_t idcode;    /* property: DEV_ID and REV_ID */
};

#endif
