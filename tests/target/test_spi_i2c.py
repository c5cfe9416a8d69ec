# SPI and I2C on the board: pyb.SPI/machine.SPI against the LIS3DSH accelerometer on
# SPI1 (chip select PE3), pyb.I2C/machine.I2C on an I2C1 with no device (the board's
# audio DAC is on other pins), errors and printed forms as on the stm32 port.
import errno
import unittest

import pyb
import machine
from machine import Pin

READ = 0x80
WHO_AM_I = 0x0F
CTRL_REG4 = 0x20
OUT_X_L = 0x28


class Accel:
    """The LIS3DSH through any SPI object with write/read (pyb.SPI or machine.SPI)."""

    def __init__(self, spi):
        self.spi = spi
        self.cs = Pin("PE3", Pin.OUT)
        self.cs(1)

    def read(self, reg, n):
        self.cs(0)
        try:
            self.spi.write(bytes([READ | reg]))
            return self.spi.read(n)
        finally:
            self.cs(1)

    def write(self, reg, data):
        self.cs(0)
        try:
            self.spi.write(bytes([reg]) + bytes(data))
        finally:
            self.cs(1)


class TestPybSPI(unittest.TestCase):
    def tearDown(self):
        pyb.SPI(1).deinit()
        pyb.SPI(2).deinit()

    def test_ids(self):
        for bus in (-1, 0, 3, "X"):
            with self.assertRaises(ValueError):
                pyb.SPI(bus)
        self.assertEqual(str(pyb.SPI(1)), "SPI(1)")
        self.assertEqual(str(pyb.SPI(2)), "SPI(2)")

    def test_print(self):
        spi = pyb.SPI(1, pyb.SPI.CONTROLLER, baudrate=328125, polarity=0, phase=1)
        # PCLK2 = 84 MHz / 256
        self.assertEqual(str(spi), "SPI(1, SPI.CONTROLLER, baudrate=328125, prescaler=256, "
                                   "polarity=0, phase=1, bits=8)")
        spi = pyb.SPI(2, pyb.SPI.CONTROLLER, prescaler=8, bits=16, crc=0x07)
        self.assertEqual(str(spi), "SPI(2, SPI.CONTROLLER, baudrate=5250000, prescaler=8, "
                                   "polarity=1, phase=0, bits=16, crc=0x7)")
        spi.init(pyb.SPI.PERIPHERAL, polarity=0)
        self.assertEqual(str(spi), "SPI(2, SPI.PERIPHERAL, polarity=0, phase=0, bits=8)")
        spi.deinit()
        self.assertEqual(str(spi), "SPI(2)")
        self.assertEqual((pyb.SPI.MASTER, pyb.SPI.SLAVE), (pyb.SPI.CONTROLLER, pyb.SPI.PERIPHERAL))

    def test_accelerometer(self):
        spi = pyb.SPI(1, pyb.SPI.CONTROLLER, baudrate=1000000, polarity=1, phase=1)
        acc = Accel(spi)
        self.assertEqual(acc.read(WHO_AM_I, 1), b"\x3f")
        acc.write(CTRL_REG4, [0x67])
        self.assertEqual(acc.read(CTRL_REG4, 1), b"\x67")
        # Resting flat: X = Y = 0, Z = +1 g = 16667 digits at 0.06 mg/digit
        out = acc.read(OUT_X_L, 6)
        self.assertEqual(out, (0).to_bytes(4, "little") + (16667).to_bytes(2, "little"))
        # send/recv/send_recv, as staccel.py uses them
        acc.cs(0)
        spi.send(READ | WHO_AM_I)
        self.assertEqual(spi.recv(1), b"\x3f")
        acc.cs(1)
        acc.cs(0)
        self.assertEqual(spi.send_recv(bytes([READ | WHO_AM_I, 0])), b"\xff\x3f")
        buf = bytearray(2)
        # Same transaction, next registers (OFF_X, OFF_Y), into a given buffer
        self.assertIs(spi.send_recv(b"\x01\x02", buf), buf)
        self.assertEqual(buf, b"\x00\x00")
        acc.cs(1)
        acc.write(CTRL_REG4, [0x07])     # power down again: outputs read 0

    def test_peripheral_times_out(self):
        spi = pyb.SPI(1, pyb.SPI.PERIPHERAL)
        with self.assertRaises(OSError) as cm:
            spi.recv(1, timeout=20)
        self.assertEqual(cm.exception.errno, errno.ETIMEDOUT)

    def test_deinit_refuses_transfers(self):
        spi = pyb.SPI(1, pyb.SPI.CONTROLLER)
        spi.deinit()
        with self.assertRaises(OSError):
            spi.send(1)


class TestMachineSPI(unittest.TestCase):
    def tearDown(self):
        pyb.SPI(1).deinit()

    def test_print_and_init(self):
        spi = machine.SPI(1)
        self.assertEqual(str(spi), "SPI(1, baudrate=328125, polarity=0, phase=0, bits=8)")
        spi.init(baudrate=10_000_000, phase=1)
        self.assertEqual(str(spi), "SPI(1, baudrate=5250000, polarity=0, phase=1, bits=8)")
        spi = machine.SPI(2, 1_000_000)
        self.assertEqual(str(spi), "SPI(2, baudrate=656250, polarity=0, phase=0, bits=8)")
        spi.deinit()
        with self.assertRaises(ValueError):
            machine.SPI(1, sck=Pin("PA5"))
        with self.assertRaises(ValueError):
            machine.SPI(4)

    def test_accelerometer_lsb_first(self):
        acc = Accel(machine.SPI(1, 2_000_000, polarity=1, phase=1))
        self.assertEqual(acc.read(WHO_AM_I, 1), b"\x3f")
        # LSB first on the wire: the sensor (MSB first) sees the bits reversed.
        acc.spi.init(firstbit=machine.SPI.LSB)
        acc.cs(0)
        acc.spi.write(b"\xf1")                 # 0x8F reversed: read WHO_AM_I
        self.assertEqual(acc.spi.read(1), b"\xfc")   # 0x3F reversed
        acc.cs(1)

    def test_write_readinto(self):
        acc = Accel(machine.SPI(1, 1_000_000))
        buf = bytearray(3)
        acc.cs(0)
        acc.spi.write_readinto(bytes([READ | 0x0D, 0, 0]), buf)   # INFO1, INFO2, WHO_AM_I
        acc.cs(1)
        self.assertEqual(buf, b"\x00\x21\x00")


class TestPybI2C(unittest.TestCase):
    def tearDown(self):
        pyb.I2C(1).deinit()

    def test_ids(self):
        for bus in (-1, 0, 3):
            with self.assertRaises(ValueError):
                pyb.I2C(bus)
        self.assertEqual(str(pyb.I2C(1)), "I2C(1)")

    def test_print(self):
        i2c = pyb.I2C(1, pyb.I2C.CONTROLLER, baudrate=100000)
        self.assertEqual(str(i2c), "I2C(1, I2C.CONTROLLER, baudrate=100000)")
        i2c.init(pyb.I2C.PERIPHERAL, addr=0x42)
        self.assertEqual(str(i2c), "I2C(1, I2C.PERIPHERAL, addr=0x42)")
        i2c.deinit()
        self.assertEqual(str(i2c), "I2C(1)")

    def test_empty_bus(self):
        i2c = pyb.I2C(1, pyb.I2C.CONTROLLER)
        self.assertEqual(i2c.scan(), [])
        self.assertFalse(i2c.is_ready(0x4A))
        for op in (lambda: i2c.send(b"\x00", 0x4A), lambda: i2c.recv(2, 0x4A),
                   lambda: i2c.mem_read(1, 0x50, 0)):
            with self.assertRaises(OSError) as cm:
                op()
            self.assertEqual(cm.exception.errno, errno.EIO)
        # The bus is free again after each NACK
        self.assertEqual(i2c.scan(), [])

    def test_peripheral_needs_controller(self):
        i2c = pyb.I2C(1, pyb.I2C.PERIPHERAL)
        with self.assertRaises(TypeError):
            i2c.scan()
        with self.assertRaises(OSError) as cm:
            i2c.recv(1, timeout=20)
        self.assertEqual(cm.exception.errno, errno.ETIMEDOUT)


class TestMachineI2C(unittest.TestCase):
    def tearDown(self):
        pyb.I2C(1).deinit()
        pyb.I2C(2).deinit()

    def test_print(self):
        self.assertEqual(str(machine.I2C(1, freq=100000)), "I2C(1, scl=B6, sda=B7, freq=100000)")
        # Fast mode, duty 16/9 from a 42 MHz PCLK1: at most the asked-for rate
        self.assertEqual(str(machine.I2C(2)), "I2C(2, scl=B10, sda=B11, freq=336000)")
        with self.assertRaises(ValueError):
            machine.I2C(1, scl=Pin("PB8"))
        # The same bus seen through pyb.I2C
        self.assertEqual(str(pyb.I2C(2)), "I2C(2, I2C.CONTROLLER, baudrate=400000)")

    def test_empty_bus(self):
        i2c = machine.I2C(1)
        self.assertEqual(i2c.scan(), [])
        with self.assertRaises(OSError) as cm:
            i2c.writeto(0x48, b"\x00")
        self.assertEqual(cm.exception.errno, errno.ENODEV)
        with self.assertRaises(OSError) as cm:
            i2c.readfrom_mem(0x50, 0, 4)
        self.assertEqual(cm.exception.errno, errno.ENODEV)
