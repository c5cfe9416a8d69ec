#!/usr/bin/env bash
# Run the test layers and print per-layer counts and one closing line
# 'N passed, N failed, N skipped'. Exit status is non-zero if anything failed.
#
#   tests/run_tests.sh [all|qtest|target|integration|upstream] [pytest or tests/upstream/run.sh args...]
#
# Expects a built tree (make test builds first). Logs go to build/test-logs/.
set -uo pipefail
. "$(dirname "$0")/../scripts/common.sh"

layer=${1:-all}
shift || true
LOGS=$BUILD/test-logs
mkdir -p "$LOGS"
total_pass=0 total_fail=0 total_skip=0

report() {   # layer passed failed skipped
    printf '%-12s %4d passed, %d failed, %d skipped\n' "$1:" "$2" "$3" "$4"
    total_pass=$((total_pass + $2)); total_fail=$((total_fail + $3)); total_skip=$((total_skip + $4))
}

# C qtests (libqtest), TAP output; a binary that dies counts as one more failure.
# QEMU_BUILD and QTEST_QEMU_BINARY may point at another build (make coverage).
run_qtests() {
    local pass=0 fail=0 skip=0 t name log rc
    local qbuild=${QEMU_BUILD:-$BUILD/qemu} qemu=${QTEST_QEMU_BINARY:-./qemu-system-arm}
    for t in "$ROOT"/tests/qtest/*-test.c; do
        name=$(basename "$t" .c)
        log=$LOGS/qtest-$name.log
        if [ ! -x "$qbuild/tests/qtest/$name" ]; then
            echo "qtest $name: not built (run 'make qtests')"; fail=$((fail + 1)); continue
        fi
        (cd "$qbuild" && QTEST_QEMU_BINARY=$qemu timeout 300 \
            "./tests/qtest/$name" --tap -k) >"$log" 2>&1
        rc=$?
        local p f s
        p=$(grep -c '^ok .*' "$log" | head -1); s=$(grep -c '^ok .*# SKIP' "$log")
        f=$(grep -c '^not ok' "$log")
        p=$((p - s))
        if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
        [ "$f" -eq 0 ] || { echo "qtest $name: FAILED (log: $log)"; grep -E '^not ok|ERROR|assertion' "$log" | head -n 5; }
        pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
    done
    report qtest $pass $fail $skip
}

# A runner that prints one last line '<layer>: N passed, N failed, N skipped'.
run_counted() {
    local layer=$1 log=$LOGS/$1.log line; shift
    "$@" 2>&1 | tee "$log"
    line=$(grep -E "^$layer: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped" "$log" | tail -n 1)
    if [ -z "$line" ]; then
        report "$layer" 0 1 0     # the runner died before its summary
        return
    fi
    read -r p f s < <(sed -E 's/^[a-z]+: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped/\1 \2 \3/' <<<"$line")
    report "$layer" "$p" "$f" "$s"
}

# Host-driven tests that boot boards (pytest, Debian's python3-pytest).
run_integration() {
    local log=$LOGS/integration.log summary p f s e
    (cd "$ROOT" && "$PYTHON" -m pytest -p no:cacheprovider -q -rfE tests/integration "$@") 2>&1 | tee "$log"
    summary=$(grep -E '(passed|failed|error|skipped|no tests ran).* in [0-9.]+s' "$log" | tail -n 1)
    p=$(grep -oE '[0-9]+ passed' <<<"$summary" | cut -d' ' -f1)
    f=$(grep -oE '[0-9]+ failed' <<<"$summary" | cut -d' ' -f1)
    e=$(grep -oE '[0-9]+ error' <<<"$summary" | cut -d' ' -f1)
    s=$(grep -oE '[0-9]+ skipped' <<<"$summary" | cut -d' ' -f1)
    [ -n "$summary" ] || f=1    # pytest did not get to run
    report integration "${p:-0}" $(( ${f:-0} + ${e:-0} )) "${s:-0}"
}

case "$layer" in
    all) run_qtests; run_counted target "$PYTHON" "$ROOT/tests/target/run.py"; run_integration "$@"
         run_counted upstream "$ROOT/tests/upstream/run.sh" ;;
    qtest) run_qtests ;;
    target) run_counted target "$PYTHON" "$ROOT/tests/target/run.py" "$@" ;;
    upstream) run_counted upstream "$ROOT/tests/upstream/run.sh" "$@" ;;
    integration) run_integration "$@" ;;
    *) die "unknown test layer '$layer' (all, qtest, target, integration, upstream)" ;;
esac
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
