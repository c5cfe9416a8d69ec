#!/usr/bin/env bash
# make coverage: line coverage of our QEMU models (gcov/lcov) while the qtests, the
# on-target tests and the integration tests run, and the model registers no test touches.
# Uses its own QEMU build (build/qemu-coverage, --enable-gcov); the report goes to
# build/coverage/ (open build/coverage/html/index.html).
set -euo pipefail
. "$(dirname "$0")/../scripts/common.sh"

OUT=$BUILD/coverage
export QEMU_BUILD=$BUILD/qemu-coverage
export QEMU_EXTRA_CONFIG=--enable-gcov

if ! command -v lcov >/dev/null; then
    note "installing lcov"
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lcov >/dev/null \
        || die "could not install lcov (apt-get install lcov)"
fi

"$ROOT/scripts/build.sh" qtests
rm -rf "$OUT"; mkdir -p "$OUT/trace"
find "$QEMU_BUILD" -name '*.gcda' -delete

# Every QEMU the tests start logs our models' register accesses. A caller that names
# its own log (-D, e.g. vboard) keeps it; the wrapper copies it when QEMU exits.
# libqtest wants the binary to be called qemu-system-<arch>.
wrapper=$OUT/wrap/qemu-system-arm
mkdir -p "$OUT/wrap"
cat >"$wrapper" <<WRAP
#!/bin/bash
log=
prev=
for a in "\$@"; do [ "\$prev" = -D ] && log=\$a; prev=\$a; done
[ -n "\$log" ] || exec "$QEMU_BUILD/qemu-system-arm" -trace 'stm32f4*_read' -trace 'stm32f4*_write' -trace 'armv7m_dwt_read' -trace 'armv7m_dwt_write' -D "$OUT/trace/qemu-%d.log" "\$@"
"$QEMU_BUILD/qemu-system-arm" -trace 'stm32f4*_read' -trace 'stm32f4*_write' -trace 'armv7m_dwt_read' -trace 'armv7m_dwt_write' "\$@" &
pid=\$!
trap 'kill -TERM \$pid 2>/dev/null' TERM INT HUP
wait \$pid; rc=\$?
wait \$pid 2>/dev/null && rc=\$?
cp "\$log" "$OUT/trace/qemu-\$pid.log" 2>/dev/null
exit \$rc
WRAP
chmod +x "$wrapper"

status=0
QTEST_QEMU_BINARY=$wrapper "$ROOT/tests/run_tests.sh" qtest || status=1
QEMU=$wrapper "$ROOT/tests/run_tests.sh" target || status=1
QEMU=$wrapper "$ROOT/tests/run_tests.sh" integration || status=1

note "collecting coverage"
# Only the files of this project (symlinked into the QEMU tree).
patterns=()
while IFS= read -r -d '' f; do patterns+=("*/$(basename "$f")"); done \
    < <(find "$ROOT/qemu/hw" -name '*.c' -print0)
lcov -q --capture --directory "$QEMU_BUILD" --output-file "$OUT/all.info" 2>/dev/null
lcov -q --extract "$OUT/all.info" "${patterns[@]}" --output-file "$OUT/models.info"
genhtml -q --output-directory "$OUT/html" "$OUT/models.info" >/dev/null
lcov --list "$OUT/models.info" | tee "$OUT/summary.txt"
shopt -s nullglob
"$PYTHON" "$ROOT/tools/coverage/untouched_registers.py" "$ROOT/qemu/hw" "$OUT"/trace/*.log /dev/null \
    | tee "$OUT/untouched-registers.txt"
echo "coverage report: $OUT/html/index.html"
exit $status
