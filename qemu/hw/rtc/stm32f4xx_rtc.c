/*
 * STM32F405/407 real-time clock and backup registers (RTC)
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The reference used is the STMicroelectronics RM0090 reference manual,
 * section 26 "Real-time clock (RTC)".
 *
 * Modelling choices:
 *
 * - The RTC is in the backup domain: only the first reset (QEMU start) and
 *   RCC_BDCR.BDRST reset it. A system reset keeps the calendar, the alarms,
 *   the wakeup timer and the backup registers; it only clears RSF (the APB
 *   shadow registers must resynchronise) and locks the write protection
 *   again (RM0090 is not explicit about the key state; HAL unlocks anyway).
 * - At QEMU start the calendar holds the -rtc base time (host UTC by
 *   default, see qemu_get_timedate()), as if a battery had kept the RTC
 *   running and set: INITS is 1. It counts only while RTCCLK runs.
 *   After BDRST it holds the RM0090 reset value, Monday 2000-01-01 00:00:00.
 * - The calendar follows QEMU_CLOCK_VIRTUAL through RTCCLK and the
 *   prescalers: it is computed on access from the number of RTCCLK cycles
 *   since a reference point, so it needs no periodic timer and is exact
 *   under -icount. A QEMUTimer is armed only while an alarm or the wakeup
 *   timer has its interrupt enabled, for exactly the next event; without
 *   the interrupt the flags are computed when ISR is read.
 *   -rtc clock=host/rt only change how the start date is taken.
 * - Years are 2000-2099: YY=00 follows 99, every 4th year is a leap year.
 *   Invalid BCD or out-of-range fields written to TR/DR/ALRMxR are logged
 *   and clamped; a date such as February 30 rolls over into March.
 * - RSF and INITF are set two RTCCLK cycles after the event that clears
 *   them or the INIT request: without RTCCLK they never get set.
 * - Alarm and wakeup flags reach EXTI lines 17 and 22 as the levels
 *   (ALRAF & ALRAIE) | (ALRBF & ALRBIE) and WUTF & WUTIE.
 * - Not modelled, logged as LOG_UNIMP: coarse (CALIBR, DCE) and smooth
 *   (CALR) calibration are stored but do not change the rate; SHIFTR;
 *   time stamp (TSE, TSTR/TSDR/TSSSR read 0) and tamper (TAFCR) detection;
 *   the RTC_AF1 output (COE, OSEL); REFCKON. BKP (a plain flag bit) is kept.
 * - The registers are not behind an APB clock enable on the F4: they are
 *   always accessible. Writes need PWR_CR.DBP=1 and, except for
 *   ISR[13:8], TAFCR and the backup registers, the WPR key sequence.
 */

#include "qemu/osdep.h"
#include "qemu/bcd.h"
#include "qemu/cutils.h"
#include "qemu/host-utils.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/timer.h"
#include "qapi/qapi-events-misc.h"
#include "migration/vmstate.h"
#include "system/rtc.h"
#include "hw/irq.h"
#include "hw/qdev-clock.h"
#include "hw/registerfields.h"
#include "hw/resettable.h"
#include "hw/rtc/stm32f4xx_rtc.h"
#include "trace.h"

REG32(TR, 0x00)
    FIELD(TR, SECONDS, 0, 7)
    FIELD(TR, MINUTES, 8, 7)
    FIELD(TR, HOURS, 16, 6)
    FIELD(TR, PM, 22, 1)
REG32(DR, 0x04)
    FIELD(DR, DATE, 0, 6)
    FIELD(DR, MONTH, 8, 5)
    FIELD(DR, WDU, 13, 3)
    FIELD(DR, YEAR, 16, 8)
REG32(CR, 0x08)
    FIELD(CR, WUCKSEL, 0, 3)
    FIELD(CR, TSEDGE, 3, 1)
    FIELD(CR, REFCKON, 4, 1)
    FIELD(CR, BYPSHAD, 5, 1)
    FIELD(CR, FMT, 6, 1)
    FIELD(CR, DCE, 7, 1)
    FIELD(CR, ALRAE, 8, 1)
    FIELD(CR, ALRBE, 9, 1)
    FIELD(CR, WUTE, 10, 1)
    FIELD(CR, TSE, 11, 1)
    FIELD(CR, ALRAIE, 12, 1)
    FIELD(CR, ALRBIE, 13, 1)
    FIELD(CR, WUTIE, 14, 1)
    FIELD(CR, TSIE, 15, 1)
    FIELD(CR, ADD1H, 16, 1)
    FIELD(CR, SUB1H, 17, 1)
    FIELD(CR, BKP, 18, 1)
    FIELD(CR, COSEL, 19, 1)
    FIELD(CR, POL, 20, 1)
    FIELD(CR, OSEL, 21, 2)
    FIELD(CR, COE, 23, 1)
REG32(ISR, 0x0C)
    FIELD(ISR, ALRAWF, 0, 1)
    FIELD(ISR, ALRBWF, 1, 1)
    FIELD(ISR, WUTWF, 2, 1)
    FIELD(ISR, SHPF, 3, 1)
    FIELD(ISR, INITS, 4, 1)
    FIELD(ISR, RSF, 5, 1)
    FIELD(ISR, INITF, 6, 1)
    FIELD(ISR, INIT, 7, 1)
    FIELD(ISR, ALRAF, 8, 1)
    FIELD(ISR, ALRBF, 9, 1)
    FIELD(ISR, WUTF, 10, 1)
    FIELD(ISR, TSF, 11, 1)
    FIELD(ISR, TSOVF, 12, 1)
    FIELD(ISR, TAMP1F, 13, 1)
    FIELD(ISR, TAMP2F, 14, 1)
    FIELD(ISR, RECALPF, 16, 1)
REG32(PRER, 0x10)
    FIELD(PRER, PREDIV_S, 0, 15)
    FIELD(PRER, PREDIV_A, 16, 7)
REG32(WUTR, 0x14)
REG32(CALIBR, 0x18)
REG32(ALRMAR, 0x1C)
    FIELD(ALRM, SECONDS, 0, 7)
    FIELD(ALRM, MSK1, 7, 1)
    FIELD(ALRM, MINUTES, 8, 7)
    FIELD(ALRM, MSK2, 15, 1)
    FIELD(ALRM, HOURS, 16, 7)       /* with PM */
    FIELD(ALRM, MSK3, 23, 1)
    FIELD(ALRM, DATE, 24, 6)
    FIELD(ALRM, WDSEL, 30, 1)
    FIELD(ALRM, MSK4, 31, 1)
REG32(ALRMBR, 0x20)
REG32(WPR, 0x24)
REG32(SSR, 0x28)
REG32(SHIFTR, 0x2C)
REG32(TSTR, 0x30)
REG32(TSDR, 0x34)
REG32(TSSSR, 0x38)
REG32(CALR, 0x3C)
REG32(TAFCR, 0x40)
REG32(ALRMASSR, 0x44)
    FIELD(ALRMSSR, SS, 0, 15)
    FIELD(ALRMSSR, MASKSS, 24, 4)
REG32(ALRMBSSR, 0x48)
REG32(BKP0R, 0x50)

#define TR_MASK         0x007F7F7Fu
#define DR_MASK         0x00FFFF3Fu
#define DR_RESET        0x00002101u     /* Monday 2000-01-01 */
#define CR_MASK         0x00FCFFFFu     /* ADD1H and SUB1H are write-only */
#define ISR_RESET       (R_ISR_ALRAWF_MASK | R_ISR_ALRBWF_MASK | R_ISR_WUTWF_MASK)
/* rc_w0 flags; TSF, TSOVF and the tamper flags are never set here */
#define ISR_RC_W0       0x00007F20u
#define ISR_FLAGS_UNPROTECTED 0x00003F00u   /* ISR[13:8]: no WPR needed */
#define PRER_MASK       0x007F7FFFu
#define PRER_RESET      0x007F00FFu
#define CALIBR_MASK     0x0000009Fu
#define CALR_MASK       0x0000E1FFu
#define TAFCR_MASK      0x0007FF9Fu
#define ALRMSSR_MASK    0x0F007FFFu

#define SECS_PER_DAY    86400
#define DAYS_PER_CENTURY 36525          /* 2000-2099 */
#define ALARM_SEARCH_DAYS 62            /* any valid date recurs within this */

static const char *const alarm_name[2] = { "A", "B" };

/* Which calendar shadow registers a read has locked (BYPSHAD=0) */
enum { SHADOW_NONE, SHADOW_DR, SHADOW_TR_DR };

/* --- Calendar arithmetic (years 00-99 = 2000-2099) --- */

static unsigned rtc_month_days(unsigned yy, unsigned month)
{
    static const uint8_t days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    return month == 2 && yy % 4 == 0 ? 29 : days[month - 1];
}

/* Days since 2000-01-01 of yy-month-1. */
static int64_t rtc_days_from_civil(unsigned yy, unsigned month)
{
    int64_t days = yy * 365 + (yy + 3) / 4;

    for (unsigned m = 1; m < month; m++) {
        days += rtc_month_days(yy, m);
    }
    return days;
}

static void rtc_civil_from_days(int64_t days, unsigned *yy, unsigned *month,
                                unsigned *date)
{
    unsigned d = days % DAYS_PER_CENTURY;
    unsigned y = d / 1461 * 4;

    d %= 1461;
    if (d >= 366) {
        d -= 366;
        y += 1 + d / 365;
        d %= 365;
    }
    *yy = y;
    for (*month = 1; d >= rtc_month_days(y, *month); (*month)++) {
        d -= rtc_month_days(y, *month);
    }
    *date = d + 1;
}

static bool rtc_bcd_valid(uint32_t bcd, unsigned max)
{
    return (bcd & 0xF) <= 9 && from_bcd(bcd) <= max;
}

/* BCD field to binary, clamped to [lo, hi] with a log when out of range. */
static unsigned rtc_bcd_field(uint32_t bcd, unsigned lo, unsigned hi, const char *what)
{
    unsigned v = from_bcd(bcd);

    if ((bcd & 0xF) > 9 || v < lo || v > hi) {
        qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-rtc: invalid %s 0x%02x\n", what, bcd);
        v = MAX(MIN(v, hi), lo);
    }
    return v;
}

/* --- Time base --- */

static uint32_t rtc_hz(Stm32f4xxRtcState *s)
{
    return clock_get_hz(s->rtcclk);
}

static uint32_t rtc_div_a(Stm32f4xxRtcState *s)
{
    return FIELD_EX32(s->prer, PRER, PREDIV_A) + 1;
}

static uint32_t rtc_div_s(Stm32f4xxRtcState *s)
{
    return FIELD_EX32(s->prer, PRER, PREDIV_S) + 1;
}

/* RTCCLK cycles since power-on. */
static uint64_t rtc_cycles(Stm32f4xxRtcState *s, int64_t now)
{
    uint32_t hz = rtc_hz(s);

    if (!hz) {
        return s->cyc_offset;
    }
    return s->cyc_offset + muldiv64(now - s->cyc_base_ns, hz, NANOSECONDS_PER_SECOND);
}

/* Virtual time at which the cycle count reaches @cycle; INT64_MAX if never. */
static int64_t rtc_cycle_ns(Stm32f4xxRtcState *s, uint64_t cycle, int64_t now)
{
    uint32_t hz = rtc_hz(s);

    if (cycle <= rtc_cycles(s, now)) {
        return now;
    }
    if (!hz) {
        return INT64_MAX;
    }
    return s->cyc_base_ns +
           muldiv64_round_up(cycle - s->cyc_offset, NANOSECONDS_PER_SECOND, hz);
}

static bool rtc_cal_running(Stm32f4xxRtcState *s)
{
    return !(s->isr & R_ISR_INIT_MASK) && !s->bdrst;
}

/* Calendar position in ck_apre ticks since 2000-01-01 00:00:00. */
static int64_t rtc_cal_tick(Stm32f4xxRtcState *s, int64_t now)
{
    if (!rtc_cal_running(s)) {
        return s->cal_tick0;
    }
    return s->cal_tick0 + (rtc_cycles(s, now) - s->cal_cycle0) / rtc_div_a(s);
}

static int64_t rtc_tick_ns(Stm32f4xxRtcState *s, int64_t tick, int64_t now)
{
    if (!rtc_cal_running(s) || tick < s->cal_tick0) {
        return INT64_MAX;
    }
    return rtc_cycle_ns(s, s->cal_cycle0 + (tick - s->cal_tick0) * rtc_div_a(s), now);
}

static uint32_t rtc_tr_of(Stm32f4xxRtcState *s, int64_t secs)
{
    unsigned tod = secs % SECS_PER_DAY;
    unsigned hour = tod / 3600;
    uint32_t tr = 0;

    if (FIELD_EX32(s->cr, CR, FMT)) {
        tr = FIELD_DP32(tr, TR, PM, hour >= 12);
        hour = hour % 12 ? hour % 12 : 12;
    }
    tr = FIELD_DP32(tr, TR, HOURS, to_bcd(hour));
    tr = FIELD_DP32(tr, TR, MINUTES, to_bcd(tod / 60 % 60));
    return FIELD_DP32(tr, TR, SECONDS, to_bcd(tod % 60));
}

static unsigned rtc_wday_of(Stm32f4xxRtcState *s, int64_t days)
{
    return (days + s->wday_offset) % 7 + 1;
}

static uint32_t rtc_dr_of(Stm32f4xxRtcState *s, int64_t secs)
{
    int64_t days = secs / SECS_PER_DAY;
    unsigned yy, month, date;
    uint32_t dr = 0;

    rtc_civil_from_days(days, &yy, &month, &date);
    dr = FIELD_DP32(dr, DR, YEAR, to_bcd(yy));
    dr = FIELD_DP32(dr, DR, WDU, rtc_wday_of(s, days));
    dr = FIELD_DP32(dr, DR, MONTH, to_bcd(month));
    return FIELD_DP32(dr, DR, DATE, to_bcd(date));
}

/* Hour in 0-23 from a TR/ALRMxR hours field (bits 5:0) and PM flag. */
static unsigned rtc_hour24(Stm32f4xxRtcState *s, uint32_t bcd, bool pm)
{
    if (FIELD_EX32(s->cr, CR, FMT)) {
        return rtc_bcd_field(bcd, 1, 12, "hour (12h)") % 12 + (pm ? 12 : 0);
    }
    return rtc_bcd_field(bcd, 0, 23, "hour");
}

/* Load the calendar from init_tr/init_dr (INIT exit). */
static void rtc_cal_load(Stm32f4xxRtcState *s, int64_t now)
{
    uint32_t tr = s->init_tr, dr = s->init_dr;
    unsigned yy = rtc_bcd_field(FIELD_EX32(dr, DR, YEAR), 0, 99, "year");
    unsigned month = rtc_bcd_field(FIELD_EX32(dr, DR, MONTH), 1, 12, "month");
    unsigned date = rtc_bcd_field(FIELD_EX32(dr, DR, DATE), 1, 31, "date");
    unsigned wdu = FIELD_EX32(dr, DR, WDU);
    unsigned hour = rtc_hour24(s, FIELD_EX32(tr, TR, HOURS), FIELD_EX32(tr, TR, PM));
    unsigned min = rtc_bcd_field(FIELD_EX32(tr, TR, MINUTES), 0, 59, "minutes");
    unsigned sec = rtc_bcd_field(FIELD_EX32(tr, TR, SECONDS), 0, 59, "seconds");
    int64_t days = rtc_days_from_civil(yy, month) + date - 1;

    if (!wdu) {
        qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-rtc: weekday 0 is forbidden\n");
        wdu = 1;
    }
    s->wday_offset = (wdu - 1 + 7 - days % 7) % 7;
    s->cal_tick0 = (days * SECS_PER_DAY + hour * 3600 + min * 60 + sec) * rtc_div_s(s);
    s->cal_cycle0 = rtc_cycles(s, now);
}


/* --- Alarms --- */

static bool rtc_alarm_day_match(Stm32f4xxRtcState *s, uint32_t alrm, int64_t days)
{
    unsigned yy, month, date;

    if (FIELD_EX32(alrm, ALRM, MSK4)) {
        return true;
    }
    if (FIELD_EX32(alrm, ALRM, WDSEL)) {
        return (FIELD_EX32(alrm, ALRM, DATE) & 0xF) == rtc_wday_of(s, days);
    }
    rtc_civil_from_days(days, &yy, &month, &date);
    return FIELD_EX32(alrm, ALRM, DATE) == to_bcd(date);
}

static bool rtc_alarm_hour_match(Stm32f4xxRtcState *s, uint32_t alrm, unsigned hour)
{
    uint32_t tr = rtc_tr_of(s, hour * 3600);

    return FIELD_EX32(alrm, ALRM, MSK3) ||
           FIELD_EX32(alrm, ALRM, HOURS) == ((tr >> R_TR_HOURS_SHIFT) & 0x7F);
}

/* First calendar second >= @from whose date and time match @alrm, or -1. */
static int64_t rtc_alarm_search(Stm32f4xxRtcState *s, uint32_t alrm, int64_t from)
{
    int64_t day0 = from / SECS_PER_DAY;
    unsigned tod0 = from % SECS_PER_DAY;
    bool msk1 = FIELD_EX32(alrm, ALRM, MSK1), msk2 = FIELD_EX32(alrm, ALRM, MSK2);

    /* A seconds or minutes value that never occurs: no match, no search. */
    if ((!msk1 && !rtc_bcd_valid(FIELD_EX32(alrm, ALRM, SECONDS), 59)) ||
        (!msk2 && !rtc_bcd_valid(FIELD_EX32(alrm, ALRM, MINUTES), 59))) {
        return -1;
    }
    for (int64_t day = day0; day <= day0 + ALARM_SEARCH_DAYS; day++) {
        unsigned start = day == day0 ? tod0 : 0;

        if (!rtc_alarm_day_match(s, alrm, day)) {
            continue;
        }
        for (unsigned h = start / 3600; h < 24; h++) {
            bool first_h = day == day0 && h == tod0 / 3600;

            if (!rtc_alarm_hour_match(s, alrm, h)) {
                continue;
            }
            for (unsigned m = first_h ? tod0 / 60 % 60 : 0; m < 60; m++) {
                bool first_m = first_h && m == tod0 / 60 % 60;

                if (!msk2 && FIELD_EX32(alrm, ALRM, MINUTES) != to_bcd(m)) {
                    continue;
                }
                for (unsigned sec = first_m ? tod0 % 60 : 0; sec < 60; sec++) {
                    if (msk1 || FIELD_EX32(alrm, ALRM, SECONDS) == to_bcd(sec)) {
                        return day * SECS_PER_DAY + h * 3600 + m * 60 + sec;
                    }
                }
            }
        }
    }
    return -1;
}

/*
 * Calendar tick of the first match of alarm @i after tick @after, or -1.
 * With MASKSS=0 the alarm matches when the seconds unit increments into a
 * matching second; otherwise at each tick where SSR[MASKSS-1:0] matches SS.
 */
static int64_t rtc_alarm_next(Stm32f4xxRtcState *s, int i, int64_t after)
{
    uint32_t alrm = s->alrmr[i];
    uint32_t n = rtc_div_s(s);
    unsigned maskss = FIELD_EX32(s->alrmssr[i], ALRMSSR, MASKSS);
    uint32_t mask = MAKE_64BIT_MASK(0, MIN(maskss, 15));
    uint32_t want = FIELD_EX32(s->alrmssr[i], ALRMSSR, SS) & mask;
    int64_t sec = after / n, m;

    if (!maskss) {
        m = rtc_alarm_search(s, alrm, sec + 1);
        return m < 0 ? -1 : m * n;
    }
    for (m = rtc_alarm_search(s, alrm, sec); m >= 0;
         m = rtc_alarm_search(s, alrm, m + 1)) {
        uint32_t sub0 = m == sec ? after % n + 1 : 0;

        for (uint32_t sub = sub0; sub < n; sub++) {
            if (((n - 1 - sub) & mask) == want) {
                return m * n + sub;
            }
        }
        if (!sub0) {
            return -1;      /* SS never matches with this PREDIV_S */
        }
    }
    return -1;
}

static bool rtc_alarm_enabled(Stm32f4xxRtcState *s, int i)
{
    return s->cr & (R_CR_ALRAE_MASK << i);
}

static void rtc_alarm_rearm(Stm32f4xxRtcState *s, int i, int64_t now)
{
    s->alarm_next[i] = rtc_alarm_enabled(s, i) ?
                       rtc_alarm_next(s, i, rtc_cal_tick(s, now)) : -1;
}

/* --- Wakeup timer --- */

static bool rtc_wut_uses_spre(Stm32f4xxRtcState *s)
{
    return FIELD_EX32(s->cr, CR, WUCKSEL) & 4;
}

/* Period in RTCCLK cycles (RTC/16..RTC/2) or in ck_spre seconds. */
static uint64_t rtc_wut_period(Stm32f4xxRtcState *s)
{
    unsigned wucksel = FIELD_EX32(s->cr, CR, WUCKSEL);

    if (wucksel & 4) {
        return s->wutr + 1 + (wucksel & 2 ? 0x10000 : 0);
    }
    return (uint64_t)(s->wutr + 1) * (16 >> wucksel);
}

static int64_t rtc_wut_position(Stm32f4xxRtcState *s, int64_t now)
{
    if (rtc_wut_uses_spre(s)) {
        return rtc_cal_tick(s, now) / rtc_div_s(s);
    }
    return rtc_cycles(s, now);
}

static int64_t rtc_wut_ns(Stm32f4xxRtcState *s, int64_t now)
{
    if (rtc_wut_uses_spre(s)) {
        return rtc_tick_ns(s, s->wut_next * rtc_div_s(s), now);
    }
    return rtc_cycle_ns(s, s->wut_next, now);
}

/* --- Events, interrupts, timer --- */

static void rtc_update_irq(Stm32f4xxRtcState *s)
{
    bool alarm = (FIELD_EX32(s->isr, ISR, ALRAF) && FIELD_EX32(s->cr, CR, ALRAIE)) ||
                 (FIELD_EX32(s->isr, ISR, ALRBF) && FIELD_EX32(s->cr, CR, ALRBIE));
    bool wakeup = FIELD_EX32(s->isr, ISR, WUTF) && FIELD_EX32(s->cr, CR, WUTIE);

    qemu_set_irq(s->alarm_irq, alarm);
    qemu_set_irq(s->wakeup_irq, wakeup);
}

static void rtc_rearm_timer(Stm32f4xxRtcState *s, int64_t now)
{
    int64_t next = INT64_MAX;

    for (int i = 0; i < 2; i++) {
        if (rtc_alarm_enabled(s, i) && (s->cr & (R_CR_ALRAIE_MASK << i)) &&
            s->alarm_next[i] >= 0) {
            next = MIN(next, rtc_tick_ns(s, s->alarm_next[i], now));
        }
    }
    if (FIELD_EX32(s->cr, CR, WUTE) && FIELD_EX32(s->cr, CR, WUTIE)) {
        next = MIN(next, rtc_wut_ns(s, now));
    }
    if (next == INT64_MAX) {
        timer_del(s->timer);
    } else {
        timer_mod(s->timer, MAX(next, now));
    }
}

/* Set the flags of every event due by @now, then update the IRQs and the timer. */
static void rtc_update(Stm32f4xxRtcState *s, int64_t now)
{
    int64_t tick = rtc_cal_tick(s, now);

    if (s->rsf_cycle >= 0 && rtc_cycles(s, now) >= s->rsf_cycle) {
        s->isr |= R_ISR_RSF_MASK;
        s->rsf_cycle = -1;
    }
    if (s->initf_cycle >= 0 && rtc_cycles(s, now) >= s->initf_cycle) {
        s->isr |= R_ISR_INITF_MASK;
        s->initf_cycle = -1;
    }
    for (int i = 0; i < 2; i++) {
        if (rtc_alarm_enabled(s, i) && s->alarm_next[i] >= 0 &&
            tick >= s->alarm_next[i]) {
            trace_stm32f4xx_rtc_alarm(alarm_name[i], tick);
            s->isr |= R_ISR_ALRAF_MASK << i;
            s->alarm_next[i] = rtc_alarm_next(s, i, tick);
        }
    }
    if (FIELD_EX32(s->cr, CR, WUTE)) {
        int64_t pos = rtc_wut_position(s, now);

        if (pos >= s->wut_next) {
            uint64_t period = rtc_wut_period(s);

            trace_stm32f4xx_rtc_wakeup(pos);
            s->isr |= R_ISR_WUTF_MASK;
            s->wut_next += period * (1 + (pos - s->wut_next) / period);
        }
    }
    rtc_update_irq(s);
    rtc_rearm_timer(s, now);
}

static void rtc_timer_cb(void *opaque)
{
    Stm32f4xxRtcState *s = opaque;

    rtc_update(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
}

/* Rebase the cycle counter before RTCCLK changes; re-time events after. */
static void rtc_clock_update(void *opaque, ClockEvent event)
{
    Stm32f4xxRtcState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (event == ClockPreUpdate) {
        rtc_update(s, now);
        s->cyc_offset = rtc_cycles(s, now);
        s->cyc_base_ns = now;
    } else {
        trace_stm32f4xx_rtc_clock(rtc_hz(s));
        rtc_update(s, now);
    }
}

/* --- Register access --- */

static bool rtc_time_writable(Stm32f4xxRtcState *s, const char *reg)
{
    if (!FIELD_EX32(s->isr, ISR, INITF)) {
        qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-rtc: %s written outside "
                      "initialization mode (INITF=0): ignored\n", reg);
        return false;
    }
    return true;
}

static uint64_t rtc_read(void *opaque, hwaddr addr, unsigned size)
{
    Stm32f4xxRtcState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    bool bypass = FIELD_EX32(s->cr, CR, BYPSHAD);
    bool init = FIELD_EX32(s->isr, ISR, INIT);
    uint32_t value = 0;
    int64_t tick;

    rtc_update(s, now);
    switch (addr) {
    case A_SSR:
        /* Reading SSR locks the TR and DR shadows until DR is read. */
        tick = rtc_cal_tick(s, now);
        if (!bypass && !init) {
            s->shadow_tick = tick;
            s->shadow_lock = SHADOW_TR_DR;
        }
        value = rtc_div_s(s) - 1 - tick % rtc_div_s(s);
        break;
    case A_TR:
        /* Reading TR locks the DR shadow until DR is read. */
        if (init) {
            value = s->init_tr;
            break;
        }
        tick = rtc_cal_tick(s, now);
        if (!bypass) {
            if (s->shadow_lock == SHADOW_TR_DR) {
                tick = s->shadow_tick;
            } else {
                s->shadow_tick = tick;
                s->shadow_lock = SHADOW_DR;
            }
        }
        value = rtc_tr_of(s, tick / rtc_div_s(s));
        break;
    case A_DR:
        if (init) {
            value = s->init_dr;
            break;
        }
        tick = !bypass && s->shadow_lock ? s->shadow_tick : rtc_cal_tick(s, now);
        s->shadow_lock = SHADOW_NONE;
        value = rtc_dr_of(s, tick / rtc_div_s(s));
        break;
    case A_CR:
        value = s->cr;
        break;
    case A_ISR:
        /* INITS: the year is not 0 (the backup domain reset value) */
        tick = rtc_cal_tick(s, now);
        value = s->isr;
        if (FIELD_EX32(init ? s->init_dr : rtc_dr_of(s, tick / rtc_div_s(s)), DR, YEAR)) {
            value |= R_ISR_INITS_MASK;
        }
        break;
    case A_PRER:
        value = s->prer;
        break;
    case A_WUTR:
        value = s->wutr;
        break;
    case A_CALIBR:
        value = s->calibr;
        break;
    case A_ALRMAR:
    case A_ALRMBR:
        value = s->alrmr[addr == A_ALRMBR];
        break;
    case A_CALR:
        value = s->calr;
        break;
    case A_TAFCR:
        value = s->tafcr;
        break;
    case A_ALRMASSR:
    case A_ALRMBSSR:
        value = s->alrmssr[addr == A_ALRMBSSR];
        break;
    case A_WPR:
    case A_SHIFTR:
    case A_TSTR:
    case A_TSDR:
    case A_TSSSR:
        /* WPR and SHIFTR are write-only; no time stamp is ever taken. */
        break;
    case A_BKP0R ... A_BKP0R + 4 * (STM32F4XX_RTC_NUM_BKP - 1):
        value = s->bkp[(addr - A_BKP0R) / 4];
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-rtc: read of bad offset 0x%"
                      HWADDR_PRIx "\n", addr);
        break;
    }
    trace_stm32f4xx_rtc_read(addr, value);
    return value;
}

static void rtc_write_isr(Stm32f4xxRtcState *s, uint32_t value, bool unlocked,
                          int64_t now)
{
    uint32_t clear = ~value & ISR_RC_W0 & s->isr;
    bool init = FIELD_EX32(value, ISR, INIT);

    if (!unlocked) {
        if ((clear & ~ISR_FLAGS_UNPROTECTED) || init != FIELD_EX32(s->isr, ISR, INIT)) {
            qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-rtc: ISR INIT/RSF write while "
                          "write-protected (WPR): ignored\n");
        }
        clear &= ISR_FLAGS_UNPROTECTED;
        init = FIELD_EX32(s->isr, ISR, INIT);
    }
    s->isr &= ~clear;
    if (clear & R_ISR_RSF_MASK) {
        s->rsf_cycle = rtc_cycles(s, now) + 2;
    }

    if (init && !FIELD_EX32(s->isr, ISR, INIT)) {
        /* Enter initialization mode: the calendar stops, TR/DR can be set. */
        int64_t tick = rtc_cal_tick(s, now);

        s->cal_tick0 = tick;
        s->init_tr = rtc_tr_of(s, tick / rtc_div_s(s));
        s->init_dr = rtc_dr_of(s, tick / rtc_div_s(s));
        s->isr |= R_ISR_INIT_MASK;
        s->isr &= ~R_ISR_RSF_MASK;
        s->rsf_cycle = -1;
        s->initf_cycle = rtc_cycles(s, now) + 2;
        s->shadow_lock = SHADOW_NONE;
        trace_stm32f4xx_rtc_init(1);
    } else if (!init && FIELD_EX32(s->isr, ISR, INIT)) {
        /* Leave it: load the calendar, restart the prescalers. */
        g_autofree char *qom_path = object_get_canonical_path(OBJECT(s));
        int64_t old_sec = s->cal_tick0 / rtc_div_s(s);
        unsigned yy, month, date;
        int64_t secs;
        struct tm tm = { 0 };

        s->isr &= ~(R_ISR_INIT_MASK | R_ISR_INITF_MASK);
        s->initf_cycle = -1;
        s->rsf_cycle = rtc_cycles(s, now) + 2;
        rtc_cal_load(s, now);
        secs = s->cal_tick0 / rtc_div_s(s);
        if (FIELD_EX32(s->cr, CR, WUTE) && rtc_wut_uses_spre(s)) {
            s->wut_next += secs - old_sec;
        }
        for (int i = 0; i < 2; i++) {
            rtc_alarm_rearm(s, i, now);
        }
        trace_stm32f4xx_rtc_init(0);

        rtc_civil_from_days(secs / SECS_PER_DAY, &yy, &month, &date);
        tm.tm_year = 100 + yy;
        tm.tm_mon = month - 1;
        tm.tm_mday = date;
        tm.tm_hour = secs % SECS_PER_DAY / 3600;
        tm.tm_min = secs % 3600 / 60;
        tm.tm_sec = secs % 60;
        qapi_event_send_rtc_change(qemu_timedate_diff(&tm), qom_path);
    }
}

static void rtc_write_cr(Stm32f4xxRtcState *s, uint32_t value, int64_t now)
{
    uint32_t old = s->cr;
    uint32_t changed;

    /* WUCKSEL is locked while the wakeup timer runs (WUTWF=0). */
    if (FIELD_EX32(old, CR, WUTE) && FIELD_EX32(value, CR, WUTE) &&
        FIELD_EX32(value ^ old, CR, WUCKSEL)) {
        qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-rtc: WUCKSEL written while WUTE=1: "
                      "ignored\n");
        value = FIELD_DP32(value, CR, WUCKSEL, FIELD_EX32(old, CR, WUCKSEL));
    }
    s->cr = value & CR_MASK;
    changed = s->cr ^ old;

    if (value & (R_CR_ADD1H_MASK | R_CR_SUB1H_MASK)) {
        int64_t tick = rtc_cal_tick(s, now);
        int delta = 0;

        if (FIELD_EX32(s->isr, ISR, INIT)) {
            qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-rtc: ADD1H/SUB1H in "
                          "initialization mode: ignored\n");
        } else if (FIELD_EX32(value, CR, ADD1H)) {
            delta = 3600;
        } else if (tick / rtc_div_s(s) % SECS_PER_DAY >= 3600) {
            /* SUB1H: only when the hour is not 0 */
            delta = -3600;
        }
        s->cal_tick0 += (int64_t)delta * rtc_div_s(s);
        if (FIELD_EX32(s->cr, CR, WUTE) && rtc_wut_uses_spre(s)) {
            s->wut_next += delta;   /* the ck_spre count does not jump */
        }
        for (int i = 0; i < 2; i++) {
            rtc_alarm_rearm(s, i, now);
        }
    }
    if ((changed & s->cr) & (R_CR_TSE_MASK | R_CR_COE_MASK | R_CR_REFCKON_MASK |
                             R_CR_DCE_MASK)) {
        qemu_log_mask(LOG_UNIMP, "stm32f4xx-rtc: time stamp, calibration output, "
                      "reference clock detection and coarse calibration are not "
                      "modelled (CR 0x%08" PRIx32 ")\n", s->cr);
    }
    if ((changed & s->cr) & R_CR_OSEL_MASK) {
        qemu_log_mask(LOG_UNIMP, "stm32f4xx-rtc: the RTC_AF1 alarm output is not "
                      "modelled\n");
    }
    if (changed & R_CR_BYPSHAD_MASK) {
        /* RSF is held at 0 while the shadow registers are bypassed. */
        s->shadow_lock = SHADOW_NONE;
        s->isr &= ~R_ISR_RSF_MASK;
        s->rsf_cycle = FIELD_EX32(s->cr, CR, BYPSHAD) ? -1 : rtc_cycles(s, now) + 2;
    }
    for (int i = 0; i < 2; i++) {
        uint32_t en = R_CR_ALRAE_MASK << i;

        if (changed & en) {
            /* ALRxWF: the alarm registers can be written while it is off. */
            s->isr = (s->isr & ~(R_ISR_ALRAWF_MASK << i)) |
                     (s->cr & en ? 0 : R_ISR_ALRAWF_MASK << i);
            rtc_alarm_rearm(s, i, now);
        }
    }
    if (changed & R_CR_WUTE_MASK) {
        if (FIELD_EX32(s->cr, CR, WUTE)) {
            s->isr &= ~R_ISR_WUTWF_MASK;
            s->wut_next = rtc_wut_position(s, now) + rtc_wut_period(s);
        } else {
            s->isr |= R_ISR_WUTWF_MASK;
        }
    }
}

static void rtc_write(void *opaque, hwaddr addr, uint64_t val64, unsigned size)
{
    Stm32f4xxRtcState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    uint32_t value = val64;
    bool unlocked = s->wpr_step == 2;
    bool protected_reg = addr != A_ISR && addr != A_TAFCR && addr != A_WPR &&
                         addr < A_BKP0R;

    trace_stm32f4xx_rtc_write(addr, value);
    if (!s->dbp || s->bdrst) {
        qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-rtc: write 0x%08" PRIx32
                      " to offset 0x%" HWADDR_PRIx " ignored: backup domain %s\n",
                      value, addr, s->bdrst ? "held in reset (BDRST)" :
                      "write-protected (PWR_CR.DBP=0)");
        return;
    }
    if (protected_reg && !unlocked) {
        qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-rtc: write 0x%08" PRIx32
                      " to offset 0x%" HWADDR_PRIx " ignored: registers "
                      "write-protected (WPR)\n", value, addr);
        return;
    }

    rtc_update(s, now);
    switch (addr) {
    case A_TR:
        if (rtc_time_writable(s, "TR")) {
            s->init_tr = value & TR_MASK;
        }
        break;
    case A_DR:
        if (rtc_time_writable(s, "DR")) {
            s->init_dr = value & DR_MASK;
        }
        break;
    case A_CR:
        rtc_write_cr(s, value, now);
        break;
    case A_ISR:
        rtc_write_isr(s, value, unlocked, now);
        break;
    case A_PRER:
        if (rtc_time_writable(s, "PRER")) {
            int64_t sec = s->cal_tick0 / rtc_div_s(s);

            s->prer = value & PRER_MASK;
            s->cal_tick0 = sec * rtc_div_s(s);
        }
        break;
    case A_WUTR:
        if (FIELD_EX32(s->cr, CR, WUTE)) {
            qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-rtc: WUTR written while WUTE=1 "
                          "(WUTWF=0): ignored\n");
        } else {
            s->wutr = value & 0xFFFF;
        }
        break;
    case A_CALIBR:
        if (rtc_time_writable(s, "CALIBR")) {
            s->calibr = value & CALIBR_MASK;
            if (s->calibr) {
                qemu_log_mask(LOG_UNIMP, "stm32f4xx-rtc: coarse calibration ignored\n");
            }
        }
        break;
    case A_ALRMAR:
    case A_ALRMBR:
    case A_ALRMASSR:
    case A_ALRMBSSR: {
        int i = addr == A_ALRMBR || addr == A_ALRMBSSR;

        if (rtc_alarm_enabled(s, i)) {
            qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-rtc: alarm %s written "
                          "while enabled (ALR%sWF=0): ignored\n",
                          alarm_name[i], alarm_name[i]);
        } else if (addr == A_ALRMAR || addr == A_ALRMBR) {
            s->alrmr[i] = value;
        } else {
            s->alrmssr[i] = value & ALRMSSR_MASK;
        }
        break;
    }
    case A_WPR:
        /* 0xCA then 0x53 unlocks; any other write locks again. */
        if ((value & 0xFF) == 0xCA) {
            s->wpr_step = 1;
        } else if ((value & 0xFF) == 0x53 && s->wpr_step == 1) {
            s->wpr_step = 2;
        } else {
            s->wpr_step = 0;
        }
        break;
    case A_SHIFTR:
        qemu_log_mask(LOG_UNIMP, "stm32f4xx-rtc: SHIFTR (sub-second shift) is not "
                      "modelled\n");
        break;
    case A_CALR:
        s->calr = value & CALR_MASK;
        if (s->calr) {
            qemu_log_mask(LOG_UNIMP, "stm32f4xx-rtc: smooth calibration ignored\n");
        }
        break;
    case A_TAFCR:
        s->tafcr = value & TAFCR_MASK;
        if (s->tafcr & 0x9) {
            qemu_log_mask(LOG_UNIMP, "stm32f4xx-rtc: tamper detection is not modelled\n");
        }
        break;
    case A_SSR:
    case A_TSTR:
    case A_TSDR:
    case A_TSSSR:
        qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-rtc: write to read-only offset 0x%"
                      HWADDR_PRIx "\n", addr);
        break;
    case A_BKP0R ... A_BKP0R + 4 * (STM32F4XX_RTC_NUM_BKP - 1):
        s->bkp[(addr - A_BKP0R) / 4] = value;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "stm32f4xx-rtc: write to bad offset 0x%"
                      HWADDR_PRIx "\n", addr);
        break;
    }
    rtc_update(s, now);
}

static const MemoryRegionOps rtc_ops = {
    .read = rtc_read,
    .write = rtc_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

/* --- Backup domain and system resets --- */

/* Backup domain reset (power-on, BDRST): RM0090 reset values, clock stopped. */
static void rtc_backup_reset(Stm32f4xxRtcState *s, int64_t now)
{
    s->cr = 0;
    s->isr = ISR_RESET;
    s->prer = PRER_RESET;
    s->wutr = 0xFFFF;
    s->calibr = 0;
    s->alrmr[0] = s->alrmr[1] = 0;
    s->alrmssr[0] = s->alrmssr[1] = 0;
    s->calr = 0;
    s->tafcr = 0;
    memset(s->bkp, 0, sizeof(s->bkp));
    s->init_tr = 0;
    s->init_dr = DR_RESET;
    s->wpr_step = 0;
    s->shadow_lock = SHADOW_NONE;
    s->alarm_next[0] = s->alarm_next[1] = -1;
    s->wut_next = 0;
    s->initf_cycle = -1;
    s->cyc_offset = 0;
    s->cyc_base_ns = now;
    s->rsf_cycle = 2;
    /* Monday 2000-01-01 00:00:00 */
    s->cal_tick0 = 0;
    s->cal_cycle0 = 0;
    s->wday_offset = 0;
}

/* At QEMU start the calendar holds the -rtc base date, as if kept by a battery. */
static void rtc_seed_from_host(Stm32f4xxRtcState *s, int64_t now)
{
    struct tm tm;
    uint32_t tr, dr;

    qemu_get_timedate(&tm, 0);
    tr = FIELD_DP32(0, TR, HOURS, to_bcd(tm.tm_hour));
    tr = FIELD_DP32(tr, TR, MINUTES, to_bcd(tm.tm_min));
    tr = FIELD_DP32(tr, TR, SECONDS, to_bcd(MIN(tm.tm_sec, 59)));
    dr = FIELD_DP32(0, DR, YEAR, to_bcd(tm.tm_year % 100));
    dr = FIELD_DP32(dr, DR, MONTH, to_bcd(tm.tm_mon + 1));
    dr = FIELD_DP32(dr, DR, DATE, to_bcd(tm.tm_mday));
    dr = FIELD_DP32(dr, DR, WDU, tm.tm_wday ? tm.tm_wday : 7);
    s->init_tr = tr;
    s->init_dr = dr;
    rtc_cal_load(s, now);
    trace_stm32f4xx_rtc_seed(dr, tr);
}

static void rtc_set_bdrst(void *opaque, int n, int level)
{
    Stm32f4xxRtcState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (level && !s->bdrst) {
        trace_stm32f4xx_rtc_backup_reset();
        rtc_backup_reset(s, now);
        s->bdrst = true;
        rtc_update(s, now);
    } else if (!level && s->bdrst) {
        s->bdrst = false;
        s->cal_cycle0 = rtc_cycles(s, now);
        rtc_update(s, now);
    }
}

static void rtc_set_dbp(void *opaque, int n, int level)
{
    Stm32f4xxRtcState *s = opaque;

    s->dbp = level;
}

static void rtc_reset_hold(Object *obj, ResetType type)
{
    Stm32f4xxRtcState *s = STM32F4XX_RTC(obj);
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    if (!s->powered) {
        rtc_backup_reset(s, now);
        rtc_seed_from_host(s, now);
        s->powered = true;
        return;
    }
    /* System reset: the APB interface restarts, the backup domain runs on. */
    rtc_update(s, now);
    s->wpr_step = 0;
    s->shadow_lock = SHADOW_NONE;
    s->isr &= ~R_ISR_RSF_MASK;
    s->rsf_cycle = rtc_cycles(s, now) + 2;
}

static void rtc_reset_exit(Object *obj, ResetType type)
{
    Stm32f4xxRtcState *s = STM32F4XX_RTC(obj);

    rtc_update(s, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
}

static void rtc_init(Object *obj)
{
    Stm32f4xxRtcState *s = STM32F4XX_RTC(obj);
    DeviceState *dev = DEVICE(obj);

    memory_region_init_io(&s->mmio, obj, &rtc_ops, s, TYPE_STM32F4XX_RTC, 0x400);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->alarm_irq);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->wakeup_irq);
    qdev_init_gpio_in_named(dev, rtc_set_dbp, "dbp", 1);
    qdev_init_gpio_in_named(dev, rtc_set_bdrst, "bdrst", 1);
    s->rtcclk = qdev_init_clock_in(dev, "rtcclk", rtc_clock_update, s,
                                   ClockPreUpdate | ClockUpdate);
    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, rtc_timer_cb, s);
}

static void rtc_finalize(Object *obj)
{
    Stm32f4xxRtcState *s = STM32F4XX_RTC(obj);

    timer_free(s->timer);
}

/*
 * The time base travels as an age, not as a virtual time: the destination's
 * clock need not continue the source's (qtest restarts it at 0).
 */
static int rtc_pre_save(void *opaque)
{
    Stm32f4xxRtcState *s = opaque;

    s->cyc_base_age = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - s->cyc_base_ns;
    return 0;
}

static int rtc_post_load(void *opaque, int version_id)
{
    Stm32f4xxRtcState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    s->cyc_base_ns = now - s->cyc_base_age;
    rtc_rearm_timer(s, now);
    return 0;
}

static const VMStateDescription vmstate_stm32f4xx_rtc = {
    .name = TYPE_STM32F4XX_RTC,
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = rtc_pre_save,
    .post_load = rtc_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(cr, Stm32f4xxRtcState),
        VMSTATE_UINT32(isr, Stm32f4xxRtcState),
        VMSTATE_UINT32(prer, Stm32f4xxRtcState),
        VMSTATE_UINT32(wutr, Stm32f4xxRtcState),
        VMSTATE_UINT32(calibr, Stm32f4xxRtcState),
        VMSTATE_UINT32_ARRAY(alrmr, Stm32f4xxRtcState, 2),
        VMSTATE_UINT32_ARRAY(alrmssr, Stm32f4xxRtcState, 2),
        VMSTATE_UINT32(calr, Stm32f4xxRtcState),
        VMSTATE_UINT32(tafcr, Stm32f4xxRtcState),
        VMSTATE_UINT32_ARRAY(bkp, Stm32f4xxRtcState, STM32F4XX_RTC_NUM_BKP),
        VMSTATE_UINT32(init_tr, Stm32f4xxRtcState),
        VMSTATE_UINT32(init_dr, Stm32f4xxRtcState),
        VMSTATE_UINT8(wpr_step, Stm32f4xxRtcState),
        VMSTATE_BOOL(dbp, Stm32f4xxRtcState),
        VMSTATE_BOOL(bdrst, Stm32f4xxRtcState),
        VMSTATE_BOOL(powered, Stm32f4xxRtcState),
        VMSTATE_INT64(cyc_base_age, Stm32f4xxRtcState),
        VMSTATE_UINT64(cyc_offset, Stm32f4xxRtcState),
        VMSTATE_UINT64(cal_cycle0, Stm32f4xxRtcState),
        VMSTATE_INT64(cal_tick0, Stm32f4xxRtcState),
        VMSTATE_UINT8(wday_offset, Stm32f4xxRtcState),
        VMSTATE_UINT8(shadow_lock, Stm32f4xxRtcState),
        VMSTATE_INT64(shadow_tick, Stm32f4xxRtcState),
        VMSTATE_INT64(rsf_cycle, Stm32f4xxRtcState),
        VMSTATE_INT64(initf_cycle, Stm32f4xxRtcState),
        VMSTATE_INT64_ARRAY(alarm_next, Stm32f4xxRtcState, 2),
        VMSTATE_INT64(wut_next, Stm32f4xxRtcState),
        VMSTATE_TIMER_PTR(timer, Stm32f4xxRtcState),
        VMSTATE_CLOCK(rtcclk, Stm32f4xxRtcState),
        VMSTATE_END_OF_LIST()
    },
};

static void rtc_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->vmsd = &vmstate_stm32f4xx_rtc;
    rc->phases.hold = rtc_reset_hold;
    rc->phases.exit = rtc_reset_exit;
}

static const TypeInfo rtc_info = {
    .name = TYPE_STM32F4XX_RTC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(Stm32f4xxRtcState),
    .instance_init = rtc_init,
    .instance_finalize = rtc_finalize,
    .class_init = rtc_class_init,
};

static void rtc_register_types(void)
{
    type_register_static(&rtc_info);
}

type_init(rtc_register_types)
