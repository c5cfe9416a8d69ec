/*
 * QTest testcase for the STM32F4xx I2C controller (stm32f4xx-i2c) on the
 * stm32f4-discovery machine, with QEMU's tmp105 plugged on I2C1 from the
 * command line.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * This work is licensed under the terms of the GNU GPL, version 2 or later.
 * See the COPYING file in the top-level directory.
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "stm32f4-migration.h"
#include "hw/registerfields.h"
#include "qemu/bitops.h"
#include "qobject/qdict.h"

#define RCC_BASE        0x40023800
#define RCC_APB1ENR     (RCC_BASE + 0x40)
#define I2C1EN          BIT(21)
#define I2C2EN          BIT(22)
#define I2C3EN          BIT(23)

#define I2C1_BASE       0x40005400
#define I2C2_BASE       0x40005800
#define I2C3_BASE       0x40005C00
#define I2C1_EV_IRQ     31
#define I2C1_ER_IRQ     32

#define TMP105_ADDR     0x48
#define TMP105_ARGS     "-M stm32f4-discovery -device tmp105,bus=i2c1,address=0x48,id=tmp"

/* See stm32f4xx_i2c.c */
REG32(CR1, 0x00)
    FIELD(CR1, PE, 0, 1)
    FIELD(CR1, START, 8, 1)
    FIELD(CR1, STOP, 9, 1)
    FIELD(CR1, ACK, 10, 1)
    FIELD(CR1, SWRST, 15, 1)
REG32(CR2, 0x04)
    FIELD(CR2, ITERREN, 8, 1)
    FIELD(CR2, ITEVTEN, 9, 1)
    FIELD(CR2, ITBUFEN, 10, 1)
REG32(OAR1, 0x08)
REG32(OAR2, 0x0C)
REG32(DR, 0x10)
REG32(SR1, 0x14)
    FIELD(SR1, SB, 0, 1)
    FIELD(SR1, ADDR, 1, 1)
    FIELD(SR1, BTF, 2, 1)
    FIELD(SR1, RXNE, 6, 1)
    FIELD(SR1, TXE, 7, 1)
    FIELD(SR1, AF, 10, 1)
REG32(SR2, 0x18)
    FIELD(SR2, MSL, 0, 1)
    FIELD(SR2, BUSY, 1, 1)
    FIELD(SR2, TRA, 2, 1)
REG32(CCR, 0x1C)
REG32(TRISE, 0x20)

#define FREQ_42MHZ      42
#define B               I2C1_BASE

static QTestState *start(const char *args)
{
    QTestState *qts = qtest_init(args);

    qtest_writel(qts, RCC_APB1ENR, I2C1EN | I2C2EN | I2C3EN);
    /* 100 kHz from a 42 MHz PCLK1, as a driver sets it up */
    qtest_writel(qts, B + A_CR2, FREQ_42MHZ);
    qtest_writel(qts, B + A_CCR, 210);
    qtest_writel(qts, B + A_TRISE, FREQ_42MHZ + 1);
    qtest_writel(qts, B + A_CR1, R_CR1_PE_MASK);
    return qts;
}

static uint32_t sr1(QTestState *qts)
{
    return qtest_readl(qts, B + A_SR1);
}

static uint32_t sr2(QTestState *qts)
{
    return qtest_readl(qts, B + A_SR2);
}

/* START and the address byte: returns SR1 after the address (ADDR or AF) */
static uint32_t address(QTestState *qts, uint8_t addr, bool read)
{
    qtest_writel(qts, B + A_CR1, qtest_readl(qts, B + A_CR1) | R_CR1_START_MASK);
    g_assert_cmphex(sr1(qts), ==, R_SR1_SB_MASK);                /* EV5 */
    qtest_writel(qts, B + A_DR, addr << 1 | read);
    return sr1(qts);
}

static void stop(QTestState *qts)
{
    qtest_writel(qts, B + A_CR1, qtest_readl(qts, B + A_CR1) | R_CR1_STOP_MASK);
}

static void test_reset_values(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");
    static const uint32_t base[] = { I2C1_BASE, I2C2_BASE, I2C3_BASE };

    qtest_writel(qts, RCC_APB1ENR, I2C1EN | I2C2EN | I2C3EN);
    for (int i = 0; i < ARRAY_SIZE(base); i++) {
        g_assert_cmphex(qtest_readl(qts, base[i] + A_CR1), ==, 0);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_CR2), ==, 0);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_OAR1), ==, 0);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_OAR2), ==, 0);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_DR), ==, 0);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_SR1), ==, 0);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_SR2), ==, 0);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_CCR), ==, 0);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_TRISE), ==, 0x0002);
        /* Write masks */
        qtest_writel(qts, base[i] + A_CR2, 0xFFFFFFFF);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_CR2), ==, 0x1F3F);
        qtest_writel(qts, base[i] + A_OAR1, 0xFFFFFFFF);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_OAR1), ==, 0xC3FF);
        qtest_writel(qts, base[i] + A_TRISE, 0xFFFFFFFF);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_TRISE), ==, 0x3F);
        /* SWRST puts every register back to its reset value */
        qtest_writel(qts, base[i] + A_CR1, R_CR1_SWRST_MASK);
        qtest_writel(qts, base[i] + A_CR1, 0);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_CR2), ==, 0);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_OAR1), ==, 0);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_TRISE), ==, 0x0002);
    }
    qtest_quit(qts);
}

static void test_clock_gating(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    qtest_writel(qts, B + A_CR2, FREQ_42MHZ);
    g_assert_cmphex(qtest_readl(qts, B + A_TRISE), ==, 0);      /* reads 0 */
    qtest_writel(qts, RCC_APB1ENR, I2C1EN);
    g_assert_cmphex(qtest_readl(qts, B + A_CR2), ==, 0);        /* write was ignored */
    g_assert_cmphex(qtest_readl(qts, B + A_TRISE), ==, 0x0002);
    qtest_quit(qts);
}

static void test_nack_empty_bus(void)
{
    QTestState *qts = start("-M stm32f4-discovery");

    /* START: SB, master, bus busy; START clears itself */
    qtest_writel(qts, B + A_CR1, R_CR1_PE_MASK | R_CR1_START_MASK);
    g_assert_cmphex(qtest_readl(qts, B + A_CR1), ==, R_CR1_PE_MASK);
    g_assert_cmphex(sr2(qts), ==, R_SR2_MSL_MASK | R_SR2_BUSY_MASK);
    /* SB is cleared by SR1 read then DR write only */
    qtest_writel(qts, B + A_DR, TMP105_ADDR << 1);
    g_assert_cmphex(sr1(qts), ==, R_SR1_SB_MASK);
    /* Nobody at 0x48: AF, no ADDR */
    qtest_writel(qts, B + A_DR, TMP105_ADDR << 1);
    g_assert_cmphex(sr1(qts), ==, R_SR1_AF_MASK);
    g_assert_cmphex(sr2(qts), ==, R_SR2_MSL_MASK | R_SR2_BUSY_MASK);
    /* AF is write-0-to-clear */
    qtest_writel(qts, B + A_SR1, 0xFFFF);
    g_assert_cmphex(sr1(qts), ==, R_SR1_AF_MASK);
    qtest_writel(qts, B + A_SR1, (uint16_t)~R_SR1_AF_MASK);
    g_assert_cmphex(sr1(qts), ==, 0);
    stop(qts);
    g_assert_cmphex(sr2(qts), ==, 0);
    g_assert_cmphex(qtest_readl(qts, B + A_CR1), ==, R_CR1_PE_MASK);
    /* Every address NACKs */
    for (int a = 0x08; a < 0x78; a++) {
        g_assert_cmphex(address(qts, a, true), ==, R_SR1_AF_MASK);
        qtest_writel(qts, B + A_SR1, 0);
        stop(qts);
    }
    qtest_quit(qts);
}

static void set_temperature(QTestState *qts, int millidegrees)
{
    qtest_qmp_assert_success(qts, "{ 'execute': 'qom-set', 'arguments':"
                             " { 'path': '/machine/peripheral/tmp', 'property': 'temperature',"
                             " 'value': %d } }", millidegrees);
}

/* Pointer write then repeated start and a 2-byte read, the sequence a driver uses */
static uint16_t tmp105_read_temp(QTestState *qts)
{
    uint8_t hi, lo;

    qtest_writel(qts, B + A_CR1, qtest_readl(qts, B + A_CR1) | R_CR1_START_MASK);
    g_assert_cmphex(sr1(qts), ==, R_SR1_SB_MASK);
    qtest_writel(qts, B + A_DR, TMP105_ADDR << 1);
    /* ADDR: an SR2 read without an SR1 read first does not clear it; SR1 then SR2 does */
    g_assert_cmphex(qtest_readl(qts, B + A_SR2), ==,
                    R_SR2_MSL_MASK | R_SR2_BUSY_MASK | R_SR2_TRA_MASK);
    g_assert_cmphex(sr1(qts), ==, R_SR1_ADDR_MASK);
    g_assert_cmphex(sr2(qts), ==, R_SR2_MSL_MASK | R_SR2_BUSY_MASK | R_SR2_TRA_MASK);
    g_assert_cmphex(sr1(qts), ==, R_SR1_TXE_MASK);              /* EV8_1 */
    qtest_writel(qts, B + A_DR, 0x00);                          /* temperature register */
    g_assert_cmphex(sr1(qts), ==, R_SR1_TXE_MASK | R_SR1_BTF_MASK);

    /* Repeated start, read with ACK on the first byte, NACK on the second */
    qtest_writel(qts, B + A_CR1, R_CR1_PE_MASK | R_CR1_ACK_MASK);
    g_assert_cmphex(address(qts, TMP105_ADDR, true), ==, R_SR1_ADDR_MASK);
    g_assert_cmphex(sr2(qts), ==, R_SR2_MSL_MASK | R_SR2_BUSY_MASK);
    /* Both bytes arrive: DR and the shift register */
    g_assert_cmphex(sr1(qts), ==, R_SR1_RXNE_MASK | R_SR1_BTF_MASK);
    qtest_writel(qts, B + A_CR1, R_CR1_PE_MASK);
    stop(qts);
    g_assert_cmphex(sr2(qts), ==, 0);
    hi = qtest_readl(qts, B + A_DR);
    g_assert_cmphex(sr1(qts), ==, R_SR1_RXNE_MASK);
    lo = qtest_readl(qts, B + A_DR);
    g_assert_cmphex(sr1(qts), ==, 0);
    return hi << 8 | lo;
}

static void test_tmp105(void)
{
    QTestState *qts = start(TMP105_ARGS);

    set_temperature(qts, 25000);
    g_assert_cmphex(tmp105_read_temp(qts), ==, 0x1900);
    set_temperature(qts, -12500);
    g_assert_cmphex(tmp105_read_temp(qts), ==, 0xF380);

    /* One-byte read, ACK cleared before ADDR is: exactly one byte comes */
    g_assert_cmphex(address(qts, TMP105_ADDR, true), ==, R_SR1_ADDR_MASK);
    sr2(qts);
    g_assert_cmphex(sr1(qts), ==, R_SR1_RXNE_MASK);
    stop(qts);
    g_assert_cmphex(qtest_readl(qts, B + A_DR), ==, 0xF3);
    g_assert_cmphex(sr1(qts), ==, 0);

    /* Write the configuration register (pointer 1) and read it back */
    g_assert_cmphex(address(qts, TMP105_ADDR, false), ==, R_SR1_ADDR_MASK);
    sr2(qts);
    qtest_writel(qts, B + A_DR, 0x01);
    qtest_writel(qts, B + A_DR, 0x60);                         /* 12-bit resolution */
    g_assert_cmphex(sr1(qts), ==, R_SR1_TXE_MASK | R_SR1_BTF_MASK);
    stop(qts);
    g_assert_cmphex(address(qts, TMP105_ADDR, true), ==, R_SR1_ADDR_MASK);
    sr2(qts);
    stop(qts);
    g_assert_cmphex(qtest_readl(qts, B + A_DR), ==, 0x60);
    qtest_quit(qts);
}

static void test_irq(void)
{
    QTestState *qts = start(TMP105_ARGS);

    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    qtest_writel(qts, B + A_CR2, FREQ_42MHZ | R_CR2_ITEVTEN_MASK | R_CR2_ITERREN_MASK);
    g_assert_false(qtest_get_irq(qts, I2C1_EV_IRQ));
    /* SB, then ADDR: event interrupt */
    qtest_writel(qts, B + A_CR1, R_CR1_PE_MASK | R_CR1_START_MASK);
    g_assert_true(qtest_get_irq(qts, I2C1_EV_IRQ));
    sr1(qts);
    qtest_writel(qts, B + A_DR, TMP105_ADDR << 1);
    g_assert_true(qtest_get_irq(qts, I2C1_EV_IRQ));
    sr1(qts);
    sr2(qts);
    /* TXE alone needs ITBUFEN */
    g_assert_false(qtest_get_irq(qts, I2C1_EV_IRQ));
    qtest_writel(qts, B + A_CR2, FREQ_42MHZ | R_CR2_ITEVTEN_MASK | R_CR2_ITERREN_MASK |
                 R_CR2_ITBUFEN_MASK);
    g_assert_true(qtest_get_irq(qts, I2C1_EV_IRQ));
    qtest_writel(qts, B + A_CR2, FREQ_42MHZ | R_CR2_ITEVTEN_MASK | R_CR2_ITERREN_MASK);
    /* BTF after a byte: event interrupt until STOP */
    qtest_writel(qts, B + A_DR, 0x00);
    g_assert_true(qtest_get_irq(qts, I2C1_EV_IRQ));
    stop(qts);
    g_assert_false(qtest_get_irq(qts, I2C1_EV_IRQ));
    g_assert_false(qtest_get_irq(qts, I2C1_ER_IRQ));
    /* NACK: error interrupt, until AF is cleared */
    g_assert_cmphex(address(qts, 0x50, false), ==, R_SR1_AF_MASK);
    g_assert_true(qtest_get_irq(qts, I2C1_ER_IRQ));
    g_assert_false(qtest_get_irq(qts, I2C1_EV_IRQ));
    qtest_writel(qts, B + A_SR1, 0);
    g_assert_false(qtest_get_irq(qts, I2C1_ER_IRQ));
    stop(qts);
    qtest_quit(qts);
}

static void test_migration(void)
{
    QTestState *src = start("-M stm32f4-discovery"), *dst;

    qtest_writel(src, B + A_OAR1, 0x4000 | 0x33 << 1);
    qtest_writel(src, B + A_CR2, FREQ_42MHZ | R_CR2_ITERREN_MASK);
    /* Mid-transfer: SB set, SR1 already read */
    qtest_writel(src, B + A_CR1, R_CR1_PE_MASK | R_CR1_ACK_MASK | R_CR1_START_MASK);
    g_assert_cmphex(sr1(src), ==, R_SR1_SB_MASK);

    dst = stm32f4_migrate(src);
    qtest_quit(src);
    g_assert_cmphex(qtest_readl(dst, B + A_CR1), ==, R_CR1_PE_MASK | R_CR1_ACK_MASK);
    g_assert_cmphex(qtest_readl(dst, B + A_CR2), ==, FREQ_42MHZ | R_CR2_ITERREN_MASK);
    g_assert_cmphex(qtest_readl(dst, B + A_OAR1), ==, 0x4000 | 0x33 << 1);
    g_assert_cmphex(qtest_readl(dst, B + A_CCR), ==, 210);
    g_assert_cmphex(qtest_readl(dst, B + A_TRISE), ==, FREQ_42MHZ + 1);
    /* The SR1 read before the migration still counts: the address goes out */
    qtest_irq_intercept_in(dst, "/machine/soc/armv7m");
    qtest_writel(dst, B + A_DR, TMP105_ADDR << 1);
    g_assert_cmphex(sr1(dst), ==, R_SR1_AF_MASK);
    g_assert_cmphex(sr2(dst), ==, R_SR2_MSL_MASK | R_SR2_BUSY_MASK);
    g_assert_true(qtest_get_irq(dst, I2C1_ER_IRQ));
    qtest_quit(dst);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("stm32f4xx-i2c/reset_values", test_reset_values);
    qtest_add_func("stm32f4xx-i2c/clock_gating", test_clock_gating);
    qtest_add_func("stm32f4xx-i2c/nack_empty_bus", test_nack_empty_bus);
    qtest_add_func("stm32f4xx-i2c/tmp105", test_tmp105);
    qtest_add_func("stm32f4xx-i2c/irq", test_irq);
    qtest_add_func("stm32f4xx-i2c/migration", test_migration);
    return g_test_run();
}
