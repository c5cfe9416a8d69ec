# Built-in and frozen modules a user relies on.
import unittest


class TestModules(unittest.TestCase):
    def test_hashlib_sha256_known_vector(self):
        import binascii
        import hashlib
        h = hashlib.sha256(b"abc").digest()
        self.assertEqual(binascii.hexlify(h),
                         b"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")

    def test_json_round_trip(self):
        import json
        obj = {"a": [1, 2.5, "x"], "b": None, "c": True}
        self.assertEqual(json.loads(json.dumps(obj)), obj)

    def test_re(self):
        import re
        m = re.match(r"(\w+)@(\w+)\.com", "user@example.com")
        self.assertEqual(m.group(2), "example")

    def test_struct(self):
        import struct
        self.assertEqual(struct.pack("<HI", 1, 2), b"\x01\x00\x02\x00\x00\x00")

    def test_float_is_single_precision_hardware(self):
        import math
        self.assertAlmostEqual(math.sqrt(2), 1.41421356, places=5)
        self.assertAlmostEqual(math.sin(math.pi / 2), 1.0, places=5)

    def test_asyncio_frozen(self):
        import asyncio
        out = []

        async def task(n):
            await asyncio.sleep_ms(1)
            out.append(n)

        async def main():
            await asyncio.gather(task(1), task(2))

        asyncio.run(main())
        self.assertEqual(sorted(out), [1, 2])

    def test_deflate_decompress(self):
        # Decompression only, as in MicroPython's stm32 port (no DEFLATE_COMPRESS).
        import deflate
        import io
        blob = b"x\x9c\xcbH\xcd\xc9\xc9W\xc8@'\x01h\x03\x08\xb1"    # zlib.compress(b"hello hello hello hello") in CPython
        self.assertEqual(deflate.DeflateIO(io.BytesIO(blob), deflate.ZLIB).read(),
                         b"hello hello hello hello")

    def test_select_poll_stdin(self):
        import select
        import sys
        p = select.poll()
        p.register(sys.stdin, select.POLLIN)
        self.assertEqual(p.poll(0), [])       # nothing typed


class TestUnittestItself(unittest.TestCase):
    def test_assert_raises_forms(self):
        with self.assertRaises(ZeroDivisionError):
            1 // 0
        self.assertRaises(KeyError, {}.__getitem__, "x")

    def test_failure_is_detected(self):
        with self.assertRaises(AssertionError):
            self.assertEqual(1, 2)

    @unittest.skip("demonstrates skipping")
    def test_skipped(self):
        self.fail("must not run")

    def test_subtests(self):
        for i in range(3):
            with self.subTest(i=i):
                self.assertLess(i, 3)
