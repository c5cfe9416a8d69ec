#!/usr/bin/python3
"""I/O throughput of the virtual board.

    io_bench.py [--kib K] [--runs N] [--json FILE]

  raw_paste      upload of a K KiB script through the raw REPL's raw-paste mode (its flow
                 control, as mpremote uses it), host bytes/s until the board acknowledges
                 the end of data
  uart           USART2 (the REPL) both ways, board->host (sys.stdout.buffer.write) and
                 host->board (sys.stdin.buffer.readinto), at 115200 baud (the firmware's
                 setting) and at the highest rate the model accepts with 16x oversampling
                 (BRR = 0x10: USARTDIV 1, PCLK1/16 = 2.625 Mbaud). Compared with the line's
                 theoretical 8N1 rate, baud/10 bytes/s. The board has no machine.UART yet, so
                 the rate is set by writing BRR with machine.mem32 and restored after.
  flash_fs       write then read of a K KiB file on /flash (littlefs on the internal flash,
                 through the flash controller model), timed on the board, on an erased
                 flash image
  tcp            'n/a: no networking yet' while the firmware has no socket module
"""

import argparse
import sys
import time
from pathlib import Path

from benchlib import Snapshot, erased_flash_image, spread, update_results

USART2_BRR = 0x40004408
READS = 16          # file reads per read figure
MAX_BRR = 0x10


def run(b, code, timeout=60):
    out, err = b.exec_raw(code, timeout=timeout)
    if err:
        raise RuntimeError(f"board error: {err.strip()}")
    return out.strip()


def raw_paste(b, kib, runs):
    # Comment lines: the board's lexer reads them as they come and the code is trivial to
    # run, so the figure is the upload itself (flow control window, USART, REPL reader).
    line = b"# " + b"x" * 61 + b"\n"
    code = (line * (kib * 1024 // len(line))).decode() + "print('ok')\n"
    rates = []
    b.exec_raw_paste("pass")          # first use: nothing to measure
    for _ in range(runs):
        t0 = time.monotonic()
        out, err = b.exec_raw_paste(code, timeout=120)
        dt = time.monotonic() - t0
        if err or out.strip() != "ok":
            raise RuntimeError(f"raw-paste upload failed: {out!r} {err!r}")
        rates.append(len(code) / dt)
    return {"bytes": len(code), "bytes_per_s": spread(rates)}


def uart(b, kib, runs):
    n = kib * 1024
    pclk1 = int(run(b, "import machine, sys\nprint(machine.freq()[2])"))
    brr0 = int(run(b, f"print(machine.mem32[{USART2_BRR:#x}])"))
    out = {}
    for label, brr in (("firmware", brr0), ("max", MAX_BRR)):
        baud = pclk1 / brr          # OVER8=0: baud = PCLK1 / USARTDIV = PCLK1 * 16 / (16 * USARTDIV)
        theory = baud / 10
        tx, rx = [], []
        for _ in range(runs):
            # board -> host: timed on the host from the exec to the end of the output.
            code = (f"machine.mem32[{USART2_BRR:#x}] = {brr}\nb = b'U' * 1024\n"
                    f"for i in range({kib}):\n    sys.stdout.buffer.write(b)\n"
                    f"machine.mem32[{USART2_BRR:#x}] = {brr0}\n")
            t0 = time.monotonic()
            o, e = b.exec_raw(code, timeout=120)
            dt = time.monotonic() - t0
            if e or len(o) != n:
                raise RuntimeError(f"board->host: got {len(o)} of {n} bytes; {e.strip()}")
            tx.append(n / dt)
            # host -> board: the board reads n bytes, the host times from its first byte to
            # the board's answer. No 0x03 in the data: it is the interrupt character.
            # 4 KiB reads: one n-byte buffer may not fit in the heap (MemoryError).
            b.write(f"machine.mem32[{USART2_BRR:#x}] = {brr}\nbuf = bytearray(4096)\n"
                    f"m = u = 0\nwhile m < {n}:\n"
                    f"    k = sys.stdin.buffer.readinto(buf)\n    m += k\n"
                    f"    u += buf.count(b'U')\n"
                    f"machine.mem32[{USART2_BRR:#x}] = {brr0}\nprint(m, u)\n"
                    .encode() + b"\x04")
            b.read_until(b"OK", 30)
            t0 = time.monotonic()
            b.write(b"U" * n)
            o = b.read_until(b"\x04", 120)[:-1].decode().strip()
            dt = time.monotonic() - t0
            e = b.read_until(b"\x04", 30)[:-1]
            b.read_until(b">", 30)
            if e or o != f"{n} {n}":
                raise RuntimeError(f"host->board: board said {o!r} {e!r}")
            rx.append(n / dt)
        out[label] = {"brr": brr, "baud": baud, "line_bytes_per_s": theory,
                      "board_to_host_bytes_per_s": spread(tx), "host_to_board_bytes_per_s": spread(rx),
                      "board_to_host_vs_line": spread(tx)["median"] / theory,
                      "host_to_board_vs_line": spread(rx)["median"] / theory}
    return out


def flash_fs(b, kib, runs):
    code = f"""
import os, time
sync = getattr(os, 'sync', None) or __import__('pyb').sync
buf = bytearray(bytes(range(256)) * 16)
w = []; r = []
for k in range({runs}):
    t = time.ticks_us()
    with open('/flash/bench.bin', 'wb') as f:
        for i in range({kib} // 4):
            f.write(buf)
    sync()
    w.append(time.ticks_diff(time.ticks_us(), t))
    # Reading is fast: read the file {READS} times, so that it lasts many SysTick periods.
    t = time.ticks_us()
    n = 0
    for j in range({READS}):
        with open('/flash/bench.bin', 'rb') as f:
            while True:
                d = f.readinto(buf)
                if not d:
                    break
                n += d
    r.append(time.ticks_diff(time.ticks_us(), t))
    assert n == {READS} * {kib} * 1024, n
    os.remove('/flash/bench.bin')
print(' '.join(str(x) for x in w))
print(' '.join(str(x) for x in r))
"""
    w, r = run(b, code, timeout=300).splitlines()
    n = kib * 1024
    return {"bytes": n,
            # max(..., 1): on a loaded host the board's µs clock can stand still for a
            # while (see docs/performance.md), a transfer may then read as 0 µs.
            "write_bytes_per_s": spread([n / (max(int(x), 1) / 1e6) for x in w.split()]),
            "read_bytes_per_s": spread([READS * n / (max(int(x), 1) / 1e6) for x in r.split()]),
            "reads_per_figure": READS}


def tcp(b):
    has = run(b, "try:\n    import socket\n    print(1)\nexcept ImportError:\n    print(0)\n")
    if has == "0":
        return "n/a: no networking yet"
    return "n/a: the firmware has a socket module but the bench has no TCP figure yet"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kib", type=int, default=64, help="transfer size, KiB (a multiple of 4)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    if args.kib < 4 or args.kib % 4:
        ap.error("--kib must be a multiple of 4")

    results, failed = {}, False
    figures = (("raw_paste", raw_paste, (args.kib, args.runs)), ("uart", uart, (args.kib, args.runs)),
               ("flash_fs", flash_fs, (args.kib, args.runs)), ("tcp", tcp, ()))
    with Snapshot() as snap:
        for name, fn, fargs in figures:
            # A fresh board per figure: a failure leaves the next one a clean REPL.
            # /flash gets an erased image, formatted on this first boot.
            flash = erased_flash_image(snap.dir / "flash.img") if name == "flash_fs" else None
            try:
                with snap.board(flash=flash) as b:
                    b.wait_prompt(timeout=120)
                    b.enter_raw()
                    results[name] = fn(b, *fargs)
            except Exception as e:   # report, go on with the next figure
                results[name] = {"error": str(e)}
                print(f"{name}: FAILED: {e}")
                failed = True

    kb = lambda x: f"{x / 1024:.1f} KiB/s"
    r = results
    if "bytes_per_s" in r.get("raw_paste", {}):
        print(f"raw-paste upload: {kb(r['raw_paste']['bytes_per_s']['median'])}")
    for label, u in r.get("uart", {}).items() if "error" not in r.get("uart", {}) else ():
        print(f"USART2 at {u['baud']:.0f} baud (line {kb(u['line_bytes_per_s'])}): "
              f"board->host {kb(u['board_to_host_bytes_per_s']['median'])} "
              f"({u['board_to_host_vs_line']:.1f} x line), "
              f"host->board {kb(u['host_to_board_bytes_per_s']['median'])} "
              f"({u['host_to_board_vs_line']:.1f} x line)")
    if "write_bytes_per_s" in r.get("flash_fs", {}):
        print(f"/flash file write {kb(r['flash_fs']['write_bytes_per_s']['median'])}, "
              f"read {kb(r['flash_fs']['read_bytes_per_s']['median'])}")
    print(f"TCP: {r.get('tcp')}")
    if args.json:
        update_results(args.json, "io", results)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
