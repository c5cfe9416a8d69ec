#!/usr/bin/python3
"""Boot and idle figures for the virtual board: prints them, adds them to a JSON file.

    boot_bench.py [--runs N] [--idle-seconds S] [--json FILE]
"""

import argparse
import os
import time
from pathlib import Path

from benchlib import Snapshot, erased_flash_image, spread, update_results

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK     # utime + stime


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def boot_once(snap, with_flash):
    # With an erased flash image the firmware formats /flash on this first boot.
    flash = erased_flash_image(snap.dir / "bench.img") if with_flash else None
    b = snap.board(flash=flash)
    t0 = time.monotonic()
    try:
        b.start()
        b.wait_prompt(timeout=60)
        return time.monotonic() - t0
    finally:
        b.stop()


def idle_figures(snap, seconds):
    with snap.board() as b:
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

    results = {}
    with Snapshot() as snap:
        for label, with_flash in (("boot_to_prompt_s", False), ("boot_to_prompt_fresh_flash_s", True)):
            r = results[label] = spread([boot_once(snap, with_flash) for _ in range(args.runs)])
            print(f"{label:34s} median {r['median']:.3f} s  (min {r['min']:.3f}, "
                  f"max {r['max']:.3f}, stdev {r['stdev']:.3f}, {r['runs']} runs)")
        cpu, rss = idle_figures(snap, args.idle_seconds)
    results["idle_host_cpu_percent"] = cpu
    results["qemu_rss_kib"] = rss
    print(f"{'idle host CPU at the prompt':34s} {cpu:.1f} % of one core")
    print(f"{'QEMU resident memory':34s} {rss / 1024:.1f} MiB")
    if args.json:
        update_results(args.json, "boot", results)


if __name__ == "__main__":
    main()
