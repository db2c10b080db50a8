#!/bin/sh
# vm_stats.sh TRAPEZE ROMS_OUT SOURCE_DIR
#
# The monitor's statistics (SPEC §5, monitor/stats.c):
#   --stats       a table per VM on stderr: guest instructions, traps by
#                 kind, privileged instructions by name, shadow fills per
#                 1000 instructions, I/O emulations, reflected exceptions by
#                 ExcCode, world switches, host time;
#   --stats-json  the same numbers as JSON: balanced, with machine_time,
#                 unowned_dirty_pages (must be 0: isolation) and, per VM, a
#                 ram_digest.
# Two VMs running the same CPU-bound script must share the CPU (world
# switches every slice, not only when one stops), count exactly the
# instructions the bare machine retires, and end with identical RAM.
set -u
T=$1; ROMS=$2     # $3, SOURCE_DIR, is not needed here
K=$ROMS/minikern/minikern.elf
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
fail=0; n=0

ok()  { n=$((n + 1)); echo "ok   $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "FAIL $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

ARGS="run=hello s,counter,idle 2,sysbench 5000"
timeout 300 "$T" run --headless --stats --args "$ARGS" "$K" \
    </dev/null >/dev/null 2>"$W/bare.err"
bare_insns=$(sed -n 's/^instructions: \([0-9]*\) .*/\1/p' "$W/bare.err")

timeout 300 "$T" run --headless --max-insns 4000000000 --stats \
    --stats-json "$W/s.json" \
    --vm "$K" --args "$ARGS" --vm "$K" --args "$ARGS" \
    </dev/null >"$W/out" 2>"$W/err"
rc=$?
check "exit status 0 (got $rc)" '[ "$rc" -eq 0 ]'

# ---- the --stats table ----------------------------------------------------
E=$W/err
# in_vm N REGEX -- REGEX matches a line of vmN's block of the table
in_vm() {
    awk -v v="vm$1" '/^vm[0-9]+ / { on = ($1 == v) } /^machine time/ { on = 0 } on' "$E" |
        grep -q -E "$2"
}
check "a statistics heading" 'grep -q "^trapeze: monitor statistics" "$E"'
for v in 1 2; do
    check "vm$v: a block headed by its kernel and how it stopped" \
        'grep -q -E "^vm$v .*minikern.elf: powered off with code 0" "$E"'
    check "vm$v: guest instructions by mode" \
        'in_vm $v "^  guest instructions +[0-9]+  \(virtual kernel [0-9]+, supervisor [0-9]+, user [0-9]+\)"'
    check "vm$v: traps in total" 'in_vm $v "^  traps +[1-9][0-9]*$"'
    check "vm$v: privileged instructions by name (mfc0 mtc0 eret tlbwr ...)" \
        'in_vm $v "^    privileged +[1-9][0-9]* .* mfc0 [1-9][0-9]* mtc0 [1-9][0-9]* .*eret [1-9]"'
    check "vm$v: shadow fills per 1000 instructions" \
        'in_vm $v "^    shadow fills +[1-9][0-9]*  \([0-9]+\.[0-9]+ per 1000 instructions\)"'
    check "vm$v: I/O emulations" 'in_vm $v "^    I/O emulations +[1-9][0-9]*$"'
    check "vm$v: reflected exceptions by ExcCode (Sys ...)" \
        'in_vm $v "^    reflected +[1-9][0-9]* .* Sys [1-9][0-9]*"'
    check "vm$v: interrupts injected" 'in_vm $v "^    interrupts +[1-9][0-9]*$"'
    check "vm$v: world switches" 'in_vm $v "^  world switches +[0-9]+$"'
    check "vm$v: host time in the monitor" \
        'in_vm $v "^  host time in monitor [0-9.]+ ms  \([0-9]+ ns per trap\)"'
    got=$(awk -v v="vm$v" '/^vm[0-9]+ / { on = ($1 == v) }
          on && /^  guest instructions/ { print $3; exit }' "$E")
    check "vm$v: guest instructions = the bare machine's ($got vs $bare_insns)" \
        '[ -n "$bare_insns" ] && [ "$got" = "$bare_insns" ]'
done
check "machine time and host time lines" \
    'grep -q -E "^machine time: [0-9]+ instructions" "$E" && grep -q -E "^host time: [0-9.]+ s" "$E"'
# sysbench's system calls: their mfc0/mtc0/eret take the COP0 assist, and
# it can only take privileged traps (none of the counted ones twice)
assisted=$(sed -n 's/^COP0 assist: \([0-9]*\) .*/\1/p' "$E")
priv=$(awk '/^    privileged/ { s += $2 } END { print s + 0 }' "$E")
check "COP0 assist: 0 < $assisted <= privileged traps ($priv)" \
    '[ -n "$assisted" ] && [ "$assisted" -gt 10000 ] && [ "$assisted" -le "$priv" ]'

# ---- --stats-json ----------------------------------------------------------
J=$W/s.json
check "--stats-json written" '[ -s "$J" ]'
count() { tr -cd "$1" <"$J" | wc -c; }
check "JSON: braces balanced ($(count '{') vs $(count '}'))" \
    '[ "$(count "{")" -eq "$(count "}")" ] && [ "$(count "{")" -gt 2 ]'
check "JSON: brackets balanced" '[ "$(count "[")" -eq "$(count "]")" ]'
check "JSON: an object from first to last byte" \
    '[ "$(head -c 1 "$J")" = "{" ] && [ "$(tail -n 1 "$J")" = "}" ]'
check "JSON: double quotes paired" '[ $(( $(count "\"") % 2 )) -eq 0 ]'
check "JSON: key vms (an array)"      'grep -q "\"vms\": *\[" "$J"'
check "JSON: key machine_time"        'grep -q -E "\"machine_time\": *[1-9][0-9]*" "$J"'
check "JSON: assisted = the table's"  'grep -q -E "\"assisted\": *$assisted[,} ]" "$J"'
check "JSON: unowned_dirty_pages = 0" 'grep -q -E "\"unowned_dirty_pages\": *0[,} ]" "$J"'
check "JSON: a ram_digest per VM" \
    '[ "$(grep -c -E "\"ram_digest\": *\"[0-9a-f]{16}\"" "$J")" -eq 2 ]'
# shellcheck disable=SC2034  # used by check (eval)
digests=$(grep -o -E '"ram_digest": *"[0-9a-f]{16}"' "$J" | sort -u | wc -l)
check "JSON: the two identical VMs end with identical RAM" '[ "$digests" -eq 1 ]'
totals=$(grep -o -E '"instructions": \{"total": [0-9]+' "$J" | awk '{print $NF}' | tr '\n' ' ')
check "JSON: instruction totals equal the bare machine's ($totals)" \
    '[ "$totals" = "$bare_insns $bare_insns " ]'
ws=$(grep -o -E '"world-switch": *[0-9]+' "$J" | awk '{ s += $NF } END { print s + 0 }')
check "JSON: world switches with 2 VMs > 0 ($ws)" '[ "$ws" -gt 0 ]'
# Each VM runs ~3.1M instructions, ~31 slices of the default 100,000: round
# robin must switch many times while both run, not once when one stops.
check "time slicing: at least 10 world switches ($ws)" '[ "$ws" -ge 10 ]'
# The table and the JSON tell the same story.
ws_text=$(awk '/^  world switches/ { s += $3 } END { print s + 0 }' "$E")
check "world switches: --stats ($ws_text) = --stats-json ($ws)" '[ "$ws_text" = "$ws" ]'

echo "$((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
