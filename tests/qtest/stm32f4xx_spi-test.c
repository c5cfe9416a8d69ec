/*
 * QTest testcase for the STM32F4xx SPI controller (stm32f4xx-spi) and the
 * board's LIS3DSH accelerometer (SPI1, chip select PE3) on the
 * stm32f4-discovery machine.
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
#include "qemu/timer.h"
#include "qobject/qdict.h"

#define RCC_BASE        0x40023800
#define RCC_AHB1ENR     (RCC_BASE + 0x30)
#define RCC_APB1ENR     (RCC_BASE + 0x40)
#define RCC_APB2ENR     (RCC_BASE + 0x44)
#define GPIOEEN         BIT(4)
#define SPI2EN          BIT(14)
#define SPI3EN          BIT(15)
#define SPI1EN          BIT(12)

#define GPIOAEN         BIT(0)
#define GPIOA_BASE      0x40020000
#define GPIOE_BASE      0x40021000
#define GPIO_MODER      0x00
#define GPIO_PUPDR      0x0C
#define GPIO_AFRL       0x20
#define GPIO_BSRR       0x18
#define CS_PIN          3

#define SPI1_BASE       0x40013000
#define SPI2_BASE       0x40003800
#define SPI3_BASE       0x40003C00
#define SPI1_IRQ        35

/* See stm32f4xx_spi.c */
REG32(CR1, 0x00)
    FIELD(CR1, CPHA, 0, 1)
    FIELD(CR1, CPOL, 1, 1)
    FIELD(CR1, MSTR, 2, 1)
    FIELD(CR1, BR, 3, 3)
    FIELD(CR1, SPE, 6, 1)
    FIELD(CR1, LSBFIRST, 7, 1)
    FIELD(CR1, SSI, 8, 1)
    FIELD(CR1, SSM, 9, 1)
    FIELD(CR1, DFF, 11, 1)
REG32(CR2, 0x04)
    FIELD(CR2, ERRIE, 5, 1)
    FIELD(CR2, RXNEIE, 6, 1)
    FIELD(CR2, TXEIE, 7, 1)
REG32(SR, 0x08)
    FIELD(SR, RXNE, 0, 1)
    FIELD(SR, TXE, 1, 1)
    FIELD(SR, MODF, 5, 1)
    FIELD(SR, OVR, 6, 1)
    FIELD(SR, BSY, 7, 1)
REG32(DR, 0x0C)
REG32(CRCPR, 0x10)
REG32(RXCRCR, 0x14)
REG32(TXCRCR, 0x18)
REG32(I2SCFGR, 0x1C)
REG32(I2SPR, 0x20)

/* Master, fPCLK/32, software NSS held high: what staccel.py's SPI(1) gives */
#define CR1_MASTER  (R_CR1_MSTR_MASK | (4 << R_CR1_BR_SHIFT) | R_CR1_SSM_MASK | \
                     R_CR1_SSI_MASK | R_CR1_CPHA_MASK)

/* LIS3DSH */
#define ACCEL           "/machine/accel"
#define READ            0x80
#define WHO_AM_I        0x0F
#define CTRL_REG4       0x20
#define CTRL_REG5       0x24
#define STATUS          0x27
#define OUT_X_L         0x28

static QTestState *start_args(const char *args)
{
    QTestState *qts = qtest_init(args);

    qtest_writel(qts, RCC_AHB1ENR, GPIOEEN);
    qtest_writel(qts, RCC_APB2ENR, SPI1EN);
    qtest_writel(qts, RCC_APB1ENR, SPI2EN | SPI3EN);
    /* PE3 output, high: accelerometer deselected */
    qtest_writel(qts, GPIOE_BASE + GPIO_BSRR, BIT(CS_PIN));
    qtest_writel(qts, GPIOE_BASE + GPIO_MODER, 1 << (CS_PIN * 2));
    return qts;
}

static QTestState *start(void)
{
    return start_args("-M stm32f4-discovery");
}

static void cs(QTestState *qts, bool active)
{
    qtest_writel(qts, GPIOE_BASE + GPIO_BSRR, active ? BIT(CS_PIN + 16) : BIT(CS_PIN));
}

static uint32_t spi_sr(QTestState *qts)
{
    return qtest_readl(qts, SPI1_BASE + A_SR);
}

/*
 * Longer than a frame: at most 16 bits at 16 MHz (reset APB2 clock) / 32
 * (BR=4) = 32 us
 */
#define FRAME_STEP_NS   (100 * SCALE_US)

/* One frame, as a polling driver does it: busy for a frame time, then RXNE */
static uint32_t xfer(QTestState *qts, uint32_t tx)
{
    g_assert_true(spi_sr(qts) & R_SR_TXE_MASK);
    qtest_writel(qts, SPI1_BASE + A_DR, tx);
    g_assert_cmphex(spi_sr(qts) & (R_SR_BSY_MASK | R_SR_RXNE_MASK | R_SR_TXE_MASK), ==,
                    R_SR_BSY_MASK | R_SR_TXE_MASK);
    qtest_clock_step(qts, FRAME_STEP_NS);
    g_assert_cmphex(spi_sr(qts) & (R_SR_BSY_MASK | R_SR_RXNE_MASK), ==, R_SR_RXNE_MASK);
    return qtest_readl(qts, SPI1_BASE + A_DR);
}

static uint8_t accel_read(QTestState *qts, uint8_t reg)
{
    uint8_t v;

    cs(qts, true);
    xfer(qts, READ | reg);
    v = xfer(qts, 0);
    cs(qts, false);
    return v;
}

static void accel_write(QTestState *qts, uint8_t reg, uint8_t v)
{
    cs(qts, true);
    xfer(qts, reg);
    xfer(qts, v);
    cs(qts, false);
}

static void qom_set_int(QTestState *qts, const char *prop, int v)
{
    qtest_qmp_assert_success(qts, "{ 'execute': 'qom-set', 'arguments':"
                             " { 'path': %s, 'property': %s, 'value': %d } }",
                             ACCEL, prop, v);
}

static void test_reset_values(void)
{
    QTestState *qts = start();
    static const uint32_t base[] = { SPI1_BASE, SPI2_BASE, SPI3_BASE };

    for (int i = 0; i < ARRAY_SIZE(base); i++) {
        g_assert_cmphex(qtest_readl(qts, base[i] + A_CR1), ==, 0);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_CR2), ==, 0);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_SR), ==, R_SR_TXE_MASK);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_DR), ==, 0);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_CRCPR), ==, 0x0007);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_RXCRCR), ==, 0);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_TXCRCR), ==, 0);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_I2SCFGR), ==, 0);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_I2SPR), ==, 0x0002);
        /* Write masks: CR1 16 bits, CR2 reserved bit 3 */
        qtest_writel(qts, base[i] + A_CR2, 0xFFFFFFFF);
        g_assert_cmphex(qtest_readl(qts, base[i] + A_CR2), ==, 0x00F7);
        qtest_writel(qts, base[i] + A_CR2, 0);
    }
    qtest_quit(qts);
}

static void test_clock_gating(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    /* SPI1EN clear: reads 0, writes ignored */
    g_assert_cmphex(qtest_readl(qts, SPI1_BASE + A_SR), ==, 0);
    qtest_writel(qts, SPI1_BASE + A_CR1, CR1_MASTER);
    qtest_writel(qts, RCC_APB2ENR, SPI1EN);
    g_assert_cmphex(qtest_readl(qts, SPI1_BASE + A_CR1), ==, 0);
    g_assert_cmphex(qtest_readl(qts, SPI1_BASE + A_SR), ==, R_SR_TXE_MASK);
    qtest_quit(qts);
}

static void test_who_am_i(void)
{
    QTestState *qts = start();

    qtest_writel(qts, SPI1_BASE + A_CR1, CR1_MASTER | R_CR1_SPE_MASK);
    g_assert_cmphex(accel_read(qts, WHO_AM_I), ==, 0x3F);
    /* INFO1 */
    g_assert_cmphex(accel_read(qts, 0x0D), ==, 0x21);
    /* Chip select high: nobody drives MISO, not routed to a pin: 0 */
    xfer(qts, READ | WHO_AM_I);
    g_assert_cmphex(xfer(qts, 0), ==, 0);
    g_assert_cmphex(spi_sr(qts) & R_SR_BSY_MASK, ==, 0);
    /* PA6 as SPI1 MISO (AF5) with a pull-up: all ones; pull-down: 0 */
    qtest_writel(qts, RCC_AHB1ENR, GPIOEEN | GPIOAEN);
    qtest_writel(qts, GPIOA_BASE + GPIO_AFRL, 5 << (6 * 4));
    qtest_writel(qts, GPIOA_BASE + GPIO_PUPDR, 0x64000000 | (1 << (6 * 2)));
    qtest_writel(qts, GPIOA_BASE + GPIO_MODER, 0xA8000000 | (2 << (6 * 2)));
    g_assert_cmphex(xfer(qts, 0), ==, 0xFF);
    qtest_writel(qts, GPIOA_BASE + GPIO_PUPDR, 0x64000000 | (2 << (6 * 2)));
    g_assert_cmphex(xfer(qts, 0), ==, 0);
    /*
     * The selected accelerometer drives MISO only for read data: the command
     * byte and written bytes read the pull-up
     */
    qtest_writel(qts, GPIOA_BASE + GPIO_PUPDR, 0x64000000 | (1 << (6 * 2)));
    cs(qts, true);
    g_assert_cmphex(xfer(qts, READ | WHO_AM_I), ==, 0xFF);
    g_assert_cmphex(xfer(qts, 0), ==, 0x3F);
    cs(qts, false);
    cs(qts, true);
    g_assert_cmphex(xfer(qts, 0x10), ==, 0xFF);     /* write OFF_X */
    g_assert_cmphex(xfer(qts, 0), ==, 0xFF);
    cs(qts, false);
    qtest_quit(qts);
}

static void test_accel_outputs(void)
{
    QTestState *qts = start();
    uint8_t out[6];

    qtest_writel(qts, SPI1_BASE + A_CR1, CR1_MASTER | R_CR1_SPE_MASK);
    /* Powered down (reset): outputs 0 */
    g_assert_cmphex(accel_read(qts, OUT_X_L + 5), ==, 0);
    /* 100 Hz, X/Y/Z on, +-2 g: what staccel.py writes */
    accel_write(qts, CTRL_REG4, 0x67);
    accel_write(qts, CTRL_REG5, 0x00);
    g_assert_cmphex(accel_read(qts, CTRL_REG4), ==, 0x67);
    qom_set_int(qts, "x", -500);
    qom_set_int(qts, "y", 250);

    /* One multi-byte read, auto-incremented: 0.06 mg/digit, little endian */
    cs(qts, true);
    xfer(qts, READ | OUT_X_L);
    for (int i = 0; i < 6; i++) {
        out[i] = xfer(qts, 0);
    }
    cs(qts, false);
    g_assert_cmpint((int16_t)(out[0] | out[1] << 8), ==, -8333);
    g_assert_cmpint((int16_t)(out[2] | out[3] << 8), ==, 4167);
    g_assert_cmpint((int16_t)(out[4] | out[5] << 8), ==, 16667);   /* default 1 g */

    /* +-4 g: 0.12 mg/digit */
    accel_write(qts, CTRL_REG5, 1 << 3);
    g_assert_cmphex(accel_read(qts, OUT_X_L + 1), ==, (uint8_t)(-4167 >> 8));

    /* Out of range from the host */
    g_assert_true(qmp_rsp_is_err(qtest_qmp(qts, "{ 'execute': 'qom-set', 'arguments':"
                                           " { 'path': %s, 'property': 'z', 'value': 17000 } }",
                                           ACCEL)));
    qtest_quit(qts);
}

static void test_accel_status(void)
{
    QTestState *qts = start();

    qtest_writel(qts, SPI1_BASE + A_CR1, CR1_MASTER | R_CR1_SPE_MASK);
    accel_write(qts, CTRL_REG4, 0x67);                  /* 100 Hz */
    g_assert_cmphex(accel_read(qts, STATUS), ==, 0);
    qtest_clock_step(qts, 10 * SCALE_MS);
    g_assert_cmphex(accel_read(qts, STATUS), ==, 0x0F);  /* ZYXDA, XDA..ZDA */
    accel_read(qts, OUT_X_L + 1);
    g_assert_cmphex(accel_read(qts, STATUS), ==, 0x0E);
    qtest_clock_step(qts, 20 * SCALE_MS);
    g_assert_cmphex(accel_read(qts, STATUS), ==, 0xFF);  /* all overrun */
    qtest_quit(qts);
}

static void test_flags(void)
{
    QTestState *qts = start();

    qtest_writel(qts, SPI1_BASE + A_CR1, CR1_MASTER | R_CR1_SPE_MASK);
    /* Two frames without reading DR: the second waits, then is lost */
    cs(qts, true);
    qtest_writel(qts, SPI1_BASE + A_DR, READ | WHO_AM_I);
    qtest_writel(qts, SPI1_BASE + A_DR, 0);
    cs(qts, false);
    g_assert_cmphex(spi_sr(qts), ==, R_SR_BSY_MASK);
    /* 16 us per frame (16 MHz / 32): the first one done, the second in flight */
    qtest_clock_step(qts, 20 * SCALE_US);
    g_assert_cmphex(spi_sr(qts), ==, R_SR_TXE_MASK | R_SR_BSY_MASK | R_SR_RXNE_MASK);
    qtest_clock_step(qts, 12 * SCALE_US);
    g_assert_cmphex(spi_sr(qts), ==, R_SR_TXE_MASK | R_SR_RXNE_MASK | R_SR_OVR_MASK);
    /* Cleared by a DR read then an SR read (which still shows it) */
    g_assert_cmphex(qtest_readl(qts, SPI1_BASE + A_DR), ==, 0);     /* first frame kept */
    g_assert_cmphex(qtest_readl(qts, SPI1_BASE + A_SR), ==, R_SR_TXE_MASK | R_SR_OVR_MASK);
    g_assert_cmphex(spi_sr(qts), ==, R_SR_TXE_MASK);

    /* A frame written while SPE=0 waits, then goes when SPE is set */
    qtest_writel(qts, SPI1_BASE + A_CR1, CR1_MASTER);
    cs(qts, true);
    qtest_writel(qts, SPI1_BASE + A_DR, READ | WHO_AM_I);
    g_assert_cmphex(spi_sr(qts), ==, 0);
    qtest_writel(qts, SPI1_BASE + A_CR1, CR1_MASTER | R_CR1_SPE_MASK);
    g_assert_cmphex(spi_sr(qts), ==, R_SR_TXE_MASK | R_SR_BSY_MASK);
    qtest_clock_step(qts, FRAME_STEP_NS);
    g_assert_cmphex(spi_sr(qts), ==, R_SR_TXE_MASK | R_SR_RXNE_MASK);
    qtest_readl(qts, SPI1_BASE + A_DR);
    g_assert_cmphex(xfer(qts, 0), ==, 0x3F);
    cs(qts, false);
    qtest_quit(qts);
}

static void test_frame_formats(void)
{
    QTestState *qts = start();

    /* LSB first: the slave still sees 0x8F and answers 0x3F */
    qtest_writel(qts, SPI1_BASE + A_CR1, CR1_MASTER | R_CR1_SPE_MASK | R_CR1_LSBFIRST_MASK);
    cs(qts, true);
    xfer(qts, 0xF1);
    g_assert_cmphex(xfer(qts, 0), ==, 0xFC);
    cs(qts, false);

    /* 16-bit frames: command and data byte in one frame, MSB first */
    qtest_writel(qts, SPI1_BASE + A_CR1, CR1_MASTER);
    qtest_writel(qts, SPI1_BASE + A_CR1, CR1_MASTER | R_CR1_DFF_MASK);
    qtest_writel(qts, SPI1_BASE + A_CR1, CR1_MASTER | R_CR1_DFF_MASK | R_CR1_SPE_MASK);
    cs(qts, true);
    g_assert_cmphex(xfer(qts, (READ | WHO_AM_I) << 8), ==, 0x003F);
    cs(qts, false);
    qtest_quit(qts);
}

static void test_mode_fault(void)
{
    QTestState *qts = start();

    /* Master with SSM=1, SSI=0: MODF, MSTR and SPE cleared */
    qtest_writel(qts, SPI1_BASE + A_CR2, R_CR2_ERRIE_MASK);
    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    qtest_writel(qts, SPI1_BASE + A_CR1, R_CR1_MSTR_MASK | R_CR1_SSM_MASK | R_CR1_SPE_MASK);
    g_assert_cmphex(qtest_readl(qts, SPI1_BASE + A_CR1), ==, R_CR1_SSM_MASK);
    g_assert_true(qtest_get_irq(qts, SPI1_IRQ));
    /* Cleared by an SR access followed by a CR1 write */
    g_assert_cmphex(spi_sr(qts), ==, R_SR_TXE_MASK | R_SR_MODF_MASK);
    qtest_writel(qts, SPI1_BASE + A_CR1, CR1_MASTER | R_CR1_SPE_MASK);
    g_assert_cmphex(spi_sr(qts), ==, R_SR_TXE_MASK);
    g_assert_false(qtest_get_irq(qts, SPI1_IRQ));
    g_assert_cmphex(qtest_readl(qts, SPI1_BASE + A_CR1), ==, CR1_MASTER | R_CR1_SPE_MASK);
    qtest_quit(qts);
}

static void test_irq(void)
{
    QTestState *qts = start();

    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    qtest_writel(qts, SPI1_BASE + A_CR1, CR1_MASTER | R_CR1_SPE_MASK);
    g_assert_false(qtest_get_irq(qts, SPI1_IRQ));
    /* TXE is set: TXEIE raises the line at once */
    qtest_writel(qts, SPI1_BASE + A_CR2, R_CR2_TXEIE_MASK);
    g_assert_true(qtest_get_irq(qts, SPI1_IRQ));
    qtest_writel(qts, SPI1_BASE + A_CR2, R_CR2_RXNEIE_MASK);
    g_assert_false(qtest_get_irq(qts, SPI1_IRQ));
    /* RXNE comes one frame time later, from the timer: no register access */
    qtest_writel(qts, SPI1_BASE + A_DR, 0);
    g_assert_false(qtest_get_irq(qts, SPI1_IRQ));
    qtest_clock_step(qts, 15 * SCALE_US);
    g_assert_false(qtest_get_irq(qts, SPI1_IRQ));
    qtest_clock_step(qts, 1 * SCALE_US);
    g_assert_true(qtest_get_irq(qts, SPI1_IRQ));
    qtest_readl(qts, SPI1_BASE + A_DR);
    g_assert_false(qtest_get_irq(qts, SPI1_IRQ));
    /* Overrun with ERRIE only */
    qtest_writel(qts, SPI1_BASE + A_CR2, R_CR2_ERRIE_MASK);
    qtest_writel(qts, SPI1_BASE + A_DR, 0);
    qtest_writel(qts, SPI1_BASE + A_DR, 0);
    qtest_clock_step(qts, 20 * SCALE_US);
    g_assert_false(qtest_get_irq(qts, SPI1_IRQ));
    qtest_clock_step(qts, 20 * SCALE_US);
    g_assert_true(qtest_get_irq(qts, SPI1_IRQ));
    qtest_readl(qts, SPI1_BASE + A_DR);
    g_assert_true(qtest_get_irq(qts, SPI1_IRQ));
    qtest_readl(qts, SPI1_BASE + A_SR);
    g_assert_false(qtest_get_irq(qts, SPI1_IRQ));
    qtest_quit(qts);
}

/* The MB997B board's LIS302DL: another register map, 8-bit outputs */
static void test_lis302dl(void)
{
    QTestState *qts = start_args("-M stm32f4-discovery,accelerometer=lis302dl");
    uint8_t out[5];

    qtest_writel(qts, SPI1_BASE + A_CR1, CR1_MASTER | R_CR1_SPE_MASK);
    g_assert_cmphex(accel_read(qts, WHO_AM_I), ==, 0x3B);
    g_assert_cmphex(accel_read(qts, 0x29), ==, 0);          /* powered down */
    accel_write(qts, 0x20, 0x47);                           /* PD, 100 Hz, +-2.3 g, XYZ */
    qom_set_int(qts, "x", -500);
    /* Multi-byte read needs the MS bit (0x40): X, -, Y, -, Z at 18 mg/digit */
    cs(qts, true);
    xfer(qts, READ | 0x40 | 0x29);
    for (int i = 0; i < 5; i++) {
        out[i] = xfer(qts, 0);
    }
    cs(qts, false);
    g_assert_cmpint((int8_t)out[0], ==, -28);
    g_assert_cmpint((int8_t)out[2], ==, 0);
    g_assert_cmpint((int8_t)out[4], ==, 56);
    /* Without MS the address stays: the same register twice */
    cs(qts, true);
    xfer(qts, READ | 0x0F);
    g_assert_cmphex(xfer(qts, 0), ==, 0x3B);
    g_assert_cmphex(xfer(qts, 0), ==, 0x3B);
    cs(qts, false);
    qtest_quit(qts);
}

static void test_migration(void)
{
    QTestState *src = start(), *dst;

    qtest_writel(src, SPI1_BASE + A_CR1, CR1_MASTER | R_CR1_SPE_MASK);
    qtest_writel(src, SPI1_BASE + A_CR2, R_CR2_RXNEIE_MASK);
    accel_write(src, CTRL_REG4, 0x67);
    qom_set_int(src, "x", 1234);
    /* Leave a frame in flight (its timer armed), the accelerometer mid-transaction */
    cs(src, true);
    qtest_writel(src, SPI1_BASE + A_DR, READ | 0x0D);

    dst = stm32f4_migrate(src);
    qtest_quit(src);
    qtest_irq_intercept_in(dst, "/machine/soc/armv7m");
    g_assert_cmphex(qtest_readl(dst, SPI1_BASE + A_CR1), ==, CR1_MASTER | R_CR1_SPE_MASK);
    g_assert_cmphex(qtest_readl(dst, SPI1_BASE + A_CR2), ==, R_CR2_RXNEIE_MASK);
    g_assert_cmphex(qtest_readl(dst, SPI1_BASE + A_SR), ==, R_SR_TXE_MASK | R_SR_BSY_MASK);
    /* The frame's timer came along: the next deadline ends the frame */
    g_assert_false(qtest_get_irq(dst, SPI1_IRQ));
    qtest_clock_step_next(dst);
    g_assert_true(qtest_get_irq(dst, SPI1_IRQ));
    g_assert_cmphex(qtest_readl(dst, SPI1_BASE + A_SR), ==, R_SR_TXE_MASK | R_SR_RXNE_MASK);
    qtest_readl(dst, SPI1_BASE + A_DR);
    g_assert_cmphex(xfer(dst, 0), ==, 0x21);    /* INFO1: transaction went on */
    cs(dst, false);
    g_assert_cmphex(accel_read(dst, CTRL_REG4), ==, 0x67);
    g_assert_cmphex(accel_read(dst, OUT_X_L), ==, 20567 & 0xFF);
    g_assert_cmphex(accel_read(dst, OUT_X_L + 1), ==, 20567 >> 8);
    qtest_quit(dst);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("stm32f4xx-spi/reset_values", test_reset_values);
    qtest_add_func("stm32f4xx-spi/clock_gating", test_clock_gating);
    qtest_add_func("stm32f4xx-spi/who_am_i", test_who_am_i);
    qtest_add_func("stm32f4xx-spi/accel_outputs", test_accel_outputs);
    qtest_add_func("stm32f4xx-spi/accel_status", test_accel_status);
    qtest_add_func("stm32f4xx-spi/flags", test_flags);
    qtest_add_func("stm32f4xx-spi/frame_formats", test_frame_formats);
    qtest_add_func("stm32f4xx-spi/mode_fault", test_mode_fault);
    qtest_add_func("stm32f4xx-spi/irq", test_irq);
    qtest_add_func("stm32f4xx-spi/lis302dl", test_lis302dl);
    qtest_add_func("stm32f4xx-spi/migration", test_migration);
    return g_test_run();
}
