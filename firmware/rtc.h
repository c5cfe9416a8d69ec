// The RTC (RM0090 ch. 26): calendar, wakeup timer and smooth calibration, clocked
// from the LSI as on MicroPython's STM32F4DISC board. machine.RTC and pyb.RTC.
#ifndef MICROPY_INCLUDED_RTC_H
#define MICROPY_INCLUDED_RTC_H

#include <stdbool.h>
#include <stdint.h>
#include "py/obj.h"

// RTCCLK: the LSI, nominally 32 kHz (the Discovery has no LSE crystal fitted).
#define RTC_LSI_HZ (32000)

extern const mp_obj_type_t pyb_rtc_type;

// At power-on/reset, before machine_init() clears the RCC reset flags: starts the LSI
// and the RTC, unless the RTC already runs from it (the calendar survives resets).
// force re-initialises everything, including the calendar.
void rtc_init_start(bool force);
// Soft reset: wakeup/alarm interrupts off, callbacks dropped.
void rtc_init0(void);

// Wall-clock time from the calendar: nanoseconds since 2000-01-01 00:00:00.
uint64_t rtc_get_time_ns(void);

// The calendar as broken-down time; subsec is the raw RTC_SSR value.
typedef struct {
    uint16_t year;
    uint8_t month, mday, weekday, hour, minute, second;
    uint32_t subsec;
} rtc_datetime_t;
void rtc_get_datetime(rtc_datetime_t *dt);

// Wakeup timer for machine.lightsleep/deepsleep: period ms from an RTCCLK of clk_hz,
// interrupt on EXTI line 22 without a Python callback; ms = 0 turns it off.
// Raises ValueError if ms does not fit (more than about 36 hours).
void rtc_wakeup_set_ms(uint32_t ms, uint32_t clk_hz);
// After a wakeup from Stop mode: wait until the shadow registers hold the calendar again.
void rtc_resync(void);

#endif // MICROPY_INCLUDED_RTC_H
