/*
 * STM32F405/407 real-time clock and backup registers (RTC), RM0090 section 26.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_RTC_STM32F4XX_RTC_H
#define HW_RTC_STM32F4XX_RTC_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "qemu/timer.h"
#include "qom/object.h"

#define TYPE_STM32F4XX_RTC "stm32f4xx-rtc"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f4xxRtcState, STM32F4XX_RTC)

#define STM32F4XX_RTC_NUM_BKP 20

/*
 * Clock "rtcclk": RTCCLK from the RCC (RTCSEL source, gated by RTCEN).
 * sysbus IRQ 0: RTC alarm A/B interrupt request, to EXTI line 17.
 * sysbus IRQ 1: RTC wakeup interrupt request, to EXTI line 22.
 * Named GPIO in "dbp": PWR_CR.DBP; register writes are ignored while it is 0.
 * Named GPIO in "bdrst": RCC_BDCR.BDRST; 1 resets the backup domain and holds it.
 */
struct Stm32f4xxRtcState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;
    qemu_irq alarm_irq;
    qemu_irq wakeup_irq;
    Clock *rtcclk;
    QEMUTimer *timer;

    /* Registers (TR, DR, SSR and the ISR status bits are computed) */
    uint32_t cr;
    uint32_t isr;
    uint32_t prer;
    uint32_t wutr;
    uint32_t calibr;
    uint32_t alrmr[2];
    uint32_t alrmssr[2];
    uint32_t calr;
    uint32_t tafcr;
    uint32_t bkp[STM32F4XX_RTC_NUM_BKP];
    /* TR and DR as written in initialization mode, loaded on INIT exit */
    uint32_t init_tr;
    uint32_t init_dr;
    uint8_t wpr_step;           /* 0: locked, 1: 0xCA seen, 2: unlocked */

    bool dbp;
    bool bdrst;
    bool powered;               /* false until the first (power-on) reset */

    /* RTCCLK cycles since power-on: cyc_offset + (now - cyc_base_ns) * Hz */
    int64_t cyc_base_ns;
    uint64_t cyc_offset;
    int64_t cyc_base_age;       /* migration: now - cyc_base_ns */

    /*
     * Calendar, in ck_apre ticks since 2000-01-01 00:00:00 (each second is
     * PREDIV_S + 1 ticks): cal_tick0 + (cycles - cal_cycle0) / (PREDIV_A + 1)
     * while it runs, cal_tick0 while it is stopped (INIT, BDRST).
     */
    uint64_t cal_cycle0;
    int64_t cal_tick0;
    uint8_t wday_offset;        /* weekday = (days + wday_offset) % 7 + 1 */

    /* BYPSHAD=0: reading SSR (TR and DR) or TR (DR) locks shadows until DR is read */
    uint8_t shadow_lock;
    int64_t shadow_tick;

    int64_t rsf_cycle;          /* RSF and INITF get set when cycles reach these */
    int64_t initf_cycle;
    int64_t alarm_next[2];      /* calendar tick of the next match, -1: none */
    int64_t wut_next;           /* RTCCLK cycle or calendar second of next WUTF */
};

#endif
