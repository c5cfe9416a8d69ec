/*
 * STM32F4xx independent watchdog (IWDG), RM0090 section 21.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_WATCHDOG_STM32F4XX_IWDG_H
#define HW_WATCHDOG_STM32F4XX_IWDG_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "qemu/timer.h"
#include "qom/object.h"

#define TYPE_STM32F4XX_IWDG "stm32f4xx-iwdg"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f4xxIwdgState, STM32F4XX_IWDG)

/*
 * Clock "lsi": the LSI from the RCC (32 kHz while LSIRDY).
 * Named GPIO out "reset": pulsed when the counter reaches 0 (to the RCC
 *   "reset-request" input STM32F4XX_RESET_IWDG).
 * Named GPIO out "lsi-force": 1 while the watchdog runs (to the RCC
 *   "lsi-force" input: a running IWDG keeps the LSI on).
 * Link "option-bytes": the flash option byte region; its USER byte (WDG_SW)
 *   is sampled at reset to start the hardware watchdog.
 */
struct Stm32f4xxIwdgState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;
    Clock *lsi;
    QEMUTimer *timer;
    qemu_irq reset;
    qemu_irq lsi_force;
    MemoryRegion *option_bytes;

    uint32_t pr;                /* as written */
    uint32_t rlr;
    uint32_t pr_active;         /* as used by the counter (after PVU) */
    uint32_t rlr_active;
    bool unlocked;              /* 0x5555 written: PR and RLR writable */
    bool running;

    /*
     * The counter, in LSI cycles: it reaches 0 when lsi_cycles() gets to
     * expire_cycle. LSI cycles since power-on are lsi_offset + (now -
     * lsi_base_ns) * Hz.
     */
    int64_t lsi_base_ns;
    int64_t lsi_base_age;       /* migration: now - lsi_base_ns */
    uint64_t lsi_offset;
    uint64_t expire_cycle;
    /* PVU/RVU: the update reaches the LSI domain at this LSI cycle */
    uint64_t pvu_cycle;
    uint64_t rvu_cycle;
    bool pvu;
    bool rvu;
};

#endif
