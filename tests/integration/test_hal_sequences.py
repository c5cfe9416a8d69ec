"""Bring-up the way STM32CubeF4 HAL code does it (tests/hal_sequences/main.c): clock setup
with ready-flag timeouts, GPIO, UART, flash erase/program, RNG, TIM2 interrupts, RTC init
and calendar, backup registers, and an IWDG reset with its cause flag after the reboot."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_hal_style_bring_up(make_board, tmp_path):
    subprocess.run(["make", "-s", "-C", str(ROOT / "tests/hal_sequences"), f"BUILD={tmp_path}"],
                   check=True)
    b = make_board(firmware=tmp_path / "hal_sequences.elf")
    first = b.read_until(b"(first boot)", timeout=30).decode()
    second = b.read_until(b" failed\r\n", timeout=30).decode()
    log = first + second
    failures = [l for l in log.splitlines() if l.startswith("FAIL")]
    assert not failures, "\n".join(failures)
    assert "hal-sequences: 17 passed, 0 failed (first boot)" in first
    # The IWDG reset the chip: the second boot saw IWDGRSTF and the backup register.
    assert "ok   IWDG reset: RCC_CSR.IWDGRSTF set after the reboot" in second
    assert "hal-sequences: 8 passed, 0 failed" in second
