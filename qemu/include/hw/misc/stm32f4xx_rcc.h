/*
 * STM32F4xx RCC (reset and clock control), after RM0090 section 7.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_MISC_STM32F4XX_RCC_H
#define HW_MISC_STM32F4XX_RCC_H

#include "hw/sysbus.h"
#include "hw/clock.h"
#include "qom/object.h"

#define TYPE_STM32F4XX_RCC "stm32f4xx-rcc"
OBJECT_DECLARE_SIMPLE_TYPE(Stm32f4xxRccState, STM32F4XX_RCC)

#define STM32F4XX_RCC_NUM_REGS (0x88 / 4)

/* Bus of a gated peripheral clock, and the register holding its enable bit. */
typedef enum {
    RCC_BUS_AHB1, RCC_BUS_AHB2, RCC_BUS_AHB3,
    RCC_BUS_APB1, RCC_BUS_APB2,
    RCC_BUS_APB1_TIM, RCC_BUS_APB2_TIM,   /* x2 when the APB prescaler is not 1 */
} Stm32f4xxRccBus;

/* Inputs on the named GPIO "reset-request": what made the chip reset (CSR flags). */
enum {
    STM32F4XX_RESET_SOFTWARE,
    STM32F4XX_RESET_IWDG,
    STM32F4XX_RESET_WWDG,
    STM32F4XX_RESET_LOWPOWER,
    STM32F4XX_RESET_NUM_CAUSES,
};

/* Gated peripheral clock outputs, one per xxxEN bit we route. */
#define STM32F4XX_RCC_NUM_PERIPH_CLOCKS 64

struct Stm32f4xxRccState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;
    qemu_irq irq;
    /* Out "periph-reset" lines, pulsed by the xxxRSTR registers. */
    qemu_irq periph_reset[STM32F4XX_RCC_NUM_PERIPH_CLOCKS];

    uint32_t regs[STM32F4XX_RCC_NUM_REGS];
    /* Cause latched by a reset-request input; applied to CSR at the next reset. */
    uint32_t pending_reset_cause;
    bool powered_on;
    /* In "dbp": PWR_CR.DBP; RCC_BDCR ignores writes while it is 0. */
    bool dbp;
    /* In "lsi-force": a started IWDG keeps the LSI on whatever LSION says. */
    bool lsi_forced;
    /* Out "bdrst": RCC_BDCR.BDRST, holds the backup domain (RTC) in reset. */
    qemu_irq bdrst;

    Clock *sysclk;       /* SYSCLK */
    Clock *hclk;         /* AHB, Cortex FCLK */
    Clock *refclk;       /* Cortex SysTick reference: HCLK / 8 */
    Clock *pclk1;
    Clock *pclk2;
    Clock *periph_clk[STM32F4XX_RCC_NUM_PERIPH_CLOCKS];
    Clock *lsi;          /* 32 kHz while LSIRDY: IWDG */
    Clock *rtcclk;       /* RTCSEL source (LSE, LSI, HSE/RTCPRE) gated by RTCEN */

    /* Board crystal frequencies (properties). */
    uint32_t hse_hz;
    uint32_t lse_hz;
};

/*
 * Name of peripheral clock output / "periph-reset" line @idx (the SoC child it
 * feeds has the same name), or NULL past the last one.
 */
const char *stm32f4xx_rcc_periph_name(unsigned idx);

#endif
