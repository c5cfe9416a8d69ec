# The pyb module's board functions, and the stm module. Covers what upstream
# ports/stm32/pyb1.py and modstm.py check, for our board (pyb1.py itself expects a USB CDC
# REPL, see tests/upstream/skip.txt).
import unittest

import machine
import pyb
import stm


class TestPybTime(unittest.TestCase):
    def test_delay_accepts_negative_and_zero(self):
        for ms in (-1, 0, 1):
            pyb.delay(ms)
        for us in (-1, 0, 1):
            pyb.udelay(us)

    def test_delay_lasts_as_long_as_asked(self):
        start = pyb.millis()
        pyb.delay(17)
        self.assertTrue(17 <= pyb.elapsed_millis(start) < 20)

    def test_udelay_lasts_as_long_as_asked(self):
        start = pyb.micros()
        pyb.udelay(17000)
        self.assertTrue(17000 <= pyb.elapsed_micros(start) < 20000)

    def test_millis_wraps_as_small_int(self):
        self.assertTrue(0 <= pyb.millis() < (1 << 30))


class TestPybBoard(unittest.TestCase):
    def test_irq_state_round_trip(self):
        self.assertTrue(pyb.disable_irq())      # were enabled
        self.assertFalse(pyb.disable_irq())     # now disabled
        pyb.enable_irq(False)
        pyb.enable_irq()
        self.assertTrue(pyb.disable_irq())
        pyb.enable_irq()

    def test_no_usb_cdc(self):
        # The REPL is on USART2: USB OTG is not modelled (docs/api.md).
        self.assertFalse(pyb.have_cdc())

    def test_unique_id(self):
        self.assertEqual(pyb.unique_id(), machine.unique_id())
        self.assertEqual(len(pyb.unique_id()), 12)

    def test_wfi_returns_on_next_interrupt(self):
        start = pyb.micros()
        pyb.wfi()                               # SysTick wakes it within 1 ms
        self.assertLess(pyb.elapsed_micros(start), 5000)

    def test_sync_and_fault_debug(self):
        pyb.sync()
        pyb.fault_debug(True)
        pyb.fault_debug(False)


class TestStm(unittest.TestCase):
    def test_peripheral_bases(self):
        self.assertEqual(stm.GPIOA, 0x40020000)
        self.assertEqual(stm.GPIOD, 0x40020C00)
        self.assertEqual(stm.RCC, 0x40023800)
        self.assertEqual(stm.USART2, 0x40004400)
        self.assertEqual(stm.RTC, 0x40002800)
        self.assertEqual(stm.TIM1, 0x40010000)

    def test_register_offsets(self):
        self.assertEqual(stm.GPIO_ODR, 0x14)
        self.assertEqual(stm.GPIO_BSRR, 0x18)
        self.assertEqual(stm.GPIO_AFR1, 0x24)
        self.assertEqual(stm.RCC_AHB1ENR, 0x30)
        self.assertEqual(stm.RCC_CSR, 0x74)
        self.assertEqual(stm.RTC_WUTR, 0x14)
        self.assertEqual(stm.RTC_BKP19R, 0x9C)
        self.assertEqual(stm.FLASH_CR, 0x10)
        self.assertEqual(stm.USART_BRR, 0x08)

    def test_mem_is_machine_mem(self):
        self.assertIs(stm.mem32, machine.mem32)
        self.assertIs(stm.mem8, machine.mem8)

    def test_led_through_registers(self):
        # LED2 (green, PD12) driven through BSRR, seen in ODR and by pyb.LED.
        led = pyb.LED(2)
        led.off()
        stm.mem32[stm.GPIOD + stm.GPIO_BSRR] = 1 << 12
        self.assertEqual(stm.mem32[stm.GPIOD + stm.GPIO_ODR] & (1 << 12), 1 << 12)
        stm.mem32[stm.GPIOD + stm.GPIO_BSRR] = 1 << (12 + 16)
        self.assertEqual(stm.mem32[stm.GPIOD + stm.GPIO_ODR] & (1 << 12), 0)
