/*
 * qtest: STM32F4 ADC1-3 and common registers (RM0090 chapter 13).
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
#define APB2ENR_ADC1EN  BIT(8)
#define APB2ENR_ADC2EN  BIT(9)

#define ADC1            0x40012000
#define ADC2            0x40012100
#define ADC3            0x40012200
#define SR              0x00
#define CR1             0x04
#define CR2             0x08
#define SMPR1           0x0C
#define SMPR2           0x10
#define JOFR1           0x14
#define HTR             0x24
#define LTR             0x28
#define SQR1            0x2C
#define SQR3            0x34
#define JSQR            0x38
#define JDR1            0x3C
#define DR              0x4C
#define ADC_CSR         0x40012300
#define ADC_CCR         0x40012304

#define SR_AWD          BIT(0)
#define SR_EOC          BIT(1)
#define SR_JEOC         BIT(2)
#define SR_JSTRT        BIT(3)
#define SR_STRT         BIT(4)
#define SR_OVR          BIT(5)
#define CR1_EOCIE       BIT(5)
#define CR1_AWDIE       BIT(6)
#define CR1_SCAN        BIT(8)
#define CR1_AWDEN       BIT(23)
#define CR1_RES_8       (2u << 24)
#define CR1_OVRIE       BIT(26)
#define CR2_ADON        BIT(0)
#define CR2_CONT        BIT(1)
#define CR2_EOCS        BIT(10)
#define CR2_ALIGN       BIT(11)
#define CR2_JSWSTART    BIT(22)
#define CR2_SWSTART     BIT(30)
#define CR2_EXTSEL(n)   ((uint32_t)(n) << 24)
#define CR2_EXTEN_RISING (1u << 28)
#define CCR_VBATE       BIT(22)
#define CCR_TSVREFE     BIT(23)

#define ADC_IRQ         18
#define ADC_PATH        "/machine/soc/adc"

/* Reset clocks: HSI 16 MHz = PCLK2; ADCPRE /2: ADCCLK 8 MHz, 125 ns a cycle */
#define ADCCLK_NS       125
/* 3-cycle sampling + 12 bits */
#define CONV_NS         (15 * ADCCLK_NS)

static QTestState *start(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    qtest_writel(qts, RCC_APB2ENR, APB2ENR_ADC1EN | APB2ENR_ADC2EN);
    return qts;
}

static void set_prop(QTestState *qts, const char *prop, int64_t value)
{
    qtest_qmp_assert_success(qts, "{ 'execute': 'qom-set', 'arguments': "
                             "{ 'path': %s, 'property': %s, 'value': %" PRId64 " } }",
                             ADC_PATH, prop, value);
}

/* One software-started conversion of @ch on ADC1, result once done */
static uint32_t convert(QTestState *qts, int ch)
{
    qtest_writel(qts, ADC1 + SQR3, ch);
    qtest_writel(qts, ADC1 + CR2, CR2_ADON | CR2_SWSTART);
    qtest_clock_step(qts, 100000);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR) & SR_EOC, ==, SR_EOC);
    return qtest_readl(qts, ADC1 + DR);
}

static void test_registers(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery");

    /* Clock off: reads 0, writes ignored */
    qtest_writel(qts, ADC1 + CR1, CR1_SCAN);
    qtest_writel(qts, ADC_CCR, CCR_TSVREFE);
    g_assert_cmphex(qtest_readl(qts, ADC1 + HTR), ==, 0);
    qtest_writel(qts, RCC_APB2ENR, APB2ENR_ADC1EN);
    g_assert_cmphex(qtest_readl(qts, ADC1 + CR1), ==, 0);
    g_assert_cmphex(qtest_readl(qts, ADC_CCR), ==, 0);
    /* ADC2 is still off */
    qtest_writel(qts, ADC2 + CR1, CR1_SCAN);
    g_assert_cmphex(qtest_readl(qts, ADC2 + CR1), ==, 0);

    /* Reset values */
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR), ==, 0);
    g_assert_cmphex(qtest_readl(qts, ADC1 + CR2), ==, 0);
    g_assert_cmphex(qtest_readl(qts, ADC1 + HTR), ==, 0xFFF);
    g_assert_cmphex(qtest_readl(qts, ADC1 + LTR), ==, 0);
    g_assert_cmphex(qtest_readl(qts, ADC1 + DR), ==, 0);

    /* Writable bits */
    qtest_writel(qts, ADC1 + CR1, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, ADC1 + CR1), ==, 0x07C0FFFF);
    qtest_writel(qts, ADC1 + CR1, 0);
    qtest_writel(qts, ADC1 + SMPR1, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SMPR1), ==, 0x07FFFFFF);
    qtest_writel(qts, ADC1 + SMPR2, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SMPR2), ==, 0x3FFFFFFF);
    qtest_writel(qts, ADC1 + SQR1, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SQR1), ==, 0x00FFFFFF);
    qtest_writel(qts, ADC1 + JSQR, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, ADC1 + JSQR), ==, 0x003FFFFF);
    qtest_writel(qts, ADC1 + HTR, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, ADC1 + HTR), ==, 0xFFF);
    qtest_writel(qts, ADC_CCR, 0xFFFFFFFF);
    g_assert_cmphex(qtest_readl(qts, ADC_CCR), ==, 0x00C3EF1F);
    /* SWSTART is not kept; ADON off: nothing starts */
    qtest_writel(qts, ADC1 + CR2, CR2_SWSTART);
    g_assert_cmphex(qtest_readl(qts, ADC1 + CR2), ==, 0);
    qtest_clock_step(qts, 100000);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR), ==, 0);
    qtest_quit(qts);
}

static void test_conversion_time_and_value(void)
{
    QTestState *qts = start();

    set_prop(qts, "pa1", 1500);
    qtest_writel(qts, ADC1 + SQR3, 1);
    qtest_writel(qts, ADC1 + CR2, CR2_ADON);
    qtest_writel(qts, ADC1 + CR2, CR2_ADON | CR2_SWSTART);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR), ==, SR_STRT);
    qtest_clock_step(qts, CONV_NS - 1);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR), ==, SR_STRT);
    qtest_clock_step(qts, 1);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR), ==, SR_STRT | SR_EOC);
    /* 1.5 V of VREF+ = 3.0 V: half scale. Reading DR clears EOC. */
    g_assert_cmpuint(qtest_readl(qts, ADC1 + DR), ==, 2048);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR), ==, SR_STRT);
    /* STRT is rc_w0 */
    qtest_writel(qts, ADC1 + SR, (uint32_t)~SR_STRT);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR), ==, 0);

    /* Sample time 480 cycles, ADCPRE /8: (480 + 12) * 8 PCLK2 cycles */
    qtest_writel(qts, ADC1 + SMPR2, 7 << 3);
    qtest_writel(qts, ADC_CCR, 3 << 16);
    qtest_writel(qts, ADC1 + CR2, CR2_ADON | CR2_SWSTART);
    qtest_clock_step(qts, 492 * 8 * 1000 / 16 - 1);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR) & SR_EOC, ==, 0);
    qtest_clock_step(qts, 1);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR) & SR_EOC, ==, SR_EOC);
    qtest_writel(qts, ADC1 + SMPR2, 0);
    qtest_writel(qts, ADC_CCR, 0);

    /* 8 bits, right and left aligned */
    qtest_writel(qts, ADC1 + CR1, CR1_RES_8);
    g_assert_cmpuint(convert(qts, 1), ==, 128);
    qtest_writel(qts, ADC1 + CR2, CR2_ADON | CR2_ALIGN);
    qtest_writel(qts, ADC1 + CR2, CR2_ADON | CR2_ALIGN | CR2_SWSTART);
    qtest_clock_step(qts, 100000);
    g_assert_cmphex(qtest_readl(qts, ADC1 + DR), ==, 128 << 8);
    qtest_writel(qts, ADC1 + CR1, 0);
    qtest_writel(qts, ADC1 + CR2, CR2_ADON);

    /* Full scale and the host changing the input at run time */
    set_prop(qts, "pa1", 3000);
    g_assert_cmpuint(convert(qts, 1), ==, 4095);
    set_prop(qts, "pc5", 750);
    g_assert_cmpuint(convert(qts, 15), ==, 1024);

    /* ADC3 channel 4 is PF6, not PA4 */
    set_prop(qts, "pf6", 1500);
    qtest_writel(qts, RCC_APB2ENR, APB2ENR_ADC1EN | BIT(10));
    qtest_writel(qts, ADC3 + SQR3, 4);
    qtest_writel(qts, ADC3 + CR2, CR2_ADON);
    qtest_writel(qts, ADC3 + CR2, CR2_ADON | CR2_SWSTART);
    qtest_clock_step(qts, CONV_NS);
    g_assert_cmpuint(qtest_readl(qts, ADC3 + DR), ==, 2048);
    g_assert_cmpuint(convert(qts, 4), ==, 0);
    qtest_quit(qts);
}

static void test_internal_channels(void)
{
    QTestState *qts = start();

    qtest_writel(qts, ADC1 + CR2, CR2_ADON);
    /* Sensors off: not connected, reads 0 */
    g_assert_cmpuint(convert(qts, 16), ==, 0);
    g_assert_cmpuint(convert(qts, 17), ==, 0);
    g_assert_cmpuint(convert(qts, 18), ==, 0);

    qtest_writel(qts, ADC_CCR, CCR_TSVREFE | CCR_VBATE);
    /* 25 C: V25 = 0.76 V -> 0.76 * 4096 / 3.0 */
    g_assert_cmpuint(convert(qts, 16), ==, 1038);
    /* 85 C: 0.76 + 60 * 2.5 mV = 0.91 V */
    set_prop(qts, "temperature", 85);
    g_assert_cmpuint(convert(qts, 16), ==, 1242);
    /* VREFINT 1.21 V */
    g_assert_cmpuint(convert(qts, 17), ==, 1652);
    /* VBAT / 2: 3.0 V default, then 3.3 V */
    g_assert_cmpuint(convert(qts, 18), ==, 2048);
    set_prop(qts, "vbat", 3300);
    g_assert_cmpuint(convert(qts, 18), ==, 2253);
    /* Bad values are refused */
    qobject_unref(qtest_qmp_assert_failure_ref(qts, "{ 'execute': 'qom-set', 'arguments': "
                  "{ 'path': %s, 'property': 'temperature', 'value': 500 } }", ADC_PATH));
    qtest_quit(qts);
}

static void test_output_pin(void)
{
    QTestState *qts = start();

    /* PA2 as a push-pull output, high: its digital level x VDDA */
    set_prop(qts, "pa2", 1000);
    qtest_writel(qts, ADC1 + CR2, CR2_ADON);
    g_assert_cmpuint(convert(qts, 2), ==, 1365);
    qtest_writel(qts, RCC_AHB1ENR, BIT(0));
    qtest_writel(qts, 0x40020000, qtest_readl(qts, 0x40020000) | (1 << 4));
    qtest_writel(qts, 0x40020014, BIT(2));
    g_assert_cmpuint(convert(qts, 2), ==, 4095);
    qtest_writel(qts, 0x40020014, 0);
    g_assert_cmpuint(convert(qts, 2), ==, 0);
    qtest_quit(qts);
}

static void test_irq_and_overrun(void)
{
    QTestState *qts = start();

    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    qtest_writel(qts, ADC1 + CR1, CR1_EOCIE);
    qtest_writel(qts, ADC1 + CR2, CR2_ADON);
    qtest_writel(qts, ADC1 + CR2, CR2_ADON | CR2_SWSTART);
    g_assert_false(qtest_get_irq(qts, ADC_IRQ));
    qtest_clock_step(qts, CONV_NS);
    g_assert_true(qtest_get_irq(qts, ADC_IRQ));
    qtest_readl(qts, ADC1 + DR);
    g_assert_false(qtest_get_irq(qts, ADC_IRQ));

    /* ADC2's flags show in CSR at bit 8, on the same IRQ line */
    qtest_writel(qts, ADC2 + CR1, CR1_EOCIE);
    qtest_writel(qts, ADC2 + CR2, CR2_ADON);
    qtest_writel(qts, ADC2 + CR2, CR2_ADON | CR2_SWSTART);
    qtest_clock_step(qts, CONV_NS);
    g_assert_cmphex(qtest_readl(qts, ADC_CSR), ==, (SR_STRT | SR_EOC) << 8 | SR_STRT);
    g_assert_true(qtest_get_irq(qts, ADC_IRQ));
    qtest_writel(qts, ADC2 + SR, 0);
    g_assert_false(qtest_get_irq(qts, ADC_IRQ));

    /* Continuous mode, EOC after each conversion, nobody reads DR: overrun */
    qtest_writel(qts, ADC1 + CR1, CR1_OVRIE);
    qtest_writel(qts, ADC1 + CR2, CR2_ADON | CR2_CONT | CR2_EOCS);
    qtest_writel(qts, ADC1 + CR2, CR2_ADON | CR2_CONT | CR2_EOCS | CR2_SWSTART);
    qtest_clock_step(qts, CONV_NS);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR) & (SR_EOC | SR_OVR), ==, SR_EOC);
    g_assert_false(qtest_get_irq(qts, ADC_IRQ));
    qtest_clock_step(qts, CONV_NS);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR) & (SR_EOC | SR_OVR), ==, SR_EOC | SR_OVR);
    g_assert_true(qtest_get_irq(qts, ADC_IRQ));
    /* The conversions stopped */
    qtest_readl(qts, ADC1 + DR);
    qtest_clock_step(qts, 10 * CONV_NS);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR) & SR_EOC, ==, 0);
    qtest_writel(qts, ADC1 + SR, (uint32_t)~SR_OVR);
    g_assert_false(qtest_get_irq(qts, ADC_IRQ));
    qtest_quit(qts);
}

static void test_scan_injected_watchdog(void)
{
    QTestState *qts = start();

    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    set_prop(qts, "pa0", 750);
    set_prop(qts, "pa3", 2250);
    qtest_writel(qts, ADC_CCR, CCR_TSVREFE);
    /* Scan of 3 channels: 0, 3, 17, EOC at the end of the sequence */
    qtest_writel(qts, ADC1 + CR1, CR1_SCAN);
    qtest_writel(qts, ADC1 + SQR1, 2 << 20);
    qtest_writel(qts, ADC1 + SQR3, 0 | 3 << 5 | 17 << 10);
    qtest_writel(qts, ADC1 + CR2, CR2_ADON);
    qtest_writel(qts, ADC1 + CR2, CR2_ADON | CR2_SWSTART);
    qtest_clock_step(qts, 2 * CONV_NS);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR) & SR_EOC, ==, 0);
    qtest_clock_step(qts, CONV_NS);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR) & SR_EOC, ==, SR_EOC);
    g_assert_cmpuint(qtest_readl(qts, ADC1 + DR), ==, 1652);

    /* Injected: one channel (JSQ4 = 3) with an offset */
    qtest_writel(qts, ADC1 + CR1, 0);
    qtest_writel(qts, ADC1 + JSQR, 3 << 15);
    qtest_writel(qts, ADC1 + JOFR1, 100);
    qtest_writel(qts, ADC1 + CR2, CR2_ADON | CR2_JSWSTART);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR) & SR_JSTRT, ==, SR_JSTRT);
    qtest_clock_step(qts, CONV_NS);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR) & SR_JEOC, ==, SR_JEOC);
    g_assert_cmpuint(qtest_readl(qts, ADC1 + JDR1), ==, 3072 - 100);
    /* Below the offset: a negative, sign-extended 16-bit value */
    qtest_writel(qts, ADC1 + JOFR1, 4000);
    qtest_writel(qts, ADC1 + CR2, CR2_ADON | CR2_JSWSTART);
    qtest_clock_step(qts, CONV_NS);
    g_assert_cmphex(qtest_readl(qts, ADC1 + JDR1), ==, (uint16_t)(3072 - 4000));

    /* Analog watchdog on channel 0, window 1000..2000: 1024 is inside, 3072 not */
    qtest_writel(qts, ADC1 + SR, 0);
    qtest_writel(qts, ADC1 + HTR, 2000);
    qtest_writel(qts, ADC1 + LTR, 1000);
    qtest_writel(qts, ADC1 + CR1, CR1_AWDEN | CR1_AWDIE);
    convert(qts, 0);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR) & SR_AWD, ==, 0);
    g_assert_false(qtest_get_irq(qts, ADC_IRQ));
    convert(qts, 3);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR) & SR_AWD, ==, SR_AWD);
    g_assert_true(qtest_get_irq(qts, ADC_IRQ));
    qtest_quit(qts);
}

static void test_timer_trigger(void)
{
    QTestState *qts = start();

    /* TIM2: TRGO on update (MMS = 010), 1000 counts of 16 MHz */
    qtest_writel(qts, RCC_APB1ENR, BIT(0));
    qtest_writel(qts, 0x40000004, 2 << 4);
    qtest_writel(qts, 0x4000002C, 999);
    /* ADC1: regular trigger TIM2_TRGO (EXTSEL 6), rising edge */
    qtest_writel(qts, ADC1 + CR2, CR2_ADON | CR2_EXTSEL(6) | CR2_EXTEN_RISING);
    qtest_clock_step(qts, 1000000);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR), ==, 0);
    qtest_writel(qts, 0x40000000, BIT(0));
    qtest_clock_step(qts, 62500 - 1);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR), ==, 0);
    qtest_clock_step(qts, 1);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR), ==, SR_STRT);
    qtest_clock_step(qts, CONV_NS);
    g_assert_cmphex(qtest_readl(qts, ADC1 + SR), ==, SR_STRT | SR_EOC);
    qtest_quit(qts);
}

static void test_migration(void)
{
    QTestState *src = start(), *dst;
    int64_t end;

    set_prop(src, "pa1", 2250);
    qtest_writel(src, ADC1 + SMPR2, 7 << 3);
    qtest_writel(src, ADC1 + SQR3, 1);
    qtest_writel(src, ADC1 + CR2, CR2_ADON | CR2_SWSTART);
    /* The conversion ends at this virtual time (an absolute timer deadline) */
    end = qtest_clock_step(src, 10000) - 10000 + 492 * ADCCLK_NS;
    dst = stm32f4_migrate(src);
    g_assert_cmphex(qtest_readl(dst, ADC1 + SR), ==, SR_STRT);
    /* qtest's clock is not migrated: the new machine's starts again from 0 */
    qtest_clock_step(dst, end - 1 - qtest_clock_step(dst, 1));
    g_assert_cmphex(qtest_readl(dst, ADC1 + SR), ==, SR_STRT);
    qtest_clock_step(dst, 1);
    g_assert_cmphex(qtest_readl(dst, ADC1 + SR), ==, SR_STRT | SR_EOC);
    g_assert_cmpuint(qtest_readl(dst, ADC1 + DR), ==, 3072);
    qtest_quit(src);
    qtest_quit(dst);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("stm32f4xx-adc/registers", test_registers);
    qtest_add_func("stm32f4xx-adc/conversion", test_conversion_time_and_value);
    qtest_add_func("stm32f4xx-adc/internal-channels", test_internal_channels);
    qtest_add_func("stm32f4xx-adc/output-pin", test_output_pin);
    qtest_add_func("stm32f4xx-adc/irq-overrun", test_irq_and_overrun);
    qtest_add_func("stm32f4xx-adc/scan-injected-watchdog", test_scan_injected_watchdog);
    qtest_add_func("stm32f4xx-adc/timer-trigger", test_timer_trigger);
    qtest_add_func("stm32f4xx-adc/migration", test_migration);
    return g_test_run();
}
