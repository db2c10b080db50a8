#!/bin/sh
# hostile_case.sh TRAPEZE ELF STEM -- run one hostile guest (roms/hostile)
# on the bare machine and compare its whole console with STEM.expected.
#
#   STEM.expected  the console output, byte for byte
#   STEM.maxinsns  optional: the guest never stops by itself; run it for
#                  this many instructions (--max-insns) and expect exit
#                  status 124.  Without it the guest must power off with 0
#                  (a ceiling of 1,000,000,000 instructions catches a hang).
#
# Time on trapeze is retired instructions and stdin is /dev/null, so the
# output never varies.
#
#   HOSTILE_UPDATE=1 sh hostile_case.sh ...   rewrites STEM.expected
set -u

if [ $# -ne 3 ]; then
    echo "usage: $0 TRAPEZE ELF STEM" >&2
    exit 2
fi
TRAPEZE=$1
ELF=$2
STEM=$3
NAME=hostile_$(basename "$STEM")_bare

for f in "$TRAPEZE" "$ELF"; do
    if [ ! -f "$f" ]; then
        echo "FAIL $NAME: missing $f (build first)"
        exit 1
    fi
done

MAXINSNS=1000000000
WANT_RC=0
if [ -f "$STEM.maxinsns" ]; then
    MAXINSNS=$(tr -d ' \t\r\n' <"$STEM.maxinsns")
    WANT_RC=124
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/hostile.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

TIMEOUT=
command -v timeout >/dev/null 2>&1 && TIMEOUT="timeout 300"
$TIMEOUT "$TRAPEZE" run --headless --max-insns "$MAXINSNS" "$ELF" \
    </dev/null >"$TMP/out" 2>"$TMP/err"
RC=$?

if [ "${HOSTILE_UPDATE:-0}" = 1 ]; then
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
    diff -u --label expected --label trapeze "$STEM.expected" "$TMP/out" | head -n 100
    fail=1
fi
if [ "$RC" != "$WANT_RC" ]; then
    echo "FAIL $NAME: trapeze exited with status $RC, expected $WANT_RC"
    fail=1
fi
if [ $fail -ne 0 ]; then
    if [ -s "$TMP/err" ]; then
        echo "--- trapeze stderr:"
        head -n 20 "$TMP/err"
    fi
    exit 1
fi
echo "PASS $NAME"
exit 0
