/*
 * qtest: Cortex-M4 DWT cycle counter and DEMCR (ARMv7-M ARM C1.8, C1.6.5),
 * STM32F4 DBGMCU (RM0090 section 38.16).
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "libqtest.h"
#include "stm32f4-migration.h"
#include "qobject/qdict.h"

#define RCC 0x40023800
#define RCC_CR (RCC + 0x00)
#define RCC_PLLCFGR (RCC + 0x04)
#define RCC_CFGR (RCC + 0x08)
#define CR_HSEON BIT(16)
#define CR_PLLON BIT(24)

#define DWT_CTRL 0xE0001000
#define DWT_CYCCNT 0xE0001004
#define DWT_CPICNT 0xE0001008
#define DWT_COMP0 0xE0001020
#define DEMCR 0xE000EDFC
#define DEMCR_TRCENA BIT(24)
#define CTRL_CYCCNTENA BIT(0)

#define DBGMCU_IDCODE 0xE0042000
#define DBGMCU_CR 0xE0042004
#define DBGMCU_APB1_FZ 0xE0042008
#define DBGMCU_APB2_FZ 0xE004200C

#define MS 1000000


static QTestState *start_counting(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    qtest_writel(qts, DEMCR, qtest_readl(qts, DEMCR) | DEMCR_TRCENA);
    qtest_writel(qts, DWT_CYCCNT, 0);
    qtest_writel(qts, DWT_CTRL, qtest_readl(qts, DWT_CTRL) | CTRL_CYCCNTENA);
    return qts;
}

static uint32_t cycles_in(QTestState *qts, int64_t ns)
{
    uint32_t before = qtest_readl(qts, DWT_CYCCNT);

    qtest_clock_step(qts, ns);
    return qtest_readl(qts, DWT_CYCCNT) - before;
}

static void test_dwt_reset(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    /* Cortex-M4: NUMCOMP = 4, counter off. */
    g_assert_cmphex(qtest_readl(qts, DWT_CTRL), ==, 0x40000000);
    g_assert_cmphex(qtest_readl(qts, DWT_CYCCNT), ==, 0);
    g_assert_cmphex(qtest_readl(qts, DEMCR), ==, 0);
    qtest_clock_step(qts, MS);
    g_assert_cmphex(qtest_readl(qts, DWT_CYCCNT), ==, 0);
    /* NUMCOMP is read-only; unmodelled counters and comparators are RAZ/WI. */
    qtest_writel(qts, DWT_CTRL, 0);
    g_assert_cmphex(qtest_readl(qts, DWT_CTRL), ==, 0x40000000);
    qtest_writel(qts, DWT_CPICNT, 0xFF);
    g_assert_cmphex(qtest_readl(qts, DWT_CPICNT), ==, 0);
    qtest_writel(qts, DWT_COMP0, 0x20000000);
    g_assert_cmphex(qtest_readl(qts, DWT_COMP0), ==, 0);
    /* DEMCR keeps its writable bits only. */
    qtest_writel(qts, DEMCR, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, DEMCR), ==, 0x010F07F1);
    qtest_quit(qts);
}

static void test_cyccnt_hsi(void)
{
    QTestState *qts = start_counting();

    /* HSI 16 MHz after reset. */
    g_assert_cmpuint(cycles_in(qts, MS), ==, 16000);
    g_assert_cmpuint(cycles_in(qts, 10 * MS), ==, 160000);
    qtest_quit(qts);
}

static void test_cyccnt_pll(void)
{
    QTestState *qts = start_counting();
    uint32_t at_switch;

    qtest_clock_step(qts, MS);      /* 16000 cycles at HSI */
    /* The board's 168 MHz setup: HSE 8 MHz, M=8 N=336 P=2 Q=7. */
    qtest_writel(qts, RCC_CR, qtest_readl(qts, RCC_CR) | CR_HSEON);
    qtest_writel(qts, RCC_PLLCFGR, (7 << 24) | BIT(22) | (336 << 6) | 8);
    qtest_writel(qts, RCC_CR, qtest_readl(qts, RCC_CR) | CR_PLLON);
    qtest_writel(qts, RCC_CFGR, (4 << 13) | (5 << 10) | 2);
    g_assert_cmphex(qtest_readl(qts, RCC_CFGR) & 0xF, ==, 0xA);
    /* The cycles before the switch were counted at the old rate. */
    at_switch = qtest_readl(qts, DWT_CYCCNT);
    g_assert_cmpuint(at_switch, ==, 16000);
    g_assert_cmpuint(cycles_in(qts, MS), ==, 168000);
    /* HCLK = SYSCLK / 2 (HPRE = 8). */
    qtest_writel(qts, RCC_CFGR, (8 << 4) | (4 << 13) | (5 << 10) | 2);
    g_assert_cmpuint(cycles_in(qts, MS), ==, 84000);
    qtest_quit(qts);
}

static void test_cyccnt_write_stop_wrap(void)
{
    QTestState *qts = start_counting();

    /* Writable, and it keeps counting from the written value. */
    qtest_writel(qts, DWT_CYCCNT, 1000);
    qtest_clock_step(qts, MS);
    g_assert_cmpuint(qtest_readl(qts, DWT_CYCCNT), ==, 17000);
    /* Stops, holding its value, when CYCCNTENA = 0. */
    qtest_writel(qts, DWT_CTRL, 0);
    qtest_clock_step(qts, MS);
    g_assert_cmpuint(qtest_readl(qts, DWT_CYCCNT), ==, 17000);
    /* Writable while stopped; resumes from there. */
    qtest_writel(qts, DWT_CYCCNT, 5);
    qtest_writel(qts, DWT_CTRL, CTRL_CYCCNTENA);
    qtest_clock_step(qts, MS);
    g_assert_cmpuint(qtest_readl(qts, DWT_CYCCNT), ==, 16005);
    /* DEMCR.TRCENA = 0 stops the DWT too. */
    qtest_writel(qts, DEMCR, 0);
    qtest_clock_step(qts, MS);
    g_assert_cmpuint(qtest_readl(qts, DWT_CYCCNT), ==, 16005);
    qtest_writel(qts, DEMCR, DEMCR_TRCENA);
    /* Wraps at 32 bits. */
    qtest_writel(qts, DWT_CYCCNT, 0xFFFFFFFF - 999);
    qtest_clock_step(qts, MS);
    g_assert_cmpuint(qtest_readl(qts, DWT_CYCCNT), ==, 15000);
    qtest_quit(qts);
}

static void test_cyccnt_system_reset(void)
{
    QTestState *qts = start_counting();

    qtest_writel(qts, DWT_CYCCNT, 777);
    qtest_clock_step(qts, MS);
    qtest_system_reset(qts);
    g_assert_cmphex(qtest_readl(qts, DWT_CTRL), ==, 0x40000000);
    g_assert_cmphex(qtest_readl(qts, DEMCR), ==, 0);
    g_assert_cmpuint(qtest_readl(qts, DWT_CYCCNT), ==, 0);
    qtest_clock_step(qts, MS);
    g_assert_cmpuint(qtest_readl(qts, DWT_CYCCNT), ==, 0);
    qtest_quit(qts);
}

/* Counter value, enables and the 168 MHz rate survive a migration. */
static void test_cyccnt_migration(void)
{
    QTestState *src = start_counting(), *dst;

    qtest_writel(src, RCC_CR, qtest_readl(src, RCC_CR) | CR_HSEON);
    qtest_writel(src, RCC_PLLCFGR, (7 << 24) | BIT(22) | (336 << 6) | 8);
    qtest_writel(src, RCC_CR, qtest_readl(src, RCC_CR) | CR_PLLON);
    qtest_writel(src, RCC_CFGR, (4 << 13) | (5 << 10) | 2);
    qtest_writel(src, DWT_CYCCNT, 12345);
    dst = stm32f4_migrate(src);
    g_assert_cmphex(qtest_readl(dst, DEMCR), ==, DEMCR_TRCENA);
    g_assert_cmphex(qtest_readl(dst, DWT_CTRL), ==, 0x40000000 | CTRL_CYCCNTENA);
    g_assert_cmpuint(qtest_readl(dst, DWT_CYCCNT), ==, 12345);
    g_assert_cmpuint(cycles_in(dst, MS), ==, 168000);
    qtest_quit(dst);
    qtest_quit(src);
}

static void test_dbgmcu(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    /* REV_ID 0x1007, DEV_ID 0x413 (STM32F405/407). */
    g_assert_cmphex(qtest_readl(qts, DBGMCU_IDCODE), ==, 0x10076413);
    qtest_writel(qts, DBGMCU_IDCODE, 0);
    g_assert_cmphex(qtest_readl(qts, DBGMCU_IDCODE), ==, 0x10076413);
    g_assert_cmphex(qtest_readl(qts, DBGMCU_CR), ==, 0);
    g_assert_cmphex(qtest_readl(qts, DBGMCU_APB1_FZ), ==, 0);
    g_assert_cmphex(qtest_readl(qts, DBGMCU_APB2_FZ), ==, 0);
    qtest_writel(qts, DBGMCU_CR, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, DBGMCU_CR), ==, 0xE7);
    qtest_writel(qts, DBGMCU_APB1_FZ, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, DBGMCU_APB1_FZ), ==, 0x06E01DFF);
    qtest_writel(qts, DBGMCU_APB2_FZ, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, DBGMCU_APB2_FZ), ==, 0x00070003);
    qtest_system_reset(qts);
    g_assert_cmphex(qtest_readl(qts, DBGMCU_CR), ==, 0);
    g_assert_cmphex(qtest_readl(qts, DBGMCU_IDCODE), ==, 0x10076413);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("stm32f4/dwt/reset-values", test_dwt_reset);
    qtest_add_func("stm32f4/dwt/cyccnt-hsi", test_cyccnt_hsi);
    qtest_add_func("stm32f4/dwt/cyccnt-pll", test_cyccnt_pll);
    qtest_add_func("stm32f4/dwt/cyccnt-write-stop-wrap", test_cyccnt_write_stop_wrap);
    qtest_add_func("stm32f4/dwt/system-reset", test_cyccnt_system_reset);
    qtest_add_func("stm32f4/dwt/cyccnt-migration", test_cyccnt_migration);
    qtest_add_func("stm32f4/dbgmcu/registers", test_dbgmcu);
    return g_test_run();
}
