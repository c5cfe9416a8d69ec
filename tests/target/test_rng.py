# Hardware RNG: os.urandom, pyb.rng, and the random module's seed.
import os
import unittest

import machine
import pyb


class TestRng(unittest.TestCase):
    def test_urandom_length_and_variety(self):
        for n in (0, 1, 3, 4, 17):
            self.assertEqual(len(os.urandom(n)), n)
        self.assertNotEqual(os.urandom(16), os.urandom(16))
        self.assertGreater(len(set(os.urandom(64))), 30)

    def test_urandom_rejects_negative(self):
        with self.assertRaises(ValueError):
            os.urandom(-1)

    def test_pyb_rng_is_30_bits(self):
        values = [pyb.rng() for _ in range(50)]
        self.assertTrue(all(0 <= v < (1 << 30) for v in values))
        self.assertGreater(len(set(values)), 45)

    def test_rng_peripheral_enabled(self):
        os.urandom(1)
        self.assertTrue(machine.mem32[0x40023834] & (1 << 6))    # RCC_AHB2ENR.RNGEN
        self.assertTrue(machine.mem32[0x50060800] & (1 << 2))    # RNG_CR.RNGEN

    def test_random_module_works(self):
        import random
        random.seed()
        a = [random.getrandbits(16) for _ in range(8)]
        random.seed()
        self.assertNotEqual(a, [random.getrandbits(16) for _ in range(8)])
