// The RTC, at register level after RM0090 ch. 26: one type for machine.RTC and pyb.RTC,
// as on the stm32 port (ports/stm32/rtc.c is the reference for the Python API).
//
// Clock: the LSI. The STM32F4-Discovery has no LSE crystal fitted (X3 is empty) and
// MicroPython's STM32F4DISC board does not set MICROPY_HW_RTC_USE_LSE, so upstream runs
// its RTC from the LSI too. The prescalers below give exactly 1 Hz from the LSI's nominal
// 32 kHz; on silicon the LSI is only accurate to about +-50 %, so a real board keeps poor
// time without a crystal (calibration() can trim it).
//
// The RTC lives in the backup domain: once set up it keeps counting across resets, and
// a reset only has to turn the LSI (which is in the VDD domain) back on.
#include "py/mperrno.h"
#include "py/mphal.h"
#include "py/runtime.h"
#include "shared/timeutils/timeutils.h"
#include "systick.h"
#include "rtc.h"
#include "stm32_it.h"

// 32000 Hz / (124 + 1) / (255 + 1) = 1 Hz, and RTC_SSR counts 255 down to 0 each second
// as on the pyboard. (The stm32 port's 127/255 are meant for a 32768 Hz LSE: from a
// 32 kHz LSI they make the calendar 2.3 % slow.)
#define RTC_ASYNCH_PREDIV (124)
#define RTC_SYNCH_PREDIV (255)

// RTC_WPR key sequence that unlocks the RTC registers; anything else locks them again.
#define RTC_WPR_KEY1 (0xCA)
#define RTC_WPR_KEY2 (0x53)
#define RTC_WPR_LOCK (0xFF)

// Writing RTC_ISR: ones leave the rc_w0 flags alone, zeros clear them; INIT (bit 7) is
// a real control bit and is written explicitly.
#define RTC_ISR_KEEP_FLAGS (0x0001FF7FUL)

// INITF, RSF and WUTWF follow within a few RTCCLK periods on silicon (RM0090 26.3.5).
#define RTC_TIMEOUT_MS (100)
// As the stm32 port; the LSI typically starts in well under 1 ms.
#define RTC_LSI_TIMEOUT_MS (500)

// Like the EXTI lines of the pins: below the UART (Ctrl-C) and SysTick.
#define IRQ_PRI_RTC (13)

// Called from the wakeup interrupt with the RTC object (pyb.RTC.wakeup).
MP_REGISTER_ROOT_POINTER(mp_obj_t pyb_rtc_wakeup_callback);

// Start-up status for pyb.RTC.info(), with the stm32 port's bit layout:
// 0x20000000 started here (bits 0-15: start-up time in ms), 0x80000 found running from
// the LSI (bits 0-2: RCC_BDCR LSE bits, bits 8-9: RCC_CSR LSI bits), 0x100000 prescalers
// corrected, 0x10000/0x20000 power-on/pin reset, 0xffff failure.
static uint32_t rtc_info;

typedef struct _pyb_rtc_obj_t {
    mp_obj_base_t base;
} pyb_rtc_obj_t;

static const pyb_rtc_obj_t pyb_rtc_obj = {{&pyb_rtc_type}};

static bool rtc_wait(volatile uint32_t *reg, uint32_t mask, uint32_t value, uint32_t timeout_ms) {
    uint32_t start = systick_ms();
    while ((*reg & mask) != value) {
        if (systick_ms() - start > timeout_ms) {
            return (*reg & mask) == value;
        }
    }
    return true;
}

static inline void rtc_unlock(void) {
    RTC->WPR = RTC_WPR_KEY1;
    RTC->WPR = RTC_WPR_KEY2;
}

static inline void rtc_lock(void) {
    RTC->WPR = RTC_WPR_LOCK;
}

// Clear rc_w0 flags of RTC_ISR without touching the others or INIT. The flags in
// ISR[13:8] (alarm, wakeup, timestamp, tamper) are not write-protected.
static inline void rtc_isr_clear(uint32_t flags) {
    RTC->ISR = (RTC_ISR_KEEP_FLAGS & ~flags) | (RTC->ISR & RTC_ISR_INIT);
}

// Initialisation mode (registers unlocked): the calendar stops and TR/DR/PRER become
// writable once INITF is set.
static bool rtc_enter_init(void) {
    if (!(RTC->ISR & RTC_ISR_INITF)) {
        RTC->ISR = RTC_ISR_KEEP_FLAGS | RTC_ISR_INIT;
        return rtc_wait(&RTC->ISR, RTC_ISR_INITF, RTC_ISR_INITF, RTC_TIMEOUT_MS);
    }
    return true;
}

// Leave initialisation mode and wait until the shadow registers show the new calendar
// (registers unlocked). Clearing RSF needs the unlock; the wait is what makes a read
// straight after a write return the written time.
static bool rtc_exit_init_and_sync(void) {
    RTC->ISR = RTC_ISR_KEEP_FLAGS & ~RTC_ISR_RSF; // INIT = 0, RSF cleared
    return rtc_wait(&RTC->ISR, RTC_ISR_RSF, RTC_ISR_RSF, RTC_TIMEOUT_MS);
}

void rtc_resync(void) {
    rtc_unlock();
    RTC->ISR = (RTC_ISR_KEEP_FLAGS & ~RTC_ISR_RSF) | (RTC->ISR & RTC_ISR_INIT);
    rtc_lock();
    rtc_wait(&RTC->ISR, RTC_ISR_RSF, RTC_ISR_RSF, RTC_TIMEOUT_MS);
}

static inline uint32_t bcd(uint32_t v) {
    return (v / 10) << 4 | (v % 10);
}

static inline uint32_t unbcd(uint32_t v) {
    return (v >> 4) * 10 + (v & 0xf);
}

// Prescalers, 24-hour format, no output; the calendar too if set_calendar.
static bool rtc_configure(bool set_calendar) {
    rtc_unlock();
    bool ok = rtc_enter_init();
    if (ok) {
        RTC->CR &= ~(RTC_CR_FMT | RTC_CR_OSEL_Msk | RTC_CR_POL | RTC_CR_COE);
        // Two separate writes, the synchronous prescaler first (RM0090 26.3.5).
        RTC->PRER = RTC_SYNCH_PREDIV << RTC_PRER_PREDIV_S_Pos;
        RTC->PRER = RTC_SYNCH_PREDIV << RTC_PRER_PREDIV_S_Pos | RTC_ASYNCH_PREDIV << RTC_PRER_PREDIV_A_Pos;
        if (set_calendar) {
            // 2015-01-01 00:00:00, a Thursday, as the stm32 port.
            RTC->TR = 0;
            RTC->DR = bcd(15) << RTC_DR_YU_Pos | 4 << RTC_DR_WDU_Pos | bcd(1) << RTC_DR_MU_Pos | bcd(1) << RTC_DR_DU_Pos;
        }
        ok = rtc_exit_init_and_sync();
    }
    rtc_lock();
    return ok;
}

void rtc_init_start(bool force) {
    uint32_t reset_flags = RCC->CSR; // read before machine_init() clears them
    uint32_t start = systick_ms();

    // The backup domain (RCC_BDCR, RTC) is write-protected until PWR_CR.DBP is set;
    // it stays writable from here on, as on the stm32 port.
    RCC->APB1ENR |= RCC_APB1ENR_PWREN;
    (void)RCC->APB1ENR;
    PWR->CR |= PWR_CR_DBP;

    // Every reset turns the LSI off, even with the RTC running from it.
    RCC->CSR |= RCC_CSR_LSION;
    bool lsi_ready = rtc_wait(&RCC->CSR, RCC_CSR_LSIRDY, RCC_CSR_LSIRDY, RTC_LSI_TIMEOUT_MS);

    uint32_t bdcr = RCC->BDCR;
    uint32_t src = bdcr & RCC_BDCR_RTCSEL_Msk;
    if (!force && (bdcr & RCC_BDCR_RTCEN) && src == RCC_BDCR_RTCSEL_LSI && (RTC->ISR & RTC_ISR_INITS)) {
        // Already running from the LSI since an earlier boot: keep the calendar.
        rtc_info = 0x80000 | (bdcr & 7) | (RCC->CSR & 3) << 8;
        uint32_t prer = RTC_SYNCH_PREDIV << RTC_PRER_PREDIV_S_Pos | RTC_ASYNCH_PREDIV << RTC_PRER_PREDIV_A_Pos;
        if ((RTC->PRER & (RTC_PRER_PREDIV_S_Msk | RTC_PRER_PREDIV_A_Msk)) != prer) {
            // Set up by other firmware for another clock: it would run fast or slow forever.
            rtc_configure(false);
            rtc_info |= 0x100000;
        }
        return;
    }

    if (!lsi_ready) {
        rtc_info = 0xffff;
        return;
    }
    if (src != 0 && src != RCC_BDCR_RTCSEL_LSI) {
        // RTCSEL is write-once: only a backup domain reset frees it (this clears the
        // calendar and the backup registers).
        RCC->BDCR |= RCC_BDCR_BDRST;
        RCC->BDCR &= ~RCC_BDCR_BDRST;
    }
    RCC->BDCR = (RCC->BDCR & ~RCC_BDCR_RTCSEL_Msk) | RCC_BDCR_RTCSEL_LSI;
    RCC->BDCR |= RCC_BDCR_RTCEN;

    // INITS: the year is not 0, i.e. the calendar was set since the backup domain was
    // powered. A virtual board can start that way (QEMU's -rtc base); keep that time.
    if (!rtc_configure(force || !(RTC->ISR & RTC_ISR_INITS))) {
        rtc_info = 0xffff;
        return;
    }
    rtc_info = 0x20000000 | ((systick_ms() - start) & 0xffff);
    if (reset_flags & RCC_CSR_PORRSTF) {
        rtc_info |= 0x10000;
    }
    if (reset_flags & RCC_CSR_PINRSTF) {
        rtc_info |= 0x20000;
    }
}

void rtc_get_datetime(rtc_datetime_t *dt) {
    // Reading RTC_SSR or RTC_TR freezes the shadow RTC_DR until it is read: one snapshot.
    uint32_t ssr = RTC->SSR;
    uint32_t tr = RTC->TR;
    uint32_t dr = RTC->DR;
    dt->year = 2000 + unbcd(dr >> RTC_DR_YU_Pos & 0xff);
    dt->month = unbcd(dr >> RTC_DR_MU_Pos & 0x1f);
    dt->mday = unbcd(dr >> RTC_DR_DU_Pos & 0x3f);
    dt->weekday = (dr & RTC_DR_WDU_Msk) >> RTC_DR_WDU_Pos;
    dt->hour = unbcd(tr >> RTC_TR_HU_Pos & 0x3f);
    dt->minute = unbcd(tr >> RTC_TR_MNU_Pos & 0x7f);
    dt->second = unbcd(tr >> RTC_TR_SU_Pos & 0x7f);
    dt->subsec = ssr & 0xffff;
    // All zeros if the RTC is not clocked: keep the date valid for the time functions.
    if (dt->month < 1 || dt->month > 12) {
        dt->month = 1;
    }
    if (dt->mday < 1) {
        dt->mday = 1;
    }
}

uint64_t rtc_get_time_ns(void) {
    rtc_datetime_t dt;
    rtc_get_datetime(&dt);
    uint64_t ns = (uint64_t)timeutils_seconds_since_epoch(dt.year, dt.month, dt.mday,
        dt.hour, dt.minute, dt.second) * 1000000000ULL;
    // SSR counts down from PREDIV_S; above it only right after a shift operation.
    if (dt.subsec <= RTC_SYNCH_PREDIV) {
        ns += (uint64_t)(RTC_SYNCH_PREDIV - dt.subsec) * 1000000000ULL / (RTC_SYNCH_PREDIV + 1);
    }
    return ns;
}

// Set the calendar; false if the RTC does not respond (not clocked).
static bool rtc_set_datetime(const rtc_datetime_t *dt) {
    rtc_unlock();
    bool ok = rtc_enter_init();
    if (ok) {
        RTC->TR = bcd(dt->hour) << RTC_TR_HU_Pos | bcd(dt->minute) << RTC_TR_MNU_Pos | bcd(dt->second) << RTC_TR_SU_Pos;
        RTC->DR = bcd(dt->year - 2000) << RTC_DR_YU_Pos | (uint32_t)dt->weekday << RTC_DR_WDU_Pos
            | bcd(dt->month) << RTC_DR_MU_Pos | bcd(dt->mday) << RTC_DR_DU_Pos;
        ok = rtc_exit_init_and_sync();
    }
    rtc_lock();
    return ok;
}

/******************************************************************************/
// Wakeup timer (RM0090 26.3.6): WUT counts down at the WUCKSEL clock and sets WUTF at 0,
// which is EXTI line 22 (rising edge) and the RTC_WKUP interrupt.

static bool rtc_wakeup_config(bool enable, uint32_t wucksel, uint32_t wut) {
    NVIC_DisableIRQ(RTC_WKUP_IRQn);
    rtc_unlock();
    RTC->CR &= ~(RTC_CR_WUTE | RTC_CR_WUTIE);
    // WUTR and WUCKSEL are writable only once WUTWF confirms the timer stopped.
    bool ok = rtc_wait(&RTC->ISR, RTC_ISR_WUTWF, RTC_ISR_WUTWF, RTC_TIMEOUT_MS);
    if (ok && enable) {
        RTC->WUTR = wut;
        RTC->CR = (RTC->CR & ~RTC_CR_WUCKSEL_Msk) | (wucksel << RTC_CR_WUCKSEL_Pos);
        RTC->CR |= RTC_CR_WUTIE | RTC_CR_WUTE;
    }
    rtc_lock();

    uint32_t line = 1UL << EXTI_LINE_RTC_WAKEUP;
    rtc_isr_clear(RTC_ISR_WUTF);
    EXTI->PR = line;
    if (ok && enable) {
        EXTI->RTSR |= line;
        EXTI->IMR |= line;
        NVIC_SetPriority(RTC_WKUP_IRQn, IRQ_PRI_RTC);
        NVIC_ClearPendingIRQ(RTC_WKUP_IRQn);
        NVIC_EnableIRQ(RTC_WKUP_IRQn);
    } else {
        EXTI->IMR &= ~line;
    }
    return ok;
}

// ms -> (WUCKSEL, WUT) for an RTCCLK of clk_hz, the stm32 port's algorithm: the finest of
// RTCCLK/2../16 that fits 16 bits, else the 1 Hz clock (WUCKSEL 4), else 1 Hz + 2**16 (6).
static bool rtc_wakeup_ms_to_reg(uint32_t ms, uint32_t clk_hz, uint32_t *wucksel, uint32_t *wut) {
    uint32_t div = 2;
    *wucksel = 3;
    while (div <= 16 && ms > 2000 * div) {
        div *= 2;
        *wucksel -= 1;
    }
    if (div <= 16) {
        *wut = (uint64_t)(clk_hz / div) * ms / 1000;
    } else {
        *wucksel = 4;
        *wut = ms / 1000;
        if (*wut > 0x10000) {
            *wucksel = 6;
            *wut -= 0x10000;
            if (*wut > 0x10000) {
                return false;
            }
        }
    }
    // WUTR holds the period minus one.
    if (*wut > 0) {
        *wut -= 1;
    }
    return true;
}

void rtc_wakeup_set_ms(uint32_t ms, uint32_t clk_hz) {
    uint32_t wucksel = 0, wut = 0;
    if (ms != 0 && !rtc_wakeup_ms_to_reg(ms, clk_hz, &wucksel, &wut)) {
        mp_raise_ValueError(MP_ERROR_TEXT("wakeup value too large"));
    }
    MP_STATE_PORT(pyb_rtc_wakeup_callback) = mp_const_none;
    if (!rtc_wakeup_config(ms != 0, wucksel, wut)) {
        mp_raise_OSError(MP_ETIMEDOUT);
    }
}

// Run the callback in *slot as a hard callback (heap locked, as on the stm32 port); an
// uncaught exception is printed and turns the callback off so it doesn't run again.
static void rtc_call_hard(mp_obj_t *slot, const char *what) {
    if (*slot == mp_const_none) {
        return;
    }
    mp_obj_t exc = irq_call_hard_callback(*slot, MP_OBJ_FROM_PTR(&pyb_rtc_obj));
    if (exc != MP_OBJ_NULL) {
        *slot = mp_const_none;
        mp_printf(&mp_plat_print, "uncaught exception in RTC %s interrupt handler\n", what);
        mp_obj_print_exception(&mp_plat_print, exc);
    }
}

void RTC_WKUP_IRQHandler(void);
void RTC_WKUP_IRQHandler(void) {
    // WUTF first: EXTI sees the next period only as a new rising edge.
    rtc_isr_clear(RTC_ISR_WUTF);
    EXTI->PR = 1UL << EXTI_LINE_RTC_WAKEUP;
    rtc_call_hard(&MP_STATE_PORT(pyb_rtc_wakeup_callback), "wakeup");
}

/******************************************************************************/
// Alarm A (RM0090 26.3.7), for machine.RTC.alarm(): it compares the day of the month,
// the time and all the sub-second bits (ALRMASSR.MASKSS = 15) with the calendar, so it
// fires at a given 1/256 s. EXTI line 17 (rising edge), RTC_Alarm interrupt.

MP_REGISTER_ROOT_POINTER(mp_obj_t pyb_rtc_alarm_callback);
static uint64_t rtc_alarm_ns; // when the alarm fires (time_ns() scale), 0 if not set
static uint32_t rtc_alarm_repeat_ms; // period of a repeating alarm, else 0

static bool rtc_alarm_disable(void) {
    NVIC_DisableIRQ(RTC_Alarm_IRQn);
    rtc_alarm_ns = 0;
    rtc_unlock();
    RTC->CR &= ~(RTC_CR_ALRAE | RTC_CR_ALRAIE);
    rtc_lock();
    EXTI->IMR &= ~(1UL << EXTI_LINE_RTC_ALARM);
    rtc_isr_clear(RTC_ISR_ALRAF);
    EXTI->PR = 1UL << EXTI_LINE_RTC_ALARM;
    return rtc_wait(&RTC->ISR, RTC_ISR_ALRAWF, RTC_ISR_ALRAWF, RTC_TIMEOUT_MS);
}

// Arm alarm A for ns (time_ns() scale). An alarm matches the day of the month at most,
// so it must be less than a month ahead.
static bool rtc_alarm_set(uint64_t ns) {
    if (!rtc_alarm_disable()) {
        return false;
    }
    timeutils_struct_time_t tm;
    timeutils_seconds_since_epoch_to_struct_time(ns / 1000000000ULL, &tm);
    // SSR counts down: fraction f of a second is SS = PREDIV_S - f * (PREDIV_S + 1).
    uint32_t ss = RTC_SYNCH_PREDIV - (uint32_t)((ns % 1000000000ULL) * (RTC_SYNCH_PREDIV + 1) / 1000000000ULL);
    rtc_unlock();
    RTC->ALRMAR = bcd(tm.tm_mday) << RTC_ALRMAR_DU_Pos | bcd(tm.tm_hour) << RTC_TR_HU_Pos
        | bcd(tm.tm_min) << RTC_TR_MNU_Pos | bcd(tm.tm_sec) << RTC_TR_SU_Pos;
    RTC->ALRMASSR = 15UL << RTC_ALRMASSR_MASKSS_Pos | ss;
    RTC->CR |= RTC_CR_ALRAE | RTC_CR_ALRAIE;
    rtc_lock();
    rtc_alarm_ns = ns;
    uint32_t line = 1UL << EXTI_LINE_RTC_ALARM;
    EXTI->RTSR |= line;
    EXTI->IMR |= line;
    NVIC_SetPriority(RTC_Alarm_IRQn, IRQ_PRI_RTC);
    NVIC_ClearPendingIRQ(RTC_Alarm_IRQn);
    NVIC_EnableIRQ(RTC_Alarm_IRQn);
    return true;
}

void RTC_Alarm_IRQHandler(void);
void RTC_Alarm_IRQHandler(void) {
    rtc_isr_clear(RTC_ISR_ALRAF);
    EXTI->PR = 1UL << EXTI_LINE_RTC_ALARM;
    if (rtc_alarm_ns == 0) {
        return;
    }
    if (rtc_alarm_repeat_ms != 0) {
        rtc_alarm_set(rtc_alarm_ns + (uint64_t)rtc_alarm_repeat_ms * 1000000ULL);
    } else {
        rtc_alarm_disable();
    }
    rtc_call_hard(&MP_STATE_PORT(pyb_rtc_alarm_callback), "alarm");
}

void rtc_init0(void) {
    MP_STATE_PORT(pyb_rtc_wakeup_callback) = mp_const_none;
    MP_STATE_PORT(pyb_rtc_alarm_callback) = mp_const_none;
    if (RTC->CR & (RTC_CR_WUTE | RTC_CR_WUTIE)) {
        rtc_wakeup_config(false, 0, 0);
    }
    if (RTC->CR & (RTC_CR_ALRAE | RTC_CR_ALRAIE)) {
        rtc_alarm_disable();
    }
}

/******************************************************************************/
// MicroPython bindings

// RTC([id]): the single RTC (id 0).
static mp_obj_t pyb_rtc_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    mp_arg_check_num(n_args, n_kw, 0, 1, false);
    if (n_args == 1 && mp_obj_get_int(args[0]) != 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("RTC doesn't exist"));
    }
    return MP_OBJ_FROM_PTR(&pyb_rtc_obj);
}

// (year, month, day, weekday, hours, minutes, seconds, subseconds) -> rtc_datetime_t,
// with range checks. weekday is 1 (Monday) to 7 (Sunday) and stored as given, as on
// the stm32 port; 0 (not a valid RTC weekday) means "compute it from the date".
// subseconds cannot be set (RTC_SSR is read-only) and are ignored.
static void rtc_datetime_from_tuple(mp_obj_t tuple, rtc_datetime_t *dt) {
    mp_obj_t *items;
    mp_obj_get_array_fixed_n(tuple, 8, &items);
    mp_int_t v[7];
    for (int i = 0; i < 7; i++) {
        v[i] = mp_obj_get_int(items[i]);
    }
    mp_obj_get_int(items[7]); // still an integer
    if (v[0] < 2000 || v[0] > 2099 || v[1] < 1 || v[1] > 12
        || v[2] < 1 || v[2] > (mp_int_t)timeutils_days_in_month(v[0], v[1])
        || v[3] < 0 || v[3] > 7 || v[4] < 0 || v[4] > 23 || v[5] < 0 || v[5] > 59 || v[6] < 0 || v[6] > 59) {
        mp_raise_ValueError(MP_ERROR_TEXT("datetime out of range"));
    }
    dt->year = v[0];
    dt->month = v[1];
    dt->mday = v[2];
    dt->weekday = v[3] != 0 ? v[3] : timeutils_calc_weekday(v[0], v[1], v[2]) + 1;
    dt->hour = v[4];
    dt->minute = v[5];
    dt->second = v[6];
    dt->subsec = 0;
}

static void rtc_datetime_set_or_raise(mp_obj_t tuple) {
    rtc_datetime_t dt;
    rtc_datetime_from_tuple(tuple, &dt);
    if (!rtc_set_datetime(&dt)) {
        mp_raise_OSError(MP_ETIMEDOUT);
    }
}

// datetime([datetimetuple]): get, or set, the calendar. subseconds (the 8th item) is the
// raw RTC_SSR, counting down from 255 to 0 over each second.
static mp_obj_t pyb_rtc_datetime(size_t n_args, const mp_obj_t *args) {
    if (n_args == 2) {
        rtc_datetime_set_or_raise(args[1]);
        return mp_const_none;
    }
    rtc_datetime_t dt;
    rtc_get_datetime(&dt);
    mp_obj_t tuple[8] = {
        mp_obj_new_int(dt.year),
        mp_obj_new_int(dt.month),
        mp_obj_new_int(dt.mday),
        mp_obj_new_int(dt.weekday),
        mp_obj_new_int(dt.hour),
        mp_obj_new_int(dt.minute),
        mp_obj_new_int(dt.second),
        mp_obj_new_int(dt.subsec),
    };
    return mp_obj_new_tuple(8, tuple);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pyb_rtc_datetime_obj, 1, 2, pyb_rtc_datetime);

// init([datetimetuple]): restart the RTC from scratch (calendar back to 2015-01-01, as
// the stm32 port), then set the calendar if a datetime is given (machine.RTC.init).
static mp_obj_t pyb_rtc_init(size_t n_args, const mp_obj_t *args) {
    rtc_init_start(true);
    if (rtc_info == 0xffff) {
        mp_raise_OSError(MP_ETIMEDOUT);
    }
    if (n_args == 2) {
        rtc_datetime_set_or_raise(args[1]);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pyb_rtc_init_obj, 1, 2, pyb_rtc_init);

static mp_obj_t pyb_rtc_info(mp_obj_t self_in) {
    return mp_obj_new_int(rtc_info);
}
static MP_DEFINE_CONST_FUN_OBJ_1(pyb_rtc_info_obj, pyb_rtc_info);

// wakeup(None), wakeup(ms, callback=None), wakeup(wucksel, wut, callback): callback(rtc)
// runs as a hard interrupt handler on every expiry. ms is converted for a 32768 Hz
// RTCCLK as on the stm32 port (the register values its tests expect): from the 32 kHz
// LSI the periods come out 2.4 % longer than asked.
static mp_obj_t pyb_rtc_wakeup(size_t n_args, const mp_obj_t *args) {
    bool enable = false;
    uint32_t wucksel = 0, wut = 0;
    mp_obj_t callback = mp_const_none;
    if (n_args <= 3) {
        if (args[1] != mp_const_none) {
            mp_int_t ms = mp_obj_get_int(args[1]);
            if (ms < 0 || !rtc_wakeup_ms_to_reg(ms, 32768, &wucksel, &wut)) {
                mp_raise_ValueError(MP_ERROR_TEXT("wakeup value too large"));
            }
            enable = true;
        }
        if (n_args == 3) {
            callback = args[2];
        }
    } else {
        mp_int_t sel = mp_obj_get_int(args[1]);
        mp_int_t count = mp_obj_get_int(args[2]);
        if (sel < 0 || sel > 7 || count < 0 || count > 0xffff) {
            mp_raise_ValueError(NULL);
        }
        wucksel = sel;
        wut = count;
        callback = args[3];
        enable = true;
    }
    if (callback != mp_const_none && !mp_obj_is_callable(callback)) {
        mp_raise_TypeError(MP_ERROR_TEXT("callback must be None or a callable object"));
    }
    MP_STATE_PORT(pyb_rtc_wakeup_callback) = callback;
    if (!rtc_wakeup_config(enable, wucksel, wut)) {
        mp_raise_OSError(MP_ETIMEDOUT);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pyb_rtc_wakeup_obj, 2, 4, pyb_rtc_wakeup);

// calibration([cal]): smooth calibration over 32 s (RTC_CALR), cal in -511..512 (in
// units of 2**-20, about 0.954 ppm: positive speeds the clock up).
static mp_obj_t pyb_rtc_calibration(size_t n_args, const mp_obj_t *args) {
    if (n_args == 1) {
        uint32_t calr = RTC->CALR;
        mp_int_t calm = calr & RTC_CALR_CALM_Msk;
        return mp_obj_new_int((calr & RTC_CALR_CALP) ? 512 - calm : -calm);
    }
    mp_int_t cal = mp_obj_get_int(args[1]);
    if (cal < -511 || cal > 512) {
        mp_raise_ValueError(MP_ERROR_TEXT("calibration value out of range"));
    }
    // CALP adds 512 pulses per period, CALM masks up to 511.
    uint32_t calr = cal > 0 ? RTC_CALR_CALP | (512 - cal) : (uint32_t)-cal;
    rtc_unlock();
    // A new value is taken only once the previous one is applied (RM0090 26.3.11).
    bool ok = rtc_wait(&RTC->ISR, RTC_ISR_RECALPF, 0, RTC_TIMEOUT_MS);
    if (ok) {
        RTC->CALR = calr;
    }
    rtc_lock();
    if (!ok) {
        mp_raise_OSError(MP_ETIMEDOUT);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pyb_rtc_calibration_obj, 1, 2, pyb_rtc_calibration);

static void rtc_check_alarm_id(mp_obj_t id) {
    if (mp_obj_get_int(id) != 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("invalid alarm id"));
    }
}

// alarm(id, time, *, repeat=False): time is ms from now (repeat makes it periodic) or a
// datetime tuple (less than a month ahead: the alarm matches the day of the month).
static mp_obj_t machine_rtc_alarm(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_id, ARG_time, ARG_repeat };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_id, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_time, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
        { MP_QSTR_repeat, MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = false} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args - 1, pos_args + 1, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);
    rtc_check_alarm_id(args[ARG_id].u_obj);

    uint64_t now = rtc_get_time_ns();
    uint64_t when;
    uint32_t repeat_ms = 0;
    if (mp_obj_is_int(args[ARG_time].u_obj)) {
        mp_int_t ms = mp_obj_get_int(args[ARG_time].u_obj);
        if (ms < 0) { // (at most 2**31 - 1 ms, under 25 days: within a month)
            mp_raise_ValueError(MP_ERROR_TEXT("alarm time out of range"));
        }
        if (args[ARG_repeat].u_bool) {
            if (ms < 10) {
                mp_raise_ValueError(MP_ERROR_TEXT("alarm time out of range"));
            }
            repeat_ms = ms;
        }
        when = now + (uint64_t)ms * 1000000ULL;
    } else {
        if (args[ARG_repeat].u_bool) {
            mp_raise_ValueError(MP_ERROR_TEXT("repeat needs a time in ms"));
        }
        rtc_datetime_t dt;
        rtc_datetime_from_tuple(args[ARG_time].u_obj, &dt);
        when = (uint64_t)timeutils_seconds_since_epoch(dt.year, dt.month, dt.mday, dt.hour, dt.minute, dt.second) * 1000000000ULL;
        if (when <= now || when - now > 28ULL * 86400 * 1000000000ULL) {
            mp_raise_ValueError(MP_ERROR_TEXT("alarm time out of range"));
        }
    }
    // Two sub-second steps ahead at least, so that the match is still to come.
    uint64_t min_ns = 2 * 1000000000ULL / (RTC_SYNCH_PREDIV + 1) + 1;
    if (when < now + min_ns) {
        when = now + min_ns;
    }
    rtc_alarm_repeat_ms = repeat_ms;
    if (!rtc_alarm_set(when)) {
        mp_raise_OSError(MP_ETIMEDOUT);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(machine_rtc_alarm_obj, 1, machine_rtc_alarm);

// alarm_left(alarm_id=0): ms until the alarm fires, 0 if none is set.
static mp_obj_t machine_rtc_alarm_left(size_t n_args, const mp_obj_t *args) {
    if (n_args == 2) {
        rtc_check_alarm_id(args[1]);
    }
    uint64_t when = rtc_alarm_ns;
    uint64_t now = rtc_get_time_ns();
    return mp_obj_new_int_from_uint(when > now ? (when - now) / 1000000ULL : 0);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(machine_rtc_alarm_left_obj, 1, 2, machine_rtc_alarm_left);

// cancel(alarm_id=0)
static mp_obj_t machine_rtc_cancel(size_t n_args, const mp_obj_t *args) {
    if (n_args == 2) {
        rtc_check_alarm_id(args[1]);
    }
    rtc_alarm_disable();
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(machine_rtc_cancel_obj, 1, 2, machine_rtc_cancel);

// irq(*, trigger=RTC.ALARM0, handler=None, wake=...): handler(rtc) runs in the alarm
// interrupt (hard, heap locked). The alarm wakes the board from lightsleep whatever wake is.
static mp_obj_t machine_rtc_irq(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    enum { ARG_trigger, ARG_handler, ARG_wake };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_trigger, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0} },
        { MP_QSTR_handler, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
        { MP_QSTR_wake, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args - 1, pos_args + 1, kw_args, MP_ARRAY_SIZE(allowed_args), allowed_args, args);
    if (args[ARG_trigger].u_int != 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("invalid trigger"));
    }
    mp_obj_t handler = args[ARG_handler].u_obj;
    if (handler != mp_const_none && !mp_obj_is_callable(handler)) {
        mp_raise_TypeError(MP_ERROR_TEXT("handler must be None or a callable object"));
    }
    MP_STATE_PORT(pyb_rtc_alarm_callback) = handler;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(machine_rtc_irq_obj, 1, machine_rtc_irq);

static const mp_rom_map_elem_t pyb_rtc_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_init), MP_ROM_PTR(&pyb_rtc_init_obj) },
    { MP_ROM_QSTR(MP_QSTR_info), MP_ROM_PTR(&pyb_rtc_info_obj) },
    { MP_ROM_QSTR(MP_QSTR_datetime), MP_ROM_PTR(&pyb_rtc_datetime_obj) },
    { MP_ROM_QSTR(MP_QSTR_wakeup), MP_ROM_PTR(&pyb_rtc_wakeup_obj) },
    { MP_ROM_QSTR(MP_QSTR_calibration), MP_ROM_PTR(&pyb_rtc_calibration_obj) },
    { MP_ROM_QSTR(MP_QSTR_alarm), MP_ROM_PTR(&machine_rtc_alarm_obj) },
    { MP_ROM_QSTR(MP_QSTR_alarm_left), MP_ROM_PTR(&machine_rtc_alarm_left_obj) },
    { MP_ROM_QSTR(MP_QSTR_cancel), MP_ROM_PTR(&machine_rtc_cancel_obj) },
    { MP_ROM_QSTR(MP_QSTR_irq), MP_ROM_PTR(&machine_rtc_irq_obj) },
    { MP_ROM_QSTR(MP_QSTR_ALARM0), MP_ROM_INT(0) },
};
static MP_DEFINE_CONST_DICT(pyb_rtc_locals_dict, pyb_rtc_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(
    pyb_rtc_type,
    MP_QSTR_RTC,
    MP_TYPE_FLAG_NONE,
    make_new, pyb_rtc_make_new,
    locals_dict, &pyb_rtc_locals_dict
    );
