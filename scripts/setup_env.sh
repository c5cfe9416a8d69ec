#!/usr/bin/env bash
# Install what qemu-micropython needs on Debian 12 or 13 and fetch the upstream sources
# (QEMU, MicroPython, lwIP) as Debian source packages into build/deps/. Idempotent: a second
# run installs and downloads nothing.
#
#   scripts/setup_env.sh            everything
#   scripts/setup_env.sh --sources  only fetch/check the source trees (no apt installs)
#
# QEMU_SRC=, MICROPY_SRC=, LWIP_SRC= point at existing trees instead of fetching.
set -euo pipefail
. "$(dirname "$0")/common.sh"

only_sources=0
case "${1:-}" in
    "") ;;
    --sources) only_sources=1 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (try --help)" ;;
esac

. /etc/os-release 2>/dev/null || true
case "${ID:-}:${VERSION_CODENAME:-}" in
    debian:bookworm|debian:trixie) ;;
    *) die "this setup supports Debian 12 (bookworm) and 13 (trixie); found '${PRETTY_NAME:-unknown}'" ;;
esac

SUDO=
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "run as root or install sudo"
    SUDO=sudo
fi

PACKAGES=(
    # build basics and the cross toolchain
    make git gcc libc6-dev dpkg-dev ccache
    gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi gdb-multiarch
    # QEMU build dependencies (arm-softmmu, slirp, fdt)
    ninja-build meson python3-venv flex bison pkgconf libglib2.0-dev libpixman-1-dev
    libslirp-dev libfdt-dev python3-pycotap
    # host tools and tests
    python3 python3-pytest python3-serial
)
# On bookworm these come from bookworm-backports (QEMU 10.0 needs meson >= 1.5).
BACKPORTED=(meson python3-pycotap)
APT_LIST_DIR=/etc/apt/sources.list.d

apt_updated=0
apt_update() { note "apt-get update"; $SUDO apt-get update -qq || die "apt-get update failed"; apt_updated=1; }
apt_install() { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }

# Write an apt source file of ours unless apt already knows the suite for that type.
ensure_apt_source() {
    local file=$1 types=$2 suite=$3
    [ -f "$APT_LIST_DIR/$file" ] && return 1
    note "adding $APT_LIST_DIR/$file ($types $suite)"
    printf 'Types: %s\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        "$types" "$suite" | $SUDO tee "$APT_LIST_DIR/$file" >/dev/null
}

have_src_suite() { apt-get source --print-uris -qq "qemu/$SOURCE_SUITE" >/dev/null 2>&1; }
have_backports() { apt-cache policy 2>/dev/null | grep -q "bookworm-backports"; }

missing_packages() {
    local p
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || echo "$p"
    done
}

meson_ok() {
    local v
    v=$(dpkg-query -W -f='${Version}' meson 2>/dev/null) || return 1
    dpkg --compare-versions "$v" ge 1.5
}

install_packages() {
    local missing plain=() p
    mapfile -t missing < <(missing_packages)
    [ ${#missing[@]} -eq 0 ] && meson_ok && return
    apt_update
    if [ "$VERSION_CODENAME" = bookworm ] && ! have_backports; then
        ensure_apt_source qemu-micropython-backports.sources deb bookworm-backports && apt_update
    fi
    for p in "${missing[@]}"; do
        [[ " ${BACKPORTED[*]} " == *" $p "* ]] || plain+=("$p")
    done
    if [ ${#plain[@]} -gt 0 ]; then
        note "installing: ${plain[*]}"
        apt_install "${plain[@]}" || die "apt-get install failed for: ${plain[*]}"
    fi
    if [ "$VERSION_CODENAME" = bookworm ]; then
        note "installing from bookworm-backports: ${BACKPORTED[*]}"
        apt_install -t bookworm-backports "${BACKPORTED[@]}" \
            || die "could not install ${BACKPORTED[*]} from bookworm-backports"
    else
        apt_install "${BACKPORTED[@]}" || die "apt-get install failed for: ${BACKPORTED[*]}"
    fi
    meson_ok || die "meson >= 1.5 is required, found $(dpkg-query -W -f='${Version}' meson 2>/dev/null || echo none)"
}

# fetch_source PKG NAME SERIES: unpack the Debian source package (patches applied) as
# build/deps/NAME-VERSION and point build/deps/NAME at it.
fetch_source() {
    local pkg=$1 name=$2 series=$3 dl=$DEPS/download dsc dir
    if [ -e "$DEPS/$name" ]; then
        return
    fi
    if ! have_src_suite; then
        [ $apt_updated = 1 ] || apt_update
        if ! have_src_suite; then
            ensure_apt_source qemu-micropython-src.sources deb-src "$SOURCE_SUITE" || true
            apt_update
        fi
        have_src_suite || die "apt cannot find source packages for $SOURCE_SUITE (deb-src entry missing?)"
    fi
    mkdir -p "$dl"
    note "fetching $pkg/$SOURCE_SUITE source package"
    (cd "$dl" && apt-get source --download-only -qq "$pkg/$SOURCE_SUITE" >/dev/null 2>&1) \
        || die "could not download source package $pkg/$SOURCE_SUITE"
    dsc=$(ls -t "$dl/${pkg}_"*.dsc 2>/dev/null | head -n1)
    [ -n "$dsc" ] || die "no .dsc for $pkg in $dl"
    dir=$DEPS/$(basename "$dsc" .dsc)
    rm -rf "$dir"
    note "unpacking $(basename "$dsc")"
    dpkg-source --no-check -q -x "$dsc" "$dir" >/dev/null || die "dpkg-source could not unpack $dsc"
    ln -sfn "$(basename "$dir")" "$DEPS/$name"
}

if [ $only_sources = 0 ]; then
    install_packages
fi
mkdir -p "$DEPS"
[ "${QEMU_SRC}" = "$DEPS/qemu" ] && fetch_source qemu qemu "$QEMU_SERIES"
[ "${MICROPY_SRC}" = "$DEPS/micropython" ] && fetch_source micropython micropython "$MICROPY_SERIES"
[ "${LWIP_SRC}" = "$DEPS/lwip" ] && fetch_source lwip lwip "$LWIP_SERIES"
check_tree qemu "$QEMU_SRC" "$QEMU_SERIES"
check_tree micropy "$MICROPY_SRC" "$MICROPY_SERIES"
check_tree lwip "$LWIP_SRC" "$LWIP_SERIES"
note "setup complete: QEMU $(cat "$QEMU_SRC/VERSION"), MicroPython $(micropy_series "$MICROPY_SRC"), lwIP $(lwip_series "$LWIP_SRC")"
