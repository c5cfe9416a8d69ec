#!/usr/bin/python3
"""Boot and idle figures for the virtual board: prints a table, appends to a JSON file.

    boot_bench.py [--runs N] [--idle-seconds S] [--json FILE]
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from vboard import Board, erased_flash_image  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK     # utime + stime


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def boot_once(tmpdir, with_flash):
    flash = erased_flash_image(Path(tmpdir) / "bench.img") if with_flash else None
    b = Board(flash=flash, trace_unimp=False)
    t0 = time.monotonic()
    try:
        b.start()
        b.wait_prompt(timeout=60)
        return time.monotonic() - t0
    finally:
        b.stop()


def idle_figures(seconds):
    with Board(trace_unimp=False) as b:
        b.wait_prompt()
        time.sleep(0.5)
        c0, t0 = cpu_seconds(b.proc.pid), time.monotonic()
        time.sleep(seconds)
        c1, t1 = cpu_seconds(b.proc.pid), time.monotonic()
        return 100.0 * (c1 - c0) / (t1 - t0), rss_kib(b.proc.pid)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--idle-seconds", type=float, default=5.0)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")

    tmp = Path(os.environ.get("TMPDIR", "/tmp"))
    results = {}
    for label, with_flash in (("boot_to_prompt_s", False), ("boot_to_prompt_fresh_flash_s", True)):
        times = sorted(boot_once(tmp, with_flash) for _ in range(args.runs))
        results[label] = {"median": statistics.median(times), "min": times[0],
                          "max": times[-1], "runs": len(times)}
        print(f"{label:34s} median {results[label]['median']:.3f} s  "
              f"(min {times[0]:.3f}, max {times[-1]:.3f}, {len(times)} runs)")
    cpu, rss = idle_figures(args.idle_seconds)
    results["idle_host_cpu_percent"] = cpu
    results["qemu_rss_kib"] = rss
    print(f"{'idle host CPU at the prompt':34s} {cpu:.1f} % of one core")
    print(f"{'QEMU resident memory':34s} {rss / 1024:.1f} MiB")
    if args.json:
        data = json.loads(args.json.read_text()) if args.json.exists() else {}
        data.update(results)
        args.json.write_text(json.dumps(data, indent=2) + "\n")


if __name__ == "__main__":
    main()
