#!/usr/bin/python3
"""Turn build/bench/results.json into the terminal table, results.csv and chart.png.

    report.py RESULTS.json [--csv FILE] [--chart FILE.png] [--markdown FILE.md]

The chart (gnuplot, pngcairo) has two panels: perf_bench speed ratio ours/reference per
benchmark, and timing fidelity (board time per host second) per QEMU timing mode.
"""

import argparse
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path


def rows(res):
    """(section, figure, value, unit, note) for every figure in the results."""
    out = []
    meta = res.get("meta", {})
    for k, v in meta.items():
        out.append(("machine", k, v, "", ""))
    for k, v in res.get("build", {}).items():
        out.append(("build", k, v, "s", ""))
    boot = res.get("boot", {})
    for k in ("boot_to_prompt_s", "boot_to_prompt_fresh_flash_s"):
        if k in boot:
            b = boot[k]
            out.append(("boot", k, round(b["median"], 3), "s",
                        f"median of {b['runs']}, min {b['min']:.3f}, max {b['max']:.3f}, "
                        f"stdev {b.get('stdev', 0):.3f}"))
    for k, unit in (("idle_host_cpu_percent", "% of one core"), ("qemu_rss_kib", "KiB")):
        if k in boot:
            out.append(("cost", k, round(boot[k], 2), unit, ""))
    pb = res.get("perf_bench", {})
    for name, row in pb.get("benchmarks", {}).items():
        o, r = row["ours"], row["reference"]
        t = lambda d: (f"{d['time_us']:.0f} us +-{d['time_sd_percent']:.0f}%" if "time_us" in d
                       else d.get("error"))
        note = f"ours {t(o)}, reference {t(r)}"
        for who, d in (("ours", o), ("reference", r)):
            if "first_attempt_error" in d:
                note += f"; {who} retried after: {d['first_attempt_error']}"
        out.append(("perf_bench", name, "" if row["speed_ratio"] is None else round(row["speed_ratio"], 3),
                    "speed ours/ref", note + "; real 168 MHz board: n/a"))
    if pb.get("speed_ratio_geomean"):
        out.append(("perf_bench", "geometric_mean", round(pb["speed_ratio_geomean"], 3),
                    "speed ours/ref", pb.get("real_board", "")))
    if "gc_collect_ms" in pb:
        g = pb["gc_collect_ms"]
        out.append(("perf_bench", "gc_collect_after_boot", round(g["ours"]["median"], 3), "ms",
                    f"pyboard: about {g['real_pyboard_about']} ms ({g['real_source'].split(':')[0]})"))
    for mode, t in res.get("timing", {}).items():
        if "error" in t:
            out.append(("timing", mode, "FAILED", "", t["error"]))
            continue
        args = f"QEMU args: {t['qemu_args']}"
        out.append(("timing", f"{mode}.sleep_ms_1000_wall", round(t["sleep_ms_1000_wall_s"]["median"], 3),
                    "s", args))
        out.append(("timing", f"{mode}.busy_1000ms_wall", round(t["busy_1000ms_wall_s"]["median"], 3), "s", args))
        out.append(("timing", f"{mode}.ticks_ms_per_host_s", round(t["systick_ms_per_host_s"], 1), "ms/s", args))
        tm = t["timer"]
        if isinstance(tm, str):
            out.append(("timing", f"{mode}.timer_irq_per_host_s", tm, "", args))
        else:
            for f, x in tm.items():
                note = f"pyb.Timer(2, freq={x['freq_hz']}); {args}"
                out.append(("timing", f"{mode}.timer_{f}hz_irq_per_host_s", round(x["irq_per_host_s"], 1),
                            "1/s", note))
                out.append(("timing", f"{mode}.timer_{f}hz_irq_per_board_s",
                            round(x["irq_per_board_s"], 1) if x["irq_per_board_s"] else "", "1/s", note))
    io = res.get("io", {})
    for name, v in io.items():
        if isinstance(v, str):
            out.append(("io", name, v, "", ""))
        elif "error" in v:
            out.append(("io", name, "FAILED", "", v["error"]))
        elif name == "raw_paste":
            out.append(("io", "raw_paste_upload", round(v["bytes_per_s"]["median"]), "B/s",
                        f"{v['bytes']} bytes"))
        elif name == "uart":
            for label, u in v.items():
                note = f"BRR {u['brr']:#x}, {u['baud']:.0f} baud, line {u['line_bytes_per_s']:.0f} B/s"
                out.append(("io", f"usart2_{label}.board_to_host", round(u["board_to_host_bytes_per_s"]["median"]),
                            "B/s", f"{u['board_to_host_vs_line']:.2f} x line; {note}"))
                out.append(("io", f"usart2_{label}.host_to_board", round(u["host_to_board_bytes_per_s"]["median"]),
                            "B/s", f"{u['host_to_board_vs_line']:.2f} x line; {note}"))
        elif name == "flash_fs":
            out.append(("io", "flash_fs_write", round(v["write_bytes_per_s"]["median"]), "B/s", f"{v['bytes']} bytes"))
            out.append(("io", "flash_fs_read", round(v["read_bytes_per_s"]["median"]), "B/s", f"{v['bytes']} bytes"))
    for name, err in res.get("failed_sections", {}).items():
        out.append(("failed", name, "FAILED", "", err))
    return out


def markdown(res):
    """The 'Latest figures' tables of docs/performance.md."""
    L = []
    m = res.get("meta", {})
    L.append(f"Taken {m.get('date', '?')} ({m.get('mode', '?')}) on: {m.get('cpu', '?')}, "
             f"{m.get('cores', '?')} cores, `nproc` {m.get('nproc', '?')}, {m.get('memory_gib', '?')} GiB; "
             f"load average {m.get('load_at_start', '?')} at the start, {m.get('load_at_end', '?')} at the "
             f"end; QEMU {m.get('qemu', '?')}, MicroPython {m.get('micropython', '?')}.")
    L.append("")
    L.append("| figure | value | note |")
    L.append("|---|---|---|")
    for sec, fig, val, unit, note in rows(res):
        if sec in ("build", "boot", "cost"):
            L.append(f"| {sec}: {fig} | {val} {unit} | {note} |")
    L.append("")
    pb = res.get("perf_bench", {})
    if pb:
        L.append(f"perf_bench, N={pb['n']} M={pb['m']}, average of {pb['average']} runs "
                 "(time in µs ± standard deviation in %):")
        L.append("")
        L.append("| benchmark | ours µs | reference µs | speed ours/ref | real 168 MHz STM32F4 |")
        L.append("|---|---:|---:|---:|---|")
        t = lambda d: (f"{d['time_us']:.0f} ±{d['time_sd_percent']:.0f}%" if "time_us" in d
                       else d.get("error", "?").split(" (")[0])
        for name, row in pb.get("benchmarks", {}).items():
            ratio = f"{row['speed_ratio']:.2f}" if row.get("speed_ratio") else "n/a"
            extra = "".join(" (retried)" for d in (row["ours"], row["reference"]) if "first_attempt_error" in d)
            L.append(f"| {name} | {t(row['ours'])} | {t(row['reference'])} | {ratio}{extra} | n/a |")
        if pb.get("speed_ratio_geomean"):
            L.append(f"| **geometric mean** | | | **{pb['speed_ratio_geomean']:.2f}** | |")
        g = pb.get("gc_collect_ms")
        if g:
            L.append("")
            L.append(f"`gc.collect()` right after boot: ours median {g['ours']['median']:.3f} ms "
                     f"(min {g['ours']['min']:.3f}, max {g['ours']['max']:.3f}); a pyboard: about "
                     f"{g['real_pyboard_about']:g} ms ({g['real_source']}).")
        L.append("")
    tim = res.get("timing", {})
    if tim:
        L.append("| timing mode | QEMU args | sleep_ms(1000) wall s | 1 s busy-wait wall s | "
                 "ticks_ms per host s | pyb.Timer 1 kHz: IRQs per host s / per board s | "
                 "pyb.Timer 10 kHz: IRQs per host s / per board s |")
        L.append("|---|---|---:|---:|---:|---:|---:|")
        for mode, x in tim.items():
            if "error" in x:
                L.append(f"| {mode} | `{x['qemu_args']}` | FAILED: {x['error']} | | | | |")
                continue
            tm = x["timer"]
            cell = lambda f: (tm if isinstance(tm, str) else
                              f"{tm[f]['irq_per_host_s']:.0f} / {tm[f]['irq_per_board_s'] or 0:.0f}"
                              if f in tm else "n/a")
            L.append(f"| {mode} | `{x['qemu_args']}` | {x['sleep_ms_1000_wall_s']['median']:.3f} | "
                     f"{x['busy_1000ms_wall_s']['median']:.3f} | {x['systick_ms_per_host_s']:.0f} | "
                     f"{cell('1000')} | {cell('10000')} |")
        L.append("")
    io = [r for r in rows(res) if r[0] == "io"]
    if io:
        L.append("| I/O figure | value | note |")
        L.append("|---|---|---|")
        for _, fig, val, unit, note in io:
            v = f"{val / 1024:.1f} KiB/s" if unit == "B/s" and isinstance(val, (int, float)) else val
            L.append(f"| {fig} | {v} | {note} |")
        L.append("")
    fs = res.get("failed_sections")
    if fs:
        L.append("Sections that failed in this run: " +
                 "; ".join(f"{k} ({v})" for k, v in fs.items()) + ".")
    return "\n".join(L) + "\n"


def chart(res, png):
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        raise RuntimeError("gnuplot not found (apt-get install gnuplot-nox)")
    d = png.parent
    perf = [(n, r["speed_ratio"]) for n, r in res.get("perf_bench", {}).get("benchmarks", {}).items()
            if r.get("speed_ratio")]
    (d / "chart-perf.dat").write_text("".join(f"{n} {v:.4f}\n" for n, v in perf) or "none 0\n")
    tim = []
    for mode, t in res.get("timing", {}).items():
        if "error" in t:
            continue
        tm = t["timer"]
        tm = tm.get("1000") if isinstance(tm, dict) else None
        timer = tm["irq_per_host_s"] / tm["freq_hz"] if tm else float("nan")
        # Board seconds per host second: 1 = the board's clock keeps wall time.
        tim.append((mode, 1 / t["sleep_ms_1000_wall_s"]["median"] if t["sleep_ms_1000_wall_s"]["median"] > 0 else float("nan"),
                    1 / t["busy_1000ms_wall_s"]["median"] if t["busy_1000ms_wall_s"]["median"] > 0 else float("nan"),
                    t["systick_ms_per_host_s"] / 1000, timer))
    (d / "chart-timing.dat").write_text(
        "".join(f"{m} {a:.4f} {b:.4f} {c:.4f} {x:.4f}\n" for m, a, b, c, x in tim) or "none 0 0 0 0\n")
    script = f"""
set terminal pngcairo size 1200,900 font ",10" noenhanced
set output '{png}'
set multiplot layout 2,1
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set grid ytics
set yrange [0:*]
set title "perf_bench: speed ours / reference (ports/qemu on mps2-an386); > 1 = ours faster"
set xtics rotate by -40
set key off
plot '{d / 'chart-perf.dat'}' using 2:xtic(1) lc rgb '#4472c4', 1 with lines lc rgb 'black' dt 2
set title "timing fidelity: board seconds per host second (1 = keeps wall time; log scale)"
set logscale y
set yrange [*:*]
set xtics norotate
set key outside right
set datafile missing 'nan'
plot '{d / 'chart-timing.dat'}' using 2:xtic(1) title 'sleep_ms(1000)', \\
     '' using 3 title '1 s busy-wait', '' using 4 title 'ticks_ms (idle REPL)', \\
     '' using 5 title 'pyb.Timer(freq=1000) IRQs / 1000', 1 with lines lc rgb 'black' dt 2 notitle
unset multiplot
"""
    (d / "chart.gp").write_text(script)
    subprocess.run([gnuplot, str(d / "chart.gp")], check=True, capture_output=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json", type=Path)
    ap.add_argument("--csv", type=Path)
    ap.add_argument("--chart", type=Path)
    ap.add_argument("--markdown", type=Path, help="tables for docs/performance.md")
    args = ap.parse_args()
    res = json.loads(args.json.read_text())
    table = rows(res)
    print(f"{'section':10s} {'figure':42s} {'value':>14s}  {'unit':14s} note")
    for sec, fig, val, unit, note in table:
        if sec == "machine":
            continue
        print(f"{sec:10s} {fig:42s} {str(val):>14s}  {unit:14s} {note}")
    if args.csv:
        with args.csv.open("w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["section", "figure", "value", "unit", "note"])
            w.writerows(table)
    if args.markdown:
        args.markdown.write_text(markdown(res))
    if args.chart:
        try:
            chart(res, args.chart)
        except (RuntimeError, subprocess.CalledProcessError) as e:
            sys.exit(f"chart failed: {getattr(e, 'stderr', b'') or e}")


if __name__ == "__main__":
    main()
