/*
 * QTest testcase for the STM32F405/407 RTC (stm32f4xx-rtc) on the
 * stm32f4-discovery machine: calendar from virtual time, write protection,
 * initialization mode, shadow registers, alarms and wakeup through EXTI,
 * backup registers, backup domain resets, migration.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "stm32f4-migration.h"
#include "hw/registerfields.h"

#define RCC_APB1ENR     0x40023840
#define PWREN           BIT(28)
#define RCC_BDCR        0x40023870
#define BDCR_LSEON      BIT(0)
#define BDCR_RTCSEL_LSE (1 << 8)
#define BDCR_RTCSEL_LSI (2 << 8)
#define BDCR_RTCSEL_HSE (3 << 8)
#define RCC_CR          0x40023800
#define CR_HSEON        BIT(16)
#define RCC_CFGR        0x40023808
#define RCC_CSR         0x40023874
#define CSR_LSION       BIT(0)
#define BDCR_RTCEN      BIT(15)
#define BDCR_BDRST      BIT(16)
#define PWR_CR          0x40007000
#define PWR_DBP         BIT(8)

#define EXTI            0x40013C00
#define EXTI_IMR        (EXTI + 0x00)
#define EXTI_RTSR       (EXTI + 0x08)
#define EXTI_PR         (EXTI + 0x14)
#define EXTI_ALARM      17
#define EXTI_WKUP       22
#define NVIC_ALARM      41
#define NVIC_WKUP       3

#define RTC             0x40002800
REG32(TR, 0x00)
REG32(DR, 0x04)
REG32(CR, 0x08)
    FIELD(CR, WUCKSEL, 0, 3)
    FIELD(CR, BYPSHAD, 5, 1)
    FIELD(CR, FMT, 6, 1)
    FIELD(CR, ALRAE, 8, 1)
    FIELD(CR, ALRBE, 9, 1)
    FIELD(CR, WUTE, 10, 1)
    FIELD(CR, ALRAIE, 12, 1)
    FIELD(CR, WUTIE, 14, 1)
    FIELD(CR, ADD1H, 16, 1)
REG32(ISR, 0x0C)
    FIELD(ISR, ALRAWF, 0, 1)
    FIELD(ISR, WUTWF, 2, 1)
    FIELD(ISR, INITS, 4, 1)
    FIELD(ISR, RSF, 5, 1)
    FIELD(ISR, INITF, 6, 1)
    FIELD(ISR, INIT, 7, 1)
    FIELD(ISR, ALRAF, 8, 1)
    FIELD(ISR, ALRBF, 9, 1)
    FIELD(ISR, WUTF, 10, 1)
REG32(PRER, 0x10)
REG32(WUTR, 0x14)
REG32(ALRMAR, 0x1C)
REG32(ALRMBR, 0x20)
REG32(WPR, 0x24)
REG32(SSR, 0x28)
REG32(ALRMASSR, 0x44)
REG32(BKP0R, 0x50)

#define MSK1            BIT(7)
#define MSK2            BIT(15)
#define MSK3            BIT(23)
#define MSK4            BIT(31)
#define WDSEL           BIT(30)

#define MS              1000000LL
#define SEC             1000000000LL
/* One RTCCLK cycle of the 32768 Hz LSE, rounded up. */
#define LSE_CYCLE       30518
#define LSI_CYCLE       31250
#define HSE_RTC_CYCLE   1000            /* HSE 8 MHz / RTCPRE 8 */

#define TR(h, m, s)     ((0x##h << 16) | (0x##m << 8) | 0x##s)
#define DR(y, wd, mo, d) ((0x##y << 16) | ((wd) << 13) | (0x##mo << 8) | 0x##d)

static uint32_t rtc_rd(QTestState *qts, uint32_t reg)
{
    return qtest_readl(qts, RTC + reg);
}

static void rtc_wr(QTestState *qts, uint32_t reg, uint32_t value)
{
    qtest_writel(qts, RTC + reg, value);
}

static void set_dbp(QTestState *qts, bool on)
{
    uint32_t cr = qtest_readl(qts, PWR_CR);

    qtest_writel(qts, PWR_CR, on ? cr | PWR_DBP : cr & ~PWR_DBP);
}

static void unlock(QTestState *qts)
{
    rtc_wr(qts, A_WPR, 0xCA);
    rtc_wr(qts, A_WPR, 0x53);
}

/* PWR clock, DBP, LSE as RTCCLK, write protection off: what firmware does. */
static void rtc_start(QTestState *qts)
{
    qtest_writel(qts, RCC_APB1ENR, qtest_readl(qts, RCC_APB1ENR) | PWREN);
    set_dbp(qts, true);
    qtest_writel(qts, RCC_BDCR, BDCR_LSEON);
    qtest_writel(qts, RCC_BDCR, BDCR_LSEON | BDCR_RTCSEL_LSE | BDCR_RTCEN);
    unlock(qts);
}

static QTestState *start_rtc(const char *base)
{
    QTestState *qts = qtest_initf("-M stm32f4-discovery -rtc base=%s,clock=vm", base);

    rtc_start(qts);
    return qts;
}

/* INIT, then INITF after the next two RTCCLK edges (@cycle_ns apart). */
static void enter_init_at(QTestState *qts, int64_t cycle_ns)
{
    rtc_wr(qts, A_ISR, R_ISR_INIT_MASK);
    g_assert_false(rtc_rd(qts, A_ISR) & R_ISR_INITF_MASK);
    qtest_clock_step(qts, 2 * cycle_ns);
    g_assert_true(rtc_rd(qts, A_ISR) & R_ISR_INITF_MASK);
}

static void enter_init(QTestState *qts)
{
    enter_init_at(qts, LSE_CYCLE);
}

static void set_calendar(QTestState *qts, uint32_t tr, uint32_t dr)
{
    enter_init(qts);
    rtc_wr(qts, A_TR, tr);
    rtc_wr(qts, A_DR, dr);
    rtc_wr(qts, A_ISR, 0);
    g_assert_false(rtc_rd(qts, A_ISR) & (R_ISR_INIT_MASK | R_ISR_INITF_MASK));
}

/* TR then DR, as HAL_RTC_GetTime/GetDate do. */
static void assert_time(QTestState *qts, uint32_t tr, uint32_t dr)
{
    g_assert_cmphex(rtc_rd(qts, A_TR), ==, tr);
    g_assert_cmphex(rtc_rd(qts, A_DR), ==, dr);
}

/* rc_w0 flag clear that keeps INIT at 0, as HAL's __HAL_RTC_xxx_CLEAR_FLAG */
static void clear_flag(QTestState *qts, uint32_t flag)
{
    rtc_wr(qts, A_ISR, ~(flag | R_ISR_INIT_MASK) & 0xFFFF);
}

static void enable_exti(QTestState *qts, int line)
{
    qtest_writel(qts, EXTI_IMR, qtest_readl(qts, EXTI_IMR) | BIT(line));
    qtest_writel(qts, EXTI_RTSR, qtest_readl(qts, EXTI_RTSR) | BIT(line));
}

/* At QEMU start the calendar holds -rtc base; it runs once RTCCLK does. */
static void test_seed_and_leap_day(void)
{
    QTestState *qts = qtest_init("-M stm32f4-discovery "
                                 "-rtc base=2024-02-28T23:59:58,clock=vm");

    /* Wednesday 2024-02-28 23:59:58, INITS set (year != 0), clock not running */
    assert_time(qts, TR(23, 59, 58), DR(24, 3, 02, 28));
    g_assert_cmphex(rtc_rd(qts, A_ISR), ==, 0x17);
    qtest_clock_step(qts, 5 * SEC);
    assert_time(qts, TR(23, 59, 58), DR(24, 3, 02, 28));

    rtc_start(qts);
    qtest_clock_step(qts, 2 * SEC);
    assert_time(qts, TR(00, 00, 00), DR(24, 4, 02, 29));
    g_assert_true(rtc_rd(qts, A_ISR) & R_ISR_RSF_MASK);
    qtest_clock_step(qts, 86400 * SEC);
    assert_time(qts, TR(00, 00, 00), DR(24, 5, 03, 01));
    qtest_quit(qts);
}

/* RM0090 reset values, after a backup domain reset. */
static void test_bdrst_reset_values(void)
{
    QTestState *qts = start_rtc("2030-06-15T10:20:30");

    rtc_wr(qts, A_BKP0R + 19 * 4, 0x12345678);
    rtc_wr(qts, A_WUTR, 0x42);
    qtest_writel(qts, RCC_BDCR, BDCR_BDRST);
    /* Held in reset: writes ignored. */
    rtc_wr(qts, A_BKP0R, 1);
    g_assert_cmphex(rtc_rd(qts, A_BKP0R), ==, 0);
    qtest_writel(qts, RCC_BDCR, 0);
    g_assert_cmphex(qtest_readl(qts, RCC_BDCR), ==, 0);

    assert_time(qts, 0, 0x2101);
    g_assert_cmphex(rtc_rd(qts, A_CR), ==, 0);
    g_assert_cmphex(rtc_rd(qts, A_ISR), ==, 0x7);
    g_assert_cmphex(rtc_rd(qts, A_PRER), ==, 0x007F00FF);
    g_assert_cmphex(rtc_rd(qts, A_WUTR), ==, 0xFFFF);
    g_assert_cmphex(rtc_rd(qts, A_ALRMAR), ==, 0);
    /* Deviation: SSR reads PREDIV_S, not 0, until the calendar first ticks. */
    g_assert_cmphex(rtc_rd(qts, A_SSR), ==, 0xFF);
    for (int i = 0; i < 20; i++) {
        g_assert_cmphex(rtc_rd(qts, A_BKP0R + 4 * i), ==, 0);
    }
    /* Write-protected again after the reset. */
    rtc_wr(qts, A_WUTR, 0x42);
    g_assert_cmphex(rtc_rd(qts, A_WUTR), ==, 0xFFFF);
    qtest_quit(qts);
}

static void test_write_protection(void)
{
    QTestState *qts = start_rtc("2024-01-01");

    rtc_wr(qts, A_WUTR, 0x1234);
    g_assert_cmphex(rtc_rd(qts, A_WUTR), ==, 0x1234);
    /* Any other value locks again. */
    rtc_wr(qts, A_WPR, 0xFF);
    rtc_wr(qts, A_WUTR, 0x5678);
    g_assert_cmphex(rtc_rd(qts, A_WUTR), ==, 0x1234);
    rtc_wr(qts, A_ISR, R_ISR_INIT_MASK);
    g_assert_false(rtc_rd(qts, A_ISR) & R_ISR_INIT_MASK);
    /* The keys must come back to back. */
    rtc_wr(qts, A_WPR, 0xCA);
    rtc_wr(qts, A_WPR, 0x00);
    rtc_wr(qts, A_WPR, 0x53);
    rtc_wr(qts, A_WUTR, 0x5678);
    g_assert_cmphex(rtc_rd(qts, A_WUTR), ==, 0x1234);
    unlock(qts);
    rtc_wr(qts, A_WUTR, 0x5678);
    g_assert_cmphex(rtc_rd(qts, A_WUTR), ==, 0x5678);
    /* Backup registers need no key. */
    rtc_wr(qts, A_WPR, 0);
    rtc_wr(qts, A_BKP0R, 0xCAFE);
    g_assert_cmphex(rtc_rd(qts, A_BKP0R), ==, 0xCAFE);
    qtest_quit(qts);
}

/* Time and date set in INIT mode; rollovers over a second, day, month, year. */
static void test_init_and_rollover(void)
{
    QTestState *qts = start_rtc("2024-06-01");

    /* TR/DR only in INIT mode */
    rtc_wr(qts, A_TR, TR(01, 02, 03));
    g_assert_cmphex(rtc_rd(qts, A_TR), ==, TR(00, 00, 00));

    /* Sunday 2023-12-31 23:59:59 */
    set_calendar(qts, TR(23, 59, 59), DR(23, 7, 12, 31));
    g_assert_false(rtc_rd(qts, A_ISR) & R_ISR_RSF_MASK);
    qtest_clock_step(qts, 2 * LSE_CYCLE);
    g_assert_true(rtc_rd(qts, A_ISR) & R_ISR_RSF_MASK);
    assert_time(qts, TR(23, 59, 59), DR(23, 7, 12, 31));
    qtest_clock_step(qts, 999 * MS);
    assert_time(qts, TR(23, 59, 59), DR(23, 7, 12, 31));
    qtest_clock_step(qts, 1 * MS);
    /* Monday 2024-01-01 */
    assert_time(qts, TR(00, 00, 00), DR(24, 1, 01, 01));
    qtest_clock_step(qts, 3661 * SEC);
    assert_time(qts, TR(01, 01, 01), DR(24, 1, 01, 01));

    /* The calendar stops in INIT mode. */
    enter_init(qts);
    qtest_clock_step(qts, 10 * SEC);
    assert_time(qts, TR(01, 01, 01), DR(24, 1, 01, 01));
    /* 12-hour format: 11:59:59 PM on Thursday 2099-12-31 -> 12 AM 2000-01-01 */
    rtc_wr(qts, A_CR, R_CR_FMT_MASK);
    rtc_wr(qts, A_TR, BIT(22) | TR(11, 59, 59));
    rtc_wr(qts, A_DR, DR(99, 4, 12, 31));
    rtc_wr(qts, A_ISR, 0);
    qtest_clock_step(qts, 1 * SEC);
    assert_time(qts, TR(12, 00, 00), DR(00, 5, 01, 01));
    g_assert_false(rtc_rd(qts, A_ISR) & R_ISR_INITS_MASK);
    qtest_clock_step(qts, 13 * 3600 * SEC);
    assert_time(qts, BIT(22) | TR(01, 00, 00), DR(00, 5, 01, 01));
    /* ADD1H: summer time */
    rtc_wr(qts, A_CR, R_CR_FMT_MASK | R_CR_ADD1H_MASK);
    assert_time(qts, BIT(22) | TR(02, 00, 00), DR(00, 5, 01, 01));
    g_assert_cmphex(rtc_rd(qts, A_CR), ==, R_CR_FMT_MASK);
    qtest_quit(qts);
}

/* SSR counts down PREDIV_S..0 at ck_apre; shadow registers lock until DR. */
static void test_subseconds_and_shadow(void)
{
    QTestState *qts = start_rtc("2024-06-01");

    set_calendar(qts, TR(10, 00, 00), DR(24, 6, 06, 01));
    g_assert_cmpuint(rtc_rd(qts, A_SSR), ==, 255);
    g_assert_cmphex(rtc_rd(qts, A_DR), ==, DR(24, 6, 06, 01));
    qtest_clock_step(qts, 500 * MS);
    g_assert_cmpuint(rtc_rd(qts, A_SSR), ==, 127);
    qtest_clock_step(qts, 600 * MS);
    /* SSR locked TR and DR at 10:00:00.5 */
    g_assert_cmphex(rtc_rd(qts, A_TR), ==, TR(10, 00, 00));
    g_assert_cmphex(rtc_rd(qts, A_DR), ==, DR(24, 6, 06, 01));
    g_assert_cmphex(rtc_rd(qts, A_TR), ==, TR(10, 00, 01));
    g_assert_cmphex(rtc_rd(qts, A_DR), ==, DR(24, 6, 06, 01));
    /* Bypassing the shadows reads the counters directly. */
    rtc_wr(qts, A_CR, R_CR_BYPSHAD_MASK);
    g_assert_false(rtc_rd(qts, A_ISR) & R_ISR_RSF_MASK);
    g_assert_cmpuint(rtc_rd(qts, A_SSR), ==, 255 - 25);
    qtest_clock_step(qts, SEC);
    g_assert_cmphex(rtc_rd(qts, A_TR), ==, TR(10, 00, 02));

    /* Prescalers 0x7F/0xFF give 1 Hz from 32768 Hz; 0x3F/0x1FF does too. */
    rtc_wr(qts, A_CR, 0);
    enter_init(qts);
    rtc_wr(qts, A_PRER, (0x3F << 16) | 0x1FF);
    rtc_wr(qts, A_TR, TR(10, 00, 00));
    rtc_wr(qts, A_ISR, 0);
    g_assert_cmpuint(rtc_rd(qts, A_SSR), ==, 0x1FF);
    rtc_rd(qts, A_DR);
    qtest_clock_step(qts, 250 * MS);
    g_assert_cmpuint(rtc_rd(qts, A_SSR), ==, 0x1FF - 128);
    rtc_rd(qts, A_DR);
    /* PRER is only writable in INIT mode. */
    rtc_wr(qts, A_PRER, 0);
    g_assert_cmphex(rtc_rd(qts, A_PRER), ==, (0x3F << 16) | 0x1FF);
    qtest_quit(qts);
}

/* Alarm A with masks: IRQ through EXTI 17 at the matching second. */
static void test_alarm(void)
{
    QTestState *qts = start_rtc("2024-06-01");

    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    enable_exti(qts, EXTI_ALARM);
    set_calendar(qts, TR(12, 00, 00), DR(24, 6, 06, 01));

    /* Every day at 12:00:05; date masked */
    rtc_wr(qts, A_ALRMAR, MSK4 | TR(12, 00, 05));
    g_assert_cmphex(rtc_rd(qts, A_ALRMAR), ==, MSK4 | TR(12, 00, 05));
    rtc_wr(qts, A_CR, R_CR_ALRAE_MASK | R_CR_ALRAIE_MASK);
    g_assert_false(rtc_rd(qts, A_ISR) & R_ISR_ALRAWF_MASK);
    /* ALRMAR cannot change while the alarm is on */
    rtc_wr(qts, A_ALRMAR, 0);
    g_assert_cmphex(rtc_rd(qts, A_ALRMAR), ==, MSK4 | TR(12, 00, 05));

    qtest_clock_step(qts, 4999 * MS);
    g_assert_false(qtest_get_irq(qts, NVIC_ALARM));
    g_assert_false(rtc_rd(qts, A_ISR) & R_ISR_ALRAF_MASK);
    qtest_clock_step(qts, 1 * MS);
    g_assert_true(qtest_get_irq(qts, NVIC_ALARM));
    g_assert_true(rtc_rd(qts, A_ISR) & R_ISR_ALRAF_MASK);
    assert_time(qts, TR(12, 00, 05), DR(24, 6, 06, 01));

    /* rc_w0, then the EXTI pending bit */
    clear_flag(qts, R_ISR_ALRAF_MASK);
    g_assert_false(rtc_rd(qts, A_ISR) & R_ISR_ALRAF_MASK);
    qtest_writel(qts, EXTI_PR, BIT(EXTI_ALARM));
    g_assert_false(qtest_get_irq(qts, NVIC_ALARM));

    /* Next match a day later */
    qtest_clock_step(qts, (86400 - 1) * SEC);
    g_assert_false(qtest_get_irq(qts, NVIC_ALARM));
    qtest_clock_step(qts, 1 * SEC);
    g_assert_true(qtest_get_irq(qts, NVIC_ALARM));
    assert_time(qts, TR(12, 00, 05), DR(24, 7, 06, 02));
    clear_flag(qts, R_ISR_ALRAF_MASK);
    qtest_writel(qts, EXTI_PR, BIT(EXTI_ALARM));

    /* Weekday alarm: Tuesday (2) at any hour, minute 30, second 00 */
    rtc_wr(qts, A_CR, 0);
    g_assert_true(rtc_rd(qts, A_ISR) & R_ISR_ALRAWF_MASK);
    rtc_wr(qts, A_ALRMAR, WDSEL | (2 << 24) | MSK3 | TR(00, 30, 00));
    rtc_wr(qts, A_CR, R_CR_ALRAE_MASK | R_CR_ALRAIE_MASK);
    /* Sunday 12:00:05 -> Tuesday 00:30:00 */
    qtest_clock_step(qts, ((12 * 3600 - 5) + 86400 + 1800 - 1) * SEC);
    g_assert_false(qtest_get_irq(qts, NVIC_ALARM));
    qtest_clock_step(qts, 1 * SEC);
    g_assert_true(qtest_get_irq(qts, NVIC_ALARM));
    assert_time(qts, TR(00, 30, 00), DR(24, 2, 06, 04));
    qtest_quit(qts);
}

/* Alarm B every second, polled (no interrupt, no timer); sub-second match. */
static void test_alarm_polled_and_subseconds(void)
{
    QTestState *qts = start_rtc("2024-06-01");

    set_calendar(qts, TR(08, 00, 00), DR(24, 6, 06, 01));
    rtc_wr(qts, A_ALRMBR, MSK4 | MSK3 | MSK2 | MSK1);
    rtc_wr(qts, A_CR, R_CR_ALRBE_MASK);
    qtest_clock_step(qts, 999 * MS);
    g_assert_false(rtc_rd(qts, A_ISR) & R_ISR_ALRBF_MASK);
    qtest_clock_step(qts, 1 * MS);
    g_assert_true(rtc_rd(qts, A_ISR) & R_ISR_ALRBF_MASK);
    clear_flag(qts, R_ISR_ALRBF_MASK);
    g_assert_false(rtc_rd(qts, A_ISR) & R_ISR_ALRBF_MASK);
    qtest_clock_step(qts, 1 * SEC);
    g_assert_true(rtc_rd(qts, A_ISR) & R_ISR_ALRBF_MASK);

    /* Alarm A: every second when SSR = 63 (MASKSS=15: all 15 bits compared) */
    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    enable_exti(qts, EXTI_ALARM);
    rtc_wr(qts, A_CR, 0);
    rtc_wr(qts, A_ALRMAR, MSK4 | MSK3 | MSK2 | MSK1);
    rtc_wr(qts, A_ALRMASSR, (15 << 24) | 63);
    rtc_wr(qts, A_CR, R_CR_ALRAE_MASK | R_CR_ALRAIE_MASK);
    /* At a second boundary: SSR 255 -> 63 after 192 ticks of 1/256 s */
    qtest_clock_step(qts, 192 * SEC / 256 - 1);
    g_assert_false(qtest_get_irq(qts, NVIC_ALARM));
    qtest_clock_step(qts, 1);
    g_assert_true(qtest_get_irq(qts, NVIC_ALARM));
    g_assert_cmpuint(rtc_rd(qts, A_SSR), ==, 63);
    rtc_rd(qts, A_DR);
    qtest_quit(qts);
}

/* Wakeup timer: ck_spre and RTCCLK/16, IRQ through EXTI 22. */
static void test_wakeup(void)
{
    QTestState *qts = start_rtc("2024-06-01");

    qtest_irq_intercept_in(qts, "/machine/soc/armv7m");
    enable_exti(qts, EXTI_WKUP);
    set_calendar(qts, TR(08, 00, 00), DR(24, 6, 06, 01));

    /* ck_spre (1 Hz), WUT=2: every 3 s */
    rtc_wr(qts, A_WUTR, 2);
    rtc_wr(qts, A_CR, (4 << R_CR_WUCKSEL_SHIFT) | R_CR_WUTE_MASK | R_CR_WUTIE_MASK);
    g_assert_false(rtc_rd(qts, A_ISR) & R_ISR_WUTWF_MASK);
    rtc_wr(qts, A_WUTR, 7);
    g_assert_cmphex(rtc_rd(qts, A_WUTR), ==, 2);
    for (int i = 0; i < 2; i++) {
        qtest_clock_step(qts, 2999 * MS);
        g_assert_false(qtest_get_irq(qts, NVIC_WKUP));
        qtest_clock_step(qts, 1 * MS);
        g_assert_true(qtest_get_irq(qts, NVIC_WKUP));
        g_assert_true(rtc_rd(qts, A_ISR) & R_ISR_WUTF_MASK);
        clear_flag(qts, R_ISR_WUTF_MASK);
        qtest_writel(qts, EXTI_PR, BIT(EXTI_WKUP));
        g_assert_false(qtest_get_irq(qts, NVIC_WKUP));
    }

    /* RTCCLK/16 with WUT=2047: (2047 + 1) * 16 / 32768 Hz = 1 s */
    rtc_wr(qts, A_CR, 0);
    g_assert_true(rtc_rd(qts, A_ISR) & R_ISR_WUTWF_MASK);
    rtc_wr(qts, A_WUTR, 2047);
    rtc_wr(qts, A_CR, R_CR_WUTE_MASK | R_CR_WUTIE_MASK);
    qtest_clock_step(qts, SEC - LSE_CYCLE);
    g_assert_false(qtest_get_irq(qts, NVIC_WKUP));
    qtest_clock_step(qts, LSE_CYCLE);
    g_assert_true(qtest_get_irq(qts, NVIC_WKUP));
    /* Disabling the interrupt drops the request. */
    rtc_wr(qts, A_CR, R_CR_WUTE_MASK);
    qtest_writel(qts, EXTI_PR, BIT(EXTI_WKUP));
    g_assert_false(qtest_get_irq(qts, NVIC_WKUP));
    qtest_quit(qts);
}

/* The backup domain survives a system reset; BDRST and DBP=0 are honoured. */
static void test_backup_domain(void)
{
    QTestState *qts = start_rtc("2024-06-01");

    for (int i = 0; i < 20; i++) {
        rtc_wr(qts, A_BKP0R + 4 * i, 0x1000 + i);
    }
    set_calendar(qts, TR(08, 00, 00), DR(24, 6, 06, 01));
    qtest_clock_step(qts, 10 * SEC);

    qtest_system_reset(qts);
    /* The calendar kept running; RSF must be awaited again. */
    g_assert_false(rtc_rd(qts, A_ISR) & R_ISR_RSF_MASK);
    qtest_clock_step(qts, 2 * LSE_CYCLE);
    g_assert_true(rtc_rd(qts, A_ISR) & R_ISR_RSF_MASK);
    assert_time(qts, TR(08, 00, 10), DR(24, 6, 06, 01));
    for (int i = 0; i < 20; i++) {
        g_assert_cmphex(rtc_rd(qts, A_BKP0R + 4 * i), ==, 0x1000 + i);
    }

    /* DBP=0 after the reset: writes ignored; WPR locked again too. */
    rtc_wr(qts, A_BKP0R, 0xDEAD);
    g_assert_cmphex(rtc_rd(qts, A_BKP0R), ==, 0x1000);
    qtest_writel(qts, RCC_APB1ENR, PWREN);
    set_dbp(qts, true);
    rtc_wr(qts, A_WUTR, 0x42);
    g_assert_cmphex(rtc_rd(qts, A_WUTR), ==, 0xFFFF);
    rtc_wr(qts, A_BKP0R, 0xBEEF);
    g_assert_cmphex(rtc_rd(qts, A_BKP0R), ==, 0xBEEF);
    set_dbp(qts, false);
    rtc_wr(qts, A_BKP0R, 0xDEAD);
    g_assert_cmphex(rtc_rd(qts, A_BKP0R), ==, 0xBEEF);

    /* BDRST clears the RTC and the backup registers */
    set_dbp(qts, true);
    qtest_writel(qts, RCC_BDCR, BDCR_BDRST);
    qtest_writel(qts, RCC_BDCR, 0);
    assert_time(qts, 0, 0x2101);
    g_assert_cmphex(rtc_rd(qts, A_BKP0R), ==, 0);
    qtest_quit(qts);
}

/* RTCCLK from the LSI and from HSE/RTCPRE; RTCEN gates it. */
static void test_clock_sources(void)
{
    QTestState *qts = start_rtc("2024-06-01");

    /* RTCSEL is write-once: change it through a backup domain reset. */
    qtest_writel(qts, RCC_BDCR, BDCR_BDRST);
    qtest_writel(qts, RCC_BDCR, 0);
    qtest_writel(qts, RCC_CSR, CSR_LSION);
    qtest_writel(qts, RCC_BDCR, BDCR_RTCSEL_LSI | BDCR_RTCEN);
    unlock(qts);
    /* 32 kHz / (124 + 1) / (255 + 1) = 1 Hz */
    enter_init_at(qts, LSI_CYCLE);
    rtc_wr(qts, A_PRER, (124 << 16) | 255);
    rtc_wr(qts, A_TR, TR(06, 00, 00));
    rtc_wr(qts, A_ISR, 0);
    qtest_clock_step(qts, 59 * SEC);
    assert_time(qts, TR(06, 00, 59), DR(00, 1, 01, 01));
    /* RTCEN off: the calendar stops */
    qtest_writel(qts, RCC_BDCR, BDCR_RTCSEL_LSI);
    qtest_clock_step(qts, 10 * SEC);
    assert_time(qts, TR(06, 00, 59), DR(00, 1, 01, 01));
    qtest_writel(qts, RCC_BDCR, BDCR_RTCSEL_LSI | BDCR_RTCEN);
    qtest_clock_step(qts, 1 * SEC);
    assert_time(qts, TR(06, 01, 00), DR(00, 1, 01, 01));
    /* Without the LSI there is no RTCCLK either */
    qtest_writel(qts, RCC_CSR, 0);
    qtest_clock_step(qts, 10 * SEC);
    assert_time(qts, TR(06, 01, 00), DR(00, 1, 01, 01));

    /* HSE (8 MHz) / RTCPRE 8 = 1 MHz; / (124 + 1) / (7999 + 1) = 1 Hz */
    qtest_writel(qts, RCC_BDCR, BDCR_BDRST);
    qtest_writel(qts, RCC_BDCR, 0);
    qtest_writel(qts, RCC_CR, qtest_readl(qts, RCC_CR) | CR_HSEON);
    qtest_writel(qts, RCC_CFGR, 8 << 16);
    qtest_writel(qts, RCC_BDCR, BDCR_RTCSEL_HSE | BDCR_RTCEN);
    unlock(qts);
    enter_init_at(qts, HSE_RTC_CYCLE);
    rtc_wr(qts, A_PRER, (124 << 16) | 7999);
    rtc_wr(qts, A_ISR, 0);
    qtest_clock_step(qts, 1500 * MS);
    g_assert_cmpuint(rtc_rd(qts, A_SSR), ==, 3999);
    assert_time(qts, TR(00, 00, 01), DR(00, 1, 01, 01));
    qtest_quit(qts);
}

/* Calendar and a pending alarm survive a migration. */
static void test_migration(void)
{
    QTestState *src = start_rtc("2024-06-01"), *dst;

    enable_exti(src, EXTI_ALARM);
    set_calendar(src, TR(21, 15, 00), DR(24, 6, 06, 01));
    rtc_wr(src, A_BKP0R + 4, 0xA5A5);
    rtc_wr(src, A_ALRMAR, MSK4 | MSK3 | TR(00, 15, 30));
    rtc_wr(src, A_CR, R_CR_ALRAE_MASK | R_CR_ALRAIE_MASK);
    qtest_clock_step(src, 10 * SEC + 250 * MS);

    dst = stm32f4_migrate(src);
    qtest_irq_intercept_in(dst, "/machine/soc/armv7m");
    g_assert_cmphex(rtc_rd(dst, A_BKP0R + 4), ==, 0xA5A5);
    g_assert_cmpuint(rtc_rd(dst, A_SSR), ==, 255 - 64);
    assert_time(dst, TR(21, 15, 10), DR(24, 6, 06, 01));
    qtest_clock_step(dst, 19750 * MS - 1);
    g_assert_false(qtest_get_irq(dst, NVIC_ALARM));
    qtest_clock_step(dst, 1);
    g_assert_true(qtest_get_irq(dst, NVIC_ALARM));
    assert_time(dst, TR(21, 15, 30), DR(24, 6, 06, 01));
    qtest_quit(dst);
    qtest_quit(src);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("stm32f4/rtc/seed-and-leap-day", test_seed_and_leap_day);
    qtest_add_func("stm32f4/rtc/bdrst-reset-values", test_bdrst_reset_values);
    qtest_add_func("stm32f4/rtc/write-protection", test_write_protection);
    qtest_add_func("stm32f4/rtc/init-and-rollover", test_init_and_rollover);
    qtest_add_func("stm32f4/rtc/subseconds-and-shadow", test_subseconds_and_shadow);
    qtest_add_func("stm32f4/rtc/alarm", test_alarm);
    qtest_add_func("stm32f4/rtc/alarm-polled-and-subseconds",
                   test_alarm_polled_and_subseconds);
    qtest_add_func("stm32f4/rtc/wakeup", test_wakeup);
    qtest_add_func("stm32f4/rtc/backup-domain", test_backup_domain);
    qtest_add_func("stm32f4/rtc/clock-sources", test_clock_sources);
    qtest_add_func("stm32f4/rtc/migration", test_migration);
    return g_test_run();
}
