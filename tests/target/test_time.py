# time module: SysTick-based ticks and sleeps.
import time
import unittest


class TestTime(unittest.TestCase):
    def test_ticks_ms_advances_with_sleep(self):
        t0 = time.ticks_ms()
        time.sleep_ms(50)
        dt = time.ticks_diff(time.ticks_ms(), t0)
        self.assertGreaterEqual(dt, 49)
        self.assertLess(dt, 200)

    def test_ticks_us_consistent_with_ms(self):
        u0, m0 = time.ticks_us(), time.ticks_ms()
        time.sleep_ms(20)
        du = time.ticks_diff(time.ticks_us(), u0)
        dm = time.ticks_diff(time.ticks_ms(), m0)
        self.assertAlmostEqual(du / 1000, dm, delta=2)

    def test_ticks_us_monotonic(self):
        last = time.ticks_us()
        for _ in range(200):
            now = time.ticks_us()
            self.assertGreaterEqual(time.ticks_diff(now, last), 0)
            last = now

    def test_ticks_add_diff_wrap(self):
        self.assertEqual(time.ticks_diff(time.ticks_add(0, -1), 0), -1)
        self.assertEqual(time.ticks_diff(time.ticks_add(5, 10), 5), 10)

    def test_sleep_us(self):
        t0 = time.ticks_us()
        time.sleep_us(500)
        self.assertGreaterEqual(time.ticks_diff(time.ticks_us(), t0), 500)

    def test_time_ns_increases(self):
        # time_ns() comes from the RTC: its resolution is one sub-second step, 1/256 s.
        a = time.time_ns()
        time.sleep_ms(10)
        self.assertGreater(time.time_ns(), a)
