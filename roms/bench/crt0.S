/*
 * crt0.S -- entry of the bench workload: set up a stack, clear .bss,
 * call main(), exit with its value.  Kernel mode, interrupts are never
 * enabled, no exception is expected.
 */
    .set    noreorder
    .section .text.start, "ax"
    .globl  _start
    .ent    _start
_start:
    la      $sp, __stack_top
    la      $t0, __bss_start
    la      $t1, __bss_end
1:  beq     $t0, $t1, 2f
    nop
    sw      $zero, 0($t0)
    b       1b
    addiu   $t0, $t0, 4
2:  jal     main
    addiu   $sp, $sp, -16
    jal     bench_exit          /* never returns */
    move    $a0, $v0
3:  b       3b
    nop
    .end    _start
