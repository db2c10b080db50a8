#!/bin/sh
# vmtest_case.sh TRAPEZE ELF STEM [vm] -- run one mapped-kernel test
# program of roms/vmtests on the bare machine, or with `vm` in one VM under
# the monitor, and compare its whole console with STEM.expected.
#
#   bare:  TRAPEZE run --headless --max-insns 200000000 ELF
#   vm:    TRAPEZE run --headless --max-insns 400000000 --vm ELF
#
# Passes when trapeze exits with 0 and stdout equals STEM.expected byte for
# byte.  STEM.expected is the bare machine's console, so the vm test is the
# monitor's equivalence: the same binary prints the same bytes.
#
# Time on trapeze is retired instructions and stdin is /dev/null, so the
# output never varies.
#
#   VMTEST_UPDATE=1 sh vmtest_case.sh TRAPEZE ELF STEM
#       rewrites STEM.expected from a bare run (read the diff after!)
set -u

if [ $# -ne 3 ] && [ $# -ne 4 ]; then
    echo "usage: $0 TRAPEZE ELF STEM [vm]" >&2
    exit 2
fi
TRAPEZE=$1
ELF=$2
STEM=$3
MODE=${4:-bare}
NAME=vmtest_$(basename "$STEM")_$MODE

for f in "$TRAPEZE" "$ELF"; do
    if [ ! -f "$f" ]; then
        echo "FAIL $NAME: missing $f (build first)"
        exit 1
    fi
done

case $MODE in
    bare) set -- --max-insns 200000000 "$ELF" ;;
    vm)   set -- --max-insns 400000000 --vm "$ELF" ;;
    *)    echo "usage: $0 TRAPEZE ELF STEM [vm]" >&2; exit 2 ;;
esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/vmtest.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

TIMEOUT=
command -v timeout >/dev/null 2>&1 && TIMEOUT="timeout 300"
$TIMEOUT "$TRAPEZE" run --headless "$@" </dev/null >"$TMP/out" 2>"$TMP/err"
RC=$?

if [ "${VMTEST_UPDATE:-0}" = 1 ] && [ "$MODE" = bare ]; then
    cp "$TMP/out" "$STEM.expected"
    echo "UPDATED $STEM.expected (exit status $RC)"
    exit 0
fi

fail=0
if [ ! -f "$STEM.expected" ]; then
    echo "FAIL $NAME: no $STEM.expected"
    fail=1
elif ! cmp -s "$STEM.expected" "$TMP/out"; then
    echo "FAIL $NAME: console output differs from $STEM.expected"
    diff -u --label expected --label "trapeze ($MODE)" "$STEM.expected" "$TMP/out" |
        head -n 100
    fail=1
fi
if [ "$RC" != 0 ]; then
    echo "FAIL $NAME: trapeze exited with status $RC, expected 0"
    fail=1
fi
if [ $fail -ne 0 ]; then
    if [ -s "$TMP/err" ]; then
        echo "--- trapeze stderr:"
        head -n 20 "$TMP/err"
    fi
    exit 1
fi
echo "PASS $NAME: $(tail -n 1 "$TMP/out")"
exit 0
