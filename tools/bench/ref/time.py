# time.ticks_us/ticks_ms/ticks_diff/ticks_add for MicroPython's ports/qemu on QEMU's
# mps2-an385/mps2-an386 machines, which the port's C code lacks (MICROPY_PY_TIME = 0).
#
# The source is the FPGAIO block at 0x40028000 (ARM AN385/AN386 "FPGA system control"):
# PSCNTR counts down from PRESCALE at the 25 MHz reference clock and COUNTER increments
# each time it wraps, so PRESCALE = 24 makes COUNTER a 32-bit microsecond counter. QEMU
# derives it from QEMU_CLOCK_VIRTUAL, the clock our board's SysTick and ticks_us use too.
# Ticks wrap at 2**30 like the other ports' (MICROPY_PY_TIME_TICKS_PERIOD).
from machine import mem32

_FPGAIO = const(0x40028000)
_COUNTER = const(0x18)
_PRESCALE = const(0x1C)
_PERIOD = const(1 << 30)
_MASK = const((1 << 30) - 1)

mem32[_FPGAIO + _PRESCALE] = 24


def ticks_us():
    return mem32[_FPGAIO + _COUNTER] & _MASK


def ticks_ms():
    # mem32 reads are signed 32-bit: widen before dividing.
    return ((mem32[_FPGAIO + _COUNTER] & 0xFFFFFFFF) // 1000) & _MASK


def ticks_add(t, delta):
    return (t + delta) & _MASK


def ticks_diff(a, b):
    return ((a - b + _PERIOD // 2) & _MASK) - _PERIOD // 2
