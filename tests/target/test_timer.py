# Timers: pyb.Timer/TimerChannel, machine.Timer (hardware TIMn and soft), pyb.Servo,
# checked against the TIM registers (RM0090) and against SysTick time.
import machine
import pyb
import time
import unittest
from machine import Pin, mem32
from pyb import Timer

TIM_BASE = {
    1: 0x40010000, 2: 0x40000000, 3: 0x40000400, 4: 0x40000800, 5: 0x40000C00,
    6: 0x40001000, 7: 0x40001400, 8: 0x40010400, 9: 0x40014000, 10: 0x40014400,
    11: 0x40014800, 12: 0x40001800, 13: 0x40001C00, 14: 0x40002000,
}
CR1, DIER, SR, CCMR1, CCER, CNT, PSC, ARR, CCR1 = 0x00, 0x0C, 0x10, 0x18, 0x20, 0x24, 0x28, 0x2C, 0x34


def reg(tim, off):
    return mem32[TIM_BASE[tim] + off] & 0xFFFFFFFF


def duty_of(pin, ms=200):
    """Fraction of the time pin reads high over ms, weighted by time (each read
    counts for the time until the next one), so the loop's speed does not matter."""
    high = 0
    t0 = last = time.ticks_us()
    v = pin.value()
    while True:
        now = time.ticks_us()
        if v:
            high += time.ticks_diff(now, last)
        last = now
        if time.ticks_diff(now, t0) >= ms * 1000:
            return high / time.ticks_diff(now, t0)
        v = pin.value()


def counter():
    """A callback that counts its calls and keeps its last argument, without
    allocating (pyb.Timer callbacks run with the heap locked)."""
    n = [0, None]

    def cb(t):
        n[0] += 1
        n[1] = t

    return n, cb


def count_for(ms, n, systick=False):
    """Sleep ms, return (calls counted, measured ms). Hardware timers are measured
    with the DWT cycle counter (168 MHz), which QEMU derives from its virtual clock;
    SysTick ticks that a busy host delivers late merge, so ticks_ms can fall behind
    it. Soft timers run on those SysTick ticks: they are measured in ticks_ms."""
    start_n = n[0]
    if systick:
        t0 = time.ticks_ms()
        time.sleep_ms(ms)
        return n[0] - start_n, time.ticks_diff(time.ticks_ms(), t0)
    c0 = time.ticks_cpu()
    time.sleep_ms(ms)
    return n[0] - start_n, time.ticks_diff(time.ticks_cpu(), c0) / 168000


def near(got, expected):
    """A rate check that still tells a wrong clock (x2, /2) from host jitter:
    QEMU follows host time, and a busy host delays (and so merges) some events."""
    return abs(got - expected) <= 2 + expected // 4


class TestTimerArithmetic(unittest.TestCase):
    def tearDown(self):
        for i in (1, 2, 4, 9, 12):
            Timer(i).deinit()

    def test_source_freq_apb_x2_rule(self):
        # HCLK 168 MHz, APB1 42 MHz (/4), APB2 84 MHz (/2): timers run at 2 x PCLK.
        self.assertEqual(machine.freq(), (168000000, 168000000, 42000000, 84000000))
        for i in (2, 3, 4, 5, 6, 7, 12, 13, 14):
            self.assertEqual(Timer(i).source_freq(), 84000000, i)
        for i in (1, 8, 9, 10, 11):
            self.assertEqual(Timer(i).source_freq(), 168000000, i)

    def test_freq_gives_prescaler_and_period(self):
        # 84 MHz / 1 kHz = 84000 counts: too many for 16 bits, 5 goes into the prescaler.
        t = Timer(4, freq=1000)
        self.assertEqual((t.prescaler(), t.period()), (4, 16799))
        self.assertEqual((reg(4, PSC), reg(4, ARR)), (4, 16799))
        self.assertEqual(t.freq(), 1000)
        # TIM2 is 32 bits: no prescaler needed.
        t = Timer(2, freq=100)
        self.assertEqual((t.prescaler(), t.period()), (0, 839999))
        self.assertEqual(t.freq(), 100)
        # TIM1 and TIM9 at 168 MHz.
        t = Timer(1, freq=1000)
        self.assertEqual((t.prescaler(), t.period()), (4, 33599))
        t = Timer(9, freq=50)
        self.assertEqual(t.freq(), 50)
        self.assertEqual((t.prescaler() + 1) * (t.period() + 1), 168000000 // 50)

    def test_float_and_fractional_freq(self):
        t = Timer(2, freq=100)
        t.freq(0.001)
        self.assertAlmostEqual(t.freq(), 0.001, delta=1e-6)
        t.freq(1.5)
        self.assertAlmostEqual(t.freq(), 1.5, delta=1e-4)

    def test_prescaler_period_direct_and_tick_hz(self):
        t = Timer(4, prescaler=83, period=999)
        self.assertEqual(t.freq(), 1000)
        t.prescaler(300)
        t.period(400)
        self.assertEqual((t.prescaler(), t.period()), (300, 400))
        t = Timer(12, period=20)  # 20 ms at the default tick_hz=1000
        self.assertEqual(t.freq(), 50)
        t = Timer(12, period=250, tick_hz=1000000)  # 250 us
        self.assertEqual(t.freq(), 4000)

    def test_print(self):
        t = Timer(4)
        t.deinit()
        self.assertEqual(str(t), "Timer(4)")
        t.init(freq=1000)
        self.assertEqual(str(t), "Timer(4, freq=1000, prescaler=4, period=16799, mode=UP, div=1)")
        t = Timer(1, freq=1000, mode=Timer.CENTER, div=2, deadtime=20)
        self.assertEqual(str(t), "Timer(1, freq=1000, prescaler=4, period=33599, mode=CENTER, div=2, "
                                 "deadtime=20, brk=BRK_OFF)")

    def test_same_object_per_timer(self):
        self.assertIs(Timer(4), Timer(4))

    def test_errors(self):
        for bad in (0, 15, -1):
            with self.assertRaises(ValueError):
                Timer(bad)
        t = Timer(4)
        with self.assertRaises(TypeError):
            t.init()
        with self.assertRaises(ValueError):
            t.init(freq=0)
        with self.assertRaises(ValueError):
            t.init(freq=1000, mode=3)
        with self.assertRaises(ValueError):
            t.init(freq=0.01)  # below 84 MHz / 2**16 / 2**16 for a 16-bit timer
        with self.assertRaises(ValueError):
            t.init(period=100000000)  # 100000 s
        t.init(freq=1000)
        for ch in (0, 5):
            with self.assertRaises(ValueError):
                t.channel(ch, Timer.PWM)
        with self.assertRaises(ValueError):
            Timer(6, freq=10).channel(1, Timer.PWM)  # basic timer: no channels
        with self.assertRaises(ValueError):
            Timer(12, freq=10).channel(3, Timer.PWM)  # TIM12 has CH1-2
        with self.assertRaises(ValueError):
            t.channel(1, Timer.PWM, pin=Pin("PA4"))  # no TIM4 on PA4
        with self.assertRaises(ValueError):
            t.callback(1)
        Timer(6).deinit()
        Timer(12).deinit()


class TestTimerCounting(unittest.TestCase):
    def tearDown(self):
        Timer(2).deinit()
        Timer(5).deinit()

    def test_counts_at_the_configured_rate(self):
        t = Timer(2, prescaler=83, period=0x3FFFFFFF)  # 84 MHz / 84 = 1 MHz
        self.assertEqual(reg(2, CR1) & 1, 1)  # CEN
        # Against the DWT cycle counter (168 MHz): both follow QEMU's virtual clock,
        # which is host time, so a host that deschedules QEMU between the two reads
        # shows as a difference, hence the margin.
        c0, u0 = t.counter(), time.ticks_cpu()
        time.sleep_ms(200)
        c1, u1 = t.counter(), time.ticks_cpu()
        us = time.ticks_diff(u1, u0) // 168
        self.assertAlmostEqual(c1 - c0, us, delta=us // 20 + 1000)

    def test_counter_set_and_down_mode(self):
        t = Timer(5, prescaler=8399, period=0x3FFFFFFF, mode=Timer.DOWN)  # 10 kHz
        self.assertEqual(reg(5, CR1) & 0x10, 0x10)  # DIR
        t.counter(100000)
        time.sleep_ms(20)
        c = t.counter()
        self.assertLess(c, 100000)
        self.assertGreater(c, 100000 - 1000)

    def test_deinit_stops_counter(self):
        t = Timer(2, freq=1000)
        t.deinit()
        self.assertEqual(reg(2, CR1), 0)
        c = t.counter()
        time.sleep_ms(5)
        self.assertEqual(t.counter(), c)


class TestTimerCallbacks(unittest.TestCase):
    def tearDown(self):
        for i in (1, 3, 4, 8, 10):
            Timer(i).deinit()

    def check_rate(self, tim_id, freq):
        n, cb = counter()
        Timer(tim_id, freq=freq, callback=cb)
        got, ms = count_for(300, n)
        self.assertTrue(near(got, ms * freq / 1000), (tim_id, got, ms))
        self.assertIs(n[1], Timer(tim_id))  # called with the timer object
        return n

    def test_rate_general_purpose(self):
        self.check_rate(3, 100)

    def test_rate_advanced_and_shared_lines(self):
        # TIM1 update and TIM10 share one NVIC line; TIM8 and TIM13 another.
        self.check_rate(1, 200)
        self.check_rate(10, 50)
        self.check_rate(8, 100)

    def test_callback_none_and_deinit_stop_callbacks(self):
        n = self.check_rate(4, 500)
        Timer(4).callback(None)
        self.assertEqual(reg(4, DIER) & 1, 0)  # UIE off
        self.assertEqual(reg(4, CR1) & 1, 1)  # still counting
        self.assertEqual(count_for(30, n)[0], 0)
        n, cb = counter()
        Timer(4).callback(cb)
        self.assertGreater(count_for(30, n)[0], 5)
        Timer(4).deinit()
        self.assertEqual(str(Timer(4)), "Timer(4)")
        self.assertEqual(count_for(30, n)[0], 0)

    def test_callback_disables_itself(self):
        hits = [0]

        def cb(t):
            hits[0] += 1
            t.callback(None)

        Timer(3, freq=1000, callback=cb)
        time.sleep_ms(20)
        self.assertEqual(hits[0], 1)

    def test_callback_is_hard(self):
        # In the interrupt the heap is locked: allocating raises MemoryError there.
        res = [None]

        def cb(t):
            try:
                res[0] = [1, 2, 3]
            except MemoryError:
                res[0] = "MemoryError"
            t.callback(None)

        Timer(3, freq=1000, callback=cb)
        time.sleep_ms(20)
        self.assertEqual(res[0], "MemoryError")

    def test_channel_compare_callback(self):
        t = Timer(4, freq=200)
        n, cb = counter()
        ch = t.channel(1, Timer.OC_TIMING, compare=1000, callback=cb)
        self.assertEqual(reg(4, CCR1), 1000)
        self.assertEqual(reg(4, DIER) & 0x2, 0x2)  # CC1IE
        got, ms = count_for(200, n)
        self.assertTrue(near(got, ms * 200 / 1000), (got, ms))
        ch.callback(None)
        self.assertEqual(count_for(20, n)[0], 0)


class TestTimerChannels(unittest.TestCase):
    def tearDown(self):
        Timer(4).deinit()
        Timer(2).deinit()

    def test_pwm_registers_and_percent(self):
        t = Timer(4, freq=1000)  # ARR 16799
        ch = t.channel(1, Timer.PWM, pin=Pin("PB6"), pulse_width_percent=25)
        self.assertEqual(ch.pulse_width(), 4200)
        self.assertEqual(reg(4, CCR1), 4200)
        self.assertEqual((reg(4, CCMR1) >> 4) & 7, 6)  # OC1M = PWM mode 1
        self.assertEqual(reg(4, CCER) & 3, 1)  # CC1E, active high
        self.assertAlmostEqual(ch.pulse_width_percent(), 25.0, delta=0.01)
        self.assertEqual(Pin("PB6").mode(), Pin.ALT)
        self.assertEqual(Pin("PB6").af(), 2)
        ch.pulse_width(8400)
        self.assertAlmostEqual(ch.pulse_width_percent(), 50.0, delta=0.01)
        self.assertIs(t.channel(1), ch)
        self.assertIsNone(t.channel(2))
        self.assertEqual(str(ch), "TimerChannel(timer=4, channel=1, mode=PWM)")
        inv = t.channel(2, Timer.PWM_INVERTED, pulse_width=100)
        self.assertEqual((reg(4, CCMR1) >> 12) & 7, 7)  # OC2M = PWM mode 2
        self.assertEqual(inv.compare(), 100)

    def test_pwm_output_level_on_pin(self):
        # A pin in AF mode reads the timer's output in IDR. 100 Hz, so that QEMU's
        # timer latency on a busy host stays small against the pulses.
        p = Pin("PB7")
        t = Timer(4, freq=100)
        ch = t.channel(2, Timer.PWM, pin=p, pulse_width_percent=0)
        time.sleep_ms(20)
        self.assertEqual(duty_of(p, 30), 0)
        ch.pulse_width_percent(100)
        time.sleep_ms(20)
        self.assertEqual(duty_of(p, 30), 1)
        ch.pulse_width_percent(25)
        time.sleep_ms(20)
        self.assertAlmostEqual(duty_of(p), 0.25, delta=0.1)
        t.channel(2, Timer.PWM_INVERTED, pin=p, pulse_width_percent=25)
        time.sleep_ms(20)
        self.assertAlmostEqual(duty_of(p), 0.75, delta=0.1)

    def test_oc_forced_and_polarity(self):
        p = Pin("PB8")
        t = Timer(4, freq=1000)
        t.channel(3, Timer.OC_FORCED_ACTIVE, pin=p)
        time.sleep_ms(1)
        self.assertEqual(p.value(), 1)
        t.channel(3, Timer.OC_FORCED_ACTIVE, pin=p, polarity=Timer.LOW)
        time.sleep_ms(1)
        self.assertEqual(p.value(), 0)
        t.channel(3, Timer.OC_FORCED_INACTIVE, pin=p)
        time.sleep_ms(1)
        self.assertEqual(p.value(), 0)
        with self.assertRaises(ValueError):
            t.channel(3, Timer.OC_TOGGLE, polarity=5)

    def test_input_capture_of_pin_edge(self):
        # PB10 as TIM2 CH3's input (AF1), with nothing driving it: its pull-up and
        # pull-down make the edges.
        t = Timer(2, prescaler=83, period=0x3FFFFFFF)  # 1 MHz
        caps, cb = counter()
        p = Pin("PB10")
        ch = t.channel(3, Timer.IC, pin=p, polarity=Timer.RISING, callback=cb)
        self.assertEqual((p.mode(), p.af()), (Pin.ALT, 1))
        p.init(pull=Pin.PULL_DOWN)
        time.sleep_ms(2)
        self.assertEqual(caps[0], 0)
        p.init(pull=Pin.PULL_UP)
        time.sleep_ms(2)
        self.assertEqual(caps[0], 1)
        c = ch.capture()
        self.assertLess(c, t.counter())
        self.assertGreater(c, t.counter() - 100000)
        p.init(pull=Pin.PULL_DOWN)
        time.sleep_ms(2)
        self.assertEqual(caps[0], 1)  # falling edge: no capture
        p.init(pull=Pin.PULL_NONE)


class TestMachineTimer(unittest.TestCase):
    def test_soft_periodic_and_deinit(self):
        n, cb = counter()
        t = machine.Timer(-1, period=10, callback=cb)
        self.assertEqual(str(t), "Timer(mode=PERIODIC, period=10)")
        got, ms = count_for(300, n, True)
        self.assertTrue(near(got, ms / 10), (got, ms))
        t.deinit()
        self.assertEqual(count_for(50, n, True)[0], 0)

    def test_soft_one_shot_and_freq(self):
        hits = []
        machine.Timer(mode=machine.Timer.ONE_SHOT, period=30, callback=hits.append)
        time.sleep_ms(100)
        self.assertEqual(len(hits), 1)
        self.assertEqual(str(hits[0]), "Timer(mode=ONE_SHOT, period=30)")
        n, cb = counter()
        t = machine.Timer(freq=50, callback=cb)
        got, ms = count_for(300, n, True)
        t.deinit()
        self.assertTrue(near(got, ms / 20), (got, ms))

    def test_soft_timer_survives_gc(self):
        n, cb = counter()
        machine.Timer(-1, period=5, callback=cb)
        import gc

        gc.collect()
        time.sleep_ms(50)
        gc.collect()
        self.assertGreater(count_for(50, n, True)[0], 5)

    def test_hardware_periodic(self):
        n, cb = counter()
        t = machine.Timer(7, freq=250, callback=cb)
        self.assertEqual(reg(7, DIER) & 1, 1)
        got, ms = count_for(300, n)
        self.assertTrue(near(got, ms / 4), (got, ms))
        t.deinit()
        self.assertEqual(reg(7, CR1) & 1, 0)
        self.assertEqual(count_for(30, n)[0], 0)

    def test_hardware_one_shot_and_hard(self):
        n, cb = counter()
        t = machine.Timer(6, mode=machine.Timer.ONE_SHOT, period=20, callback=cb, hard=True)
        self.assertEqual(reg(6, CR1) & 0x8, 0x8)  # OPM
        time.sleep_ms(80)
        self.assertEqual(n[0], 1)
        self.assertIs(n[1], t)
        self.assertEqual(reg(6, CR1) & 1, 0)  # stopped by hardware
        t.deinit()

    def test_hardware_period_in_ms(self):
        t = machine.Timer(3, period=100, callback=lambda t: None)
        self.assertEqual(Timer(3).freq(), 10)
        t.init(callback=lambda t: None)  # neither freq nor period: 1 s
        self.assertEqual(Timer(3).freq(), 1)
        t.deinit()

    def test_errors(self):
        with self.assertRaises(ValueError):
            machine.Timer(15)
        with self.assertRaises(ValueError):
            machine.Timer(0)
        with self.assertRaises(ValueError):
            machine.Timer(-1, mode=7, period=10, callback=print)
        with self.assertRaises(ValueError):
            machine.Timer(-1, period=10, callback=1)


class TestServo(unittest.TestCase):
    def test_servo_on_tim5(self):
        s = pyb.Servo(1)
        self.assertEqual(str(s), "<Servo 1 at 1500us>")
        # TIM5 at 100 kHz, 20 ms period; CH1 on PA0 (AF2) in PWM mode 1.
        self.assertEqual(reg(5, PSC), 84000000 // 100000 - 1)
        self.assertEqual(reg(5, ARR), 1999)
        self.assertEqual(reg(5, CCR1), 150)
        self.assertEqual((Pin("PA0").mode(), Pin("PA0").af()), (Pin.ALT, 2))
        s.pulse_width(2000)
        self.assertEqual(reg(5, CCR1), 200)
        s.angle(0)
        self.assertEqual(s.pulse_width(), 1500)
        s.angle(45, 200)  # over 200 ms: 10 steps of 20 ms
        time.sleep_ms(20)
        self.assertLess(s.pulse_width(), 1500 + 485)
        time.sleep_ms(300)
        # 45 degrees: 150 + 97 * 45 // 90 = 198 counts; read back in whole degrees.
        self.assertEqual(s.pulse_width(), 1980)
        self.assertEqual(reg(5, CCR1), 198)
        self.assertEqual(s.angle(), 44)
        pyb.servo(1, 100)  # the stm32 port's raw CCR setter, clamped to 50..250
        self.assertEqual(reg(5, CCR1), 100)
        pyb.servo(1, 1000)
        self.assertEqual(reg(5, CCR1), 250)
        s.calibration(630, 2410, 1490, 2460, 2190)
        self.assertEqual(s.calibration(), (630, 2410, 1490, 2460, 2190))
        with self.assertRaises(ValueError):
            pyb.Servo(5)
        # Servo(2) is not created: PA1 untouched.
        self.assertNotEqual(Pin("PA1").mode(), Pin.ALT)
