/*
 * qtest: STM32F4 DAC (RM0090 chapter 14), with its timer triggers, DMA and
 * the ADC reading its output.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include "stm32f4-migration.h"

#define RCC_AHB1ENR     0x40023830
#define RCC_APB1ENR     0x40023840
#define RCC_APB2ENR     0x40023844
#define APB1ENR_TIM6EN  BIT(4)
#define APB1ENR_DACEN   BIT(29)

#define DAC             0x40007400
#define CR              (DAC + 0x00)
#define SWTRIGR         (DAC + 0x04)
#define DHR12R1         (DAC + 0x08)
#define DHR12L1         (DAC + 0x0C)
#define DHR8R1          (DAC + 0x10)
#define DHR12R2         (DAC + 0x14)
#define DHR12RD         (DAC + 0x20)
#define DHR12LD         (DAC + 0x24)
#define DHR8RD          (DAC + 0x28)
#define DOR1            (DAC + 0x2C)
#define DOR2            (DAC + 0x30)
#define SR              (DAC + 0x34)

#define CR_EN1          BIT(0)
#define CR_TEN1         BIT(2)
#define CR_TSEL1(n)     ((uint32_t)(n) << 3)
#define CR_WAVE1_NOISE  (1u << 6)
#define CR_WAVE1_TRI    (2u << 6)
#define CR_MAMP1(n)     ((uint32_t)(n) << 8)
#define CR_DMAEN1       BIT(12)
#define CR_DMAUDRIE1    BIT(13)
#define SR_DMAUDR1      BIT(13)
#define TSEL_TIM6       0
#define TSEL_SW         7

#define TIM6_DAC_IRQ    54

static QTestState *start(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    qtest_writel(qts, RCC_APB1ENR, APB1ENR_DACEN | APB1ENR_TIM6EN);
    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    return qts;
}

static int64_t get_prop(QTestState *qts, const char *path, const char *prop)
{
    QDict *r = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': "
                         "{ 'path': %s, 'property': %s } }", path, prop);
    int64_t v;

    g_assert(qdict_haskey(r, "return"));
    v = qdict_get_int(r, "return");
    qobject_unref(r);
    return v;
}

/* One software trigger; the APB1 clock is 16 MHz after reset */
static uint32_t sw_trigger(QTestState *qts)
{
    qtest_writel(qts, SWTRIGR, 1);
    qtest_clock_step(qts, 100);
    g_assert_cmphex(qtest_readl(qts, SWTRIGR), ==, 0);
    return qtest_readl(qts, DOR1);
}

static void test_registers(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    /* Clock off: writes ignored */
    qtest_writel(qts, DHR12R1, 0x123);
    qtest_writel(qts, RCC_APB1ENR, APB1ENR_DACEN);
    g_assert_cmphex(qtest_readl(qts, DHR12R1), ==, 0);
    g_assert_cmphex(qtest_readl(qts, CR), ==, 0);
    g_assert_cmphex(qtest_readl(qts, SR), ==, 0);

    qtest_writel(qts, CR, 0xFFFFFFFF & ~(CR_EN1 | CR_EN1 << 16));
    g_assert_cmphex(qtest_readl(qts, CR), ==, 0x3FFE3FFE);
    qtest_writel(qts, CR, 0);
    /* The views of the data holding registers */
    qtest_writel(qts, DHR12L1, 0xABCF);
    g_assert_cmphex(qtest_readl(qts, DHR12R1), ==, 0xABC);
    g_assert_cmphex(qtest_readl(qts, DHR12L1), ==, 0xABC0);
    g_assert_cmphex(qtest_readl(qts, DHR8R1), ==, 0xAB);
    qtest_writel(qts, DHR8R1, 0x1FF);
    g_assert_cmphex(qtest_readl(qts, DHR12R1), ==, 0xFF0);
    qtest_writel(qts, DHR12RD, 0x0456F123);
    g_assert_cmphex(qtest_readl(qts, DHR12R1), ==, 0x123);
    g_assert_cmphex(qtest_readl(qts, DHR12R2), ==, 0x456);
    qtest_writel(qts, DHR12LD, 0x12345678);
    g_assert_cmphex(qtest_readl(qts, DHR12RD), ==, 0x01230567);
    qtest_writel(qts, DHR8RD, 0x1234);
    g_assert_cmphex(qtest_readl(qts, DHR8RD), ==, 0x1234);
    /* DOR is read-only, and 0 while the channels are off */
    qtest_writel(qts, DOR1, 0x555);
    g_assert_cmphex(qtest_readl(qts, DOR1), ==, 0);
    g_assert_cmphex(qtest_readl(qts, DOR2), ==, 0);
    qtest_quit(qts);
}

static void test_output_and_adc(void)
{
    QTestState *qts = start();

    /* No trigger: DOR follows DHR at once */
    qtest_writel(qts, CR, CR_EN1);
    qtest_writel(qts, DHR12R1, 2048);
    g_assert_cmphex(qtest_readl(qts, DOR1), ==, 2048);
    g_assert_cmpint(get_prop(qts, "/machine/soc/dac", "out1-mv"), ==, 1500);
    g_assert_cmpint(get_prop(qts, "/machine/soc/dac", "out2-mv"), ==, 0);

    /* ADC1 channel 4 (PA4) reads it back */
    qtest_writel(qts, RCC_APB2ENR, BIT(8));
    qtest_writel(qts, 0x40012034, 4);
    qtest_writel(qts, 0x40012008, BIT(0));
    qtest_writel(qts, 0x40012008, BIT(0) | BIT(30));
    qtest_clock_step(qts, 10000);
    g_assert_cmpuint(qtest_readl(qts, 0x4001204C), ==, 2048);
    /* Channel off: the pin is the host's again (0 V) */
    qtest_writel(qts, CR, 0);
    qtest_writel(qts, 0x40012008, BIT(0) | BIT(30));
    qtest_clock_step(qts, 10000);
    g_assert_cmpuint(qtest_readl(qts, 0x4001204C), ==, 0);
    qtest_quit(qts);
}

static void test_software_trigger(void)
{
    QTestState *qts = start();

    qtest_writel(qts, CR, CR_EN1 | CR_TEN1 | CR_TSEL1(TSEL_SW));
    qtest_writel(qts, DHR12R1, 0x321);
    g_assert_cmphex(qtest_readl(qts, DOR1), ==, 0);
    qtest_writel(qts, SWTRIGR, 1);
    /* One APB1 cycle (62.5 ns) later */
    g_assert_cmphex(qtest_readl(qts, SWTRIGR), ==, 1);
    g_assert_cmphex(qtest_readl(qts, DOR1), ==, 0);
    qtest_clock_step(qts, 30);
    g_assert_cmphex(qtest_readl(qts, DOR1), ==, 0);
    qtest_clock_step(qts, 40);
    g_assert_cmphex(qtest_readl(qts, DOR1), ==, 0x321);
    g_assert_cmphex(qtest_readl(qts, SWTRIGR), ==, 0);
    /* Another TSEL: the software trigger does nothing */
    qtest_writel(qts, CR, CR_EN1 | CR_TEN1 | CR_TSEL1(TSEL_TIM6));
    qtest_writel(qts, DHR12R1, 0x123);
    qtest_writel(qts, SWTRIGR, 1);
    qtest_clock_step(qts, 1000);
    g_assert_cmphex(qtest_readl(qts, DOR1), ==, 0x321);
    qtest_quit(qts);
}

static void test_waves(void)
{
    QTestState *qts = start();
    static const uint32_t tri[] = { 101, 102, 103, 102, 101, 100, 101, 102 };
    uint32_t seen = 0, prev = 0;
    int changes = 0;

    /* Triangle of amplitude 3 on DHR = 100 */
    qtest_writel(qts, CR, CR_EN1 | CR_TEN1 | CR_TSEL1(TSEL_SW) | CR_WAVE1_TRI | CR_MAMP1(1));
    qtest_writel(qts, DHR12R1, 100);
    for (int i = 0; i < ARRAY_SIZE(tri); i++) {
        g_assert_cmpuint(sw_trigger(qts), ==, tri[i]);
    }
    /* Saturates at full scale */
    qtest_writel(qts, DHR12R1, 0xFFF);
    g_assert_cmpuint(sw_trigger(qts), ==, 0xFFF);

    /* Noise, 4 bits unmasked (MAMP = 3) on DHR = 0x800 */
    qtest_writel(qts, CR, CR_EN1 | CR_TEN1 | CR_TSEL1(TSEL_SW) | CR_WAVE1_NOISE | CR_MAMP1(3));
    qtest_writel(qts, DHR12R1, 0x800);
    for (int i = 0; i < 64; i++) {
        uint32_t v = sw_trigger(qts);

        g_assert_cmphex(v & ~0xF, ==, 0x800);
        seen |= BIT(v & 0xF);
        changes += v != prev;
        prev = v;
    }
    /* A pseudo-random sequence: most of the 16 values, rarely repeated */
    g_assert_cmpint(ctpop32(seen), >=, 12);
    g_assert_cmpint(changes, >=, 48);
    qtest_quit(qts);
}

static void test_timer_trigger(void)
{
    QTestState *qts = start();

    /* TIM6: TRGO on update, every 1000 counts of 16 MHz (62.5 us) */
    qtest_writel(qts, 0x40001004, 2 << 4);
    qtest_writel(qts, 0x4000102C, 999);
    qtest_writel(qts, CR, CR_EN1 | CR_TEN1 | CR_TSEL1(TSEL_TIM6));
    qtest_writel(qts, DHR12R1, 0x456);
    qtest_writel(qts, 0x40001000, BIT(0));
    qtest_clock_step(qts, 62500);
    g_assert_cmphex(qtest_readl(qts, DOR1), ==, 0);
    /* Three APB1 cycles after the trigger */
    qtest_clock_step(qts, 200);
    g_assert_cmphex(qtest_readl(qts, DOR1), ==, 0x456);
    qtest_quit(qts);
}

static void test_dma(void)
{
    QTestState *qts = start();
    const uint32_t buf = 0x20002000, dma1 = 0x40026000, s5 = dma1 + 0x10 + 5 * 0x18;
    static const uint16_t samples[] = { 0x100, 0x200, 0x300, 0x400 };

    /* Without a DMA stream: the second trigger finds the request unserved */
    qtest_writel(qts, CR, CR_EN1 | CR_TEN1 | CR_TSEL1(TSEL_SW) | CR_DMAEN1 | CR_DMAUDRIE1);
    sw_trigger(qts);
    g_assert_cmphex(qtest_readl(qts, SR), ==, 0);
    sw_trigger(qts);
    g_assert_cmphex(qtest_readl(qts, SR), ==, SR_DMAUDR1);
    g_assert_true(qtest_get_irq(qts, TIM6_DAC_IRQ));
    qtest_writel(qts, SR, SR_DMAUDR1);
    g_assert_cmphex(qtest_readl(qts, SR), ==, 0);
    g_assert_false(qtest_get_irq(qts, TIM6_DAC_IRQ));

    /* DMA1 stream 5 channel 7, circular, halfwords to DHR12R1 */
    qtest_writel(qts, CR, 0);
    for (int i = 0; i < ARRAY_SIZE(samples); i++) {
        qtest_writew(qts, buf + 2 * i, samples[i]);
    }
    qtest_writel(qts, RCC_AHB1ENR, BIT(21));
    qtest_writel(qts, s5 + 0x08, DHR12R1);
    qtest_writel(qts, s5 + 0x0C, buf);
    qtest_writel(qts, s5 + 0x04, ARRAY_SIZE(samples));
    qtest_writel(qts, s5 + 0x00, 7u << 25 | 1 << 13 | 1 << 11 | BIT(10) | BIT(8) | 1 << 6 |
                 BIT(0));
    qtest_writel(qts, CR, CR_EN1 | CR_TEN1 | CR_TSEL1(TSEL_SW) | CR_DMAEN1 | CR_DMAUDRIE1);
    /* The first trigger outputs DHR (0) and asks the DMA for the next sample */
    g_assert_cmphex(sw_trigger(qts), ==, 0);
    for (int i = 0; i < 6; i++) {
        g_assert_cmphex(sw_trigger(qts), ==, samples[i % ARRAY_SIZE(samples)]);
    }
    g_assert_cmphex(qtest_readl(qts, SR), ==, 0);
    qtest_quit(qts);
}

static void test_migration(void)
{
    QTestState *src = start(), *dst;

    qtest_writel(src, CR, CR_EN1 | CR_TEN1 | CR_TSEL1(TSEL_SW) | CR_WAVE1_TRI | CR_MAMP1(1));
    qtest_writel(src, DHR12R1, 100);
    g_assert_cmpuint(sw_trigger(src), ==, 101);
    qtest_writel(src, SWTRIGR, 1);
    dst = stm32f4_migrate(src);
    qtest_quit(src);
    /* The pending trigger and the triangle counter came along */
    g_assert_cmphex(qtest_readl(dst, SWTRIGR), ==, 1);
    g_assert_cmpuint(qtest_readl(dst, DOR1), ==, 101);
    qtest_clock_step(dst, 100000);
    g_assert_cmpuint(qtest_readl(dst, DOR1), ==, 102);
    g_assert_cmpuint(sw_trigger(dst), ==, 103);
    g_assert_cmpuint(sw_trigger(dst), ==, 102);
    g_assert_cmpint(get_prop(dst, "/machine/soc/dac", "out1-mv"), ==, 75);
    qtest_quit(dst);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("stm32f4xx-dac/registers", test_registers);
    qtest_add_func("stm32f4xx-dac/output-adc", test_output_and_adc);
    qtest_add_func("stm32f4xx-dac/software-trigger", test_software_trigger);
    qtest_add_func("stm32f4xx-dac/waves", test_waves);
    qtest_add_func("stm32f4xx-dac/timer-trigger", test_timer_trigger);
    qtest_add_func("stm32f4xx-dac/dma", test_dma);
    qtest_add_func("stm32f4xx-dac/migration", test_migration);
    return g_test_run();
}
