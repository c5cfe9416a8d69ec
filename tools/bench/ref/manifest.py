# Frozen modules of the reference firmware (MicroPython's ports/qemu, board MPS2_AN385),
# given as FROZEN_MANIFEST by tools/bench/build_ref.sh instead of the port's default
# (unittest and four test modules, which the benchmarks do not use).
#
# ports/qemu has no `time` module (MICROPY_PY_TIME is 0), and perf_bench's benchrun.py
# needs time.ticks_us/ticks_diff; time.py supplies them in Python from the MPS2 FPGAIO
# counter, so the port's C code is built unchanged.
module("time.py")
