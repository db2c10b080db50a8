#!/bin/sh
# minikern_props.sh TRAPEZE ROMS_OUT SOURCE_DIR -- properties of minikern
# that a console transcript does not show:
#
#  - it is a mapped kernel: the only kseg0 instructions it executes are the
#    two 4-instruction vector stubs, and the only kseg1 ones are the
#    firmware's (so a monitor can run it directly, SPEC §5);
#  - a run is deterministic: two runs give the same statistics;
#  - user TLB misses are served by the refill handler (memtouch);
#  - with every process asleep the kernel idles in `wait`;
#  - a user process runs in user mode and the kernel never in supervisor.
set -u
T=$1; ROMS=$2
K=$ROMS/minikern/minikern.elf
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
fail=0; n=0

ok()  { n=$((n + 1)); echo "ok   $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "FAIL $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; sed 's/^/    /' "$W/err" | head -5; fi; }
stats() {  # stats ARGS -> $W/err without the host-dependent lines
    "$T" run --headless --stats --max-insns 500000000 --args "$1" "$K" >"$W/out" 2>"$W/raw" </dev/null
    grep -v -e '^host time' -e '^speed' "$W/raw" >"$W/err"
}

[ -f "$K" ] || { echo "FAIL no kernel $K (build the roms first)"; exit 1; }

"$T" run --headless --trace insn --max-insns 50000000 --args "run=hello,idle 2,wild,nullptr" "$K" \
    >"$W/out" 2>"$W/trace" </dev/null
cut -d: -f1 "$W/trace" | sort -u >"$W/pcs"
grep '^[89]' "$W/pcs" >"$W/kseg0" || true
grep '^[ab]' "$W/pcs" >"$W/kseg1" || true
printf '%s\n' 80000000 80000004 80000008 8000000c 80000180 80000184 80000188 8000018c >"$W/stubs"
echo "kseg0 pcs: $(tr '\n' ' ' <"$W/kseg0")" >"$W/err"
check "kseg0: only the vector stubs run there" 'cmp -s "$W/kseg0" "$W/stubs"'
echo "kseg1 pcs outside the firmware: $(grep -v '^bfc0' "$W/kseg1" | head -5 | tr '\n' ' ')" >"$W/err"
check "kseg1: only the firmware runs there" '! grep -qv "^bfc0" "$W/kseg1"'
echo "user pcs outside 0x00400000..: $(grep '^0' "$W/pcs" | grep -v '^004' | head -5 | tr '\n' ' ')" >"$W/err"
check "user code runs at 0x004xxxxx" '! grep "^0" "$W/pcs" | grep -qv "^004"'

stats "run=hello,counter 20000,memtouch 256,idle 3,spawner,wild"
cp "$W/err" "$W/stats1"
stats "run=hello,counter 20000,memtouch 256,idle 3,spawner,wild"
check "two runs give the same statistics" 'cmp -s "$W/stats1" "$W/err"'
refills=$(sed -n 's/^tlb refills: //p' "$W/stats1")
check "memtouch 256: at least 512 TLB refills (got $refills)" '[ "${refills:-0}" -ge 512 ]'
check "user mode ran, supervisor mode did not" \
    'grep -q "^instructions: [0-9]* (kernel [0-9]*, supervisor 0, user [1-9][0-9]*)" "$W/stats1"'
check "idle 3: the kernel waited in wait" 'grep -q "^idle: [1-9][0-9]* instructions" "$W/stats1"'
check "the exceptions include syscalls and the refills' TLBL/TLBS" \
    'grep -q "^exceptions:.* TLBL [0-9]* TLBS [0-9]* .*Sys [0-9]*" "$W/stats1"'

echo "$((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
