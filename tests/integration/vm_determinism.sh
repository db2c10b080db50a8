#!/bin/sh
# vm_determinism.sh TRAPEZE ROMS_OUT SOURCE_DIR
#
# The monitor takes no guest-visible time from the host (SPEC §5, sched.c):
# the same two-VM run, twice, gives the same stdout, the same consoles, the
# same --trace traps narration and the same --stats-json, except the host
# time fields (host_seconds, host_ns).  A different --slice reorders the
# VMs' work but must not change what any guest prints.
set -u
T=$1; ROMS=$2     # $3, SOURCE_DIR, is not needed here
K=$ROMS/minikern/minikern.elf
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
fail=0; n=0

ok()  { n=$((n + 1)); echo "ok   $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "FAIL $1"; }

A1="run=hello a,counter 50000,idle 1,memtouch 8"
A2="run=sysbench 2000,hello b,wild,idle 2,hello c"

# run NAME [options...] -- the two-VM run, outputs in W/NAME.*
run() {
    name=$1; shift
    timeout 300 "$T" run --headless --max-insns 4000000000 "$@" \
        --trace traps --stats-json "$W/$name.json" \
        --vm "$K" --args "$A1" --console "$W/$name.con1" \
        --vm "$K" --args "$A2" --console "$W/$name.con2" \
        </dev/null >"$W/$name.out" 2>"$W/$name.err"
    echo $? >"$W/$name.rc"
    grep -v '^#[0-9]' "$W/$name.err" >"$W/$name.other"
    grep '^#[0-9]' "$W/$name.err" >"$W/$name.trace"
    sed -e 's/"host_seconds": *[0-9.eE+-]*/"host_seconds": X/' \
        -e 's/"host_ns": *[0-9]*/"host_ns": X/g' "$W/$name.json" >"$W/$name.jsonx"
}

# same WHAT FILE1 FILE2
same() {
    if cmp -s "$2" "$3"; then ok "$1"
    else bad "$1"; diff "$2" "$3" | head -10 | sed 's/^/    /'; fi
}

run r1
run r2
run r3 --slice 1000

for r in r1 r2 r3; do
    [ "$(cat "$W/$r.rc")" = 0 ] || { bad "run $r exited $(cat "$W/$r.rc")"; head -5 "$W/$r.other" | sed 's/^/    /'; }
done
if [ -s "$W/r1.trace" ] && [ -s "$W/r1.json" ]; then
    ok "the run narrates $(wc -l <"$W/r1.trace") traps and writes JSON"
else
    bad "no trace or no JSON"
fi
if grep -q '"host_seconds": X' "$W/r1.jsonx" &&
   [ "$(grep -c '"host_ns": X' "$W/r1.jsonx")" -eq 2 ]; then
    ok "host_seconds and two host_ns fields found (and masked)"
else
    bad "host_seconds / host_ns not where expected in the JSON"
fi
same "stdout identical across two runs"            "$W/r1.out"   "$W/r2.out"
same "vm1 console identical across two runs"       "$W/r1.con1"  "$W/r2.con1"
same "vm2 console identical across two runs"       "$W/r1.con2"  "$W/r2.con2"
same "--trace traps identical across two runs"     "$W/r1.trace" "$W/r2.trace"
same "other stderr identical across two runs"      "$W/r1.other" "$W/r2.other"
same "--stats-json identical but for host time"    "$W/r1.jsonx" "$W/r2.jsonx"
same "vm1 console the same with --slice 1000"      "$W/r1.con1"  "$W/r3.con1"
same "vm2 console the same with --slice 1000"      "$W/r1.con2"  "$W/r3.con2"
grep -o '"ram_digest": "[0-9a-f]*"' "$W/r1.json" >"$W/r1.dig"
grep -o '"ram_digest": "[0-9a-f]*"' "$W/r3.json" >"$W/r3.dig"
same "guest RAM digests the same with --slice 1000" "$W/r1.dig" "$W/r3.dig"

echo "$((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
