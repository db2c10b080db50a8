/*
 * vt_timer_asm.S -- the loops of vt_timer.c, written out so that their
 * length in instructions (which is time) is the same on every build.
 */
#include "vt.h"

    .set noreorder

/* void tm_spin(uint32_t n): 3n instructions. */
    .globl tm_spin
tm_spin:
1:  addiu   $a0, $a0, -1
    bnez    $a0, 1b
    nop
    jr      $ra
    nop

/* void tm_busy(uint32_t n): n rounds of a branch whose delay slot is a
 * CP0 read (a trap to the monitor every round). */
    .globl tm_busy
tm_busy:
1:  addiu   $a0, $a0, -1
    bnez    $a0, 1b
    mfc0    $t0, $12
    jr      $ra
    nop

/* uint32_t tm_until(volatile uint32_t *flag, uint32_t limit): rounds until
 * *flag != 0 (at most limit). */
    .globl tm_until
tm_until:
    move    $v0, $zero
1:  lw      $t0, 0($a0)
    bnez    $t0, 2f
    nop
    addiu   $v0, $v0, 1
    bne     $v0, $a1, 1b
    nop
2:  jr      $ra
    nop

/* void tm_wait(void): one `wait`, its address left in tm_mark. */
    .globl tm_wait
tm_wait:
    la      $t0, 1f
    sw      $t0, tm_mark
1:  wait
    jr      $ra
    nop

/* void tm_user(uint32_t pc, uint32_t status): eret to pc with Status =
 * status | EXL; the handler brings us back to tm_back in kernel mode. */
    .globl tm_user
tm_user:
    la      $t0, 1f
    sw      $t0, tm_back
    mtc0    $a0, $14
    ori     $a1, $a1, 0x2
    mtc0    $a1, $12
    nop
    nop
    eret
1:  jr      $ra
    nop

/* User mode: count in $v0 forever (the timer handler ends it). */
    .section .user.text, "ax"
    .globl tm_user_loop
tm_user_loop:
    move    $v0, $zero
1:  b       1b
    addiu   $v0, $v0, 1
