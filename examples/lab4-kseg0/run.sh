#!/bin/sh
# run.sh -- lab 4 without a keyboard: the debugger reads lab.cmd and prints
# a transcript (compare it with expected.txt).
#
#   sh examples/lab4-kseg0/run.sh          from the repo root, after make build
#   BUILD=mybuild sh examples/lab4-kseg0/run.sh   another build folder
#
# The CI test lab_lab4-kseg0 (tests/integration/lab_case.sh) runs it from
# the roms build folder with $TRAPEZE set; run by hand, it finds both itself.
set -eu
LAB=$(cd "$(dirname "$0")" && pwd)
. "$LAB/../lab-env.sh"      # finds $TRAPEZE; cd to the roms build

# The same script twice: kwork linked at kseg0 (unmapped, like IRIX before
# Disco relinked it), then the same C source linked at ksseg (mapped, like
# minikern).  Each runs alone in a VM, so the two stats tables compare.
for k in kwork_kseg0 kwork_mapped; do
    echo "=================== labs/$k.elf under the monitor"
    "$TRAPEZE" run --headless --debug --script "$LAB/lab.cmd" </dev/null --vm "labs/$k.elf"
done
