# Timing: how long sleep_ms() really sleeps, measured with ticks_us().
import time

for ms in (1, 10, 100):
    t0 = time.ticks_us()
    time.sleep_ms(ms)
    dt = time.ticks_diff(time.ticks_us(), t0)
    print("sleep_ms({:3d}) took {:6d} us".format(ms, dt))

# A busy loop: iterations per millisecond at the board's clock.
n = 0
end = time.ticks_add(time.ticks_ms(), 100)
while time.ticks_diff(end, time.ticks_ms()) > 0:
    n += 1
print("busy loop: {} iterations in 100 ms".format(n))
