/*
 * STM32F407 SoC (Cortex-M4F, 1 MB flash, 192 KB RAM), after RM0090 and the
 * STM32F407xx datasheet memory map.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_ARM_STM32F407_SOC_H
#define HW_ARM_STM32F407_SOC_H

#include "hw/sysbus.h"
#include "hw/arm/armv7m.h"
#include "hw/misc/unimp.h"
#include "hw/misc/stm32f4xx_rcc.h"
#include "hw/misc/stm32f4xx_flash.h"
#include "hw/char/stm32f4xx_usart.h"
#include "qom/object.h"

#define TYPE_STM32F407_SOC "stm32f407-soc"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f407SocState, STM32F407_SOC)

#define STM32F407_NUM_IRQS 82
#define STM32F407_NUM_USARTS 6
#define STM32F407_NUM_UNIMP 64
#define STM32F407_UID_BYTES 12

struct Stm32f407SocState {
    SysBusDevice parent_obj;

    ARMv7MState armv7m;
    Stm32f4xxRccState rcc;
    Stm32f4xxFlashState flash;
    Stm32f4xxUsartState usart[STM32F407_NUM_USARTS];
    UnimplementedDeviceState unimp[STM32F407_NUM_UNIMP];

    MemoryRegion flash_alias;
    MemoryRegion sram1;
    MemoryRegion sram2;
    MemoryRegion ccm;
    MemoryRegion bkpsram;
    MemoryRegion sysmem;
    MemoryRegion otp;
    MemoryRegion devid;

    /* 96-bit unique device ID as 24 hex digits (property "uid"). */
    char *uid;
};

#endif
