#!/usr/bin/env bash
# CPython for run-tests.py (MICROPY_CPYTHON3, set by tests/upstream/run.sh).
#
# run-tests.py runs 'MICROPY_CPYTHON3 -BS /abs/path/test.py' to get the expected output of
# a test that has no .exp file. A few of those tests (asyncio with sleeps of 10-100 ms)
# print a different sequence when CPython is starved of CPU for tens of milliseconds,
# which happens when the host is busy (CI, parallel boards): the board then "fails"
# against a wrong reference. For them tests/upstream/expected/<test>.exp holds CPython's
# output captured on an idle host, and is used instead. Everything else goes to CPython.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CPYTHON=${UPSTREAM_CPYTHON:-/usr/bin/python3}
test=${!#}
if [ $# -ge 1 ] && [ -n "${UPSTREAM_MP_TESTS:-}" ] && [[ "$test" == "$UPSTREAM_MP_TESTS"/*.py ]]; then
    exp=$HERE/expected/${test#"$UPSTREAM_MP_TESTS"/}.exp
    if [ -f "$exp" ]; then
        cat "$exp"
        exit 0
    fi
fi
exec "$CPYTHON" "$@"
