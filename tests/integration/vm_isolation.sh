#!/bin/sh
# vm_isolation.sh TRAPEZE ROMS_OUT SOURCE_DIR NAME -- isolation (SPEC §5):
# run the hostile guest roms/hostile/NAME as vm1 beside minikern as vm2,
# under the monitor, and check that the hostile guest harms nobody.
# NAME "all" runs minikern as vm4 beside spin_noint, uart_flood and
# beyond_ram (vm1..vm3) at once.
#
# minikern (--ram 16, boot arguments $MK_ARGS) is first run alone, on the
# bare machine and in one VM, as the reference.  Then, in the shared run:
#   (a) minikern's console (--console FILE) is byte for byte the one it
#       prints alone, bare and in a VM;
#   (b) its ram_digest (--stats-json) equals the one it has alone in a VM:
#       no other guest wrote its memory;
#   (c) unowned_dirty_pages is 0: nobody wrote machine memory no VM owns;
#   (d) the emulator did not crash: it exits with 0, 124 (--max-insns) or a
#       VM's own exit code, never by a signal, and stderr has no sanitizer
#       report;
#   (e) the hostile VM is contained: it stopped with a stated reason (and
#       stderr says so unless it powered off with 0), or it is still
#       running at the budget (exit status 124, stderr "still running").
#       A guest that finishes on the bare machine (no NAME.maxinsns) must
#       print exactly its bare NAME.expected; for one that never stops, its
#       console and NAME.expected must agree as far as both go (one is a
#       prefix of the other).  In "all" that is enough for any guest the
#       budget leaves running.
# minikern must also have powered off with 0 within the budget: a hostile
# guest may not stop another from running.
#
# The hostile guests run with the default 64 MiB of RAM, the size their
# .expected files are written for (the monitor gives frames on first touch,
# so an untouched RAM costs nothing).  Machine time is deterministic, so
# every run gives the same result.
#
#   VM_ISOLATION_OPTS="--slice 50000" sh vm_isolation.sh ...
# adds options to every monitor run (for experiments; unset in ctest).
set -u

if [ $# -ne 4 ]; then
    echo "usage: $0 TRAPEZE ROMS_OUT SOURCE_DIR NAME" >&2
    exit 2
fi
TRAPEZE=$1
ROMS=$2
SRC=$3
NAME=$4
TEST=vm_isolation_$NAME
EXTRA=${VM_ISOLATION_OPTS:-}

MK=$ROMS/minikern/minikern.elf
MK_ARGS="run=hello a b,counter,memtouch 64"
MK_RAM=16
# Machine time for the shared run (all VMs together).  minikern needs about
# 2.4 million instructions alone, and round robin gives it 1/2 of the
# machine (1/4 in "all"): about 5 (10) million.  beyond_ram, the longest
# of the guests that stop, takes about 17 million alone.  30 million lets
# every guest that stops finish beside minikern, while kseg0_forever
# (emulated, the slowest guest per instruction) ends in about 2 s.  In
# "all", 20 million is twice what minikern needs with a fair share, but
# too little if it is starved until beyond_ram (vm3) is done; there
# beyond_ram may still be running at the end, and its console need only
# agree with beyond_ram.expected as far as it goes.
BUDGET=30000000
[ "$NAME" = all ] && BUDGET=20000000

if [ "$NAME" = all ]; then
    HOSTILE="spin_noint uart_flood beyond_ram"
else
    HOSTILE=$NAME
fi
nh=0
for h in $HOSTILE; do nh=$((nh + 1)); done
MKVM=$((nh + 1))      # minikern comes after the hostile guests

for f in "$TRAPEZE" "$MK"; do
    if [ ! -f "$f" ]; then
        echo "FAIL $TEST: missing $f (build first)"
        exit 1
    fi
done
for h in $HOSTILE; do
    if [ ! -f "$ROMS/hostile/$h.elf" ] || [ ! -f "$SRC/roms/hostile/$h.expected" ]; then
        echo "FAIL $TEST: missing $ROMS/hostile/$h.elf or $SRC/roms/hostile/$h.expected"
        exit 1
    fi
done

W=$(mktemp -d "${TMPDIR:-/tmp}/vm_isolation.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT INT TERM

# A hang is a failure: the host timeout kills with SIGKILL (status 137),
# which the crash check reports.
TIMEOUT=
command -v timeout >/dev/null 2>&1 && TIMEOUT="timeout -s KILL 300"

fail=0
n=0
ok()  { n=$((n + 1)); echo "ok   $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "FAIL $1"; }

# json_field FILE VM FIELD: the value of FIELD in VM's record of a
# --stats-json file (strings without their quotes), or nothing.
json_field() {
    awk -v want="$2" -v field="$3" '
        {
            if (match($0, /\{"vm": [0-9]+,/)) {
                s = substr($0, RSTART, RLENGTH)
                gsub(/[^0-9]/, "", s)
                cur = s + 0
            }
            if (cur != want + 0)
                next
            key = "\"" field "\": "
            i = index($0, key)
            if (i == 0)
                next
            rest = substr($0, i + length(key))
            if (substr(rest, 1, 1) == "\"") {
                v = ""
                for (j = 2; j <= length(rest); j++) {
                    c = substr(rest, j, 1)
                    if (c == "\\") { j++; v = v substr(rest, j, 1); continue }
                    if (c == "\"") break
                    v = v c
                }
            } else {
                v = rest
                sub(/[,}].*/, "", v)
            }
            print v
            exit
        }' "$1"
}
# json_top FILE FIELD: a top-level number.
json_top() {
    sed -n "s/.*\"$2\": \([0-9][0-9]*\).*/\1/p" "$1" | head -n 1
}

# crashed RC STDERR WHAT: report a signal or a sanitizer report.
crashed() {
    if [ "$1" -gt 128 ]; then
        echo "    $3: trapeze died with status $1 (signal $(($1 - 128)), or the 300 s host timeout)"
        return 0
    fi
    if grep -Eq 'runtime error|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer' "$2"; then
        echo "    $3: sanitizer report on stderr:"
        grep -E -A3 'runtime error|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer' "$2" |
            head -n 12 | sed 's/^/    /'
        return 0
    fi
    return 1
}

# ---- the reference: minikern alone ---------------------------------------
$TIMEOUT "$TRAPEZE" run --headless --max-insns 2000000000 --ram "$MK_RAM" \
    --args "$MK_ARGS" "$MK" </dev/null >"$W/bare.out" 2>"$W/bare.err"
rc=$?
if [ $rc -ne 0 ] || crashed $rc "$W/bare.err" "minikern bare"; then
    echo "FAIL $TEST: minikern alone on the bare machine exited with $rc"
    head -n 10 "$W/bare.err"
    exit 1
fi

# shellcheck disable=SC2086  # EXTRA is a list of options
$TIMEOUT "$TRAPEZE" run --headless --max-insns 2000000000 $EXTRA \
    --stats-json "$W/alone.json" \
    --vm "$MK" --ram "$MK_RAM" --args "$MK_ARGS" --console "$W/alone.con" \
    </dev/null >"$W/alone.out" 2>"$W/alone.err"
rc=$?
if [ $rc -ne 0 ] || crashed $rc "$W/alone.err" "minikern alone in a VM" ||
   [ ! -f "$W/alone.json" ]; then
    echo "FAIL $TEST: minikern alone in a VM exited with $rc"
    head -n 10 "$W/alone.err"
    exit 1
fi
if ! cmp -s "$W/bare.out" "$W/alone.con"; then
    bad "reference: minikern alone in a VM prints what it prints bare (equivalence)"
    cmp "$W/bare.out" "$W/alone.con" | sed 's/^/    /'
fi
ALONE_DIGEST=$(json_field "$W/alone.json" 1 ram_digest)
if [ -z "$ALONE_DIGEST" ]; then
    echo "FAIL $TEST: no ram_digest in the --stats-json of minikern alone"
    exit 1
fi

# ---- the shared run --------------------------------------------------------
set --
id=0
for h in $HOSTILE; do
    id=$((id + 1))
    set -- "$@" --vm "$ROMS/hostile/$h.elf" --console "$W/h$id.con"
done
set -- "$@" --vm "$MK" --ram "$MK_RAM" --args "$MK_ARGS" --console "$W/mk.con"

t0=$(date +%s.%N 2>/dev/null || date +%s)
# shellcheck disable=SC2086  # EXTRA is a list of options
$TIMEOUT "$TRAPEZE" run --headless --max-insns "$BUDGET" $EXTRA \
    --stats-json "$W/run.json" "$@" </dev/null >"$W/run.out" 2>"$W/run.err"
RC=$?
t1=$(date +%s.%N 2>/dev/null || date +%s)
echo "shared run: $((nh + 1)) VMs, --max-insns $BUDGET, exit status $RC," \
     "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s"

# (d) no crash
if crashed $RC "$W/run.err" "shared run"; then
    bad "(d) the emulator did not crash"
elif [ ! -s "$W/run.json" ]; then
    bad "(d) the emulator did not crash (no --stats-json written, status $RC)"
else
    good_rc=0
    [ "$RC" -eq 0 ] || [ "$RC" -eq 124 ] && good_rc=1
    # or the exit code of a VM that powered off with one (monitor_exit_status)
    id=0
    while [ $id -lt $MKVM ]; do
        id=$((id + 1))
        code=$(json_field "$W/run.json" $id exit_code)
        [ -n "$code" ] && [ "$code" -ne 0 ] && [ "$RC" -eq $((code & 255)) ] && good_rc=1
    done
    if [ $good_rc -eq 1 ]; then
        ok "(d) the emulator did not crash (exit status $RC)"
    else
        bad "(d) the emulator did not crash: exit status $RC is not 0, 124 or a VM's exit code"
    fi
fi
[ -s "$W/run.json" ] || touch "$W/run.json"

# minikern ran to its end
mk_stopped=$(json_field "$W/run.json" $MKVM stopped)
mk_reason=$(json_field "$W/run.json" $MKVM reason)
if [ "$mk_stopped" = true ] && [ "$mk_reason" = "powered off with code 0" ]; then
    ok "minikern (vm$MKVM) powered off with 0 within $BUDGET instructions"
else
    bad "minikern (vm$MKVM) powered off with 0 within $BUDGET instructions" \
        "(stopped: ${mk_stopped:-?}, reason: '${mk_reason}')"
    id=0
    while [ $id -lt $MKVM ]; do
        id=$((id + 1))
        echo "    vm$id: instructions $(sed -n "/{\"vm\": $id,/,/ram_digest/p" "$W/run.json" |
            sed -n 's/.*"instructions": {"total": \([0-9]*\).*/\1/p')," \
             "world switches $(sed -n "/{\"vm\": $id,/,/ram_digest/p" "$W/run.json" |
            sed -n 's/.*"world-switch": \([0-9]*\).*/\1/p')"
    done
fi

# (a) minikern's console
if [ ! -f "$W/mk.con" ]; then
    bad "(a) minikern's console: no --console file"
elif cmp -s "$W/bare.out" "$W/mk.con" && cmp -s "$W/alone.con" "$W/mk.con"; then
    ok "(a) minikern's console equals its console alone (bare and in a VM)"
else
    bad "(a) minikern's console equals its console alone (bare and in a VM)"
    tr -d '\r' <"$W/bare.out" >"$W/want"
    tr -d '\r' <"$W/mk.con" >"$W/got"
    diff -u --label "minikern alone" --label "minikern beside $HOSTILE" \
        "$W/want" "$W/got" | head -n 40 | sed 's/^/    /'
fi

# (b) minikern's memory
digest=$(json_field "$W/run.json" $MKVM ram_digest)
if [ -n "$digest" ] && [ "$digest" = "$ALONE_DIGEST" ]; then
    ok "(b) minikern's ram_digest $digest equals its digest alone"
else
    bad "(b) minikern's ram_digest '${digest}' equals its digest alone ($ALONE_DIGEST)"
fi

# (c) machine memory no VM owns
unowned=$(json_top "$W/run.json" unowned_dirty_pages)
if [ "$unowned" = 0 ]; then
    ok "(c) unowned_dirty_pages is 0"
else
    bad "(c) unowned_dirty_pages is 0 (got '${unowned}')"
fi

# (e) each hostile VM contained
id=0
for h in $HOSTILE; do
    id=$((id + 1))
    kern=$ROMS/hostile/$h.elf
    stopped=$(json_field "$W/run.json" $id stopped)
    reason=$(json_field "$W/run.json" $id reason)
    if [ "$stopped" = true ]; then
        case $reason in
            "")
                bad "(e) vm$id $h stopped with a stated reason (the reason is empty)" ;;
            "powered off with code 0"*|"exited with code 0 "*)
                ok "(e) vm$id $h contained: stopped ($reason)" ;;
            *)
                if grep -qF "trapeze: vm$id ($kern): $reason" "$W/run.err"; then
                    ok "(e) vm$id $h contained: stopped ($reason)"
                else
                    bad "(e) vm$id $h stopped ($reason) but stderr does not say so"
                fi ;;
        esac
    elif [ "$stopped" = false ]; then
        if [ "$RC" -eq 124 ] &&
           grep -qF "trapeze: vm$id ($kern): still running" "$W/run.err"; then
            ok "(e) vm$id $h contained: still running at the budget"
        else
            bad "(e) vm$id $h still running: expected exit status 124 and" \
                "'still running' on stderr (status $RC)"
        fi
    else
        bad "(e) vm$id $h: no state in --stats-json"
    fi

    want=$SRC/roms/hostile/$h.expected
    got=$W/h$id.con
    [ -f "$got" ] || : >"$got"
    if [ ! -f "$SRC/roms/hostile/$h.maxinsns" ] &&
       { [ "$NAME" != all ] || [ "$stopped" = true ]; }; then
        if cmp -s "$want" "$got"; then
            ok "(e) vm$id $h printed its bare $h.expected"
        else
            bad "(e) vm$id $h printed its bare $h.expected"
            diff -u --label "$h.expected" --label "vm$id console" "$want" "$got" |
                head -n 40 | sed 's/^/    /'
        fi
    else
        # never stops (or, in "all", not stopped yet): the two agree as
        # far as both go
        wsz=$(wc -c <"$want" | tr -d ' ')
        gsz=$(wc -c <"$got" | tr -d ' ')
        m=$wsz
        [ "$gsz" -lt "$m" ] && m=$gsz
        head -c "$m" "$want" >"$W/pw"
        head -c "$m" "$got" >"$W/pg"
        if [ "$gsz" -gt 0 ] && cmp -s "$W/pw" "$W/pg"; then
            ok "(e) vm$id $h's console agrees with $h.expected ($gsz bytes, expected file $wsz)"
        else
            bad "(e) vm$id $h's console agrees with $h.expected ($gsz bytes, expected file $wsz)"
            head -c 400 "$got" | sed 's/^/    /'
            echo
        fi
    fi
done

if [ $fail -ne 0 ]; then
    echo "--- trapeze stderr (shared run):"
    head -n 20 "$W/run.err"
    echo "FAIL $TEST: $fail of $n checks failed"
    exit 1
fi
echo "PASS $TEST: $n checks"
exit 0
