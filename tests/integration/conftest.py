"""Fixtures: fresh virtual boards that are always stopped, with logs kept on failure."""

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from vboard import Board, erased_flash_image  # noqa: E402

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
