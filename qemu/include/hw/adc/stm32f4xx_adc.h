/*
 * STM32F4xx ADC block: ADC1, ADC2, ADC3 and their common registers,
 * after RM0090 chapter 13.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Interface:
 *  - sysbus MMIO 0: the 0x400 byte block (ADC1 at 0x000, ADC2 at 0x100,
 *    ADC3 at 0x200, common registers at 0x300)
 *  - sysbus IRQ 0: the ADC global interrupt (shared by the three ADCs)
 *  - clock inputs "adc1".."adc3": the gated APB2 clock (PCLK2) of each
 *    ADC, 0 Hz = RCC enable bit clear. ADCCLK = PCLK2 / CCR.ADCPRE.
 *  - named GPIO outputs "dma" 0..2: DMA request of ADC1..3, a level:
 *    CR2.DMA set and a regular conversion result waiting in DR (EOC)
 *  - named GPIO inputs "ext-trigger" 0..15 and "jext-trigger" 0..15:
 *    the regular (CR2.EXTSEL) and injected (CR2.JEXTSEL) trigger sources,
 *    by EXTSEL value (TIMx CCy / TRGO levels, EXTI11/EXTI15); edges are
 *    detected as CR2.EXTEN/JEXTEN select
 *  - named GPIO inputs "dac" 0..1: output voltage of DAC channel 1/2 in
 *    mV while that channel is enabled, -1 while it is off. An enabled DAC
 *    channel drives its pin (PA4/PA5), and so ADC12_IN4/IN5.
 *  - links "gpioa".."gpiof": the GPIO ports of the analog pins, to see
 *    whether a pin is an output (it then reads its logic level x VDDA)
 *  - QOM properties (host side, settable at run time with qom-set):
 *      "pa0".."pa7", "pb0", "pb1", "pc0".."pc5", "pf3".."pf10" (uint32,
 *          mV): voltage applied to that analog pin (default 0)
 *      "temperature" (int32, degrees C, default 25): die temperature
 *      "vbat" (uint32, mV, default 3000): VBAT pin
 *      "vdda" (uint32, mV, default 3000): VDDA = VREF+ (3.0 V on the
 *          STM32F4-Discovery)
 */

#ifndef HW_ADC_STM32F4XX_ADC_H
#define HW_ADC_STM32F4XX_ADC_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "hw/gpio/stm32f4xx_gpio.h"
#include "qom/object.h"

#define TYPE_STM32F4XX_ADC "stm32f4xx-adc"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f4xxAdcState, STM32F4XX_ADC)

#define STM32F4XX_ADC_MMIO_SIZE 0x400
#define STM32F4XX_ADC_NUM 3
#define STM32F4XX_ADC_NUM_TRIGGERS 16
#define STM32F4XX_ADC_NUM_GPIO_PORTS 6     /* A..F */
/* Analog pins: 16 ADC12 channels (PA0-7, PB0-1, PC0-5), 8 ADC3-only (PF3-10) */
#define STM32F4XX_ADC_NUM_PINS 24

/* What an ADC is converting */
typedef enum {
    STM32F4XX_ADC_IDLE,
    STM32F4XX_ADC_REGULAR,
    STM32F4XX_ADC_INJECTED,
} Stm32f4xxAdcConv;

typedef struct Stm32f4xxAdcUnit {
    /* Guest-visible registers */
    uint32_t sr;
    uint32_t cr1;
    uint32_t cr2;
    uint32_t smpr1;
    uint32_t smpr2;
    uint32_t jofr[4];
    uint32_t htr;
    uint32_t ltr;
    uint32_t sqr[3];            /* SQR1, SQR2, SQR3 */
    uint32_t jsqr;
    uint32_t jdr[4];
    uint32_t dr;

    /* Conversion in progress (QEMU_CLOCK_VIRTUAL timer ends it) */
    uint32_t conv;              /* Stm32f4xxAdcConv */
    uint32_t seq_pos;           /* rank in the regular sequence */
    uint32_t jseq_pos;          /* rank in the injected sequence */
    bool regular_active;        /* a regular sequence is running */
    bool injected_pending;      /* injected sequence triggered, waiting */
    QEMUTimer *timer;

    /* Owner and index, for the timer callback (not migrated) */
    struct Stm32f4xxAdcState *adc;
    int index;
    Clock *clk;
    qemu_irq dma;
} Stm32f4xxAdcUnit;

struct Stm32f4xxAdcState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;

    Stm32f4xxAdcUnit unit[STM32F4XX_ADC_NUM];
    uint32_t ccr;               /* common control register */

    /* Trigger input levels, bit n = EXTSEL/JEXTSEL n (wire state) */
    uint32_t ext_level;
    uint32_t jext_level;
    /* DAC channel outputs, mV, -1 = off (wire state) */
    int32_t dac_mv[2];

    /* Analog inputs (properties, migrated) */
    uint32_t pin_mv[STM32F4XX_ADC_NUM_PINS];
    int32_t temperature;
    uint32_t vbat_mv;
    uint32_t vdda_mv;

    Stm32f4xxGpioState *gpio[STM32F4XX_ADC_NUM_GPIO_PORTS];
    qemu_irq irq;
};

#endif /* HW_ADC_STM32F4XX_ADC_H */
