#!/bin/sh
# gdb_fuzz.sh TRAPEZE GDB_FUZZ ROMS_OUT SOURCE_DIR MODE   (MODE: bare or vm)
#
# The stub against a hostile client (tests/gdb/gdb_fuzz.c): malformed,
# oversized and random packets, bad checksums, stray bytes.  Every packet
# must get a proper answer and the stub must stay alive; then the client
# hangs up and a normal gdb-multiarch session, on the same machine still
# stopped at reset, must work as if nothing had happened.
set -u
T=$1; FUZZ=$2; ROMS=$3; SRC=$4; MODE=$5
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

if [ "$MODE" = vm ]; then RUN="--vm $K --args run=hello"; else RUN="--args run=hello $K"; fi
start_stub "$W/out" "$W/err" $RUN || { cat "$W/err"; echo "FAIL start"; exit 1; }

timeout 120 "$FUZZ" $PORT >"$W/fuzz" 2>&1
FS=$?
sed 's/^/    fuzz: /' "$W/fuzz" | head -40
check "every malformed and random packet answered properly" "[ $FS = 0 ]"
check "the stub is still running" "kill -0 $PID"
check "it says gdb went away and it waits again" "has 'gdb disconnected' '$W/err'"

SPAWN=$(sym "$K" proc_spawn)
timeout 60 gdb-multiarch -batch -nx -ex "set pagination off" \
    -ex "target remote 127.0.0.1:$PORT" \
    -ex 'printf "RESET pc=%08x\n", $pc' \
    -ex 'break proc_spawn' -ex 'continue' \
    -ex 'printf "BREAK pc=%08x\n", $pc' -ex 'detach' "$K" >"$W/gdb" 2>&1
wait_stub 30
sed 's/^/    gdb: /' "$W/gdb"
check "then a normal session: still at reset" "has 'RESET pc=bfc00000' '$W/gdb'"
check "then a normal session: breakpoint hit" "has 'BREAK pc=$SPAWN' '$W/gdb'"
check "the run completes after detach" "[ '$STATUS' = 0 ] && has 'hello, world from pid 2' '$W/out'"

[ $fail = 0 ] && echo "all passed" || echo "$fail failed"
[ $fail = 0 ]
