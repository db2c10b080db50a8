#!/bin/sh
# run.sh -- lab 2 without a keyboard: the debugger reads lab.cmd and prints
# a transcript (compare it with expected.txt).
#
#   sh examples/lab2-trap-and-emulate/run.sh          from the repo root, after make build
#   BUILD=mybuild sh examples/lab2-trap-and-emulate/run.sh   another build folder
#
# The CI test lab_lab2-trap-and-emulate (tests/integration/lab_case.sh) runs it from
# the roms build folder with $TRAPEZE set; run by hand, it finds both itself.
set -eu
LAB=$(cd "$(dirname "$0")" && pwd)
. "$LAB/../lab-env.sh"      # finds $TRAPEZE; cd to the roms build

# The same minikern binary as lab 1, now under the monitor (--vm).
exec "$TRAPEZE" run --headless --debug --script "$LAB/lab.cmd" </dev/null \
    --vm minikern/minikern.elf --args "run=hello"
