/*
 * ARMv7-M data watchpoint and trace unit (DWT): the cycle counter, plus the
 * Debug Exception and Monitor Control Register (DEMCR) that gates it.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_ARMV7M_DWT_H
#define HW_MISC_ARMV7M_DWT_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "qom/object.h"

#define TYPE_ARMV7M_DWT "armv7m-dwt"
OBJECT_DECLARE_SIMPLE_TYPE(Armv7mDwtState, ARMV7M_DWT)

#define ARMV7M_DWT_BASE   0xE0001000
#define ARMV7M_DWT_SIZE   0x1000
#define ARMV7M_DEMCR_ADDR 0xE000EDFC

/*
 * MMIO 0: the DWT block (map at ARMV7M_DWT_BASE).
 * MMIO 1: DEMCR alone (map at ARMV7M_DEMCR_ADDR, above the NVIC, which lacks it).
 * Clock "clk": the core clock (HCLK); CYCCNT counts its cycles.
 */
struct Armv7mDwtState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;
    MemoryRegion demcr_mmio;
    Clock *clk;

    uint32_t ctrl;
    uint32_t demcr;
    /* CYCCNT is cyccnt_base plus the HCLK cycles since base_ns, while counting. */
    uint32_t cyccnt_base;
    int64_t base_ns;
};

#endif
