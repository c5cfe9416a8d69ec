/*
 * STM32F4xx timers TIM1-TIM14, after RM0090 chapters 17-20.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * One type for all variants; properties select the variant:
 *
 *   timer          channels width advanced master slave up-down
 *   TIM1, TIM8        4      16     yes      yes    yes    yes
 *   TIM2, TIM5        4      32     no       yes    yes    yes
 *   TIM3, TIM4        4      16     no       yes    yes    yes
 *   TIM9, TIM12       2      16     no       no     yes    no
 *   TIM10/11/13/14    1      16     no       no     no     no
 *   TIM6, TIM7        0      16     no       yes    no     no
 *
 * Interface:
 *  - sysbus MMIO 0: the 0x400 byte register block
 *  - sysbus IRQs: advanced timers have 4 (0 BRK, 1 UP, 2 TRG_COM, 3 CC),
 *    the others 1 (the global interrupt)
 *  - clock input "clk": the timer kernel clock from the RCC (APB timer
 *    clock, x2 when the APB prescaler is not 1); 0 Hz = RCC enable bit clear
 *  - named GPIO outputs "ch-out" 0..3: channel outputs OCx (OCxREF after
 *    the CCxP polarity and the output enables). Level 1 or 0 while the
 *    channel drives its output; STM32F4XX_TIMER_OUT_RELEASED (-1) while it
 *    does not (output channel with CCxE=0, input channel, advanced timer
 *    with MOE=0 and OSSI=0): a GPIO pin in that alternate function then
 *    reads like an input.
 *  - named GPIO inputs "ch-in" 0..3: level of the pins TI1..TI4
 *  - named GPIO output "trgo": trigger output (CR2.MMS); timers without
 *    CR2 (TIM10/11/13/14) give OC1REF here, the "TIMx_OC" internal trigger
 *    of TIM9/TIM12
 *  - named GPIO inputs "itr" 0..3: internal trigger inputs ITR0..ITR3
 *  - named GPIO input "sync": a rising edge brings CNT, the flags and the
 *    outputs up to date with the virtual time (the GPIO port pulses it
 *    before a guest reads a pin the timer drives)
 *  - named GPIO outputs "dma" 0..6: DMA requests (update, CC1..CC4, COM,
 *    trigger): a pulse (1 then 0) per request, sent while the matching
 *    xxDE bit of DIER is set
 */

#ifndef HW_TIMER_STM32F4XX_TIMER_H
#define HW_TIMER_STM32F4XX_TIMER_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "qom/object.h"

#define TYPE_STM32F4XX_TIMER "stm32f4xx-timer"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f4xxTimerState, STM32F4XX_TIMER)

#define STM32F4XX_TIMER_MMIO_SIZE 0x400
#define STM32F4XX_TIMER_NUM_CH 4
#define STM32F4XX_TIMER_NUM_ITR 4
#define STM32F4XX_TIMER_NUM_IRQ 4
#define STM32F4XX_TIMER_NUM_DMA 7
/* "ch-out" level of a channel that does not drive its pin */
#define STM32F4XX_TIMER_OUT_RELEASED (-1)

/* Sysbus IRQ numbers of an advanced timer */
enum {
    STM32F4XX_TIMER_IRQ_BRK,
    STM32F4XX_TIMER_IRQ_UP,
    STM32F4XX_TIMER_IRQ_TRG_COM,
    STM32F4XX_TIMER_IRQ_CC,
};

struct Stm32f4xxTimerState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;

    /* Guest-visible registers (preload registers for PSC, ARR, CCRx) */
    uint32_t cr1;
    uint32_t cr2;
    uint32_t smcr;
    uint32_t dier;
    uint32_t sr;
    uint32_t ccmr[2];
    uint32_t ccer;
    uint32_t cnt;
    uint32_t psc;
    uint32_t arr;
    uint32_t rcr;
    uint32_t ccr[STM32F4XX_TIMER_NUM_CH];
    uint32_t bdtr;
    uint32_t dcr;
    uint32_t or_reg;            /* OR (TIM2, TIM5, TIM11) */

    /* Shadow registers, loaded at an update event */
    uint32_t psc_active;
    uint32_t arr_active;
    uint32_t ccr_active[STM32F4XX_TIMER_NUM_CH];
    uint32_t rep_cnt;           /* repetition down-counter (RCR shadow) */

    /*
     * Time base: while the counter runs from its clock, it has made
     * steps_done steps since base_ns (virtual ns at which the prescaler
     * counter was 0). CNT at any time follows from these.
     */
    bool running;
    int64_t base_ns;
    uint64_t steps_done;
    /* Edge throttling: no new output period is shown before this time */
    int64_t holdoff_ns;
    /* Migrated instead: base_ns and holdoff_ns relative to the clock */
    int64_t base_age_ns;
    int64_t holdoff_left_ns;

    uint8_t ocref;              /* OCxREF levels, bit x-1 */
    int32_t out_level[STM32F4XX_TIMER_NUM_CH];  /* last "ch-out" levels */
    int32_t trgo_level;
    uint8_t ti_level;           /* levels of the ch-in inputs, bit x-1 */
    uint8_t itr_level;          /* levels of the itr inputs, bit n */
    uint8_t ic_count[STM32F4XX_TIMER_NUM_CH];   /* input capture prescaler */
    uint32_t ext_count;         /* external clock mode 1 prescaler */

    QEMUTimer *timer;
    bool in_trgo;               /* TRGO being sent (cycle guard) */
    bool pulse_pending;         /* TRGO pulse to send (reset, update, CC1) */
    uint8_t dma_pending;        /* DMA requests to send, bit per "dma" line */
    bool filter_logged;

    /* Properties */
    uint8_t channels;
    uint8_t width;
    bool advanced;
    bool master;
    bool slave;
    bool updown;
    uint32_t or_mask;           /* writable bits of OR, 0: no OR */
    uint32_t min_period_ns;

    char *id;
    Clock *clk;
    qemu_irq irq[STM32F4XX_TIMER_NUM_IRQ];
    qemu_irq ch_out[STM32F4XX_TIMER_NUM_CH];
    qemu_irq trgo;
    qemu_irq dma[STM32F4XX_TIMER_NUM_DMA];
};

#endif
