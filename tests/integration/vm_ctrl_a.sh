#!/bin/sh
# vm_ctrl_a.sh TRAPEZE ROMS_OUT SOURCE_DIR
#
# Console input under the monitor (frontend/run_vm.c): typed text goes to
# vm1; Ctrl-A then a digit sends what follows to that VM.  Two minikern
# shells; stdin (a file) types a command for vm1, Ctrl-A 2, a command for
# vm2 and `exit 7` there, then Ctrl-A 1 and `exit` for vm1.  Each VM's
# --console file must show its own command and only its own, each shell
# must end as told, and the run's status is vm2's 7.
set -u
T=$1; ROMS=$2     # $3, SOURCE_DIR, is not needed here
K=$ROMS/minikern/minikern.elf
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
fail=0; n=0

ok()  { n=$((n + 1)); echo "ok   $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "FAIL $1"; }
# has FILE TEXT / hasnt FILE TEXT -- a line of FILE (\r stripped) is TEXT
has()   { tr -d '\r' <"$1" | grep -q -x -F -- "$2"; }
hasnt() { ! tr -d '\r' <"$1" | grep -q -F -- "$2"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

# \001 is Ctrl-A.  minikern's shell takes \r or \n as the end of a line
# (tests/minikern/shell.input).
printf 'hello from-one\r\001''2hello from-two\rexit 7\r\001''1exit\r' >"$W/input"

timeout 120 "$T" run --headless --max-insns 4000000000 \
    --vm "$K" --console "$W/c1" --vm "$K" --console "$W/c2" \
    <"$W/input" >"$W/out" 2>"$W/err"
rc=$?
check "exit status 7, vm2's exit code (got $rc)" '[ "$rc" -eq 7 ]'
touch "$W/c1" "$W/c2"

check "vm1's shell ran its command"   'has "$W/c1" "hello, world from pid 2, args: from-one"'
check "vm1 echoed its command line"   'has "$W/c1" "\$ hello from-one"'
check "vm1 never saw vm2's input"     'hasnt "$W/c1" "from-two" && hasnt "$W/c1" "exit 7"'
check "vm1 left its shell with exit"  'has "$W/c1" "\$ exit" &&
    has "$W/c1" "minikern: init (sh, pid 1) exited with status 0: power off"'
check "vm2's shell ran its command"   'has "$W/c2" "hello, world from pid 2, args: from-two"'
check "vm2 echoed its command line"   'has "$W/c2" "\$ hello from-two"'
check "vm2 never saw vm1's input"     'hasnt "$W/c2" "from-one" && ! has "$W/c2" "\$ exit"'
check "vm2 left its shell with exit 7" 'has "$W/c2" "\$ exit 7" &&
    has "$W/c2" "minikern: init (sh, pid 1) exited with status 7: power off"'
check "no Ctrl-A byte reached a guest" \
    '! grep -q "$(printf "\001")" "$W/c1" "$W/c2"'
check "stderr tells where input goes (vm2, then vm1)" \
    'tr -d "\r" <"$W/err" | grep "console input now goes to" | tr "\n" " " |
     grep -q "goes to vm2 .*goes to vm1"'
check "stderr reports vm2's exit code" 'grep -q "^trapeze: vm2 (.*): .*code 7" "$W/err"'

# Ctrl-A that is not a VM's digit is not an escape: Ctrl-A Ctrl-A sends one
# Ctrl-A, Ctrl-A 9 (there is no vm9) sends both bytes, and neither moves
# the focus.  (minikern's shell drops control characters, so vm1 shows
# "ab c9d": every printable byte reached vm1, none went to vm2.)
printf 'hello a\001\001b c\0019d\rexit 5\r' >"$W/input2"
timeout 120 "$T" run --headless --max-insns 300000000 \
    --vm "$K" --console "$W/d1" --vm "$K" --console "$W/d2" \
    <"$W/input2" >/dev/null 2>"$W/err2"
rc=$?
touch "$W/d1" "$W/d2"
check "vm2 waits on: --max-insns ends the run (got $rc)" '[ "$rc" -eq 124 ]'
check "Ctrl-A Ctrl-A and Ctrl-A 9 left the focus on vm1" \
    'has "$W/d1" "hello, world from pid 2, args: ab c9d" &&
     has "$W/d1" "minikern: init (sh, pid 1) exited with status 5: power off"'
check "vm2 got none of it" 'hasnt "$W/d2" "hello" && hasnt "$W/d2" "exit"'
check "no focus change was announced" '! grep -q "input now goes to" "$W/err2"'

echo "$((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
