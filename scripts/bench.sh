#!/bin/sh
# bench.sh BUILD_DIR -- run the bench workload (roms/bench) on trapeze,
# QEMU (qemu-system-mipsel -M mipssim) and GXemul (-E testmips), check that
# all three print the same checksums, and print a speed table.
#
#   sh scripts/bench.sh build          (what `make bench` runs)
#
# Environment:
#   BENCH_RUNS=N       runs per emulator, the best (shortest) counts; default 3
#   BENCH_TIMEOUT=S    kill a run after S seconds; default 600
#   BENCH_ONLY="..."   run only these of: trapeze qemu gxemul
#   QEMU=...  GXEMUL=...  the emulator programs to use
#   BENCH_CALLGRIND=1  also run trapeze on bench-small.elf under
#                      valgrind --tool=callgrind and print host
#                      instructions (Ir) per guest instruction
#
# Method (docs/PERFORMANCE.md): every emulator runs the same kernels,
# compiled once (only the console/exit routine differs for GXemul); the
# guest instruction count is the one trapeze retires for bench.elf (its
# --stats); each run is timed, wall clock, with a monotonic clock around
# the whole emulator process; MIPS = instructions / best time.
#
# Exit status: 0 if every emulator that ran printed the same checksums and
# finished cleanly; 1 if checksums disagree or a run failed; 2 on bad usage
# or a missing build.  A missing emulator is reported and skipped.
set -u

BUILD=${1:-build}
RUNS=${BENCH_RUNS:-3}
TMO=${BENCH_TIMEOUT:-600}
ONLY=${BENCH_ONLY:-trapeze qemu gxemul}
QEMU=${QEMU:-qemu-system-mipsel}
GXEMUL=${GXEMUL:-gxemul}

TRAPEZE=$BUILD/trapeze
ELF=$BUILD/roms/bench/bench.elf
GXELF=$BUILD/roms/bench/bench-gxemul.elf
SMALL=$BUILD/roms/bench/bench-small.elf

say() { printf '%s\n' "bench: $*"; }
die() { printf '%s\n' "bench: $*" >&2; exit 2; }

case $RUNS in ''|*[!0-9]*|0) die "BENCH_RUNS must be a positive integer, not '$RUNS'";; esac
case $TMO in ''|*[!0-9]*|0) die "BENCH_TIMEOUT must be a positive integer, not '$TMO'";; esac
[ -f "$ELF" ] || die "$ELF not found: build first (make build, or cmake --build $BUILD)"
[ -f "$GXELF" ] || die "$GXELF not found: build first (make build, or cmake --build $BUILD)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/trapeze-bench.XXXXXX") || die "cannot make a temporary directory"
HOLDER=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
    [ -n "$HOLDER" ] && kill "$HOLDER" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A monotonic clock in seconds with a fraction: perl's CLOCK_MONOTONIC if
# available, else date (real time; fine unless the clock is stepped).
if perl -MTime::HiRes=clock_gettime,CLOCK_MONOTONIC -e 1 2>/dev/null; then
    now() { perl -MTime::HiRes=clock_gettime,CLOCK_MONOTONIC \
                 -e 'printf "%.6f\n", clock_gettime(CLOCK_MONOTONIC)'; }
    CLOCK="CLOCK_MONOTONIC (perl Time::HiRes)"
else
    now() { date +%s.%N; }
    CLOCK="date +%s.%N (real time)"
fi

if command -v timeout >/dev/null 2>&1; then
    TIMEOUT="timeout $TMO"
else
    TIMEOUT=""
fi

has() {
    case $1 in
        */*) [ -x "$1" ] ;;
        *)   command -v "$1" >/dev/null 2>&1 ;;
    esac
}

# run_one NAME OUTFILE ERRFILE: one run of emulator NAME; writes its
# wall-clock seconds to $TMP/secs; returns the emulator's exit status.
# Runs in this shell (not in a $(...) subshell) so that cleanup() sees
# HOLDER.
run_one() {
    name=$1 out=$2 err=$3
    case $name in
    trapeze)
        t0=$(now)
        $TIMEOUT "$TRAPEZE" run --headless --stats "$ELF" </dev/null >"$out" 2>"$err"
        rc=$?
        t1=$(now)
        ;;
    qemu)
        t0=$(now)
        $TIMEOUT "$QEMU" -M mipssim -nographic -semihosting -monitor none \
            -serial stdio -kernel "$ELF" </dev/null >"$out" 2>"$err"
        rc=$?
        t1=$(now)
        ;;
    gxemul)
        # GXemul polls its stdin for the console and misbehaves when it
        # is at end of file (</dev/null spins without running the guest),
        # so give it a pipe whose writer stays open: a fifo held by a
        # sleeping process, killed when the run is over.
        fifo=$TMP/gxemul.in
        rm -f "$fifo"
        mkfifo "$fifo" || return 1
        sleep 100000 >"$fifo" &
        HOLDER=$!
        t0=$(now)
        $TIMEOUT "$GXEMUL" -E testmips -C 4Kc -q "$GXELF" <"$fifo" >"$out" 2>"$err"
        rc=$?
        t1=$(now)
        kill "$HOLDER" 2>/dev/null
        wait "$HOLDER" 2>/dev/null
        HOLDER=""
        ;;
    esac
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >"$TMP/secs"
    return "$rc"
}

# The lines that must agree between emulators: per-kernel and total
# checksums, and the error count.
checksums() {
    tr -d '\r' <"$1" | grep -E '^bench: (kernel [a-z0-9]+ checksum|total checksum|done) '
}

label() {
    case $1 in
    trapeze) echo "trapeze" ;;
    qemu)    echo "QEMU (mipssim, TCG)" ;;
    gxemul)  echo "GXemul (testmips, 4Kc)" ;;
    esac
}

status=0
ran=""
ref=""
INSNS=""
SELF_MIPS=""

say "workload: $ELF (trapeze, QEMU), $GXELF (GXemul)"
say "runs per emulator: $RUNS (best counts); clock: $CLOCK; timeout ${TMO}s per run"

for emu in trapeze qemu gxemul; do
    case " $ONLY " in *" $emu "*) ;; *) continue ;; esac
    case $emu in
    trapeze) prog=$TRAPEZE ;;
    qemu)    prog=$QEMU ;;
    gxemul)  prog=$GXEMUL ;;
    esac
    if ! has "$prog"; then
        say "SKIP $emu: '$prog' not found$( [ "$emu" = trapeze ] && echo ' (build it first)')"
        eval "time_$emu=''; why_$emu='skipped: $prog not found'"
        continue
    fi

    best=""
    all=""
    ok=1
    i=1
    while [ "$i" -le "$RUNS" ]; do
        out=$TMP/$emu.$i.out err=$TMP/$emu.$i.err
        run_one "$emu" "$out" "$err"
        rc=$?
        secs=$(cat "$TMP/secs")
        all="$all $secs"
        if [ "$rc" -ne 0 ]; then
            say "FAIL $emu run $i: exit status $rc$( [ "$rc" -eq 124 ] && echo " (timed out after ${TMO}s)")"
            sed 's/^/    | /' "$err" | tail -5
            tr -d '\r' <"$out" | sed 's/^/    > /' | tail -5
            ok=0
            break
        fi
        if ! checksums "$out" | grep -q '^bench: total checksum '; then
            say "FAIL $emu run $i: no checksum output"
            tr -d '\r' <"$out" | sed 's/^/    > /' | tail -5
            ok=0
            break
        fi
        if ! checksums "$out" | grep -q '^bench: done (0 errors)'; then
            say "FAIL $emu run $i: the workload reported errors"
            tr -d '\r' <"$out" | grep 'FAIL' | sed 's/^/    > /' | head -5
            ok=0
        fi
        checksums "$out" >"$TMP/$emu.sum.$i"
        if [ "$i" -gt 1 ] && ! cmp -s "$TMP/$emu.sum.1" "$TMP/$emu.sum.$i"; then
            say "FAIL $emu: run $i printed other checksums than run 1"
            ok=0
        fi
        if [ -z "$best" ] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$secs
        fi
        if [ "$emu" = trapeze ]; then
            # --stats, on stderr: a line "instructions: N ..." and a line
            # with "... N MIPS ...".  Parse defensively.
            n=$(tr -d '\r' <"$err" | grep -i '^[[:space:]]*instructions[^:]*:' | head -1 |
                sed 's/^[^:]*:[^0-9]*\([0-9][0-9]*\).*/\1/')
            case $n in ''|*[!0-9]*) n="" ;; esac
            if [ -n "$n" ]; then
                if [ -n "$INSNS" ] && [ "$INSNS" != "$n" ]; then
                    say "FAIL trapeze: run $i retired $n instructions, an earlier run $INSNS"
                    ok=0
                fi
                INSNS=$n
            fi
            m=$(tr -d '\r' <"$err" | grep 'MIPS' | head -1 |
                sed -n 's/.*[^0-9.]\([0-9][0-9]*\(\.[0-9]*\)\{0,1\}\)[[:space:]]*MIPS.*/\1/p')
            [ -n "$m" ] && SELF_MIPS="$SELF_MIPS $m"
        fi
        i=$((i + 1))
    done
    say "$emu: runs (s):$all"
    [ "$ok" = 1 ] || status=1

    if [ -s "$TMP/$emu.sum.1" ]; then
        if [ -z "$ref" ]; then
            ref=$emu
        elif ! cmp -s "$TMP/$ref.sum.1" "$TMP/$emu.sum.1"; then
            say "FAIL checksums of $emu differ from those of $ref:"
            diff "$TMP/$ref.sum.1" "$TMP/$emu.sum.1" | sed 's/^/    /'
            status=1
            ok=0
            eval "why_$emu='FAILED: checksums differ from $ref'"
        fi
    fi
    if [ "$ok" = 1 ]; then
        eval "time_$emu=\$best"
        ran="$ran $emu"
    else
        eval "time_$emu=''"
        eval "why_$emu=\${why_$emu:-FAILED: see above}"
    fi
done

[ -n "$ref" ] || { say "no emulator ran the workload"; exit 1; }
# shellcheck disable=SC2086  # split the list on purpose
set -- $ran
[ $# -ge 2 ] || say "only one emulator ran cleanly:${ran:- none}; no checksums to compare"

echo
say "checksums (all emulators that ran agree unless reported above):"
tr -d '\r' <"$TMP/$ref.1.out" | grep -m1 '^bench: trapeze bench workload' | sed 's/^/    /'
sed 's/^/    /' "$TMP/$ref.sum.1"
echo

if [ -n "$INSNS" ]; then
    say "guest instructions: $INSNS (retired by trapeze, --stats); the same kernels"
    say "  run on QEMU and GXemul (same bench.c/crt0.S object code; only the"
    say "  console/exit routine differs for GXemul), so MIPS = $INSNS / seconds"
else
    say "guest instructions: unknown (trapeze did not run or printed no count):"
    say "  MIPS column left out; the ratios come from the times alone"
fi
[ -n "$SELF_MIPS" ] && say "trapeze's own --stats speed per run (MIPS):$SELF_MIPS"
echo

time_trapeze=${time_trapeze:-}
time_qemu=${time_qemu:-}
time_gxemul=${time_gxemul:-}

printf '%-24s %10s %10s %12s %12s\n' "emulator" "best s" "MIPS" "vs GXemul" "vs QEMU"
printf '%-24s %10s %10s %12s %12s\n' "------------------------" "----------" "----------" "------------" "------------"
for emu in trapeze qemu gxemul; do
    eval "t=\${time_$emu:-}"
    if [ -z "$t" ]; then
        why=""
        eval "why=\${why_$emu:-}"
        case " $ONLY " in *" $emu "*) printf '%-24s %s\n' "$(label $emu)" "  ($why)" ;; esac
        continue
    fi
    awk -v name="$(label $emu)" -v t="$t" -v n="${INSNS:-}" \
        -v tg="$time_gxemul" -v tq="$time_qemu" 'BEGIN {
        mips = (n != "" && t > 0) ? sprintf("%.1f", n / t / 1e6) : "-"
        vg = (tg != "" && t > 0) ? sprintf("%.2fx", tg / t) : "-"
        vq = (tq != "" && t > 0) ? sprintf("%.2fx", tq / t) : "-"
        printf "%-24s %10.3f %10s %12s %12s\n", name, t, mips, vg, vq
    }'
done
echo
say "ratio = that emulator's speed / the column's emulator's speed (higher is faster)"

if [ "${BENCH_CALLGRIND:-0}" = 1 ]; then
    echo
    if ! has valgrind; then
        say "SKIP callgrind: valgrind not found"
    elif ! has "$TRAPEZE" || [ ! -f "$SMALL" ]; then
        say "SKIP callgrind: needs $TRAPEZE and $SMALL"
    else
        say "callgrind: trapeze on $(basename "$SMALL") ..."
        valgrind --tool=callgrind --callgrind-out-file="$TMP/callgrind.out" \
            "$TRAPEZE" run --headless --stats "$SMALL" </dev/null \
            >"$TMP/cg.out" 2>"$TMP/cg.err"
        rc=$?
        ir=$(grep 'Collected :' "$TMP/cg.err" | sed 's/.*Collected : *\([0-9][0-9]*\).*/\1/' | head -1)
        n=$(tr -d '\r' <"$TMP/cg.err" | grep -i '^[[:space:]]*instructions[^:]*:' | head -1 |
            sed 's/^[^:]*:[^0-9]*\([0-9][0-9]*\).*/\1/')
        if [ "$rc" -ne 0 ] || [ -z "$ir" ] || [ -z "$n" ]; then
            say "FAIL callgrind run (exit status $rc)"
            tail -5 "$TMP/cg.err" | sed 's/^/    | /'
            status=1
        else
            awk -v ir="$ir" -v n="$n" 'BEGIN {
                printf "bench: callgrind: %d host instructions (Ir) / %d guest instructions = %.1f host instructions per guest instruction\n", ir, n, ir / n }'
        fi
    fi
fi

if [ "$status" -ne 0 ]; then
    say "FAILED (see above)"
fi
exit "$status"
