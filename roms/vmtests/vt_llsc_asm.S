/*
 * vt_llsc_asm.S -- ll, something that traps, sc (vt_llsc.c).
 *
 * Each LLSC function  uint32_t f(uint32_t *p, uint32_t va)  runs
 *     ll  $t0, 0(p);  <middle>;  addiu $t0, 1;  sc $t0, 0(p)
 * and returns what sc left in $t0: 1 if it stored, 0 if it failed.
 * va is for the middle's loads.
 */
#include "vt.h"

    .set noreorder

.macro LLSC name, m1, m2=nop, m3=nop, m4=nop, m5=nop
    .globl \name
    .ent \name
\name:
    li      $a3, UART_LSR_ADDR
    ll      $t0, 0($a0)
    \m1
    \m2
    \m3
    \m4
    \m5
    addiu   $t0, $t0, 1
    sc      $t0, 0($a0)
    jr      $ra
    move    $v0, $t0
    .end \name
.endm

    .text
    LLSC llsc_nothing, nop
    LLSC llsc_mfc0, "mfc0 $t1, $12"
    LLSC llsc_mtc0, "mtc0 $zero, $2"
    LLSC llsc_load, "lw $t1, 0($a1)"
    LLSC llsc_io, "lbu $t1, 0($a3)"
    LLSC llsc_syscall, syscall
    /* 40 loads 8 KiB apart: 40 shadow entries under the monitor, which push
     * out every other shadow, the ll's page and this code's included. */
    LLSC llsc_sweep, "li $t2, 40", "1: lw $t1, 0($a1)", "addiu $t2, $t2, -1", \
         "bnez $t2, 1b", "addiu $a1, $a1, 0x2000"

/* uint32_t llsc_loop(uint32_t *p, uint32_t n, uint32_t trap): add n to *p,
 * one ll/addiu/[mfc0]/sc/beqz round at a time, the mfc0 only if trap != 0;
 * returns the number of failed sc.  After 1000 failures it gives up: a
 * monitor whose returns clear LLbit never lets the loop finish. */
    .globl llsc_loop
    .ent llsc_loop
llsc_loop:
    move    $v0, $zero
1:  ll      $t0, 0($a0)
    addiu   $t0, $t0, 1
    beqz    $a2, 2f
    nop
    mfc0    $t1, $12
2:  sc      $t0, 0($a0)
    beqz    $t0, 3f
    addiu   $a1, $a1, -1
    bnez    $a1, 1b
    nop
    jr      $ra
    nop
3:  addiu   $a1, $a1, 1                 /* that round did not count */
    addiu   $v0, $v0, 1
    sltiu   $t1, $v0, 1000
    bnez    $t1, 1b
    nop
    jr      $ra
    nop
    .end llsc_loop
