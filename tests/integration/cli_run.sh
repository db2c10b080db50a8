#!/bin/sh
# cli_run.sh TRAPEZE ROMS_OUT SOURCE_DIR
#
# How `trapeze run` ends and what it reports: the exit status is the guest's
# power-off code (system controller or UHI exit); --max-insns, a guest stuck
# in `wait` and Ctrl-C end the run with their own status and one message;
# --stats, --trace and two identical runs are deterministic.
set -u
T=$1; ROMS=$2; SRC=$3
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
fail=0; n=0
CC="mipsel-linux-gnu-gcc -march=mips32 -EL -mno-abicalls -fno-pic -nostdlib -static
    -Wl,--build-id=none -Wl,-Ttext=0x80001000 -I$SRC/devices"

ok()  { n=$((n + 1)); echo "ok   $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "FAIL $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; sed 's/^/    /' "$W/err" | head -5; fi; }

prog() {  # prog NAME <<asm  -- assemble a tiny kseg0 program
    { echo '#include "board_map.h"'; echo '.set noreorder'; echo '.text'
      echo '.globl _start'; echo '_start:'; cat; } >"$W/$1.S"
    $CC -o "$W/$1.elf" "$W/$1.S" || bad "assemble $1"
}

prog poweroff <<'ASM'
    li $8, 0xA0000000 + SYSCTRL_BASE
    li $9, 42
    sw $9, SYSCTRL_POWEROFF($8)
1:  b 1b
    nop
ASM
prog uhi <<'ASM'
    li $25, 1
    li $4, 7
    sdbbp 1
1:  b 1b
    nop
ASM
prog spin <<'ASM'
1:  b 1b
    nop
ASM
prog stuck <<'ASM'
    mtc0 $0, $12
    wait
    nop
1:  b 1b
    nop
ASM
prog hello <<'ASM'
    li $8, 0xA0000000 + UART_BASE
    la $10, msg
1:  lbu $9, 0($10)
    beqz $9, 2f
    addiu $10, $10, 1
    b 1b
    sb $9, 0($8)
2:  li $25, 1
    move $4, $0
    sdbbp 1
msg: .asciz "hello, trapeze\n"
ASM

# A mapped kernel: linked in ksseg (0xC0000000 + pa), loaded at pa.  The
# firmware must wire 0xC0000000+pa -> pa for RAM and the I/O window, pass the
# boot-info block in $a0; the kernel prints its boot arguments through the
# UART at 0xC0000000 + UART_BASE and powers off with the Wired count.
cat >"$W/mapped.S" <<'ASM'
#include "board_map.h"
#include "bootinfo.h"
    .set noreorder
    .text
    .globl _start
_start:
    li    $8, KSSEG_BASE + UART_BASE
    addiu $10, $4, BOOTINFO_OFF_ARGS
1:  lbu   $9, 0($10)
    beqz  $9, 2f
    addiu $10, $10, 1
    b     1b
    sb    $9, 0($8)
2:  li    $9, 10
    sb    $9, 0($8)
    mfc0  $9, $6
    li    $8, KSSEG_BASE + SYSCTRL_BASE
    sw    $9, SYSCTRL_POWEROFF($8)
3:  b     3b
    nop
ASM
cat >"$W/mapped.ld" <<'LD'
SECTIONS {
    .text 0xC0010000 : AT(0x10000) { *(.text) }
    /DISCARD/ : { *(.MIPS.abiflags) *(.reginfo) *(.gnu.attributes) *(.data) *(.bss) }
}
LD
$CC -Wl,-T,"$W/mapped.ld" -Wl,-e,0xC0010000 -I"$SRC/devices" -o "$W/mapped.elf" "$W/mapped.S" 2>"$W/err" \
    || bad "link the mapped kernel"
"$T" run --headless --args "init=sh quiet" "$W/mapped.elf" >"$W/out" 2>"$W/err"; rc=$?
check "mapped kernel: ksseg wired for 64 MiB + I/O (Wired 3), args passed" \
    '[ $rc -eq 3 ] && [ "$(cat "$W/out")" = "init=sh quiet" ]'
"$T" run --headless --ram 448 --tlb-entries 16 "$W/mapped.elf" >"$W/out" 2>"$W/err"; rc=$?
check "mapped kernel with 448 MiB and 16 TLB entries: Wired 15" '[ $rc -eq 15 ]'
"$T" run --headless --ram 8 "$W/mapped.elf" >"$W/out" 2>"$W/err"; rc=$?
check "mapped kernel with 8 MiB: Wired 2" '[ $rc -eq 2 ]'

"$T" run --headless "$W/poweroff.elf" >"$W/out" 2>"$W/err"; rc=$?
check "power-off through the system controller: exit 42" '[ $rc -eq 42 ]'
"$T" run --headless "$W/uhi.elf" >"$W/out" 2>"$W/err"; rc=$?
check "UHI exit: exit 7" '[ $rc -eq 7 ]'
"$T" run --headless "$W/hello.elf" >"$W/out" 2>"$W/err"; rc=$?
check "console output reaches stdout" '[ $rc -eq 0 ] && [ "$(cat "$W/out")" = "hello, trapeze" ]'
timeout 10 "$T" run --headless --max-insns 5000 "$W/spin.elf" >"$W/out" 2>"$W/err"; rc=$?
check "--max-insns: exit 124 and one message" \
    '[ $rc -eq 124 ] && [ $(wc -l <"$W/err") -eq 1 ] && grep -q "stopped after 5000 instructions" "$W/err"'
timeout 10 "$T" run --headless "$W/stuck.elf" >"$W/out" 2>"$W/err" </dev/null; rc=$?
check "wait with interrupts off: exit 125, names the pc" \
    '[ $rc -eq 125 ] && grep -q "wait at pc 80001004" "$W/err"'
timeout --preserve-status -s INT 1 "$T" run --headless "$W/spin.elf" >"$W/out" 2>"$W/err" </dev/null; rc=$?
check "Ctrl-C (SIGINT): exit 130 and a message" '[ $rc -eq 130 ] && grep -q "interrupted at pc" "$W/err"'

"$T" run --headless --stats "$W/hello.elf" >/dev/null 2>"$W/err"
grep -v -e '^host time' -e '^speed' "$W/err" >"$W/stats1"
"$T" run --headless --stats "$W/hello.elf" >/dev/null 2>"$W/err"
grep -v -e '^host time' -e '^speed' "$W/err" >"$W/stats2"
check "--stats reports instructions by mode and guest MIPS" \
    'grep -q "^instructions: [0-9]* (kernel [0-9]*, supervisor 0, user 0)" "$W/stats1" && grep -q "MIPS" "$W/err"'
check "--stats is the same for two runs (deterministic)" 'cmp -s "$W/stats1" "$W/stats2"'

"$T" run --headless --trace insn "$W/hello.elf" >/dev/null 2>"$W/t1"
"$T" run --headless --trace insn "$W/hello.elf" >/dev/null 2>"$W/t2"
check "--trace insn starts at the reset vector" 'head -1 "$W/t1" | grep -q "^bfc00000: "'
check "--trace insn disassembles" 'grep -q "^80001000: 3c08bfd0  lui.t0,0xbfd0$" "$W/t1"'
check "two runs give the same instruction trace" 'cmp -s "$W/t1" "$W/t2" && [ $(wc -l <"$W/t1") -gt 100 ]'
"$T" run --headless --trace mmio "$W/hello.elf" >/dev/null 2>"$W/err"
check "--trace mmio shows the UART writes" 'grep -q "^mmio W uart+0x0 <- 0x68 (1)" "$W/err"'
"$T" run --headless --trace exc "$ROMS/tests/exc_basic.elf" >/dev/null 2>"$W/err"
check "--trace exc names exceptions" 'grep -q "^exc: Sys at pc=" "$W/err"'

"$T" --help >"$W/out" 2>"$W/err"; rc=$?
check "--help: exit 0, lists the options" '[ $rc -eq 0 ] && grep -q -- "--max-insns N" "$W/out"'
"$T" --version >"$W/out" 2>"$W/err"; rc=$?
check "--version: exit 0" '[ $rc -eq 0 ] && grep -q "^trapeze [0-9]" "$W/out"'

echo "$((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
