/*
 * STM32F405/407 EXTI (external interrupt/event controller), after RM0090
 * section 12.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Named stm32f407-exti because QEMU's own stm32f4xx_exti (used by the
 * F405 SoC, defects in shared/docs/qemu-notes.md) holds the stm32f4xx type
 * name, file names and Kconfig symbol.
 *
 * Interface:
 *  - sysbus MMIO 0: the 0x400 byte register block
 *  - GPIO inputs 0..22: the lines (0-15 from the SYSCFG multiplexer,
 *    16 PVD, 17 RTC alarm, 18 USB OTG FS wakeup, 19 Ethernet wakeup,
 *    20 USB OTG HS wakeup, 21 RTC tamper/timestamp, 22 RTC wakeup)
 *  - sysbus IRQs 0..22: interrupt request of each line (PR & IMR); the
 *    SoC ORs 5-9 and 10-15 for the shared NVIC vectors
 */

#ifndef HW_MISC_STM32F407_EXTI_H
#define HW_MISC_STM32F407_EXTI_H

#include "hw/sysbus.h"
#include "qom/object.h"

#define TYPE_STM32F407_EXTI "stm32f407-exti"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f407ExtiState, STM32F407_EXTI)

#define STM32F407_EXTI_NUM_LINES 23
#define STM32F407_EXTI_MMIO_SIZE 0x400

struct Stm32f407ExtiState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;

    uint32_t imr;
    uint32_t emr;
    uint32_t rtsr;
    uint32_t ftsr;
    uint32_t swier;
    uint32_t pr;

    /* Levels of the input lines: wire state, kept across a reset */
    uint32_t levels;

    qemu_irq irq[STM32F407_EXTI_NUM_LINES];
};

#endif
