#!/bin/sh
# minikern_case.sh TRAPEZE KERNEL BASE -- boot minikern for one scripted
# case and compare its whole console with BASE.expected.
#
# A case is a set of files tests/minikern/NAME.*:
#   NAME.args      the boot argument string (`trapeze run --args`), one line;
#                  may be empty (minikern then runs its shell)
#   NAME.opts      optional: more options for `trapeze run`, e.g. --ram 8
#   NAME.input     optional: what is typed on the console (stdin); else
#                  stdin is /dev/null
#   NAME.exitcode  optional: the expected exit status (default 0)
#   NAME.expected  the console output, byte for byte ("\r\n" line ends)
#
# Time on trapeze is retired instructions and input from a file arrives at
# fixed instruction counts, so the output of a case never varies.
#
#   MINIKERN_UPDATE=1 sh minikern_case.sh ...   rewrites NAME.expected
set -u

if [ $# -ne 3 ] && [ $# -ne 4 ]; then
    echo "usage: $0 TRAPEZE KERNEL BASE [vm]" >&2
    exit 2
fi
TRAPEZE=$1
KERNEL=$2
BASE=$3
MODE=${4:-bare}
NAME=minikern_$(basename "$BASE")
# vm: the same kernel in one VM under the monitor; the console must be the
# same bytes (SPEC §5: equivalence).
[ "$MODE" = vm ] && NAME=minikern_vm_$(basename "$BASE")

for f in "$TRAPEZE" "$KERNEL" "$BASE.args"; do
    if [ ! -f "$f" ]; then
        echo "FAIL $NAME: missing $f"
        exit 1
    fi
done

ARGS=$(cat "$BASE.args")
OPTS=
[ -f "$BASE.opts" ] && OPTS=$(cat "$BASE.opts")
INPUT=/dev/null
[ -f "$BASE.input" ] && INPUT=$BASE.input
WANT_RC=0
[ -f "$BASE.exitcode" ] && WANT_RC=$(tr -d ' \t\r\n' <"$BASE.exitcode")

TMP=$(mktemp -d "${TMPDIR:-/tmp}/minikern.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

TIMEOUT=
command -v timeout >/dev/null 2>&1 && TIMEOUT="timeout 300"
# shellcheck disable=SC2086  # OPTS is a list of options
if [ "$MODE" = vm ]; then
    # shellcheck disable=SC2086
    $TIMEOUT "$TRAPEZE" run --headless --max-insns 4000000000 --vm "$KERNEL" \
        $OPTS --args "$ARGS" <"$INPUT" >"$TMP/out" 2>"$TMP/err"
    RC=$?
else
    # shellcheck disable=SC2086  # OPTS is a list of options
    $TIMEOUT "$TRAPEZE" run --headless --max-insns 2000000000 $OPTS --args "$ARGS" "$KERNEL" \
        <"$INPUT" >"$TMP/out" 2>"$TMP/err"
    RC=$?
fi

if [ "${MINIKERN_UPDATE:-0}" = 1 ] && [ "$MODE" = bare ]; then
    cp "$TMP/out" "$BASE.expected"
    echo "UPDATED $BASE.expected (exit status $RC)"
    exit 0
fi

fail=0
if [ ! -f "$BASE.expected" ]; then
    echo "FAIL $NAME: no $BASE.expected"
    fail=1
elif ! cmp -s "$BASE.expected" "$TMP/out"; then
    echo "FAIL $NAME: console output differs from $BASE.expected"
    tr -d '\r' <"$BASE.expected" >"$TMP/want"
    tr -d '\r' <"$TMP/out" >"$TMP/got"
    diff -u --label expected --label trapeze "$TMP/want" "$TMP/got" | head -n 100
    cmp "$BASE.expected" "$TMP/out"
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
