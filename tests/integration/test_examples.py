"""Every example in examples/ runs on a fresh board without an exception."""

import subprocess

import pytest

from conftest import ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
EXPECT = {
    "hello_board.py": "machine: F4DISC with STM32F407",
    "timing.py": "sleep_ms(100) took",
    "async_tasks.py": "fast0 slow0 fast1",
    "blink.py": "circle done",
    "button.py": "presses: 0",
    "led_fade.py": "fade done, last intensity 0",
    "accel.py": "z 1.00 g",
    "rtc_clock.py": "now (2026, 1, 2, 5, 12, 0, ",
}


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_example_runs(example):
    res = subprocess.run([str(ROOT / "tools" / "run_script.py"), str(example)],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert EXPECT[example.name] in res.stdout


def test_run_script_reports_exceptions(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("print('before')\nraise RuntimeError('boom')\n")
    res = subprocess.run([str(ROOT / "tools" / "run_script.py"), str(bad)],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 1
    assert "before" in res.stdout and "RuntimeError: boom" in res.stderr
