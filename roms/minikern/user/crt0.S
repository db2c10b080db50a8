/*
 * crt0.S -- where a user program starts.
 *
 * The kernel (proc.c) enters here in user mode with a0 = argc,
 * a1 = argv and sp below the argument strings, so main(argc, argv)
 * can be called directly; its return value becomes the exit status.
 */
    .set noreorder
    .section .text.start, "ax"
    .globl _start
_start:
    jal     main
    nop
    jal     exit                /* exit(main's result): never returns */
    move    $a0, $v0
1:  b       1b
    nop
