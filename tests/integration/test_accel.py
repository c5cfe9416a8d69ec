"""The board's accelerometer (LIS3DSH on SPI1, CS on PE3) seen from both ends: the host
sets the acceleration with QMP qom-set on /machine/accel (x, y, z in milli-g) and
MicroPython's own STM32F4DISC driver, staccel.py (frozen unchanged), reads it."""

import pytest

from vboard import QMPError

ACCEL = "/machine/accel"
# staccel.py reads only the high byte of each axis at +-2 g: 0.06 mg * 256 per step.
STEP_G = 0.06 * 256 / 1000


def run(board, code, timeout=10.0):
    out, err = board.exec_raw(code, timeout)
    assert err == "", err
    return out.strip()


def set_axes(board, x, y, z):
    for name, value in (("x", x), ("y", y), ("z", z)):
        board.qmp.command("qom-set", path=ACCEL, property=name, value=value)


def read_xyz(board):
    return [float(v) for v in run(board, "print(*acc.xyz())").split()]


def expected(mg):
    """What staccel computes: the high byte of round(mg / 0.06), signed, times STEP_G."""
    raw = round(mg / 0.06)
    high = (raw & 0xFFFF) >> 8
    if high & 0x80:
        high -= 256
    return high * STEP_G


def test_staccel_reads_host_values(board):
    board.enter_raw()
    run(board, "import staccel\nacc = staccel.STAccel()")
    assert run(board, "print(hex(acc.who_am_i))") == "0x3f"       # LIS3DSH
    # Resting flat by default: about +1 g on Z.
    x, y, z = read_xyz(board)
    assert (x, y) == (0.0, 0.0)
    assert abs(z - 1.0) < STEP_G
    for axes in ((0, 0, 1000), (500, -250, 980), (-1900, 1500, -1000), (0, 0, 0)):
        set_axes(board, *axes)
        got = read_xyz(board)
        for mg, value in zip(axes, got):
            assert abs(value - expected(mg)) < 1e-4, (axes, got)
            assert abs(value - mg / 1000) < STEP_G, (axes, got)
    assert board.qmp.command("qom-get", path=ACCEL, property="x") == 0


def test_accel_over_machine_spi(board):
    """The same sensor through machine.SPI and machine.Pin: WHO_AM_I and a 16-bit X."""
    board.enter_raw()
    set_axes(board, -1234, 0, 1000)
    out = run(board, "\n".join([
        "from machine import SPI, Pin",
        "cs = Pin('PE3', Pin.OUT, value=1)",
        "spi = SPI(1, baudrate=1_000_000, polarity=1, phase=1)",
        "def rd(reg, n):",
        "    cs(0); spi.write(bytes([0x80 | reg])); b = spi.read(n); cs(1); return b",
        "def wr(reg, v):",
        "    cs(0); spi.write(bytes([reg, v])); cs(1)",
        "wr(0x20, 0x67)",                                  # 100 Hz, X/Y/Z on
        "b = rd(0x28, 2)",
        "print(hex(rd(0x0F, 1)[0]), int.from_bytes(b, 'little'))",
    ]))
    who, x = out.split()
    assert who == "0x3f"
    assert x == str(round(-1234 / 0.06) & 0xFFFF)


def test_staccel_with_lis302dl(make_board):
    """The older MB997B board: a LIS302DL, 8-bit outputs at 18 mg/digit."""
    board = make_board(extra_args=["-machine", "accelerometer=lis302dl"])
    board.wait_prompt()
    board.enter_raw()
    run(board, "import staccel\nacc = staccel.STAccel()")
    assert run(board, "print(hex(acc.who_am_i))") == "0x3b"
    set_axes(board, 500, -250, 1000)
    x, y, z = read_xyz(board)
    assert (x, y, z) == (28 * 0.018, -14 * 0.018, 56 * 0.018)


def test_out_of_range_value_is_refused(board):
    with pytest.raises(QMPError, match="out of range"):
        board.qmp.command("qom-set", path=ACCEL, property="z", value=20000)
    assert board.qmp.command("qom-get", path=ACCEL, property="z") == 1000
