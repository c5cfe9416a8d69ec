/*
 * QTest testcase for the STM32F4xx timers (stm32f4xx-timer) TIM1-TIM14 on
 * the stm32f4-discovery machine.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * After reset SYSCLK is the 16 MHz HSI and the APB prescalers are 1, so
 * every timer clock is 16 MHz: with PSC = 15 the counter steps every 1 us.
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "hw/registerfields.h"
#include "qobject/qdict.h"
#include "stm32f4-migration.h"

#define RCC_AHB1ENR     0x40023830
#define RCC_APB1RSTR    0x40023820
#define RCC_APB1ENR     0x40023840
#define RCC_APB2ENR     0x40023844
#define GPIO_BASE(p)    (0x40020000 + (p) * 0x400)
#define GPIOA 0
#define GPIOD 3
#define GPIO_MODER      0x00
#define GPIO_OTYPER     0x04
#define GPIO_PUPDR      0x0C
#define GPIO_IDR        0x10
#define GPIO_AFRL       0x20
#define GPIO_AFRH       0x24

REG32(CR1, 0x00)
    FIELD(CR1, CEN, 0, 1)
    FIELD(CR1, UDIS, 1, 1)
    FIELD(CR1, URS, 2, 1)
    FIELD(CR1, OPM, 3, 1)
    FIELD(CR1, DIR, 4, 1)
    FIELD(CR1, CMS, 5, 2)
    FIELD(CR1, ARPE, 7, 1)
REG32(CR2, 0x04)
    FIELD(CR2, MMS, 4, 3)
REG32(SMCR, 0x08)
    FIELD(SMCR, SMS, 0, 3)
    FIELD(SMCR, TS, 4, 3)
REG32(DIER, 0x0C)
    FIELD(DIER, UIE, 0, 1)
    FIELD(DIER, CC1IE, 1, 1)
REG32(SR, 0x10)
    FIELD(SR, UIF, 0, 1)
    FIELD(SR, CC1IF, 1, 1)
    FIELD(SR, CC2IF, 2, 1)
    FIELD(SR, TIF, 6, 1)
    FIELD(SR, CC1OF, 9, 1)
REG32(EGR, 0x14)
    FIELD(EGR, UG, 0, 1)
    FIELD(EGR, CC1G, 1, 1)
REG32(CCMR1, 0x18)
REG32(CCMR2, 0x1C)
REG32(CCER, 0x20)
REG32(CNT, 0x24)
REG32(PSC, 0x28)
REG32(ARR, 0x2C)
REG32(RCR, 0x30)
REG32(CCR1, 0x34)
REG32(CCR2, 0x38)
REG32(BDTR, 0x44)
    FIELD(BDTR, MOE, 15, 1)

#define CEN     R_CR1_CEN_MASK
#define UIF     R_SR_UIF_MASK
#define CC1IF   R_SR_CC1IF_MASK

/* CCMR1 channel 1 output modes (OC1M) and input selection (CC1S) */
#define OC1M(m)         ((m) << 4)
#define OC1PE           (1 << 3)
#define OCM_TOGGLE      3
#define OCM_PWM1        6
#define OCM_PWM2        7
#define CC1S_TI1        1

#define US 1000         /* ns */

static const uint32_t tim_base[15] = {
    [1] = 0x40010000, [2] = 0x40000000, [3] = 0x40000400, [4] = 0x40000800,
    [5] = 0x40000C00, [6] = 0x40001000, [7] = 0x40001400, [8] = 0x40010400,
    [9] = 0x40014000, [10] = 0x40014400, [11] = 0x40014800,
    [12] = 0x40001800, [13] = 0x40001C00, [14] = 0x40002000,
};

static uint32_t rd(QTestState *qts, int tim, uint32_t reg)
{
    return qtest_readl(qts, tim_base[tim] + reg);
}

static void wr(QTestState *qts, int tim, uint32_t reg, uint32_t value)
{
    qtest_writel(qts, tim_base[tim] + reg, value);
}

/* RCC enable register and bit of TIMn */
static void tim_enr(int tim, uint32_t *reg, uint32_t *bit)
{
    static const int8_t apb1[15] = {
        [2] = 0, [3] = 1, [4] = 2, [5] = 3, [6] = 4, [7] = 5,
        [12] = 6, [13] = 7, [14] = 8, [1] = -1, [8] = -1, [9] = -1,
        [10] = -1, [11] = -1,
    };
    static const uint8_t apb2[15] = {
        [1] = 0, [8] = 1, [9] = 16, [10] = 17, [11] = 18,
    };

    if (apb1[tim] >= 0) {
        *reg = RCC_APB1ENR;
        *bit = 1u << apb1[tim];
    } else {
        *reg = RCC_APB2ENR;
        *bit = 1u << apb2[tim];
    }
}

/*
 * UIF. The other flags are not looked at: with CCRx = 0 the output
 * compare channels (frozen mode after reset) set CCxIF at CNT = 0.
 */
static bool uif(QTestState *qts, int tim)
{
    return rd(qts, tim, A_SR) & UIF;
}

static void clock_enable(QTestState *qts, int tim, bool on)
{
    uint32_t reg, bit;

    tim_enr(tim, &reg, &bit);
    qtest_writel(qts, reg, on ? qtest_readl(qts, reg) | bit
                              : qtest_readl(qts, reg) & ~bit);
}

static QTestState *start(void)
{
    return qtest_init("-M stm32f4-discovery");
}

/*
 * Time base of 1 us steps and a period of @arr + 1 steps, loaded with UG
 * (which sets UIF: cleared again). The counter is not started.
 */
static void setup_1us(QTestState *qts, int tim, uint32_t arr)
{
    clock_enable(qts, tim, true);
    wr(qts, tim, A_PSC, 15);
    wr(qts, tim, A_ARR, arr);
    wr(qts, tim, A_EGR, R_EGR_UG_MASK);
    wr(qts, tim, A_SR, 0);
}

static void test_reset_values(void)
{
    QTestState *qts = start();

    for (int t = 1; t <= 14; t++) {
        clock_enable(qts, t, true);
        g_assert_cmphex(rd(qts, t, A_CR1), ==, 0);
        g_assert_cmphex(rd(qts, t, A_DIER), ==, 0);
        g_assert_cmphex(rd(qts, t, A_SR), ==, 0);
        g_assert_cmphex(rd(qts, t, A_CNT), ==, 0);
        g_assert_cmphex(rd(qts, t, A_PSC), ==, 0);
        /* TIM2 and TIM5 are the 32-bit timers */
        g_assert_cmphex(rd(qts, t, A_ARR), ==,
                        t == 2 || t == 5 ? 0xFFFFFFFF : 0xFFFF);
    }
    /* Write masks: 16-bit counter, CR1 bits per variant */
    wr(qts, 3, A_CNT, 0x12345678);
    g_assert_cmphex(rd(qts, 3, A_CNT), ==, 0x5678);
    wr(qts, 2, A_CNT, 0x12345678);
    g_assert_cmphex(rd(qts, 2, A_CNT), ==, 0x12345678);
    wr(qts, 6, A_CR1, 0xFFFE);
    g_assert_cmphex(rd(qts, 6, A_CR1), ==, 0x8E);     /* no DIR/CMS/CKD */
    wr(qts, 3, A_CR1, 0xFFFE);
    g_assert_cmphex(rd(qts, 3, A_CR1), ==, 0x3FE);
    /* Basic timers have no channels */
    wr(qts, 6, A_CCR1, 0x55);
    g_assert_cmphex(rd(qts, 6, A_CCR1), ==, 0);
    /* RCR exists on TIM1/TIM8 only */
    wr(qts, 1, A_RCR, 0x1FF);
    g_assert_cmphex(rd(qts, 1, A_RCR), ==, 0xFF);
    wr(qts, 3, A_RCR, 0x1FF);
    g_assert_cmphex(rd(qts, 3, A_RCR), ==, 0);

    /* RCC_APB1RSTR.TIM3RST resets TIM3 only */
    wr(qts, 3, A_ARR, 0x10);
    wr(qts, 4, A_ARR, 0x10);
    qtest_writel(qts, RCC_APB1RSTR, 1 << 1);
    qtest_writel(qts, RCC_APB1RSTR, 0);
    g_assert_cmphex(rd(qts, 3, A_ARR), ==, 0xFFFF);
    g_assert_cmphex(rd(qts, 4, A_ARR), ==, 0x10);

    /* A system reset brings the values back */
    wr(qts, 4, A_ARR, 0x10);
    wr(qts, 4, A_CR1, CEN);
    qtest_system_reset(qts);
    clock_enable(qts, 4, true);
    g_assert_cmphex(rd(qts, 4, A_ARR), ==, 0xFFFF);
    g_assert_cmphex(rd(qts, 4, A_CR1), ==, 0);
    qtest_quit(qts);
}

/* The counter runs from virtual time; UIF and the IRQ come at the update */
static void test_count_update_irq(void)
{
    QTestState *qts = start();

    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    setup_1us(qts, 3, 999);
    wr(qts, 3, A_DIER, R_DIER_UIE_MASK);
    g_assert_false(qtest_get_irq(qts, 29));
    wr(qts, 3, A_CR1, CEN);
    qtest_clock_step(qts, 250 * US);
    g_assert_cmpuint(rd(qts, 3, A_CNT), ==, 250);
    qtest_clock_step(qts, 749 * US);
    g_assert_cmpuint(rd(qts, 3, A_CNT), ==, 999);
    g_assert_false(qtest_get_irq(qts, 29));
    g_assert_false(uif(qts, 3));
    qtest_clock_step(qts, 1 * US);
    g_assert_true(qtest_get_irq(qts, 29));
    g_assert_true(uif(qts, 3));
    g_assert_cmpuint(rd(qts, 3, A_CNT), ==, 0);
    wr(qts, 3, A_SR, 0);
    g_assert_false(qtest_get_irq(qts, 29));
    /* Next period: 1000 us later again */
    qtest_clock_step(qts, 999 * US);
    g_assert_false(qtest_get_irq(qts, 29));
    qtest_clock_step(qts, 1 * US);
    g_assert_true(qtest_get_irq(qts, 29));
    /* Many periods later without IRQ handling: CNT is still exact */
    wr(qts, 3, A_SR, 0);
    qtest_clock_step(qts, 123456 * US);
    g_assert_cmpuint(rd(qts, 3, A_CNT), ==, 456);
    g_assert_true(qtest_get_irq(qts, 29));
    /* Stopping the counter freezes CNT */
    wr(qts, 3, A_CR1, 0);
    qtest_clock_step(qts, 100 * US);
    g_assert_cmpuint(rd(qts, 3, A_CNT), ==, 456);
    qtest_quit(qts);
}

/* UIF without UIE is set all the same (polling) */
static void test_update_flag_polled(void)
{
    QTestState *qts = start();

    setup_1us(qts, 2, 99);
    wr(qts, 2, A_CR1, CEN);
    qtest_clock_step(qts, 99 * US);
    g_assert_false(uif(qts, 2));
    qtest_clock_step(qts, 1 * US);
    g_assert_true(uif(qts, 2));
    qtest_quit(qts);
}

/* ARR with and without preload; PSC is always buffered */
static void test_preload(void)
{
    QTestState *qts = start();

    setup_1us(qts, 4, 999);
    wr(qts, 4, A_CR1, CEN | R_CR1_ARPE_MASK);
    qtest_clock_step(qts, 100 * US);
    wr(qts, 4, A_ARR, 499);         /* for the next period */
    g_assert_cmpuint(rd(qts, 4, A_ARR), ==, 499);
    qtest_clock_step(qts, 600 * US);
    g_assert_cmpuint(rd(qts, 4, A_CNT), ==, 700);
    qtest_clock_step(qts, 300 * US);  /* t = 1000: update */
    g_assert_true(uif(qts, 4));
    wr(qts, 4, A_SR, 0);
    qtest_clock_step(qts, 499 * US);
    g_assert_cmpuint(rd(qts, 4, A_CNT), ==, 499);
    qtest_clock_step(qts, 1 * US);    /* period 500 now */
    g_assert_cmpuint(rd(qts, 4, A_CNT), ==, 0);
    g_assert_true(uif(qts, 4));

    /* Without ARPE a new ARR applies at once */
    wr(qts, 4, A_CR1, CEN);
    qtest_clock_step(qts, 100 * US);
    wr(qts, 4, A_ARR, 199);
    qtest_clock_step(qts, 100 * US);
    g_assert_cmpuint(rd(qts, 4, A_CNT), ==, 0);

    /* PSC takes effect at the next update event: 2 us steps after it */
    wr(qts, 4, A_PSC, 31);
    qtest_clock_step(qts, 100 * US);
    g_assert_cmpuint(rd(qts, 4, A_CNT), ==, 100);
    qtest_clock_step(qts, 100 * US);  /* update */
    g_assert_cmpuint(rd(qts, 4, A_CNT), ==, 0);
    qtest_clock_step(qts, 100 * US);
    g_assert_cmpuint(rd(qts, 4, A_CNT), ==, 50);
    qtest_quit(qts);
}

static void test_downcount(void)
{
    QTestState *qts = start();

    setup_1us(qts, 5, 99);
    wr(qts, 5, A_CR1, CEN | R_CR1_DIR_MASK);
    wr(qts, 5, A_CNT, 99);
    qtest_clock_step(qts, 30 * US);
    g_assert_cmpuint(rd(qts, 5, A_CNT), ==, 69);
    qtest_clock_step(qts, 69 * US);
    g_assert_cmpuint(rd(qts, 5, A_CNT), ==, 0);
    g_assert_false(uif(qts, 5));
    qtest_clock_step(qts, 1 * US);      /* underflow: reload ARR */
    g_assert_cmpuint(rd(qts, 5, A_CNT), ==, 99);
    g_assert_true(uif(qts, 5));
    qtest_quit(qts);
}

static void test_center_aligned(void)
{
    QTestState *qts = start();

    setup_1us(qts, 3, 100);
    wr(qts, 3, A_CR1, CEN | (1 << R_CR1_CMS_SHIFT));
    qtest_clock_step(qts, 60 * US);
    g_assert_cmpuint(rd(qts, 3, A_CNT), ==, 60);
    g_assert_false(rd(qts, 3, A_CR1) & R_CR1_DIR_MASK);
    qtest_clock_step(qts, 40 * US);     /* CNT = ARR: overflow */
    g_assert_cmpuint(rd(qts, 3, A_CNT), ==, 100);
    g_assert_true(uif(qts, 3));
    wr(qts, 3, A_SR, 0);
    qtest_clock_step(qts, 30 * US);
    g_assert_cmpuint(rd(qts, 3, A_CNT), ==, 70);
    g_assert_true(rd(qts, 3, A_CR1) & R_CR1_DIR_MASK);
    /* DIR is read-only in center-aligned mode */
    wr(qts, 3, A_CR1, CEN | (1 << R_CR1_CMS_SHIFT));
    g_assert_true(rd(qts, 3, A_CR1) & R_CR1_DIR_MASK);
    qtest_clock_step(qts, 69 * US);
    g_assert_false(uif(qts, 3));
    qtest_clock_step(qts, 1 * US);      /* CNT = 0: underflow */
    g_assert_cmpuint(rd(qts, 3, A_CNT), ==, 0);
    g_assert_true(uif(qts, 3));
    g_assert_false(rd(qts, 3, A_CR1) & R_CR1_DIR_MASK);
    qtest_quit(qts);
}

/* EGR.UG: counter and prescaler re-initialized, UIF unless URS */
static void test_update_generation(void)
{
    QTestState *qts = start();

    setup_1us(qts, 4, 999);
    wr(qts, 4, A_CR1, CEN);
    qtest_clock_step(qts, 300 * US);
    g_assert_cmpuint(rd(qts, 4, A_CNT), ==, 300);
    wr(qts, 4, A_EGR, R_EGR_UG_MASK);
    g_assert_cmpuint(rd(qts, 4, A_CNT), ==, 0);
    g_assert_true(uif(qts, 4));
    wr(qts, 4, A_SR, 0);
    qtest_clock_step(qts, 999 * US);
    g_assert_false(uif(qts, 4));
    qtest_clock_step(qts, 1 * US);
    g_assert_true(uif(qts, 4));
    wr(qts, 4, A_SR, 0);
    /* URS: UG re-initializes without UIF; the overflow still sets it */
    wr(qts, 4, A_CR1, CEN | R_CR1_URS_MASK);
    qtest_clock_step(qts, 10 * US);
    wr(qts, 4, A_EGR, R_EGR_UG_MASK);
    g_assert_cmpuint(rd(qts, 4, A_CNT), ==, 0);
    g_assert_false(uif(qts, 4));
    qtest_clock_step(qts, 1000 * US);
    g_assert_true(uif(qts, 4));
    /* UDIS: no update event at all */
    wr(qts, 4, A_SR, 0);
    wr(qts, 4, A_CR1, CEN | R_CR1_UDIS_MASK);
    qtest_clock_step(qts, 3000 * US);
    g_assert_false(uif(qts, 4));
    qtest_quit(qts);
}

/* One-pulse mode: the counter stops at the update event */
static void test_one_pulse(void)
{
    QTestState *qts = start();

    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    setup_1us(qts, 9, 49);
    wr(qts, 9, A_DIER, R_DIER_UIE_MASK);
    wr(qts, 9, A_CR1, CEN | R_CR1_OPM_MASK);
    qtest_clock_step(qts, 49 * US);
    g_assert_cmphex(rd(qts, 9, A_CR1) & CEN, ==, CEN);
    qtest_clock_step(qts, 1 * US);
    g_assert_true(qtest_get_irq(qts, 24));      /* TIM1_BRK_TIM9 */
    g_assert_cmphex(rd(qts, 9, A_CR1) & CEN, ==, 0);
    g_assert_cmpuint(rd(qts, 9, A_CNT), ==, 0);
    qtest_clock_step(qts, 500 * US);
    g_assert_cmpuint(rd(qts, 9, A_CNT), ==, 0);
    qtest_quit(qts);
}

/* PWM mode 1 on TIM4 CH1: duty seen on the timer's "ch-out" line */
static void test_pwm_ch_out(void)
{
    QTestState *qts = start();

    qtest_irq_intercept_out_named(qts, "/machine/soc/tim4", "ch-out");
    setup_1us(qts, 4, 999);
    wr(qts, 4, A_CCR1, 250);
    wr(qts, 4, A_CCMR1, OC1M(OCM_PWM1) | OC1PE);
    g_assert_false(qtest_get_irq(qts, 0));
    wr(qts, 4, A_CCER, 1);                  /* CC1E */
    g_assert_true(qtest_get_irq(qts, 0));   /* CNT 0 < CCR1 */
    wr(qts, 4, A_CR1, CEN | R_CR1_ARPE_MASK);
    for (int period = 0; period < 3; period++) {
        qtest_clock_step(qts, 249 * US);
        g_assert_true(qtest_get_irq(qts, 0));
        qtest_clock_step(qts, 1 * US);
        g_assert_false(qtest_get_irq(qts, 0));
        qtest_clock_step(qts, 749 * US);
        g_assert_false(qtest_get_irq(qts, 0));
        qtest_clock_step(qts, 1 * US);
        g_assert_true(qtest_get_irq(qts, 0));
    }
    /* New duty (preloaded) from the next period; PWM2 inverts */
    wr(qts, 4, A_CCR1, 600);
    qtest_clock_step(qts, 300 * US);
    g_assert_false(qtest_get_irq(qts, 0));
    qtest_clock_step(qts, 700 * US);
    qtest_clock_step(qts, 599 * US);
    g_assert_true(qtest_get_irq(qts, 0));
    qtest_clock_step(qts, 1 * US);
    g_assert_false(qtest_get_irq(qts, 0));
    /* Polarity CC1P inverts the output */
    wr(qts, 4, A_CCER, 3);
    g_assert_true(qtest_get_irq(qts, 0));
    qtest_quit(qts);
}

static bool pin_level(QTestState *qts, int port, int pin)
{
    return qtest_readl(qts, GPIO_BASE(port) + GPIO_IDR) & (1u << pin);
}

/* TIM4 CH1 drives PD12 (the green LED) only in alternate function 2 */
static void test_pwm_gpio_af(void)
{
    QTestState *qts = start();

    qtest_writel(qts, RCC_AHB1ENR, 1 << GPIOD);
    setup_1us(qts, 4, 99);
    wr(qts, 4, A_CCR1, 25);
    wr(qts, 4, A_CCMR1, OC1M(OCM_PWM1));
    wr(qts, 4, A_CCER, 1);
    wr(qts, 4, A_CR1, CEN);
    /* PD12 still an input: the timer does not reach it */
    qtest_clock_step(qts, 10 * US);
    g_assert_false(pin_level(qts, GPIOD, 12));
    /* AF mode, AF2: the pin follows OC1 */
    qtest_writel(qts, GPIO_BASE(GPIOD) + GPIO_AFRH, 2 << 16);
    qtest_writel(qts, GPIO_BASE(GPIOD) + GPIO_MODER, 2 << 24);
    g_assert_true(pin_level(qts, GPIOD, 12));
    qtest_clock_step(qts, 15 * US);             /* t = 25 */
    g_assert_false(pin_level(qts, GPIOD, 12));
    qtest_clock_step(qts, 75 * US);             /* t = 100: next period */
    g_assert_true(pin_level(qts, GPIOD, 12));
    /* Another AF number: not driven by TIM4 */
    qtest_writel(qts, GPIO_BASE(GPIOD) + GPIO_AFRH, 1 << 16);
    g_assert_false(pin_level(qts, GPIOD, 12));
    qtest_writel(qts, GPIO_BASE(GPIOD) + GPIO_AFRH, 2 << 16);
    g_assert_true(pin_level(qts, GPIOD, 12));
    /* Open drain: a high output releases the pin to its pull */
    qtest_writel(qts, GPIO_BASE(GPIOD) + GPIO_OTYPER, 1 << 12);
    g_assert_false(pin_level(qts, GPIOD, 12));
    qtest_writel(qts, GPIO_BASE(GPIOD) + GPIO_PUPDR, 1 << 24);     /* up */
    g_assert_true(pin_level(qts, GPIOD, 12));
    qtest_clock_step(qts, 25 * US);             /* low phase: driven low */
    g_assert_false(pin_level(qts, GPIOD, 12));
    qtest_writel(qts, GPIO_BASE(GPIOD) + GPIO_OTYPER, 0);
    qtest_writel(qts, GPIO_BASE(GPIOD) + GPIO_PUPDR, 0);
    qtest_clock_step(qts, 75 * US);
    g_assert_true(pin_level(qts, GPIOD, 12));
    /* Output disabled (CC1E=0): released, the pin reads as an input */
    wr(qts, 4, A_CCER, 0);
    g_assert_false(pin_level(qts, GPIOD, 12));
    qtest_quit(qts);
}

/* Output compare toggle mode: CC1IF and its IRQ at CNT == CCR1 */
static void test_oc_toggle_irq(void)
{
    QTestState *qts = start();

    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    setup_1us(qts, 3, 999);
    wr(qts, 3, A_CCR1, 300);
    wr(qts, 3, A_CCMR1, OC1M(OCM_TOGGLE));
    wr(qts, 3, A_CCER, 1);
    wr(qts, 3, A_DIER, R_DIER_CC1IE_MASK);
    wr(qts, 3, A_CR1, CEN);
    qtest_clock_step(qts, 299 * US);
    g_assert_false(qtest_get_irq(qts, 29));
    g_assert_cmphex(rd(qts, 3, A_SR), ==, 0);
    qtest_clock_step(qts, 1 * US);
    g_assert_true(qtest_get_irq(qts, 29));
    g_assert_cmphex(rd(qts, 3, A_SR), ==, CC1IF);
    wr(qts, 3, A_SR, ~CC1IF);
    g_assert_false(qtest_get_irq(qts, 29));
    qtest_clock_step(qts, 999 * US);
    g_assert_false(qtest_get_irq(qts, 29));
    qtest_clock_step(qts, 1 * US);
    g_assert_true(qtest_get_irq(qts, 29));
    qtest_quit(qts);
}

/* The toggle output: one edge per period, visible on "ch-out" */
static void test_oc_toggle_output(void)
{
    QTestState *qts = start();

    qtest_irq_intercept_out_named(qts, "/machine/soc/tim3", "ch-out");
    setup_1us(qts, 3, 99);
    wr(qts, 3, A_CCR1, 30);
    wr(qts, 3, A_CCMR1, OC1M(OCM_TOGGLE));
    wr(qts, 3, A_CCER, 1);
    wr(qts, 3, A_CR1, CEN);
    g_assert_false(qtest_get_irq(qts, 0));
    qtest_clock_step(qts, 30 * US);
    g_assert_true(qtest_get_irq(qts, 0));
    qtest_clock_step(qts, 99 * US);
    g_assert_true(qtest_get_irq(qts, 0));
    qtest_clock_step(qts, 1 * US);
    g_assert_false(qtest_get_irq(qts, 0));
    qtest_quit(qts);
}

/* Input capture on TIM2 CH1 from "ch-in": CCR1, CC1IF, overcapture */
static void test_input_capture(void)
{
    QTestState *qts = start();

    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    setup_1us(qts, 2, 0xFFFFFFFF);
    wr(qts, 2, A_CCMR1, CC1S_TI1);
    wr(qts, 2, A_CCER, 1);              /* CC1E, rising edges */
    wr(qts, 2, A_DIER, R_DIER_CC1IE_MASK);
    wr(qts, 2, A_CR1, CEN);
    qtest_clock_step(qts, 123 * US);
    qtest_set_irq_in(qts, "/machine/soc/tim2", "ch-in", 0, 1);
    g_assert_true(qtest_get_irq(qts, 28));
    g_assert_cmphex(rd(qts, 2, A_SR), ==, CC1IF);
    g_assert_cmpuint(rd(qts, 2, A_CCR1), ==, 123);
    /* Reading CCR1 cleared CC1IF */
    g_assert_cmphex(rd(qts, 2, A_SR), ==, 0);
    g_assert_false(qtest_get_irq(qts, 28));
    qtest_clock_step(qts, 10 * US);
    qtest_set_irq_in(qts, "/machine/soc/tim2", "ch-in", 0, 0);  /* falling */
    g_assert_cmphex(rd(qts, 2, A_SR) & CC1IF, ==, 0);
    qtest_clock_step(qts, 10 * US);
    qtest_set_irq_in(qts, "/machine/soc/tim2", "ch-in", 0, 1);
    g_assert_cmphex(rd(qts, 2, A_SR), ==, CC1IF);
    qtest_clock_step(qts, 10 * US);
    qtest_set_irq_in(qts, "/machine/soc/tim2", "ch-in", 0, 0);
    qtest_set_irq_in(qts, "/machine/soc/tim2", "ch-in", 0, 1);
    g_assert_cmphex(rd(qts, 2, A_SR), ==, CC1IF | R_SR_CC1OF_MASK);
    g_assert_cmpuint(rd(qts, 2, A_CCR1), ==, 153);
    /* Falling edges (CC1P), prescaler /2 (IC1PSC = 1) */
    wr(qts, 2, A_SR, 0);
    wr(qts, 2, A_CCER, 0);
    wr(qts, 2, A_CCMR1, CC1S_TI1 | (1 << 2));
    wr(qts, 2, A_CCER, 3);
    qtest_clock_step(qts, 7 * US);
    qtest_set_irq_in(qts, "/machine/soc/tim2", "ch-in", 0, 0);   /* 1st */
    g_assert_cmphex(rd(qts, 2, A_SR) & CC1IF, ==, 0);
    qtest_clock_step(qts, 7 * US);
    qtest_set_irq_in(qts, "/machine/soc/tim2", "ch-in", 0, 1);
    g_assert_cmphex(rd(qts, 2, A_SR) & CC1IF, ==, 0);
    qtest_set_irq_in(qts, "/machine/soc/tim2", "ch-in", 0, 0);   /* 2nd */
    g_assert_cmphex(rd(qts, 2, A_SR), ==, CC1IF);
    g_assert_cmpuint(rd(qts, 2, A_CCR1), ==, 167);
    /* CC1E clear: no capture */
    wr(qts, 2, A_CCER, 0);
    qtest_set_irq_in(qts, "/machine/soc/tim2", "ch-in", 0, 1);
    qtest_set_irq_in(qts, "/machine/soc/tim2", "ch-in", 0, 0);
    qtest_set_irq_in(qts, "/machine/soc/tim2", "ch-in", 0, 1);
    qtest_set_irq_in(qts, "/machine/soc/tim2", "ch-in", 0, 0);
    g_assert_cmphex(rd(qts, 2, A_SR) & CC1IF, ==, 0);
    qtest_quit(qts);
}

/* Input capture from a pin: PA1 (TIM5 CH2) driven by the board */
static void test_input_capture_pin(void)
{
    QTestState *qts = start();

    setup_1us(qts, 5, 0xFFFFFFFF);
    wr(qts, 5, A_CCMR1, CC1S_TI1 << 8);
    wr(qts, 5, A_CCER, 1 << 4);             /* CC2E */
    wr(qts, 5, A_CR1, CEN);
    qtest_writel(qts, RCC_AHB1ENR, 1 << GPIOA);
    /* PA1 in AF1 (TIM2): TIM5 does not see the pin */
    qtest_writel(qts, GPIO_BASE(GPIOA) + GPIO_AFRL, 1 << 4);
    qtest_writel(qts, GPIO_BASE(GPIOA) + GPIO_MODER, 0xA8000000 | (2 << 2));
    qtest_clock_step(qts, 42 * US);
    qtest_set_irq_in(qts, "/machine/soc", "gpioa-in", 1, 1);
    g_assert_cmphex(rd(qts, 5, A_SR) & R_SR_CC2IF_MASK, ==, 0);
    qtest_set_irq_in(qts, "/machine/soc", "gpioa-in", 1, 0);
    /* AF2: TIM5 CH2 captures on the rising edge */
    qtest_writel(qts, GPIO_BASE(GPIOA) + GPIO_AFRL, 2 << 4);
    qtest_clock_step(qts, 8 * US);
    qtest_set_irq_in(qts, "/machine/soc", "gpioa-in", 1, 1);
    g_assert_cmphex(rd(qts, 5, A_SR) & R_SR_CC2IF_MASK, ==, R_SR_CC2IF_MASK);
    g_assert_cmpuint(rd(qts, 5, A_CCR2), ==, 50);
    /* Selecting the AF while the pin is high is a rising edge too */
    qtest_writel(qts, GPIO_BASE(GPIOA) + GPIO_AFRL, 0);
    qtest_clock_step(qts, 10 * US);
    qtest_writel(qts, GPIO_BASE(GPIOA) + GPIO_AFRL, 2 << 4);
    g_assert_cmpuint(rd(qts, 5, A_CCR2), ==, 60);
    qtest_quit(qts);
}

/* RCC enable bit off: registers ignore writes and the counter stops */
static void test_clock_gating(void)
{
    QTestState *qts = start();

    wr(qts, 3, A_ARR, 0x10);
    wr(qts, 3, A_CR1, CEN);
    clock_enable(qts, 3, true);
    g_assert_cmphex(rd(qts, 3, A_ARR), ==, 0xFFFF);
    g_assert_cmphex(rd(qts, 3, A_CR1), ==, 0);
    setup_1us(qts, 3, 999);
    wr(qts, 3, A_CR1, CEN);
    qtest_clock_step(qts, 100 * US);
    g_assert_cmpuint(rd(qts, 3, A_CNT), ==, 100);
    clock_enable(qts, 3, false);
    g_assert_cmpuint(rd(qts, 3, A_CNT), ==, 0);     /* reads 0 */
    qtest_clock_step(qts, 500 * US);
    clock_enable(qts, 3, true);
    g_assert_cmpuint(rd(qts, 3, A_CNT), ==, 100);   /* frozen meanwhile */
    qtest_clock_step(qts, 50 * US);
    g_assert_cmpuint(rd(qts, 3, A_CNT), ==, 150);
    qtest_quit(qts);
}

/* SR is rc_w0: writing 0 clears a flag, writing 1 changes nothing */
static void test_sr_rc_w0(void)
{
    QTestState *qts = start();

    clock_enable(qts, 3, true);
    wr(qts, 3, A_SR, 0xFFFF);
    g_assert_cmphex(rd(qts, 3, A_SR), ==, 0);
    wr(qts, 3, A_EGR, R_EGR_UG_MASK | R_EGR_CC1G_MASK | (1 << 2));
    g_assert_cmphex(rd(qts, 3, A_SR), ==, UIF | CC1IF | R_SR_CC2IF_MASK);
    wr(qts, 3, A_SR, ~CC1IF);
    g_assert_cmphex(rd(qts, 3, A_SR), ==, UIF | R_SR_CC2IF_MASK);
    wr(qts, 3, A_SR, ~UIF);
    g_assert_cmphex(rd(qts, 3, A_SR), ==, R_SR_CC2IF_MASK);
    /* A byte write to the low byte leaves the other bytes */
    wr(qts, 3, A_EGR, R_EGR_UG_MASK);
    qtest_writeb(qts, tim_base[3] + A_SR, 0);
    g_assert_cmphex(rd(qts, 3, A_SR), ==, 0);
    qtest_quit(qts);
}

/* A running timer keeps counting across migration and fires after it */
static void test_migration(void)
{
    QTestState *src = start(), *dst;

    setup_1us(src, 3, 999);
    wr(src, 3, A_DIER, R_DIER_UIE_MASK);
    wr(src, 3, A_CR1, CEN);
    qtest_clock_step(src, 400 * US);
    g_assert_cmpuint(rd(src, 3, A_CNT), ==, 400);
    dst = stm32f4_migrate(src);
    qtest_quit(src);
    qtest_irq_intercept_in(dst, "/machine/soc/armv7m");
    g_assert_cmpuint(rd(dst, 3, A_CNT), ==, 400);
    qtest_clock_step(dst, 599 * US);
    g_assert_cmpuint(rd(dst, 3, A_CNT), ==, 999);
    g_assert_false(qtest_get_irq(dst, 29));
    qtest_clock_step(dst, 1 * US);
    g_assert_true(qtest_get_irq(dst, 29));
    g_assert_true(uif(dst, 3));
    qtest_quit(dst);
}

/* NVIC lines, including the ones TIM1/TIM8 share with TIM9-TIM14 */
static void test_nvic_lines(void)
{
    static const struct {
        int tim, irq;
    } lines[] = {
        { 1, 25 }, { 2, 28 }, { 3, 29 }, { 4, 30 }, { 5, 50 }, { 6, 54 },
        { 7, 55 }, { 8, 44 }, { 9, 24 }, { 10, 25 }, { 11, 26 },
        { 12, 43 }, { 13, 44 }, { 14, 45 },
    };
    QTestState *qts = start();

    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    for (int i = 0; i < ARRAY_SIZE(lines); i++) {
        int t = lines[i].tim;

        clock_enable(qts, t, true);
        g_assert_false(qtest_get_irq(qts, lines[i].irq));
        wr(qts, t, A_DIER, R_DIER_UIE_MASK);
        wr(qts, t, A_EGR, R_EGR_UG_MASK);
        g_assert_true(qtest_get_irq(qts, lines[i].irq));
        wr(qts, t, A_SR, 0);
        g_assert_false(qtest_get_irq(qts, lines[i].irq));
    }
    /* TIM1 capture/compare has its own line, TIM8 too */
    wr(qts, 1, A_DIER, R_DIER_CC1IE_MASK);
    wr(qts, 1, A_EGR, R_EGR_CC1G_MASK);
    g_assert_true(qtest_get_irq(qts, 27));
    g_assert_false(qtest_get_irq(qts, 25));
    wr(qts, 8, A_DIER, R_DIER_CC1IE_MASK);
    wr(qts, 8, A_EGR, R_EGR_CC1G_MASK);
    g_assert_true(qtest_get_irq(qts, 46));
    qtest_quit(qts);
}

/* Repetition counter (TIM1): an update event every RCR + 1 periods */
static void test_repetition(void)
{
    QTestState *qts = start();

    setup_1us(qts, 1, 99);
    wr(qts, 1, A_RCR, 2);
    wr(qts, 1, A_EGR, R_EGR_UG_MASK);
    wr(qts, 1, A_SR, 0);
    wr(qts, 1, A_CR1, CEN);
    qtest_clock_step(qts, 299 * US);
    g_assert_false(uif(qts, 1));
    qtest_clock_step(qts, 1 * US);
    g_assert_true(uif(qts, 1));
    wr(qts, 1, A_SR, 0);
    qtest_clock_step(qts, 299 * US);
    g_assert_false(uif(qts, 1));
    qtest_clock_step(qts, 1 * US);
    g_assert_true(uif(qts, 1));
    qtest_quit(qts);
}

/* TIM1 main outputs need BDTR.MOE */
static void test_advanced_moe(void)
{
    QTestState *qts = start();

    qtest_irq_intercept_out_named(qts, "/machine/soc/tim1", "ch-out");
    clock_enable(qts, 1, true);
    wr(qts, 1, A_CCMR1, OC1M(5));       /* force active */
    wr(qts, 1, A_CCER, 1);
    /* MOE=0, OSSI=0: released, as since reset (no new level sent) */
    g_assert_false(qtest_get_irq(qts, 0));
    wr(qts, 1, A_BDTR, R_BDTR_MOE_MASK);
    g_assert_true(qtest_get_irq(qts, 0));
    wr(qts, 1, A_CCMR1, OC1M(4));       /* force inactive */
    g_assert_false(qtest_get_irq(qts, 0));
    qtest_quit(qts);
}

/* Master/slave: TIM3 update events clock TIM4 (ITR2, external clock 1) */
static void test_master_slave(void)
{
    QTestState *qts = start();

    setup_1us(qts, 3, 9);                       /* update every 10 us */
    wr(qts, 3, A_CR2, 2 << R_CR2_MMS_SHIFT);    /* TRGO = update */
    clock_enable(qts, 4, true);
    wr(qts, 4, A_SMCR, 7 | (2 << R_SMCR_TS_SHIFT));
    wr(qts, 4, A_CR1, CEN);
    wr(qts, 3, A_CR1, CEN);
    qtest_clock_step(qts, 95 * US);
    g_assert_cmpuint(rd(qts, 4, A_CNT), ==, 9);
    qtest_clock_step(qts, 5 * US);
    g_assert_cmpuint(rd(qts, 4, A_CNT), ==, 10);

    /* Trigger mode: TIM3 (ITR1 of TIM9) starts TIM9 at its update */
    wr(qts, 3, A_CR1, 0);
    setup_1us(qts, 9, 999);
    wr(qts, 9, A_SMCR, 6 | (1 << R_SMCR_TS_SHIFT));
    g_assert_cmpuint(rd(qts, 9, A_CR1) & CEN, ==, 0);
    wr(qts, 3, A_EGR, R_EGR_UG_MASK);   /* UG: update event, TRGO pulse */
    g_assert_cmpuint(rd(qts, 9, A_CR1) & CEN, ==, CEN);
    g_assert_cmphex(rd(qts, 9, A_SR) & R_SR_TIF_MASK, ==, R_SR_TIF_MASK);
    qtest_clock_step(qts, 20 * US);
    g_assert_cmpuint(rd(qts, 9, A_CNT), ==, 20);
    qtest_quit(qts);
}

/* Gated mode: TIM2 counts while TI1 (TI1FP1) is high */
static void test_gated(void)
{
    QTestState *qts = start();

    setup_1us(qts, 2, 0xFFFFFFFF);
    wr(qts, 2, A_SMCR, 5 | (5 << R_SMCR_TS_SHIFT));
    wr(qts, 2, A_CR1, CEN);
    qtest_clock_step(qts, 10 * US);
    g_assert_cmpuint(rd(qts, 2, A_CNT), ==, 0);
    qtest_set_irq_in(qts, "/machine/soc/tim2", "ch-in", 0, 1);
    qtest_clock_step(qts, 10 * US);
    qtest_set_irq_in(qts, "/machine/soc/tim2", "ch-in", 0, 0);
    qtest_clock_step(qts, 10 * US);
    g_assert_cmpuint(rd(qts, 2, A_CNT), ==, 10);
    g_assert_cmphex(rd(qts, 2, A_SR) & R_SR_TIF_MASK, ==, R_SR_TIF_MASK);
    qtest_quit(qts);
}

/*
 * Center-aligned PWM (CMS=1): OC1REF is active while CNT < CCR1 on both
 * slopes; CC1IF is set counting down only.
 */
static void test_center_pwm(void)
{
    QTestState *qts = start();

    qtest_irq_intercept_out_named(qts, "/machine/soc/tim3", "ch-out");
    setup_1us(qts, 3, 100);
    wr(qts, 3, A_CCR1, 40);
    wr(qts, 3, A_CCMR1, OC1M(OCM_PWM1));
    wr(qts, 3, A_CCER, 1);
    wr(qts, 3, A_CR1, CEN | (1 << R_CR1_CMS_SHIFT));
    g_assert_true(qtest_get_irq(qts, 0));
    qtest_clock_step(qts, 39 * US);
    g_assert_true(qtest_get_irq(qts, 0));
    qtest_clock_step(qts, 1 * US);          /* CNT 40, counting up */
    g_assert_false(qtest_get_irq(qts, 0));
    g_assert_cmphex(rd(qts, 3, A_SR) & CC1IF, ==, 0);
    qtest_clock_step(qts, 120 * US);        /* t = 160: CNT 40 going down */
    g_assert_false(qtest_get_irq(qts, 0));
    g_assert_cmphex(rd(qts, 3, A_SR) & CC1IF, ==, CC1IF);
    qtest_clock_step(qts, 1 * US);          /* CNT 39 */
    g_assert_true(qtest_get_irq(qts, 0));
    qtest_clock_step(qts, 78 * US);         /* t = 239: CNT 39 going up */
    g_assert_true(qtest_get_irq(qts, 0));
    qtest_clock_step(qts, 1 * US);
    g_assert_false(qtest_get_irq(qts, 0));
    qtest_quit(qts);
}

/*
 * TRGO = OC1REF (MMS=4) of a 25% PWM on TIM3 gates TIM4 (slave gated mode
 * on ITR2): TIM4 counts a quarter of the time. Same with TIM10 and TIM9.
 */
static void test_trgo_ocref_gate(void)
{
    QTestState *qts = start();

    setup_1us(qts, 3, 99);
    wr(qts, 3, A_CCR1, 25);
    wr(qts, 3, A_CCMR1, OC1M(OCM_PWM1));
    wr(qts, 3, A_CR2, 4 << R_CR2_MMS_SHIFT);
    setup_1us(qts, 4, 0xFFFF);
    wr(qts, 4, A_SMCR, 5 | (2 << R_SMCR_TS_SHIFT));
    wr(qts, 4, A_CR1, CEN);
    wr(qts, 3, A_CR1, CEN);
    qtest_clock_step(qts, 1000 * US);       /* 10 periods */
    g_assert_cmpuint(rd(qts, 4, A_CNT), ==, 250);

    /* TIM10 has no TRGO: its OC1REF is ITR2 of TIM9 (75% PWM here) */
    setup_1us(qts, 10, 99);
    wr(qts, 10, A_CCR1, 75);
    wr(qts, 10, A_CCMR1, OC1M(OCM_PWM1));
    setup_1us(qts, 9, 0xFFFF);
    wr(qts, 9, A_SMCR, 5 | (2 << R_SMCR_TS_SHIFT));
    wr(qts, 9, A_CR1, CEN);
    wr(qts, 10, A_CR1, CEN);
    qtest_clock_step(qts, 1000 * US);
    g_assert_cmpuint(rd(qts, 9, A_CNT), ==, 750);
    qtest_quit(qts);
}

/* Reset mode: TIM3 update events (ITR2 of TIM2) restart TIM2 */
static void test_slave_reset(void)
{
    QTestState *qts = start();

    setup_1us(qts, 3, 99);
    wr(qts, 3, A_CR2, 2 << R_CR2_MMS_SHIFT);
    setup_1us(qts, 2, 0xFFFFFFFF);
    wr(qts, 2, A_SMCR, 4 | (2 << R_SMCR_TS_SHIFT));
    wr(qts, 2, A_CR1, CEN);
    qtest_clock_step(qts, 30 * US);
    wr(qts, 3, A_CR1, CEN);             /* TIM3 starts 30 us later */
    qtest_clock_step(qts, 99 * US);
    g_assert_cmpuint(rd(qts, 2, A_CNT), ==, 129);
    qtest_clock_step(qts, 1 * US);      /* TIM3 update: TIM2 restarts */
    g_assert_cmpuint(rd(qts, 2, A_CNT), ==, 0);
    g_assert_cmphex(rd(qts, 2, A_SR) & (UIF | R_SR_TIF_MASK), ==,
                    UIF | R_SR_TIF_MASK);
    qtest_clock_step(qts, 60 * US);
    g_assert_cmpuint(rd(qts, 2, A_CNT), ==, 60);
    qtest_clock_step(qts, 40 * US);
    g_assert_cmpuint(rd(qts, 2, A_CNT), ==, 0);
    qtest_quit(qts);
}

/*
 * A PWM faster than 100 kHz reaches the output throttled: after a shown
 * period (exact pulse width) the next ones are skipped for 10 us.
 */
static void test_pwm_throttle(void)
{
    QTestState *qts = start();
    int rises = 0, high_ns = 0;
    bool last;

    qtest_irq_intercept_out_named(qts, "/machine/soc/tim3", "ch-out");
    clock_enable(qts, 3, true);
    wr(qts, 3, A_ARR, 79);              /* 16 MHz / 80 = 200 kHz */
    wr(qts, 3, A_CCR1, 20);             /* 1.25 us pulses */
    wr(qts, 3, A_CCMR1, OC1M(OCM_PWM1));
    wr(qts, 3, A_CCER, 1);
    wr(qts, 3, A_CR1, CEN);
    last = qtest_get_irq(qts, 0);
    g_assert_true(last);
    /* 100 us in steps of 1/16 us */
    for (int i = 0; i < 1600; i++) {
        bool level;

        qtest_clock_step(qts, 62);
        if (i % 2) {
            qtest_clock_step(qts, 1);   /* 62.5 ns per step on average */
        }
        level = qtest_get_irq(qts, 0);
        rises += level && !last;
        high_ns += level ? 62 : 0;
        last = level;
    }
    /* Unthrottled: 20 periods; shown: one every 10 us */
    g_assert_cmpint(rises, >=, 8);
    g_assert_cmpint(rises, <=, 10);
    /* Each shown pulse is 1.25 us wide */
    g_assert_cmpint(high_ns, >=, (rises + 1) * 1250 - 200);
    g_assert_cmpint(high_ns, <=, (rises + 1) * 1250 + 200);
    /* The counter itself is exact */
    g_assert_cmpuint(rd(qts, 3, A_CNT), ==, 0);
    qtest_quit(qts);
}

/*
 * Reading IDR brings the timer outputs up to date: a throttled 200 kHz PWM
 * still reads with its exact duty on the pin (PD12, TIM4 CH1, AF2).
 */
static void test_pin_read_exact(void)
{
    QTestState *qts = start();
    int high = 0;

    qtest_writel(qts, RCC_AHB1ENR, 1 << GPIOD);
    qtest_writel(qts, GPIO_BASE(GPIOD) + GPIO_AFRH, 2 << 16);
    qtest_writel(qts, GPIO_BASE(GPIOD) + GPIO_MODER, 2 << 24);
    clock_enable(qts, 4, true);
    wr(qts, 4, A_ARR, 79);              /* 16 MHz / 80 = 200 kHz */
    wr(qts, 4, A_CCR1, 20);             /* 25 % */
    wr(qts, 4, A_CCMR1, OC1M(OCM_PWM1));
    wr(qts, 4, A_CCER, 1);
    wr(qts, 4, A_CR1, CEN);
    /* 1600 samples 125 ns apart: 10 per period, at changing phases */
    for (int i = 0; i < 1600; i++) {
        qtest_clock_step(qts, 125);
        high += pin_level(qts, GPIOD, 12);
    }
    g_assert_cmpint(high, ==, 400);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_set_nonfatal_assertions();

    qtest_add_func("stm32f4xx-timer/reset_values", test_reset_values);
    qtest_add_func("stm32f4xx-timer/count_update_irq", test_count_update_irq);
    qtest_add_func("stm32f4xx-timer/update_flag_polled",
                   test_update_flag_polled);
    qtest_add_func("stm32f4xx-timer/preload", test_preload);
    qtest_add_func("stm32f4xx-timer/downcount", test_downcount);
    qtest_add_func("stm32f4xx-timer/center_aligned", test_center_aligned);
    qtest_add_func("stm32f4xx-timer/update_generation", test_update_generation);
    qtest_add_func("stm32f4xx-timer/one_pulse", test_one_pulse);
    qtest_add_func("stm32f4xx-timer/pwm_ch_out", test_pwm_ch_out);
    qtest_add_func("stm32f4xx-timer/pwm_gpio_af", test_pwm_gpio_af);
    qtest_add_func("stm32f4xx-timer/oc_toggle_irq", test_oc_toggle_irq);
    qtest_add_func("stm32f4xx-timer/oc_toggle_output", test_oc_toggle_output);
    qtest_add_func("stm32f4xx-timer/input_capture", test_input_capture);
    qtest_add_func("stm32f4xx-timer/input_capture_pin", test_input_capture_pin);
    qtest_add_func("stm32f4xx-timer/clock_gating", test_clock_gating);
    qtest_add_func("stm32f4xx-timer/sr_rc_w0", test_sr_rc_w0);
    qtest_add_func("stm32f4xx-timer/migration", test_migration);
    qtest_add_func("stm32f4xx-timer/nvic_lines", test_nvic_lines);
    qtest_add_func("stm32f4xx-timer/repetition", test_repetition);
    qtest_add_func("stm32f4xx-timer/advanced_moe", test_advanced_moe);
    qtest_add_func("stm32f4xx-timer/master_slave", test_master_slave);
    qtest_add_func("stm32f4xx-timer/gated", test_gated);
    qtest_add_func("stm32f4xx-timer/slave_reset", test_slave_reset);
    qtest_add_func("stm32f4xx-timer/center_pwm", test_center_pwm);
    qtest_add_func("stm32f4xx-timer/trgo_ocref_gate", test_trgo_ocref_gate);
    qtest_add_func("stm32f4xx-timer/pwm_throttle", test_pwm_throttle);
    qtest_add_func("stm32f4xx-timer/pin_read_exact", test_pin_read_exact);

    return g_test_run();
}
