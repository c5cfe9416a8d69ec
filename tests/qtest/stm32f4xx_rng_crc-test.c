/*
 * qtest: STM32F4 RNG (RM0090 section 24) and CRC unit (section 4).
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "libqtest.h"

#define RCC_AHB1ENR 0x40023830
#define RCC_AHB2ENR 0x40023834
#define AHB1ENR_CRCEN BIT(12)
#define AHB2ENR_RNGEN BIT(6)

#define RNG 0x50060800
#define RNG_CR (RNG + 0x0)
#define RNG_SR (RNG + 0x4)
#define RNG_DR (RNG + 0x8)
#define CR_RNGEN BIT(2)
#define CR_IE BIT(3)
#define SR_DRDY BIT(0)
#define NVIC_HASH_RNG_IRQ 80

#define CRC 0x40023000
#define CRC_DR (CRC + 0x0)
#define CRC_IDR (CRC + 0x4)
#define CRC_CR (CRC + 0x8)

static QTestState *start_rng(const char *extra)
{
    g_autofree char *args = g_strdup_printf("-M stm32f4-discovery %s", extra);
    QTestState *qts = qtest_init(args);

    qtest_writel(qts, RCC_AHB2ENR, AHB2ENR_RNGEN);
    qtest_writel(qts, RNG_CR, CR_RNGEN);
    return qts;
}

static uint32_t next_word(QTestState *qts)
{
    qtest_clock_step(qts, 1000);
    g_assert_cmphex(qtest_readl(qts, RNG_SR) & SR_DRDY, ==, SR_DRDY);
    return qtest_readl(qts, RNG_DR);
}

static void test_rng_registers(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    /* Clock off in RCC: writes are ignored. */
    qtest_writel(qts, RNG_CR, CR_RNGEN);
    qtest_writel(qts, RCC_AHB2ENR, AHB2ENR_RNGEN);
    g_assert_cmphex(qtest_readl(qts, RNG_CR), ==, 0);
    g_assert_cmphex(qtest_readl(qts, RNG_SR), ==, 0);

    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    qtest_writel(qts, RNG_CR, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, RNG_CR), ==, CR_RNGEN | CR_IE);
    /* Not ready until 40 RNG clock periods have passed. */
    g_assert_cmphex(qtest_readl(qts, RNG_SR), ==, 0);
    g_assert_false(qtest_get_irq(qts, NVIC_HASH_RNG_IRQ));
    qtest_clock_step(qts, 1000);
    g_assert_cmphex(qtest_readl(qts, RNG_SR), ==, SR_DRDY);
    g_assert_true(qtest_get_irq(qts, NVIC_HASH_RNG_IRQ));
    /* Reading DR consumes the word. */
    qtest_readl(qts, RNG_DR);
    g_assert_cmphex(qtest_readl(qts, RNG_SR), ==, 0);
    g_assert_false(qtest_get_irq(qts, NVIC_HASH_RNG_IRQ));
    /* DRDY is read-only. */
    qtest_writel(qts, RNG_SR, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, RNG_SR), ==, 0);
    /* Disabling stops generation. */
    qtest_writel(qts, RNG_CR, 0);
    qtest_clock_step(qts, 10000);
    g_assert_cmphex(qtest_readl(qts, RNG_SR), ==, 0);
    qtest_quit(qts);
}

static void test_rng_values_vary(void)
{
    QTestState *qts = start_rng("");
    uint32_t seen[16];
    int distinct = 0;

    for (int i = 0; i < 16; i++) {
        seen[i] = next_word(qts);
        bool dup = false;
        for (int j = 0; j < i; j++) {
            dup |= seen[j] == seen[i];
        }
        distinct += !dup;
    }
    g_assert_cmpint(distinct, >=, 15);
    qtest_quit(qts);
}

static void test_rng_seed_reproducible(void)
{
    const char *seeded = "-global stm32f4xx-rng.seed=42";
    QTestState *a = start_rng(seeded), *b = start_rng(seeded);
    QTestState *c = start_rng("-global stm32f4xx-rng.seed=43");

    for (int i = 0; i < 4; i++) {
        uint32_t va = next_word(a), vb = next_word(b), vc = next_word(c);
        g_assert_cmphex(va, ==, vb);
        g_assert_cmphex(va, !=, vc);
    }
    qtest_quit(a);
    qtest_quit(b);
    qtest_quit(c);
}

static void test_crc(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    qtest_writel(qts, RCC_AHB1ENR, qtest_readl(qts, RCC_AHB1ENR) | AHB1ENR_CRCEN);
    g_assert_cmphex(qtest_readl(qts, CRC_DR), ==, 0xFFFFFFFF);
    /* The classic STM32 check value: CRC of 0x12345678 from reset. */
    qtest_writel(qts, CRC_DR, 0x12345678);
    g_assert_cmphex(qtest_readl(qts, CRC_DR), ==, 0xDF8A8A2B);
    /* RESET reloads the initial value; two words give CRC-32/MPEG-2 of their bytes. */
    qtest_writel(qts, CRC_CR, 1);
    g_assert_cmphex(qtest_readl(qts, CRC_DR), ==, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, CRC_CR), ==, 0);
    qtest_writel(qts, CRC_DR, 0x12345678);
    qtest_writel(qts, CRC_DR, 0x12345678);
    g_assert_cmphex(qtest_readl(qts, CRC_DR), ==, 0x877BB728);
    /* IDR: an 8-bit scratch register, untouched by RESET. */
    qtest_writel(qts, CRC_IDR, 0x1A5);
    qtest_writel(qts, CRC_CR, 1);
    g_assert_cmphex(qtest_readl(qts, CRC_IDR), ==, 0xA5);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("stm32f4xx-rng/registers", test_rng_registers);
    qtest_add_func("stm32f4xx-rng/values-vary", test_rng_values_vary);
    qtest_add_func("stm32f4xx-rng/seed-reproducible", test_rng_seed_reproducible);
    qtest_add_func("stm32f4xx-crc/check-value", test_crc);
    return g_test_run();
}
