#!/bin/sh
# vm_doc_trace.sh TRAPEZE ROMS_OUT SOURCE_DIR -- keep docs/monitor.md true:
# every narrated trap line quoted there ("#SEQ vmN ...") must be exactly a
# line of one of the two traces it says they come from: minikern `run=hello`
# in one VM, and the two-VM run of `run=hello` beside `run=counter 20000`.  The trace is deterministic, so when the monitor or
# minikern changes what happens, this test says which lines to refresh.
set -u
TRAPEZE=$1 ROMS=$2 SRC=$3
DOC=$SRC/docs/monitor.md
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vm_doc_trace.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

timeout 300 "$TRAPEZE" run --headless --vm "$ROMS/minikern/minikern.elf" \
    --args "run=hello" --trace traps 2>"$TMP/trace" >/dev/null
rc=$?
[ "$rc" -eq 0 ] || { echo "FAIL vm_doc_trace: trapeze exited $rc"; exit 1; }
timeout 300 "$TRAPEZE" run --headless --vm "$ROMS/minikern/minikern.elf" \
    --args "run=hello" --vm "$ROMS/minikern/minikern.elf" \
    --args "run=counter 20000" --trace traps 2>>"$TMP/trace" >/dev/null
rc=$?
[ "$rc" -eq 0 ] || { echo "FAIL vm_doc_trace: the two-VM run exited $rc"; exit 1; }

grep -E '^#[0-9]+ vm[0-9]+ ' "$DOC" >"$TMP/quoted"
n=$(wc -l <"$TMP/quoted")
[ "$n" -ge 10 ] || { echo "FAIL vm_doc_trace: only $n trace lines quoted in $DOC"; exit 1; }
fail=0
while IFS= read -r line; do
    if ! grep -qxF -- "$line" "$TMP/trace"; then
        seq=${line%% *}
        echo "FAIL vm_doc_trace: docs/monitor.md quotes a line the trace no longer has:"
        echo "  doc:   $line"
        echo "  trace: $(grep -m1 -F -- "$seq " "$TMP/trace")"
        fail=1
    fi
done <"$TMP/quoted"
[ $fail -eq 0 ] && echo "ok vm_doc_trace: $n quoted trace lines match"
exit $fail
