#!/usr/bin/env bash
# Put firmware into a board's flash: the virtual board's flash image, or a real
# STM32F4-Discovery over its on-board ST-LINK.
#
#   scripts/flash.sh [--image IMAGE] [FIRMWARE.elf]   virtual board (default image
#                                                     build/flash.img, created erased if missing)
#   scripts/flash.sh --board [FIRMWARE.elf]           real board, with openocd
#   scripts/flash.sh --dry-run ...                    print what would be done
#
# Only the firmware's own segments are written: the filesystem and any data the
# firmware stored in flash stay as they are, on the image as on the chip.
set -euo pipefail
. "$(dirname "$0")/common.sh"

target=image image=$BUILD/flash.img firmware=$BIN/firmware.elf dry=0
while [ $# -gt 0 ]; do
    case "$1" in
        --image) [ -n "${2:-}" ] || die "--image needs a file name"; image=$2; shift 2 ;;
        --board) target=board; shift ;;
        --dry-run) dry=1; shift ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option '$1' (try --help)" ;;
        *) firmware=$1; shift ;;
    esac
done
check_firmware_elf "$firmware"

run() { if [ $dry = 1 ]; then printf '%q ' "$@"; echo; else "$@"; fi; }

case "$target" in
image)
    [ ! -e "$image" ] || check_flash_image "$image"
    note "writing $firmware into flash image $image"
    run "$PYTHON" "$ROOT/tools/flash_image.py" write "$firmware" "$image"
    ;;
board)
    # openocd erases only the sectors the ELF occupies, so /flash survives.
    if command -v openocd >/dev/null; then
        run openocd -f board/stm32f4discovery.cfg -c "program $firmware verify reset exit"
    else
        die "no programmer found: install openocd (apt-get install openocd) and connect the board's ST-LINK USB"
    fi
    ;;
esac
