#!/usr/bin/env bash
# Build the perf_bench reference: MicroPython's own ports/qemu firmware (board MPS2_AN385)
# from the same MicroPython tree as our firmware, and a qemu-system-arm from the same QEMU
# tree and configure options as bin/qemu-system-arm, with QEMU's MPS2 machines instead of
# ours (our build has only stm32f4-discovery). Both go to build/bench/ and are rebuilt only
# when their sources change. Prints nothing but errors and '==>' notes.
#
#   tools/bench/build_ref.sh     -> build/bench/ref-qemu/qemu-system-arm
#                                   build/bench/ref-fw/firmware.elf
set -euo pipefail
. "$(dirname "$0")/../../scripts/common.sh"

OUT=$BUILD/bench
REF_QEMU=$OUT/ref-qemu
REF_FW=$OUT/ref-fw
JOBS=${JOBS:-$(nproc)}
mkdir -p "$OUT"
check_tree qemu "$QEMU_SRC" "$QEMU_SERIES"
check_tree micropy "$MICROPY_SRC" "$MICROPY_SERIES"
if [ "${CCACHE:-1}" != 0 ] && [ -d /usr/lib/ccache ]; then export PATH=/usr/lib/ccache:$PATH; fi

# --- QEMU ----------------------------------------------------------------------------------
# The configure options of scripts/build.sh, but the device list names only CONFIG_MPS2
# (mps2-an385/386/500/511). configure looks the list up in the QEMU tree, next to ours.
devices=qemu-micropython-bench
args=(--target-list=arm-softmmu --without-default-features --without-default-devices
    --with-devices-arm=$devices --enable-tcg --enable-slirp --enable-fdt=system
    --disable-docs --disable-werror --disable-install-blobs --python=/usr/bin/python3
    --enable-trace-backends=log)
if [ ! -f "$REF_QEMU/build.ninja" ] || [ "$(cat "$REF_QEMU/.configure-args" 2>/dev/null)" != "${args[*]}" ]; then
    # configure reads the QEMU tree, which scripts/build.sh rewrites (glue): take its lock.
    exec 9>"$BUILD/.build.lock"
    flock 9
    printf '# Devices of the bench reference QEMU (tools/bench/build_ref.sh)\nCONFIG_MPS2=y\n' \
        >"$QEMU_SRC/configs/devices/arm-softmmu/$devices.mak"
    note "configuring the reference QEMU in ${REF_QEMU#"$ROOT"/}"
    rm -rf "$REF_QEMU"; mkdir -p "$REF_QEMU"
    (cd "$REF_QEMU" && "$QEMU_SRC/configure" "${args[@]}" >configure.log 2>&1) \
        || { tail -n 20 "$REF_QEMU/configure.log" >&2; die "reference QEMU configure failed (log: $REF_QEMU/configure.log)"; }
    echo "${args[*]}" >"$REF_QEMU/.configure-args"
    exec 9>&-
fi
# Built at low priority: the machine is shared with test runs.
nice -n 10 ninja -C "$REF_QEMU" -j "$JOBS" qemu-system-arm >"$REF_QEMU/ninja.log" 2>&1 \
    || { grep -v '^\[' "$REF_QEMU/ninja.log" | tail -n 20 >&2; die "reference QEMU build failed (log: $REF_QEMU/ninja.log)"; }

# --- firmware ------------------------------------------------------------------------------
# ports/qemu's C code unchanged; its frozen modules replaced by tools/bench/ref/manifest.py
# (a time module, see ref/time.py).
mpy_cross=$BUILD/mpy-cross/mpy-cross
[ -x "$mpy_cross" ] || "$ROOT/scripts/build.sh" mpy-cross
nice -n 10 make -s -C "$MICROPY_SRC/ports/qemu" -j "$JOBS" BOARD=MPS2_AN385 BUILD="$REF_FW" \
    MICROPY_MPYCROSS="$mpy_cross" FROZEN_MANIFEST="$ROOT/tools/bench/ref/manifest.py" \
    >"$OUT/ref-fw.log" 2>&1 \
    || { tail -n 20 "$OUT/ref-fw.log" >&2; die "reference firmware build failed (log: $OUT/ref-fw.log)"; }
[ -f "$REF_FW/firmware.elf" ] || die "reference firmware missing: $REF_FW/firmware.elf"
