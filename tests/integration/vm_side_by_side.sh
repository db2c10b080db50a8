#!/bin/sh
# vm_side_by_side.sh TRAPEZE ROMS_OUT SOURCE_DIR
#
# Several guests at once under the monitor (SPEC §5, equivalence):
#   A. four VMs -- three minikern boots with different scripts and one
#      bare-metal roms/tests program.  Each VM's --console file must be
#      byte-identical to the same kernel and arguments run alone on the bare
#      machine (run here, nothing hard-coded); the "vmN| " stream on stdout,
#      split by its prefixes, must be the same bytes again; the short
#      program powers off first and the others still complete; status 0.
#   B. three VMs, one of which powers off with a non-zero code: the run's
#      status is that code, and the other two still complete.
set -u
T=$1; ROMS=$2; SRC=$3
K=$ROMS/minikern/minikern.elf
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
fail=0; n=0

ok()  { n=$((n + 1)); echo "ok   $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "FAIL $1"; }

# bare NAME KERNEL ARGS -- the reference console (W/NAME.bare) and status
bare() {
    if [ -n "$3" ]; then
        timeout 300 "$T" run --headless --max-insns 2000000000 --args "$3" "$2" \
            </dev/null >"$W/$1.bare" 2>"$W/$1.bare_err"
    else
        timeout 300 "$T" run --headless --max-insns 2000000000 "$2" \
            </dev/null >"$W/$1.bare" 2>"$W/$1.bare_err"
    fi
    echo $? >"$W/$1.bare_rc"
}

# demux OUT PREFIX -- split OUT by its "vmN| " line prefixes into
# PREFIX.N; lines without a prefix go to PREFIX.bad
demux() {
    rm -f "$2".*
    awk -v p="$2" '{
        if (match($0, /^vm[0-9]+\| /)) {
            f = p "." substr($0, 3, RLENGTH - 4)
            printf "%s\n", substr($0, RLENGTH + 1) > f
        } else {
            printf "line %d: %s\n", NR, $0 > (p ".bad")
        }
    }' "$1"
}

# same_console WHAT WANT GOT
same_console() {
    if cmp -s "$2" "$3"; then
        ok "$1"
    else
        bad "$1"
        tr -d '\r' <"$2" >"$W/want.txt"; tr -d '\r' <"$3" >"$W/got.txt"
        diff -u --label want --label got "$W/want.txt" "$W/got.txt" | head -20 | sed 's/^/    /'
        cmp "$2" "$3" 2>&1 | sed 's/^/    /'
    fi
}

# check_stream CASE NVMS -- the prefixed stdout equals the console files
check_stream() {
    demux "$W/$1.out" "$W/$1.dmx"
    if [ -s "$W/$1.dmx.bad" ]; then
        bad "$1: stdout lines without a 'vmN| ' prefix"
        head -5 "$W/$1.dmx.bad" | cat -A | sed 's/^/    /'
    else
        ok "$1: every stdout line has a 'vmN| ' prefix"
    fi
    i=1
    while [ "$i" -le "$2" ]; do
        touch "$W/$1.dmx.$i"
        same_console "$1: stdout lines of vm$i = its --console file" \
            "$W/$1.con$i" "$W/$1.dmx.$i"
        i=$((i + 1))
    done
}

# ---- A: four VMs, all powering off with 0 --------------------------------
A1=$(cat "$SRC/tests/minikern/programs.args")
A2=$(cat "$SRC/tests/minikern/faults.args")
A3="run=hello x,counter,memtouch 16"
P4=$ROMS/tests/isa_llsc.elf      # ~41,000 instructions: done within one slice

bare a1 "$K" "$A1"; bare a2 "$K" "$A2"; bare a3 "$K" "$A3"; bare a4 "$P4" ""
for i in 1 2 3 4; do
    [ "$(cat "$W/a$i.bare_rc")" = 0 ] || bad "A: bare reference run $i exited $(cat "$W/a$i.bare_rc")"
done

timeout 600 "$T" run --headless --max-insns 8000000000 \
    --vm "$K" --args "$A1" --console "$W/A.con1" \
    --vm "$K" --args "$A2" --console "$W/A.con2" \
    --vm "$K" --args "$A3" --console "$W/A.con3" \
    --vm "$P4" --console "$W/A.con4" \
    </dev/null >"$W/A.out" 2>"$W/A.err"
rc=$?
if [ "$rc" -eq 0 ]; then ok "A: four VMs, exit status 0"
else bad "A: four VMs, exit status $rc (want 0)"; head -5 "$W/A.err" | sed 's/^/    /'; fi
for i in 1 2 3 4; do
    touch "$W/A.con$i"
    same_console "A: vm$i console = the same run on the bare machine" \
        "$W/a$i.bare" "$W/A.con$i"
done
if grep -q "still running" "$W/A.err"; then bad "A: a VM was still running:"; sed 's/^/    /' "$W/A.err"
else ok "A: no VM left running"; fi
check_stream A 4

# Who finished first: the last stdout line of each VM.  isa_llsc needs less
# than one time slice; every minikern boot needs several, so under round
# robin vm4 powers off first -- and the others must go on to the end.
order=$(awk '/^vm[0-9]+\| / { last[substr($0, 3, index($0, "|") - 3)] = NR }
             END { for (v in last) print last[v], v }' "$W/A.out" | sort -n | awk '{printf "vm%s ", $2}')
case $order in
    "vm4 "*) ok "A: vm4 (the short program) powered off first; the others completed ($order)" ;;
    *)       bad "A: vm4 (isa_llsc, ~41k instructions) should power off first; order of last lines: $order" ;;
esac

# ---- B: one VM powers off with a non-zero code ---------------------------
B1="run=hello x,counter,sysbench 20000"
B2="init=priv"                   # init is killed: minikern powers off with -1
P3=$ROMS/tests/isa_arith.elf
bare b1 "$K" "$B1"; bare b2 "$K" "$B2"; bare b3 "$P3" ""
want=$(cat "$W/b2.bare_rc")
if [ "$want" -eq 0 ]; then
    bad "B: '$B2' should power off non-zero on the bare machine"
fi
timeout 600 "$T" run --headless --max-insns 8000000000 \
    --vm "$K" --args "$B1" --console "$W/B.con1" \
    --vm "$K" --args "$B2" --console "$W/B.con2" \
    --vm "$P3" --console "$W/B.con3" \
    </dev/null >"$W/B.out" 2>"$W/B.err"
rc=$?
if [ "$rc" -eq "$want" ]; then ok "B: exit status $rc = vm2's power-off code, as on the bare machine"
else bad "B: exit status $rc, want $want (vm2's code)"; head -5 "$W/B.err" | sed 's/^/    /'; fi
for i in 1 2 3; do
    touch "$W/B.con$i"
    same_console "B: vm$i console = the same run on the bare machine" \
        "$W/b$i.bare" "$W/B.con$i"
done
if grep -q "^trapeze: vm2 (.*): powered off with code" "$W/B.err" &&
   [ "$(grep -c '^trapeze: vm' "$W/B.err")" -eq 1 ]; then
    ok "B: stderr reports vm2's non-zero power-off, and only that"
else
    bad "B: stderr should report vm2's power-off (only):"; sed 's/^/    /' "$W/B.err"
fi
check_stream B 3

echo "$((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
