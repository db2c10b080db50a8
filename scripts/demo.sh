#!/bin/sh
# demo.sh BUILD -- the main demo: boot minikern on the bare trapeze machine,
# run a few programs (one of them faults and is killed), then show the
# firmware-to-kernel path and what the CPU did (--stats).
set -eu
B=${1:-build}
T=$B/trapeze
K=$B/roms/minikern/minikern.elf
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "trapeze --version"
"$T" --version

say "minikern on the bare machine: a scripted run (one program is killed)"
"$T" run --headless --stats --args "run=hello world,counter,wild,memtouch 64,sysbench" "$K"

say "The first instructions: reset vector -> firmware -> minikern (--trace insn)"
"$T" run --headless --max-insns 400 --trace insn --args "run=hello" "$K" 2>&1 >/dev/null \
    | sed -n '1,12p;/^c0010000/,+5p' || true

say "A bare-metal test program, checked byte for byte against QEMU in make check"
"$T" run --headless "$B/roms/tests/isa_arith.elf" | tail -3

say "Interactive: $T run --headless --args init=sh $K"
