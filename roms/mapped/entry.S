/*
 * entry.S -- the first instructions of a mapped kernel, its exception
 * vector stubs and its one exception path (mapped.h).
 *
 * The firmware jumps to _start in kernel mode with interrupts off, ksseg
 * mapped onto RAM, $a0 = the kseg0 address of the boot-info block and $sp
 * in kseg0 just below it.  A mapped kernel never touches kseg0 itself
 * (under the monitor that is emulated, slowly), so we move to our own
 * stack in ksseg, clear .bss and call mp_start() with the block's ksseg
 * address.
 *
 * The vmtests programs count instructions through this file (loop rounds
 * before a timer interrupt, Count - Compare in a handler): a change here
 * changes their .expected files (roms/vmtests/README.md).
 */
    .set noreorder
    .set noat

/* struct mp_frame (mapped.h) */
#define F_R(n)      ((n) * 4)
#define F_HI        128
#define F_LO        132
#define F_EPC       136
#define F_CAUSE     140
#define F_STATUS    144
#define F_BADVADDR  148
#define F_ENTRYHI   152
#define F_CONTEXT   156
#define F_VECTOR    160
#define F_ALLOC     (168 + 16)      /* frame, 8-aligned, + o32 argument area */

#define ST_EXL      0x2

    .section .text.entry, "ax"
    .globl _start
_start:
    la      $sp, mp_stack_top
    li      $t0, 0xC0000000 - 0x80000000
    addu    $s0, $a0, $t0               /* s0 = boot-info block, via ksseg */
    la      $t0, __bss_start            /* the loader zeroes .bss; do not */
    la      $t1, __bss_end              /* rely on it */
1:  beq     $t0, $t1, 2f
    nop
    sw      $zero, 0($t0)
    b       1b
    addiu   $t0, $t0, 4
2:  move    $a0, $s0
    jal     mp_start                    /* never returns */
    addiu   $sp, $sp, -16
3:  b       3b
    nop

/* ---- vector stubs ----------------------------------------------------------
 * mp_start() copies each 4-word stub to physical 0x000 / 0x180 (/ 0x200
 * with MAPPED_IRQ_VECTOR), the CPU's vectors in kseg0.  They are the only
 * kseg0 code a mapped kernel runs: load the vector offset into k1 -- which
 * vector the CPU chose is what the EXL and Cause.IV tests look at -- and
 * jump to mp_exc_common in ksseg. */
    .text
    .globl mp_stub_refill, mp_stub_general, mp_stub_irq, mp_stub_end
mp_stub_refill:
    lui     $k0, %hi(mp_exc_common)
    addiu   $k0, $k0, %lo(mp_exc_common)
    jr      $k0
    li      $k1, 0x000                  /* (delay slot) */
mp_stub_general:
    lui     $k0, %hi(mp_exc_common)
    addiu   $k0, $k0, %lo(mp_exc_common)
    jr      $k0
    li      $k1, 0x180                  /* (delay slot) */
mp_stub_irq:
    lui     $k0, %hi(mp_exc_common)
    addiu   $k0, $k0, %lo(mp_exc_common)
    jr      $k0
    li      $k1, 0x200                  /* (delay slot) */
mp_stub_end:

/* ---- the exception path -----------------------------------------------------
 * Only k0/k1 are used before the registers are saved; the interrupted $sp
 * is never trusted (it may be a user address).  One exception stack: a
 * handler must not itself take an exception.  Under the monitor each CP0
 * read and write here traps, so the path saves only what handlers report
 * (mapped.h) and writes back only EPC and Status. */
    .globl mp_exc_common
    .ent mp_exc_common
mp_exc_common:
    la      $k0, mp_exc_stack_top
    addiu   $k0, $k0, -F_ALLOC
    sw      $0, F_R(0)($k0)
    sw      $1, F_R(1)($k0)
    sw      $2, F_R(2)($k0)
    sw      $3, F_R(3)($k0)
    sw      $4, F_R(4)($k0)
    sw      $5, F_R(5)($k0)
    sw      $6, F_R(6)($k0)
    sw      $7, F_R(7)($k0)
    sw      $8, F_R(8)($k0)
    sw      $9, F_R(9)($k0)
    sw      $10, F_R(10)($k0)
    sw      $11, F_R(11)($k0)
    sw      $12, F_R(12)($k0)
    sw      $13, F_R(13)($k0)
    sw      $14, F_R(14)($k0)
    sw      $15, F_R(15)($k0)
    sw      $16, F_R(16)($k0)
    sw      $17, F_R(17)($k0)
    sw      $18, F_R(18)($k0)
    sw      $19, F_R(19)($k0)
    sw      $20, F_R(20)($k0)
    sw      $21, F_R(21)($k0)
    sw      $22, F_R(22)($k0)
    sw      $23, F_R(23)($k0)
    sw      $24, F_R(24)($k0)
    sw      $25, F_R(25)($k0)
    sw      $0, F_R(26)($k0)
    sw      $0, F_R(27)($k0)
    sw      $28, F_R(28)($k0)
    sw      $29, F_R(29)($k0)
    sw      $30, F_R(30)($k0)
    sw      $31, F_R(31)($k0)
    sw      $k1, F_VECTOR($k0)
    mfhi    $8
    sw      $8, F_HI($k0)
    mflo    $8
    sw      $8, F_LO($k0)
    mfc0    $8, $14                     /* EPC */
    sw      $8, F_EPC($k0)
    mfc0    $8, $13                     /* Cause */
    sw      $8, F_CAUSE($k0)
    mfc0    $8, $12                     /* Status */
    sw      $8, F_STATUS($k0)
    mfc0    $8, $8                      /* BadVAddr */
    sw      $8, F_BADVADDR($k0)
    mfc0    $8, $10                     /* EntryHi */
    sw      $8, F_ENTRYHI($k0)
    mfc0    $8, $4                      /* Context */
    sw      $8, F_CONTEXT($k0)

    move    $s0, $k0                    /* s0 = frame; survives the call */
    move    $a0, $k0
    jal     mp_dispatch                 /* mp_dispatch(frame), lib.c */
    move    $sp, $k0                    /* (delay slot) */

    move    $k0, $s0
    lw      $8, F_HI($k0)
    mthi    $8
    lw      $8, F_LO($k0)
    mtlo    $8
    lw      $8, F_EPC($k0)
    mtc0    $8, $14
    lw      $8, F_STATUS($k0)
    ori     $8, $8, ST_EXL              /* stay at EXL until the eret */
    mtc0    $8, $12
    nop
    nop
    lw      $1, F_R(1)($k0)
    lw      $2, F_R(2)($k0)
    lw      $3, F_R(3)($k0)
    lw      $4, F_R(4)($k0)
    lw      $5, F_R(5)($k0)
    lw      $6, F_R(6)($k0)
    lw      $7, F_R(7)($k0)
    lw      $8, F_R(8)($k0)
    lw      $9, F_R(9)($k0)
    lw      $10, F_R(10)($k0)
    lw      $11, F_R(11)($k0)
    lw      $12, F_R(12)($k0)
    lw      $13, F_R(13)($k0)
    lw      $14, F_R(14)($k0)
    lw      $15, F_R(15)($k0)
    lw      $16, F_R(16)($k0)
    lw      $17, F_R(17)($k0)
    lw      $18, F_R(18)($k0)
    lw      $19, F_R(19)($k0)
    lw      $20, F_R(20)($k0)
    lw      $21, F_R(21)($k0)
    lw      $22, F_R(22)($k0)
    lw      $23, F_R(23)($k0)
    lw      $24, F_R(24)($k0)
    lw      $25, F_R(25)($k0)
    lw      $28, F_R(28)($k0)
    lw      $29, F_R(29)($k0)
    lw      $30, F_R(30)($k0)
    lw      $31, F_R(31)($k0)
    move    $k1, $0
    move    $k0, $0
    eret
    nop
    .end mp_exc_common

/* ---- stacks ------------------------------------------------------------------
 * In their own section after .bss (ksseg.ld), so _start need not clear
 * them: 12 KiB less of start-up work. */
    .section .stack, "aw", @nobits
    .balign 8
    .space  8192
    .globl mp_stack_top
mp_stack_top:
    .space  4096
    .globl mp_exc_stack_top
mp_exc_stack_top:
