/*
 * swtch.S -- switch from one kernel thread of control to another.
 *
 * swtch(struct context *old, struct context *new) saves the registers a C
 * function must preserve (s0-s7, s8/fp, sp, ra) into *old and loads them
 * from *new, then returns -- on the new stack, to wherever *new was saved.
 * Every process has its own kernel stack, and the scheduler has the boot
 * stack; a process gives up the CPU by swtch'ing to the scheduler
 * (proc.c: sched), and the scheduler gives it to a process by swtch'ing
 * to that process's saved context.  Caller-saved registers need no saving:
 * the C compiler already assumes swtch() clobbers them.
 *
 * The layout must match struct context in proc.h.
 */
    .set noreorder
    .text
    .globl swtch
swtch:
    sw      $s0, 0($a0)
    sw      $s1, 4($a0)
    sw      $s2, 8($a0)
    sw      $s3, 12($a0)
    sw      $s4, 16($a0)
    sw      $s5, 20($a0)
    sw      $s6, 24($a0)
    sw      $s7, 28($a0)
    sw      $fp, 32($a0)
    sw      $sp, 36($a0)
    sw      $ra, 40($a0)

    lw      $s0, 0($a1)
    lw      $s1, 4($a1)
    lw      $s2, 8($a1)
    lw      $s3, 12($a1)
    lw      $s4, 16($a1)
    lw      $s5, 20($a1)
    lw      $s6, 24($a1)
    lw      $s7, 28($a1)
    lw      $fp, 32($a1)
    lw      $sp, 36($a1)
    lw      $ra, 40($a1)
    jr      $ra
    nop
