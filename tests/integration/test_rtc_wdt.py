"""RTC, watchdog, reset cause and lightsleep, driven from the host.

What a single on-target test cannot see: the calendar surviving resets, the time QEMU
gives the RTC at start (-rtc base), a watchdog reset and the reset cause after it, and
the host CPU QEMU uses while the board sleeps.
"""

import datetime
import os
import time
from pathlib import Path



ROOT = Path(__file__).resolve().parents[2]
BANNER = b"MicroPython v"


def ev(b, expr, timeout=10):
    """Evaluate a Python expression on the board and return it as a Python value."""
    return eval(b.eval(expr, timeout=timeout))


def reboot_and_wait(b, action, timeout=15):
    """Run action (which resets the board), wait for the new prompt."""
    mark = len(b.serial_log)
    action()
    b.read_until(BANNER, timeout=timeout)
    b.wait_prompt(timeout=timeout)
    return bytes(b.serial_log[mark:])


def test_calendar_survives_machine_reset(board):
    b = board
    b.eval("import machine, time")
    b.eval("machine.RTC().datetime((2031, 5, 6, 2, 7, 8, 9, 0))")
    reboot_and_wait(b, lambda: b.write("machine.reset()\r"))
    b.eval("import machine, time")
    assert ev(b, "machine.reset_cause()") == ev(b, "machine.HARD_RESET")
    lt = ev(b, "time.localtime()")
    assert lt[:5] == (2031, 5, 6, 7, 8), lt
    assert 9 <= lt[5] <= 20, lt
    # Found running from the LSI: not started again (pyb.RTC.info() bit 0x80000).
    assert ev(b, "machine.RTC().info()") & 0x80000


def test_calendar_survives_qmp_system_reset(board):
    b = board
    b.eval("import machine")
    b.eval("machine.RTC().datetime((2032, 2, 29, 7, 23, 59, 50, 0))")
    reboot_and_wait(b, lambda: b.qmp.command("system_reset"))
    b.eval("import machine, time")
    assert ev(b, "machine.reset_cause()") == ev(b, "machine.HARD_RESET")
    lt = ev(b, "time.localtime()")
    # 23:59:50 + a few seconds of reboot, possibly past midnight into March 1st.
    assert lt[:3] in ((2032, 2, 29), (2032, 3, 1)), lt


def test_rtc_base_from_qemu_command_line(make_board):
    b = make_board(extra_args=["-rtc", "base=2030-01-02T03:04:05"])
    b.wait_prompt()
    b.eval("import time, machine")
    lt = ev(b, "time.localtime()")
    assert lt[:5] == (2030, 1, 2, 3, 4), lt
    assert 5 <= lt[5] <= 30, lt
    assert lt[6] == 2  # Wednesday
    assert ev(b, "machine.RTC().datetime()")[:3] == (2030, 1, 2)
    # time() counts from 2000-01-01, as on the stm32 port.
    t = ev(b, "time.time()")
    base = int((datetime.datetime(2030, 1, 2, 3, 4, 5) - datetime.datetime(2000, 1, 1)).total_seconds())
    assert base <= t <= base + 25


def test_power_on_reset_cause(board):
    board.eval("import machine")
    assert ev(board, "machine.reset_cause()") == ev(board, "machine.PWRON_RESET")


def test_wdt_not_fed_resets_board(board):
    b = board
    b.eval("import machine")
    out = reboot_and_wait(b, lambda: b.write("w = machine.WDT(timeout=300)\r"))
    assert b"MPY: soft reboot" not in out
    b.eval("import machine")
    assert ev(b, "machine.reset_cause()") == ev(b, "machine.WDT_RESET")
    # The next reset cause is its own again (RCC_CSR flags were cleared at boot).
    reboot_and_wait(b, lambda: b.write("machine.reset()\r"))
    b.eval("import machine")
    assert ev(b, "machine.reset_cause()") == ev(b, "machine.HARD_RESET")


def test_wdt_fed_does_not_reset(board):
    b = board
    b.enter_raw()
    mark = len(b.serial_log)
    out, err = b.exec_raw(
        "import machine, time\n"
        "w = machine.WDT(timeout=300)\n"
        "for i in range(20):\n"
        "    time.sleep_ms(100)\n"
        "    w.feed()\n"
        "print('alive', machine.reset_cause())\n",
        timeout=20)
    assert err == ""
    assert out.strip() == "alive 1"
    assert BANNER not in bytes(b.serial_log[mark:])


def _cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_lightsleep_duration_and_idle_host_cpu(board):
    b = board
    b.enter_raw()
    out, err = b.exec_raw(
        "import machine, time\n"
        "t = time.ticks_ms(); n = time.time_ns()\n"
        "machine.lightsleep(500)\n"
        "print(time.ticks_diff(time.ticks_ms(), t), (time.time_ns() - n) // 1000000)\n",
        timeout=10)
    assert err == ""
    ticks, rtc = map(int, out.split())
    assert 480 <= rtc <= 540, out
    assert 480 <= ticks <= 540, out

    # A long sleep: the firmware waits in WFI with SysTick off, so QEMU should use
    # (much) less host CPU than even the idle prompt (a busy loop would be ~100 %).
    b.write(b"machine.lightsleep(4000); print('woke')\x04")
    time.sleep(0.8)
    c0, w0 = _cpu_seconds(b.proc.pid), time.monotonic()
    time.sleep(2.5)
    cpu = (_cpu_seconds(b.proc.pid) - c0) / (time.monotonic() - w0)
    b.read_until(b"woke", timeout=15)
    assert cpu < 0.3, f"QEMU used {cpu:.0%} of a core during lightsleep"


def test_deepsleep_resets_after_timeout(board):
    b = board
    b.eval("import machine, time")
    t0 = time.monotonic()
    reboot_and_wait(b, lambda: b.write("machine.deepsleep(700)\r"))
    assert time.monotonic() - t0 >= 0.6
    b.eval("import machine")
    # QEMU does not model Standby (PWR_CSR.SBF): the firmware resets itself at the
    # wakeup, which reports HARD_RESET where silicon reports DEEPSLEEP_RESET.
    assert ev(b, "machine.reset_cause()") in (ev(b, "machine.DEEPSLEEP_RESET"), ev(b, "machine.HARD_RESET"))


def test_deepsleep_without_timeout_waits_for_reset(board):
    b = board
    b.eval("import machine")
    b.write("machine.deepsleep()\r")
    time.sleep(0.8)
    c0, w0 = _cpu_seconds(b.proc.pid), time.monotonic()
    time.sleep(2)
    cpu = (_cpu_seconds(b.proc.pid) - c0) / (time.monotonic() - w0)
    assert cpu < 0.3, f"QEMU used {cpu:.0%} of a core during deepsleep"
    assert BANNER not in b.drain()
    # Only a reset ends it.
    reboot_and_wait(b, lambda: b.qmp.command("system_reset"))
    b.eval("import machine")
    assert ev(b, "machine.reset_cause()") == ev(b, "machine.HARD_RESET")


def test_mpremote_rtc(mpremote_board):
    b = mpremote_board()
    b.mpremote("rtc", "--set")
    now = datetime.datetime.now()
    got = eval(b.mpremote("rtc"))
    board_time = datetime.datetime(*got[:3], *got[4:7])
    assert abs((board_time - now).total_seconds()) < 10, (got, now)
