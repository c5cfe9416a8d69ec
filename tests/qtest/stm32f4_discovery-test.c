/*
 * QTest testcase for the stm32f4-discovery board devices: the four user
 * LEDs on PD12-15 and the user button B1 on PA0, through QMP qom-get and
 * qom-set as a host would use them.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qemu/bitops.h"
#include "libqtest.h"
#include "stm32f4-migration.h"
#include "qobject/qdict.h"

#define RCC_AHB1ENR     0x40023830
#define RCC_APB2ENR     0x40023844
#define GPIOAEN         BIT(0)
#define GPIODEN         BIT(3)
#define SYSCFGEN        BIT(14)
#define GPIOA           0x40020000
#define GPIOD           0x40020C00
#define GPIO_MODER      0x00
#define GPIO_IDR        0x10
#define GPIO_ODR        0x14
#define GPIO_BSRR       0x18
#define SYSCFG_EXTICR1  0x40013808
#define EXTI_IMR        0x40013C00
#define EXTI_RTSR       0x40013C08
#define EXTI_FTSR       0x40013C0C
#define EXTI_PR         0x40013C14
#define NVIC_EXTI0      6

static const struct {
    const char *path;
    int pin;
} leds[] = {
    { "/machine/led-green", 12 },   /* LD4 */
    { "/machine/led-orange", 13 },  /* LD3 */
    { "/machine/led-red", 14 },     /* LD5 */
    { "/machine/led-blue", 15 },    /* LD6 */
};

static bool qom_get_bool(QTestState *qts, const char *path, const char *prop)
{
    QDict *r = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments':"
                         " { 'path': %s, 'property': %s } }", path, prop);
    bool value;

    g_assert_false(qdict_haskey(r, "error"));
    value = qdict_get_bool(r, "return");
    qobject_unref(r);
    return value;
}

static void press(QTestState *qts, bool pressed)
{
    qtest_qmp_assert_success(qts, "{ 'execute': 'qom-set', 'arguments':"
                             " { 'path': '/machine', 'property': 'button',"
                             " 'value': %i } }", pressed);
}

static uint32_t lit_leds(QTestState *qts)
{
    uint32_t mask = 0;

    for (int i = 0; i < ARRAY_SIZE(leds); i++) {
        if (qom_get_bool(qts, leds[i].path, "state")) {
            mask |= BIT(leds[i].pin);
        }
    }
    return mask;
}

static void test_leds(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    g_assert_cmphex(lit_leds(qts), ==, 0);
    qtest_writel(qts, RCC_AHB1ENR, GPIODEN);
    qtest_writel(qts, GPIOD + GPIO_MODER, 0x55000000);    /* PD12-15 outputs */
    g_assert_cmphex(lit_leds(qts), ==, 0);
    for (int i = 0; i < ARRAY_SIZE(leds); i++) {
        qtest_writel(qts, GPIOD + GPIO_BSRR, BIT(leds[i].pin));
        g_assert_cmphex(lit_leds(qts), ==, BIT(leds[i].pin));
        qtest_writel(qts, GPIOD + GPIO_BSRR, BIT(leds[i].pin + 16));
    }
    qtest_writel(qts, GPIOD + GPIO_ODR, 0xF000);
    g_assert_cmphex(lit_leds(qts), ==, 0xF000);
    /* An LED needs the pin to be an output */
    qtest_writel(qts, GPIOD + GPIO_MODER, 0x55000000 & ~(3 << 26));
    g_assert_cmphex(lit_leds(qts), ==, 0xD000);
    /* Other pins of port D do not light anything */
    qtest_writel(qts, GPIOD + GPIO_MODER, 0x55555555);
    qtest_writel(qts, GPIOD + GPIO_ODR, 0x0FFF);
    g_assert_cmphex(lit_leds(qts), ==, 0);
    /* The LEDs go off with a reset */
    qtest_writel(qts, GPIOD + GPIO_ODR, 0xFFFF);
    g_assert_cmphex(lit_leds(qts), ==, 0xF000);
    qtest_system_reset(qts);
    g_assert_cmphex(lit_leds(qts), ==, 0);
    qtest_quit(qts);
}

static void test_button(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    qtest_writel(qts, RCC_AHB1ENR, GPIOAEN);
    qtest_writel(qts, RCC_APB2ENR, SYSCFGEN);
    g_assert_false(qom_get_bool(qts, "/machine", "button"));
    g_assert_cmphex(qtest_readl(qts, GPIOA + GPIO_IDR) & 1, ==, 0);
    /* Even with the internal pull-up, the board's pull-down holds PA0 low */
    qtest_writel(qts, GPIOA + 0x0C, 0x64000001);
    g_assert_cmphex(qtest_readl(qts, GPIOA + GPIO_IDR) & 1, ==, 0);

    /* EXTI0 on PA0, both edges, unmasked */
    qtest_writel(qts, SYSCFG_EXTICR1, 0);
    qtest_writel(qts, EXTI_RTSR, 1);
    qtest_writel(qts, EXTI_FTSR, 1);
    qtest_writel(qts, EXTI_IMR, 1);

    press(qts, true);
    g_assert_true(qom_get_bool(qts, "/machine", "button"));
    g_assert_true(qom_get_bool(qts, "/machine/soc/gpioa", "pin0"));
    g_assert_cmphex(qtest_readl(qts, GPIOA + GPIO_IDR) & 1, ==, 1);
    g_assert_cmphex(qtest_readl(qts, EXTI_PR), ==, 1);
    g_assert_true(qtest_get_irq(qts, NVIC_EXTI0));
    qtest_writel(qts, EXTI_PR, 1);
    g_assert_false(qtest_get_irq(qts, NVIC_EXTI0));

    press(qts, false);
    g_assert_false(qom_get_bool(qts, "/machine", "button"));
    g_assert_cmphex(qtest_readl(qts, GPIOA + GPIO_IDR) & 1, ==, 0);
    g_assert_cmphex(qtest_readl(qts, EXTI_PR), ==, 1);
    g_assert_true(qtest_get_irq(qts, NVIC_EXTI0));
    qtest_writel(qts, EXTI_PR, 1);

    /* A held button stays held through a reset */
    press(qts, true);
    qtest_system_reset(qts);
    qtest_writel(qts, RCC_AHB1ENR, GPIOAEN);
    g_assert_cmphex(qtest_readl(qts, GPIOA + GPIO_IDR) & 1, ==, 1);
    g_assert_true(qom_get_bool(qts, "/machine", "button"));
    qtest_quit(qts);

    /* Held from the start */
    qts = qtest_init("-M stm32f4-discovery,button=on");
    qtest_writel(qts, RCC_AHB1ENR, GPIOAEN);
    g_assert_cmphex(qtest_readl(qts, GPIOA + GPIO_IDR) & 1, ==, 1);
    g_assert_true(qom_get_bool(qts, "/machine", "button"));
    qtest_quit(qts);
}

/* LEDs, the button, GPIO and EXTI state survive a migration */
static void test_migration(void)
{
    QTestState *src, *dst;

    src = qtest_init("-M stm32f4-discovery");
    qtest_writel(src, RCC_AHB1ENR, GPIOAEN | GPIODEN);
    qtest_writel(src, RCC_APB2ENR, SYSCFGEN);
    qtest_writel(src, GPIOD + GPIO_MODER, 0x55000000);
    qtest_writel(src, GPIOD + GPIO_ODR, 0xA000);
    qtest_writel(src, EXTI_RTSR, 1);
    qtest_writel(src, EXTI_FTSR, 1);
    qtest_writel(src, EXTI_IMR, 1);
    press(src, true);
    qtest_writel(src, EXTI_PR, 1);

    dst = stm32f4_migrate(src);
    qtest_irq_intercept_in(dst, "/machine/soc/armv7m");
    g_assert_cmphex(lit_leds(dst), ==, 0xA000);
    g_assert_cmphex(qtest_readl(dst, GPIOD + GPIO_ODR), ==, 0xA000);
    g_assert_true(qom_get_bool(dst, "/machine", "button"));
    g_assert_cmphex(qtest_readl(dst, GPIOA + GPIO_IDR) & 1, ==, 1);
    g_assert_cmphex(qtest_readl(dst, EXTI_PR), ==, 0);
    /* The EXTI knows the line is high: releasing is a falling edge */
    press(dst, false);
    g_assert_cmphex(qtest_readl(dst, EXTI_PR), ==, 1);
    g_assert_true(qtest_get_irq(dst, NVIC_EXTI0));

    qtest_quit(dst);
    qtest_quit(src);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_set_nonfatal_assertions();

    qtest_add_func("stm32f4-discovery/leds", test_leds);
    qtest_add_func("stm32f4-discovery/button", test_button);
    qtest_add_func("stm32f4-discovery/migration", test_migration);

    return g_test_run();
}
