/*
 * QTest testcase for the STM32F407 EXTI (stm32f407-exti) and SYSCFG
 * (stm32f407-syscfg) on the stm32f4-discovery machine: EXTI multiplexer,
 * edge detection, NVIC wiring, memory remap.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "hw/registerfields.h"

#define RCC_AHB1ENR     0x40023830
#define RCC_APB2ENR     0x40023844
#define SYSCFGEN        BIT(14)
#define GPIO_BASE(p)    (0x40020000 + (p) * 0x400)
#define GPIO_MODER      0x00
#define GPIO_BSRR       0x18
#define NUM_PORTS       9

#define SYSCFG          0x40013800
REG32(MEMRMP, 0x00)
REG32(PMC, 0x04)
REG32(EXTICR1, 0x08)
REG32(CMPCR, 0x20)

#define EXTI            0x40013C00
REG32(IMR, 0x00)
REG32(EMR, 0x04)
REG32(RTSR, 0x08)
REG32(FTSR, 0x0C)
REG32(SWIER, 0x10)
REG32(PR, 0x14)

#define NUM_LINES       23
#define LINES_MASK      0x7FFFFF
#define SRAM1           0x20000000

/* NVIC line of each EXTI line (RM0090 table 61) */
static const int nvic_line[NUM_LINES] = {
    6, 7, 8, 9, 10, 23, 23, 23, 23, 23, 40, 40, 40, 40, 40, 40,
    1, 41, 42, 62, 76, 2, 3,
};

static uint32_t exti_rd(QTestState *qts, uint32_t reg)
{
    return qtest_readl(qts, EXTI + reg);
}

static void exti_wr(QTestState *qts, uint32_t reg, uint32_t value)
{
    qtest_writel(qts, EXTI + reg, value);
}

static uint32_t syscfg_rd(QTestState *qts, uint32_t reg)
{
    return qtest_readl(qts, SYSCFG + reg);
}

static void syscfg_wr(QTestState *qts, uint32_t reg, uint32_t value)
{
    qtest_writel(qts, SYSCFG + reg, value);
}

/* Select @port (0 = A) for EXTI @line */
static void select_port(QTestState *qts, int line, int port)
{
    uint32_t reg = A_EXTICR1 + (line / 4) * 4;
    uint32_t shift = (line % 4) * 4;

    syscfg_wr(qts, reg, (syscfg_rd(qts, reg) & ~(0xF << shift)) |
                        (port << shift));
}

static void drive(QTestState *qts, int port, int pin, int level)
{
    char name[] = { 'g', 'p', 'i', 'o', 'a' + port, '-', 'i', 'n', 0 };

    qtest_set_irq_in(qts, "/machine/soc", name, pin, level);
}

/* Board with SYSCFG and GPIO clocks on and the NVIC inputs intercepted */
static QTestState *start(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    qtest_writel(qts, RCC_APB2ENR, SYSCFGEN);
    qtest_writel(qts, RCC_AHB1ENR, 0x1FF);
    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    return qts;
}

static void test_reset_values(void)
{
    QTestState *qts = start();

    for (uint32_t reg = A_IMR; reg <= A_PR; reg += 4) {
        g_assert_cmphex(exti_rd(qts, reg), ==, 0);
    }
    g_assert_cmphex(syscfg_rd(qts, A_MEMRMP), ==, 0);
    g_assert_cmphex(syscfg_rd(qts, A_PMC), ==, 0);
    for (int i = 0; i < 4; i++) {
        g_assert_cmphex(syscfg_rd(qts, A_EXTICR1 + 4 * i), ==, 0);
    }
    g_assert_cmphex(syscfg_rd(qts, A_CMPCR), ==, 0);

    exti_wr(qts, A_IMR, LINES_MASK);
    exti_wr(qts, A_SWIER, LINES_MASK);
    syscfg_wr(qts, A_EXTICR1, 0x8888);
    syscfg_wr(qts, A_PMC, 0x00800000);
    g_assert_true(qtest_get_irq(qts, 6));
    qtest_system_reset(qts);
    qtest_writel(qts, RCC_APB2ENR, SYSCFGEN);
    g_assert_cmphex(exti_rd(qts, A_IMR), ==, 0);
    g_assert_cmphex(exti_rd(qts, A_SWIER), ==, 0);
    g_assert_cmphex(exti_rd(qts, A_PR), ==, 0);
    g_assert_false(qtest_get_irq(qts, 6));
    g_assert_cmphex(syscfg_rd(qts, A_EXTICR1), ==, 0);
    g_assert_cmphex(syscfg_rd(qts, A_PMC), ==, 0);
    qtest_quit(qts);
}

static void test_write_masks(void)
{
    QTestState *qts = start();

    for (uint32_t reg = A_IMR; reg <= A_FTSR; reg += 4) {
        exti_wr(qts, reg, 0xFFFFFFFF);
        g_assert_cmphex(exti_rd(qts, reg), ==, LINES_MASK);
        exti_wr(qts, reg, 0);
    }
    exti_wr(qts, A_SWIER, 0xFFFFFFFF);
    g_assert_cmphex(exti_rd(qts, A_SWIER), ==, LINES_MASK);

    syscfg_wr(qts, A_MEMRMP, 0xFFFFFFFC);
    g_assert_cmphex(syscfg_rd(qts, A_MEMRMP), ==, 0);
    syscfg_wr(qts, A_PMC, 0xFFFFFFFF);
    g_assert_cmphex(syscfg_rd(qts, A_PMC), ==, 0x00870000);
    for (int i = 0; i < 4; i++) {
        syscfg_wr(qts, A_EXTICR1 + 4 * i, 0xFFFF1234);
        g_assert_cmphex(syscfg_rd(qts, A_EXTICR1 + 4 * i), ==, 0x1234);
    }
    /* CMPCR: READY is read-only and follows CMP_PD */
    syscfg_wr(qts, A_CMPCR, 0x100);
    g_assert_cmphex(syscfg_rd(qts, A_CMPCR), ==, 0);
    syscfg_wr(qts, A_CMPCR, 0xFFFFFFFF);
    g_assert_cmphex(syscfg_rd(qts, A_CMPCR), ==, 0x101);
    syscfg_wr(qts, A_CMPCR, 0);
    g_assert_cmphex(syscfg_rd(qts, A_CMPCR), ==, 0);
    /* Reserved offsets read 0 */
    g_assert_cmphex(syscfg_rd(qts, 0x18), ==, 0);
    g_assert_cmphex(exti_rd(qts, 0x18), ==, 0);

    /* Word registers: narrow writes are ignored, narrow reads work */
    exti_wr(qts, A_RTSR, 0x00123456);
    qtest_writeb(qts, EXTI + A_RTSR, 0xFF);
    g_assert_cmphex(exti_rd(qts, A_RTSR), ==, 0x00123456);
    g_assert_cmphex(qtest_readb(qts, EXTI + A_RTSR + 1), ==, 0x34);
    qtest_writew(qts, SYSCFG + A_EXTICR1, 0xFFFF);
    g_assert_cmphex(syscfg_rd(qts, A_EXTICR1), ==, 0x1234);
    qtest_quit(qts);
}

static void test_syscfg_clock(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    /* SYSCFG clock off at reset: reads 0, writes ignored */
    syscfg_wr(qts, A_EXTICR1, 0x1111);
    syscfg_wr(qts, A_CMPCR, 1);
    qtest_writel(qts, RCC_APB2ENR, SYSCFGEN);
    g_assert_cmphex(syscfg_rd(qts, A_EXTICR1), ==, 0);
    g_assert_cmphex(syscfg_rd(qts, A_CMPCR), ==, 0);
    syscfg_wr(qts, A_EXTICR1, 0x1111);
    qtest_writel(qts, RCC_APB2ENR, 0);
    g_assert_cmphex(syscfg_rd(qts, A_EXTICR1), ==, 0);
    qtest_writel(qts, RCC_APB2ENR, SYSCFGEN);
    g_assert_cmphex(syscfg_rd(qts, A_EXTICR1), ==, 0x1111);
    qtest_quit(qts);
}

static void test_edges(void)
{
    QTestState *qts = start();

    select_port(qts, 3, 4);                 /* PE3 */
    exti_wr(qts, A_IMR, BIT(3));
    exti_wr(qts, A_RTSR, BIT(3));

    /* Rising edge only */
    drive(qts, 4, 3, 1);
    g_assert_cmphex(exti_rd(qts, A_PR), ==, BIT(3));
    g_assert_true(qtest_get_irq(qts, 9));
    /* PR is write-1-to-clear */
    exti_wr(qts, A_PR, 0);
    g_assert_cmphex(exti_rd(qts, A_PR), ==, BIT(3));
    exti_wr(qts, A_PR, LINES_MASK & ~BIT(3));
    g_assert_cmphex(exti_rd(qts, A_PR), ==, BIT(3));
    exti_wr(qts, A_PR, BIT(3));
    g_assert_cmphex(exti_rd(qts, A_PR), ==, 0);
    g_assert_false(qtest_get_irq(qts, 9));
    /* Same level again: no edge; falling edge not selected */
    drive(qts, 4, 3, 1);
    drive(qts, 4, 3, 0);
    g_assert_cmphex(exti_rd(qts, A_PR), ==, 0);

    /* Falling edge only */
    exti_wr(qts, A_RTSR, 0);
    exti_wr(qts, A_FTSR, BIT(3));
    drive(qts, 4, 3, 1);
    g_assert_cmphex(exti_rd(qts, A_PR), ==, 0);
    drive(qts, 4, 3, 0);
    g_assert_cmphex(exti_rd(qts, A_PR), ==, BIT(3));
    exti_wr(qts, A_PR, BIT(3));

    /* Both edges */
    exti_wr(qts, A_RTSR, BIT(3));
    drive(qts, 4, 3, 1);
    g_assert_cmphex(exti_rd(qts, A_PR), ==, BIT(3));
    exti_wr(qts, A_PR, BIT(3));
    drive(qts, 4, 3, 0);
    g_assert_cmphex(exti_rd(qts, A_PR), ==, BIT(3));
    exti_wr(qts, A_PR, BIT(3));

    /* Masked line: no pending bit, no interrupt */
    exti_wr(qts, A_IMR, 0);
    drive(qts, 4, 3, 1);
    g_assert_cmphex(exti_rd(qts, A_PR), ==, 0);
    g_assert_false(qtest_get_irq(qts, 9));
    /* Masking a pending line lowers its request */
    exti_wr(qts, A_IMR, BIT(3));
    drive(qts, 4, 3, 0);
    g_assert_true(qtest_get_irq(qts, 9));
    exti_wr(qts, A_IMR, 0);
    g_assert_false(qtest_get_irq(qts, 9));
    exti_wr(qts, A_IMR, BIT(3));
    g_assert_true(qtest_get_irq(qts, 9));
    exti_wr(qts, A_PR, BIT(3));
    g_assert_false(qtest_get_irq(qts, 9));

    /* Another port's pin 3 is not selected */
    drive(qts, 0, 3, 1);
    drive(qts, 0, 3, 0);
    g_assert_cmphex(exti_rd(qts, A_PR), ==, 0);
    qtest_quit(qts);
}

/* EXTICR decodes every port for every line; the right NVIC line rises */
static void test_exticr_routing(void)
{
    QTestState *qts = start();

    exti_wr(qts, A_IMR, 0xFFFF);
    exti_wr(qts, A_RTSR, 0xFFFF);
    for (int port = 0; port < NUM_PORTS; port++) {
        for (int line = 0; line < 16; line++) {
            int other = (port + 1) % NUM_PORTS;

            /* Start low: some pins are pulled up at reset (PA13, PB4...) */
            drive(qts, port, line, 0);
            drive(qts, other, line, 0);
            select_port(qts, line, port);
            drive(qts, other, line, 1);
            g_assert_cmphex(exti_rd(qts, A_PR), ==, 0);
            drive(qts, port, line, 1);
            g_assert_cmphex(exti_rd(qts, A_PR), ==, BIT(line));
            g_assert_true(qtest_get_irq(qts, nvic_line[line]));
            exti_wr(qts, A_PR, BIT(line));
            g_assert_false(qtest_get_irq(qts, nvic_line[line]));
            drive(qts, port, line, 0);
            drive(qts, other, line, 0);
        }
    }
    /* Switching the multiplexer to a high pin is a rising edge */
    select_port(qts, 15, 8);                /* PI15 */
    drive(qts, 3, 15, 1);                   /* PD15 */
    g_assert_cmphex(exti_rd(qts, A_PR), ==, 0);
    select_port(qts, 15, 3);
    g_assert_cmphex(exti_rd(qts, A_PR), ==, BIT(15));
    g_assert_true(qtest_get_irq(qts, 40));
    exti_wr(qts, A_PR, BIT(15));
    /* Reserved port values select nothing (the line is low) */
    exti_wr(qts, A_FTSR, BIT(15));
    select_port(qts, 15, 9);
    g_assert_cmphex(exti_rd(qts, A_PR), ==, BIT(15));
    exti_wr(qts, A_PR, BIT(15));
    drive(qts, 8, 15, 1);
    g_assert_cmphex(exti_rd(qts, A_PR), ==, 0);
    qtest_quit(qts);
}

/* GPIO outputs reach the EXTI too (software-triggered edges on a pin) */
static void test_output_pin_edge(void)
{
    QTestState *qts = start();

    select_port(qts, 7, 2);                 /* PC7 */
    exti_wr(qts, A_IMR, BIT(7));
    exti_wr(qts, A_RTSR, BIT(7));
    qtest_writel(qts, GPIO_BASE(2) + GPIO_MODER, 1 << 14);
    qtest_writel(qts, GPIO_BASE(2) + GPIO_BSRR, BIT(7));
    g_assert_cmphex(exti_rd(qts, A_PR), ==, BIT(7));
    g_assert_true(qtest_get_irq(qts, 23));
    qtest_quit(qts);
}

static void test_swier(void)
{
    QTestState *qts = start();

    /* Each line, through SWIER, reaches its NVIC line */
    exti_wr(qts, A_IMR, LINES_MASK);
    for (int line = 0; line < NUM_LINES; line++) {
        exti_wr(qts, A_SWIER, BIT(line));
        g_assert_cmphex(exti_rd(qts, A_PR), ==, BIT(line));
        g_assert_cmphex(exti_rd(qts, A_SWIER), ==, BIT(line));
        for (int l = 0; l < NUM_LINES; l++) {
            g_assert_cmpint(qtest_get_irq(qts, nvic_line[l]), ==,
                            nvic_line[l] == nvic_line[line]);
        }
        /* Clearing PR clears SWIER */
        exti_wr(qts, A_PR, BIT(line));
        g_assert_cmphex(exti_rd(qts, A_SWIER), ==, 0);
        g_assert_false(qtest_get_irq(qts, nvic_line[line]));
    }

    /* Shared lines: the NVIC line stays up while one of them is pending */
    exti_wr(qts, A_SWIER, BIT(5) | BIT(9));
    exti_wr(qts, A_PR, BIT(5));
    g_assert_true(qtest_get_irq(qts, 23));
    exti_wr(qts, A_PR, BIT(9));
    g_assert_false(qtest_get_irq(qts, 23));

    /* Only a 0-to-1 write triggers; masked lines do not pend */
    exti_wr(qts, A_IMR, BIT(1));
    exti_wr(qts, A_SWIER, BIT(1) | BIT(2));
    g_assert_cmphex(exti_rd(qts, A_PR), ==, BIT(1));
    g_assert_cmphex(exti_rd(qts, A_SWIER), ==, BIT(1) | BIT(2));
    exti_wr(qts, A_PR, BIT(1));
    exti_wr(qts, A_IMR, BIT(1) | BIT(2));
    exti_wr(qts, A_SWIER, BIT(2));
    g_assert_cmphex(exti_rd(qts, A_PR), ==, 0);
    exti_wr(qts, A_SWIER, 0);
    exti_wr(qts, A_SWIER, BIT(2));
    g_assert_cmphex(exti_rd(qts, A_PR), ==, BIT(2));
    g_assert_true(qtest_get_irq(qts, 8));
    qtest_quit(qts);
}

/* The non-GPIO lines 16-22 are inputs of the EXTI for future devices */
static void test_other_lines(void)
{
    QTestState *qts = start();

    exti_wr(qts, A_IMR, LINES_MASK);
    exti_wr(qts, A_RTSR, LINES_MASK);
    for (int line = 16; line < NUM_LINES; line++) {
        qtest_set_irq_in(qts, "/machine/soc/exti", NULL, line, 1);
        g_assert_cmphex(exti_rd(qts, A_PR), ==, BIT(line));
        g_assert_true(qtest_get_irq(qts, nvic_line[line]));
        exti_wr(qts, A_PR, BIT(line));
        g_assert_false(qtest_get_irq(qts, nvic_line[line]));
    }
    qtest_quit(qts);
}

static void test_memory_remap(void)
{
    QTestState *qts = start();

    qtest_writel(qts, SRAM1, 0x12345678);
    /* Main flash (erased) at 0 */
    g_assert_cmphex(qtest_readl(qts, 0), ==, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, 0x8000), ==, 0xFFFFFFFF);
    /* SRAM1 at 0, 112 KB */
    syscfg_wr(qts, A_MEMRMP, 3);
    g_assert_cmphex(syscfg_rd(qts, A_MEMRMP), ==, 3);
    g_assert_cmphex(qtest_readl(qts, 0), ==, 0x12345678);
    qtest_writel(qts, 4, 0xCAFEF00D);
    g_assert_cmphex(qtest_readl(qts, SRAM1 + 4), ==, 0xCAFEF00D);
    /* System memory (erased, 30 KB) at 0 */
    syscfg_wr(qts, A_MEMRMP, 1);
    g_assert_cmphex(qtest_readl(qts, 0), ==, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, 0x8000), ==, 0);
    /* FSMC bank 1: nothing modelled there */
    syscfg_wr(qts, A_MEMRMP, 2);
    g_assert_cmphex(qtest_readl(qts, 0), ==, 0);
    /* A reset boots from flash again */
    syscfg_wr(qts, A_MEMRMP, 3);
    qtest_system_reset(qts);
    g_assert_cmphex(qtest_readl(qts, 0), ==, 0xFFFFFFFF);
    qtest_writel(qts, RCC_APB2ENR, SYSCFGEN);
    g_assert_cmphex(syscfg_rd(qts, A_MEMRMP), ==, 0);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_set_nonfatal_assertions();

    qtest_add_func("stm32f407-exti/reset_values", test_reset_values);
    qtest_add_func("stm32f407-exti/write_masks", test_write_masks);
    qtest_add_func("stm32f407-exti/syscfg_clock", test_syscfg_clock);
    qtest_add_func("stm32f407-exti/edges", test_edges);
    qtest_add_func("stm32f407-exti/exticr_routing", test_exticr_routing);
    qtest_add_func("stm32f407-exti/output_pin_edge", test_output_pin_edge);
    qtest_add_func("stm32f407-exti/swier", test_swier);
    qtest_add_func("stm32f407-exti/other_lines", test_other_lines);
    qtest_add_func("stm32f407-exti/memory_remap", test_memory_remap);

    return g_test_run();
}
