#!/bin/sh
# demo.sh BUILD -- the main demo: boot bare-metal programs on the trapeze
# machine, show their consoles and what the CPU did (--stats), then the
# narrated exception trace of one of them.
set -eu
B=${1:-build}
T=$B/trapeze
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "trapeze --version"
"$T" --version

say "Boot a test program: reset -> firmware -> program, console on stdout"
"$T" run --headless --stats "$B/roms/tests/isa_arith.elf" 2>&1 | tail -12

say "Exceptions as they happen (--trace exc): the exception test program"
"$T" run --headless --trace exc "$B/roms/tests/exc_basic.elf" 2>&1 | head -24

say "Speed: the bench workload (make bench compares with QEMU and GXemul)"
if [ -f "$B/roms/bench/bench.elf" ]; then
    "$T" run --headless --stats "$B/roms/bench/bench.elf" 2>&1 | tail -8
fi
