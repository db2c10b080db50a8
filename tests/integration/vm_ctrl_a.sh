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

echo "$((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
