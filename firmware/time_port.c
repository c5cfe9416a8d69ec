// Port part of the time module. Never compiled standalone: extmod/modtime.c
// includes it via MICROPY_PY_TIME_INCLUDEFILE.
//
// Wall-clock time comes from the RTC calendar (rtc.c), with the stm32 port's epoch
// 2000-01-01 00:00:00; time_ns() (mp_hal_time_ns) adds the RTC's sub-seconds. The
// ticks_* functions stay on SysTick.

#include "py/mphal.h"
#include "shared/timeutils/timeutils.h"
#include "rtc.h"

// (year, month, mday, hour, minute, second, weekday, yearday), weekday 0 = Monday.
// The weekday is computed from the date, so localtime() == gmtime(time()) whatever
// weekday was given to RTC.datetime() (the stm32 port returns the stored one).
static mp_obj_t mp_time_localtime_get(void) {
    rtc_datetime_t dt;
    rtc_get_datetime(&dt);
    mp_obj_t tuple[8] = {
        mp_obj_new_int(dt.year),
        mp_obj_new_int(dt.month),
        mp_obj_new_int(dt.mday),
        mp_obj_new_int(dt.hour),
        mp_obj_new_int(dt.minute),
        mp_obj_new_int(dt.second),
        mp_obj_new_int(timeutils_calc_weekday(dt.year, dt.month, dt.mday)),
        mp_obj_new_int(timeutils_year_day(dt.year, dt.month, dt.mday)),
    };
    return mp_obj_new_tuple(8, tuple);
}

// Seconds since the epoch, as an integer.
static mp_obj_t mp_time_time_get(void) {
    rtc_datetime_t dt;
    rtc_get_datetime(&dt);
    return mp_obj_new_int_from_uint(timeutils_seconds_since_epoch(dt.year, dt.month, dt.mday,
        dt.hour, dt.minute, dt.second));
}
