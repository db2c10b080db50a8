#!/bin/sh
# bench_monitor.sh BUILD_DIR -- the monitor's overhead: minikern workloads
# run on the bare machine and in one VM under the monitor, same kernel and
# boot arguments, best of BENCH_RUNS wall-clock runs each.  Prints a table
# with the ratio and the trap counts behind it (from --stats-json of one
# more monitor run).  Part of `make bench`; figures go in docs/PERFORMANCE.md.
#
# Environment: BENCH_RUNS=N (default 3), BENCH_TIMEOUT=S (default 600).
#
# Goals (issue 5; Disco on real hardware: 1.03-1.16x):
#   CPU-bound <= 1.02x, mixed <= 1.10x, syscall storm <= 1.5x.
set -u

BUILD=${1:-build}
RUNS=${BENCH_RUNS:-3}
TMO=${BENCH_TIMEOUT:-600}
TRAPEZE=$BUILD/trapeze
KERNEL=$BUILD/roms/minikern/minikern.elf

die() { printf '%s\n' "bench_monitor: $*" >&2; exit 2; }
case $RUNS in ''|*[!0-9]*|0) die "BENCH_RUNS must be a positive integer, not '$RUNS'";; esac
[ -x "$TRAPEZE" ] || die "$TRAPEZE not found: build first"
[ -f "$KERNEL" ] || die "$KERNEL not found: build first"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/trapeze-benchvm.XXXXXX") || die "no temporary directory"
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

if perl -MTime::HiRes=clock_gettime,CLOCK_MONOTONIC -e 1 2>/dev/null; then
    now() { perl -MTime::HiRes=clock_gettime,CLOCK_MONOTONIC \
                 -e 'printf "%.6f\n", clock_gettime(CLOCK_MONOTONIC)'; }
else
    now() { date +%s.%N; }
fi
TIMEOUT=
command -v timeout >/dev/null 2>&1 && TIMEOUT="timeout $TMO"

# best MODE ARGS: the shortest of RUNS runs, in seconds; the console of the
# last run is left in $TMP/MODE.out.
best() {
    mode=$1 args=$2 b=""
    i=0
    while [ "$i" -lt "$RUNS" ]; do
        t0=$(now)
        if [ "$mode" = bare ]; then
            $TIMEOUT "$TRAPEZE" run --headless --args "$args" "$KERNEL" \
                </dev/null >"$TMP/$mode.out" 2>/dev/null
        else
            $TIMEOUT "$TRAPEZE" run --headless --vm "$KERNEL" --args "$args" \
                </dev/null >"$TMP/$mode.out" 2>/dev/null
        fi
        rc=$?
        t1=$(now)
        [ "$rc" -eq 0 ] || { echo "bench_monitor: $mode run of '$args' failed ($rc)" >&2; return 1; }
        t=$(echo "$t1 $t0" | awk '{printf "%.3f", $1 - $2}')
        if [ -z "$b" ]; then
            b=$t
        else
            b=$(echo "$b $t" | awk '{ print ($2 < $1) ? $2 : $1 }')
        fi
        i=$((i + 1))
    done
    echo "$b"
}

# json_num FILE KEY: the first number after "KEY":
json_num() {
    sed -n "s/.*\"$2\": \([0-9.]*\).*/\1/p" "$1" | head -n 1
}

status=0
printf '%-10s %-60s %12s %8s %8s %7s %10s %10s %9s\n' workload "minikern args" \
    "guest insns" "bare s" "vm s" ratio traps "traps/1k" "fills/1k"
row() {
    name=$1 args=$2
    tb=$(best bare "$args") || { status=1; return; }
    tv=$(best vm "$args") || { status=1; return; }
    if ! cmp -s "$TMP/bare.out" "$TMP/vm.out"; then
        echo "bench_monitor: $name: console differs bare and under the monitor" >&2
        status=1
    fi
    $TIMEOUT "$TRAPEZE" run --headless --vm "$KERNEL" --args "$args" \
        --stats-json "$TMP/s.json" </dev/null >/dev/null 2>&1
    insns=$(json_num "$TMP/s.json" total)
    priv=$(json_num "$TMP/s.json" priv)
    fill=$(json_num "$TMP/s.json" shadow-fill)
    io=$(json_num "$TMP/s.json" io)
    refl=$(json_num "$TMP/s.json" reflect)
    intr=$(json_num "$TMP/s.json" interrupt)
    traps=$((priv + fill + io + refl + intr))
    echo "$name|$args|$insns|$tb|$tv|$traps|$fill" | awk -F'|' '{
        printf "%-10s %-60s %12d %8.3f %8.3f %6.2fx %10d %10.2f %9.2f\n",
               $1, $2, $3, $4, $5, ($4 > 0 ? $5 / $4 : 0), $6,
               ($3 > 0 ? 1000 * $6 / $3 : 0), ($3 > 0 ? 1000 * $7 / $3 : 0) }'
}

row cpu "run=counter 100000000"
row syscall "run=sysbench 1000000"
row memtouch "run=memtouch 2000,memtouch 2000,memtouch 2000"
row mixed "run=hello a b,counter 20000000,sysbench 5000,memtouch 2000,spawner,hello c"
exit $status
