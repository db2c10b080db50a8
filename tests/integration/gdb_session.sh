#!/bin/sh
# gdb_session.sh TRAPEZE ROMS_OUT SOURCE_DIR MODE   (MODE: bare or vm)
#
# A real gdb-multiarch session against `trapeze run --gdb` on minikern, a
# kernel mapped in ksseg: break in a kernel function by name, step one
# instruction, read registers and mapped memory, write a kernel variable,
# hit a watchpoint on it, detach, and check that the run then ends as the
# written value says.  The watchpoint must stop *before* the store, as a
# real MIPS's would: gdb's own log (set debug infrun 1) shows where the
# machine stopped (stop_pc), before gdb stepped over the store itself.  MODE=vm runs minikern as vm1 beside a second VM.
# A second session kills the run; a third interrupts it with Ctrl-C.
set -u
T=$1; ROMS=$2; SRC=$3; MODE=$4
command -v gdb-multiarch >/dev/null || { echo "gdb-multiarch missing"; exit 77; }
. "$SRC/tests/gdb/lib.sh"
K=$ROMS/minikern/minikern.elf
W=$(mktemp -d); trap 'kill $PID 2>/dev/null; rm -rf "$W"' EXIT
PID=
fail=0
ok()  { echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
has() { grep -q -- "$1" "$2"; }

if [ "$MODE" = vm ]; then
    RUN="--vm $K --args run=hello --vm $K --args run=hello"
    P1="vm1| "; P2="vm2| "
else
    RUN="--args run=hello $K"
    P1=""; P2=""
fi
SPAWN=$(sym "$K" proc_spawn)
START=$(sym "$K" _start)
STRLCPY=$(sym "$K" strlcpy)
# The store to next_pid in proc_spawn: "sw REG,LO(REG)", LO = the low half
# of next_pid's address as a signed number.  It sits in the delay slot of
# "jal strlcpy", so the watchpoint stop must be at that jal, and gdb,
# having stepped over the jal and its slot, reports at strlcpy's entry.
LO=$(( 0x$(sym "$K" next_pid) & 0xffff ))
[ $LO -ge 32768 ] && LO=$((LO - 65536))
STORE=$(mipsel-linux-gnu-objdump -d "$K" |
        awk -v lo="$LO" '$3 == "sw" && index($4, "," lo "(") { sub(":", "", $1); print $1; exit }')
JAL=$(printf '%x' $((0x${STORE:-0} - 4)))
# the first four words of _start, as the ELF has them
WORDS=$(mipsel-linux-gnu-objdump -d --start-address=0x$START \
        --stop-address=$(printf '0x%x' $((0x$START + 16))) "$K" |
        awk '/^ *[0-9a-f]+:/ { printf "0x%s ", $2 }')

gdb_run() {   # gdb_run OUTFILE -ex ... : gdb-multiarch in batch mode
    _o=$1; shift
    timeout 60 gdb-multiarch -batch -nx -ex "set pagination off" \
        -ex "set confirm off" -ex "target remote 127.0.0.1:$PORT" "$@" \
        "$K" >"$_o" 2>&1
}

# ---- 1. break, stepi, registers, memory, write, watch, detach ----------
start_stub "$W/out" "$W/err" $RUN || { cat "$W/err"; echo "FAIL start"; exit 1; }
gdb_run "$W/gdb" \
    -ex 'printf "RESET pc=%08x\n", $pc' \
    -ex 'break proc_spawn' -ex 'continue' \
    -ex 'printf "BREAK pc=%08x sp=%08x\n", $pc, $sp' \
    -ex 'info registers' \
    -ex 'stepi' \
    -ex 'printf "STEP pc=%08x sp=%08x\n", $pc, $sp' \
    -ex 'printf "CP0 status=%08x cause=%08x badvaddr=%08x\n", $status, $cause, $badvaddr' \
    -ex 'x/4wx _start' \
    -ex 'printf "NEXT_PID %d\n", *(int *)&next_pid' \
    -ex 'set var *(int *)&next_pid = 7' \
    -ex 'delete 1' \
    -ex 'watch *(int *)&next_pid' \
    -ex 'set debug infrun 1' -ex 'continue' -ex 'set debug infrun 0' \
    -ex 'printf "WATCHED pc=%08x\n", $pc' \
    -ex 'printf "AFTER next_pid=%d\n", *(int *)&next_pid' \
    -ex 'delete' -ex 'detach'
wait_stub 30
cat "$W/gdb" | sed 's/^/    gdb: /'

check "starts at reset" "has 'RESET pc=bfc00000' '$W/gdb'"
check "breakpoint in mapped proc_spawn" \
    "has 'Breakpoint 1, 0x$SPAWN in proc_spawn' '$W/gdb'"
BSP=$(sed -n 's/^BREAK pc=\([0-9a-f]*\) sp=\([0-9a-f]*\)$/\2/p' "$W/gdb")
check "pc at the breakpoint" "has 'BREAK pc=$SPAWN' '$W/gdb'"
check "info registers names status, badvaddr, cause and pc" \
    "grep -q 'status.*lo.*hi.*badvaddr.*cause.*pc' '$W/gdb'"
# proc_spawn begins with addiu sp,sp,-128
STEPPED=$(printf 'STEP pc=%08x sp=%08x' $((0x$SPAWN + 4)) $((0x${BSP:-0} - 128)))
check "stepi runs addiu sp,sp,-128" "has '$STEPPED' '$W/gdb'"
# kernel mode (KSU=0), EXL=ERL=0, IE=0, IM2 and IM7 set (the same under
# the monitor: the guest's virtual CP0); cause and badvaddr still 0
check "guest CP0 as the kernel set it" \
    "has 'CP0 status=00008400 cause=00000000 badvaddr=00000000' '$W/gdb'"
check "x/4wx reads mapped kernel text" "has \"<_start>:	$(echo $WORDS | sed 's/ /	/g')\" '$W/gdb'"
check "next_pid read as 1" "has 'NEXT_PID 1' '$W/gdb'"
check "watchpoint hit with old and new values" \
    "has 'Old value = 7' '$W/gdb' && has 'New value = 8' '$W/gdb'"
check "memory write seen after the watchpoint" "has 'AFTER next_pid=8' '$W/gdb'"
check "the store to next_pid is in the delay slot of jal strlcpy" \
    "mipsel-linux-gnu-objdump -d --start-address=0x$JAL --stop-address=0x$STORE '$K' | grep -q 'jal.*<strlcpy>'"
# the first stop after `continue`: the machine's, before gdb's own step
WSTOP=$(sed -n 's/.*handle_signal_stop: stop_pc=0x\([0-9a-f]*\).*/\1/p' "$W/gdb" | head -1)
check "watchpoint stopped before the store, at its branch (stop_pc=$WSTOP)" \
    "[ '$WSTOP' = '$JAL' ]"
check "gdb stepped over the watched store itself" \
    "has 'stepping past non-steppable watchpoint' '$W/gdb'"
check "gdb reports the watchpoint after its step: at the jal's target" \
    "has \"New value = 8\" '$W/gdb' && has '0x$STRLCPY in strlcpy' '$W/gdb' && has 'WATCHED pc=$STRLCPY' '$W/gdb'"
check "detached" "has 'detached' '$W/gdb'"
check "after detach the run completes with status 0" "[ '$STATUS' = 0 ]"
check "the written pid took effect" \
    "has '${P1}hello, world from pid 8' '$W/out' && has '${P1}minikern: init (run, pid 7)' '$W/out'"
if [ "$MODE" = vm ]; then
    check "vm2 ran alongside, untouched" "has '${P2}hello, world from pid 2' '$W/out'"
fi

# ---- 2. kill ------------------------------------------------------------
start_stub "$W/out2" "$W/err2" $RUN || { echo "FAIL start 2"; exit 1; }
gdb_run "$W/gdb2" -ex 'break kmain' -ex 'continue' -ex 'kill'
wait_stub 30
check "kill: breakpoint at kmain" "has 'in kmain' '$W/gdb2'"
check "kill ends the run with status 137" "[ '$STATUS' = 137 ]"
check "kill: the guest never finished" "! has 'hello, world' '$W/out2'"

# ---- 3. Ctrl-C while running (minikern's shell waits for input forever) --
if [ "$MODE" = vm ]; then
    RUN3="--vm $K --args init=sh"
else
    RUN3="--args init=sh $K"
fi
start_stub "$W/out3" "$W/err3" $RUN3 || { echo "FAIL start 3"; exit 1; }
# gdb itself gets the SIGINT, as from a terminal's Ctrl-C, and sends the
# stub its 0x03 (gdb must not run under timeout(1) here: it would not be
# in the foreground and would not wait in `continue`)
gdb-multiarch -batch -nx -ex "target remote 127.0.0.1:$PORT" -ex 'continue' \
    -ex 'printf "INT pc=%08x\n", $pc' -ex 'kill' "$K" >"$W/gdb3" 2>&1 &
GDB=$!
sleep 2
kill -INT $GDB
i=0
while kill -0 $GDB 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
kill -9 $GDB 2>/dev/null
wait_stub 30
check "Ctrl-C stops the running machine" "has 'SIGINT' '$W/gdb3'"
check "Ctrl-C: stopped in the shell's idle wait" \
    "has 'in idle_wait' '$W/gdb3' && has 'INT pc=c0' '$W/gdb3'"
check "Ctrl-C then kill: status 137" "[ '$STATUS' = 137 ]"

[ $fail = 0 ] && echo "all passed" || echo "$fail failed"
[ $fail = 0 ]
