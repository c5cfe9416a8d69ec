/*
 * qtest: STM32F4 DMA controllers (RM0090 chapter 10), and the ADC as a
 * DMA peripheral.
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
#define RCC_APB2ENR     0x40023844
#define AHB1ENR_DMA1EN  BIT(21)
#define AHB1ENR_DMA2EN  BIT(22)

#define DMA1            0x40026000
#define DMA2            0x40026400
#define LISR            0x00
#define HISR            0x04
#define LIFCR           0x08
#define HIFCR           0x0C
#define S(x)            (0x10 + 0x18 * (x))
#define SCR             0x00
#define SNDTR           0x04
#define SPAR            0x08
#define SM0AR           0x0C
#define SM1AR           0x10
#define SFCR            0x14

#define CR_EN           BIT(0)
#define CR_TEIE         BIT(2)
#define CR_HTIE         BIT(3)
#define CR_TCIE         BIT(4)
#define CR_P2M          (0u << 6)
#define CR_M2M          (2u << 6)
#define CR_CIRC         BIT(8)
#define CR_PINC         BIT(9)
#define CR_MINC         BIT(10)
#define CR_PSIZE_16     (1u << 11)
#define CR_PSIZE_32     (2u << 11)
#define CR_MSIZE_16     (1u << 13)
#define CR_MSIZE_32     (2u << 13)
#define CR_CHSEL(n)     ((uint32_t)(n) << 25)
#define FCR_DMDIS       BIT(2)

/* Stream 0 flags in LISR */
#define TEIF0           BIT(3)
#define HTIF0           BIT(4)
#define TCIF0           BIT(5)

#define DMA2_STREAM0_IRQ 56
#define DMA1_STREAM0_IRQ 11

#define SRC             0x20001000
#define DST             0x20008000

static QTestState *start(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    qtest_writel(qts, RCC_AHB1ENR, AHB1ENR_DMA1EN | AHB1ENR_DMA2EN);
    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    return qts;
}

static void fill(QTestState *qts, uint32_t addr, int n)
{
    for (int i = 0; i < n; i++) {
        qtest_writel(qts, addr + 4 * i, 0x11110000 + i);
    }
}

/* Memory-to-memory on DMA2 stream 0: @n words SRC -> DST */
static void start_m2m(QTestState *qts, uint32_t src, int n)
{
    qtest_writel(qts, DMA2 + S(0) + SPAR, src);
    qtest_writel(qts, DMA2 + S(0) + SM0AR, DST);
    qtest_writel(qts, DMA2 + S(0) + SNDTR, n);
    qtest_writel(qts, DMA2 + S(0) + SFCR, FCR_DMDIS);
    qtest_writel(qts, DMA2 + S(0) + SCR, CR_M2M | CR_PINC | CR_MINC | CR_PSIZE_32 |
                 CR_MSIZE_32 | CR_TCIE | CR_TEIE | CR_EN);
}

static void test_registers(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    /* Clock off: writes ignored */
    qtest_writel(qts, DMA2 + S(3) + SPAR, 0x1234);
    qtest_writel(qts, RCC_AHB1ENR, AHB1ENR_DMA2EN);
    g_assert_cmphex(qtest_readl(qts, DMA2 + S(3) + SPAR), ==, 0);
    for (int x = 0; x < 8; x++) {
        g_assert_cmphex(qtest_readl(qts, DMA2 + S(x) + SCR), ==, 0);
        g_assert_cmphex(qtest_readl(qts, DMA2 + S(x) + SNDTR), ==, 0);
        g_assert_cmphex(qtest_readl(qts, DMA2 + S(x) + SFCR), ==, 0x21);
    }
    qtest_writel(qts, DMA2 + S(7) + SCR, 0xFFFFFFFE);
    g_assert_cmphex(qtest_readl(qts, DMA2 + S(7) + SCR), ==, 0x0FEFFFFE);
    qtest_writel(qts, DMA2 + S(7) + SNDTR, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, DMA2 + S(7) + SNDTR), ==, 0xFFFF);
    qtest_writel(qts, DMA2 + S(7) + SFCR, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, DMA2 + S(7) + SFCR), ==, 0xA7);
    qtest_writel(qts, DMA2 + S(7) + SM1AR, 0x20000004);
    g_assert_cmphex(qtest_readl(qts, DMA2 + S(7) + SM1AR), ==, 0x20000004);
    /* Status registers are read-only, the clear registers read 0 */
    qtest_writel(qts, DMA2 + LISR, 0xFFFFFFFF);
    qtest_writel(qts, DMA2 + HISR, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, DMA2 + LISR), ==, 0);
    g_assert_cmphex(qtest_readl(qts, DMA2 + HISR), ==, 0);
    g_assert_cmphex(qtest_readl(qts, DMA2 + LIFCR), ==, 0);
    /* DMA1 is still off */
    qtest_writel(qts, DMA1 + S(0) + SNDTR, 5);
    g_assert_cmphex(qtest_readl(qts, DMA1 + S(0) + SNDTR), ==, 0);
    qtest_quit(qts);
}

static void test_m2m(void)
{
    QTestState *qts = start();

    fill(qts, SRC, 16);
    start_m2m(qts, SRC, 16);
    qtest_clock_step(qts, 1000);
    for (int i = 0; i < 16; i++) {
        g_assert_cmphex(qtest_readl(qts, DST + 4 * i), ==, 0x11110000 + i);
    }
    g_assert_cmphex(qtest_readl(qts, DST + 64), ==, 0);
    g_assert_cmphex(qtest_readl(qts, DMA2 + LISR), ==, TCIF0 | HTIF0);
    g_assert_true(qtest_get_irq(qts, DMA2_STREAM0_IRQ));
    /* The stream disabled itself, NDTR ran down */
    g_assert_cmphex(qtest_readl(qts, DMA2 + S(0) + SCR) & CR_EN, ==, 0);
    g_assert_cmphex(qtest_readl(qts, DMA2 + S(0) + SNDTR), ==, 0);
    /* LIFCR: write 1 to clear */
    qtest_writel(qts, DMA2 + LIFCR, TCIF0);
    g_assert_cmphex(qtest_readl(qts, DMA2 + LISR), ==, HTIF0);
    g_assert_false(qtest_get_irq(qts, DMA2_STREAM0_IRQ));
    qtest_writel(qts, DMA2 + LIFCR, HTIF0);
    g_assert_cmphex(qtest_readl(qts, DMA2 + LISR), ==, 0);

    /* A long transfer goes in bursts of 256 items in virtual time */
    fill(qts, SRC, 1000);
    start_m2m(qts, SRC, 1000);
    g_assert_cmpuint(qtest_readl(qts, DMA2 + S(0) + SNDTR), ==, 1000 - 256);
    g_assert_false(qtest_get_irq(qts, DMA2_STREAM0_IRQ));
    qtest_clock_step(qts, 1000000);
    g_assert_cmpuint(qtest_readl(qts, DMA2 + S(0) + SNDTR), ==, 0);
    g_assert_cmphex(qtest_readl(qts, DST + 4 * 999), ==, 0x11110000 + 999);
    g_assert_true(qtest_get_irq(qts, DMA2_STREAM0_IRQ));

    /* DMA1 cannot do memory-to-memory */
    qtest_writel(qts, DMA1 + S(0) + SNDTR, 4);
    qtest_writel(qts, DMA1 + S(0) + SCR, CR_M2M | CR_TCIE | CR_EN);
    g_assert_cmphex(qtest_readl(qts, DMA1 + S(0) + SCR) & CR_EN, ==, 0);
    qtest_clock_step(qts, 1000);
    g_assert_cmphex(qtest_readl(qts, DMA1 + LISR), ==, 0);
    g_assert_false(qtest_get_irq(qts, DMA1_STREAM0_IRQ));
    qtest_quit(qts);
}

static void test_bus_error(void)
{
    QTestState *qts = start();

    /* Nothing is mapped at 0x30000000 */
    start_m2m(qts, 0x30000000, 8);
    qtest_clock_step(qts, 1000);
    g_assert_cmphex(qtest_readl(qts, DMA2 + LISR), ==, TEIF0);
    g_assert_cmphex(qtest_readl(qts, DMA2 + S(0) + SCR) & CR_EN, ==, 0);
    g_assert_cmpuint(qtest_readl(qts, DMA2 + S(0) + SNDTR), ==, 8);
    g_assert_true(qtest_get_irq(qts, DMA2_STREAM0_IRQ));
    qtest_writel(qts, DMA2 + LIFCR, TEIF0);
    g_assert_false(qtest_get_irq(qts, DMA2_STREAM0_IRQ));
    qtest_quit(qts);
}

static void test_software_disable(void)
{
    QTestState *qts = start();

    /* A peripheral-to-memory stream waiting for requests, then stopped */
    qtest_writel(qts, DMA2 + S(0) + SPAR, 0x4001204C);
    qtest_writel(qts, DMA2 + S(0) + SM0AR, DST);
    qtest_writel(qts, DMA2 + S(0) + SNDTR, 4);
    qtest_writel(qts, DMA2 + S(0) + SCR, CR_P2M | CR_TCIE | CR_EN);
    qtest_clock_step(qts, 1000);
    g_assert_cmpuint(qtest_readl(qts, DMA2 + S(0) + SNDTR), ==, 4);
    /* Registers are locked while enabled */
    qtest_writel(qts, DMA2 + S(0) + SNDTR, 9);
    g_assert_cmpuint(qtest_readl(qts, DMA2 + S(0) + SNDTR), ==, 4);
    g_assert_cmphex(qtest_readl(qts, DMA2 + LISR), ==, 0);
    qtest_writel(qts, DMA2 + S(0) + SCR, CR_P2M | CR_TCIE);
    g_assert_cmphex(qtest_readl(qts, DMA2 + LISR), ==, TCIF0);
    g_assert_true(qtest_get_irq(qts, DMA2_STREAM0_IRQ));
    qtest_quit(qts);
}

/* ADC1 scans PA0 and PA1 continuously; DMA2 stream 0 channel 0 stores them */
static void test_adc_circular(void)
{
    QTestState *qts = start();
    const uint32_t adc = 0x40012000;

    qtest_qmp_assert_success(qts, "{ 'execute': 'qom-set', 'arguments': "
                             "{ 'path': '/machine/soc/adc', 'property': 'pa0', 'value': 750 } }");
    qtest_qmp_assert_success(qts, "{ 'execute': 'qom-set', 'arguments': "
                             "{ 'path': '/machine/soc/adc', 'property': 'pa1', 'value': 1500 } }");
    qtest_writel(qts, RCC_APB2ENR, BIT(8));
    qtest_writel(qts, DMA2 + S(0) + SPAR, adc + 0x4C);
    qtest_writel(qts, DMA2 + S(0) + SM0AR, DST);
    qtest_writel(qts, DMA2 + S(0) + SNDTR, 4);
    qtest_writel(qts, DMA2 + S(0) + SCR, CR_CHSEL(0) | CR_P2M | CR_CIRC | CR_MINC |
                 CR_PSIZE_16 | CR_MSIZE_16 | CR_HTIE | CR_EN);
    qtest_writel(qts, adc + 0x04, BIT(8));                 /* SCAN */
    qtest_writel(qts, adc + 0x2C, 1 << 20);                /* 2 conversions */
    qtest_writel(qts, adc + 0x34, 0 | 1 << 5);             /* PA0, PA1 */
    /* ADON, CONT, DMA, DDS, EOCS, SWSTART */
    qtest_writel(qts, adc + 0x08, BIT(0) | BIT(1) | BIT(8) | BIT(9) | BIT(10));
    qtest_writel(qts, adc + 0x08, BIT(0) | BIT(1) | BIT(8) | BIT(9) | BIT(10) | BIT(30));
    /* 15 ADCCLK cycles of 125 ns a conversion: 2 done */
    qtest_clock_step(qts, 2 * 1875);
    g_assert_cmphex(qtest_readl(qts, DST), ==, 2048 << 16 | 1024);
    g_assert_cmpuint(qtest_readl(qts, DMA2 + S(0) + SNDTR), ==, 2);
    g_assert_cmphex(qtest_readl(qts, DMA2 + LISR), ==, HTIF0);
    g_assert_true(qtest_get_irq(qts, DMA2_STREAM0_IRQ));
    /* 3 more: the buffer wraps (circular), the stream stays enabled */
    qtest_clock_step(qts, 3 * 1875);
    g_assert_cmphex(qtest_readl(qts, DST + 4), ==, 2048 << 16 | 1024);
    g_assert_cmphex(qtest_readl(qts, DMA2 + LISR), ==, HTIF0 | TCIF0);
    g_assert_cmpuint(qtest_readl(qts, DMA2 + S(0) + SNDTR), ==, 3);
    g_assert_cmphex(qtest_readl(qts, DMA2 + S(0) + SCR) & CR_EN, ==, CR_EN);
    /* No overrun: the DMA read every result */
    g_assert_cmphex(qtest_readl(qts, adc) & BIT(5), ==, 0);
    qtest_quit(qts);
}

/* Double buffer: ADC1 results alternate between M0AR and M1AR (CT toggles) */
static void test_adc_double_buffer(void)
{
    QTestState *qts = start();
    const uint32_t adc = 0x40012000, m1 = DST + 0x100;

    qtest_qmp_assert_success(qts, "{ 'execute': 'qom-set', 'arguments': "
                             "{ 'path': '/machine/soc/adc', 'property': 'pa0', 'value': 750 } }");
    qtest_writel(qts, RCC_APB2ENR, BIT(8));
    qtest_writel(qts, DMA2 + S(4) + SPAR, adc + 0x4C);
    qtest_writel(qts, DMA2 + S(4) + SM0AR, DST);
    qtest_writel(qts, DMA2 + S(4) + SM1AR, m1);
    qtest_writel(qts, DMA2 + S(4) + SNDTR, 2);
    qtest_writel(qts, DMA2 + S(4) + SCR, CR_CHSEL(0) | CR_P2M | BIT(18) | CR_MINC |
                 CR_PSIZE_16 | CR_MSIZE_16 | CR_EN);
    /* ADON, CONT, DMA, DDS, EOCS, then SWSTART */
    qtest_writel(qts, adc + 0x08, BIT(0) | BIT(1) | BIT(8) | BIT(9) | BIT(10));
    qtest_writel(qts, adc + 0x08, BIT(0) | BIT(1) | BIT(8) | BIT(9) | BIT(10) | BIT(30));
    qtest_clock_step(qts, 2 * 1875);
    g_assert_cmphex(qtest_readl(qts, DST), ==, 1024 << 16 | 1024);
    g_assert_cmphex(qtest_readl(qts, DMA2 + S(4) + SCR) & BIT(19), ==, BIT(19));
    g_assert_cmphex(qtest_readl(qts, m1), ==, 0);
    /* M0AR may change while the stream works in M1AR */
    qtest_writel(qts, DMA2 + S(4) + SM0AR, DST + 0x200);
    g_assert_cmphex(qtest_readl(qts, DMA2 + S(4) + SM0AR), ==, DST + 0x200);
    qtest_clock_step(qts, 1875);
    g_assert_cmphex(qtest_readl(qts, m1), ==, 1024);
    qtest_clock_step(qts, 2 * 1875);
    g_assert_cmphex(qtest_readl(qts, DST + 0x200), ==, 1024);
    g_assert_cmphex(qtest_readl(qts, DMA2 + S(4) + SCR) & BIT(19), ==, 0);
    /* HISR: stream 4's TCIF (bit 5) */
    g_assert_cmphex(qtest_readl(qts, DMA2 + HISR) & TCIF0, ==, TCIF0);
    qtest_quit(qts);
}

static void test_migration(void)
{
    QTestState *src = start(), *dst;

    fill(src, SRC, 1000);
    start_m2m(src, SRC, 1000);
    g_assert_cmpuint(qtest_readl(src, DMA2 + S(0) + SNDTR), ==, 1000 - 256);
    dst = stm32f4_migrate(src);
    qtest_quit(src);
    qtest_irq_intercept_in(dst, "/machine/soc/armv7m");
    g_assert_cmpuint(qtest_readl(dst, DMA2 + S(0) + SNDTR), ==, 1000 - 256);
    qtest_clock_step(dst, 1000000);
    g_assert_cmpuint(qtest_readl(dst, DMA2 + S(0) + SNDTR), ==, 0);
    for (int i = 0; i < 1000; i += 111) {
        g_assert_cmphex(qtest_readl(dst, DST + 4 * i), ==, 0x11110000 + i);
    }
    g_assert_cmphex(qtest_readl(dst, DMA2 + LISR), ==, TCIF0 | HTIF0);
    g_assert_true(qtest_get_irq(dst, DMA2_STREAM0_IRQ));
    qtest_quit(dst);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("stm32f4xx-dma/registers", test_registers);
    qtest_add_func("stm32f4xx-dma/m2m", test_m2m);
    qtest_add_func("stm32f4xx-dma/bus-error", test_bus_error);
    qtest_add_func("stm32f4xx-dma/software-disable", test_software_disable);
    qtest_add_func("stm32f4xx-dma/adc-circular", test_adc_circular);
    qtest_add_func("stm32f4xx-dma/adc-double-buffer", test_adc_double_buffer);
    qtest_add_func("stm32f4xx-dma/migration", test_migration);
    return g_test_run();
}
