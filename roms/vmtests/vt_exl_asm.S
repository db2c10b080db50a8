/*
 * vt_exl_asm.S -- exceptions taken while Status.EXL is already 1
 * (vt_exl.c).
 *
 * Each EXL_CASE function  uint32_t case(uint32_t va)  presets EPC to its
 * own continuation label, sets EXL=1 with mtc0, and runs one instruction
 * (or two: a branch and its slot).  With EXL=1 the CPU leaves EPC alone,
 * so the handler's eret comes back to the continuation: the function
 * returns 1.  If nothing was raised, it clears EXL itself and returns 0.
 * The continuation's address is left in exl_resume for the handler,
 * which always resumes there (with EXL=1 that is where EPC points anyway).
 */
#include "vt.h"

    .set noreorder

#define EXL 0x2                         /* Status.EXL */

.macro EXL_CASE name, insn1, insn2=nop, exl=EXL
    .globl \name
    .ent \name
\name:
    la      $t0, 1f
    sw      $t0, exl_resume
    mtc0    $t0, $14                    /* EPC = the continuation */
    mfc0    $t1, $12
    ori     $t1, $t1, \exl
    li      $t2, 0x7fffffff             /* for the overflow case */
    mtc0    $t1, $12
    nop
    nop
    \insn1
    \insn2
3:  mfc0    $t1, $12                    /* nothing raised: leave EXL */
    li      $t0, ~EXL
    and     $t1, $t1, $t0
    mtc0    $t1, $12
    nop
    b       2f
    li      $v0, 0
1:  li      $v0, 1
2:  jr      $ra
    nop
    .end \name
.endm

    .text
    EXL_CASE exl_syscall, syscall
    EXL_CASE exl_break, break
    EXL_CASE exl_teq, "teq $zero, $zero"
    EXL_CASE exl_ov, "add $t3, $t2, $t2"
    EXL_CASE exl_ri, ".word 0xec000000"             /* opcode 0x3b */
    EXL_CASE exl_cop1, ".word 0xc4000000"           /* lwc1 $f0, 0($zero) */
    EXL_CASE exl_load, "lw $t3, 0($a0)"
    EXL_CASE exl_store, "sw $t3, 0($a0)"
    EXL_CASE exl_unaligned, "lw $t3, 1($a0)"
    EXL_CASE exl_mfc0, "mfc0 $t3, $12"
    EXL_CASE exl_slot_syscall, "b 3f", syscall
    EXL_CASE exl0_load, "lw $t3, 0($a0)", nop, 0     /* EXL=0: the control */
    /* EXL=1 with KSU=user, as a kernel has it just before its eret to user
     * mode: still kernel mode, so this ksseg code runs, and mfc0 works. */
    EXL_CASE exl_ksu_syscall, "mfc0 $t3, $12", syscall, EXL | 0x10

/* The same two with EXL=0, for Cause.BD: uint32_t exl0_slot_syscall(void)
 * raises a syscall in a delay slot (BD=1), exl0_syscall one outside (BD=0).
 * The handler resumes them at exl_resume. */
    .globl exl0_slot_syscall, exl0_syscall
exl0_slot_syscall:
    la      $t0, 1f
    sw      $t0, exl_resume
    b       1f
    syscall
1:  jr      $ra
    li      $v0, 1
exl0_syscall:
    la      $t0, 1f
    sw      $t0, exl_resume
    syscall
1:  jr      $ra
    li      $v0, 1

/* A load that returns its value: uint32_t exl_peek(uint32_t va) with EXL=1
 * (a TLB hit bare; a shadow fill under the monitor, which the guest must
 * not see). */
    .globl exl_peek
exl_peek:
    mfc0    $t1, $12
    ori     $t1, $t1, EXL
    mtc0    $t1, $12
    nop
    nop
    lw      $v0, 0($a0)
    xori    $t1, $t1, EXL
    mtc0    $t1, $12
    nop
    jr      $ra
    nop
