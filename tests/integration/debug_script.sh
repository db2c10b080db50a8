#!/bin/sh
# debug_script.sh TRAPEZE ROMS_OUT CASE
#
# A scripted debugger session (docs/debugger.md): runs
#   trapeze run --headless --debug --script CASE.cmds $(CASE.opts)
# with @ROMS@ in CASE.opts replaced by ROMS_OUT, stdin empty, and compares
# stdout (ROMS_OUT written back as @ROMS@, \r removed) with CASE.expected
# byte for byte, and the exit status with CASE.exitcode (0 if absent).
# TRAPEZE_UPDATE=1 rewrites CASE.expected instead (review the diff!).
set -u
T=$1; ROMS=$2; CASE=$3
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
opts=$(sed "s|@ROMS@|$ROMS|g" "$CASE.opts")
# shellcheck disable=SC2086  # the options are words
timeout 300 "$T" run --headless --debug --script "$CASE.cmds" $opts </dev/null \
    >"$W/out" 2>"$W/err"
rc=$?
want_rc=0
[ -f "$CASE.exitcode" ] && want_rc=$(cat "$CASE.exitcode")
tr -d '\r' <"$W/out" | sed "s|$ROMS|@ROMS@|g" >"$W/got"
if [ "${TRAPEZE_UPDATE:-0}" = 1 ]; then
    cp "$W/got" "$CASE.expected"
    echo "updated $CASE.expected (exit status $rc)"
    exit 0
fi
fail=0
if ! cmp -s "$W/got" "$CASE.expected"; then
    echo "FAIL: the transcript differs from $CASE.expected:"
    diff -u "$CASE.expected" "$W/got" | head -60
    fail=1
fi
if [ "$rc" -ne "$want_rc" ]; then
    echo "FAIL: exit status $rc, expected $want_rc"; cat "$W/err"; fail=1
fi
[ "$fail" -eq 0 ] && echo "ok: $(basename "$CASE")"
exit $fail
