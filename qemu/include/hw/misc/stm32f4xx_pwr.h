/*
 * STM32F405/407 power controller (PWR), RM0090 section 5.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_STM32F4XX_PWR_H
#define HW_MISC_STM32F4XX_PWR_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "qom/object.h"

#define TYPE_STM32F4XX_PWR "stm32f4xx-pwr"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f4xxPwrState, STM32F4XX_PWR)

/*
 * Clock "clk": the APB1 register clock gated by RCC_APB1ENR.PWREN.
 * Named GPIO out "dbp": level of PWR_CR.DBP, the backup domain write enable
 * (to the "dbp" inputs of the RCC, which protects RCC_BDCR, and of the RTC).
 */
struct Stm32f4xxPwrState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;
    Clock *clk;
    qemu_irq dbp;

    uint32_t cr;
    uint32_t csr;
};

#endif
