#!/bin/sh
# cli_badinput.sh TRAPEZE ROMS_OUT SOURCE_DIR
#
# Every kind of bad input to `trapeze run` must end with exactly one line on
# stderr that names the file or flag and the problem, and exit status 2;
# never a crash or a hang.  The bad ELF files are made here from a good one
# (bytes patched with dd) or linked by the cross toolchain.
set -u
T=$1; ROMS=$2
GOOD=$ROMS/tests/isa_arith.elf
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
fail=0; n=0

patch() {  # patch FILE OFFSET OCTAL-ESCAPES
    printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

# expect NAME PATTERN -- ARGS...: exit 2, one stderr line matching PATTERN
expect() {
    name=$1; pat=$2; shift 3
    n=$((n + 1))
    timeout 10 "$T" "$@" >"$W/out" 2>"$W/err" </dev/null
    rc=$?
    lines=$(wc -l <"$W/err")
    if [ "$rc" -ne 2 ] || [ "$lines" -ne 1 ] || ! grep -q -- "$pat" "$W/err"; then
        echo "FAIL $name: rc=$rc (want 2), $lines stderr lines (want 1), want /$pat/:"
        sed 's/^/    /' "$W/err"
        fail=$((fail + 1))
    else
        echo "ok   $name: $(cat "$W/err")"
    fi
}

echo hello >"$W/notelf.txt"
cp "$GOOD" "$W/wrongmach.elf"; patch "$W/wrongmach.elf" 18 '\076\000'
cp "$GOOD" "$W/bigend.elf";    patch "$W/bigend.elf" 5 '\002'
cp "$GOOD" "$W/class64.elf";   patch "$W/class64.elf" 4 '\002'
cp "$GOOD" "$W/exec_type.elf"; patch "$W/exec_type.elf" 16 '\001\000'
head -c 40 "$GOOD" >"$W/trunc_hdr.elf"
head -c 3000 "$GOOD" >"$W/trunc_data.elf"
: >"$W/empty.elf"

# A segment linked above 64 MiB, and two segments at one physical address.
cat >"$W/tiny.S" <<'ASM'
    .text
    .globl _start
_start: b _start
    nop
    .data
    .word 1, 2, 3, 4
ASM
CC="mipsel-linux-gnu-gcc -march=mips32 -EL -mno-abicalls -fno-pic -nostdlib -static -Wl,--build-id=none"
$CC -Wl,-Ttext=0x84000000 -o "$W/outside.elf" "$W/tiny.S"
cat >"$W/overlap.ld" <<'LD'
PHDRS { a PT_LOAD; b PT_LOAD; }
SECTIONS {
    .text 0x80001000 : AT(0x1000) { *(.text) } :a
    .data 0x80101000 : AT(0x1000) { *(.data) } :b
    /DISCARD/ : { *(.MIPS.abiflags) *(.reginfo) *(.gnu.attributes) }
}
LD
$CC -Wl,--no-check-sections -Wl,-T,"$W/overlap.ld" -Wl,-e,0x80001000 -o "$W/overlap.elf" "$W/tiny.S" 2>/dev/null
[ -f "$W/overlap.elf" ] || { echo "FAIL: could not link the overlapping-segments ELF"; fail=$((fail + 1)); }

expect missing      'missing.elf: cannot open'      -- run --headless "$W/missing.elf"
expect directory    'cannot open'                   -- run --headless "$W"
expect empty        'empty.elf: '                   -- run --headless "$W/empty.elf"
expect not-elf      'notelf.txt: not an ELF file'   -- run --headless "$W/notelf.txt"
expect machine      'wrongmach.elf: wrong machine'  -- run --headless "$W/wrongmach.elf"
expect big-endian   'bigend.elf: big-endian'        -- run --headless "$W/bigend.elf"
expect 64-bit       'class64.elf: 64-bit'           -- run --headless "$W/class64.elf"
expect not-exec     'exec_type.elf: '               -- run --headless "$W/exec_type.elf"
expect trunc-header 'trunc_hdr.elf: truncated'      -- run --headless "$W/trunc_hdr.elf"
expect trunc-data   'trunc_data.elf: truncated'     -- run --headless "$W/trunc_data.elf"
expect outside-ram  'outside.elf: .*outside RAM'    -- run --headless "$W/outside.elf"
expect overlap      'overlap.elf: .*overlap'        -- run --headless "$W/overlap.elf"
expect unknown-flag "unknown option '--bogus'"      -- run --bogus "$GOOD"
expect ram-number   "--ram: '12abc' is not a number" -- run --ram 12abc "$GOOD"
expect ram-range    "--ram: '449' is not a number"  -- run --ram 449 "$GOOD"
expect ram-negative "--ram: '-1' is not a number"   -- run --ram -1 "$GOOD"
expect ram-missing  '--ram needs a value'           -- run "$GOOD" --ram
expect insns-number "--max-insns: '1e9' is not"     -- run --max-insns 1e9 "$GOOD"
expect tlb-range    "--tlb-entries: '8' is not"     -- run --tlb-entries 8 "$GOOD"
expect trace-kind   "unknown trace kind 'bogus'"    -- run --trace exc,bogus "$GOOD"
expect switch-value '--stats takes no value'        -- run --stats=yes "$GOOD"
expect no-kernel    'no kernel given'               -- run --headless
expect two-kernels  'more than one kernel'          -- run "$GOOD" "$GOOD"
expect command      "unknown command 'frob'"        -- frob
expect long-args    'boot arguments too long'       -- run --args "$(head -c 5000 /dev/zero | tr '\0' x)" "$GOOD"

# The monitor (--vm): options that belong to a VM, limits, and files.
expect vm-console-alone '--console belongs to a VM'      -- run --console "$W/c.txt" "$GOOD"
expect vm-and-kernel  'either one kernel or --vm'         -- run "$GOOD" --vm "$GOOD"
expect vm-nine        '--vm: at most 8 VMs'              -- run --vm "$GOOD" --vm "$GOOD" --vm "$GOOD" --vm "$GOOD" --vm "$GOOD" \
                         --vm "$GOOD" --vm "$GOOD" --vm "$GOOD" --vm "$GOOD"
expect vm-missing     'vm_missing.elf: cannot open'      -- run --headless --vm "$GOOD" --vm "$W/vm_missing.elf"
expect vm-not-elf     'notelf.txt: not an ELF file'      -- run --headless --vm "$W/notelf.txt"
expect vm-empty-name  '--vm: empty kernel file name'     -- run --vm ""
expect vm-ram-total   'VMs need 513 MiB .*448 MiB'       -- run --vm "$GOOD" --ram 128 --vm "$GOOD" --ram 128 --vm "$GOOD" --ram 128 --vm "$GOOD" --ram 128
expect vm-ram-range   "--ram: '449' is not a number"      -- run --vm "$GOOD" --ram 449
expect slice-zero     "--slice: '0' is not a number"      -- run --slice 0 --vm "$GOOD"
expect slice-abc      "--slice: 'abc' is not a number"    -- run --slice abc --vm "$GOOD"
expect traps-bare     '--trace traps .*need the monitor'  -- run --trace traps "$GOOD"
expect slice-bare     '--slice.*need the monitor'         -- run --slice 1000 "$GOOD"
expect json-bare      '--stats-json need the monitor'     -- run --stats-json "$W/s.json" "$GOOD"
expect console-path   '--console /nonexistent/c.txt: cannot create' -- run --vm "$GOOD" --console /nonexistent/c.txt
# --stats-json to a path that cannot be created: the guests ran, but the
# statistics asked for were not written, so the run is not a success: status
# 2 and one line naming the file.  (trapeze finds this out only after the
# run; a guest's non-zero code would take precedence.)
expect json-path      '--stats-json /nonexistent/x.json: cannot create' -- run --headless --stats-json /nonexistent/x.json --vm "$GOOD"
# The debugger and the GDB stub's options.
expect script-missing '--script /nonexistent/x.cmds: cannot open the file' -- run --headless --script /nonexistent/x.cmds "$GOOD"
expect script-dir     '--script /tmp: is a directory'     -- run --headless --script /tmp "$GOOD"
expect script-empty   '--script: empty file name'         -- run --headless --script= "$GOOD"
expect gdb-zero       "--gdb: '0' is not a number"        -- run --headless --gdb 0 "$GOOD"
expect gdb-range      "--gdb: '65536' is not a number"    -- run --headless --gdb 65536 "$GOOD"
expect gdb-and-debug  '--gdb cannot be combined with --debug' -- run --headless --gdb 5999 --debug "$GOOD"
# A port someone already listens on: another stub, waiting for gdb.
PORT=$((20000 + $$ % 20000))
timeout 30 "$T" run --headless --gdb "$PORT" "$GOOD" </dev/null >/dev/null 2>"$W/holder" &
HOLDER=$!
i=0   # until it says it waits for gdb
while ! grep -q "waiting for gdb" "$W/holder" 2>/dev/null && [ "$i" -lt 100 ]; do
    sleep 0.1; i=$((i + 1))
done
expect gdb-port-busy  "cannot listen on 127.0.0.1:$PORT"  -- run --headless --gdb "$PORT" "$GOOD"
kill "$HOLDER" 2>/dev/null; wait "$HOLDER" 2>/dev/null

echo "$((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
