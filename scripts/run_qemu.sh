#!/usr/bin/env bash
# Boot the virtual STM32F4-Discovery with MicroPython; the REPL (USART2) is on this terminal.
# Quit QEMU with Ctrl-A then X (Ctrl-A C toggles the QEMU monitor).
#
#   scripts/run_qemu.sh [options] [-- extra QEMU arguments]
#     --firmware FILE.elf   firmware to boot (default bin/firmware.elf)
#     --flash IMAGE         persistent 1 MB flash image (default build/flash.img; created
#                           erased if missing). The firmware's flash writes land here.
#     --no-flash            no flash image: flash starts erased and is forgotten on exit
#     --from-flash          boot what the flash image holds (put there by scripts/flash.sh),
#                           like a real board: no -kernel
#     --serial SPEC         where the REPL goes (QEMU -serial syntax; default mon:stdio)
#     --uart ID SPEC        host end of UART ID (1, 3, 4, 5 or 6) for machine.UART, e.g.
#                           pty or unix:/tmp/u3.sock,server=on,wait=off (repeatable)
#     --qmp SPEC            QMP socket, e.g. unix:/tmp/qmp.sock (QEMU -qmp syntax)
#     --gdb [PORT]          GDB server on PORT (default 1234); add --wait to halt at reset
#     --wait                with --gdb: wait for the debugger before running (-S)
#     --uid HEX24           96-bit unique device ID (two boards differ by this)
#     --restore FILE        resume a board saved with the monitor's 'migrate file:FILE'
#                           (same options as when it was saved; docs/snapshots.md)
#     --dry-run             print the QEMU command line instead of running it
set -euo pipefail
. "$(dirname "$0")/common.sh"

firmware=$BIN/firmware.elf
flash=$BUILD/flash.img
serial=mon:stdio
qmp= gdb= wait= uid= dry=0 from_flash=0 restore=
extra=()
declare -A uarts=()

need_arg() { [ $# -ge 2 ] && [ -n "$2" ] || die "option $1 needs a value (try --help)"; }
while [ $# -gt 0 ]; do
    case "$1" in
        --firmware) need_arg "$@"; firmware=$2; shift 2 ;;
        --flash) need_arg "$@"; flash=$2; shift 2 ;;
        --no-flash) flash=; shift ;;
        --from-flash) from_flash=1; shift ;;
        --serial) need_arg "$@"; serial=$2; shift 2 ;;
        --qmp) need_arg "$@"; qmp=$2; shift 2 ;;
        --uart)
            [ $# -ge 3 ] && [ -n "$3" ] || die "option --uart needs an id and a chardev (try --help)"
            [[ "$2" =~ ^[13456]$ ]] || die "--uart: id must be 1, 3, 4, 5 or 6 (UART 2 is the REPL: --serial)"
            uarts[$2]=$3; shift 3 ;;
        --gdb)
            if [[ "${2:-}" =~ ^[0-9]+$ ]]; then gdb=$2; shift 2; else gdb=1234; shift; fi ;;
        --wait) wait=1; shift ;;
        --uid) need_arg "$@"; uid=$2; shift 2 ;;
        --restore) need_arg "$@"; restore=$2; shift 2 ;;
        --dry-run) dry=1; shift ;;
        -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        --) shift; extra=("$@"); break ;;
        *) die "unknown option '$1' (try --help)" ;;
    esac
done

QEMU=${QEMU:-$BIN/qemu-system-arm}
[ -x "$QEMU" ] || die "$QEMU not found: run 'make qemu' first"
[ $from_flash = 1 ] || check_firmware_elf "$firmware"
[ $from_flash = 0 ] || [ -n "$flash" ] || die "--from-flash needs a flash image (drop --no-flash)"
[ $from_flash = 0 ] || [ -f "$flash" ] || die "flash image '$flash' not found: write firmware into it with scripts/flash.sh"
[ -z "$uid" ] || [[ "$uid" =~ ^[0-9a-fA-F]{24}$ ]] || die "--uid needs 24 hex digits, got '$uid'"
[ -z "$wait" ] || [ -n "$gdb" ] || die "--wait only makes sense with --gdb"
[ -z "$restore" ] || [ -f "$restore" ] || die "snapshot '$restore' not found"

args=(-M "stm32f4-discovery${uid:+,uid=$uid}" -nographic -serial "$serial")
[ $from_flash = 1 ] || args+=(-kernel "$firmware")
if [ -n "$flash" ]; then
    ensure_flash_image "$flash"
    args+=(-drive "if=pflash,format=raw,file=$flash")
fi
# -serial order after the REPL's USART2: USART1, USART3, UART4, UART5, USART6
# (stm32f407_soc.c); the UARTs before the last one asked for get "null".
order=(1 3 4 5 6)
last=0
for i in "${!order[@]}"; do
    [ -z "${uarts[${order[$i]}]:-}" ] || last=$((i + 1))
done
for ((i = 0; i < last; i++)); do
    args+=(-serial "${uarts[${order[$i]}]:-null}")
done
[ -z "$qmp" ] || args+=(-qmp "$qmp,server=on,wait=off")
[ -z "$gdb" ] || args+=(-gdb "tcp::$gdb")
[ -z "$wait" ] || args+=(-S)
[ -z "$restore" ] || args+=(-incoming "file:$restore")
args+=("${extra[@]}")

if [ $dry = 1 ]; then
    printf '%q ' "$QEMU" "${args[@]}"; echo
    exit 0
fi
[ ! -t 0 ] || [ "$serial" != mon:stdio ] || note "MicroPython REPL on USART2. Quit: Ctrl-A then X."
exec "$QEMU" "${args[@]}"
