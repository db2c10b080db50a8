/*
 * entry.S -- the first instructions of the kernel.
 *
 * The firmware jumps here in kernel mode with interrupts off, the TLB
 * mapping ksseg onto RAM, and $a0 = the kseg0 address of the boot-info
 * block.  Its $sp points into kseg0 as well, which the kernel never uses,
 * so before anything else we move to our own boot stack (in .bss, ksseg),
 * clear .bss, and call kmain() with the block's ksseg address.
 *
 * The boot stack later becomes the scheduler's stack: processes run on
 * their own kernel stacks (proc.c).
 */
#include "memlayout.h"

    .set noreorder
    .section .text.entry, "ax"
    .globl _start
_start:
    la      $sp, boot_stack_top
    li      $t0, KSSEG_BASE - 0x80000000
    addu    $s0, $a0, $t0               /* s0 = boot-info block, in ksseg */

    la      $t0, __bss_start            /* the loader zeroes .bss already; */
    la      $t1, __bss_end              /* we do not rely on it */
1:  beq     $t0, $t1, 2f
    nop
    sw      $zero, 0($t0)
    b       1b
    addiu   $t0, $t0, 4

2:  move    $a0, $s0
    jal     kmain                       /* never returns */
    addiu   $sp, $sp, -16
3:  b       3b
    nop

    .section .bss
    .balign 8
    .space  8192
    .globl boot_stack_top
boot_stack_top:
