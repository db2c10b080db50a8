# lab-env.sh -- sourced by each lab's run.sh (with LAB set to the lab's
# folder): find trapeze and the built guests, so run.sh works both from the
# repo root after `make build` (BUILD=folder picks another build) and under
# CI, where tests/integration/lab_case.sh starts it in the roms build folder
# with $TRAPEZE set.  Afterwards the current folder is the roms build
# folder: kernels are named relative to it, as in expected.txt.
ROOT=$(cd "$LAB/../.." && pwd)
B=$ROOT/${BUILD:-build}
TRAPEZE=${TRAPEZE:-$B/trapeze}
case $TRAPEZE in /*) ;; *) TRAPEZE=$(pwd)/$TRAPEZE ;; esac
if [ ! -x "$TRAPEZE" ]; then
    echo "no $TRAPEZE: build first (make build, from the repo root)" >&2
    exit 2
fi
[ -f minikern/minikern.elf ] || cd "$B/roms" 2>/dev/null || {
    echo "no $B/roms: build first (make build, from the repo root)" >&2; exit 2; }
