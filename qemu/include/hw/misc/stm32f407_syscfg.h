/*
 * STM32F405/407 SYSCFG (system configuration controller), after RM0090
 * section 9.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Named stm32f407-syscfg because QEMU's own stm32f4xx_syscfg (used by the
 * F405 SoC, defects in shared/docs/qemu-notes.md) holds the stm32f4xx type
 * name, file names and Kconfig symbol.
 *
 * Interface:
 *  - sysbus MMIO 0: the 0x400 byte register block
 *  - GPIO inputs 0..143: pin levels of ports A..I, port * 16 + pin
 *  - GPIO outputs 0..15: EXTI lines 0..15, the pin selected by EXTICR1-4
 *  - named GPIO output "mem-mode": level = MEMRMP.MEM_MODE (0 main flash,
 *    1 system memory, 2 FSMC bank 1, 3 SRAM1 at address 0), for the SoC
 *  - clock input "clk": the gated APB2 clock, 0 Hz = the RCC enable bit
 *    is clear (unconnected: always enabled)
 */

#ifndef HW_MISC_STM32F407_SYSCFG_H
#define HW_MISC_STM32F407_SYSCFG_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "qom/object.h"

#define TYPE_STM32F407_SYSCFG "stm32f407-syscfg"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f407SyscfgState, STM32F407_SYSCFG)

#define STM32F407_SYSCFG_NUM_PORTS 9
#define STM32F407_SYSCFG_NUM_EXTI 16
#define STM32F407_SYSCFG_MMIO_SIZE 0x400

/* MEMRMP.MEM_MODE */
enum {
    STM32F407_MEM_MODE_FLASH,
    STM32F407_MEM_MODE_SYSTEM,
    STM32F407_MEM_MODE_FSMC,
    STM32F407_MEM_MODE_SRAM,
};

struct Stm32f407SyscfgState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;

    uint32_t memrmp;
    uint32_t pmc;
    uint32_t exticr[4];
    uint32_t cmpcr;

    /* Levels on the pins of each port: wire state, kept across a reset */
    uint16_t pin_levels[STM32F407_SYSCFG_NUM_PORTS];

    Clock *clk;
    qemu_irq exti[STM32F407_SYSCFG_NUM_EXTI];
    qemu_irq mem_mode;
};

#endif
