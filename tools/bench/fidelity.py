#!/usr/bin/python3
"""Timing fidelity: the board's clocks against the host's wall clock.

    fidelity.py [--window S] [--runs N] [--json FILE]

For each QEMU timing mode (below), on a fresh board:
  sleep_ms      host wall time of time.sleep_ms(1000) (idle in WFI; the REPL round
                trip, measured with an empty command, is subtracted)
  busy_ms       host wall time of a 1000 ms busy-wait on time.ticks_ms (CPU running)
  systick       time.ticks_ms (SysTick at 1 kHz) advance per host second, board idle at
                the REPL for --window seconds
  timer         interrupts per host second and per board second of
                pyb.Timer(2, freq=F, callback=...), F = 1 kHz and 10 kHz, counted in
                the callback;
                "n/a (pyb.Timer missing)" while the firmware has no pyb.Timer

A ratio of 1.000 means the board's time runs at the host's speed. Modes:
  normal        no -icount: QEMU_CLOCK_VIRTUAL follows the host clock while the guest runs
  icount-auto   -icount shift=auto: virtual time counts instructions, the shift adapts so
                that it stays close to host time; idle time passes in real time
  icount-3      -icount shift=3,sleep=off: deterministic, 1 instruction = 2^3 ns (125 MIPS
                of virtual time); idle time is skipped (the virtual clock jumps to the next
                timer), so an idle board's clock runs ahead of the host's
"""

import argparse
import os
import sys
import time
from pathlib import Path

from benchlib import Snapshot, spread, update_results

MODES = {
    "normal": [],
    "icount-auto": ["-icount", "shift=auto"],
    "icount-3": ["-icount", "shift=3,sleep=off"],
}

# pyb.Timer(2) rates: 1 kHz like SysTick, and 10 kHz.
TIMER_FREQS = (1000, 10000)


def run(b, code, timeout=30):
    out, err = b.exec_raw(code, timeout=timeout)
    if err:
        raise RuntimeError(f"board error: {err.strip()}")
    return out.strip()


def timed(b, code, timeout=30):
    t0 = time.monotonic()
    out = run(b, code, timeout)
    return time.monotonic() - t0, out


def measure(snap, extra, window, runs):
    res = {}
    with snap.board(extra_args=extra) as b:
        b.wait_prompt(timeout=120)
        b.enter_raw()
        run(b, "import time, gc")
        rtt = min(timed(b, "pass")[0] for _ in range(5))
        res["repl_round_trip_s"] = rtt

        sleeps, virt = [], []
        for _ in range(runs):
            wall, out = timed(b, "t=time.ticks_us(); time.sleep_ms(1000); "
                                 "print(time.ticks_diff(time.ticks_us(), t))")
            sleeps.append(wall - rtt)
            virt.append(int(out) / 1e6)
        res["sleep_ms_1000_wall_s"] = spread(sleeps)
        res["sleep_ms_1000_board_s"] = spread(virt)

        busy = []
        for _ in range(runs):
            wall, _ = timed(b, "t=time.ticks_ms()\nwhile time.ticks_diff(time.ticks_ms(), t) < 1000:\n"
                               "    pass\n")
            busy.append(wall - rtt)
        res["busy_1000ms_wall_s"] = spread(busy)

        # SysTick rate at the idle REPL: board ticks per host second over the window.
        t0, k0 = time.monotonic(), int(run(b, "print(time.ticks_ms())"))
        time.sleep(window)
        t1, k1 = time.monotonic(), int(run(b, "print(time.ticks_ms())"))
        res["systick_ms_per_host_s"] = ((k1 - k0) & ((1 << 30) - 1)) / (t1 - t0)

        # Hardware timer: counted in a (hard) callback, read with ticks_ms.
        has_timer = run(b, "import pyb\nprint(hasattr(pyb, 'Timer'))") == "True"
        if not has_timer:
            res["timer"] = "n/a (pyb.Timer missing)"
        else:
            res["timer"] = {}
            run(b, "n = [0]\ndef cb(t):\n    n[0] += 1\n")
            for freq in TIMER_FREQS:
                run(b, f"n[0] = 0\ntim = pyb.Timer(2, freq={freq}, callback=cb)\n")
                t0, o0 = time.monotonic(), run(b, "print(n[0], time.ticks_ms())")
                time.sleep(window)
                t1, o1 = time.monotonic(), run(b, "print(n[0], time.ticks_ms())")
                run(b, "tim.deinit()")
                if os.environ.get("BENCH_DEBUG"):
                    print(f"timer {freq} Hz: {o0!r} -> {o1!r}", file=sys.stderr)
                (c0, m0), (c1, m1) = (map(int, o.split()) for o in (o0, o1))
                board_s = ((m1 - m0) & ((1 << 30) - 1)) / 1000
                res["timer"][str(freq)] = {
                    "freq_hz": freq, "irq_per_host_s": (c1 - c0) / (t1 - t0),
                    "irq_per_board_s": (c1 - c0) / board_s if board_s else None}
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--window", type=float, default=5.0, help="seconds for the rate figures")
    ap.add_argument("--runs", type=int, default=3, help="repetitions of the 1 s figures")
    ap.add_argument("--modes", default=",".join(MODES), help="comma-separated, default all")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    modes = args.modes.split(",")
    for m in modes:
        if m not in MODES:
            ap.error(f"unknown mode {m!r} (known: {', '.join(MODES)})")

    results, failed = {}, False
    with Snapshot() as snap:
        for mode in modes:
            extra = MODES[mode]
            try:
                results[mode] = r = measure(snap, extra, args.window, args.runs)
                results[mode]["qemu_args"] = " ".join(extra) or "(none)"
            except Exception as e:   # one mode failing must not hide the others
                results[mode] = {"error": str(e), "qemu_args": " ".join(extra) or "(none)"}
                print(f"{mode:12s} FAILED: {e}")
                failed = True
                continue
            t = r["timer"]
            timer = t if isinstance(t, str) else "; ".join(
                f"{x['freq_hz']} Hz: {x['irq_per_host_s'] / x['freq_hz']:.3f} x nominal per host s, "
                f"{(x['irq_per_board_s'] or 0) / x['freq_hz']:.3f} per board s" for x in t.values())
            print(f"{mode:12s} sleep_ms(1000): {r['sleep_ms_1000_wall_s']['median']:.3f} s wall "
                  f"({r['sleep_ms_1000_board_s']['median']:.3f} s board); "
                  f"1 s busy-wait: {r['busy_1000ms_wall_s']['median']:.3f} s wall; "
                  f"ticks_ms per host s: {r['systick_ms_per_host_s']:.0f}; timer: {timer}")
    if args.json:
        update_results(args.json, "timing", results)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
