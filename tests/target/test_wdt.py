# machine.WDT argument checks. None of these may start the IWDG: once started it
# cannot be stopped and would reset the board under the next test file. Starting,
# feeding and the watchdog reset itself are in tests/integration/test_rtc_wdt.py.
import machine
import unittest

import stm


class TestWDTArguments(unittest.TestCase):
    def assertNotStarted(self):
        # PR and RLR keep their reset values (0 and 0xFFF) until the WDT is set up.
        self.assertEqual(stm.mem32[stm.IWDG + stm.IWDG_PR], 0)
        self.assertEqual(stm.mem32[stm.IWDG + stm.IWDG_RLR], 0xFFF)

    def test_class(self):
        self.assertEqual(machine.WDT.__name__, "WDT")
        self.assertTrue(hasattr(machine.WDT, "feed"))

    def test_only_id_0(self):
        with self.assertRaises(ValueError):
            machine.WDT(1, 1000)
        with self.assertRaises(ValueError):
            machine.WDT(id=-1, timeout=1000)
        self.assertNotStarted()

    def test_timeout_too_short(self):
        for t in (0, -5):
            with self.assertRaises(ValueError):
                machine.WDT(timeout=t)
        self.assertNotStarted()

    def test_timeout_too_long(self):
        # 32767 ms is the longest: 4095 counts of LSI/256.
        for t in (32768, 100000):
            with self.assertRaises(ValueError):
                machine.WDT(timeout=t)
        self.assertNotStarted()

    def test_bad_types(self):
        with self.assertRaises(TypeError):
            machine.WDT(timeout="1s")
        with self.assertRaises(TypeError):
            machine.WDT(0, 1000, 5)
        self.assertNotStarted()
