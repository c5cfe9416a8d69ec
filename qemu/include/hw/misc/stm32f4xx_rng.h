/*
 * STM32F4xx true random number generator (RNG), RM0090 section 24.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_STM32F4XX_RNG_H
#define HW_MISC_STM32F4XX_RNG_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "qemu/timer.h"
#include "qom/object.h"

#define TYPE_STM32F4XX_RNG "stm32f4xx-rng"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f4xxRngState, STM32F4XX_RNG)

struct Stm32f4xxRngState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;
    qemu_irq irq;
    QEMUTimer *ready_timer;   /* next word after 40 RNG clock periods */
    Clock *clk;               /* AHB2 register clock, gated by RNGEN in RCC */

    uint32_t cr;
    uint32_t sr;
    uint32_t dr;
    uint64_t prng_state;      /* used when "seed" is non-zero */

    uint64_t seed;            /* property: 0 = host entropy (honours QEMU's -seed) */
};

#endif
