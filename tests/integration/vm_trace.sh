#!/bin/sh
# vm_trace.sh TRAPEZE ROMS_OUT SOURCE_DIR
#
# `--trace traps` narrates every trap on stderr, one line each (SPEC §5,
# monitor/events.c):
#   #SEQ vmN MODE PC INSN | EXC | action [| what changed]
# minikern running `hello` then `idle 1` (one timer tick, so that an
# interrupt is injected: `run=hello` alone ends before minikern's first
# tick, on the bare machine too) must show at least: an emulated mfc0, a
# shadow fill, an I/O emulation, a reflected syscall, a kseg emulation and
# an injected interrupt.  Sequence numbers start at 1 and go up by 1.
set -u
T=$1; ROMS=$2     # $3, SOURCE_DIR, is not needed here
K=$ROMS/minikern/minikern.elf
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
fail=0; n=0

ok()  { n=$((n + 1)); echo "ok   $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "FAIL $1"; }

ARGS="run=hello,idle 1"
timeout 300 "$T" run --headless --max-insns 2000000000 --args "$ARGS" "$K" \
    </dev/null >"$W/bare.out" 2>/dev/null
timeout 300 "$T" run --headless --max-insns 2000000000 --trace traps \
    --vm "$K" --args "$ARGS" </dev/null >"$W/out" 2>"$W/err"
rc=$?
if [ "$rc" -eq 0 ]; then ok "exit status 0"; else bad "exit status $rc (want 0)"; fi
if cmp -s "$W/bare.out" "$W/out"; then ok "console = bare machine's (tracing changes nothing)"
else bad "console differs from the bare machine's"; fi

grep '^#' "$W/err" >"$W/trace"
grep -v '^#' "$W/err" >"$W/other"
if [ -s "$W/other" ]; then
    bad "stderr lines that are not trap events:"; head -5 "$W/other" | sed 's/^/    /'
else
    ok "every stderr line is a trap event ($(wc -l <"$W/trace") of them)"
fi

# The general format, on every line.
LINE='^#[0-9]+ vm1 (kernel|super|supervisor|user) +[0-9a-f]{8} .+ \| [A-Za-z-]+ +\| [^ ].*$'
nbad=$(grep -c -v -E "$LINE" "$W/trace")
if [ "$nbad" -eq 0 ] && [ -s "$W/trace" ]; then ok "every event matches '#SEQ vmN MODE PC INSN | EXC | action'"
else bad "$nbad events do not match the format:"; grep -v -E "$LINE" "$W/trace" | head -5 | sed 's/^/    /'; fi

# Sequence numbers: 1, 2, 3, ...
gaps=$(awk '{ s = substr($1, 2) + 0; if (s != NR) { print NR ": " $0; exit } }' "$W/trace")
if [ -z "$gaps" ]; then ok "sequence numbers run 1..$(wc -l <"$W/trace") without a gap"
else bad "sequence broken at event $gaps"; fi

# want WHAT REGEX -- at least one event of this kind
want() {
    c=$(grep -c -E "$2" "$W/trace")
    if [ "$c" -gt 0 ]; then ok "$1: $c, e.g. $(grep -m1 -E "$2" "$W/trace")"
    else bad "$1: no event matches /$2/"; fi
}
H='^#[0-9]+ vm1 '
want "emulated mfc0 (priv)"  "$H"'kernel +[0-9a-f]{8} mfc0[[:space:]].* \| CpU +\| emulated mfc0( |$)'
want "shadow fill"           "$H"'[a-z]+ +[0-9a-f]{8} .* \| TLB[LS] +\| shadow fill: tlb\[[0-9]+\] va [0-9a-f]{8} asid [0-9a-f]{2} -> machine [0-9a-f]{8} \(guest [0-9a-f]{8}\)'
want "I/O emulation"         "$H"'kernel +[0-9a-f]{8} (s[bhw]|l[bhw]u?)[[:space:]].* \| [A-Za-z]+ +\| emulated I/O access at [0-9a-f]{8}'
want "reflected syscall"     "$H"'user +[0-9a-f]{8} syscall.* \| Sys +\| reflected Sys .*pc -> 80000180'
want "kseg emulation"        "$H"'kernel +[0-9a-f]{8} .* \| [A-Za-z-]+ +\| emulated \(kseg\)'
want "injected interrupt"    "$H"'[a-z]+ +[0-9a-f]{8} .* \| [A-Za-z-]+ +\| injected interrupt.*pc -> 80000180'
want "power-off (halt)"      "$H"'.* \| halt'

echo "$((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
