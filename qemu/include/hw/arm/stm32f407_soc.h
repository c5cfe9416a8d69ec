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
#include "hw/misc/stm32f4xx_rng.h"
#include "hw/misc/stm32f4xx_crc.h"
#include "hw/misc/stm32f4xx_pwr.h"
#include "hw/misc/stm32f4xx_dbgmcu.h"
#include "hw/misc/armv7m_dwt.h"
#include "hw/char/stm32f4xx_usart.h"
#include "hw/gpio/stm32f4xx_gpio.h"
#include "hw/misc/stm32f407_syscfg.h"
#include "hw/misc/stm32f407_exti.h"
#include "hw/rtc/stm32f4xx_rtc.h"
#include "hw/watchdog/stm32f4xx_iwdg.h"
#include "hw/watchdog/stm32f4xx_wwdg.h"
#include "hw/core/split-irq.h"
#include "hw/timer/stm32f4xx_timer.h"
#include "hw/or-irq.h"
#include "hw/ssi/stm32f4xx_spi.h"
#include "hw/i2c/stm32f4xx_i2c.h"
#include "hw/adc/stm32f4xx_adc.h"
#include "hw/dma/stm32f4xx_dma.h"
#include "hw/misc/stm32f4xx_dac.h"
#include "hw/irq.h"
#include "qom/object.h"

#define TYPE_STM32F407_SOC "stm32f407-soc"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f407SocState, STM32F407_SOC)

#define STM32F407_NUM_IRQS 82
#define STM32F407_NUM_USARTS 6
#define STM32F407_NUM_GPIOS 9       /* ports A..I */
#define STM32F407_NUM_UNIMP 64
#define STM32F407_UID_BYTES 12
#define STM32F407_NUM_TIMERS 14    /* TIM1..TIM14 */
#define STM32F407_NUM_TIM_OR 7     /* NVIC lines shared with a timer */
#define STM32F407_NUM_SPIS 3       /* SPI1..SPI3 */
#define STM32F407_NUM_I2CS 3       /* I2C1..I2C3 */
#define STM32F407_NUM_TIM_PINS 64  /* room for the timer channel pin table */

struct Stm32f407SocState {
    SysBusDevice parent_obj;

    ARMv7MState armv7m;
    Stm32f4xxRccState rcc;
    Stm32f4xxFlashState flash;
    Stm32f4xxUsartState usart[STM32F407_NUM_USARTS];
    Stm32f4xxGpioState gpio[STM32F407_NUM_GPIOS];
    Stm32f407SyscfgState syscfg;
    Stm32f407ExtiState exti;
    OrIRQState exti_or[2];          /* EXTI9_5, EXTI15_10 */
    Stm32f4xxRngState rng;
    Stm32f4xxCrcState crc;
    Stm32f4xxPwrState pwr;
    /* Backup domain and watchdogs; PWR_CR.DBP goes to the RCC and the RTC */
    Stm32f4xxRtcState rtc;
    Stm32f4xxIwdgState iwdg;
    Stm32f4xxWwdgState wwdg;
    SplitIRQ dbp_split;
    Armv7mDwtState dwt;             /* with DEMCR, mapped in the armv7m container */
    Stm32f4xxDbgmcuState dbgmcu;    /* mapped in the armv7m container */
    /* Timers: tim[n - 1] is TIMn */
    Stm32f4xxTimerState tim[STM32F407_NUM_TIMERS];
    OrIRQState tim_or[STM32F407_NUM_TIM_OR];
    /* Channel outputs to the GPIO alternate functions and back, TRGO to the ITRs */
    IRQState tim_ch_fwd[STM32F407_NUM_TIMERS][STM32F4XX_TIMER_NUM_CH];
    IRQState tim_pin_fwd[STM32F407_NUM_TIM_PINS];
    IRQState tim_read_sync[STM32F407_NUM_GPIOS];  /* GPIO IDR read: sync timers */
    IRQState tim_trgo_fwd[STM32F407_NUM_TIMERS];
    /* ADC, DAC and DMA */
    Stm32f4xxAdcState adc;          /* ADC1..3 and the common registers */
    Stm32f4xxDmaState dma[2];       /* DMA1, DMA2 */
    Stm32f4xxDacState dac;
    IRQState adc_dma_fwd[STM32F4XX_ADC_NUM];    /* ADC DMA requests to DMA2 */
    /* SPI controllers: spi[n - 1] is SPIn */
    Stm32f4xxSpiState spi[STM32F407_NUM_SPIS];
    /* I2C controllers: i2c[n - 1] is I2Cn */
    Stm32f4xxI2cState i2c[STM32F407_NUM_I2CS];
    UnimplementedDeviceState unimp[STM32F407_NUM_UNIMP];
    /* RCC xxxRSTR bits: "periph-reset"[k] resets the child named like clock k */
    IRQState periph_reset[STM32F4XX_RCC_NUM_PERIPH_CLOCKS];

    /* What MEMRMP maps at address 0: one of these is enabled. */
    MemoryRegion flash_alias;
    MemoryRegion sysmem_alias;
    MemoryRegion sram_alias;
    IRQState mem_mode_in;

    /*
     * Named GPIOs of the SoC, 16 lines each: inputs "gpioa-in".."gpioi-in"
     * drive the pins from the board, outputs "gpioa-out".."gpioi-out" give
     * the pin levels to the board.
     */
    qemu_irq pin_out[STM32F407_NUM_GPIOS][STM32F4XX_GPIO_NUM_PINS];
    IRQState pin_fwd[STM32F407_NUM_GPIOS][STM32F4XX_GPIO_NUM_PINS];

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
