/*
 * qtest: STM32F405/407 power controller (RM0090 section 5) and the backup
 * domain write protection of RCC_BDCR (PWR_CR.DBP).
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "libqtest.h"
#include "stm32f4-migration.h"
#include "qobject/qdict.h"

#define RCC_APB1ENR 0x40023840
#define RCC_BDCR 0x40023870
#define APB1ENR_PWREN BIT(28)
#define BDCR_LSEON BIT(0)
#define BDCR_LSERDY BIT(1)

#define PWR_CR 0x40007000
#define PWR_CSR 0x40007004
#define CR_CWUF BIT(2)
#define CR_CSBF BIT(3)
#define CR_DBP BIT(8)
#define CR_VOS BIT(14)
#define CSR_BRR BIT(3)
#define CSR_BRE BIT(9)
#define CSR_VOSRDY BIT(14)


static QTestState *start_pwr(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    qtest_writel(qts, RCC_APB1ENR, APB1ENR_PWREN);
    return qts;
}

static void test_reset_and_masks(void)
{
    QTestState *qts = start_pwr();

    g_assert_cmphex(qtest_readl(qts, PWR_CR), ==, 0x00004000);
    g_assert_cmphex(qtest_readl(qts, PWR_CSR), ==, 0);
    /* CWUF and CSBF read as 0; bits 10-13 and 15-31 are reserved. */
    qtest_writel(qts, PWR_CR, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, PWR_CR), ==, 0x000043F3);
    /* VOSRDY once the scale is applied; PVDO stays 0 at 3.3 V whatever PLS. */
    g_assert_cmphex(qtest_readl(qts, PWR_CSR), ==, CSR_VOSRDY);
    /* CSR: only EWUP and BRE are writable; BRR follows BRE. */
    qtest_writel(qts, PWR_CSR, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, PWR_CSR), ==, CSR_VOSRDY | CSR_BRE | BIT(8) | CSR_BRR);
    qtest_writel(qts, PWR_CSR, 0);
    g_assert_cmphex(qtest_readl(qts, PWR_CSR), ==, CSR_VOSRDY);
    /* CWUF/CSBF clear flags that are never set here; no other effect. */
    qtest_writel(qts, PWR_CR, CR_VOS | CR_CWUF | CR_CSBF);
    g_assert_cmphex(qtest_readl(qts, PWR_CR), ==, CR_VOS);
    g_assert_cmphex(qtest_readl(qts, PWR_CSR) & 3, ==, 0);
    /* System reset restores the reset values. */
    qtest_system_reset(qts);
    qtest_writel(qts, RCC_APB1ENR, APB1ENR_PWREN);
    g_assert_cmphex(qtest_readl(qts, PWR_CR), ==, 0x00004000);
    g_assert_cmphex(qtest_readl(qts, PWR_CSR), ==, 0);
    qtest_quit(qts);
}

static void test_clock_gate(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    /* Without PWREN, PWR reads as 0 and ignores writes. */
    g_assert_cmphex(qtest_readl(qts, PWR_CR), ==, 0);
    qtest_writel(qts, PWR_CR, CR_DBP);
    qtest_writel(qts, RCC_APB1ENR, APB1ENR_PWREN);
    g_assert_cmphex(qtest_readl(qts, PWR_CR), ==, 0x00004000);
    qtest_quit(qts);
}

static void test_dbp_protects_bdcr(void)
{
    QTestState *qts = start_pwr();

    /* DBP = 0 after reset: the LSEON write is ignored. */
    qtest_writel(qts, RCC_BDCR, BDCR_LSEON);
    g_assert_cmphex(qtest_readl(qts, RCC_BDCR), ==, 0);
    /* DBP = 1: LSE starts and reports ready. */
    qtest_writel(qts, PWR_CR, qtest_readl(qts, PWR_CR) | CR_DBP);
    qtest_writel(qts, RCC_BDCR, BDCR_LSEON);
    g_assert_cmphex(qtest_readl(qts, RCC_BDCR), ==, BDCR_LSEON | BDCR_LSERDY);
    /* Locked again: turning LSE off is ignored. */
    qtest_writel(qts, PWR_CR, qtest_readl(qts, PWR_CR) & ~CR_DBP);
    qtest_writel(qts, RCC_BDCR, 0);
    g_assert_cmphex(qtest_readl(qts, RCC_BDCR), ==, BDCR_LSEON | BDCR_LSERDY);
    /* A system reset clears DBP (the backup domain itself survives). */
    qtest_writel(qts, PWR_CR, qtest_readl(qts, PWR_CR) | CR_DBP);
    qtest_system_reset(qts);
    qtest_writel(qts, RCC_APB1ENR, APB1ENR_PWREN);
    g_assert_cmphex(qtest_readl(qts, PWR_CR) & CR_DBP, ==, 0);
    qtest_writel(qts, RCC_BDCR, 0);
    g_assert_cmphex(qtest_readl(qts, RCC_BDCR), ==, BDCR_LSEON | BDCR_LSERDY);
    qtest_quit(qts);
}

/* DBP survives a migration, in the PWR and in the RCC's protection. */
static void test_dbp_migration(void)
{
    QTestState *src = start_pwr(), *dst;

    qtest_writel(src, PWR_CR, CR_VOS | CR_DBP);
    dst = stm32f4_migrate(src);
    g_assert_cmphex(qtest_readl(dst, PWR_CR), ==, CR_VOS | CR_DBP);
    qtest_writel(dst, RCC_BDCR, BDCR_LSEON);
    g_assert_cmphex(qtest_readl(dst, RCC_BDCR), ==, BDCR_LSEON | BDCR_LSERDY);
    qtest_quit(dst);
    qtest_quit(src);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("stm32f4/pwr/reset-and-masks", test_reset_and_masks);
    qtest_add_func("stm32f4/pwr/clock-gate", test_clock_gate);
    qtest_add_func("stm32f4/pwr/dbp-protects-bdcr", test_dbp_protects_bdcr);
    qtest_add_func("stm32f4/pwr/dbp-migration", test_dbp_migration);
    return g_test_run();
}
