/*
 * crt0.S -- start-up code and exception vectors of the test runtime (rt.h).
 *
 * _start      Status = 0, Cause = 0, a known TLB state, $sp at the top of
 *             the program's own stack, .bss cleared, main(), rt_exit().
 * vectors     0x80000000 TLB refill, 0x80000180 general, 0x80000200
 *             interrupt (Cause.IV=1).  Each loads the vector offset into k1
 *             and jumps to rt_exc_common, which saves every register into a
 *             struct rt_frame on the private exception stack, calls
 *             rt_dispatch(frame) (lib.c), restores the frame (registers,
 *             HI/LO, EPC, Status with EXL kept set) and erets.
 *
 * Only k0 and k1 are touched before the registers are saved; the
 * interrupted code's $sp is never used (it may be a user address that is
 * not mapped).  k0 and k1 are saved as 0 and restored from the frame, so a
 * program sees k0 = k1 = 0 after every exception on both machines.
 */
    .set noreorder
    .set noat

/* struct rt_frame (rt.h) */
#define F_R(n)      ((n) * 4)
#define F_HI        128
#define F_LO        132
#define F_EPC       136
#define F_CAUSE     140
#define F_STATUS    144
#define F_BADVADDR  148
#define F_CONTEXT   152
#define F_ENTRYHI   156
#define F_VECTOR    160
#define F_SIZE      168         /* rounded up to 8 */
#define F_ALLOC     (F_SIZE + 16)   /* + the o32 argument save area */

#define STATUS_EXL  0x2

/* ------------------------------------------------------------------------ */
    .section .vectors, "ax"
    .globl rt_vector_refill
rt_vector_refill:                       /* 0x80000000 */
    j       rt_exc_common
    li      $27, 0x000

    .org    0x180
    .globl rt_vector_general
rt_vector_general:                      /* 0x80000180 */
    j       rt_exc_common
    li      $27, 0x180

    .org    0x200
    .globl rt_vector_interrupt
rt_vector_interrupt:                    /* 0x80000200 */
    j       rt_exc_common
    li      $27, 0x200

/* ------------------------------------------------------------------------ */
    .text
    .globl _start
    .ent _start
_start:
    mtc0    $0, $12                     /* Status = 0: kernel, BEV=0, ERL=0, EXL=0, IE=0 */
    nop
    nop
    mtc0    $0, $13                     /* Cause = 0: IV=0, no software interrupts */
    nop

    /* A known TLB state on both machines (QEMU comes out of reset with
     * every entry zero, all matching VA 0): every entry invalid, each with
     * a distinct VPN2 in kseg0, which is never translated; Wired = 0,
     * PageMask = 4 KiB, EntryHi = 0 (ASID 0). */
    mfc0    $8, $16, 1                  /* Config1 */
    srl     $8, $8, 25
    andi    $8, $8, 0x3F
    addiu   $8, $8, 1                   /* $8 = number of TLB entries */
    mtc0    $0, $6                      /* Wired */
    mtc0    $0, $5                      /* PageMask */
    mtc0    $0, $2                      /* EntryLo0 */
    mtc0    $0, $3                      /* EntryLo1 */
    lui     $9, 0x8000
    move    $10, $0
1:  mtc0    $10, $0                     /* Index */
    mtc0    $9, $10                     /* EntryHi = 0x80000000 + i * 8 KiB */
    nop
    nop
    tlbwi
    addiu   $10, $10, 1
    bne     $10, $8, 1b
    addiu   $9, $9, 0x2000
    mtc0    $0, $10                     /* EntryHi = 0 */
    mtc0    $0, $0                      /* Index = 0 */
    mtc0    $0, $4                      /* Context = 0 */
    nop

    /* The stack, then .bss (the stack is in .bss but not yet in use). */
    la      $29, _stack_top
    la      $8, _bss_start
    la      $9, _bss_end
    beq     $8, $9, 3f
    nop
2:  sw      $0, 0($8)
    addiu   $8, $8, 4
    bne     $8, $9, 2b
    nop
3:
    move    $4, $0                      /* main(0, 0) */
    move    $5, $0
    jal     main
    addiu   $29, $29, -16               /* o32 argument save area */
    jal     rt_exit
    move    $4, $2
4:  b       4b
    nop
    .end _start

/* ------------------------------------------------------------------------ */
    .globl rt_exc_common
    .ent rt_exc_common
rt_exc_common:
    la      $26, _exc_stack_top
    addiu   $26, $26, -F_ALLOC
    sw      $0, F_R(0)($26)
    sw      $1, F_R(1)($26)
    sw      $2, F_R(2)($26)
    sw      $3, F_R(3)($26)
    sw      $4, F_R(4)($26)
    sw      $5, F_R(5)($26)
    sw      $6, F_R(6)($26)
    sw      $7, F_R(7)($26)
    sw      $8, F_R(8)($26)
    sw      $9, F_R(9)($26)
    sw      $10, F_R(10)($26)
    sw      $11, F_R(11)($26)
    sw      $12, F_R(12)($26)
    sw      $13, F_R(13)($26)
    sw      $14, F_R(14)($26)
    sw      $15, F_R(15)($26)
    sw      $16, F_R(16)($26)
    sw      $17, F_R(17)($26)
    sw      $18, F_R(18)($26)
    sw      $19, F_R(19)($26)
    sw      $20, F_R(20)($26)
    sw      $21, F_R(21)($26)
    sw      $22, F_R(22)($26)
    sw      $23, F_R(23)($26)
    sw      $24, F_R(24)($26)
    sw      $25, F_R(25)($26)
    sw      $0, F_R(26)($26)
    sw      $0, F_R(27)($26)
    sw      $28, F_R(28)($26)
    sw      $29, F_R(29)($26)
    sw      $30, F_R(30)($26)
    sw      $31, F_R(31)($26)
    sw      $27, F_VECTOR($26)
    mfhi    $8
    sw      $8, F_HI($26)
    mflo    $8
    sw      $8, F_LO($26)
    mfc0    $8, $14                     /* EPC */
    sw      $8, F_EPC($26)
    mfc0    $8, $13                     /* Cause */
    sw      $8, F_CAUSE($26)
    mfc0    $8, $12                     /* Status */
    sw      $8, F_STATUS($26)
    mfc0    $8, $8                      /* BadVAddr */
    sw      $8, F_BADVADDR($26)
    mfc0    $8, $4                      /* Context */
    sw      $8, F_CONTEXT($26)
    mfc0    $8, $10                     /* EntryHi */
    sw      $8, F_ENTRYHI($26)

    move    $16, $26                    /* s0 = frame; survives the call */
    move    $4, $26                     /* rt_dispatch(frame) */
    jal     rt_dispatch
    addiu   $29, $26, -16

    move    $26, $16
    lw      $8, F_HI($26)
    mthi    $8
    lw      $8, F_LO($26)
    mtlo    $8
    lw      $8, F_EPC($26)
    mtc0    $8, $14
    lw      $8, F_STATUS($26)
    ori     $8, $8, STATUS_EXL          /* stay at EXL until the eret */
    mtc0    $8, $12
    nop
    nop
    lw      $1, F_R(1)($26)
    lw      $2, F_R(2)($26)
    lw      $3, F_R(3)($26)
    lw      $4, F_R(4)($26)
    lw      $5, F_R(5)($26)
    lw      $6, F_R(6)($26)
    lw      $7, F_R(7)($26)
    lw      $8, F_R(8)($26)
    lw      $9, F_R(9)($26)
    lw      $10, F_R(10)($26)
    lw      $11, F_R(11)($26)
    lw      $12, F_R(12)($26)
    lw      $13, F_R(13)($26)
    lw      $14, F_R(14)($26)
    lw      $15, F_R(15)($26)
    lw      $16, F_R(16)($26)
    lw      $17, F_R(17)($26)
    lw      $18, F_R(18)($26)
    lw      $19, F_R(19)($26)
    lw      $20, F_R(20)($26)
    lw      $21, F_R(21)($26)
    lw      $22, F_R(22)($26)
    lw      $23, F_R(23)($26)
    lw      $24, F_R(24)($26)
    lw      $25, F_R(25)($26)
    lw      $28, F_R(28)($26)
    lw      $29, F_R(29)($26)
    lw      $30, F_R(30)($26)
    lw      $31, F_R(31)($26)
    lw      $27, F_R(27)($26)
    lw      $26, F_R(26)($26)
    eret
    nop
    .end rt_exc_common
