#!/bin/sh
# debug_tmux.sh TRAPEZE ROMS_OUT SOURCE_DIR
#
# The interactive debugger console in a real terminal (a tmux pane):
# tab completion of commands and symbols, history (the up arrow, and the
# file $TRAPEZE_HISTORY), and Ctrl-C returning a running machine to the
# prompt.  minikern's shell (init=sh) waits for input forever, so only
# Ctrl-C can bring `continue` back.  Exits 77 (skipped) without tmux.
set -u
T=$1; ROMS=$2
command -v tmux >/dev/null 2>&1 || { echo "no tmux: skipped"; exit 77; }
W=$(mktemp -d)
S=trapeze-debug-$$
trap 'tmux kill-session -t "$S" 2>/dev/null; rm -rf "$W"' EXIT
fail=0
ok()  { echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; tmux capture-pane -p -t "$S" | tail -15; }
screen() { tmux capture-pane -p -J -t "$S" -S -200; }
# wait_for TEXT: up to 20 s for TEXT to appear on the screen
wait_for() {
    i=0
    while [ $i -lt 200 ]; do
        screen | grep -q -F -- "$1" && return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}
check() { if wait_for "$2"; then ok "$1"; else bad "$1"; fi; }

tmux new-session -d -s "$S" -x 160 -y 50 \
    "TRAPEZE_HISTORY='$W/history' '$T' run --headless --debug --vm '$ROMS/minikern/minikern.elf' --args init=sh; echo EXIT=\$? >'$W/rc'; sleep 30"
check "the prompt names the VM" "(trapeze vm1) "

tmux send-keys -t "$S" "vtl" Tab Enter
check "Tab completes a command (vtl -> vtlb)" "vm1 virtual TLB"

tmux send-keys -t "$S" "break kma" Tab Enter
check "Tab completes a symbol (kma -> kmain)" "breakpoint 1 at vm1 c0010388 <kmain>"

tmux send-keys -t "$S" Up Enter
check "the up arrow recalls the last command" "breakpoint 2 at vm1 c0010388 <kmain>"

tmux send-keys -t "$S" "delete all" Enter "continue" Enter
check "continue runs to the shell" "\$ "
sleep 1
tmux send-keys -t "$S" C-c
check "Ctrl-C returns a running machine to the prompt" "stopped at machine time"
tmux send-keys -t "$S" "vm" Enter
check "the console still answers" "* vm1 waiting"

tmux send-keys -t "$S" "half-typed" C-c
sleep 0.5
tmux send-keys -t "$S" "quit" Enter
i=0; while [ ! -f "$W/rc" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if [ -f "$W/rc" ] && grep -q "EXIT=0" "$W/rc"; then ok "quit leaves, status 0 (guest still running)"
else bad "quit leaves, status 0 (got $(cat "$W/rc" 2>/dev/null))"; fi
if screen | grep -q "half-typed.*unknown\|'half-typed'"; then
    bad "Ctrl-C at the prompt clears the line"
else ok "Ctrl-C at the prompt clears the line"; fi
if grep -q "^vtlb *$" "$W/history" && grep -q "^break kmain *$" "$W/history"; then
    ok "history is kept in \$TRAPEZE_HISTORY"
else bad "history is kept in \$TRAPEZE_HISTORY"; fi

echo "$fail failed"
[ "$fail" -eq 0 ]
