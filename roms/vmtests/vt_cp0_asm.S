/*
 * vt_cp0_asm.S -- the pieces of vt_cp0.c that need exact instructions.
 */
#include "vt.h"

    .set noreorder

#define EXL     0x2
#define ERL     0x4

/* uint32_t cp0_count_delta(void): Count read twice, 11 instructions apart. */
    .globl cp0_count_delta
cp0_count_delta:
    mfc0    $t0, $9
    .rept 10
    nop
    .endr
    mfc0    $t1, $9
    jr      $ra
    subu    $v0, $t1, $t0

/* uint32_t cp0_count_after_write(uint32_t v): write Count, read it back
 * three instructions later; returns the difference. */
    .globl cp0_count_after_write
cp0_count_after_write:
    mtc0    $a0, $9
    nop
    nop
    mfc0    $t1, $9
    jr      $ra
    subu    $v0, $t1, $a0

/* void cp0_raise(uint32_t cause): write Cause (a software interrupt),
 * leaving the mtc0's address in cp0_mark.  The interrupt's EPC should fall
 * on one of the nops. */
    .globl cp0_raise
cp0_raise:
    la      $t0, 1f
    sw      $t0, cp0_mark
1:  mtc0    $a0, $13
    nop
    nop
    nop
    jr      $ra
    nop

/* uint32_t cp0_erl_load(uint32_t va): load va with Status.ERL=1, when kuseg
 * is unmapped (va is then a physical address). */
    .globl cp0_erl_load
cp0_erl_load:
    li      $t0, ERL
    mtc0    $t0, $12
    nop
    nop
    lw      $v0, 0($a0)
    mtc0    $zero, $12
    nop
    jr      $ra
    nop

/* uint32_t cp0_erl_eret(void): eret with ERL=1 and EXL=1 returns to
 * ErrorEPC and clears ERL only; returns Status as found there (1 if it
 * went to EPC instead). */
    .globl cp0_erl_eret
cp0_erl_eret:
    la      $t0, 1f
    mtc0    $t0, $30                    /* ErrorEPC */
    la      $t0, 2f
    mtc0    $t0, $14                    /* EPC: the wrong place */
    li      $t0, ERL | EXL
    mtc0    $t0, $12
    nop
    nop
    eret
    nop
1:  mfc0    $v0, $12
    mtc0    $zero, $12
    jr      $ra
    nop
2:  mtc0    $zero, $12
    jr      $ra
    li      $v0, 1

/* uint32_t cp0_lladdr(uint32_t va): ll va, then read LLAddr. */
    .globl cp0_lladdr
cp0_lladdr:
    ll      $t0, 0($a0)
    mfc0    $v0, $17
    jr      $ra
    nop

/* uint32_t cp0_reserved(void): the sum of the reserved CP0 registers of a
 * 4Kc (7, 20, 21, 22, 25, 27, 29), each written with ~0 first. */
    .globl cp0_reserved
cp0_reserved:
    li      $t0, -1
    move    $v0, $zero
    .irp r, 7, 20, 21, 22, 25, 27, 29
    mtc0    $t0, $\r
    nop
    mfc0    $t1, $\r
    addu    $v0, $v0, $t1
    .endr
    mfc0    $t1, $16, 2                 /* Config2: Config1.M is 0 */
    jr      $ra
    addu    $v0, $v0, $t1

/* void cp0_enter(uint32_t pc, uint32_t ksu, uint32_t a0, uint32_t a1):
 * eret to pc in the mode ksu (Status.KSU bits) with $a0/$a1 = a0/a1.  The
 * code there ends with a syscall whose handler sets EPC = cp0_back and
 * kernel mode: cp0_enter then returns.  Only t0-t2 and v0 may change
 * there. */
    .globl cp0_enter
cp0_enter:
    la      $t0, 1f
    sw      $t0, cp0_back
    mtc0    $a0, $14
    ori     $t0, $a1, EXL
    mtc0    $t0, $12
    move    $a0, $a2
    move    $a1, $a3
    nop
    eret
1:  jr      $ra
    nop

/* ---- code run in user and supervisor mode ---------------------------------
 * In its own page (ksseg.ld: .user.text), which the user test maps at a
 * kuseg address; supervisor mode runs it where it was linked.  Position
 * independent.  $a0 = a ksseg address, $a1 = a kseg0 address. */
    .section .user.text, "ax"
    .globl cp0_lesser
cp0_lesser:
    syscall                             /* Sys */
    mfc0    $t0, $12                    /* CpU, CE=0 (unless CU0=1) */
    cache   0x14, 0($a0)                /* CpU, CE=0 (unless CU0=1) */
    lw      $t1, 0($a0)                 /* ksseg: AdEL in user mode */
    lw      $t2, 0($a1)                 /* kseg0: AdEL */
    li      $v0, 99
    syscall                             /* back to the kernel */

    .text
/* void cp0_cache(uint32_t va): a cache op, a no-op on trapeze (no caches). */
    .globl cp0_cache
cp0_cache:
    cache   0x14, 0($a0)
    jr      $ra
    nop

/* uint32_t cp0_load(uint32_t va): a load the handler may skip (returns
 * 0xdeadbeef then); never in a delay slot. */
    .globl cp0_load
cp0_load:
    li      $v0, 0xdeadbeef
    lw      $v0, 0($a0)
    jr      $ra
    nop
