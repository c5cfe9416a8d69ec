"""Fixtures: fresh virtual boards that are always stopped, with logs kept on failure."""

import functools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from vboard import Board, BoardError, erased_flash_image  # noqa: E402

LOG_ROOT = ROOT / "build" / "test-logs" / "integration"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


def _finish(request, boards):
    failed = any(getattr(request.node, "rep_" + w, None) is not None and
                 getattr(request.node, "rep_" + w).failed for w in ("setup", "call"))
    for i, b in enumerate(boards):
        if failed:
            dest = LOG_ROOT / re.sub(r"[^\w.-]", "_", request.node.nodeid) / f"board{i}"
            b.save_logs(dest)
            tail = bytes(b.serial_log[-2000:]).decode(errors="replace")
            print(f"\n--- board{i} UART (last 2000 bytes; full logs in {dest}) ---\n{tail}")
        b.stop()


@pytest.fixture
def make_board(request, tmp_path):
    """Factory: make_board(flash=..., uid=..., start=True) -> started Board."""
    boards = []

    def factory(start=True, **kw):
        b = Board(**kw)
        boards.append(b)
        return b.start() if start else b

    yield factory
    _finish(request, boards)


@pytest.fixture
def board(make_board):
    """A booted board at the friendly REPL prompt."""
    b = make_board()
    b.wait_prompt()
    return b


@pytest.fixture
def flash_image(tmp_path):
    return erased_flash_image(tmp_path / "flash.img")


MPREMOTE_DIR = ROOT / "build" / "deps" / "micropython" / "tools" / "mpremote"


def _mpremote(board, *args, timeout=60):
    env = dict(os.environ, PYTHONPATH=str(MPREMOTE_DIR))
    r = subprocess.run(["/usr/bin/python3", "-m", "mpremote", "connect", board.pty_path, *args],
                       env=env, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, f"mpremote {args}: {r.stdout}\n{r.stderr}"
    return r.stdout


@pytest.fixture
def mpremote_board(make_board):
    """Factory: a board on a pty, at its prompt, with board.mpremote(*args) -> stdout.

    Skips when mpremote (MicroPython's tools/) or pyserial is missing."""
    if not (MPREMOTE_DIR / "mpremote").is_dir():
        pytest.skip("mpremote not in the MicroPython source tree")
    pytest.importorskip("serial")

    def at_prompt(b, tries):
        # QEMU drops pty output while nobody has it open, and notices a reader only
        # after a while: poke the REPL until a prompt comes back.
        b.open_serial()
        for _ in range(tries):
            b.write(b"\r")
            try:
                b.wait_prompt(timeout=1)
                b.close_serial()
                return True
            except BoardError:
                pass
        b.close_serial()
        return False

    def factory(**kw):
        # Now and then a pty board never answers: its firmware waits for TXE while
        # QEMU's pty backend holds the byte (not understood yet, see the notes in
        # docs/testing.md). A new QEMU with the same options does answer.
        for _ in range(3):
            b = make_board(pty=True, **kw)
            if at_prompt(b, 10):
                b.mpremote = functools.partial(_mpremote, b)
                return b
            b.stop()
        pytest.fail("no REPL prompt on the pty (3 boards)")

    return factory
