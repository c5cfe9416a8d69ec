# Shared helpers for the scripts in this folder (sourced, not run).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
BIN=${BIN:-$ROOT/bin}
DEPS=$BUILD/deps
# Debian's python: it can import Debian's meson, pytest and pyserial (a pyenv python may not).
PYTHON=${PYTHON:-/usr/bin/python3}
. "$ROOT/config/versions.env"

die() { echo "error: $*" >&2; exit 1; }
note() { echo "==> $*" >&2; }

# Source trees: overridable by the user, else the ones setup_env.sh unpacked.
QEMU_SRC=${QEMU_SRC:-$DEPS/qemu}
MICROPY_SRC=${MICROPY_SRC:-$DEPS/micropython}
LWIP_SRC=${LWIP_SRC:-$DEPS/lwip}

qemu_series() { [ -f "$1/VERSION" ] && cut -d. -f1,2 "$1/VERSION"; }
micropy_series() {
    local h=$1/py/mpconfig.h
    [ -f "$h" ] || return 0
    printf '%s.%s\n' "$(awk '/define MICROPY_VERSION_MAJOR/{print $3}' "$h")" \
                     "$(awk '/define MICROPY_VERSION_MINOR/{print $3}' "$h")"
}
lwip_series() {
    local h=$1/src/include/lwip/init.h
    [ -f "$h" ] || return 0
    printf '%s.%s\n' "$(awk '/define LWIP_VERSION_MAJOR/{print $3}' "$h")" \
                     "$(awk '/define LWIP_VERSION_MINOR/{print $3}' "$h")"
}
# check_tree NAME DIR WANTED: one clear line and exit 1 unless DIR holds series WANTED.
check_tree() {
    local name=$1 dir=$2 want=$3 got
    [ -d "$dir" ] || die "$name source not found at $dir (run scripts/setup_env.sh, or set the *_SRC variable to a $name $want tree)"
    got=$("${name}_series" "$dir")
    [ -n "$got" ] || die "$dir does not look like a $name source tree"
    [ "$got" = "$want" ] || die "$name at $dir is $got, this project needs $want.x"
}

FLASH_BYTES=1048576

# Exit with one line unless $1 is an ARM ELF file.
check_firmware_elf() {
    local f=$1 magic machine
    [ -f "$f" ] || die "firmware '$f' not found (build it with 'make firmware')"
    magic=$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')
    [ "$magic" = 7f454c46 ] || die "firmware '$f' is not an ELF file (use the firmware.elf the build writes to bin/)"
    machine=$(od -An -tu2 -j 18 -N 2 "$f" | tr -d ' ')
    [ "$machine" = 40 ] || die "firmware '$f' is an ELF file for another CPU (e_machine $machine, ARM is 40)"
}

# Create an erased 1 MB flash image at $1 if missing; refuse one of the wrong size.
check_flash_image() {
    local size
    size=$(stat -c %s "$1")
    [ "$size" = "$FLASH_BYTES" ] || die "flash image '$1' is $size bytes, the STM32F407 has $FLASH_BYTES: not touching it"
}

ensure_flash_image() {
    local img=$1
    if [ -e "$img" ]; then
        check_flash_image "$img"
        return
    fi
    mkdir -p "$(dirname "$img")"
    head -c "$FLASH_BYTES" /dev/zero | tr '\0' '\377' >"$img.tmp" && mv "$img.tmp" "$img"
}
