"""Helpers shared by the bench sections (tools/bench/*.py): paths, results file, boards."""

import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from vboard import Board, ROOT, erased_flash_image  # noqa: E402,F401

BUILD = Path(os.environ.get("BUILD", ROOT / "build"))
BIN = Path(os.environ.get("BIN", ROOT / "bin"))
OUT = BUILD / "bench"
MICROPY_SRC = Path(os.environ.get("MICROPY_SRC", BUILD / "deps" / "micropython"))
PYTHON = os.environ.get("PYTHON", "/usr/bin/python3")


def update_results(path, section, data):
    """Merge {section: data} into the JSON results file (one writer at a time: bench.sh
    runs the sections one after the other)."""
    path = Path(path)
    results = json.loads(path.read_text()) if path.exists() else {}
    results[section] = data
    path.write_text(json.dumps(results, indent=2) + "\n")


def spread(values):
    """Median, min, max and population stdev of a list of numbers, as a dict."""
    values = sorted(values)
    return {"median": statistics.median(values), "min": values[0], "max": values[-1],
            "stdev": statistics.pstdev(values), "runs": len(values)}


class Snapshot:
    """Private copies of bin/qemu-system-arm and bin/firmware.elf: other builds may
    replace bin/ while a section runs."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="bench-", dir="/tmp"))
        self.qemu = self.dir / "qemu-system-arm"
        self.firmware = self.dir / "firmware.elf"
        try:
            shutil.copy(os.environ.get("QEMU", BIN / "qemu-system-arm"), self.qemu)
            shutil.copy(BIN / "firmware.elf", self.firmware)
        except OSError:
            self.close()
            raise

    def board(self, **kw):
        kw.setdefault("trace_unimp", False)
        return Board(qemu=self.qemu, firmware=self.firmware, **kw)

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
