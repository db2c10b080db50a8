#!/bin/sh
# run_rom.sh TRAPEZE ELF BASE -- boot one bare-metal test program on trapeze.
#
# Runs `TRAPEZE run --headless --max-insns 500000000 ELF` with stdin from
# BASE.input if that file exists (else /dev/null) and passes when
#   - the console output equals BASE.expected byte for byte,
#   - its last line starts with "TEST " and contains ": OK", and
#   - trapeze exits with status 0 (or the number in BASE.exitcode).
# Otherwise it prints the reason (and a diff) and exits 1.
set -u

if [ $# -ne 3 ] && [ $# -ne 4 ]; then
    echo "usage: $0 TRAPEZE ELF BASE [vm]" >&2
    exit 2
fi
TRAPEZE=$1
ELF=$2
BASE=$3
NAME=$(basename "$BASE")
# vm: run the program in one VM under the monitor (a kseg0 program is then
# emulated instruction by instruction); the console must not change.
VMFLAG=
[ "${4:-}" = vm ] && VMFLAG=--vm && NAME=vm_$NAME

if [ ! -x "$TRAPEZE" ]; then
    echo "FAIL $NAME: no trapeze binary $TRAPEZE"
    exit 1
fi
if [ ! -f "$ELF" ]; then
    echo "FAIL $NAME: no program $ELF (build the roms first)"
    exit 1
fi
if [ ! -f "$BASE.expected" ]; then
    echo "FAIL $NAME: no golden file $BASE.expected"
    exit 1
fi

INPUT=/dev/null
[ -f "$BASE.input" ] && INPUT=$BASE.input
WANT_RC=0
if [ -f "$BASE.exitcode" ]; then
    WANT_RC=$(tr -d ' \t\r\n' <"$BASE.exitcode")
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/run_rom.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

TIMEOUT=
command -v timeout >/dev/null 2>&1 && TIMEOUT="timeout 600"
$TIMEOUT "$TRAPEZE" run --headless --max-insns 500000000 $VMFLAG "$ELF" \
    <"$INPUT" >"$TMP/out" 2>"$TMP/err"
RC=$?

fail=0
if ! cmp -s "$BASE.expected" "$TMP/out"; then
    echo "FAIL $NAME: console output differs from $BASE.expected"
    diff -u --label "expected" --label "trapeze" "$BASE.expected" "$TMP/out" | head -n 200
    fail=1
fi
last=$(tail -n 1 "$TMP/out")
case $last in
    "TEST "*": OK"*) ;;
    *)  echo "FAIL $NAME: the last line is not an OK summary: '$last'"
        fail=1 ;;
esac
if [ "$RC" != "$WANT_RC" ]; then
    if [ "$RC" -eq 124 ] && [ -n "$TIMEOUT" ]; then
        echo "FAIL $NAME: trapeze did not finish within 600 s"
    else
        echo "FAIL $NAME: trapeze exited with status $RC, expected $WANT_RC"
    fi
    fail=1
fi
if [ $fail -ne 0 ]; then
    if [ -s "$TMP/err" ]; then
        echo "--- trapeze stderr:"
        head -n 30 "$TMP/err"
    fi
    exit 1
fi
echo "PASS $NAME: $last"
exit 0
