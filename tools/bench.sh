#!/usr/bin/env bash
# make bench: how fast and how faithful the virtual board is (docs/performance.md).
# Not part of make test: figures are reported, never asserted.
#
#   tools/bench.sh [--quick] [--no-cold] [--only SECTION,...]
#     --quick     fewer repetitions, shorter windows, no cold build (for development)
#     --no-cold   full repetitions but skip the cold (no ccache) builds, which take
#                 about 5 minutes
#     --only      run only these sections (e.g. --only timing,report); the figures of
#                 the other sections stay in results.json
#
# Sections, each run even if an earlier one failed; the exit status is non-zero if any
# failed:
#   build       cold QEMU/firmware builds (separate tree, no ccache) and incremental ones
#   boot        boot to '>>>' (median and spread of N runs), without and with a fresh flash
#               image (formatted on that first boot); idle host CPU and QEMU RSS
#   perf_bench  MicroPython's tests/perf_bench via tests/run-perfbench.py on our board and
#               on MicroPython's ports/qemu firmware (tools/bench/build_ref.sh)
#   timing      time.sleep_ms/ticks_ms/pyb.Timer against host wall time, with and
#               without -icount
#   io          raw-paste upload, USART2 both ways at two baud rates, /flash file
#               write/read, TCP (n/a)
#   report      table on the terminal, build/bench/results.{json,csv}, chart.png, and
#               figures.md (the tables of docs/performance.md)
# Each section's output is also in build/bench/<section>.log.
set -uo pipefail
. "$(dirname "$0")/../scripts/common.sh"

SECTIONS=(build boot perf_bench timing io report)
cold=1 quick=0 only=
while [ $# -gt 0 ]; do
    case "$1" in
        --no-cold) cold=0; shift ;;
        --quick) quick=1 cold=0; shift ;;
        --only) [ $# -ge 2 ] || die "--only needs a list of sections"; only=$2; shift 2 ;;
        -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
        *) die "unknown option '$1' (try --help)" ;;
    esac
done
run=("${SECTIONS[@]}")
if [ -n "$only" ]; then
    IFS=, read -r -a run <<<"$only"
    for s in "${run[@]}"; do
        [[ " ${SECTIONS[*]} " == *" $s "* ]] || die "unknown section '$s' (sections: ${SECTIONS[*]})"
    done
fi
if [ $quick = 1 ]; then
    boot_runs=3 idle_s=3 pb_avg=1 t_window=2 t_runs=1 io_kib=16 io_runs=1
else
    boot_runs=10 idle_s=10 pb_avg=8 t_window=5 t_runs=3 io_kib=64 io_runs=3
fi

OUT=$BUILD/bench
BENCH=$ROOT/tools/bench
mkdir -p "$OUT"
json=$OUT/results.json
if [ -z "$only" ]; then
    rm -f "$json" "$OUT"/*.log "$OUT/results.csv" "$OUT/chart.png" "$OUT/figures.md"
elif [ -f "$json" ]; then
    # --only: keep the other sections' figures; forget the old verdicts of these.
    "$PYTHON" - "$json" "${run[@]}" <<'PY'
import json, sys
from pathlib import Path
p = Path(sys.argv[1]); d = json.loads(p.read_text())
for s in sys.argv[2:]:
    d.get("failed_sections", {}).pop(s, None)
p.write_text(json.dumps(d, indent=2) + "\n")
PY
fi
export BUILD BIN PYTHON MICROPY_SRC
export PYTHONUNBUFFERED=1   # section output shows as it comes, through tee

# The chart needs gnuplot; install it on first use (only the bench needs it).
if ! command -v gnuplot >/dev/null; then
    note "installing gnuplot-nox (for build/bench/chart.png)"
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox >/dev/null \
        || note "could not install gnuplot-nox: the report section will fail (apt-get install gnuplot-nox)"
fi

# json_set SECTION KEY VALUE: one figure into results.json (VALUE is JSON).
json_set() {
    "$PYTHON" - "$json" "$1" "$2" "$3" <<'PY'
import json, sys
from pathlib import Path
p, sec, key, val = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
d = json.loads(p.read_text()) if p.exists() else {}
d.setdefault(sec, {})[key] = json.loads(val)
p.write_text(json.dumps(d, indent=2) + "\n")
PY
}

# The machine the figures come from (docs/performance.md shows them with the figures).
# A run with --only adds a note instead: the other sections' figures keep their meta.
if [ -z "$only" ]; then
    json_set meta date "\"$(date -u +%Y-%m-%dT%H:%MZ)\""
    json_set meta mode "\"$([ $quick = 1 ] && echo quick || echo full)$([ $cold = 1 ] || echo ', no cold build')\""
    json_set meta cpu "\"$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)\""
    json_set meta cores "$(grep -c ^processor /proc/cpuinfo)"
    json_set meta nproc "$(nproc)"
    json_set meta load_at_start "\"$(cut -d' ' -f1-3 /proc/loadavg)\""
    json_set meta memory_gib "$(awk '/MemTotal/ {printf "%.1f", $2 / 1048576}' /proc/meminfo)"
    json_set meta qemu "\"$(cat "$QEMU_SRC/VERSION")\""
    json_set meta micropython "\"$MICROPY_SERIES\""
else
    json_set meta "partial_run_$(date -u +%Y-%m-%dT%H:%MZ)" "\"sections $only, load $(cut -d' ' -f1-3 /proc/loadavg)\""
fi

# seconds COMMAND...: run it quietly, print the wall time; fails if the command fails.
seconds() {
    local t0 ms
    t0=$(date +%s%N)
    if ! "$@" >"$OUT/last-build.log" 2>&1; then
        tail -n 20 "$OUT/last-build.log" >&2
        echo "benchmark step failed: $*" >&2
        return 1
    fi
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}

section_build() {
    local t status=0
    if [ $cold = 1 ]; then
        # A separate tree and no ccache: what a first build costs on this machine.
        local tree=$OUT/cold
        rm -rf "$tree"
        # The cold tree has its own build lock: take the shared one too, so that no other
        # build runs on the machine's cores meanwhile (waiting for it is not timed).
        exec 8>"$BUILD/.build.lock"
        flock 8
        local env=(BUILD="$tree" BIN="$tree/bin" CCACHE=0 QEMU_SRC="$QEMU_SRC" MICROPY_SRC="$MICROPY_SRC" LWIP_SRC="$LWIP_SRC")
        if t=$(seconds env "${env[@]}" "$ROOT/scripts/build.sh" qemu); then
            json_set build qemu_cold_build_s "$t"; echo "QEMU cold build                    $t s"
        else
            status=1
        fi
        if t=$(seconds env "${env[@]}" "$ROOT/scripts/build.sh" firmware); then
            json_set build firmware_cold_build_s "$t"; echo "firmware cold build (+mpy-cross)   $t s"
        else
            status=1
        fi
        rm -rf "$tree"
        exec 8>&-    # scripts/build.sh takes the lock itself for the incremental builds
    fi
    # Incremental: one model source and one firmware source changed.
    touch "$ROOT/qemu/hw/misc/stm32f4xx_rcc.c"
    if t=$(seconds "$ROOT/scripts/build.sh" qemu); then
        json_set build qemu_incremental_build_s "$t"; echo "QEMU rebuild, one model changed    $t s"
    else
        status=1
    fi
    touch "$ROOT/firmware/uart.c"
    if t=$(seconds "$ROOT/scripts/build.sh" firmware); then
        json_set build firmware_incremental_build_s "$t"; echo "firmware rebuild, one file changed $t s"
    else
        status=1
    fi
    return $status
}

section_boot() {
    "$PYTHON" "$BENCH/boot_bench.py" --runs $boot_runs --idle-seconds $idle_s --json "$json"
}

section_perf_bench() {
    "$BENCH/build_ref.sh" || return 1
    "$PYTHON" "$BENCH/perfbench.py" --average $pb_avg --json "$json"
}

section_timing() {
    "$PYTHON" "$BENCH/fidelity.py" --window $t_window --runs $t_runs --json "$json"
}

section_io() {
    "$PYTHON" "$BENCH/io_bench.py" --kib $io_kib --runs $io_runs --json "$json"
}

section_report() {
    [ -n "$only" ] || json_set meta load_at_end "\"$(cut -d' ' -f1-3 /proc/loadavg)\""
    "$PYTHON" "$BENCH/report.py" "$json" --csv "$OUT/results.csv" --chart "$OUT/chart.png" \
        --markdown "$OUT/figures.md"
}

echo "== qemu-micropython bench ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d), $([ $quick = 1 ] && echo quick || echo full)) =="
failed=()
for s in "${run[@]}"; do
    echo "-- $s"
    # A failed section is reported and recorded in results.json; the next one still runs.
    "section_$s" 2>&1 | tee "$OUT/$s.log"
    rc=${PIPESTATUS[0]}
    if [ "$rc" != 0 ]; then
        failed+=("$s")
        json_set failed_sections "$s" "\"exit $rc, see build/bench/$s.log\""
        echo "-- $s FAILED (exit $rc; log build/bench/$s.log)"
    fi
done
echo "results: ${json#"$ROOT"/}, ${OUT#"$ROOT"/}/results.csv, ${OUT#"$ROOT"/}/chart.png, ${OUT#"$ROOT"/}/figures.md"
if [ ${#failed[@]} -gt 0 ]; then
    echo "bench: ${#failed[@]} section(s) failed: ${failed[*]}"
    exit 1
fi
echo "bench: all sections ran"
