#!/usr/bin/python3
"""Run the on-target unit tests (tests/target/test_*.py) on a virtual board.

    tests/target/run.py [TEST.py ...]

Each file runs in a fresh interpreter (soft reset between files) through raw-paste,
with the firmware's frozen `unittest`. Prints every test's line and, last,
'target: N passed, N failed, N skipped'. Exit status 1 if anything failed.
"""

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from vboard import Board, BoardError  # noqa: E402

RESULT = re.compile(r"^(\S+ \([^)]*\)) \.\.\. (ok|FAIL|ERROR|skipped.*)$")
LOGS = ROOT / "build" / "test-logs" / "target"


def run_file(board, path):
    """Return (passed, failed, skipped) for one test file."""
    code = path.read_text()
    if "unittest.main()" not in code:
        code += "\nimport unittest\nunittest.main()\n"
    board.write(b"\x04")                      # soft reset: a fresh interpreter
    board.read_until(b"raw REPL; CTRL-B to exit\r\n>", timeout=15)
    out, err = board.exec_raw_paste(code, timeout=120)
    passed = failed = skipped = 0
    for line in out.splitlines():
        m = RESULT.match(line.strip())
        if m:
            status = m.group(2)
            passed += status == "ok"
            failed += status in ("FAIL", "ERROR")
            skipped += status.startswith("skipped")
        print("  " + line)
    if err:
        print(f"  {path.name}: uncaught exception:\n" + err)
        failed += 1
    if "Ran " not in out and not err:
        print(f"  {path.name}: no test results")
        failed += 1
    return passed, failed, skipped


def main(argv):
    files = [Path(a) for a in argv] or sorted(HERE.glob("test_*.py"))
    for f in files:
        if not f.is_file():
            print(f"error: {f} not found", file=sys.stderr)
            return 1
    total = [0, 0, 0]
    board = Board()
    try:
        try:
            board.start()
            board.wait_prompt()
            board.enter_raw()
        except BoardError as e:
            print(f"error: the board did not boot: {e}")
            total[1] = 1
            files = []
        for f in files:
            print(f"{f.name}:")
            try:
                res = run_file(board, f)
            except BoardError as e:
                print(f"  {f.name}: board stopped responding: {e}")
                res = (0, 1, 0)
                board.stop()
                board = Board()
                board.start()
                board.wait_prompt()
                board.enter_raw()
            total = [t + r for t, r in zip(total, res)]
    finally:
        if total[1]:
            board.save_logs(LOGS)
            print(f"board logs: {LOGS}")
        board.stop()
    print("target: %d passed, %d failed, %d skipped" % tuple(total))
    return 1 if total[1] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
