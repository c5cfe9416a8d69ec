"""Snapshots: save a running board to a file and resume it in a new QEMU.

Uses QEMU's migration to a file (`migrate file:PATH`, then `-incoming file:PATH` on an
identical command line), which needs no snapshot-capable disk.
"""

import time

GPIOD = 0x40020C00
SETUP_LED = """
import machine
m = machine.mem32
m[0x40023830] |= 1 << 3                      # RCC_AHB1ENR.GPIODEN
m[0x40020C00] = (m[0x40020C00] & ~(3 << 24)) | (1 << 24)   # PD12 output
m[0x40020C18] = 1 << 12                      # BSRR: PD12 high (green LED on)
counter = 41
"""


def save(board, path):
    board.qmp.command("migrate", uri=f"file:{path}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status = board.qmp.command("query-migrate").get("status")
        if status == "completed":
            return
        assert status not in ("failed", "cancelled"), status
        time.sleep(0.05)
    raise AssertionError("migration did not complete")


def test_snapshot_restores_cpu_ram_and_devices(make_board, tmp_path):
    snap = tmp_path / "board.snapshot"
    b = make_board(uid="00112233445566778899aabb")
    b.wait_prompt()
    b.enter_raw()
    out, err = b.exec_raw(SETUP_LED)
    assert err == ""
    b.exit_raw()
    assert b.qmp.command("qom-get", path="/machine/led-green", property="state") is True
    save(b, snap)
    b.stop()

    # Same machine, same options, resumed from the file.
    r = make_board(uid="00112233445566778899aabb", extra_args=["-incoming", f"file:{snap}"])
    # The REPL continues where it was: Python state, RCC clocks, USART, GPIO, LED.
    r.write(b"\r")
    r.wait_prompt(timeout=30)
    assert r.eval("counter + 1") == "42"
    assert r.eval("machine.freq()[0]") == "168000000"
    assert r.eval("hex(machine.mem32[0x40020C14] & (1 << 12))") == "'0x1000'"   # ODR
    assert r.qmp.command("qom-get", path="/machine/led-green", property="state") is True
    # Time keeps running and interrupts still arrive after the restore.
    assert r.eval("import time; t = time.ticks_ms(); time.sleep_ms(20); time.ticks_diff(time.ticks_ms(), t) >= 19") == "True"
