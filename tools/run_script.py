#!/usr/bin/python3
"""Run MicroPython scripts on a fresh virtual board and print their output.

    tools/run_script.py SCRIPT.py [SCRIPT.py ...] [--flash IMAGE] [--timeout S]

Each script goes through the raw REPL's paste mode, the same way mpremote runs code.
Exit status: 0 when every script ran without an exception, 1 otherwise.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from vboard import Board, BoardError  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scripts", nargs="+", type=Path)
    ap.add_argument("--flash", type=Path, help="persistent 1 MiB flash image")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per script")
    args = ap.parse_args()
    for s in args.scripts:
        if not s.is_file():
            print(f"error: script {s} not found", file=sys.stderr)
            return 1
    failed = False
    try:
        with Board(flash=args.flash, trace_unimp=False) as board:
            board.wait_prompt()
            board.enter_raw()
            for s in args.scripts:
                out, err = board.exec_raw_paste(s.read_text(), timeout=args.timeout)
                sys.stdout.write(out.replace("\r\n", "\n"))
                if err:
                    failed = True
                    sys.stderr.write(f"{s}: " + err.replace("\r\n", "\n"))
    except BoardError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
