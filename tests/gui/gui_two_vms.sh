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
scratch

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
find_window || { bad "no window named trapeze on the X display in 20 s"; cat "$W/err"; exit 1; }
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
if snap 2 "$W/s2"; then
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
# Both guests are told to exit, then F12 until both titles say halted, for
# at most LIMIT seconds in all (a loaded host may take a while; ctest's
# TIMEOUT is 300 s for the whole script).  X may lose keys on a loaded
# host, so a guest that stays at its prompt is told again, at most twice
# more, but only when it is safe: when its keys cannot still be on their
# way and it did not take the Return.  That is when three screenshots,
# all asked for after the keys were typed, show its pane with the same
# text and "idle" in its title while its instruction count grows twice:
# the guest ran after the keys reached its UART and went back to wait,
# so it has taken (and echoed) every key it got; had it taken the Return
# it would be halting, not idle.  Ctrl-U first erases any part of a line
# it got.  (The count in the status bar is sampled every half second, so
# one rise could still predate the keys; two cannot.)
LIMIT=90
end=$(($(now) + LIMIT))
left() { _l=$((end - $(now))); [ "$_l" -gt 0 ] && echo "$_l" || echo 1; }
title() { row "$W/s3" "pane$1.title"; }
state() { title "$1" | sed -n 's/^ vm[0-9]*  [^ ]*  \([a-z]*\).*/\1/p'; }
insns() { row "$W/s3" "pane$1.status0" | sed -n 's/.* \([0-9][0-9]*\) insns.*/\1/p'; }
# tell VM CODE: focus pane VM with its function key (again if the trap
# log's title, which follows the focus, does not show it on a screenshot
# taken after the key), then type "exit CODE" into it.  Fails, typing
# nothing, when the focus could not be seen to move.
tell() {
    _k=0 _in=
    while [ "$_k" -lt 3 ] && [ -z "$_in" ]; do
        xdotool key "F$1"; sleep 0.3; _k=$((_k + 1))
        snap 2 "$W/s3" "$(left)" && row "$W/s3" log.title | grep -q "^ trap log of vm$1 " && _in=1
    done
    if [ -z "$_in" ]; then                    # said once, tried until LIMIT
        eval "[ -n \"\${stuck$1:-}\" ]" ||
            echo "note F$1 did not move the focus to vm$1 (3 times); trying again until the limit"
        eval "stuck$1=1"; return 1
    fi
    xdotool key ctrl+u; xdotool type --delay 40 "exit $2"; xdotool key Return
    eval "told$1=\$((told$1 + 1)) after$1=\$((f12s + 1)) calm$1=0"
    rm -f "$W/seen$1"
}
# look VM CODE: after a screenshot in $W/s3 (number shot_no), is it time
# to tell VM again?  Sets due<VM> to 1 if so (above: never told, or safe to
# retell and told fewer than 3 times), saying why: a retold guest passes,
# but the log shows it.
look() {
    eval "_after=\$after$1 _calm=\$calm$1 _told=\$told$1 due$1=0"
    [ "$(state "$1")" = halted ] && return
    [ "$_after" -gt 0 ] || { eval "due$1=1"; return; }   # the focus never moved
    [ "$shot_no" -gt "$_after" ] || return              # may predate the keys
    { title "$1"; grep "^pane$1\.[0-9]" "$W/s3"; } >"$W/now$1"
    _i=$(insns "$1")
    if [ "$(state "$1")" = idle ] && [ -n "$_i" ] && [ -f "$W/seen$1" ] &&
       cmp -s "$W/now$1" "$W/seen$1"; then
        [ "$_i" -gt "$(cat "$W/insns$1")" ] && _calm=$((_calm + 1))
    else
        _calm=0; mv "$W/now$1" "$W/seen$1"
    fi
    echo "${_i:-0}" >"$W/insns$1"
    eval "calm$1=$_calm"
    [ "$_calm" -ge 2 ] && [ "$_told" -lt 3 ] || return
    eval "due$1=1"
    echo "note vm$1 is idle and did not take 'exit $2' (typed $_told times); its last line:" \
         "'$(grep "^pane$1\.[0-9]" "$W/s3" | sed 's/^[^:]*: //' | grep -v '^ *$' | tail -n 1)'; typing it again"
}
told1=0 told2=0 after1=0 after2=0 calm1=0 calm2=0 due1=0 due2=0
tell 1 3; tell 2 0
why=
while :; do
    sleep 0.5
    kill -0 "$PID" 2>/dev/null || { why="the window closed by itself"; break; }
    if snap 2 "$W/s3" "$(left)"; then
        [ "$(state 1)" = halted ] && [ "$(state 2)" = halted ] && break
        look 1 3; look 2 0
        [ "$due1" = 1 ] && tell 1 3
        [ "$due2" = 1 ] && tell 2 0
    fi
    [ "$(now)" -lt "$end" ] || { why="$LIMIT s passed"; break; }
done
if [ -n "$why" ]; then
    bad "waited for both titles to say halted after 'exit 3' into vm1 (typed $told1 times) and 'exit 0' into vm2 (typed $told2 times): $why"
    echo "  F12 pressed $f12s times; the last screenshot read, shot-$shot_no, showed:"
    [ -f "$W/s3" ] && sed -n 's/^\(pane[12]\.\(title\|0[0-7]\|status0\)\|log\.title\): /  \1: /p' "$W/s3"
    for p in 1 2; do echo "  vm$p's --console copy ends:"; tail -n 3 "$W/c$p" | awk '{ print "    " $0 }'; done
    echo "  trapeze's stderr ends:"; tail -n 5 "$W/err" | awk '{ print "    " $0 }'
    finish; exit 1
fi
row "$W/s3" pane1.title | grep -q "vm1  minikern.elf  halted: .*code 3" &&
    row "$W/s3" pane2.title | grep -q "vm2  minikern.elf  halted" &&
    ok "both titles say halted, with the reason" ||
    bad "titles: $(row "$W/s3" pane1.title) / $(row "$W/s3" pane2.title)"
kill -0 "$PID" 2>/dev/null && ok "the window stays open after the guests halted" ||
    bad "the window closed by itself"
await_exit space
[ "$rc" = 3 ] && ok "a key closed it; exit status 3 (vm1's exit 3)" || { bad "exit status $rc"; cat "$W/err"; }
finish
