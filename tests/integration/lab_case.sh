#!/bin/sh
# lab_case.sh TRAPEZE ROMS_OUT LABDIR -- run one lab of examples/ the way a
# student runs it non-interactively, and compare with its transcript.
#
# Each lab folder holds run.sh (the command: usually the debugger reading
# the lab's .cmd script) and expected.txt (what it prints, stdout and
# stderr together).  run.sh is started from the roms build folder, so the
# kernels it names are relative paths ("minikern/minikern.elf") and the
# transcript does not depend on where the tree was built.  TRAPEZE is
# exported for it.
#
# LAB_UPDATE=1 rewrites expected.txt from this run (then read the diff!).
set -u
if [ $# -ne 3 ]; then
    echo "usage: $0 TRAPEZE ROMS_OUT LABDIR" >&2
    exit 2
fi
TRAPEZE=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROMS=$2
LAB=$(cd "$3" && pwd)
NAME=$(basename "$LAB")
export TRAPEZE

for f in run.sh expected.txt; do           # (LAB_UPDATE=1 may create expected.txt)
    if [ ! -f "$LAB/$f" ] && ! { [ "$f" = expected.txt ] && [ "${LAB_UPDATE:-0}" = 1 ]; }; then
        echo "FAIL $NAME: no $LAB/$f"
        exit 1
    fi
done
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
(cd "$ROMS" && sh "$LAB/run.sh") >"$OUT" 2>&1
rc=$?
if [ "${LAB_UPDATE:-0}" = 1 ]; then
    cp "$OUT" "$LAB/expected.txt"
    echo "updated $LAB/expected.txt (run.sh exit status $rc)"
    exit 0
fi
if [ "$rc" -ne 0 ]; then
    echo "FAIL $NAME: run.sh exited with status $rc; its output ends:"
    tail -20 "$OUT" | sed 's/^/    /'
    exit 1
fi
if ! cmp -s "$OUT" "$LAB/expected.txt"; then
    echo "FAIL $NAME: the transcript differs from expected.txt:"
    diff -u "$LAB/expected.txt" "$OUT" | head -60
    exit 1
fi
echo "ok   $NAME: $(wc -l <"$OUT") lines as expected"
