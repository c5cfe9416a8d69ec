# machine module basics on the board.
import unittest

import machine


class TestMachine(unittest.TestCase):
    def test_freq_is_168mhz_from_pll(self):
        self.assertEqual(machine.freq(), (168000000, 168000000, 42000000, 84000000))

    def test_unique_id_matches_device_id_registers(self):
        uid = machine.unique_id()
        self.assertEqual(len(uid), 12)
        for i in range(12):
            self.assertEqual(uid[i], machine.mem8[0x1FFF7A10 + i])

    def test_flash_size_register(self):
        self.assertEqual(machine.mem16[0x1FFF7A22], 1024)

    def test_mem32_round_trip_in_ccm(self):
        addr = 0x1000FFF0                    # top of CCM, unused by the firmware
        for value in (0x12345678, 0xA5A5A5A5 - (1 << 32), 0):
            machine.mem32[addr] = value
            self.assertEqual(machine.mem32[addr], value)

    def test_rcc_shows_pll_as_system_clock(self):
        cfgr = machine.mem32[0x40023808]
        self.assertEqual((cfgr >> 2) & 3, 2)   # SWS = PLL
        cr = machine.mem32[0x40023800]
        self.assertTrue(cr & (1 << 17))        # HSERDY
        self.assertTrue(cr & (1 << 25))        # PLLRDY

    def test_usart2_clock_enabled(self):
        self.assertTrue(machine.mem32[0x40023840] & (1 << 17))

    def test_disable_enable_irq_nests(self):
        s = machine.disable_irq()
        s2 = machine.disable_irq()
        machine.enable_irq(s2)
        machine.enable_irq(s)

    def test_reset_cause_is_known_constant(self):
        self.assertIn(machine.reset_cause(), (machine.PWRON_RESET, machine.HARD_RESET,
                                              machine.SOFT_RESET, machine.WDT_RESET,
                                              machine.DEEPSLEEP_RESET))
