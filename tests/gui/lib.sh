# lib.sh -- shared by the GUI test scripts (sourced, not run).
#
# in_xvfb re-runs the calling script under xvfb-run with a 24-bit screen
# large enough for four panes (xvfb-run's default is 640x480x8), unless it
# already runs there.  SDL's software renderer is asked for so the pixels
# do not depend on the host's OpenGL.  Xvfb runs with -noreset: without it
# the server resets whenever its last client leaves, and refuses
# connections while it does.  trapeze connects twice in a row (once to see
# that the display works, once for the window), and on a loaded host the
# second connection would land in the reset: SDL then falls back on its
# offscreen driver, the window exists (screenshots work) but not on X, and
# xdotool finds nothing to type into (before find_window's bound, xdotool
# search --sync then waited until ctest's TIMEOUT).
#
# Every wait here is bounded in wall-clock seconds, so that a loaded host
# that loses an X event makes a test fail with a message, well inside
# ctest's TIMEOUT, instead of hanging until ctest kills it.  The scripts
# set T (trapeze), READ (shotread), W (their scratch directory, where
# trapeze's stderr is $W/err) and PID (the running trapeze, or empty).

n=0; fail=0
ok()  { n=$((n + 1)); echo "ok   $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "FAIL $1"; }
finish() { echo "$((n - fail))/$n passed"; [ "$fail" -eq 0 ]; }

# scratch: the test's scratch directory W, and PID (the running trapeze,
# or empty), both cleaned up when the script exits
scratch() {
    W=$(mktemp -d)
    PID=
    trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$W"' EXIT
}

in_xvfb() {   # "$0" "$@"
    if [ -z "${TRAPEZE_IN_XVFB:-}" ]; then
        command -v xvfb-run >/dev/null 2>&1 || { echo "SKIP: no xvfb-run"; exit 77; }
        command -v xdotool >/dev/null 2>&1 || { echo "SKIP: no xdotool"; exit 77; }
        TRAPEZE_IN_XVFB=1 exec xvfb-run -a -s "-screen 0 1920x1200x24 -noreset" sh "$@"
    fi
    export SDL_RENDER_DRIVER=software
}

now() { date +%s; }

# wait_for FILE PATTERN SECONDS: until FILE holds a line matching PATTERN,
# for at least SECONDS (and under one more) of wall-clock time
wait_for() {
    _wf_end=$(($(now) + $3))
    while :; do
        grep -q -- "$2" "$1" 2>/dev/null && return 0
        [ "$(now)" -le "$_wf_end" ] || return 1
        sleep 0.1
    done
}

# row SHOTTEXT NAME: the text of one row of a screenshot read by shotread
row() { sed -n "s/^$2: //p" "$1"; }

# find_window: the id of trapeze's window in WID (at most 20 s, as
# xdotool's --sync alone waits for ever), focused
find_window() {
    WID=$(timeout 20 xdotool search --sync --name '^trapeze' | head -1)
    [ -n "$WID" ] || return 1
    timeout 10 xdotool windowfocus --sync "$WID" 2>/dev/null
    return 0
}

# snap PANES OUT [SECONDS]: press F12 and read the window's next screenshot
# with shotread (PANES panes) into OUT.  The window numbers its screenshots
# and announces each on $W/err; snap counts the announcements rather than
# expecting a number, so an F12 lost by a loaded X server does not put it
# out of step: it presses F12 again every 5 s (a screenshot too many does
# no harm), for SECONDS in all (20 unless told).  Sets shot_no to the
# window's number of the screenshot read and counts every F12 pressed in
# f12s: a screenshot numbered above f12s + (screenshots taken without F12)
# at some moment was asked for after that moment.  The file is removed once
# read.  Fails when no new screenshot came in time, trapeze ended, or the
# screenshot could not be saved or read.
f12s=0; shot_no=0
snap() {
    _sn_seen=$(grep -c '^trapeze: screenshot ' "$W/err")
    _sn_end=$(($(now) + ${3:-20} + 1)); _sn_again=0
    while :; do
        _sn_n=$(grep -c '^trapeze: screenshot ' "$W/err")
        if [ "$_sn_n" -gt "$_sn_seen" ]; then
            _sn_f=$(grep '^trapeze: screenshot ' "$W/err" | tail -n 1)
            _sn_f=${_sn_f#trapeze: screenshot }
            case $_sn_f in *': cannot save it') return 1 ;; esac
            shot_no=${_sn_f##*-}; shot_no=${shot_no%.bmp}
            "$READ" "$_sn_f" "$1" >"$2"; _sn_rc=$?
            rm -f "$_sn_f"               # 3 MB each, and read
            return "$_sn_rc"
        fi
        [ -n "${PID:-}" ] && ! kill -0 "$PID" 2>/dev/null && return 1
        _sn_t=$(now)
        [ "$_sn_t" -lt "$_sn_end" ] || return 1
        if [ "$_sn_t" -ge "$_sn_again" ]; then
            xdotool key F12; f12s=$((f12s + 1)); _sn_again=$((_sn_t + 5))
        fi
        sleep 0.1
    done
}

# await_exit KEY: the window closes on any key once every guest has
# halted: press KEY, and once more if the window is still open 5 s later
# (harmless: it is still lingering, the key reaches no guest), then wait
# for trapeze to end, at most 10 s in all.  Sets rc to its exit status, or
# to a sentence when it had to be killed.
await_exit() {
    _ae_i=0
    xdotool key "$1"
    while kill -0 "$PID" 2>/dev/null && [ "$_ae_i" -lt 100 ]; do
        sleep 0.1; _ae_i=$((_ae_i + 1))
        [ "$_ae_i" = 50 ] && kill -0 "$PID" 2>/dev/null && xdotool key "$1"
    done
    if kill -0 "$PID" 2>/dev/null; then
        kill "$PID"; wait "$PID" 2>/dev/null
        rc="none: the window was still open 10 s after '$1' (killed)"
    else
        wait "$PID"; rc=$?
    fi
    PID=
}
