#!/bin/sh
# deps.sh -- install, with apt-get, every Debian package the build and the
# tests need.  Idempotent: when everything is there it only checks.
set -eu
PKGS="cmake make gcc libc6-dev pkg-config libcmocka-dev libsdl2-dev
libreadline-dev gcc-mipsel-linux-gnu binutils-mipsel-linux-gnu
qemu-system-mips gxemul gdb-multiarch xvfb xauth tmux valgrind
console-setup-linux xdotool"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "deps.sh: installing:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "deps.sh: need root (or sudo) to install:$missing" >&2; exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
