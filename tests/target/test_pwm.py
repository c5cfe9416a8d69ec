# machine.PWM and pyb.LED.intensity: timer channels in PWM mode, checked in the TIM
# registers and on the pins (a pin in AF mode reads the timer's output in IDR).
import pyb
import time
import unittest
from machine import PWM, Pin, mem32

TIM2, TIM3, TIM4, TIM13 = 0x40000000, 0x40000400, 0x40000800, 0x40001C00
CR1, CCMR1, CCER, PSC, ARR, CCR1 = 0x00, 0x18, 0x20, 0x28, 0x2C, 0x34


def reg(base, off):
    return mem32[base + off] & 0xFFFFFFFF


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


def stop(*bases):
    for b in bases:
        mem32[b + CCER] = 0
        mem32[b + CR1] = 0


class TestPWM(unittest.TestCase):
    def tearDown(self):
        stop(TIM2, TIM3, TIM4, TIM13)

    def test_registers(self):
        p = PWM(Pin("PB6"), freq=1000, duty_u16=32768)  # TIM4 CH1
        # 84 MHz / 1 kHz = 84000 counts: prescaler 2 (PSC 1), 42000 counts (ARR 41999).
        self.assertEqual((reg(TIM4, PSC), reg(TIM4, ARR)), (1, 41999))
        self.assertEqual(reg(TIM4, CCR1), 32768 * 42000 // 65535)
        self.assertEqual((reg(TIM4, CCMR1) >> 4) & 7, 6)  # PWM mode 1
        self.assertEqual(reg(TIM4, CCER) & 3, 1)
        self.assertEqual(p.freq(), 1000)
        self.assertEqual(p.duty_u16(), 32768)
        self.assertEqual(str(p), "PWM(Pin(B6), timer=4, channel=1, freq=1000, duty_u16=32768)")
        self.assertEqual((Pin("PB6").mode(), Pin("PB6").af()), (Pin.ALT, 2))
        p.duty_ns(250000)  # a quarter of 1 ms
        self.assertEqual(reg(TIM4, CCR1), 10500)
        self.assertEqual(p.duty_ns(), 250000)
        self.assertEqual(p.duty_u16(), 10500 * 65535 // 42000)
        p.init(invert=True)
        self.assertEqual(reg(TIM4, CCER) & 3, 3)  # CC1P: active low
        self.assertIs(PWM("PB6"), p)  # one object per channel, a pin name works too

    def test_32bit_timer_resolution(self):
        p = PWM("PA5", freq=50, duty_u16=0)  # TIM2 CH1: 32 bits, no prescaler
        self.assertEqual((reg(TIM2, PSC), reg(TIM2, ARR)), (0, 84000000 // 50 - 1))
        p.duty_u16(65535)
        self.assertEqual(reg(TIM2, CCR1), 84000000 // 50)  # above ARR: always on

    def test_output_on_pin(self):
        pin = Pin("PB7")
        p = PWM(pin, freq=100, duty_u16=0)  # TIM4 CH2
        time.sleep_ms(20)
        self.assertEqual(duty_of(pin, 30), 0)
        p.duty_u16(65535)
        time.sleep_ms(20)
        self.assertEqual(duty_of(pin, 30), 1)
        p.duty_u16(65535 // 4)
        time.sleep_ms(20)
        self.assertAlmostEqual(duty_of(pin), 0.25, delta=0.1)
        p.init(invert=True)
        time.sleep_ms(20)
        self.assertAlmostEqual(duty_of(pin), 0.75, delta=0.1)

    def test_channels_share_the_timer_frequency(self):
        # PB6 and PB7 have TIM4 only (PB8/PB9 also have TIM10/TIM11).
        a = PWM("PB6", freq=1000, duty_u16=65536 // 4)  # TIM4 CH1
        b = PWM("PB7", freq=2000, duty_ns=100000)       # TIM4 CH2
        self.assertIn("timer=4, channel=2", str(b))
        self.assertEqual(a.freq(), 2000)
        self.assertEqual(b.freq(), 2000)
        # a keeps its 25 %, b its 100 us, at the new frequency.
        period = reg(TIM4, ARR) + 1
        self.assertAlmostEqual(reg(TIM4, CCR1) / period, 0.25, delta=0.001)
        self.assertEqual(reg(TIM4, CCR1 + 4), 8400)  # 100 us at 84 MHz / (PSC + 1 = 1)
        a.freq(500)
        self.assertEqual(b.freq(), 500)
        self.assertEqual(b.duty_ns(), 100000)

    def test_timer_picked_from_pin(self):
        # PB8 has TIM4 CH3 and TIM10 CH1: with TIM4 busy, the idle TIM10 is taken.
        PWM("PB6", freq=1000)
        self.assertIn("timer=10, channel=1", str(PWM("PB8", freq=50)))
        stop(0x40014400)
        a = PWM("PA6", freq=1000)  # TIM3 CH1 (idle) first
        self.assertEqual(str(a)[:30], "PWM(Pin(A6), timer=3, channel=")
        b = PWM("PA7", freq=3000)  # TIM3 CH2 (running) or TIM14: TIM3 is busy, TIM14 idle
        self.assertIn("timer=14", str(b))
        self.assertEqual(a.freq(), 1000)
        b.deinit()
        a.deinit()
        self.assertEqual(reg(TIM3, CR1) & 1, 0)  # last channel off: timer stopped

    def test_deinit(self):
        p = PWM("PB6", freq=1000, duty_u16=30000)
        p.deinit()
        self.assertEqual(reg(TIM4, CCER) & 1, 0)
        self.assertEqual(str(p), "PWM(Pin(B6), timer=4, channel=1)")

    def test_errors(self):
        with self.assertRaises(ValueError):
            PWM("PA4")  # no timer channel on PA4
        with self.assertRaises(ValueError):
            PWM("PB6", freq=0)
        with self.assertRaises(ValueError):
            PWM("PB6", freq=100000000)  # above the 84 MHz timer clock
        p = PWM("PB6", freq=1)  # 84 MHz / 1 Hz: 16-bit prescaler x 16-bit period
        self.assertEqual(p.freq(), 1)


class TestLEDIntensity(unittest.TestCase):
    def tearDown(self):
        for i in range(1, 5):
            pyb.LED(i).off()
        stop(TIM4)

    def test_intensity_is_tim4_pwm(self):
        led = pyb.LED(2)  # green, PD12 = TIM4 CH1
        led.intensity(128)
        self.assertEqual(led.intensity(), 128)
        self.assertEqual((Pin("PD12").mode(), Pin("PD12").af()), (Pin.ALT, 2))
        period = reg(TIM4, ARR) + 1
        self.assertEqual(reg(TIM4, CCR1), 128 * period // 255)
        for v in (1, 17, 254):
            led.intensity(v)
            self.assertEqual(led.intensity(), v)
        led.intensity(64)
        time.sleep_ms(20)
        self.assertAlmostEqual(duty_of(Pin("PD12")), 64 / 255, delta=0.1)

    def test_on_off_toggle_after_pwm(self):
        led = pyb.LED(1)  # red, PD14 = TIM4 CH3
        led.intensity(100)
        led.on()
        self.assertEqual(Pin("PD14").mode(), Pin.OUT)
        self.assertEqual(led.intensity(), 255)
        self.assertEqual(Pin("PD14").value(), 1)
        led.intensity(100)
        led.toggle()  # dimmed counts as on
        self.assertEqual(led.intensity(), 0)
        self.assertEqual(Pin("PD14").value(), 0)
        led.toggle()
        self.assertEqual(led.intensity(), 255)
        led.intensity(0)
        self.assertEqual(Pin("PD14").value(), 0)
        led.intensity(300)  # clamped
        self.assertEqual(led.intensity(), 255)

    def test_leds_share_tim4(self):
        pyb.LED(3).intensity(50)   # orange PD13 = CH2
        pyb.LED(4).intensity(200)  # blue PD15 = CH4
        self.assertEqual(pyb.LED(3).intensity(), 50)
        self.assertEqual(pyb.LED(4).intensity(), 200)
        self.assertEqual(reg(TIM4, CCER) & 0x1010, 0x1010)

    def test_intensity_after_tim4_stopped(self):
        led = pyb.LED(3)
        led.intensity(30)
        pyb.Timer(4).deinit()  # stops TIM4 and its outputs under the LED
        self.assertEqual(led.intensity(), 0)
        led.intensity(30)  # sets TIM4 up again
        self.assertEqual(led.intensity(), 30)
        self.assertEqual(reg(TIM4, CR1) & 1, 1)
        pyb.Timer(4).deinit()
        led.toggle()  # it was dark: toggle lights it
        self.assertEqual(led.intensity(), 255)
