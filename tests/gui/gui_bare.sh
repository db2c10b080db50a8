#!/bin/sh
# gui_bare.sh TRAPEZE ROMS_OUT SHOTREAD
#
# The bare machine in the window, and the choice of window or terminal:
#   1. one pane: minikern's shell, typed into, glyph for glyph; a title
#      without a VM number; the trap-log panel says there is no monitor; a
#      key closes the halted window with the guest's exit status;
#   2. an idle guest (minikern's shell) in the window does not spin the
#      host: under 20% of one CPU over 3 s (spinning is ~100%;
#      TRAPEZE_IDLE_LIMIT overrides the 20, for the sanitizer build);
#   3. no window without a display (DISPLAY and WAYLAND_DISPLAY unset), with
#      --headless, or when the display cannot be opened: the console is
#      stdout, as before, and no screenshot is taken.
set -u
. "$(dirname "$0")/lib.sh"
in_xvfb "$0" "$@"
T=$1; ROMS=$2; READ=$3
K=$ROMS/minikern/minikern.elf
scratch

# ---- 1. one pane --------------------------------------------------------------
# shoot SECONDS PATTERN: a screenshot every half second (snap, in lib.sh)
# until its text (in $W/s) matches PATTERN, for SECONDS at most
shoot() {
    _end=$(($(now) + $1))
    while :; do
        sleep 0.5
        _left=$((_end - $(now)))
        [ "$_left" -gt 0 ] || return 1
        snap 1 "$W/s" "$_left" && grep -q -- "$2" "$W/s" && return 0
    done
}
TRAPEZE_SCREENSHOT=$W/shot "$T" run --args init=sh "$K" >"$W/out" 2>"$W/err" &
PID=$!
find_window || { bad "no window named trapeze on the X display in 20 s"; cat "$W/err"; exit 1; }
shoot 20 '^pane1.02: \$$' && ok "one pane (the layout's size for one pane) with the shell's prompt" ||
    { bad "no prompt"; cat "$W/err"; }
row "$W/s" pane1.title | grep -q '^ minikern.elf  idle$' && ok "title: $(row "$W/s" pane1.title)" ||
    bad "title: $(row "$W/s" pane1.title)"
row "$W/s" log.title | grep -q "none on the bare machine" && ok "the trap log says: no monitor" ||
    bad "log title: $(row "$W/s" log.title)"
xdotool type --delay 40 "hello bare"; xdotool key Return
xdotool type --delay 40 "exit 7"; xdotool key Return
shoot 20 '^pane1.title: .*halted' && ok "typed 'exit 7': the title says halted" ||
    bad "title: $(row "$W/s" pane1.title)"
[ "$(row "$W/s" pane1.03)" = "hello, world from pid 2, args: bare" ] &&
    [ "$(row "$W/s" pane1.04)" = '$ exit 7' ] &&
    ok "the typed commands and the output are in the pane" ||
    bad "pane: $(row "$W/s" pane1.03) / $(row "$W/s" pane1.04)"
[ ! -s "$W/out" ] && ok "nothing went to stdout" || bad "stdout: $(cat "$W/out")"
await_exit Return
[ "$rc" = 7 ] && ok "a key closed it; exit status 7" || bad "exit status $rc"

# ---- 2. an idle window does not spin -----------------------------------------
if [ -r /proc/self/stat ]; then
    "$T" run --args init=sh "$K" >/dev/null 2>&1 &
    PID=$!
    timeout 20 xdotool search --sync --name '^trapeze' >/dev/null
    sleep 1
    a=$(awk '{print $14 + $15}' /proc/$PID/stat)
    sleep 3
    b=$(awk '{print $14 + $15}' /proc/$PID/stat)
    kill "$PID"; wait "$PID" 2>/dev/null; PID=
    pct=$(( (b - a) * 100 / ($(getconf CLK_TCK) * 3) ))
    [ "$pct" -lt "${TRAPEZE_IDLE_LIMIT:-20}" ] && ok "idle shell in the window: ${pct}% of a CPU" ||
        bad "idle shell in the window: ${pct}% of a CPU"
fi

# ---- 3. the terminal when there is no window ---------------------------------
want="hello, world from pid 2, args: term"
env -u DISPLAY -u WAYLAND_DISPLAY TRAPEZE_SCREENSHOT=$W/no TRAPEZE_SCREENSHOT_AT=1 \
    "$T" run --args "run=hello term" "$K" >"$W/o1" 2>&1
grep -q "$want" "$W/o1" && ok "no display: the terminal" || bad "no display: $(cat "$W/o1")"
TRAPEZE_SCREENSHOT=$W/no TRAPEZE_SCREENSHOT_AT=1 \
    "$T" run --headless --args "run=hello term" "$K" >"$W/o2" 2>&1
grep -q "$want" "$W/o2" && ok "--headless: the terminal" || bad "--headless: $(cat "$W/o2")"
DISPLAY=:9999 TRAPEZE_SCREENSHOT=$W/no TRAPEZE_SCREENSHOT_AT=1 \
    "$T" run --args "run=hello term" "$K" >"$W/o3" 2>&1
grep -q "$want" "$W/o3" && ok "a display that cannot be opened: the terminal" ||
    bad "bad display: $(cat "$W/o3")"
[ ! -e "$W/no-1.bmp" ] && ok "no window, no screenshot" || bad "a screenshot without a window"
finish
