# The real-time clock: set the calendar, read it back a little later, and get a
# callback from the RTC wakeup timer every 250 ms. time.localtime() reads the RTC too.
import time
import pyb

rtc = pyb.RTC()
rtc.datetime((2026, 1, 2, 5, 12, 0, 0, 0))   # year, month, day, weekday, h, m, s, subsec
wakeups = 0


def woke(rtc_obj):
    global wakeups
    wakeups += 1


rtc.wakeup(250, woke)
time.sleep_ms(1100)
rtc.wakeup(None)
print("now", rtc.datetime()[:7], "localtime", time.localtime()[:6])
print("wakeups", wakeups)
