#!/bin/sh
# demo.sh BUILD [2|4] -- the main demo: minikern shells side by side under
# the monitor, each in its own pane of the SDL window, with the debugger
# console in this terminal (docs/window.md, docs/debugger.md).
#
#   - In the window: click a pane or press F1..F4, then type into that
#     guest's shell (try `help`, `hello a b`, `counter 2000 &`, `wild`).
#     F5 pauses and continues, F10 steps the focused guest, F12 saves a
#     screenshot when TRAPEZE_SCREENSHOT is set.  The bottom panel narrates
#     the focused VM's traps; each pane's status line shows its guest MIPS
#     and traps per second by kind.
#   - In this terminal: the debugger.  `continue` runs the guests, Ctrl-C
#     (or F5 in the window) stops them, then `log`, `vm`, `tlb`, `regs`,
#     `step-trap` ...; `quit` ends the demo.
#
# Without a display (no DISPLAY or WAYLAND_DISPLAY, or one that cannot be
# opened) it falls back to the terminal: a scripted run of two VMs whose
# output lines are prefixed vmN|, then the command to run them yourself.
set -eu
B=${1:-build}
N=${2:-2}
T=$B/trapeze
K=$B/roms/minikern/minikern.elf
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

case $N in 2|4) ;; *) echo "demo.sh: 2 or 4 VMs, not $N" >&2; exit 2 ;; esac
VMS=""
i=1
while [ "$i" -le "$N" ]; do
    VMS="$VMS --vm $K --args init=sh"
    i=$((i + 1))
done

"$T" --version
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    say "$N minikern shells under the monitor, in the window"
    cat <<'TXT'
In the window: click a pane (or F1..F4) and type into that guest's shell:
  help    hello a b    counter 2000 &    memtouch 16    wild    exit 3
  F5 pause/continue   F10 step the focused guest   (docs/window.md)
Here, the debugger: 'continue' (c) runs the guests, Ctrl-C or F5 stops them;
then try 'vm', 'log 5', 'tlb', 'regs', 'step-trap'; 'quit' ends the demo.
TXT
    # shellcheck disable=SC2086
    exec "$T" run --debug $VMS
fi

say "No display: two VMs in this terminal (their lines are prefixed vmN|)"
"$T" run --headless --stats \
    --vm "$K" --args "run=hello from vm1,counter 2000,wild" \
    --vm "$K" --args "run=hello from vm2,memtouch 64,sysbench 20000"
say "Interactive: $T run --headless$VMS"
echo "(Ctrl-A then a digit moves the console input to another VM)"
