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


# Register-level setup, independent of the firmware's drivers: TIM2 free-running at 10 kHz,
# TIM4 CH2 PWM at 1 Hz / 50 % on PD13 (orange LED, AF2), USART3 configured, the RTC
# calendar running from the LSI and a backup register written.
SETUP_TIMERS_RTC = """
import machine, time
m = machine.mem32
m[0x40023840] |= (1 << 0) | (1 << 2) | (1 << 18) | (1 << 28)   # APB1ENR: TIM2 TIM4 USART3 PWR
m[0x40023830] |= 1 << 3                                           # AHB1ENR: GPIOD
m[0x40000028] = 8399; m[0x4000002C] = 0xFFFFFFFF                  # TIM2 PSC, ARR
m[0x40000014] = 1; m[0x40000000] = 1                              # UG, CEN
m[0x40020C00] = (m[0x40020C00] & ~(3 << 26)) | (2 << 26)          # PD13 AF mode
m[0x40020C24] = (m[0x40020C24] & ~(0xF << 20)) | (2 << 20)        # AFRH13 = AF2 (TIM4)
m[0x40000828] = 8399; m[0x4000082C] = 9999; m[0x40000838] = 5000 # TIM4 PSC ARR CCR2
m[0x40000818] = (6 << 12) | (1 << 11)                             # CCMR1: OC2M PWM1, OC2PE
m[0x40000820] = 1 << 4                                            # CCER: CC2E
m[0x40000814] = 1; m[0x40000800] = 1 | (1 << 7)                   # UG, CEN + ARPE
m[0x40004808] = 0x16D; m[0x4000480C] = (1 << 13) | (1 << 3)       # USART3 BRR, UE TE
m[0x40007000] |= 1 << 8                                           # PWR_CR.DBP
m[0x40023874] |= 1                                                # LSION
while not m[0x40023874] & 2: pass
if m[0x40023870] & (3 << 8) not in (0, 2 << 8):                  # another clock: reset the domain
    m[0x40023870] = 1 << 16; m[0x40023870] = 0
m[0x40023870] = (m[0x40023870] & ~(3 << 8)) | (2 << 8) | (1 << 15)   # RTCSEL LSI, RTCEN
if not m[0x40002800 + 0x0C] & (1 << 4):                           # calendar not set yet
    m[0x40002824] = 0xCA; m[0x40002824] = 0x53
    m[0x4000280C] |= 1 << 7
    while not m[0x4000280C] & (1 << 6): pass
    m[0x40002810] = (127 << 16) | 249
    m[0x40002800] = 0x123456; m[0x40002804] = 0x00265115          # 12:34:56, 2026-11-15
    m[0x4000280C] &= ~(1 << 7)
    m[0x40002824] = 0xFF
m[0x40002850] = 0x2468ACE0 - (1 << 32)                            # RTC_BKP0R
time.sleep_ms(1100)
cnt_before = m[0x40000024]
"""


def orange_states(board, seconds):
    states = set()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        states.add(board.qmp.command("qom-get", path="/machine/led-orange", property="state"))
        time.sleep(0.05)
    return states


def test_snapshot_restores_timers_rtc_usart(make_board, tmp_path):
    snap = tmp_path / "board.snapshot"
    b = make_board()
    b.wait_prompt()
    b.enter_raw()
    out, err = b.exec_raw(SETUP_TIMERS_RTC)
    assert err == ""
    b.exit_raw()
    assert orange_states(b, 1.5) == {True, False}          # PWM through the AF mux
    regs = {a: b.eval(f"m[{a:#x}]") for a in (
        0x40000028, 0x40000828, 0x4000082C, 0x40000838, 0x40000818, 0x40000820,
        0x40004808, 0x4000480C, 0x40002850, 0x40002810)}
    rtc_before = int(b.eval("m[0x40002800]"))
    cnt_saved = int(b.eval("m[0x40000024]"))
    save(b, snap)
    b.stop()

    r = make_board(extra_args=["-incoming", f"file:{snap}"])
    r.write(b"\r")
    r.wait_prompt(timeout=30)
    for addr, value in regs.items():
        assert r.eval(f"m[{addr:#x}]") == value, hex(addr)
    # TIM2 kept its count and keeps counting at 10 kHz of virtual time.
    cnt = int(r.eval("m[0x40000024]"))
    assert cnt >= cnt_saved
    r.eval("c = m[0x40000024]; time.sleep_ms(100)")
    assert r.eval("800 <= m[0x40000024] - c <= 1500") == "True"
    # The PWM output still toggles the LED; the calendar continues from where it was.
    assert orange_states(r, 1.5) == {True, False}
    assert int(r.eval("m[0x40002800]")) >= rtc_before
    r.eval("t = m[0x40002800]; d = m[0x40002804]; time.sleep_ms(1100)")
    assert r.eval("m[0x40002800] != t") == "True"
