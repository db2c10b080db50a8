#!/bin/sh
# gui_two_vms.sh TRAPEZE ROMS_OUT SHOTREAD
#
# Two minikern shells in the window, under Xvfb, driven by real X input
# events (xdotool):
#   1. a screenshot at machine time 30,000,000 (both shells at their
#      prompt), read back from the renderer: each guest's boot text is in
#      its own pane, glyph for glyph in the compiled-in font (shotread);
#   2. a click on pane 2, then typing (with a Backspace), reaches vm2 only;
#      F1, then typing, reaches vm1 only; the panes show the commands and
#      their output, and the --console copies agree;
#   3. the status counters of a later screenshot (F12) are larger;
#   4. `exit 3` and `exit 0` halt both guests; the window shows it, a key
#      closes it, and the exit status is 3, as headless.
set -u
. "$(dirname "$0")/lib.sh"
in_xvfb "$0" "$@"
T=$1; ROMS=$2; READ=$3
K=$ROMS/minikern/minikern.elf
W=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT

TRAPEZE_SCREENSHOT=$W/shot TRAPEZE_SCREENSHOT_AT=30000000 \
    "$T" run --vm "$K" --args init=sh --console "$W/c1" \
             --vm "$K" --args init=sh --console "$W/c2" 2>"$W/err" &
PID=$!

# ---- 1. each guest's text in its own pane ----------------------------------
if wait_for "$W/err" "screenshot $W/shot-1.bmp" 60 && "$READ" "$W/shot-1.bmp" 2 >"$W/s1"; then
    ok "the window opened and saved a screenshot at machine time 30000000"
else
    bad "no first screenshot"; cat "$W/err"; exit 1
fi
for p in 1 2; do
    t=$(row "$W/s1" "pane$p.title")
    [ "$t" = " vm$p  minikern.elf  idle" ] && ok "pane $p title: '$t'" || bad "pane $p title: '$t'"
    r0=$(row "$W/s1" "pane$p.00"); r2=$(row "$W/s1" "pane$p.02")
    [ "$r0" = "minikern: 64 MiB RAM, 32 TLB entries (3 wired), tick 100000 cycles" ] &&
        [ "$r2" = '$' ] && ok "pane $p shows its guest's boot text and prompt" ||
        bad "pane $p text: '$r0' / '$r2'"
done
row "$W/s1" log.title | grep -q "trap log of vm1" && ok "the trap log follows vm1" || bad "log title"
row "$W/s1" log.09 | grep -q "^#[0-9]* vm1 " && ok "the trap log shows vm1's narrated traps" ||
    bad "log line: $(row "$W/s1" log.09)"

# ---- 2. keys go to the focused pane ------------------------------------------
WID=$(xdotool search --sync --name '^trapeze' | head -1)
xdotool windowfocus --sync "$WID" 2>/dev/null
# pane 2's text area starts at canvas (658, 22); the window is the canvas 1:1
xdotool mousemove --window "$WID" 900 200 click 1
sleep 0.3
xdotool type --delay 40 "hellx"; xdotool key BackSpace; xdotool type --delay 40 "o two"
xdotool key Return
wait_for "$W/c2" "hello, world from pid 2, args: two" 20 &&
    ok "a click focused vm2: typed text (with a Backspace) ran there" ||
    { bad "vm2 did not get the command"; cat "$W/c2"; }
xdotool key F1
sleep 0.3
xdotool type --delay 40 "hello one"; xdotool key Return
wait_for "$W/c1" "hello, world from pid 2, args: one" 20 &&
    ok "F1 focused vm1: typed text ran there" || { bad "vm1 did not get the command"; cat "$W/c1"; }
! grep -q "two" "$W/c1" && ! grep -q "one" "$W/c2" &&
    ok "neither guest got the other's keys" || bad "keys reached the wrong guest"
sleep 1.2                    # at least two samples of the status rates
xdotool key F12
if wait_for "$W/err" "screenshot $W/shot-2.bmp" 20 && "$READ" "$W/shot-2.bmp" 2 >"$W/s2"; then
    ok "F12 saved a second screenshot"
else
    bad "no second screenshot"
fi
[ "$(row "$W/s2" pane1.02)" = '$ hello one' ] &&
    [ "$(row "$W/s2" pane1.03)" = 'hello, world from pid 2, args: one' ] &&
    ok "pane 1 shows the command typed into it and its output" ||
    bad "pane 1: $(row "$W/s2" pane1.02) / $(row "$W/s2" pane1.03)"
[ "$(row "$W/s2" pane2.02)" = '$ hello two' ] &&
    [ "$(row "$W/s2" pane2.03)" = 'hello, world from pid 2, args: two' ] &&
    ok "pane 2 shows the command typed into it and its output" ||
    bad "pane 2: $(row "$W/s2" pane2.02) / $(row "$W/s2" pane2.03)"

# ---- 3. the status counters advance ------------------------------------------
for p in 1 2; do
    a=$(row "$W/s1" "pane$p.status0" | sed -n 's/.* \([0-9][0-9]*\) insns.*/\1/p')
    b=$(row "$W/s2" "pane$p.status0" | sed -n 's/.* \([0-9][0-9]*\) insns.*/\1/p')
    [ -n "$a" ] && [ -n "$b" ] && [ "$b" -gt "$a" ] &&
        ok "pane $p status: guest instructions $a -> $b" || bad "pane $p status: '$a' -> '$b'"
done
row "$W/s2" pane1.status1 | grep -q "^priv.*fill.*irq.*halt" &&
    ok "the trap-rate bars are labelled by kind" || bad "bars: $(row "$W/s2" pane1.status1)"

# ---- 4. halting, closing, the exit status ------------------------------------
xdotool type --delay 40 "exit 3"; xdotool key Return
xdotool key F2; sleep 0.3
xdotool type --delay 40 "exit 0"; xdotool key Return
# F12 until both titles say halted (a loaded host may take a while)
k=3
while [ "$k" -lt 40 ]; do
    sleep 0.5
    xdotool key F12
    wait_for "$W/err" "screenshot $W/shot-$k.bmp" 20 && "$READ" "$W/shot-$k.bmp" 2 >"$W/s3"
    [ "$(grep -c '^pane[12].title: .*halted' "$W/s3")" = 2 ] && break
    k=$((k + 1))
done
row "$W/s3" pane1.title | grep -q "vm1  minikern.elf  halted: .*code 3" &&
    row "$W/s3" pane2.title | grep -q "vm2  minikern.elf  halted" &&
    ok "both titles say halted, with the reason" ||
    bad "titles: $(row "$W/s3" pane1.title) / $(row "$W/s3" pane2.title)"
kill -0 "$PID" 2>/dev/null && ok "the window stays open after the guests halted" ||
    bad "the window closed by itself"
xdotool key space
i=0; while kill -0 "$PID" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
wait "$PID"; rc=$?; PID=
[ "$rc" = 3 ] && ok "a key closed it; exit status 3 (vm1's exit 3)" || { bad "exit status $rc"; cat "$W/err"; }
finish
