/*
 * STM32F4xx DAC (two 12-bit channels), after RM0090 chapter 14.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Interface:
 *  - sysbus MMIO 0: the 0x400 byte register block
 *  - sysbus IRQ 0: DMA underrun interrupt (the NVIC line TIM6_DAC, shared)
 *  - named GPIO inputs "trigger" 0..7: trigger sources by TSEL value
 *    (TIM6/8/7/5/2/4 TRGO, EXTI9; 7 is the software trigger, unused);
 *    a rising edge is a trigger
 *  - named GPIO outputs "dma" 0..1: DMA request of channel 1/2 (a level,
 *    lowered when the DMA writes a DHR register)
 *  - named GPIO outputs "out" 0..1: output voltage of channel 1/2 in mV,
 *    -1 while the channel is disabled (to the ADC: PA4, PA5)
 *  - clock input "clk": the gated APB1 clock, 0 Hz = RCC enable bit clear
 *  - QOM properties: "out1-mv", "out2-mv" (uint32, read-only): output
 *    voltage of each channel; "vref" (uint32, mV, default 3000): VREF+
 */

#ifndef HW_MISC_STM32F4XX_DAC_H
#define HW_MISC_STM32F4XX_DAC_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "qom/object.h"

#define TYPE_STM32F4XX_DAC "stm32f4xx-dac"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f4xxDacState, STM32F4XX_DAC)

#define STM32F4XX_DAC_MMIO_SIZE 0x400
#define STM32F4XX_DAC_NUM_TRIGGERS 8

typedef struct Stm32f4xxDacChannel {
    uint32_t dhr;           /* 12-bit data holding register */
    uint32_t dor;           /* 12-bit data output register */
    uint32_t lfsr;          /* noise generator */
    uint32_t triangle;      /* triangle counter */
    bool triangle_down;
    bool pending;           /* a trigger: DHR goes to DOR when the timer fires */
    bool dma_request;
    QEMUTimer *timer;

    /* Not migrated */
    struct Stm32f4xxDacState *dac;
    int index;
    qemu_irq dma;
    qemu_irq out;
} Stm32f4xxDacChannel;

struct Stm32f4xxDacState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;

    uint32_t cr;
    uint32_t sr;
    uint32_t swtrigr;           /* software triggers not yet done */
    Stm32f4xxDacChannel ch[2];
    uint32_t trigger_level;     /* bit n = "trigger" input n (wire state) */

    uint32_t vref_mv;
    Clock *clk;
    qemu_irq irq;
};

#endif /* HW_MISC_STM32F4XX_DAC_H */
