/*
 * STM32F4xx embedded flash memory and its interface (FLASH_ACR...OPTCR), RM0090 section 3.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_STM32F4XX_FLASH_H
#define HW_MISC_STM32F4XX_FLASH_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "qom/object.h"

#define TYPE_STM32F4XX_FLASH "stm32f4xx-flash"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f4xxFlashState, STM32F4XX_FLASH)

#define STM32F4XX_FLASH_SIZE (1024 * 1024)
#define STM32F4XX_FLASH_NUM_REGS 6

/*
 * sysbus MMIO 0: interface registers (0x40023C00)
 * sysbus MMIO 1: the flash array (0x08000000, aliased at 0 by the SoC)
 * sysbus MMIO 2: option bytes (0x1FFFC000)
 * sysbus IRQ 0: FLASH global interrupt
 */
struct Stm32f4xxFlashState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    MemoryRegion array;
    MemoryRegion optbytes;
    qemu_irq irq;
    uint8_t *storage;

    uint32_t regs[STM32F4XX_FLASH_NUM_REGS];
    uint32_t opt;            /* option bytes as loaded into OPTCR at reset */
    uint8_t key_step;        /* KEYR sequence progress */
    uint8_t optkey_step;     /* OPTKEYR sequence progress */
    bool key_locked_out;     /* wrong key: locked until the next reset */

    BlockBackend *blk;       /* persistent image, optional */
    bool blk_ro;
};

#endif
