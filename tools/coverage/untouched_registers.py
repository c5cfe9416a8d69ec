#!/usr/bin/python3
"""List the registers of our QEMU models that no test read or wrote.

    untouched_registers.py MODEL_SOURCES_DIR TRACE_LOG...

Registers come from the REG32(NAME, OFFSET) lines of each model under qemu/hw.
Accesses come from QEMU trace logs of the <model>_read / <model>_write events
(the first hex number after the event name is the register offset). A model is
matched to its events by its file name: hw/misc/stm32f4xx_rcc.c -> stm32f4xx_rcc_*.
"""

import re
import sys
from pathlib import Path

REG = re.compile(r"^REG32\((\w+),\s*(0x[0-9A-Fa-f]+|\d+)\)", re.M)
EVENT = re.compile(r"(?:^|[:\s])(\w+)_(read|write)\b(.*)$")
HEX = re.compile(r"0x([0-9A-Fa-f]+)")


def model_registers(src_dir):
    models = {}
    for path in sorted(Path(src_dir).rglob("*.c")):
        regs = {int(off, 0): name for name, off in REG.findall(path.read_text())}
        if regs:
            models[path.stem] = regs
    return models


def touched_offsets(logs):
    seen = {}
    for log in logs:
        for line in Path(log).read_text(errors="replace").splitlines():
            m = EVENT.search(line)
            if not m:
                continue
            h = HEX.search(m.group(3))
            if h:
                seen.setdefault(m.group(1), set()).add(int(h.group(1), 16))
    return seen


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    models = model_registers(argv[0])
    seen = touched_offsets(argv[1:])
    total = untouched = 0
    for model, regs in models.items():
        hit = seen.get(model, set())
        missing = [f"{name}@0x{off:02x}" for off, name in sorted(regs.items()) if off not in hit]
        total += len(regs)
        untouched += len(missing)
        status = "all touched" if not missing else "untouched: " + ", ".join(missing)
        print(f"{model:22s} {len(regs) - len(missing):3d}/{len(regs):<3d} {status}")
    print(f"registers touched by tests: {total - untouched}/{total}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
