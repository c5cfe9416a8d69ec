#!/usr/bin/env bash
# Run MicroPython's own test suite (tests/run-tests.py of the MicroPython source tree)
# against the virtual STM32F4-Discovery and print one closing line
# 'upstream: N passed, N failed, N skipped'. Exit status is non-zero if a test failed.
#
#   tests/upstream/run.sh [options] [TEST.py|DIR ...]
#     TEST.py, DIR      tests or test folders, relative to MicroPython's tests/ folder:
#                       basics/int_big1.py, extmod, 'basics/int_big*' (quoted pattern);
#                       default: the folders run-tests.py picks for sys.platform
#                       'pyboard' (see DEFAULT_DIRS below)
#     -j, --jobs N      boards run in parallel, each with its own run-tests.py (default 2)
#     --failed          run again the tests that failed in the last run
#     --no-skip         also run the tests listed in tests/upstream/skip.txt
#     --firmware ELF    firmware to test (default bin/firmware.elf)
#     --timeout SEC     limit for each run-tests.py run (default 1800)
#
# Each run-tests.py run boots a fresh board (execpty: QEMU with -serial pty, no flash image,
# so flash starts erased). Logs in build/test-logs/upstream/: run-tests.log (run-tests.py
# output), results/ (.exp/.out of failed tests, _results.json), qemu-K.log (QEMU
# guest_errors/unimp log of board K), qemu-K.stderr (QEMU's messages).
# (build/test-logs/upstream.log is left to tests/run_tests.sh, which keeps this script's
# own output there.)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../../scripts/common.sh"

DEFAULT_DIRS=(basics micropython misc extmod inlineasm/thumb float stress ports/stm32)
SKIP_FILE=$HERE/skip.txt
LOGS=$BUILD/test-logs/upstream
LOG=$LOGS/run-tests.log
RESULTS=$LOGS/results

jobs=2 failed_only=0 use_skip=1 timeout=1800
firmware=$BIN/firmware.elf
args=()
need_arg() { [ $# -ge 2 ] && [ -n "$2" ] || die "option $1 needs a value (try --help)"; }
while [ $# -gt 0 ]; do
    case "$1" in
        -j|--jobs) need_arg "$@"; jobs=$2; shift 2 ;;
        -j[0-9]*) jobs=${1#-j}; shift ;;
        --failed) failed_only=1; shift ;;
        --no-skip) use_skip=0; shift ;;
        --firmware) need_arg "$@"; firmware=$2; shift 2 ;;
        --timeout) need_arg "$@"; timeout=$2; shift 2 ;;
        -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
        -*) die "unknown option '$1' (try --help)" ;;
        *) args+=("$1"); shift ;;
    esac
done
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "--jobs needs a positive number, got '$jobs'"
[[ "$timeout" =~ ^[1-9][0-9]*$ ]] || die "--timeout needs a number of seconds, got '$timeout'"

QEMU=${QEMU:-$BIN/qemu-system-arm}
[ -x "$QEMU" ] || die "$QEMU not found: run 'make qemu' first"
check_firmware_elf "$firmware"
check_tree micropy "$MICROPY_SRC" "$MICROPY_SERIES"
MP_TESTS=$(cd "$MICROPY_SRC/tests" && pwd -P)
[ -f "$MP_TESTS/run-tests.py" ] || die "$MP_TESTS/run-tests.py not found"
"$PYTHON" -c 'import serial' 2>/dev/null || die "$PYTHON cannot import serial (apt-get install python3-serial)"

# --- the test list ----------------------------------------------------------------------
# Paths relative to MicroPython's tests/ folder, as run-tests.py names them (its own skip
# rules match on these names, so they must not be absolute).
tests=()
add_path() {   # a test file or folder, relative to $MP_TESTS or as a path on disk
    local p=$1 abs m
    if [[ "$p" == *[*?[]* ]]; then   # a pattern: expand it in MicroPython's tests/ folder
        local matches=()
        # Only test scripts and folders: a pattern like 'extmod/vfs*' also matches .exp files.
        mapfile -t matches < <(cd "$MP_TESTS" && compgen -G "$p" | grep -Ev '\.(exp|out)$' | LC_ALL=C sort)
        [ ${#matches[@]} -gt 0 ] || die "no test matches '$p' in $MP_TESTS"
        for m in "${matches[@]}"; do add_path "$m"; done
        return
    fi
    [ -e "$MP_TESTS/$p" ] || [ -e "$p" ] || [ ! -e "$MP_TESTS/$p.py" ] || p=$p.py
    if [ -e "$MP_TESTS/$p" ]; then
        abs=$MP_TESTS/$p
    elif [ -e "$p" ]; then
        abs=$(cd "$(dirname "$p")" && pwd -P)/$(basename "$p")
    else
        die "no test or test folder '$p' (paths are relative to $MP_TESTS)"
    fi
    abs=$(realpath -s "$abs")
    case "$abs" in
        "$MP_TESTS"/*) p=${abs#"$MP_TESTS"/} ;;
        *) die "'$1' is not inside $MP_TESTS" ;;
    esac
    if [ -d "$abs" ]; then
        local f
        for f in $(cd "$MP_TESTS" && LC_ALL=C ls -1 "$p"/*.py 2>/dev/null); do tests+=("$f"); done
    else
        tests+=("$p")
    fi
}
if [ $failed_only = 1 ]; then
    [ ${#args[@]} -eq 0 ] || die "--failed takes no test names"
    [ -f "$RESULTS/_results.json" ] || die "no previous results in $RESULTS"
    mapfile -t tests < <("$PYTHON" -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["failed_tests"]))' "$RESULTS/_results.json" | sed '/^$/d')
    [ ${#tests[@]} -gt 0 ] || { echo "no failed tests in the last run"; echo "upstream: 0 passed, 0 failed, 0 skipped"; exit 0; }
elif [ ${#args[@]} -eq 0 ]; then
    for d in "${DEFAULT_DIRS[@]}"; do add_path "$d"; done
else
    for a in "${args[@]}"; do add_path "$a"; done
fi
[ ${#tests[@]} -gt 0 ] || die "no tests found"

# --- the skip list: '-e ^path$' for run-tests.py, and how many of our tests it removes ------
excludes=() skipped_here=()
if [ $use_skip = 1 ]; then
    declare -A listed=()
    while read -r path _; do
        [ -n "$path" ] && [[ "$path" != \#* ]] || continue
        [ -f "$MP_TESTS/$path" ] || note "skip.txt: $path does not exist in $MP_TESTS (stale entry?)"
        listed[$path]=1
        excludes+=(-e "^$(sed 's/[.[\*^$()+?{|]/\\&/g' <<<"$path")\$")
    done <"$SKIP_FILE"
    for t in "${tests[@]}"; do [ -z "${listed[$t]:-}" ] || skipped_here+=("$t"); done
fi

# --- boards and runs ----------------------------------------------------------------------
mkdir -p "$LOGS"
rm -rf "$RESULTS" "$LOGS"/qemu-* "$LOG"
mkdir -p "$RESULTS"
[ "$jobs" -le ${#tests[@]} ] || jobs=${#tests[@]}
TMP=$(mktemp -d /tmp/upstream-XXXXXX)
runner_pids=()
cleanup() {
    local pid f
    for pid in "${runner_pids[@]}"; do kill "$pid" 2>/dev/null; done
    for f in "$TMP"/board-*.pid; do
        [ -f "$f" ] || continue
        pid=$(cat "$f")
        # Only our QEMU: the pid must still run the snapshot binary in $TMP.
        [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$TMP/qemu-system-arm" ] && kill "$pid" 2>/dev/null
    done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Snapshot QEMU and the firmware: other builds may replace bin/ while the boards run.
cp "$QEMU" "$TMP/qemu-system-arm" && cp "$firmware" "$TMP/firmware.elf" || die "cannot copy QEMU/firmware to $TMP"

# run-tests.py's execpty splits its command on spaces, reads the pty name from the first
# line the command prints, then never reads its output again. So each board is a small
# script (no quoting problems): QEMU's messages go to qemu-K.stderr (a full pipe would
# stall QEMU), its guest_errors/unimp log to qemu-K.log, and the script
# forwards the pty line, or QEMU's error if it dies first. It records QEMU's pid for cleanup.
make_board_script() {   # K -> path of the script
    local k=$1 s=$TMP/board-$1.sh
    {
        echo '#!/bin/bash'
        echo "err=$(printf %q "$LOGS/qemu-$k.stderr"); : >\"\$err\""
        printf '%q' "$TMP/qemu-system-arm"
        printf ' %q' -M stm32f4-discovery -nodefaults -display none -kernel "$TMP/firmware.elf" \
            -serial pty -d guest_errors,unimp -D "$LOGS/qemu-$k.log"
        echo ' </dev/null >"$err" 2>&1 &'
        echo "pid=\$!; echo \$pid >$(printf %q "$TMP/board-$k.pid")"
        cat <<'SH'
while :; do
    line=$(grep -m1 -o 'char device redirected to /dev/pts/[0-9]*' "$err" 2>/dev/null)
    if [ -n "$line" ]; then echo "$line"; break; fi
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "QEMU exited before opening its pty: $(tr '\n' ' ' <"$err")"; exit 1
    fi
    sleep 0.02
done
wait "$pid"
SH
    } >"$s"
    chmod +x "$s"
    echo "$s"
}

export PYTHONDONTWRITEBYTECODE=1   # keep the MicroPython tree untouched
# Expected output of tests without .exp: CPython, or a pinned output for the few tests
# whose CPython output depends on host load (see cpython3.sh and expected/).
export UPSTREAM_CPYTHON=${MICROPY_CPYTHON3:-$PYTHON} UPSTREAM_MP_TESTS=$MP_TESTS
export MICROPY_CPYTHON3=$HERE/cpython3.sh

start=$(date +%s)
note "upstream: ${#tests[@]} tests (${#skipped_here[@]} excluded by skip.txt) on $jobs board(s); log: $LOG"
for ((k = 1; k <= jobs; k++)); do
    # Round-robin shares: each board gets a similar mix of slow and fast tests.
    share=()
    for ((i = k - 1; i < ${#tests[@]}; i += jobs)); do share+=("${tests[i]}"); done
    printf '%s\n' "${share[@]}" >"$TMP/list-$k"
    rdir=$TMP/results-$k
    board=$(make_board_script "$k")
    (cd "$MP_TESTS" && exec timeout -k 10 "$timeout" "$PYTHON" ./run-tests.py \
        -t "execpty:$board" -r "$rdir" "${excludes[@]}" "${share[@]}") >"$TMP/log-$k" 2>&1 &
    runner_pids+=($!)
done
rcs=()
for pid in "${runner_pids[@]}"; do wait "$pid"; rcs+=($?); done
runner_pids=()
elapsed=$(( $(date +%s) - start ))

# --- results -----------------------------------------------------------------------------
passed=0 failed=0 skipped=${#skipped_here[@]} aborted=()
for ((k = 1; k <= jobs; k++)); do
    l=$TMP/log-$k
    { [ "$jobs" = 1 ] || echo "=== board $k of $jobs ($(wc -l <"$TMP/list-$k") tests)"; cat "$l"; } >>"$LOG"
    find "$TMP/results-$k" -maxdepth 1 \( -name '*.exp' -o -name '*.out' \) -exec mv -t "$RESULTS" {} + 2>/dev/null
    grep -q '^platform=pyboard ' "$l" || ! grep -q '^platform=' "$l" || note "board $k: run-tests.py did not detect platform 'pyboard' (test selection assumes it)"
    p=$(sed -n 's/^\([0-9]*\) tests passed$/\1/p' "$l" | tail -n1)
    s=$(sed -n 's/^\([0-9]*\) tests skipped: .*/\1/p' "$l" | tail -n1)
    f=$(sed -n 's/^\([0-9]*\) tests failed: .*/\1/p' "$l" | tail -n1)
    if ! grep -q '^[0-9]* tests performed' "$l"; then
        # run-tests.py stopped early (board did not answer, timeout, unittest missing...):
        # every test of this share without a verdict counts as failed.
        { grep -E '^(pass|FAIL|skip) ' "$l" | awk '{print $2}'; printf '%s\n' "${skipped_here[@]}"; } |
            sort -u >"$TMP/verdict-$k"
        grep -vxFf "$TMP/verdict-$k" "$TMP/list-$k" >"$TMP/lost-$k"
        lost=$(wc -l <"$TMP/lost-$k")
        [ "$lost" -gt 0 ] || lost=1
        p=$(grep -c '^pass ' "$l"); s=$(grep -c '^skip ' "$l"); f=$(( $(grep -c '^FAIL ' "$l") + lost ))
        why="exit ${rcs[k-1]}"; [ "${rcs[k-1]}" != 124 ] || why="timed out after ${timeout}s"
        aborted+=("board $k: run-tests.py stopped ($why), $lost test(s) got no verdict; last output:")
        aborted+=("$(grep -vE '^(pass|FAIL|skip) ' "$l" | tail -n 8 | sed 's/^/    /')")
        qerr=$(grep -vE '^char device redirected|terminating on signal' "$LOGS/qemu-$k.stderr" 2>/dev/null | tail -n 5)
        [ -z "$qerr" ] || aborted+=("  QEMU said (${LOGS#"$ROOT"/}/qemu-$k.stderr):" "$(sed 's/^/    /' <<<"$qerr")")
    fi
    passed=$((passed + ${p:-0})); skipped=$((skipped + ${s:-0})); failed=$((failed + ${f:-0}))
done
# One _results.json (run-tests.py --print-failures/--run-failures -r DIR, run.sh --failed):
# the failed tests of every board, plus those a stopped run-tests.py never got to.
"$PYTHON" - "$RESULTS/_results.json" "$TMP" "$jobs" <<'PY'
import json, os, sys
out, tmp, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
merged = {"args": None, "failed_tests": []}
for k in range(1, jobs + 1):
    try:
        d = json.load(open(os.path.join(tmp, f"results-{k}", "_results.json")))
        merged["args"] = merged["args"] or d.get("args")
        merged["failed_tests"] += d.get("failed_tests", [])
    except OSError:
        pass
    lost = os.path.join(tmp, f"lost-{k}")
    if os.path.exists(lost):
        merged["failed_tests"] += [t for t in open(lost).read().split("\n") if t]
merged["failed_tests"] = sorted(set(merged["failed_tests"]))
json.dump(merged, open(out, "w"))
PY
{
    echo "=== upstream: ${#tests[@]} tests, ${#skipped_here[@]} excluded by tests/upstream/skip.txt:"
    printf '    %s\n' "${skipped_here[@]}"
    echo "=== wall time ${elapsed}s on $jobs board(s)"
} >>"$LOG"

fails=$(grep -hE '^FAIL ' "$TMP"/log-* | awk '{print $2}' | sort)
if [ -n "$fails" ]; then
    echo "failed tests (expected vs actual output):"
    while read -r t; do
        b=${t//\//_}
        echo "  $t: diff -u ${RESULTS#"$ROOT"/}/$b.exp ${RESULTS#"$ROOT"/}/$b.out"
    done <<<"$fails"
fi
[ ${#aborted[@]} -eq 0 ] || printf '%s\n' "${aborted[@]}"
echo "log: ${LOG#"$ROOT"/} (run-tests.py output), wall time ${elapsed}s"
echo "upstream: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
