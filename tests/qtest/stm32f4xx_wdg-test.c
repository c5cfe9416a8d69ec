/*
 * QTest testcase for the STM32F4xx independent (stm32f4xx-iwdg) and window
 * (stm32f4xx-wwdg) watchdogs on the stm32f4-discovery machine: timing from
 * virtual time, resets through the RCC with their cause flags, early wakeup
 * interrupt, window violation, hardware watchdog option, migration.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "libqtest.h"
#include "stm32f4-migration.h"
#include "qobject/qdict.h"

#define RCC_APB1ENR     0x40023840
#define WWDGEN          BIT(11)
#define RCC_CSR         0x40023874
#define CSR_LSION       BIT(0)
#define CSR_LSIRDY      BIT(1)
#define CSR_RMVF        BIT(24)
#define CSR_IWDGRSTF    BIT(29)
#define CSR_WWDGRSTF    BIT(30)

#define FLASH_OPTKEYR   0x40023C08
#define FLASH_OPTCR     0x40023C14
#define OPTCR_OPTLOCK   BIT(0)
#define OPTCR_OPTSTRT   BIT(1)
#define OPTCR_WDG_SW    BIT(5)

#define IWDG_KR         0x40003000
#define IWDG_PR         0x40003004
#define IWDG_RLR        0x40003008
#define IWDG_SR         0x4000300C
#define SR_PVU          BIT(0)
#define SR_RVU          BIT(1)

#define WWDG_CR         0x40002C00
#define WWDG_CFR        0x40002C04
#define WWDG_SR         0x40002C08
#define CR_WDGA         BIT(7)
#define CFR_EWI         BIT(9)
#define CFR_WDGTB(n)    ((n) << 7)
#define NVIC_WWDG       0

#define US              1000LL
#define MS              1000000LL
#define LSI_CYCLE       31250           /* 32 kHz */
/* WWDG tick at PCLK1 = 16 MHz (HSI after reset), WDGTB=0: 4096 / 16 MHz */
#define WWDG_TICK       (256 * US)

/* Step @ns and tell whether the machine reset itself meanwhile. */
static bool step_and_check_reset(QTestState *qts, int64_t ns)
{
    bool reset;

    qtest_clock_step(qts, ns);
    /* A reset request is served by the main loop before the next command. */
    reset = qtest_readl(qts, RCC_CSR) & (CSR_IWDGRSTF | CSR_WWDGRSTF);
    if (reset) {
        qtest_qmp_eventwait(qts, "RESET");
    }
    return reset;
}

static void clear_reset_flags(QTestState *qts)
{
    qtest_writel(qts, RCC_CSR, qtest_readl(qts, RCC_CSR) | CSR_RMVF);
    g_assert_cmphex(qtest_readl(qts, RCC_CSR) & (CSR_IWDGRSTF | CSR_WWDGRSTF), ==, 0);
}

static void test_iwdg_registers(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    g_assert_cmphex(qtest_readl(qts, IWDG_PR), ==, 0);
    g_assert_cmphex(qtest_readl(qts, IWDG_RLR), ==, 0xFFF);
    g_assert_cmphex(qtest_readl(qts, IWDG_SR), ==, 0);
    /* Protected without the 0x5555 key */
    qtest_writel(qts, IWDG_PR, 3);
    qtest_writel(qts, IWDG_RLR, 0x123);
    g_assert_cmphex(qtest_readl(qts, IWDG_PR), ==, 0);
    g_assert_cmphex(qtest_readl(qts, IWDG_RLR), ==, 0xFFF);
    qtest_writel(qts, IWDG_KR, 0x5555);
    qtest_writel(qts, IWDG_PR, 3);
    qtest_writel(qts, IWDG_RLR, 0x123);
    g_assert_cmphex(qtest_readl(qts, IWDG_PR), ==, 3);
    g_assert_cmphex(qtest_readl(qts, IWDG_RLR), ==, 0x123);
    /* The updates wait for the LSI, which is off. */
    g_assert_cmphex(qtest_readl(qts, IWDG_SR), ==, SR_PVU | SR_RVU);
    qtest_clock_step(qts, MS);
    g_assert_cmphex(qtest_readl(qts, IWDG_SR), ==, SR_PVU | SR_RVU);
    /* Busy: a second PR write is ignored */
    qtest_writel(qts, IWDG_PR, 5);
    g_assert_cmphex(qtest_readl(qts, IWDG_PR), ==, 3);
    qtest_writel(qts, RCC_CSR, CSR_LSION);
    qtest_clock_step(qts, 5 * LSI_CYCLE - 1);
    g_assert_cmphex(qtest_readl(qts, IWDG_SR), ==, SR_PVU | SR_RVU);
    qtest_clock_step(qts, 1);
    g_assert_cmphex(qtest_readl(qts, IWDG_SR), ==, 0);
    /* Any other key locks again */
    qtest_writel(qts, IWDG_KR, 0x1234);
    qtest_writel(qts, IWDG_PR, 1);
    g_assert_cmphex(qtest_readl(qts, IWDG_PR), ==, 3);
    qtest_quit(qts);
}

/* machine.WDT's sequence, then HAL's: reload keeps it alive, expiry resets. */
static void test_iwdg_reload_and_expiry(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    qtest_writel(qts, IWDG_KR, 0xCCCC);
    /* The IWDG forces the LSI on. */
    g_assert_cmphex(qtest_readl(qts, RCC_CSR) & (CSR_LSIRDY | CSR_LSION), ==, CSR_LSIRDY);
    qtest_writel(qts, IWDG_KR, 0x5555);
    qtest_writel(qts, IWDG_PR, 0);
    qtest_writel(qts, IWDG_RLR, 799);       /* (799 + 1) * 4 / 32 kHz = 100 ms */
    qtest_clock_step(qts, 5 * LSI_CYCLE);
    g_assert_cmphex(qtest_readl(qts, IWDG_SR), ==, 0);
    qtest_writel(qts, IWDG_KR, 0xAAAA);
    for (int i = 0; i < 5; i++) {
        g_assert_false(step_and_check_reset(qts, 99 * MS));
        qtest_writel(qts, IWDG_KR, 0xAAAA);
    }
    /* It cannot be stopped */
    qtest_writel(qts, IWDG_KR, 0);
    qtest_writel(qts, RCC_CSR, 0);
    g_assert_false(step_and_check_reset(qts, 100 * MS - LSI_CYCLE));
    g_assert_true(step_and_check_reset(qts, LSI_CYCLE));
    g_assert_cmphex(qtest_readl(qts, RCC_CSR) & (CSR_IWDGRSTF | CSR_WWDGRSTF), ==,
                    CSR_IWDGRSTF);
    /* A system reset stops it (software watchdog option) and releases the LSI. */
    g_assert_cmphex(qtest_readl(qts, IWDG_PR), ==, 0);
    g_assert_cmphex(qtest_readl(qts, RCC_CSR) & CSR_LSIRDY, ==, 0);
    clear_reset_flags(qts);
    g_assert_false(step_and_check_reset(qts, 2000 * MS));
    qtest_quit(qts);
}

/* 0xCCCC starts from 0xFFF, whatever RLR holds; PR changes the running rate. */
static void test_iwdg_start_and_prescaler(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    qtest_writel(qts, IWDG_KR, 0x5555);
    qtest_writel(qts, IWDG_RLR, 0);
    qtest_writel(qts, IWDG_KR, 0xCCCC);
    /* 4096 * 4 / 32 kHz = 512 ms */
    g_assert_false(step_and_check_reset(qts, 512 * MS - LSI_CYCLE));
    g_assert_true(step_and_check_reset(qts, LSI_CYCLE));
    clear_reset_flags(qts);

    /*
     * PR 0 -> 2 halfway: about 2048 ticks left, now of 16 LSI cycles instead
     * of 4, from the end of the 5-cycle update: 1024 ms instead of 256 ms.
     */
    qtest_writel(qts, IWDG_KR, 0xCCCC);
    qtest_clock_step(qts, 256 * MS);
    qtest_writel(qts, IWDG_KR, 0x5555);
    qtest_writel(qts, IWDG_PR, 2);
    g_assert_false(step_and_check_reset(qts, 1020 * MS));
    g_assert_true(step_and_check_reset(qts, 4 * MS));
    qtest_quit(qts);
}

/* FLASH option WDG_SW = 0: the IWDG runs from every reset. */
static void test_iwdg_hardware_option(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");
    uint32_t optcr;

    qtest_writel(qts, FLASH_OPTKEYR, 0x08192A3B);
    qtest_writel(qts, FLASH_OPTKEYR, 0x4C5D6E7F);
    optcr = qtest_readl(qts, FLASH_OPTCR);
    g_assert_false(optcr & OPTCR_OPTLOCK);
    qtest_writel(qts, FLASH_OPTCR, (optcr & ~OPTCR_WDG_SW) | OPTCR_OPTSTRT);
    /* Not before the option bytes are loaded by a reset */
    g_assert_false(step_and_check_reset(qts, 1000 * MS));
    qtest_system_reset(qts);
    g_assert_false(qtest_readl(qts, FLASH_OPTCR) & OPTCR_WDG_SW);
    g_assert_cmphex(qtest_readl(qts, RCC_CSR) & CSR_LSIRDY, ==, CSR_LSIRDY);
    g_assert_false(step_and_check_reset(qts, 512 * MS - LSI_CYCLE));
    g_assert_true(step_and_check_reset(qts, LSI_CYCLE));
    /* ...and again after its own reset */
    clear_reset_flags(qts);
    g_assert_true(step_and_check_reset(qts, 512 * MS));
    qtest_quit(qts);
}

static void test_iwdg_migration(void)
{
    QTestState *src = qtest_init("-M stm32f4-discovery"), *dst;

    qtest_writel(src, IWDG_KR, 0xCCCC);
    qtest_clock_step(src, 200 * MS);
    dst = stm32f4_migrate(src);
    qtest_quit(src);
    g_assert_cmphex(qtest_readl(dst, RCC_CSR) & CSR_LSIRDY, ==, CSR_LSIRDY);
    g_assert_false(step_and_check_reset(dst, 312 * MS - LSI_CYCLE));
    g_assert_true(step_and_check_reset(dst, LSI_CYCLE));
    qtest_quit(dst);
}

static QTestState *start_wwdg(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    qtest_writel(qts, RCC_APB1ENR, WWDGEN);
    return qts;
}

/* Free-running counter at PCLK1 / 4096 / 2^WDGTB; clock gate. */
static void test_wwdg_counter(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    /* No WWDGEN: reads 0, writes ignored */
    g_assert_cmphex(qtest_readl(qts, WWDG_CR), ==, 0);
    qtest_writel(qts, WWDG_CFR, 0x55);
    qtest_writel(qts, RCC_APB1ENR, WWDGEN);
    g_assert_cmphex(qtest_readl(qts, WWDG_CR), ==, 0x7F);
    g_assert_cmphex(qtest_readl(qts, WWDG_CFR), ==, 0x7F);
    g_assert_cmphex(qtest_readl(qts, WWDG_SR), ==, 0);
    qtest_clock_step(qts, 10 * WWDG_TICK);
    g_assert_cmphex(qtest_readl(qts, WWDG_CR), ==, 0x75);
    /* It wraps while the watchdog is off */
    qtest_clock_step(qts, 0x75 * WWDG_TICK);
    g_assert_cmphex(qtest_readl(qts, WWDG_CR), ==, 0x00);
    qtest_clock_step(qts, WWDG_TICK);
    g_assert_cmphex(qtest_readl(qts, WWDG_CR), ==, 0x7F);
    /* WDGTB=3: 8 times slower */
    qtest_writel(qts, WWDG_CFR, CFR_WDGTB(3) | 0x7F);
    qtest_writel(qts, WWDG_CR, 0x70);
    qtest_clock_step(qts, 8 * WWDG_TICK - 1);
    g_assert_cmphex(qtest_readl(qts, WWDG_CR), ==, 0x70);
    qtest_clock_step(qts, 1);
    g_assert_cmphex(qtest_readl(qts, WWDG_CR), ==, 0x6F);
    /* The counter stops with its clock. */
    qtest_writel(qts, RCC_APB1ENR, 0);
    qtest_clock_step(qts, 100 * WWDG_TICK);
    qtest_writel(qts, RCC_APB1ENR, WWDGEN);
    g_assert_cmphex(qtest_readl(qts, WWDG_CR), ==, 0x6F);
    qtest_quit(qts);
}

/* EWI at 0x40 on NVIC 0, reset at 0x3F with WWDGRSTF; WDGA sticks. */
static void test_wwdg_ewi_and_timeout(void)
{
    QTestState *qts = start_wwdg();

    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    qtest_writel(qts, WWDG_CFR, CFR_EWI | 0x7F);
    qtest_writel(qts, WWDG_CR, CR_WDGA | 0x7F);
    /* WDGA cannot be cleared */
    qtest_writel(qts, WWDG_CR, 0x7F);
    g_assert_cmphex(qtest_readl(qts, WWDG_CR), ==, CR_WDGA | 0x7F);
    g_assert_false(step_and_check_reset(qts, 0x3F * WWDG_TICK - 1));
    g_assert_false(qtest_get_irq(qts, NVIC_WWDG));
    g_assert_cmphex(qtest_readl(qts, WWDG_SR), ==, 0);
    g_assert_false(step_and_check_reset(qts, 1));
    g_assert_true(qtest_get_irq(qts, NVIC_WWDG));
    g_assert_cmphex(qtest_readl(qts, WWDG_SR), ==, 1);
    g_assert_cmphex(qtest_readl(qts, WWDG_CR), ==, CR_WDGA | 0x40);
    /* EWIF is rc_w0; EWI cannot be cleared */
    qtest_writel(qts, WWDG_SR, 1);
    g_assert_true(qtest_get_irq(qts, NVIC_WWDG));
    qtest_writel(qts, WWDG_SR, 0);
    g_assert_false(qtest_get_irq(qts, NVIC_WWDG));
    qtest_writel(qts, WWDG_CFR, 0x7F);
    g_assert_cmphex(qtest_readl(qts, WWDG_CFR), ==, CFR_EWI | 0x7F);

    g_assert_false(step_and_check_reset(qts, WWDG_TICK - 1));
    g_assert_true(step_and_check_reset(qts, 1));
    g_assert_cmphex(qtest_readl(qts, RCC_CSR) & (CSR_IWDGRSTF | CSR_WWDGRSTF), ==,
                    CSR_WWDGRSTF);
    /* The reset disabled it */
    qtest_writel(qts, RCC_APB1ENR, WWDGEN);
    g_assert_cmphex(qtest_readl(qts, WWDG_CR), ==, 0x7F);
    g_assert_cmphex(qtest_readl(qts, WWDG_CFR), ==, 0x7F);
    clear_reset_flags(qts);
    g_assert_false(step_and_check_reset(qts, 1000 * MS));
    qtest_quit(qts);
}

/* Refresh above the window, or with T6 = 0: immediate reset. */
static void test_wwdg_window(void)
{
    QTestState *qts = start_wwdg();

    qtest_writel(qts, WWDG_CFR, 0x50);
    qtest_writel(qts, WWDG_CR, CR_WDGA | 0x7F);
    /* Inside the window (counter <= 0x50): a refresh is fine */
    g_assert_false(step_and_check_reset(qts, (0x7F - 0x50) * WWDG_TICK));
    g_assert_cmphex(qtest_readl(qts, WWDG_CR), ==, CR_WDGA | 0x50);
    qtest_writel(qts, WWDG_CR, CR_WDGA | 0x7F);
    g_assert_false(step_and_check_reset(qts, WWDG_TICK));
    /* Too early (0x7E > 0x50) */
    qtest_writel(qts, WWDG_CR, CR_WDGA | 0x7F);
    g_assert_true(step_and_check_reset(qts, 1));
    g_assert_cmphex(qtest_readl(qts, RCC_CSR) & CSR_WWDGRSTF, ==, CSR_WWDGRSTF);

    clear_reset_flags(qts);
    qtest_writel(qts, RCC_APB1ENR, WWDGEN);
    qtest_writel(qts, WWDG_CR, CR_WDGA | 0x3F);
    g_assert_true(step_and_check_reset(qts, 1));
    qtest_quit(qts);
}

/* The running counter, EWIF and the pending reset survive a migration. */
static void test_wwdg_migration(void)
{
    QTestState *src = start_wwdg(), *dst;

    qtest_writel(src, WWDG_CFR, CFR_EWI | 0x7F);
    qtest_writel(src, WWDG_CR, CR_WDGA | 0x50);
    qtest_clock_step(src, 0x10 * WWDG_TICK + WWDG_TICK / 2);
    g_assert_cmphex(qtest_readl(src, WWDG_SR), ==, 1);
    dst = stm32f4_migrate(src);
    qtest_quit(src);
    g_assert_cmphex(qtest_readl(dst, WWDG_CR), ==, CR_WDGA | 0x40);
    g_assert_cmphex(qtest_readl(dst, WWDG_SR), ==, 1);
    g_assert_false(step_and_check_reset(dst, WWDG_TICK / 2 - 1));
    g_assert_true(step_and_check_reset(dst, 1));
    g_assert_cmphex(qtest_readl(dst, RCC_CSR) & CSR_WWDGRSTF, ==, CSR_WWDGRSTF);
    qtest_quit(dst);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("stm32f4/iwdg/registers", test_iwdg_registers);
    qtest_add_func("stm32f4/iwdg/reload-and-expiry", test_iwdg_reload_and_expiry);
    qtest_add_func("stm32f4/iwdg/start-and-prescaler", test_iwdg_start_and_prescaler);
    qtest_add_func("stm32f4/iwdg/hardware-option", test_iwdg_hardware_option);
    qtest_add_func("stm32f4/iwdg/migration", test_iwdg_migration);
    qtest_add_func("stm32f4/wwdg/counter", test_wwdg_counter);
    qtest_add_func("stm32f4/wwdg/ewi-and-timeout", test_wwdg_ewi_and_timeout);
    qtest_add_func("stm32f4/wwdg/window", test_wwdg_window);
    qtest_add_func("stm32f4/wwdg/migration", test_wwdg_migration);
    return g_test_run();
}
