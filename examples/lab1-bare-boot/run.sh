#!/bin/sh
# run.sh -- lab 1 without a keyboard: the debugger reads lab.cmd and prints
# a transcript (compare it with expected.txt).
#
#   sh examples/lab1-bare-boot/run.sh          from the repo root, after make build
#   BUILD=mybuild sh examples/lab1-bare-boot/run.sh   another build folder
#
# The CI test lab_lab1-bare-boot (tests/integration/lab_case.sh) runs it from
# the roms build folder with $TRAPEZE set; run by hand, it finds both itself.
set -eu
LAB=$(cd "$(dirname "$0")" && pwd)
. "$LAB/../lab-env.sh"      # finds $TRAPEZE; cd to the roms build

# The bare machine: no --vm, so minikern owns the CPU, from reset onwards.
exec "$TRAPEZE" run --headless --debug --script "$LAB/lab.cmd" </dev/null \
    --args "run=hello" minikern/minikern.elf
