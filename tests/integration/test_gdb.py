"""GDB debugging through QEMU's gdbstub: halt at reset, break in the firmware, read state."""

import shutil
import socket
import subprocess

import pytest

from conftest import ROOT

GDB = shutil.which("gdb-multiarch")
pytestmark = pytest.mark.skipif(GDB is None, reason="gdb-multiarch not installed (scripts/setup_env.sh)")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gdb(port, *commands, timeout=60):
    args = [GDB, "-nx", "-batch", str(ROOT / "bin" / "firmware.elf"),
            "-ex", "set confirm off", "-ex", f"target remote 127.0.0.1:{port}"]
    for c in commands:
        args += ["-ex", c]
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout)


def test_halt_at_reset_then_break_in_firmware(make_board):
    port = free_port()
    board = make_board(extra_args=["-gdb", f"tcp:127.0.0.1:{port}", "-S"])
    res = gdb(port,
              "info symbol $pc",                       # where the CPU sits at reset
              "break mp_hal_stdin_rx_chr",
              "continue",
              "bt 1",
              "print/x *(unsigned int *)0x40023808",   # RCC_CFGR once the clock is set up
              "detach")
    out = res.stdout
    assert res.returncode == 0, res.stderr
    assert "Reset_Handler" in out
    assert "Breakpoint 1, mp_hal_stdin_rx_chr" in out
    # SWS = PLL, PPRE2 /2, PPRE1 /4: the firmware's 168 MHz setup, read over GDB.
    assert "= 0x940a" in out
    # After detaching, the board runs on and reaches the prompt.
    board.wait_prompt()
    assert board.eval("6*7") == "42"
