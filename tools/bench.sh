#!/usr/bin/env bash
# make bench: how long builds and boots take and what an idle board costs.
# Prints a table and writes build/bench/results.json. Not part of make test.
#
#   tools/bench.sh [--no-cold]   --no-cold skips the cold (no ccache) builds, ~5 minutes
set -euo pipefail
. "$(dirname "$0")/../scripts/common.sh"

cold=1
case "${1:-}" in
    "") ;;
    --no-cold) cold=0 ;;
    *) die "unknown option '$1' (try --no-cold)" ;;
esac

OUT=$BUILD/bench
mkdir -p "$OUT"
json=$OUT/results.json
rm -f "$json"

# seconds COMMAND...: run it quietly and print the wall time.
seconds() {
    local t0 ms
    t0=$(date +%s%N)
    "$@" >"$OUT/last-build.log" 2>&1 || { tail -n 20 "$OUT/last-build.log" >&2; die "benchmark step failed: $*"; }
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}

declare -A fig
if [ $cold = 1 ]; then
    # A separate tree and no ccache: what a first build costs on this machine.
    tree=$OUT/cold
    rm -rf "$tree"
    env=(BUILD="$tree" BIN="$tree/bin" CCACHE=0 QEMU_SRC="$QEMU_SRC" MICROPY_SRC="$MICROPY_SRC" LWIP_SRC="$LWIP_SRC")
    fig[qemu_cold_build_s]=$(seconds env "${env[@]}" "$ROOT/scripts/build.sh" qemu)
    fig[firmware_cold_build_s]=$(seconds env "${env[@]}" "$ROOT/scripts/build.sh" firmware)
    rm -rf "$tree"
fi
# Incremental: one model source and one firmware source changed.
touch "$ROOT/qemu/hw/misc/stm32f4xx_rcc.c"
fig[qemu_incremental_build_s]=$(seconds "$ROOT/scripts/build.sh" qemu)
touch "$ROOT/firmware/uart.c"
fig[firmware_incremental_build_s]=$(seconds "$ROOT/scripts/build.sh" firmware)

echo "== qemu-micropython benchmarks ($(nproc) cores, $(date -u +%Y-%m-%d)) =="
{
    printf '{\n'
    first=1
    for k in "${!fig[@]}"; do
        printf '%-34s %s s\n' "$k" "${fig[$k]}" >&2
        [ $first = 1 ] || printf ',\n'
        printf '  "%s": %s' "$k" "${fig[$k]}"
        first=0
    done
    printf '\n}\n'
} >"$json"
"$PYTHON" "$ROOT/tools/bench/boot_bench.py" --json "$json"
echo "results: $json"
