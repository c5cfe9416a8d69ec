# machine.RTC / pyb.RTC on the RTC model, the wall clock of the time module, and
# machine.lightsleep (Stop mode timed by the RTC wakeup timer).
import machine
import pyb
import time
import unittest


def _wait_second_edge(rtc):
    # Return just after the RTC's seconds change, so that short measurements do not
    # straddle an unknown fraction of a second.
    s = rtc.datetime()[6]
    while rtc.datetime()[6] == s:
        pass


class TestRTCDatetime(unittest.TestCase):
    def setUp(self):
        self.rtc = machine.RTC()

    def test_same_class_as_pyb(self):
        self.assertIs(machine.RTC, pyb.RTC)
        self.assertIs(type(self.rtc), pyb.RTC)

    def test_round_trip(self):
        for dt in (
            (2024, 2, 29, 4, 23, 59, 58, 0),
            (2000, 1, 1, 6, 0, 0, 0, 0),
            (2099, 12, 31, 4, 12, 34, 56, 0),
        ):
            self.rtc.datetime(dt)
            got = self.rtc.datetime()
            self.assertEqual(len(got), 8)
            self.assertEqual(got[:6], dt[:6])
            self.assertIn(got[6], (dt[6], dt[6] + 1))
            self.assertTrue(0 <= got[7] <= 255, got[7])

    def test_rollover_to_new_year(self):
        self.rtc.datetime((2023, 12, 31, 7, 23, 59, 59, 0))
        time.sleep_ms(1500)
        got = self.rtc.datetime()
        # Day, month and year roll over; the weekday goes from 7 (Sunday) to 1.
        self.assertEqual(got[:6], (2024, 1, 1, 1, 0, 0))
        self.assertIn(got[6], (0, 1))

    def test_weekday_zero_is_computed(self):
        # 2024-05-13 is a Monday: weekday 1.
        self.rtc.datetime((2024, 5, 13, 0, 8, 0, 0, 0))
        self.assertEqual(self.rtc.datetime()[3], 1)

    def test_advances_with_virtual_time(self):
        self.rtc.datetime((2022, 6, 1, 3, 10, 0, 0, 0))
        t0 = time.time()
        time.sleep_ms(2000)
        # 2 s of SysTick against the RTC's seconds; loose by one second either way, as
        # SysTick (QEMU's ptimer) is not exact against the virtual clock on a busy host.
        self.assertIn(time.time() - t0, (1, 2, 3))
        self.assertEqual(self.rtc.datetime()[:6], (2022, 6, 1, 3, 10, 0))
        self.assertIn(self.rtc.datetime()[6], (1, 2, 3))

    def test_subseconds_count_down(self):
        _wait_second_edge(self.rtc)
        a = self.rtc.datetime()[7]
        time.sleep_ms(100)
        b = self.rtc.datetime()[7]
        # 256 steps a second, counting down: about 26 in 100 ms. (Loose: under host load
        # QEMU's SysTick drops ticks, so sleep_ms() lasts longer than the RTC says.)
        self.assertGreaterEqual(a, 250)
        self.assertTrue(20 <= a - b <= 40, (a, b))

    def test_init_resets_calendar(self):
        self.rtc.init()
        self.assertEqual(self.rtc.datetime()[:6], (2015, 1, 1, 4, 0, 0))
        self.rtc.init((2030, 3, 4, 1, 5, 6, 7, 0))
        self.assertEqual(self.rtc.datetime()[:6], (2030, 3, 4, 1, 5, 6))

    def test_info(self):
        info = self.rtc.info()
        self.assertNotEqual(info & 0xffff, 0xffff)
        self.assertTrue(info & (0x20000000 | 0x80000), hex(info))

    def test_calibration(self):
        for cal in (512, 345, 1, 0, -1, -511):
            self.rtc.calibration(cal)
            self.assertEqual(self.rtc.calibration(), cal)
        self.rtc.calibration(0)


class TestRTCErrors(unittest.TestCase):
    def setUp(self):
        self.rtc = machine.RTC()

    def test_bad_datetime(self):
        for dt in (
            (1999, 1, 1, 1, 0, 0, 0, 0),
            (2100, 1, 1, 1, 0, 0, 0, 0),
            (2024, 13, 1, 1, 0, 0, 0, 0),
            (2023, 2, 29, 1, 0, 0, 0, 0),
            (2024, 1, 1, 8, 0, 0, 0, 0),
            (2024, 1, 1, 1, 24, 0, 0, 0),
            (2024, 1, 1, 1, 0, 60, 0, 0),
            (2024, 1, 1, 1, 0, 0, 60, 0),
            (2024, 1, 1, 1, 0, 0, 0),
        ):
            with self.assertRaises(ValueError):
                self.rtc.datetime(dt)
        with self.assertRaises(TypeError):
            self.rtc.datetime((2024, "1", 1, 1, 0, 0, 0, 0))
        with self.assertRaises(TypeError):
            self.rtc.datetime(2024)

    def test_bad_id(self):
        with self.assertRaises(ValueError):
            machine.RTC(1)

    def test_bad_calibration(self):
        with self.assertRaises(ValueError):
            self.rtc.calibration(513)
        with self.assertRaises(ValueError):
            self.rtc.calibration(-512)

    def test_bad_wakeup(self):
        with self.assertRaises(ValueError):
            self.rtc.wakeup(0x20001 * 1000)
        with self.assertRaises(TypeError):
            self.rtc.wakeup(100, 5)


class TestRTCWakeup(unittest.TestCase):
    def tearDown(self):
        machine.RTC().wakeup(None)

    def test_callback_count(self):
        rtc = machine.RTC()
        count = [0]

        def cb(r):
            count[0] += 1

        rtc.wakeup(100, cb)
        time.sleep_ms(1000)
        rtc.wakeup(None)
        n = count[0]
        # 100 ms is programmed for a 32768 Hz RTCCLK (as upstream); from the 32 kHz
        # LSI the period is 102.4 ms: 9 or 10 in one second.
        # (More if QEMU's SysTick drops ticks under host load: sleep_ms() lasts longer.)
        self.assertTrue(8 <= n <= 13, n)
        time.sleep_ms(300)
        self.assertEqual(count[0], n)

    def test_registers(self):
        # The stm32 port's ms -> (WUCKSEL, WUT) mapping.
        import stm

        rtc = machine.RTC()
        for ms, expect in ((1, (3, 15)), (4001, (2, 32775)), (32001, (4, 31)), (0x1FFFF * 1000, (6, 65534))):
            rtc.wakeup(ms)
            cr = stm.mem32[stm.RTC + stm.RTC_CR]
            self.assertEqual((cr & 7, stm.mem32[stm.RTC + stm.RTC_WUTR] & 0xFFFF), expect)
            self.assertTrue(cr & (1 << 10))  # WUTE
        rtc.wakeup(None)
        self.assertFalse(stm.mem32[stm.RTC + stm.RTC_CR] & (1 << 10))


class TestRTCAlarm(unittest.TestCase):
    def setUp(self):
        self.rtc = machine.RTC()
        self.count = [0]

        def cb(r):
            self.count[0] += 1

        self.rtc.irq(trigger=machine.RTC.ALARM0, handler=cb)

    def tearDown(self):
        self.rtc.cancel()
        self.rtc.irq(handler=None)

    def test_one_shot(self):
        self.rtc.alarm(0, 300)
        self.assertTrue(250 <= self.rtc.alarm_left() <= 300, self.rtc.alarm_left())
        time.sleep_ms(100)
        self.assertEqual(self.count[0], 0)
        time.sleep_ms(400)
        self.assertEqual(self.count[0], 1)
        self.assertEqual(self.rtc.alarm_left(), 0)
        time.sleep_ms(300)
        self.assertEqual(self.count[0], 1)

    def test_repeat_and_cancel(self):
        self.rtc.alarm(0, 100, repeat=True)
        time.sleep_ms(550)
        self.rtc.cancel()
        n = self.count[0]
        self.assertTrue(4 <= n <= 7, n)
        time.sleep_ms(300)
        self.assertEqual(self.count[0], n)
        self.assertEqual(self.rtc.alarm_left(), 0)

    def test_datetime_alarm_wakes_lightsleep(self):
        # Across a month boundary: the alarm matches day 1, 00:00:01.
        self.rtc.datetime((2024, 3, 31, 7, 23, 59, 58, 0))
        self.rtc.alarm(0, (2024, 4, 1, 1, 0, 0, 1, 0))
        machine.lightsleep()  # no timeout: only an EXTI line (here the alarm) ends it
        self.assertEqual(self.count[0], 1)
        self.assertEqual(self.rtc.datetime()[:7], (2024, 4, 1, 1, 0, 0, 1))

    def test_errors(self):
        with self.assertRaises(ValueError):
            self.rtc.alarm(1, 100)
        with self.assertRaises(ValueError):
            self.rtc.alarm(0, -1)
        with self.assertRaises(ValueError):
            self.rtc.alarm(0, (2024, 1, 1, 1, 0, 0, 0, 0), repeat=True)
        with self.assertRaises(ValueError):
            self.rtc.alarm(0, (2001, 1, 1, 1, 0, 0, 0, 0))  # in the past
        with self.assertRaises(ValueError):
            self.rtc.irq(trigger=5)
        with self.assertRaises(TypeError):
            self.rtc.irq(handler=3)


class TestTimeFromRTC(unittest.TestCase):
    def test_time_matches_datetime(self):
        rtc = machine.RTC()
        rtc.datetime((2021, 7, 8, 4, 9, 10, 11, 0))
        self.assertIn(time.time() - time.mktime((2021, 7, 8, 9, 10, 11, 0, 0)), (0, 1))
        lt = time.localtime()
        self.assertEqual(lt[:5], (2021, 7, 8, 9, 10))
        self.assertEqual(lt[6], 3)  # Thursday, computed (0 = Monday)
        self.assertEqual(lt[7], 189)

    def test_localtime_mktime_consistent(self):
        for t in (0, 86399, 951782400, 2147483647, time.time()):
            self.assertEqual(time.mktime(time.localtime(t)), t)
            self.assertEqual(time.gmtime(t), time.localtime(t))

    def test_epoch_2000(self):
        machine.RTC().datetime((2000, 1, 1, 6, 0, 0, 0, 0))
        self.assertIn(time.time(), (0, 1))
        self.assertEqual(time.gmtime(0)[:6], (2000, 1, 1, 0, 0, 0))

    def test_time_ns_has_subseconds(self):
        rtc = machine.RTC()
        rtc.datetime((2022, 1, 1, 6, 0, 0, 0, 0))
        _wait_second_edge(rtc)
        a = time.time_ns()
        time.sleep_ms(500)
        d = time.time_ns() - a
        # 1/256 s resolution (and SysTick may lag the RTC under host load).
        self.assertTrue(490 <= d / 1e6 <= 700, d)
        self.assertNotEqual(d % 1000000000, 0)


class TestLightsleep(unittest.TestCase):
    def test_lightsleep_duration(self):
        t0 = time.ticks_ms()
        n0 = time.time_ns()
        machine.lightsleep(300)
        dt = time.ticks_diff(time.ticks_ms(), t0)
        dn = (time.time_ns() - n0) // 1000000
        # The RTC measures the sleep (to 1/256 s) and the ticks are moved on by it.
        self.assertTrue(290 <= dn <= 320, dn)
        self.assertTrue(290 <= dt <= 320, dt)

    def test_soft_timer_runs_on_after_lightsleep(self):
        # The ticks jump forward after the sleep: machine.Timer(-1) must not get stuck.
        n = [0]

        def cb(t):
            n[0] += 1

        t = machine.Timer(-1, period=100, callback=cb)
        try:
            machine.lightsleep(300)
            a = n[0]
            time.sleep_ms(500)
            self.assertGreaterEqual(n[0] - a, 4)
        finally:
            t.deinit()

    def test_pyb_stop_and_sleep_alias(self):
        self.assertIs(pyb.stop, machine.lightsleep)
        self.assertIs(machine.sleep, machine.lightsleep)
        self.assertIs(pyb.standby, machine.deepsleep)

    def test_lightsleep_zero_returns(self):
        t0 = time.ticks_ms()
        machine.lightsleep(0)
        self.assertLess(time.ticks_diff(time.ticks_ms(), t0), 10)

    def test_wakeup_disabled_after(self):
        import stm

        machine.lightsleep(20)
        self.assertFalse(stm.mem32[stm.RTC + stm.RTC_CR] & (1 << 10))


class TestResetCause(unittest.TestCase):
    def test_constants(self):
        self.assertEqual(
            (machine.SOFT_RESET, machine.PWRON_RESET, machine.HARD_RESET, machine.WDT_RESET, machine.DEEPSLEEP_RESET),
            (0, 1, 2, 3, 4),
        )

    def test_after_soft_reset(self):
        # run.py soft-resets the board before each file.
        self.assertEqual(machine.reset_cause(), machine.SOFT_RESET)
