#!/bin/sh
# qemu_diff.sh TRAPEZE ELF BASE -- differential test against QEMU.
#
# Runs the bare-metal test program ELF on qemu-system-mipsel -M mipssim (the
# reference CPU) and on trapeze, each with stdin from BASE.input if that
# exists (else /dev/null), and requires the two console outputs to be
# byte-for-byte identical and QEMU's to end with the "TEST <name>: OK" line.
#
# Exit status: 0 pass, 1 fail, 77 skipped (BASE.noqemu exists -- its text
# says why the program cannot be compared with QEMU -- or QEMU is missing).
#
# QEMU_SYSTEM_MIPSEL overrides the QEMU binary; QEMU_TIMEOUT (seconds,
# default 60) bounds its run.
set -u

if [ $# -ne 3 ]; then
    echo "usage: $0 TRAPEZE ELF BASE" >&2
    exit 2
fi
TRAPEZE=$1
ELF=$2
BASE=$3
NAME=$(basename "$BASE")
QEMU=${QEMU_SYSTEM_MIPSEL:-qemu-system-mipsel}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-60}

if [ -f "$BASE.noqemu" ]; then
    echo "SKIP $NAME: not compared with QEMU:"
    cat "$BASE.noqemu"
    exit 77
fi
if ! command -v "$QEMU" >/dev/null 2>&1; then
    echo "SKIP $NAME: $QEMU not found"
    exit 77
fi
if [ ! -f "$ELF" ]; then
    echo "FAIL $NAME: no program $ELF (build the roms first)"
    exit 1
fi
if [ ! -x "$TRAPEZE" ]; then
    echo "FAIL $NAME: no trapeze binary $TRAPEZE"
    exit 1
fi

INPUT=/dev/null
[ -f "$BASE.input" ] && INPUT=$BASE.input

TMP=$(mktemp -d "${TMPDIR:-/tmp}/qemu_diff.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

# Only the guest's UART reaches stdout: no display, no monitor, serial on
# stdio; QEMU's own messages go to stderr.  -semihosting makes `sdbbp 1`
# (UHI exit) end QEMU with the program's exit code.
timeout "$QEMU_TIMEOUT" "$QEMU" -M mipssim -nographic -monitor none \
    -serial stdio -semihosting -nic none -kernel "$ELF" \
    <"$INPUT" >"$TMP/qemu.out" 2>"$TMP/qemu.err"
QRC=$?

timeout 600 "$TRAPEZE" run --headless --max-insns 500000000 "$ELF" \
    <"$INPUT" >"$TMP/trapeze.out" 2>"$TMP/trapeze.err"
TRC=$?

fail=0
if [ $QRC -eq 124 ]; then
    echo "FAIL $NAME: QEMU did not finish within ${QEMU_TIMEOUT}s"
    fail=1
fi
last=$(tail -n 1 "$TMP/qemu.out")
case $last in
    "TEST "*": OK"*) ;;
    *)  echo "FAIL $NAME: QEMU's output does not end with the OK summary line" \
             "(last line: '$last', QEMU exit status $QRC)"
        fail=1 ;;
esac
if ! cmp -s "$TMP/qemu.out" "$TMP/trapeze.out"; then
    echo "FAIL $NAME: trapeze's console differs from QEMU's" \
         "(trapeze exit status $TRC, QEMU exit status $QRC)"
    diff -u --label "qemu" --label "trapeze" "$TMP/qemu.out" "$TMP/trapeze.out" | head -n 200
    fail=1
fi
if [ $fail -ne 0 ]; then
    if [ -s "$TMP/qemu.err" ]; then
        echo "--- QEMU stderr:"; head -n 20 "$TMP/qemu.err"
    fi
    if [ -s "$TMP/trapeze.err" ]; then
        echo "--- trapeze stderr:"; head -n 20 "$TMP/trapeze.err"
    fi
    exit 1
fi
if [ $QRC -ne $TRC ]; then
    echo "FAIL $NAME: exit status differs: QEMU $QRC, trapeze $TRC"
    exit 1
fi
echo "PASS $NAME: trapeze and QEMU agree ($(wc -l <"$TMP/qemu.out") lines; $last)"
exit 0
