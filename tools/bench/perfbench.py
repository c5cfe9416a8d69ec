#!/usr/bin/python3
"""MicroPython's perf_bench suite on our board and on MicroPython's ports/qemu firmware.

    perfbench.py [--average A] [--n N] [--m M] [--json FILE] [BENCH.py ...]

Both boards run MicroPython's own tests/run-perfbench.py (-p, through pyboard.py's
execpty: a fresh QEMU with -serial pty), with the same N, M and averaging:

  ours       bin/qemu-system-arm -M stm32f4-discovery, bin/firmware.elf
  reference  build/bench/ref-qemu/qemu-system-arm -M mps2-an386 (Cortex-M4),
             ports/qemu BOARD=MPS2_AN385 from the same MicroPython tree
             (tools/bench/build_ref.sh builds both)

Per benchmark it reports both run times and the speed ratio ours/reference (reference
time / our time: above 1 means our board ran it faster). Times are what each guest
measures with time.ticks_us, i.e. QEMU's virtual clock, which without -icount follows the
host's clock: the figures say how fast QEMU runs each firmware on this host.
"""

import argparse
import math
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from benchlib import OUT, MICROPY_SRC, PYTHON, Snapshot, spread, update_results

REF_QEMU = OUT / "ref-qemu" / "qemu-system-arm"
REF_FW = OUT / "ref-fw" / "firmware.elf"

# Figures for a real 168 MHz STM32F4 (pyboard v1.x: STM32F405) found in the MicroPython
# 1.25 source tree. Only what the tree says; nothing here is estimated.
REAL_BOARD_NOTE = (
    "no real-board perf_bench figures: the MicroPython 1.25 tree has none for a pyboard "
    "(tests/README.md shows only a unix-port run on a PC, N=2000 M=10000, and "
    "tests/perf_bench has no recorded results), and this machine has no network and no board")
REAL_GC_MS = 1.0
REAL_GC_SOURCE = ("docs/reference/constrained.rst: 'A GC can take several milliseconds but "
                  "is quicker when there is little work to do (about 1ms on the Pyboard)'")

LINE = re.compile(r"^(perf_bench/\S+\.py): (.*)$")


def board_script(path, qemu_cmd, stderr_file, pid_file):
    """A script for run-perfbench.py's execpty: (it splits its command on spaces and reads
    the pty name from the first line): QEMU's messages go to a file, only the pty line
    (or QEMU's error) is printed. Same scheme as tests/upstream/run.sh."""
    q = " ".join(f"'{a}'" for a in qemu_cmd)
    path.write_text(f"""#!/bin/bash
err='{stderr_file}'; : >"$err"
{q} -serial pty </dev/null >"$err" 2>&1 &
pid=$!; echo $pid >'{pid_file}'
while :; do
    line=$(grep -m1 -o 'char device redirected to /dev/pts/[0-9]*' "$err" 2>/dev/null)
    if [ -n "$line" ]; then echo "$line"; break; fi
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "QEMU exited before opening its pty: $(tr '\\n' ' ' <"$err")"; exit 1
    fi
    sleep 0.02
done
wait "$pid"
""")
    path.chmod(0o755)
    return path


def default_files():
    """What run-perfbench.py runs by default for M > 25: every perf_bench/*.py but benchrun."""
    return sorted(f"perf_bench/{f.name}" for f in (MICROPY_SRC / "tests" / "perf_bench").glob("*.py")
                  if f.name != "benchrun.py")


def run_one(label, qemu_cmd, workdir, args, bench, deadline):
    """One benchmark through run-perfbench.py on a fresh board: a crash of run-perfbench.py
    (it divides by a measured time of 0 us, see docs/performance.md) costs one benchmark,
    not the rest of the suite. Returns (result dict, output)."""
    script = board_script(workdir / f"board-{label}.sh", qemu_cmd,
                          workdir / f"qemu-{label}.stderr", workdir / f"qemu-{label}.pid")
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", MICROPY_CPYTHON3=PYTHON)
    cmd = [PYTHON, "./run-perfbench.py", "-p", "-d", f"execpty:{script}",
           "-a", str(args.average), str(args.n), str(args.m), bench]
    try:
        p = subprocess.run(cmd, cwd=MICROPY_SRC / "tests", env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=max(1, deadline - time.monotonic()))
        out = p.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace") + "\n(timed out)\n"
    finally:
        # run-perfbench.py stops its board on a normal exit; not on a crash or timeout.
        pid_file = workdir / f"qemu-{label}.pid"
        if pid_file.exists():
            pid = int(pid_file.read_text())
            pid_file.unlink()
            try:
                if os.readlink(f"/proc/{pid}/exe") == str(qemu_cmd[0]):
                    os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
    for line in out.splitlines():
        m = LINE.match(line)
        if m and m.group(1) == bench:
            rest = m.group(2).split()
            try:
                t_avg, t_sd, s_avg, s_sd = (float(x) for x in rest)
                return {"time_us": t_avg, "time_sd_percent": t_sd,
                        "score": s_avg, "score_sd_percent": s_sd}, out
            except ValueError:
                # run-perfbench.py's own verdicts; anything else (a traceback, bytes
                # printed by pyboard.py) is explained by the last line, below.
                if m.group(2).startswith(("SKIP", "FAIL", "CRASH")):
                    return {"error": m.group(2)}, out
    last = [l for l in out.splitlines() if l.strip()][-1:] or ["no output"]
    err = "CRASH: " + last[0].strip()
    if "ZeroDivisionError" in err:
        err += " (run-perfbench.py: one run measured 0 us)"
    return {"error": err}, out


def run_perfbench(label, qemu_cmd, workdir, args, files, timeout):
    log = OUT / f"perfbench-{label}.log"
    t0 = time.monotonic()
    results, outs = {}, []
    for bench in files:
        res, out = run_one(label, qemu_cmd, workdir, args, bench, t0 + timeout)
        if res.get("error", "").startswith("CRASH"):
            # Once more: on a loaded host the board's clock can stand still for a few ms
            # and a short benchmark then measures 0 us (docs/performance.md). The first
            # error stays in the results.
            first = res["error"]
            res, out2 = run_one(label, qemu_cmd, workdir, args, bench, t0 + timeout)
            res["first_attempt_error"] = first
            out += "=== (retry)\n" + out2
        results[Path(bench).stem] = res
        outs.append(f"=== {bench}\n{out}")
    log.write_text("".join(outs))
    return results, time.monotonic() - t0, log


def gc_collect_ms(snap, runs):
    """gc.collect() right after boot (little to collect), as the MicroPython docs time it."""
    with snap.board() as b:
        b.wait_prompt(timeout=60)
        b.enter_raw()
        out, err = b.exec_raw(
            "import gc, time\nr = []\nfor i in range(%d):\n"
            "    t = time.ticks_us(); gc.collect(); r.append(time.ticks_diff(time.ticks_us(), t))\n"
            "print(' '.join(str(x) for x in r))\n" % runs, timeout=30)
        if err:
            raise RuntimeError(err)
        return [int(x) / 1000 for x in out.split()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--average", type=int, default=5, help="runs averaged per benchmark")
    ap.add_argument("--n", type=int, default=168,
                    help="N: approximate CPU MHz (168, as tests/README.md runs a pyboard)")
    ap.add_argument("--m", type=int, default=100, help="M: approximate heap in KiB")
    ap.add_argument("--timeout", type=int, default=1800, help="limit per board, seconds")
    ap.add_argument("--json", type=Path)
    ap.add_argument("files", nargs="*", help="benchmarks, e.g. perf_bench/bm_float.py")
    args = ap.parse_args()

    for f in (REF_QEMU, REF_FW):
        if not f.exists():
            sys.exit(f"error: {f} missing (tools/bench/build_ref.sh builds it)")
    files = [f if f.startswith("perf_bench/") else "perf_bench/" + f for f in args.files] or default_files()

    failed = False
    with Snapshot() as snap:
        ours_cmd = [str(snap.qemu), "-M", "stm32f4-discovery", "-nodefaults", "-display", "none",
                    "-kernel", str(snap.firmware)]
        ref_cmd = [str(REF_QEMU), "-M", "mps2-an386", "-nodefaults", "-display", "none",
                   "-semihosting", "-kernel", str(REF_FW)]
        runs = {}
        for label, cmd in (("ours", ours_cmd), ("reference", ref_cmd)):
            res, secs, log = run_perfbench(label, cmd, snap.dir, args, files, args.timeout)
            runs[label] = res
            ok = sum("time_us" in r for r in res.values())
            print(f"perf_bench on {label}: {ok} of {len(res)} benchmarks measured in {secs:.0f} s "
                  f"(log {log.relative_to(OUT.parents[1])})")
        gc_ms = gc_collect_ms(snap, 5)

    names = sorted(set(runs["ours"]) | set(runs["reference"]))
    table, ratios = {}, []
    print(f"{'benchmark':24s} {'ours us':>10s} {'ref us':>10s} {'speed ours/ref':>15s}  real 168 MHz STM32F4")
    for name in names:
        o, r = runs["ours"].get(name, {"error": "not run"}), runs["reference"].get(name, {"error": "not run"})
        row = {"ours": o, "reference": r, "real_board": None}
        if "time_us" in o and "time_us" in r:
            row["speed_ratio"] = r["time_us"] / o["time_us"]
            ratios.append(row["speed_ratio"])
            ratio_s = f"{row['speed_ratio']:.2f}"
        else:
            row["speed_ratio"] = None
            ratio_s = "n/a"
            # A benchmark the reference skips (no complex numbers...) is not our failure.
            if "error" in o and not o["error"].startswith("SKIP"):
                failed = True
        table[name] = row
        fmt = lambda d: f"{d['time_us']:.0f}" if "time_us" in d else d["error"].split(":")[0][:10]
        print(f"{name:24s} {fmt(o):>10s} {fmt(r):>10s} {ratio_s:>15s}  n/a")
    geo = math.exp(sum(math.log(x) for x in ratios) / len(ratios)) if ratios else None
    if geo:
        print(f"{'geometric mean':24s} {'':>10s} {'':>10s} {geo:>15.2f}")
    print(f"real 168 MHz STM32F4: {REAL_BOARD_NOTE}")
    g = spread(gc_ms)
    print(f"gc.collect() after boot: ours median {g['median']:.2f} ms "
          f"(min {g['min']:.2f}, max {g['max']:.2f}); pyboard about {REAL_GC_MS:g} ms "
          f"({REAL_GC_SOURCE.split(':')[0]})")
    if args.json:
        update_results(args.json, "perf_bench", {
            "n": args.n, "m": args.m, "average": args.average,
            "ours": "bin/qemu-system-arm -M stm32f4-discovery, bin/firmware.elf",
            "reference": "build/bench/ref-qemu/qemu-system-arm -M mps2-an386, "
                         "MicroPython ports/qemu BOARD=MPS2_AN385 (build/bench/ref-fw)",
            "ratio": "speed ours/reference = reference time / our time (>1: ours faster)",
            "benchmarks": table, "speed_ratio_geomean": geo,
            "real_board": REAL_BOARD_NOTE,
            "gc_collect_ms": {"ours": g, "real_pyboard_about": REAL_GC_MS,
                              "real_source": REAL_GC_SOURCE}})
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
