# machine.UART / pyb.UART on USART1..6: construction, configuration errors (as the
# stm32 port raises them), registers and pins, print format, idle reads and writes
# with their timeouts. Only UART(2), the REPL, has a host end here; the others run
# with nothing attached (the model sends their bytes nowhere and receives nothing).
# Data in both directions is tested from the host in tests/integration/test_uart.py.
import select
import sys
import time
import unittest

import machine
import pyb
from machine import UART

mem32 = machine.mem32

RCC_APB1ENR = 0x40023840
RCC_APB2ENR = 0x40023844
# id: (base, RCC enable register, bit, AF, ((port, pin) TX, (port, pin) RX))
UARTS = {
    1: (0x40011000, RCC_APB2ENR, 4, 7, ((1, 6), (1, 7))),     # USART1 PB6/PB7
    2: (0x40004400, RCC_APB1ENR, 17, 7, ((0, 2), (0, 3))),    # USART2 PA2/PA3 (REPL)
    3: (0x40004800, RCC_APB1ENR, 18, 7, ((3, 8), (3, 9))),    # USART3 PD8/PD9
    4: (0x40004C00, RCC_APB1ENR, 19, 8, ((0, 0), (0, 1))),    # UART4 PA0/PA1
    5: (0x40005000, RCC_APB1ENR, 20, 8, ((2, 12), (3, 2))),   # UART5 PC12/PD2
    6: (0x40011400, RCC_APB2ENR, 5, 8, ((2, 6), (2, 7))),     # USART6 PC6/PC7
}
SR, DR, BRR, CR1, CR2, CR3 = 0x00, 0x04, 0x08, 0x0C, 0x10, 0x14
CR1_UE, CR1_M, CR1_PCE, CR1_PS, CR1_RXNEIE, CR1_IDLEIE = 1 << 13, 1 << 12, 1 << 10, 1 << 9, 1 << 5, 1 << 4


def gpio_mode_af(port, pin):
    base = 0x40020000 + port * 0x400
    mode = (mem32[base] >> (2 * pin)) & 3
    af = (mem32[base + 0x20 + 4 * (pin >> 3)] >> (4 * (pin & 7))) & 0xF
    return mode, af


class TestConstruct(unittest.TestCase):
    def tearDown(self):
        for i in (1, 3, 4, 5, 6):
            UART(i).deinit()
        # Give the USER button (PA0) and the green LED (PD12) back to later tests.
        machine.Pin("PA0", machine.Pin.IN)
        machine.Pin("PD12", machine.Pin.OUT, value=0)

    def test_every_id_exists_and_starts_off(self):
        for i in (1, 3, 4, 5, 6):
            u = UART(i)
            self.assertEqual(str(u), "UART(%d)" % i)
            self.assertIs(UART(i), u)       # one object per UART

    def test_bad_ids(self):
        for bad in (0, 7, -1, 10):
            with self.assertRaises(ValueError) as cm:
                UART(bad)
            self.assertEqual(cm.exception.args[0], "UART(%d) doesn't exist" % bad)
        with self.assertRaises(ValueError) as cm:
            UART("XA")
        self.assertEqual(cm.exception.args[0], "UART(XA) doesn't exist")

    def test_pyb_uart_is_machine_uart(self):
        self.assertIs(pyb.UART, UART)
        for name in ("RTS", "CTS", "IRQ_RXIDLE", "IRQ_RX"):
            self.assertTrue(hasattr(UART, name))
        self.assertEqual((UART.RTS, UART.CTS, UART.IRQ_RXIDLE, UART.IRQ_RX), (256, 512, 16, 32))

    def test_init_enables_clock_pins_and_registers(self):
        for i in (1, 3, 4, 5, 6):
            base, enr, bit, af, pins = UARTS[i]
            u = UART(i, 115200)
            self.assertTrue(mem32[enr] & (1 << bit), "RCC enable of UART(%d)" % i)
            self.assertEqual(mem32[base + CR1] & (CR1_UE | 0xC), CR1_UE | 0xC)    # UE, TE, RE
            self.assertTrue(mem32[base + CR1] & CR1_RXNEIE)                       # RX ring
            pclk = machine.freq()[3] if i in (1, 6) else machine.freq()[2]
            self.assertEqual(mem32[base + BRR], (pclk + 57600) // 115200)
            for port, pin in pins:
                self.assertEqual(gpio_mode_af(port, pin), (2, af), "UART(%d) pin P%s%d" % (i, "ABCDE"[port], pin))
            u.deinit()
            self.assertFalse(mem32[enr] & (1 << bit))
            self.assertEqual(str(u), "UART(%d)" % i)

    def test_print_format(self):
        u = UART(3, 9600)
        self.assertEqual(str(u), "UART(3, baudrate=9600, bits=8, parity=None, stop=1, flow=0, "
                         "timeout=0, timeout_char=3, rxbuf=64)")
        u.init(115200, bits=7, parity=1, stop=2, timeout=100, timeout_char=7, rxbuf=20)
        self.assertEqual(str(u), "UART(3, baudrate=115068, bits=7, parity=1, stop=2, flow=0, "
                         "timeout=100, timeout_char=7, rxbuf=20)")
        u.init(57600, bits=8, parity=0, read_buf_len=0)
        self.assertEqual(str(u), "UART(3, baudrate=57613, bits=8, parity=0, stop=1, flow=0, "
                         "timeout=0, timeout_char=2, rxbuf=0)")
        self.assertFalse(mem32[0x40004800 + CR1] & CR1_RXNEIE)       # no ring: RX polled
        u.init(19200, bits=9)
        self.assertTrue(str(u).startswith("UART(3, baudrate=19195, bits=9, parity=None,"))
        self.assertEqual(mem32[0x40004800 + CR1] & (CR1_M | CR1_PCE), CR1_M)
        u.init(19200, bits=8, parity=1)
        self.assertEqual(mem32[0x40004800 + CR1] & (CR1_M | CR1_PCE | CR1_PS), CR1_M | CR1_PCE | CR1_PS)
        self.assertEqual(mem32[0x40004800 + CR2] & 0x3000, 0)

    def test_flow_control_bits(self):
        u = UART(3, 9600, flow=UART.RTS | UART.CTS)
        self.assertIn("flow=RTS|CTS", str(u))
        self.assertEqual(mem32[0x40004800 + CR3] & 0x300, 0x300)
        self.assertEqual(gpio_mode_af(3, 12), (2, 7))    # RTS on PD12 (the green LED)
        self.assertEqual(gpio_mode_af(3, 11), (2, 7))    # CTS on PD11
        u.init(9600, flow=UART.CTS)
        self.assertIn("flow=CTS,", str(u))

    def test_config_errors(self):
        u = UART(3)
        for args, kw in (((9600, 7), {}), ((9600, 9), {"parity": 0}), ((9600, 6), {}), ((9600, 10), {})):
            with self.assertRaises(ValueError) as cm:
                u.init(*args, **kw)
            self.assertEqual(cm.exception.args[0], "unsupported combination of bits and parity")
        # 42 MHz / 300 does not fit BRR: stm32 refuses what it cannot get within 5%.
        with self.assertRaises(ValueError) as cm:
            u.init(300)
        self.assertIn("not within 5% of desired value", cm.exception.args[0])
        with self.assertRaises(TypeError):
            u.init()
        with self.assertRaises(ValueError):
            u.irq(handler=1, trigger=UART.IRQ_RXIDLE)
        u.init(9600)
        with self.assertRaises(ValueError) as cm:
            u.irq(handler=None, trigger=0x100)
        self.assertEqual(cm.exception.args[0], "trigger 0x00000100 unsupported")

    def test_reinit_keeps_object(self):
        u = UART(6, 9600)
        u.init(38400)
        self.assertIs(UART(6), u)
        self.assertIn("baudrate=38391,", str(UART(6)))
        self.assertIs(UART(6, 19200), u)
        self.assertIn("baudrate=19200,", str(u))


class TestIdleIO(unittest.TestCase):
    def setUp(self):
        self.u = UART(3, 115200, timeout=100, timeout_char=10)

    def tearDown(self):
        self.u.deinit()

    def test_any_on_idle_port(self):
        self.assertEqual(self.u.any(), 0)
        time.sleep_ms(5)
        self.assertEqual(self.u.any(), 0)

    def test_read_times_out_in_virtual_time(self):
        for call in (lambda: self.u.read(), lambda: self.u.read(5), lambda: self.u.readline(),
                     lambda: self.u.readinto(bytearray(4))):
            t = time.ticks_ms()
            self.assertIsNone(call())
            dt = time.ticks_diff(time.ticks_ms(), t)
            self.assertTrue(100 <= dt < 400, dt)
        t = time.ticks_ms()
        self.assertEqual(self.u.readchar(), -1)
        self.assertTrue(100 <= time.ticks_diff(time.ticks_ms(), t) < 400)

    def test_zero_timeout_does_not_wait(self):
        self.u.init(115200, timeout=0)
        t = time.ticks_ms()
        self.assertIsNone(self.u.read(1))
        self.assertLess(time.ticks_diff(time.ticks_ms(), t), 5)

    def test_write_completes(self):
        self.assertEqual(self.u.write(b"hello\n"), 6)
        self.assertTrue(self.u.txdone())              # unbuffered: on the line already
        self.assertEqual(self.u.write(bytearray(300)), 300)
        self.assertEqual(self.u.write(""), 0)
        self.u.writechar(0x41)
        self.assertIsNone(self.u.flush())
        self.assertTrue(self.u.txdone())
        self.assertTrue(mem32[0x40004800 + SR] & (1 << 6))   # TC
        self.u.sendbreak()
        self.assertEqual(self.u.write(b"after break"), 11)

    def test_buffered_write(self):
        self.u.init(115200, txbuf=16)
        self.assertEqual(self.u.write(b"0123456789" * 10), 100)
        self.u.flush()
        self.assertTrue(self.u.txdone())

    def test_nine_bit_words(self):
        self.u.init(9600, bits=9, timeout=20)
        self.assertEqual(self.u.write(b"\x41\x01\x42\x00"), 4)    # two 9-bit characters
        with self.assertRaises(OSError):
            self.u.write(b"odd")                                  # not a whole character
        self.assertIsNone(self.u.read(2))

    def test_poll(self):
        p = select.poll()
        p.register(self.u, select.POLLIN | select.POLLOUT)
        self.assertEqual(p.poll(0), [(self.u, select.POLLOUT)])
        p.modify(self.u, select.POLLIN)
        t = time.ticks_ms()
        self.assertEqual(p.poll(50), [])
        self.assertGreaterEqual(time.ticks_diff(time.ticks_ms(), t), 50)

    def test_deinit_then_use(self):
        self.u.deinit()
        self.assertEqual(self.u.any(), 0)
        self.assertFalse(mem32[RCC_APB1ENR] & (1 << 18))
        self.u.init(9600)
        self.assertEqual(self.u.write(b"x"), 1)

    def test_irq_object(self):
        calls = []
        irq = self.u.irq(lambda u: calls.append(u), UART.IRQ_RXIDLE)
        self.assertEqual(irq.trigger(), UART.IRQ_RXIDLE)
        self.assertTrue(str(self.u).endswith("; irq=0x10)"))
        self.assertTrue(mem32[0x40004800 + CR1] & CR1_IDLEIE)
        self.assertIs(self.u.irq(), irq)
        self.u.irq(None, 0)
        self.assertFalse(mem32[0x40004800 + CR1] & CR1_IDLEIE)
        self.assertFalse(str(self.u).endswith("irq=0x10)"))
        self.assertEqual(calls, [])


class TestReplUart(unittest.TestCase):
    def test_uart2_is_the_repl(self):
        u = UART(2)
        self.assertIs(UART(2), u)
        self.assertEqual(str(u), "UART(2, baudrate=115068, bits=8, parity=None, stop=1, flow=0, "
                         "timeout=0, timeout_char=2, rxbuf=1023)")
        self.assertTrue(mem32[RCC_APB1ENR] & (1 << 17))

    def test_repl_buffers_are_fixed(self):
        with self.assertRaises(ValueError) as cm:
            UART(2).init(115200, rxbuf=100)
        self.assertEqual(cm.exception.args[0], "UART is static and rxbuf can't be changed")
        self.assertIn("rxbuf=1023)", str(UART(2)))     # and the REPL still runs

    def test_stdin_pollable(self):
        p = select.poll()
        p.register(sys.stdin, select.POLLIN)
        self.assertEqual(p.poll(0), [])
        p = select.poll()
        p.register(sys.stdout, select.POLLOUT)
        self.assertEqual(len(p.poll(0)), 1)
