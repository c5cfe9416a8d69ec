/*
 * STM32F4xx RCC (reset and clock control), after RM0090 section 7.
 *
 * Oscillators become ready as soon as they are enabled (the guest still sees the
 * RDY bits and the CIR flags), SWS follows SW once the source is ready, and the
 * clock tree (SYSCLK, AHB/APB prescalers, APB timer x2 rule, per-peripheral
 * gates) drives Clock outputs that the CPU (SysTick) and peripherals consume.
 * The backup domain side: "lsi" (32 kHz while LSIRDY, for the IWDG, which
 * forces the LSI on through "lsi-force" while it runs) and "rtcclk" (RTCSEL:
 * LSE, LSI or HSE/RTCPRE, gated by RTCEN); BDRST is also the "bdrst" output
 * that holds the RTC in reset.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qapi/error.h"
#include "migration/vmstate.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/qdev-properties.h"
#include "hw/registerfields.h"
#include "hw/resettable.h"
#include "system/runstate.h"
#include "hw/misc/stm32f4xx_rcc.h"
#include "trace.h"

#define HSI_HZ 16000000u
#define LSI_HZ 32000u

REG32(CR, 0x00)
    FIELD(CR, HSION, 0, 1)
    FIELD(CR, HSIRDY, 1, 1)
    FIELD(CR, HSITRIM, 3, 5)
    FIELD(CR, HSICAL, 8, 8)
    FIELD(CR, HSEON, 16, 1)
    FIELD(CR, HSERDY, 17, 1)
    FIELD(CR, HSEBYP, 18, 1)
    FIELD(CR, CSSON, 19, 1)
    FIELD(CR, PLLON, 24, 1)
    FIELD(CR, PLLRDY, 25, 1)
    FIELD(CR, PLLI2SON, 26, 1)
    FIELD(CR, PLLI2SRDY, 27, 1)
REG32(PLLCFGR, 0x04)
    FIELD(PLLCFGR, PLLM, 0, 6)
    FIELD(PLLCFGR, PLLN, 6, 9)
    FIELD(PLLCFGR, PLLP, 16, 2)
    FIELD(PLLCFGR, PLLSRC, 22, 1)
    FIELD(PLLCFGR, PLLQ, 24, 4)
REG32(CFGR, 0x08)
    FIELD(CFGR, SW, 0, 2)
    FIELD(CFGR, SWS, 2, 2)
    FIELD(CFGR, HPRE, 4, 4)
    FIELD(CFGR, PPRE1, 10, 3)
    FIELD(CFGR, PPRE2, 13, 3)
    FIELD(CFGR, RTCPRE, 16, 5)
REG32(CIR, 0x0C)
    FIELD(CIR, FLAGS, 0, 8)
    FIELD(CIR, IE, 8, 6)
    FIELD(CIR, CLEAR, 16, 8)
REG32(AHB1RSTR, 0x10)
REG32(AHB2RSTR, 0x14)
REG32(AHB3RSTR, 0x18)
REG32(APB1RSTR, 0x20)
REG32(APB2RSTR, 0x24)
REG32(AHB1ENR, 0x30)
REG32(AHB2ENR, 0x34)
REG32(AHB3ENR, 0x38)
REG32(APB1ENR, 0x40)
REG32(APB2ENR, 0x44)
REG32(AHB1LPENR, 0x50)
REG32(AHB2LPENR, 0x54)
REG32(AHB3LPENR, 0x58)
REG32(APB1LPENR, 0x60)
REG32(APB2LPENR, 0x64)
REG32(BDCR, 0x70)
    FIELD(BDCR, LSEON, 0, 1)
    FIELD(BDCR, LSERDY, 1, 1)
    FIELD(BDCR, LSEBYP, 2, 1)
    FIELD(BDCR, RTCSEL, 8, 2)
    FIELD(BDCR, RTCEN, 15, 1)
    FIELD(BDCR, BDRST, 16, 1)
REG32(CSR, 0x74)
    FIELD(CSR, LSION, 0, 1)
    FIELD(CSR, LSIRDY, 1, 1)
    FIELD(CSR, RMVF, 24, 1)
    FIELD(CSR, BORRSTF, 25, 1)
    FIELD(CSR, PINRSTF, 26, 1)
    FIELD(CSR, PORRSTF, 27, 1)
    FIELD(CSR, SFTRSTF, 28, 1)
    FIELD(CSR, IWDGRSTF, 29, 1)
    FIELD(CSR, WWDGRSTF, 30, 1)
    FIELD(CSR, LPWRRSTF, 31, 1)
REG32(SSCGR, 0x80)
REG32(PLLI2SCFGR, 0x84)
    FIELD(PLLI2SCFGR, PLLI2SN, 6, 9)
    FIELD(PLLI2SCFGR, PLLI2SR, 28, 3)

/* CIR flag bits (also the bit positions of their IE bits minus 8) */
enum { CIR_LSIRDY, CIR_LSERDY, CIR_HSIRDY, CIR_HSERDY, CIR_PLLRDY, CIR_PLLI2SRDY };

#define CSR_RESET_FLAGS 0xFE000000u

/* Reset values and writable bits, RM0090 7.3 */
static const struct {
    uint32_t reset;
    uint32_t writable;
} rcc_reg_info[STM32F4XX_RCC_NUM_REGS] = {
    [R_CR]         = { 0x00000083, 0x050D00F9 },
    [R_PLLCFGR]    = { 0x24003010, 0x0F437FFF },
    [R_CFGR]       = { 0x00000000, 0xFFFFFCF3 },
    [R_CIR]        = { 0x00000000, 0x00003F00 },
    [R_AHB1RSTR]   = { 0x00000000, 0x226011FF },
    [R_AHB2RSTR]   = { 0x00000000, 0x000000F1 },
    [R_AHB3RSTR]   = { 0x00000000, 0x00000001 },
    [R_APB1RSTR]   = { 0x00000000, 0x36FEC9FF },
    [R_APB2RSTR]   = { 0x00000000, 0x00075933 },
    [R_AHB1ENR]    = { 0x00100000, 0x7E7411FF },
    [R_AHB2ENR]    = { 0x00000000, 0x000000F1 },
    [R_AHB3ENR]    = { 0x00000000, 0x00000001 },
    [R_APB1ENR]    = { 0x00000000, 0x36FEC9FF },
    [R_APB2ENR]    = { 0x00000000, 0x00075F33 },
    [R_AHB1LPENR]  = { 0x7E6791FF, 0x7E6791FF },
    [R_AHB2LPENR]  = { 0x000000F1, 0x000000F1 },
    [R_AHB3LPENR]  = { 0x00000001, 0x00000001 },
    [R_APB1LPENR]  = { 0x36FEC9FF, 0x36FEC9FF },
    [R_APB2LPENR]  = { 0x00075F33, 0x00075F33 },
    [R_BDCR]       = { 0x00000000, 0x00018305 },
    [R_CSR]        = { 0x0E000000, 0x00000001 },
    [R_SSCGR]      = { 0x00000000, 0xCFFFFFFF },
    [R_PLLI2SCFGR] = { 0x20003000, 0x70007FC0 },
};

/* Peripheral clocks: output name, bus, enable register, bit (RSTR uses the same bit). */
static const struct {
    const char *name;
    Stm32f4xxRccBus bus;
    uint8_t enr;
    uint8_t bit;
} rcc_periph[] = {
    { "gpioa", RCC_BUS_AHB1, R_AHB1ENR, 0 }, { "gpiob", RCC_BUS_AHB1, R_AHB1ENR, 1 },
    { "gpioc", RCC_BUS_AHB1, R_AHB1ENR, 2 }, { "gpiod", RCC_BUS_AHB1, R_AHB1ENR, 3 },
    { "gpioe", RCC_BUS_AHB1, R_AHB1ENR, 4 }, { "gpiof", RCC_BUS_AHB1, R_AHB1ENR, 5 },
    { "gpiog", RCC_BUS_AHB1, R_AHB1ENR, 6 }, { "gpioh", RCC_BUS_AHB1, R_AHB1ENR, 7 },
    { "gpioi", RCC_BUS_AHB1, R_AHB1ENR, 8 }, { "crc", RCC_BUS_AHB1, R_AHB1ENR, 12 },
    { "bkpsram", RCC_BUS_AHB1, R_AHB1ENR, 18 }, { "ccmram", RCC_BUS_AHB1, R_AHB1ENR, 20 },
    { "dma1", RCC_BUS_AHB1, R_AHB1ENR, 21 }, { "dma2", RCC_BUS_AHB1, R_AHB1ENR, 22 },
    { "ethmac", RCC_BUS_AHB1, R_AHB1ENR, 25 }, { "otghs", RCC_BUS_AHB1, R_AHB1ENR, 29 },
    { "dcmi", RCC_BUS_AHB2, R_AHB2ENR, 0 }, { "cryp", RCC_BUS_AHB2, R_AHB2ENR, 4 },
    { "hash", RCC_BUS_AHB2, R_AHB2ENR, 5 }, { "rng", RCC_BUS_AHB2, R_AHB2ENR, 6 },
    { "otgfs", RCC_BUS_AHB2, R_AHB2ENR, 7 }, { "fsmc", RCC_BUS_AHB3, R_AHB3ENR, 0 },
    { "tim2", RCC_BUS_APB1_TIM, R_APB1ENR, 0 }, { "tim3", RCC_BUS_APB1_TIM, R_APB1ENR, 1 },
    { "tim4", RCC_BUS_APB1_TIM, R_APB1ENR, 2 }, { "tim5", RCC_BUS_APB1_TIM, R_APB1ENR, 3 },
    { "tim6", RCC_BUS_APB1_TIM, R_APB1ENR, 4 }, { "tim7", RCC_BUS_APB1_TIM, R_APB1ENR, 5 },
    { "tim12", RCC_BUS_APB1_TIM, R_APB1ENR, 6 }, { "tim13", RCC_BUS_APB1_TIM, R_APB1ENR, 7 },
    { "tim14", RCC_BUS_APB1_TIM, R_APB1ENR, 8 }, { "wwdg", RCC_BUS_APB1, R_APB1ENR, 11 },
    { "spi2", RCC_BUS_APB1, R_APB1ENR, 14 }, { "spi3", RCC_BUS_APB1, R_APB1ENR, 15 },
    { "usart2", RCC_BUS_APB1, R_APB1ENR, 17 }, { "usart3", RCC_BUS_APB1, R_APB1ENR, 18 },
    { "uart4", RCC_BUS_APB1, R_APB1ENR, 19 }, { "uart5", RCC_BUS_APB1, R_APB1ENR, 20 },
    { "i2c1", RCC_BUS_APB1, R_APB1ENR, 21 }, { "i2c2", RCC_BUS_APB1, R_APB1ENR, 22 },
    { "i2c3", RCC_BUS_APB1, R_APB1ENR, 23 }, { "can1", RCC_BUS_APB1, R_APB1ENR, 25 },
    { "can2", RCC_BUS_APB1, R_APB1ENR, 26 }, { "pwr", RCC_BUS_APB1, R_APB1ENR, 28 },
    { "dac", RCC_BUS_APB1, R_APB1ENR, 29 },
    { "tim1", RCC_BUS_APB2_TIM, R_APB2ENR, 0 }, { "tim8", RCC_BUS_APB2_TIM, R_APB2ENR, 1 },
    { "usart1", RCC_BUS_APB2, R_APB2ENR, 4 }, { "usart6", RCC_BUS_APB2, R_APB2ENR, 5 },
    { "adc1", RCC_BUS_APB2, R_APB2ENR, 8 }, { "adc2", RCC_BUS_APB2, R_APB2ENR, 9 },
    { "adc3", RCC_BUS_APB2, R_APB2ENR, 10 }, { "sdio", RCC_BUS_APB2, R_APB2ENR, 11 },
    { "spi1", RCC_BUS_APB2, R_APB2ENR, 12 }, { "syscfg", RCC_BUS_APB2, R_APB2ENR, 14 },
    { "tim9", RCC_BUS_APB2_TIM, R_APB2ENR, 16 }, { "tim10", RCC_BUS_APB2_TIM, R_APB2ENR, 17 },
    { "tim11", RCC_BUS_APB2_TIM, R_APB2ENR, 18 },
};
QEMU_BUILD_BUG_ON(ARRAY_SIZE(rcc_periph) > STM32F4XX_RCC_NUM_PERIPH_CLOCKS);

const char *stm32f4xx_rcc_periph_name(unsigned idx)
{
    return idx < ARRAY_SIZE(rcc_periph) ? rcc_periph[idx].name : NULL;
}

/* ENR offset -> RSTR offset */
static unsigned rcc_rstr_for_enr(unsigned enr)
{
    return enr - (R_AHB1ENR - R_AHB1RSTR);
}

static uint32_t rcc_ahb_div(uint32_t hpre)
{
    static const uint16_t div[8] = { 2, 4, 8, 16, 64, 128, 256, 512 };
    return hpre & 8 ? div[hpre & 7] : 1;
}

static uint32_t rcc_apb_div(uint32_t ppre)
{
    return ppre & 4 ? 2u << (ppre & 3) : 1;
}

/* Main PLL "P" output in Hz, 0 when off or misconfigured. */
static uint64_t rcc_pll_hz(Stm32f4xxRccState *s, bool q_output)
{
    uint32_t cfg = s->regs[R_PLLCFGR];
    uint32_t m = FIELD_EX32(cfg, PLLCFGR, PLLM);
    uint32_t n = FIELD_EX32(cfg, PLLCFGR, PLLN);
    uint32_t p = (FIELD_EX32(cfg, PLLCFGR, PLLP) + 1) * 2;
    uint32_t q = FIELD_EX32(cfg, PLLCFGR, PLLQ);
    uint64_t in = FIELD_EX32(cfg, PLLCFGR, PLLSRC) ? s->hse_hz : HSI_HZ;

    if (!FIELD_EX32(s->regs[R_CR], CR, PLLRDY)) {
        return 0;
    }
    if (m < 2 || n < 50 || n > 432 || (q_output && q < 2)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: invalid PLL configuration M=%u N=%u Q=%u\n",
                      __func__, m, n, q);
        return 0;
    }
    return in * n / m / (q_output ? q : p);
}

static uint64_t rcc_sysclk_hz(Stm32f4xxRccState *s)
{
    switch (FIELD_EX32(s->regs[R_CFGR], CFGR, SWS)) {
    case 0:
        return HSI_HZ;
    case 1:
        return s->hse_hz;
    case 2:
        return rcc_pll_hz(s, false);
    default:
        return 0;
    }
}

/* RTCCLK (RM0090 7.2.8): RTCSEL picks LSE, LSI or HSE/RTCPRE; RTCEN gates it. */
static uint64_t rcc_rtcclk_hz(Stm32f4xxRccState *s)
{
    uint32_t bdcr = s->regs[R_BDCR];
    uint32_t rtcpre = FIELD_EX32(s->regs[R_CFGR], CFGR, RTCPRE);

    if (!FIELD_EX32(bdcr, BDCR, RTCEN)) {
        return 0;
    }
    switch (FIELD_EX32(bdcr, BDCR, RTCSEL)) {
    case 1:
        return FIELD_EX32(bdcr, BDCR, LSERDY) ? s->lse_hz : 0;
    case 2:
        return FIELD_EX32(s->regs[R_CSR], CSR, LSIRDY) ? LSI_HZ : 0;
    case 3:
        /* RTCPRE 0 and 1: no clock. */
        if (!FIELD_EX32(s->regs[R_CR], CR, HSERDY) || rtcpre < 2) {
            return 0;
        }
        return s->hse_hz / rtcpre;
    default:
        return 0;
    }
}

/* Recompute every clock output; Clock propagation notifies consumers that changed. */
static void rcc_update_clocks(Stm32f4xxRccState *s)
{
    uint32_t cfgr = s->regs[R_CFGR];
    uint64_t sys = rcc_sysclk_hz(s);
    uint64_t hclk = sys / rcc_ahb_div(FIELD_EX32(cfgr, CFGR, HPRE));
    uint32_t div1 = rcc_apb_div(FIELD_EX32(cfgr, CFGR, PPRE1));
    uint32_t div2 = rcc_apb_div(FIELD_EX32(cfgr, CFGR, PPRE2));
    uint64_t bus_hz[] = {
        [RCC_BUS_AHB1] = hclk, [RCC_BUS_AHB2] = hclk, [RCC_BUS_AHB3] = hclk,
        [RCC_BUS_APB1] = hclk / div1, [RCC_BUS_APB2] = hclk / div2,
        [RCC_BUS_APB1_TIM] = hclk / div1 * (div1 == 1 ? 1 : 2),
        [RCC_BUS_APB2_TIM] = hclk / div2 * (div2 == 1 ? 1 : 2),
    };

    trace_stm32f4xx_rcc_clocks(sys, hclk, bus_hz[RCC_BUS_APB1], bus_hz[RCC_BUS_APB2]);
    clock_update_hz(s->sysclk, sys);
    clock_update_hz(s->hclk, hclk);
    clock_update_hz(s->refclk, hclk / 8);
    clock_update_hz(s->pclk1, bus_hz[RCC_BUS_APB1]);
    clock_update_hz(s->pclk2, bus_hz[RCC_BUS_APB2]);
    for (unsigned i = 0; i < ARRAY_SIZE(rcc_periph); i++) {
        bool on = s->regs[rcc_periph[i].enr] & BIT(rcc_periph[i].bit);
        clock_update_hz(s->periph_clk[i], on ? bus_hz[rcc_periph[i].bus] : 0);
    }
    clock_update_hz(s->lsi, FIELD_EX32(s->regs[R_CSR], CSR, LSIRDY) ? LSI_HZ : 0);
    clock_update_hz(s->rtcclk, rcc_rtcclk_hz(s));
}

static void rcc_update_irq(Stm32f4xxRccState *s)
{
    uint32_t cir = s->regs[R_CIR];
    bool level = (cir & FIELD_EX32(cir, CIR, IE)) & 0x3F;

    /* CSSF (bit 7) goes to the NMI, not modelled: the clock never fails here. */
    qemu_set_irq(s->irq, level);
}

static void rcc_set_ready_flag(Stm32f4xxRccState *s, uint32_t *reg, uint32_t rdy_mask,
                               bool on, int cir_flag)
{
    if (on && !(*reg & rdy_mask)) {
        s->regs[R_CIR] |= BIT(cir_flag);
    }
    *reg = on ? *reg | rdy_mask : *reg & ~rdy_mask;
}

/* Oscillators and PLLs are ready as soon as they are on (a stable crystal). */
static void rcc_update_ready(Stm32f4xxRccState *s)
{
    uint32_t *cr = &s->regs[R_CR];
    uint32_t sw, sws;
    bool src_ready;

    rcc_set_ready_flag(s, cr, R_CR_HSIRDY_MASK, *cr & R_CR_HSION_MASK, CIR_HSIRDY);
    rcc_set_ready_flag(s, cr, R_CR_HSERDY_MASK, *cr & R_CR_HSEON_MASK, CIR_HSERDY);
    rcc_set_ready_flag(s, cr, R_CR_PLLRDY_MASK, *cr & R_CR_PLLON_MASK, CIR_PLLRDY);
    rcc_set_ready_flag(s, cr, R_CR_PLLI2SRDY_MASK, *cr & R_CR_PLLI2SON_MASK, CIR_PLLI2SRDY);
    rcc_set_ready_flag(s, &s->regs[R_BDCR], R_BDCR_LSERDY_MASK,
                       s->regs[R_BDCR] & R_BDCR_LSEON_MASK, CIR_LSERDY);
    /* A started IWDG forces the LSI on (RM0090 21.3.1) without setting LSION. */
    rcc_set_ready_flag(s, &s->regs[R_CSR], R_CSR_LSIRDY_MASK,
                       (s->regs[R_CSR] & R_CSR_LSION_MASK) || s->lsi_forced, CIR_LSIRDY);

    /* The switch completes only onto a ready source (RM0090 7.2.6). */
    sw = FIELD_EX32(s->regs[R_CFGR], CFGR, SW);
    sws = FIELD_EX32(s->regs[R_CFGR], CFGR, SWS);
    switch (sw) {
    case 0:
        src_ready = *cr & R_CR_HSIRDY_MASK;
        break;
    case 1:
        src_ready = *cr & R_CR_HSERDY_MASK;
        break;
    case 2:
        src_ready = *cr & R_CR_PLLRDY_MASK;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: SW=3 is not allowed\n", __func__);
        src_ready = false;
        break;
    }
    if (sw != sws && src_ready) {
        s->regs[R_CFGR] = FIELD_DP32(s->regs[R_CFGR], CFGR, SWS, sw);
    }
}

/* The source feeding SYSCLK cannot be switched off; HSI is turned back on. */
static uint32_t rcc_protect_cr(Stm32f4xxRccState *s, uint32_t cr)
{
    switch (FIELD_EX32(s->regs[R_CFGR], CFGR, SWS)) {
    case 0:
        cr |= R_CR_HSION_MASK;
        break;
    case 1:
        cr |= R_CR_HSEON_MASK;
        break;
    case 2:
        cr |= R_CR_PLLON_MASK;
        break;
    }
    return cr;
}

static void rcc_pulse_resets(Stm32f4xxRccState *s, unsigned rstr, uint32_t newly_set)
{
    for (unsigned i = 0; i < ARRAY_SIZE(rcc_periph); i++) {
        if (rcc_rstr_for_enr(rcc_periph[i].enr) == rstr && (newly_set & BIT(rcc_periph[i].bit))) {
            trace_stm32f4xx_rcc_periph_reset(rcc_periph[i].name);
            qemu_irq_pulse(s->periph_reset[i]);
        }
    }
}

static uint64_t rcc_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32f4xxRccState *s = opaque;
    unsigned idx = addr / 4;
    uint32_t value = 0;

    if (idx < STM32F4XX_RCC_NUM_REGS && (rcc_reg_info[idx].writable || rcc_reg_info[idx].reset)) {
        value = s->regs[idx];
    } else {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n", __func__, addr);
    }
    trace_stm32f4xx_rcc_read(addr, value);
    return value;
}

static void rcc_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32f4xxRccState *s = opaque;
    unsigned idx = addr / 4;
    uint32_t value = val64, old;

    trace_stm32f4xx_rcc_write(addr, value);
    if (idx >= STM32F4XX_RCC_NUM_REGS || !rcc_reg_info[idx].writable) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: bad offset 0x%" HWADDR_PRIx "\n", __func__, addr);
        return;
    }
    old = s->regs[idx];

    switch (idx) {
    case R_CR:
        value = rcc_protect_cr(s, value);
        if (value & R_CR_CSSON_MASK) {
            qemu_log_mask(LOG_UNIMP, "%s: clock security system never trips here\n", __func__);
        }
        break;
    case R_PLLCFGR:
        if (s->regs[R_CR] & R_CR_PLLON_MASK) {
            /* RM0090: configure the PLL only while it is off. */
            qemu_log_mask(LOG_GUEST_ERROR, "%s: PLLCFGR written while PLL is on\n", __func__);
            return;
        }
        break;
    case R_CIR:
        /* Writing a CxxxC bit clears the matching flag; CSSC is bit 23. */
        s->regs[R_CIR] &= ~((value >> 16) & 0xBF);
        break;
    case R_BDCR:
        if (!s->dbp) {
            /* RM0090 5.1.2: the backup domain is write-protected until PWR_CR.DBP=1. */
            qemu_log_mask(LOG_GUEST_ERROR, "%s: RCC_BDCR write 0x%08" PRIx32 " ignored: "
                          "backup domain write-protected (PWR_CR.DBP=0)\n", __func__, value);
            return;
        }
        if (value & R_BDCR_BDRST_MASK) {
            /* Backup domain reset: LSE off, RTC source cleared. */
            s->regs[R_BDCR] = R_BDCR_BDRST_MASK;
            rcc_update_ready(s);
            rcc_update_clocks(s);
            qemu_set_irq(s->bdrst, 1);
            return;
        }
        if (FIELD_EX32(old, BDCR, RTCSEL) != 0) {
            /* RTCSEL is write-once until a backup domain reset. */
            value = FIELD_DP32(value, BDCR, RTCSEL, FIELD_EX32(old, BDCR, RTCSEL));
        }
        break;
    case R_CSR:
        if (value & R_CSR_RMVF_MASK) {
            s->regs[R_CSR] &= ~CSR_RESET_FLAGS;
        }
        break;
    }

    s->regs[idx] = (s->regs[idx] & ~rcc_reg_info[idx].writable) |
                   (value & rcc_reg_info[idx].writable);

    switch (idx) {
    case R_AHB1RSTR: case R_AHB2RSTR: case R_AHB3RSTR: case R_APB1RSTR: case R_APB2RSTR:
        rcc_pulse_resets(s, idx, s->regs[idx] & ~old);
        break;
    case R_BDCR:
        /* BDRST written back to 0 releases the backup domain. */
        qemu_set_irq(s->bdrst, 0);
        break;
    }
    rcc_update_ready(s);
    rcc_update_clocks(s);
    rcc_update_irq(s);
}

static const MemoryRegionOps rcc_ops = {
    .read = rcc_read,
    .write = rcc_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

/* A reset request from the core (SYSRESETREQ) or a watchdog: latch its cause, reset. */
static void rcc_reset_request(void *opaque, int cause, int level)
{
    Stm32f4xxRccState *s = opaque;
    static const uint32_t flag[STM32F4XX_RESET_NUM_CAUSES] = {
        [STM32F4XX_RESET_SOFTWARE] = R_CSR_SFTRSTF_MASK,
        [STM32F4XX_RESET_IWDG] = R_CSR_IWDGRSTF_MASK,
        [STM32F4XX_RESET_WWDG] = R_CSR_WWDGRSTF_MASK,
        [STM32F4XX_RESET_LOWPOWER] = R_CSR_LPWRRSTF_MASK,
    };

    if (level && cause >= 0 && cause < STM32F4XX_RESET_NUM_CAUSES) {
        s->pending_reset_cause |= flag[cause];
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    }
}

/* PWR_CR.DBP, from the PWR: 1 lets the guest write the backup domain (BDCR). */
static void rcc_set_dbp(void *opaque, int n, int level)
{
    Stm32f4xxRccState *s = opaque;

    s->dbp = level;
}

/* From the IWDG: 1 while it runs, which keeps the LSI on. */
static void rcc_set_lsi_force(void *opaque, int n, int level)
{
    Stm32f4xxRccState *s = opaque;

    s->lsi_forced = level;
    rcc_update_ready(s);
    rcc_update_clocks(s);
    rcc_update_irq(s);
}

static void rcc_reset_hold(Object *obj, ResetType type)
{
    Stm32f4xxRccState *s = STM32F4XX_RCC(obj);
    uint32_t bdcr = s->regs[R_BDCR];
    uint32_t csr_flags = s->regs[R_CSR] & CSR_RESET_FLAGS;

    for (unsigned i = 0; i < STM32F4XX_RCC_NUM_REGS; i++) {
        s->regs[i] = rcc_reg_info[i].reset;
    }
    if (s->powered_on) {
        /* System reset: the backup domain (BDCR) survives, reset flags accumulate. */
        s->regs[R_BDCR] = bdcr;
        s->regs[R_CSR] = csr_flags | R_CSR_PINRSTF_MASK | s->pending_reset_cause;
    }
    s->powered_on = true;
    s->pending_reset_cause = 0;
    rcc_update_ready(s);
    s->regs[R_CIR] = 0;
}

static void rcc_reset_exit(Object *obj, ResetType type)
{
    Stm32f4xxRccState *s = STM32F4XX_RCC(obj);

    rcc_update_clocks(s);
    rcc_update_irq(s);
    qemu_set_irq(s->bdrst, FIELD_EX32(s->regs[R_BDCR], BDCR, BDRST));
}

static void rcc_init(Object *obj)
{
    Stm32f4xxRccState *s = STM32F4XX_RCC(obj);
    DeviceState *dev = DEVICE(obj);

    memory_region_init_io(&s->mmio, obj, &rcc_ops, s, TYPE_STM32F4XX_RCC, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    qdev_init_gpio_in_named(dev, rcc_reset_request, "reset-request",
                            STM32F4XX_RESET_NUM_CAUSES);
    qdev_init_gpio_in_named(dev, rcc_set_dbp, "dbp", 1);
    qdev_init_gpio_in_named(dev, rcc_set_lsi_force, "lsi-force", 1);
    qdev_init_gpio_out_named(dev, &s->bdrst, "bdrst", 1);
    qdev_init_gpio_out_named(dev, s->periph_reset, "periph-reset", ARRAY_SIZE(rcc_periph));

    s->sysclk = qdev_init_clock_out(dev, "sysclk");
    s->hclk = qdev_init_clock_out(dev, "hclk");
    s->refclk = qdev_init_clock_out(dev, "refclk");
    s->pclk1 = qdev_init_clock_out(dev, "pclk1");
    s->pclk2 = qdev_init_clock_out(dev, "pclk2");
    for (unsigned i = 0; i < ARRAY_SIZE(rcc_periph); i++) {
        s->periph_clk[i] = qdev_init_clock_out(dev, rcc_periph[i].name);
    }
    s->lsi = qdev_init_clock_out(dev, "lsi");
    s->rtcclk = qdev_init_clock_out(dev, "rtcclk");
}

static void rcc_realize(DeviceState *dev, Error **errp)
{
    Stm32f4xxRccState *s = STM32F4XX_RCC(dev);

    if (s->hse_hz < 4000000 || s->hse_hz > 26000000) {
        error_setg(errp, "hse-frequency must be 4-26 MHz (RM0090 HSE range), got %u Hz",
                   s->hse_hz);
    }
}

static int rcc_post_load(void *opaque, int version_id)
{
    rcc_update_irq(opaque);
    return 0;
}

static bool rcc_dbp_needed(void *opaque)
{
    return true;
}

/* Added after version 1: a stream without it leaves the backup domain locked. */
static const VMStateDescription vmstate_stm32f4xx_rcc_dbp = {
    .name = TYPE_STM32F4XX_RCC "/dbp",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = rcc_dbp_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(dbp, Stm32f4xxRccState),
        VMSTATE_END_OF_LIST()
    },
};

/* Added with the RTC and IWDG: forced LSI and the LSI/RTCCLK outputs. */
static const VMStateDescription vmstate_stm32f4xx_rcc_lsi_rtc = {
    .name = TYPE_STM32F4XX_RCC "/lsi-rtc",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(lsi_forced, Stm32f4xxRccState),
        VMSTATE_CLOCK(lsi, Stm32f4xxRccState),
        VMSTATE_CLOCK(rtcclk, Stm32f4xxRccState),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_stm32f4xx_rcc = {
    .name = TYPE_STM32F4XX_RCC,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = rcc_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_ARRAY(regs, Stm32f4xxRccState, STM32F4XX_RCC_NUM_REGS),
        VMSTATE_UINT32(pending_reset_cause, Stm32f4xxRccState),
        VMSTATE_BOOL(powered_on, Stm32f4xxRccState),
        VMSTATE_CLOCK(sysclk, Stm32f4xxRccState),
        VMSTATE_CLOCK(hclk, Stm32f4xxRccState),
        VMSTATE_CLOCK(refclk, Stm32f4xxRccState),
        VMSTATE_CLOCK(pclk1, Stm32f4xxRccState),
        VMSTATE_CLOCK(pclk2, Stm32f4xxRccState),
        VMSTATE_ARRAY_CLOCK(periph_clk, Stm32f4xxRccState, STM32F4XX_RCC_NUM_PERIPH_CLOCKS),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_stm32f4xx_rcc_dbp,
        &vmstate_stm32f4xx_rcc_lsi_rtc,
        NULL
    },
};

static const Property rcc_properties[] = {
    DEFINE_PROP_UINT32("hse-frequency", Stm32f4xxRccState, hse_hz, 8000000),
    DEFINE_PROP_UINT32("lse-frequency", Stm32f4xxRccState, lse_hz, 32768),
};

static void rcc_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->realize = rcc_realize;
    dc->vmsd = &vmstate_stm32f4xx_rcc;
    device_class_set_props(dc, rcc_properties);
    rc->phases.hold = rcc_reset_hold;
    rc->phases.exit = rcc_reset_exit;
}

static const TypeInfo rcc_info = {
    .name = TYPE_STM32F4XX_RCC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(Stm32f4xxRccState),
    .instance_init = rcc_init,
    .class_init = rcc_class_init,
};

static void rcc_register_types(void)
{
    type_register_static(&rcc_info);
}

type_init(rcc_register_types)
