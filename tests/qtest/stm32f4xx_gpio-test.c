/*
 * QTest testcase for the STM32F4xx GPIO ports (stm32f4xx-gpio) on the
 * stm32f4-discovery machine.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "hw/registerfields.h"
#include "qobject/qdict.h"

#define RCC_AHB1ENR     0x40023830
#define GPIO_BASE(p)    (0x40020000 + (p) * 0x400)
#define GPIOA 0
#define GPIOB 1
#define GPIOC 2
#define GPIOD 3
#define GPIOE 4
#define GPIOI 8
#define NUM_PORTS 9

REG32(MODER, 0x00)
REG32(OTYPER, 0x04)
REG32(OSPEEDR, 0x08)
REG32(PUPDR, 0x0C)
REG32(IDR, 0x10)
REG32(ODR, 0x14)
REG32(BSRR, 0x18)
REG32(LCKR, 0x1C)
    FIELD(LCKR, LCKK, 16, 1)
REG32(AFRL, 0x20)
REG32(AFRH, 0x24)

/* MODER/PUPDR field values */
#define MODE_INPUT  0
#define MODE_OUTPUT 1
#define MODE_AF     2
#define MODE_ANALOG 3
#define PULL_UP     1
#define PULL_DOWN   2

static uint32_t rd(QTestState *qts, int port, uint32_t reg)
{
    return qtest_readl(qts, GPIO_BASE(port) + reg);
}

static void wr(QTestState *qts, int port, uint32_t reg, uint32_t value)
{
    qtest_writel(qts, GPIO_BASE(port) + reg, value);
}

static void set_field(QTestState *qts, int port, uint32_t reg, int pin,
                      int width, uint32_t value)
{
    uint32_t mask = ((1u << width) - 1) << (pin * width);

    wr(qts, port, reg, (rd(qts, port, reg) & ~mask) | (value << (pin * width)));
}

static void set_mode(QTestState *qts, int port, int pin, uint32_t mode)
{
    set_field(qts, port, A_MODER, pin, 2, mode);
}

static void set_pull(QTestState *qts, int port, int pin, uint32_t pull)
{
    set_field(qts, port, A_PUPDR, pin, 2, pull);
}

static bool idr(QTestState *qts, int port, int pin)
{
    return rd(qts, port, A_IDR) & BIT(pin);
}

/* Drive a pin from outside through the SoC's named GPIO input "gpioX-in" */
static void drive(QTestState *qts, int port, int pin, int level)
{
    char name[] = { 'g', 'p', 'i', 'o', 'a' + port, '-', 'i', 'n', 0 };

    qtest_set_irq_in(qts, "/machine/soc", name, pin, level);
}

static char *port_path(int port)
{
    return g_strdup_printf("/machine/soc/gpio%c", 'a' + port);
}

static void qom_set_bool(QTestState *qts, const char *path, const char *prop,
                         bool value)
{
    qtest_qmp_assert_success(qts, "{ 'execute': 'qom-set', 'arguments':"
                             " { 'path': %s, 'property': %s, 'value': %i } }",
                             path, prop, value);
}

static QDict *qom_get(QTestState *qts, const char *path, const char *prop)
{
    return qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments':"
                     " { 'path': %s, 'property': %s } }", path, prop);
}

static bool qom_get_bool(QTestState *qts, const char *path, const char *prop)
{
    QDict *r = qom_get(qts, path, prop);
    bool value;

    g_assert_false(qdict_haskey(r, "error"));
    value = qdict_get_bool(r, "return");
    qobject_unref(r);
    return value;
}

static int64_t qom_get_int(QTestState *qts, const char *path, const char *prop)
{
    QDict *r = qom_get(qts, path, prop);
    int64_t value;

    g_assert_false(qdict_haskey(r, "error"));
    value = qdict_get_int(r, "return");
    qobject_unref(r);
    return value;
}

/* Board with the clocks of all nine ports on */
static QTestState *start(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    qtest_writel(qts, RCC_AHB1ENR, qtest_readl(qts, RCC_AHB1ENR) | 0x1FF);
    return qts;
}

static void test_reset_values(void)
{
    QTestState *qts = start();

    g_assert_cmphex(rd(qts, GPIOA, A_MODER), ==, 0xA8000000);
    g_assert_cmphex(rd(qts, GPIOA, A_OSPEEDR), ==, 0x00000000);
    g_assert_cmphex(rd(qts, GPIOA, A_PUPDR), ==, 0x64000000);
    /* PA13 (SWDIO) pulled up, PA14 (SWCLK) down, PA15 (JTDI) up; PA0 button */
    g_assert_cmphex(rd(qts, GPIOA, A_IDR), ==, 0xA000);
    g_assert_cmphex(rd(qts, GPIOB, A_MODER), ==, 0x00000280);
    g_assert_cmphex(rd(qts, GPIOB, A_OSPEEDR), ==, 0x000000C0);
    g_assert_cmphex(rd(qts, GPIOB, A_PUPDR), ==, 0x00000100);
    g_assert_cmphex(rd(qts, GPIOB, A_IDR), ==, 0x0010);   /* PB4 pulled up */
    for (int p = 0; p < NUM_PORTS; p++) {
        if (p > GPIOB) {
            g_assert_cmphex(rd(qts, p, A_MODER), ==, 0);
            g_assert_cmphex(rd(qts, p, A_OSPEEDR), ==, 0);
            g_assert_cmphex(rd(qts, p, A_PUPDR), ==, 0);
            g_assert_cmphex(rd(qts, p, A_IDR), ==, 0);
        }
        g_assert_cmphex(rd(qts, p, A_OTYPER), ==, 0);
        g_assert_cmphex(rd(qts, p, A_ODR), ==, 0);
        g_assert_cmphex(rd(qts, p, A_BSRR), ==, 0);
        g_assert_cmphex(rd(qts, p, A_LCKR), ==, 0);
        g_assert_cmphex(rd(qts, p, A_AFRL), ==, 0);
        g_assert_cmphex(rd(qts, p, A_AFRH), ==, 0);
    }
    /* Past the registers: reads 0 */
    g_assert_cmphex(rd(qts, GPIOC, 0x28), ==, 0);
    g_assert_cmphex(rd(qts, GPIOC, 0x3FC), ==, 0);

    /* A system reset brings the values back */
    wr(qts, GPIOB, A_MODER, 0x55555555);
    wr(qts, GPIOB, A_ODR, 0x1234);
    wr(qts, GPIOB, A_AFRH, 0x77777777);
    qtest_system_reset(qts);
    qtest_writel(qts, RCC_AHB1ENR, 0x1FF);
    g_assert_cmphex(rd(qts, GPIOB, A_MODER), ==, 0x00000280);
    g_assert_cmphex(rd(qts, GPIOB, A_ODR), ==, 0);
    g_assert_cmphex(rd(qts, GPIOB, A_AFRH), ==, 0);
    g_assert_cmphex(rd(qts, GPIOB, A_IDR), ==, 0x0010);
    qtest_quit(qts);
}

static void test_write_masks(void)
{
    QTestState *qts = start();

    wr(qts, GPIOC, A_MODER, 0xFFFFFFFF);
    g_assert_cmphex(rd(qts, GPIOC, A_MODER), ==, 0xFFFFFFFF);
    wr(qts, GPIOC, A_OTYPER, 0xFFFFFFFF);
    g_assert_cmphex(rd(qts, GPIOC, A_OTYPER), ==, 0x0000FFFF);
    wr(qts, GPIOC, A_OSPEEDR, 0xFFFFFFFF);
    g_assert_cmphex(rd(qts, GPIOC, A_OSPEEDR), ==, 0xFFFFFFFF);
    wr(qts, GPIOC, A_PUPDR, 0xAAAAAAAA);
    g_assert_cmphex(rd(qts, GPIOC, A_PUPDR), ==, 0xAAAAAAAA);
    wr(qts, GPIOC, A_ODR, 0xFFFFFFFF);
    g_assert_cmphex(rd(qts, GPIOC, A_ODR), ==, 0x0000FFFF);
    wr(qts, GPIOC, A_AFRL, 0x12345678);
    g_assert_cmphex(rd(qts, GPIOC, A_AFRL), ==, 0x12345678);
    wr(qts, GPIOC, A_AFRH, 0x9ABCDEF0);
    g_assert_cmphex(rd(qts, GPIOC, A_AFRH), ==, 0x9ABCDEF0);
    /* LCK bits are plain storage until the key sequence; LCKK is not set */
    wr(qts, GPIOC, A_LCKR, 0xFFFFFFFF);
    g_assert_cmphex(rd(qts, GPIOC, A_LCKR), ==, 0x0000FFFF);
    wr(qts, GPIOC, A_LCKR, 0);
    /* IDR is read-only: analog pins read 0 whatever is written */
    wr(qts, GPIOC, A_IDR, 0xFFFF);
    g_assert_cmphex(rd(qts, GPIOC, A_IDR), ==, 0);
    /* BSRR is write-only */
    wr(qts, GPIOC, A_BSRR, 0x0000FFFF);
    g_assert_cmphex(rd(qts, GPIOC, A_BSRR), ==, 0);
    qtest_quit(qts);
}

static void test_access_sizes(void)
{
    QTestState *qts = start();

    wr(qts, GPIOC, A_MODER, 0x11223344);
    /* A narrow write only changes its own bytes */
    qtest_writeb(qts, GPIO_BASE(GPIOC) + A_MODER + 1, 0xAA);
    g_assert_cmphex(rd(qts, GPIOC, A_MODER), ==, 0x1122AA44);
    qtest_writew(qts, GPIO_BASE(GPIOC) + A_MODER + 2, 0x5566);
    g_assert_cmphex(rd(qts, GPIOC, A_MODER), ==, 0x5566AA44);
    g_assert_cmphex(qtest_readb(qts, GPIO_BASE(GPIOC) + A_MODER + 3), ==, 0x55);
    g_assert_cmphex(qtest_readw(qts, GPIO_BASE(GPIOC) + A_MODER + 2), ==,
                    0x5566);

    /* BSRRL/BSRRH halves (old CMSIS headers): set and reset halves alone */
    wr(qts, GPIOC, A_ODR, 0x00F0);
    qtest_writew(qts, GPIO_BASE(GPIOC) + A_BSRR, 0x0003);
    g_assert_cmphex(rd(qts, GPIOC, A_ODR), ==, 0x00F3);
    qtest_writew(qts, GPIO_BASE(GPIOC) + A_BSRR + 2, 0x0030);
    g_assert_cmphex(rd(qts, GPIOC, A_ODR), ==, 0x00C3);
    qtest_writeb(qts, GPIO_BASE(GPIOC) + A_BSRR + 3, 0x80);  /* BR15 */
    qtest_writeb(qts, GPIO_BASE(GPIOC) + A_BSRR + 1, 0x80);  /* BS15 */
    g_assert_cmphex(rd(qts, GPIOC, A_ODR), ==, 0x80C3);
    qtest_writeb(qts, GPIO_BASE(GPIOC) + A_BSRR + 3, 0x80);
    g_assert_cmphex(rd(qts, GPIOC, A_ODR), ==, 0x00C3);
    qtest_quit(qts);
}

static void test_bsrr(void)
{
    QTestState *qts = start();

    wr(qts, GPIOD, A_ODR, 0x0F0F);
    wr(qts, GPIOD, A_BSRR, 0x00F0);
    g_assert_cmphex(rd(qts, GPIOD, A_ODR), ==, 0x0FFF);
    wr(qts, GPIOD, A_BSRR, 0x0F000000);
    g_assert_cmphex(rd(qts, GPIOD, A_ODR), ==, 0x00FF);
    /* Both BSx and BRx: BSx has priority (RM0090 8.4.7) */
    wr(qts, GPIOD, A_BSRR, 0x80018001);
    g_assert_cmphex(rd(qts, GPIOD, A_ODR), ==, 0x80FF);
    wr(qts, GPIOD, A_BSRR, 0x00FF0000);
    g_assert_cmphex(rd(qts, GPIOD, A_ODR), ==, 0x8000);
    wr(qts, GPIOD, A_BSRR, 0);
    g_assert_cmphex(rd(qts, GPIOD, A_ODR), ==, 0x8000);
    qtest_quit(qts);
}

static void test_idr_outputs(void)
{
    QTestState *qts = start();

    /* Push-pull outputs: IDR shows ODR */
    wr(qts, GPIOE, A_MODER, 0x55555555);
    wr(qts, GPIOE, A_ODR, 0xA5C3);
    g_assert_cmphex(rd(qts, GPIOE, A_IDR), ==, 0xA5C3);
    wr(qts, GPIOE, A_BSRR, 0x00010000);
    g_assert_cmphex(rd(qts, GPIOE, A_IDR), ==, 0xA5C2);
    /* A pull does not override a push-pull output */
    set_pull(qts, GPIOE, 2, PULL_UP);
    g_assert_false(idr(qts, GPIOE, 2));
    /* Analog pins read 0 */
    set_mode(qts, GPIOE, 0, MODE_ANALOG);
    wr(qts, GPIOE, A_BSRR, 0x00000001);
    g_assert_false(idr(qts, GPIOE, 0));
    /* Pins only read ODR while outputs: back to input, the output is gone */
    wr(qts, GPIOE, A_PUPDR, 0xAAAAAAAA);    /* all pulled down */
    wr(qts, GPIOE, A_MODER, 0);
    g_assert_cmphex(rd(qts, GPIOE, A_IDR), ==, 0);
    g_assert_cmphex(rd(qts, GPIOE, A_ODR), ==, 0xA5C3);
    qtest_quit(qts);
}

static void test_idr_inputs(void)
{
    QTestState *qts = start();
    g_autofree char *path = port_path(GPIOC);

    /* Pulls decide the level of a pin nothing drives */
    set_pull(qts, GPIOC, 4, PULL_UP);
    g_assert_true(idr(qts, GPIOC, 4));
    set_pull(qts, GPIOC, 4, PULL_DOWN);
    g_assert_false(idr(qts, GPIOC, 4));
    set_pull(qts, GPIOC, 4, 3);             /* reserved: no pull */
    g_assert_false(idr(qts, GPIOC, 4));
    /* Without pull a floating pin reads 0 */
    set_pull(qts, GPIOC, 4, PULL_UP);
    set_pull(qts, GPIOC, 4, 0);
    g_assert_false(idr(qts, GPIOC, 4));

    /* An external driver wins over the pulls, in input and AF mode */
    set_pull(qts, GPIOC, 5, PULL_UP);
    drive(qts, GPIOC, 5, 0);
    g_assert_false(idr(qts, GPIOC, 5));
    set_mode(qts, GPIOC, 5, MODE_AF);
    g_assert_false(idr(qts, GPIOC, 5));
    drive(qts, GPIOC, 5, 1);
    g_assert_true(idr(qts, GPIOC, 5));
    /* Analog: the input buffer is off */
    set_mode(qts, GPIOC, 5, MODE_ANALOG);
    g_assert_false(idr(qts, GPIOC, 5));
    set_mode(qts, GPIOC, 5, MODE_INPUT);
    g_assert_true(idr(qts, GPIOC, 5));

    /* The device's own GPIO input works like the SoC's */
    qtest_set_irq_in(qts, path, NULL, 9, 1);
    g_assert_true(idr(qts, GPIOC, 9));
    qtest_set_irq_in(qts, path, NULL, 9, 0);
    g_assert_false(idr(qts, GPIOC, 9));

    /* Host interface: pinN and driven-pins */
    g_assert_cmphex(qom_get_int(qts, path, "driven-pins"), ==, 0x0220);
    qom_set_bool(qts, path, "pin7", true);
    g_assert_true(idr(qts, GPIOC, 7));
    g_assert_true(qom_get_bool(qts, path, "pin7"));
    g_assert_true(qom_get_bool(qts, path, "pin5"));
    g_assert_false(qom_get_bool(qts, path, "pin9"));
    g_assert_cmphex(qom_get_int(qts, path, "driven-pins"), ==, 0x02A0);
    /* Releasing PC5 and PC7: the pull-down shows, PC7 floats at 0 */
    set_pull(qts, GPIOC, 5, PULL_DOWN);
    qtest_qmp_assert_success(qts, "{ 'execute': 'qom-set', 'arguments':"
                             " { 'path': %s, 'property': 'driven-pins',"
                             " 'value': %d } }", path, 0x0200);
    g_assert_false(idr(qts, GPIOC, 5));
    g_assert_false(idr(qts, GPIOC, 7));
    g_assert_cmphex(qom_get_int(qts, path, "driven-pins"), ==, 0x0200);
    /* Only driven pins can be kept driven */
    {
        QDict *r = qtest_qmp(qts, "{ 'execute': 'qom-set', 'arguments':"
                             " { 'path': %s, 'property': 'driven-pins',"
                             " 'value': %d } }", path, 0x0001);
        g_assert_true(qdict_haskey(r, "error"));
        qobject_unref(r);
    }
    /* External drive is wire state: it survives a reset */
    qtest_system_reset(qts);
    qtest_writel(qts, RCC_AHB1ENR, 0x1FF);
    drive(qts, GPIOC, 3, 1);
    qtest_system_reset(qts);
    qtest_writel(qts, RCC_AHB1ENR, 0x1FF);
    g_assert_cmphex(rd(qts, GPIOC, A_IDR), ==, 0x0008);
    qtest_quit(qts);
}

static void test_open_drain(void)
{
    QTestState *qts = start();

    set_mode(qts, GPIOB, 6, MODE_OUTPUT);
    wr(qts, GPIOB, A_OTYPER, BIT(6));
    /* ODR=0 pulls low, whatever the outside does */
    drive(qts, GPIOB, 6, 1);
    g_assert_false(idr(qts, GPIOB, 6));
    /* ODR=1 releases the pin: the external level shows */
    wr(qts, GPIOB, A_BSRR, BIT(6));
    g_assert_true(idr(qts, GPIOB, 6));
    drive(qts, GPIOB, 6, 0);
    g_assert_false(idr(qts, GPIOB, 6));
    /* Released and undriven: the pull-up (I2C style) */
    qtest_qmp_assert_success(qts, "{ 'execute': 'qom-set', 'arguments':"
                             " { 'path': '/machine/soc/gpiob',"
                             " 'property': 'driven-pins', 'value': 0 } }");
    set_pull(qts, GPIOB, 6, PULL_UP);
    g_assert_true(idr(qts, GPIOB, 6));
    wr(qts, GPIOB, A_BSRR, BIT(6 + 16));
    g_assert_false(idr(qts, GPIOB, 6));

    /* Push-pull: the output wins over an external driver */
    set_mode(qts, GPIOB, 7, MODE_OUTPUT);
    drive(qts, GPIOB, 7, 1);
    g_assert_false(idr(qts, GPIOB, 7));
    wr(qts, GPIOB, A_OTYPER, BIT(7));
    wr(qts, GPIOB, A_BSRR, BIT(7));
    g_assert_true(idr(qts, GPIOB, 7));
    qtest_quit(qts);
}

static void lock(QTestState *qts, int port, uint32_t pins)
{
    wr(qts, port, A_LCKR, R_LCKR_LCKK_MASK | pins);
    wr(qts, port, A_LCKR, pins);
    wr(qts, port, A_LCKR, R_LCKR_LCKK_MASK | pins);
    rd(qts, port, A_LCKR);
}

static void test_lock(void)
{
    QTestState *qts = start();

    wr(qts, GPIOE, A_MODER, 0x00000005);     /* PE0, PE1 outputs */
    wr(qts, GPIOE, A_AFRL, 0x00000077);
    wr(qts, GPIOE, A_AFRH, 0x00000077);
    wr(qts, GPIOE, A_PUPDR, 0x00000009);
    lock(qts, GPIOE, 0x0101);               /* PE0 and PE8 */
    g_assert_cmphex(rd(qts, GPIOE, A_LCKR), ==, 0x00010101);

    /* Locked pins keep their configuration; the others change */
    wr(qts, GPIOE, A_MODER, 0xFFFFFFFF);
    g_assert_cmphex(rd(qts, GPIOE, A_MODER), ==, 0xFFFCFFFD);
    wr(qts, GPIOE, A_OTYPER, 0xFFFF);
    g_assert_cmphex(rd(qts, GPIOE, A_OTYPER), ==, 0xFEFE);
    wr(qts, GPIOE, A_OSPEEDR, 0xFFFFFFFF);
    g_assert_cmphex(rd(qts, GPIOE, A_OSPEEDR), ==, 0xFFFCFFFC);
    wr(qts, GPIOE, A_PUPDR, 0);
    g_assert_cmphex(rd(qts, GPIOE, A_PUPDR), ==, 0x00000001);
    wr(qts, GPIOE, A_AFRL, 0);
    g_assert_cmphex(rd(qts, GPIOE, A_AFRL), ==, 0x00000007);
    wr(qts, GPIOE, A_AFRH, 0xFFFFFFFF);
    g_assert_cmphex(rd(qts, GPIOE, A_AFRH), ==, 0xFFFFFFF7);
    /* The data registers are not locked */
    wr(qts, GPIOE, A_BSRR, 1);
    g_assert_true(idr(qts, GPIOE, 0));
    /* LCKR itself is frozen, LCKK stays set */
    wr(qts, GPIOE, A_LCKR, 0);
    lock(qts, GPIOE, 0xFFFF);
    g_assert_cmphex(rd(qts, GPIOE, A_LCKR), ==, 0x00010101);

    /* Until a reset */
    qtest_system_reset(qts);
    qtest_writel(qts, RCC_AHB1ENR, 0x1FF);
    g_assert_cmphex(rd(qts, GPIOE, A_LCKR), ==, 0);
    wr(qts, GPIOE, A_MODER, 0xFFFFFFFF);
    g_assert_cmphex(rd(qts, GPIOE, A_MODER), ==, 0xFFFFFFFF);

    /* A wrong sequence does not lock: LCK changes in the middle */
    wr(qts, GPIOE, A_LCKR, R_LCKR_LCKK_MASK | 0x0001);
    wr(qts, GPIOE, A_LCKR, 0x0003);
    wr(qts, GPIOE, A_LCKR, R_LCKR_LCKK_MASK | 0x0003);
    g_assert_cmphex(rd(qts, GPIOE, A_LCKR), ==, 0x00000003);
    /* ... or the second write keeps LCKK=1 */
    wr(qts, GPIOE, A_LCKR, R_LCKR_LCKK_MASK | 0x0003);
    wr(qts, GPIOE, A_LCKR, R_LCKR_LCKK_MASK | 0x0003);
    g_assert_cmphex(rd(qts, GPIOE, A_LCKR), ==, 0x00000003);
    wr(qts, GPIOE, A_MODER, 0);
    g_assert_cmphex(rd(qts, GPIOE, A_MODER), ==, 0);
    /* An aborted sequence can be restarted by its first write */
    wr(qts, GPIOE, A_LCKR, 0x0003);
    wr(qts, GPIOE, A_LCKR, R_LCKR_LCKK_MASK | 0x0003);
    rd(qts, GPIOE, A_LCKR);
    rd(qts, GPIOE, A_LCKR);
    wr(qts, GPIOE, A_LCKR, 0x0003);
    wr(qts, GPIOE, A_LCKR, R_LCKR_LCKK_MASK | 0x0003);
    g_assert_cmphex(rd(qts, GPIOE, A_LCKR), ==, 0x00010003);
    wr(qts, GPIOE, A_MODER, 0xFFFFFFFF);
    g_assert_cmphex(rd(qts, GPIOE, A_MODER), ==, 0xFFFFFFF0);
    qtest_quit(qts);
}

static void test_clock_gating(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    /* Clock off at reset: reads 0, writes ignored */
    g_assert_cmphex(rd(qts, GPIOA, A_MODER), ==, 0);
    wr(qts, GPIOD, A_MODER, 0x55555555);
    wr(qts, GPIOD, A_BSRR, 0xFFFF);
    qtest_writel(qts, RCC_AHB1ENR, BIT(GPIOD));
    g_assert_cmphex(rd(qts, GPIOD, A_MODER), ==, 0);
    g_assert_cmphex(rd(qts, GPIOD, A_ODR), ==, 0);
    g_assert_cmphex(rd(qts, GPIOA, A_MODER), ==, 0);
    /* Registers are kept while the clock is off */
    wr(qts, GPIOD, A_MODER, 0x55555555);
    wr(qts, GPIOD, A_ODR, 0x1234);
    qtest_writel(qts, RCC_AHB1ENR, 0);
    g_assert_cmphex(rd(qts, GPIOD, A_ODR), ==, 0);
    wr(qts, GPIOD, A_ODR, 0);
    qtest_writel(qts, RCC_AHB1ENR, BIT(GPIOD));
    g_assert_cmphex(rd(qts, GPIOD, A_MODER), ==, 0x55555555);
    g_assert_cmphex(rd(qts, GPIOD, A_ODR), ==, 0x1234);
    /* Each port has its own enable bit */
    for (int p = 0; p < NUM_PORTS; p++) {
        qtest_writel(qts, RCC_AHB1ENR, BIT(p));
        for (int q = 0; q < NUM_PORTS; q++) {
            g_assert_cmphex(rd(qts, q, A_MODER) != 0 || rd(qts, q, A_ODR) != 0,
                            ==, p == q && (p <= GPIOB || p == GPIOD));
        }
    }
    qtest_quit(qts);
}

/* The pin levels come out of the SoC as named GPIO outputs "gpioX-out" */
static void test_pin_outputs(void)
{
    QTestState *qts = start();

    qtest_irq_intercept_out_named(qts, "/machine/soc", "gpioi-out");
    set_mode(qts, GPIOI, 11, MODE_OUTPUT);
    wr(qts, GPIOI, A_BSRR, BIT(11));
    g_assert_true(qtest_get_irq(qts, 11));
    wr(qts, GPIOI, A_BSRR, BIT(11 + 16));
    g_assert_false(qtest_get_irq(qts, 11));
    /* Inputs too: the level of the pin, whoever sets it */
    set_pull(qts, GPIOI, 2, PULL_UP);
    g_assert_true(qtest_get_irq(qts, 2));
    drive(qts, GPIOI, 2, 0);
    g_assert_false(qtest_get_irq(qts, 2));
    g_assert_false(qtest_get_irq(qts, 3));
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_set_nonfatal_assertions();

    qtest_add_func("stm32f4xx-gpio/reset_values", test_reset_values);
    qtest_add_func("stm32f4xx-gpio/write_masks", test_write_masks);
    qtest_add_func("stm32f4xx-gpio/access_sizes", test_access_sizes);
    qtest_add_func("stm32f4xx-gpio/bsrr", test_bsrr);
    qtest_add_func("stm32f4xx-gpio/idr_outputs", test_idr_outputs);
    qtest_add_func("stm32f4xx-gpio/idr_inputs", test_idr_inputs);
    qtest_add_func("stm32f4xx-gpio/open_drain", test_open_drain);
    qtest_add_func("stm32f4xx-gpio/lock", test_lock);
    qtest_add_func("stm32f4xx-gpio/clock_gating", test_clock_gating);
    qtest_add_func("stm32f4xx-gpio/pin_outputs", test_pin_outputs);

    return g_test_run();
}
