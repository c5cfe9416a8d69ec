# machine.Pin, pyb.LED/Switch/ExtInt and Pin.irq on the board, checked through the
# GPIO registers. Pins used here (PE7..PE10, PB0..PB1, PC4) have no function on the
# Discovery board and nothing drives them from outside.
import unittest

import machine
import pyb
import time
from machine import Pin

GPIOB = 0x40020400
GPIOD = 0x40020C00
GPIOE = 0x40021000
MODER, OTYPER, PUPDR, IDR, ODR, AFRL = 0x00, 0x04, 0x0C, 0x10, 0x14, 0x20
RCC_AHB1ENR = 0x40023830
EXTI = 0x40013C00
SYSCFG_EXTICR = 0x40013808


def reg(base, off):
    return machine.mem32[base + off]


def bit(base, off, n):
    return (machine.mem32[base + off] >> n) & 1


def field2(base, off, n):
    return (machine.mem32[base + off] >> (2 * n)) & 3


class TestPinNames(unittest.TestCase):
    def test_board_and_cpu_names(self):
        self.assertIs(Pin("PD12"), Pin.cpu.D12)
        self.assertIs(Pin("LED_GREEN"), Pin.cpu.D12)
        self.assertIs(Pin.board.LED_GREEN, Pin.cpu.D12)
        self.assertIs(Pin.board.LED_ORANGE, Pin.cpu.D13)
        self.assertIs(Pin.board.LED_RED, Pin.cpu.D14)
        self.assertIs(Pin.board.LED_BLUE, Pin.cpu.D15)
        self.assertIs(Pin("SW"), Pin.cpu.A0)
        self.assertIs(Pin("A0"), Pin.board.PA0)
        self.assertIs(Pin(Pin.cpu.E3), Pin.cpu.E3)
        self.assertIs(pyb.Pin, Pin)

    def test_name_port_pin(self):
        p = Pin("LED_BLUE")
        self.assertEqual(p.name(), "D15")
        self.assertEqual(p.port(), 3)
        self.assertEqual(p.pin(), 15)
        self.assertEqual(p.gpio(), GPIOD)
        self.assertIn("LED_BLUE", p.names())

    def test_unknown_pin(self):
        self.assertRaises(ValueError, Pin, "PZ1")
        self.assertRaises(ValueError, Pin, "X1")

    def test_constants_match_stm32_port(self):
        self.assertEqual((Pin.IN, Pin.OUT, Pin.ALT, Pin.ANALOG), (0, 1, 2, 3))
        self.assertEqual((Pin.OPEN_DRAIN, Pin.ALT_OPEN_DRAIN), (0x11, 0x12))
        self.assertEqual((Pin.PULL_NONE, Pin.PULL_UP, Pin.PULL_DOWN), (0, 1, 2))
        self.assertEqual((Pin.IRQ_RISING, Pin.IRQ_FALLING), (0x10110000, 0x10210000))


class TestPinGPIO(unittest.TestCase):
    def tearDown(self):
        for name in ("E7", "E8", "E9", "E10", "B0", "B1"):
            Pin(name, Pin.IN, Pin.PULL_NONE)

    def test_output_drives_odr_and_idr(self):
        p = Pin("PE7", Pin.OUT, value=0)
        self.assertTrue(reg(0x40023800, 0x30) & (1 << 4))   # GPIOEEN
        self.assertEqual(field2(GPIOE, MODER, 7), 1)
        self.assertEqual(bit(GPIOE, OTYPER, 7), 0)
        self.assertEqual(p.mode(), Pin.OUT)
        for v in (1, 0, 1):
            p.value(v)
            self.assertEqual(bit(GPIOE, ODR, 7), v)
            self.assertEqual(bit(GPIOE, IDR, 7), v)
            self.assertEqual(p.value(), v)
            self.assertEqual(p(), v)
        p.off()
        self.assertEqual(p(), 0)
        p.on()
        self.assertEqual(p(), 1)
        p.toggle()
        self.assertEqual(p(), 0)
        p.toggle()
        self.assertEqual(p(), 1)
        p(0)
        self.assertEqual(p(), 0)
        p.high()
        self.assertEqual(p(), 1)
        p.low()
        self.assertEqual(p(), 0)

    def test_value_kwarg_sets_level_before_mode(self):
        p = Pin("PE8", Pin.OUT, value=1)
        self.assertEqual(bit(GPIOE, IDR, 8), 1)
        p.init(Pin.OUT, value=0)
        self.assertEqual(bit(GPIOE, IDR, 8), 0)

    def test_value_kwarg_with_port_clock_off(self):
        # The first Pin of a port after reset: its clock is off until the Pin enables it.
        machine.mem32[0x40023830] &= ~(1 << 4)          # RCC_AHB1ENR.GPIOEEN
        p = Pin("PE10", Pin.OUT, value=1)
        self.assertEqual(bit(GPIOE, IDR, 10), 1)
        p.init(Pin.IN)

    def test_pulls_seen_in_idr(self):
        p = Pin("PE9", Pin.IN, Pin.PULL_UP)
        self.assertEqual(field2(GPIOE, PUPDR, 9), 1)
        self.assertEqual(p.pull(), Pin.PULL_UP)
        self.assertEqual(bit(GPIOE, IDR, 9), 1)
        self.assertEqual(p.value(), 1)
        p.init(pull=Pin.PULL_DOWN)
        self.assertEqual(field2(GPIOE, PUPDR, 9), 2)
        self.assertEqual(p.mode(), Pin.IN)
        self.assertEqual(p.value(), 0)
        p.init(Pin.IN, Pin.PULL_UP)
        self.assertEqual(p.value(), 1)
        p.init(Pin.IN, None)
        self.assertEqual(p.pull(), Pin.PULL_NONE)

    def test_open_drain(self):
        p = Pin("PE10", Pin.OPEN_DRAIN, Pin.PULL_UP, value=0)
        self.assertEqual(p.mode(), Pin.OPEN_DRAIN)
        self.assertEqual(bit(GPIOE, OTYPER, 10), 1)
        self.assertEqual(p.value(), 0)             # driven low
        p.value(1)                                 # released: the pull-up wins
        self.assertEqual(bit(GPIOE, ODR, 10), 1)
        self.assertEqual(p.value(), 1)
        p.init(pull=Pin.PULL_DOWN)                 # released: the pull-down wins
        self.assertEqual(p.value(), 0)
        p.init(pull=Pin.PULL_NONE)
        self.assertEqual(p.value(), 0)             # floats: reads 0 in the model

    def test_alt_and_analog(self):
        p = Pin("PB0", Pin.ALT, alt=5)
        self.assertEqual(field2(GPIOB, MODER, 0), 2)
        self.assertEqual(reg(GPIOB, AFRL) & 0xF, 5)
        self.assertEqual(p.af(), 5)
        self.assertEqual(p.mode(), Pin.ALT)
        p.init(Pin.ALT_OPEN_DRAIN, alt=4)
        self.assertEqual(p.mode(), Pin.ALT_OPEN_DRAIN)
        self.assertEqual(p.af(), 4)
        p.init(Pin.ANALOG)
        self.assertEqual(field2(GPIOB, MODER, 0), 3)
        self.assertEqual(p.mode(), Pin.ANALOG)
        self.assertRaises(ValueError, p.init, 7)

    def test_repl_uart_pins_are_af7(self):
        tx = Pin("PA2")
        self.assertEqual(tx.mode(), Pin.ALT)
        self.assertEqual(tx.af(), 7)
        self.assertIn("af=7", repr(tx))

    def test_repr(self):
        p = Pin("PB1", Pin.IN, Pin.PULL_UP)
        self.assertEqual(repr(p), "Pin(Pin.cpu.B1, mode=Pin.IN, pull=Pin.PULL_UP)")
        p.init(Pin.OUT, Pin.PULL_NONE)
        self.assertEqual(repr(p), "Pin(Pin.cpu.B1, mode=Pin.OUT)")

    def test_signal_inverted(self):
        p = Pin("PE7", Pin.OUT, value=0)
        s = machine.Signal(p, invert=True)
        s.on()
        self.assertEqual(bit(GPIOE, ODR, 7), 0)
        self.assertEqual(s.value(), 1)
        s.off()
        self.assertEqual(bit(GPIOE, ODR, 7), 1)
        self.assertEqual(s.value(), 0)
        s2 = machine.Signal("PE7", Pin.OUT, invert=False)
        s2.on()
        self.assertEqual(p.value(), 1)

    def test_time_pulse_us_times_out_on_idle_pin(self):
        p = Pin("PE8", Pin.IN, Pin.PULL_DOWN)
        self.assertEqual(machine.time_pulse_us(p, 1, 2000), -2)

    def test_softi2c_scan_finds_no_device(self):
        # SoftI2C makes its pins open drain without pulls (the bus needs external
        # pull-ups); released lines float low here, so no device answers.
        scl = Pin("PB1", Pin.OPEN_DRAIN, Pin.PULL_UP, value=1)
        sda = Pin("PE9", Pin.OPEN_DRAIN, Pin.PULL_UP, value=1)
        i2c = machine.SoftI2C(scl=scl, sda=sda, freq=100000)
        self.assertEqual(i2c.scan(), [])          # no device: no ACK on the bus

    def test_softspi_pins(self):
        # Nothing drives MISO: it reads 0. MOSI keeps the last bit sent, SCK idles low.
        spi = machine.SoftSPI(baudrate=100000, sck=Pin("PE7"), mosi=Pin("PE8"), miso=Pin("PE9"))
        self.assertEqual(Pin("PE7").mode(), Pin.OUT)
        self.assertEqual(Pin("PE8").mode(), Pin.OUT)
        self.assertEqual(Pin("PE9").mode(), Pin.IN)
        buf = bytearray(2)
        spi.write_readinto(b"\xa5\x3d", buf)
        self.assertEqual(bytes(buf), b"\x00\x00")
        self.assertEqual(bit(GPIOE, ODR, 7), 0)
        self.assertEqual(bit(GPIOE, ODR, 8), 1)


class TestLED(unittest.TestCase):
    def tearDown(self):
        for i in range(1, 5):
            pyb.LED(i).off()

    def test_leds_on_gpiod(self):
        for n, pin in ((1, 14), (2, 12), (3, 13), (4, 15)):
            led = pyb.LED(n)
            self.assertEqual(repr(led), "LED(%d)" % n)
            self.assertEqual(field2(GPIOD, MODER, pin), 1)
            led.on()
            self.assertEqual(bit(GPIOD, ODR, pin), 1)
            self.assertEqual(led.intensity(), 255)
            led.toggle()
            self.assertEqual(bit(GPIOD, ODR, pin), 0)
            self.assertEqual(led.intensity(), 0)
            led.toggle()
            self.assertEqual(bit(GPIOD, ODR, pin), 1)
            led.off()
            self.assertEqual(bit(GPIOD, ODR, pin), 0)
            led.intensity(128)  # PWM: the pin is TIM4's output (test_pwm.py)
            self.assertEqual(field2(GPIOD, MODER, pin), 2)
            self.assertEqual(led.intensity(), 128)
            led.intensity(0)
            self.assertEqual(field2(GPIOD, MODER, pin), 1)
            self.assertEqual(bit(GPIOD, ODR, pin), 0)

    def test_led_and_pin_agree(self):
        pyb.LED(2).on()
        self.assertEqual(Pin.board.LED_GREEN.value(), 1)
        self.assertIs(pyb.LED(2), pyb.LED(2))
        self.assertRaises(ValueError, pyb.LED, 0)
        self.assertRaises(ValueError, pyb.LED, 5)


class TestSwitch(unittest.TestCase):
    def test_switch_released(self):
        sw = pyb.Switch()
        self.assertEqual(repr(sw), "Switch()")
        self.assertFalse(sw.value())
        self.assertFalse(sw())
        self.assertEqual(Pin("SW").mode(), Pin.IN)

    def test_callback_registers_rising_edge_on_line0(self):
        sw = pyb.Switch()
        sw.callback(lambda: None)
        self.assertEqual(machine.mem32[SYSCFG_EXTICR] & 0xF, 0)   # PA0
        self.assertEqual(reg(EXTI, 0x00) & 1, 1)                   # IMR
        self.assertEqual(reg(EXTI, 0x08) & 1, 1)                   # RTSR
        self.assertEqual(reg(EXTI, 0x0C) & 1, 0)                   # FTSR
        sw.callback(None)
        self.assertEqual(reg(EXTI, 0x00) & 1, 0)


class TestIRQ(unittest.TestCase):
    # On the chip (and the model) EXTI sees the pin level in IDR, output or input:
    # a pin driving itself makes the edges.

    def tearDown(self):
        Pin("PE7").irq(None)
        Pin("PC4").irq(None)
        Pin("PE7", Pin.IN)

    def test_pin_irq_soft_rising_and_falling(self):
        hits = []
        p = Pin("PE7", Pin.OUT, value=0)
        p.irq(lambda pin: hits.append(pin.value()), Pin.IRQ_RISING | Pin.IRQ_FALLING)
        self.assertEqual((machine.mem32[SYSCFG_EXTICR + 4] >> 12) & 0xF, 4)  # line 7: port E
        p.on()
        time.sleep_ms(1)
        p.off()
        time.sleep_ms(1)
        p.on()
        time.sleep_ms(1)
        self.assertEqual(hits, [1, 0, 1])

    def test_pin_irq_rising_only(self):
        hits = []
        p = Pin("PE7", Pin.OUT, value=0)
        p.irq(lambda pin: hits.append(pin), trigger=Pin.IRQ_RISING)
        for _ in range(3):
            p.on()
            p.off()
        time.sleep_ms(1)
        self.assertEqual(len(hits), 3)
        self.assertIs(hits[0], p)

    def test_pin_irq_hard_runs_in_interrupt(self):
        count = [0]

        def handler(pin):
            count[0] += 1

        p = Pin("PC4", Pin.OUT, value=0)
        p.irq(handler, Pin.IRQ_FALLING, hard=True)
        p.on()
        p.off()                       # the handler has run when off() returns
        self.assertEqual(count[0], 1)
        p.on()
        self.assertEqual(count[0], 1)
        p.irq(None)
        p.off()
        self.assertEqual(count[0], 1)
        self.assertEqual((reg(EXTI, 0x00) >> 4) & 1, 0)

    def test_hard_irq_cannot_allocate(self):
        errors = []

        def handler(pin):
            errors.append([1, 2, 3])   # needs the heap: MemoryError, handler dropped

        p = Pin("PC4", Pin.OUT, value=0)
        p.irq(handler, Pin.IRQ_RISING, hard=True)
        p.on()
        self.assertEqual(errors, [])
        self.assertEqual((reg(EXTI, 0x00) >> 4) & 1, 0)   # disabled after the error

    def test_extint_and_swint(self):
        lines = []
        ext = pyb.ExtInt("PE7", pyb.ExtInt.IRQ_FALLING, Pin.PULL_UP, lambda line: lines.append(line))
        self.assertEqual(ext.line(), 7)
        self.assertEqual(Pin("PE7").pull(), Pin.PULL_UP)
        ext.swint()
        self.assertEqual(lines, [7])
        ext.disable()
        ext.swint()
        self.assertEqual(lines, [7])
        ext.enable()
        Pin("PE7").init(pull=Pin.PULL_DOWN)       # falling edge from the pulls
        self.assertEqual(lines, [7, 7])
        # The line is taken: another port's pin 7 is refused.
        self.assertRaises(OSError, pyb.ExtInt, "PB7", pyb.ExtInt.IRQ_RISING, Pin.PULL_NONE, print)
        ext.disable()
        Pin("PE7").irq(None)


class TestPybFunctions(unittest.TestCase):
    def test_time_functions(self):
        t0 = pyb.millis()
        u0 = pyb.micros()
        pyb.delay(20)
        self.assertGreaterEqual(pyb.elapsed_millis(t0), 20)
        self.assertGreaterEqual(pyb.elapsed_micros(u0), 19000)   # whole SysTick ms
        u1 = pyb.micros()
        pyb.udelay(500)
        self.assertGreaterEqual(pyb.elapsed_micros(u1), 500)

    def test_machine_aliases(self):
        self.assertEqual(pyb.freq(), machine.freq())
        self.assertEqual(pyb.unique_id(), machine.unique_id())
        s = pyb.disable_irq()
        self.assertTrue(s)
        pyb.enable_irq(s)
        pyb.wfi()


if __name__ == "__main__":
    unittest.main()
