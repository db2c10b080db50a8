#!/bin/sh
# run.sh -- lab 5 without a keyboard: the debugger reads lab.cmd and prints
# a transcript (compare it with expected.txt).
#
#   sh examples/lab5-time-sharing/run.sh          from the repo root, after make build
#   BUILD=mybuild sh examples/lab5-time-sharing/run.sh   another build folder
#
# The CI test lab_lab5-time-sharing (tests/integration/lab_case.sh) runs it from
# the roms build folder with $TRAPEZE set; run by hand, it finds both itself.
set -eu
LAB=$(cd "$(dirname "$0")" && pwd)
. "$LAB/../lab-env.sh"      # finds $TRAPEZE; cd to the roms build

# Four VMs: three minikern with different programs, and one hostile guest
# (roms/hostile/other_vm.c) that hunts for the other VMs' memory.
exec "$TRAPEZE" run --headless --debug --script "$LAB/lab.cmd" </dev/null \
    --vm minikern/minikern.elf --args "run=hello one" \
    --vm minikern/minikern.elf --args "run=counter 20000" \
    --vm minikern/minikern.elf --args "run=memtouch 32" \
    --vm hostile/other_vm.elf
