# lib.sh -- shared by the GUI test scripts (sourced, not run).
#
# in_xvfb re-runs the calling script under xvfb-run with a 24-bit screen
# large enough for four panes (xvfb-run's default is 640x480x8), unless it
# already runs there.  SDL's software renderer is asked for so the pixels
# do not depend on the host's OpenGL.

n=0; fail=0
ok()  { n=$((n + 1)); echo "ok   $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "FAIL $1"; }
finish() { echo "$((n - fail))/$n passed"; [ "$fail" -eq 0 ]; }

in_xvfb() {   # "$0" "$@"
    if [ -z "${TRAPEZE_IN_XVFB:-}" ]; then
        command -v xvfb-run >/dev/null 2>&1 || { echo "SKIP: no xvfb-run"; exit 77; }
        command -v xdotool >/dev/null 2>&1 || { echo "SKIP: no xdotool"; exit 77; }
        TRAPEZE_IN_XVFB=1 exec xvfb-run -a -s "-screen 0 1920x1200x24" sh "$@"
    fi
    export SDL_RENDER_DRIVER=software
}

# wait_for FILE PATTERN SECONDS: until FILE holds a line matching PATTERN
wait_for() {
    _w=0
    while [ "$_w" -lt $(($3 * 10)) ]; do
        grep -q -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1; _w=$((_w + 1))
    done
    return 1
}

# row SHOTTEXT NAME: the text of one row of a screenshot read by shotread
row() { sed -n "s/^$2: //p" "$1"; }
