/*
 * STM32F4xx window watchdog (WWDG), RM0090 section 22.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_WATCHDOG_STM32F4XX_WWDG_H
#define HW_WATCHDOG_STM32F4XX_WWDG_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "qemu/timer.h"
#include "qom/object.h"

#define TYPE_STM32F4XX_WWDG "stm32f4xx-wwdg"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f4xxWwdgState, STM32F4XX_WWDG)

/*
 * Clock "clk": PCLK1 gated by RCC_APB1ENR.WWDGEN.
 * sysbus IRQ 0: early wakeup interrupt (NVIC 0).
 * Named GPIO out "reset": pulsed to ask for a system reset (to the RCC
 *   "reset-request" input STM32F4XX_RESET_WWDG).
 */
struct Stm32f4xxWwdgState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;
    Clock *clk;
    QEMUTimer *timer;
    qemu_irq irq;
    qemu_irq reset;

    uint32_t cr;                /* WDGA and T as last written */
    uint32_t cfr;
    uint32_t sr;
    /* The counter was cnt_base at base_ns and has counted down since. */
    int64_t base_ns;
    int64_t base_age;           /* migration: now - base_ns */
    uint32_t cnt_base;
    bool ewi_armed;             /* the count has yet to reach 0x40 (EWIF) */
    bool reset_pending;
};

#endif
