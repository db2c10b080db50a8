/*
 * vectors.S -- how the CPU gets into the kernel and back out.
 *
 * The CPU jumps to fixed addresses on an exception: 0x80000000 for a TLB
 * refill (a user address with no TLB entry), 0x80000180 for everything
 * else (interrupts, syscalls, faults).  Those are kseg0 addresses and the
 * kernel lives in ksseg, so at boot trap_init() copies two tiny stubs to
 * physical 0x000 and 0x180 (through their ksseg alias 0xC0000000 + pa).
 * Each stub only jumps to the real handler below, in ksseg.  k0 and k1
 * ($26, $27) are the registers the ABI reserves for exactly this: user
 * code never expects them to survive.
 *
 *   tlb_refill    walks the current process's page table and loads the
 *                 pair of page-table entries into the TLB: 20 instructions,
 *                 no stack, no registers but k0/k1.
 *   exc_general   saves the interrupted registers in a trapframe on the
 *                 kernel stack, calls trap() in C, and restores them.
 *   trap_return   the restore half alone: how a new process first reaches
 *                 user mode.
 *   idle_wait     the scheduler's `wait` with interrupts enabled.
 */
#include "mips.h"
#include "trapframe.h"

    .set noreorder
    .set noat
    .text

/* ---- the stubs trap_init() copies into the vectors ------------------ */

    .globl vector_refill_stub, vector_general_stub, vector_stub_end
vector_refill_stub:                     /* copied to 0x80000000 */
    lui     $k0, %hi(tlb_refill)
    addiu   $k0, $k0, %lo(tlb_refill)
    jr      $k0
    nop
vector_general_stub:                    /* copied to 0x80000180 */
    lui     $k0, %hi(exc_general)
    addiu   $k0, $k0, %lo(exc_general)
    jr      $k0
    nop
vector_stub_end:

/* ---- TLB refill -------------------------------------------------------
 *
 * The page table (vm.c) has two levels: current_pgdir[va >> 22] is the
 * address of a page of 1024 entries, one per 4 KiB page, or 0.  A TLB
 * entry maps an even/odd pair of pages, so we load both entries of the
 * pair: EntryLo0 = the even page's entry, EntryLo1 = the odd one's.  The
 * CPU already put the faulting VPN2 and the current ASID in EntryHi, so
 * tlbwr (write a random entry) finishes the job, and eret re-runs the
 * instruction that missed.
 *
 * If the address is not a user address, or there is no second-level
 * page, there is nothing to load: go to the general handler, which will
 * see ExcCode TLBL/TLBS and kill the process.  If the pair is there but
 * the entry for this page is 0 (not valid), we still load it: the retry
 * then raises TLBL/TLBS "invalid", which also lands in exc_general.
 */
    .globl tlb_refill
tlb_refill:
    mfc0    $k0, CP0_BADVADDR
    bltz    $k0, 1f                     /* kernel address: not ours */
    srl     $k0, $k0, 22                /* (delay slot) directory index */
    lui     $k1, %hi(current_pgdir)
    lw      $k1, %lo(current_pgdir)($k1)
    sll     $k0, $k0, 2
    addu    $k1, $k1, $k0
    lw      $k1, 0($k1)                 /* the second-level page, or 0 */
    beqz    $k1, 1f
    mfc0    $k0, CP0_BADVADDR           /* (delay slot) */
    srl     $k0, $k0, 10                /* (va >> 12) * 4 ... */
    andi    $k0, $k0, 0xFF8             /* ... of the even page of the pair */
    addu    $k1, $k1, $k0
    lw      $k0, 0($k1)
    lw      $k1, 4($k1)
    mtc0    $k0, CP0_ENTRYLO0
    mtc0    $k1, CP0_ENTRYLO1
    nop                                 /* CP0 hazard before tlbwr */
    tlbwr
    eret
1:  j       exc_general
    nop

/* ---- every other exception --------------------------------------------
 *
 * From user mode we switch to the current process's kernel stack (its top
 * is in kstack_top, set by the scheduler); from kernel mode (an interrupt
 * while the scheduler idles, or a kernel bug) we stay on the current
 * stack.  Status.KSU still says which mode was interrupted: the CPU only
 * set EXL.
 */
    .globl exc_general
exc_general:
    mfc0    $k0, CP0_STATUS
    andi    $k0, $k0, ST_KSU_USER
    beqz    $k0, 1f
    move    $k1, $sp                    /* (delay slot) from kernel: same stack */
    lui     $k1, %hi(kstack_top)
    lw      $k1, %lo(kstack_top)($k1)   /* from user: the kernel stack */
1:  addiu   $k1, $k1, -TF_SIZE
    sw      $sp, TF_REG(29)($k1)
    move    $sp, $k1
    sw      $1,  TF_REG(1)($sp)
    sw      $2,  TF_REG(2)($sp)
    sw      $3,  TF_REG(3)($sp)
    sw      $4,  TF_REG(4)($sp)
    sw      $5,  TF_REG(5)($sp)
    sw      $6,  TF_REG(6)($sp)
    sw      $7,  TF_REG(7)($sp)
    sw      $8,  TF_REG(8)($sp)
    sw      $9,  TF_REG(9)($sp)
    sw      $10, TF_REG(10)($sp)
    sw      $11, TF_REG(11)($sp)
    sw      $12, TF_REG(12)($sp)
    sw      $13, TF_REG(13)($sp)
    sw      $14, TF_REG(14)($sp)
    sw      $15, TF_REG(15)($sp)
    sw      $16, TF_REG(16)($sp)
    sw      $17, TF_REG(17)($sp)
    sw      $18, TF_REG(18)($sp)
    sw      $19, TF_REG(19)($sp)
    sw      $20, TF_REG(20)($sp)
    sw      $21, TF_REG(21)($sp)
    sw      $22, TF_REG(22)($sp)
    sw      $23, TF_REG(23)($sp)
    sw      $24, TF_REG(24)($sp)
    sw      $25, TF_REG(25)($sp)
    sw      $28, TF_REG(28)($sp)
    sw      $30, TF_REG(30)($sp)
    sw      $31, TF_REG(31)($sp)
    mfhi    $8
    mflo    $9
    sw      $8,  TF_HI($sp)
    sw      $9,  TF_LO($sp)
    mfc0    $8,  CP0_EPC
    mfc0    $9,  CP0_STATUS
    mfc0    $10, CP0_CAUSE
    mfc0    $11, CP0_BADVADDR
    sw      $8,  TF_EPC($sp)
    sw      $9,  TF_STATUS($sp)
    sw      $10, TF_CAUSE($sp)
    sw      $11, TF_BADVADDR($sp)

    /* Leave exception level: kernel mode, interrupts off.  The kernel
     * always runs with IE=0, so it is never interrupted (except where the
     * scheduler idles, see idle_wait). */
    li      $10, ~(ST_KSU | ST_EXL | ST_IE)
    and     $9, $9, $10
    mtc0    $9, CP0_STATUS
    nop

    move    $a0, $sp
    jal     trap                        /* trap(struct trapframe *) */
    addiu   $sp, $sp, -16               /* (delay slot) the callee's arg area */
    b       restore
    addiu   $sp, $sp, 16                /* (delay slot) */

/* trap_return(tf): restore everything from the trapframe tf and eret.  The
 * saved Status has EXL=1, so writing it back keeps us in kernel mode with
 * interrupts masked until eret clears EXL and lands in the mode KSU names.
 * A new process reaches user mode for the first time through here. */
    .globl trap_return
trap_return:
    move    $sp, $a0
restore:
    lw      $8,  TF_STATUS($sp)
    mtc0    $8,  CP0_STATUS
    lw      $9,  TF_EPC($sp)
    mtc0    $9,  CP0_EPC
    lw      $8,  TF_HI($sp)
    lw      $9,  TF_LO($sp)
    mthi    $8
    mtlo    $9
    lw      $1,  TF_REG(1)($sp)
    lw      $2,  TF_REG(2)($sp)
    lw      $3,  TF_REG(3)($sp)
    lw      $4,  TF_REG(4)($sp)
    lw      $5,  TF_REG(5)($sp)
    lw      $6,  TF_REG(6)($sp)
    lw      $7,  TF_REG(7)($sp)
    lw      $8,  TF_REG(8)($sp)
    lw      $9,  TF_REG(9)($sp)
    lw      $10, TF_REG(10)($sp)
    lw      $11, TF_REG(11)($sp)
    lw      $12, TF_REG(12)($sp)
    lw      $13, TF_REG(13)($sp)
    lw      $14, TF_REG(14)($sp)
    lw      $15, TF_REG(15)($sp)
    lw      $16, TF_REG(16)($sp)
    lw      $17, TF_REG(17)($sp)
    lw      $18, TF_REG(18)($sp)
    lw      $19, TF_REG(19)($sp)
    lw      $20, TF_REG(20)($sp)
    lw      $21, TF_REG(21)($sp)
    lw      $22, TF_REG(22)($sp)
    lw      $23, TF_REG(23)($sp)
    lw      $24, TF_REG(24)($sp)
    lw      $25, TF_REG(25)($sp)
    lw      $28, TF_REG(28)($sp)
    lw      $30, TF_REG(30)($sp)
    lw      $31, TF_REG(31)($sp)
    lw      $sp, TF_REG(29)($sp)        /* last: it was our base */
    eret

/* ---- idling -------------------------------------------------------------
 *
 * idle_wait(): enable interrupts, sleep in `wait` until one arrives, turn
 * interrupts off again.  An interrupt may arrive just after IE=1 and before
 * `wait`: then exc_general returns to the `wait`, which would sleep until
 * the NEXT interrupt.  trap() avoids that by stepping EPC past the wait
 * when it sees EPC == idle_wait_insn (the same trick as Linux's
 * r4k_wait_irqoff).
 */
    .globl idle_wait, idle_wait_insn
idle_wait:
    mfc0    $8, CP0_STATUS
    ori     $8, $8, ST_IE
    mtc0    $8, CP0_STATUS
idle_wait_insn:
    wait
    mfc0    $8, CP0_STATUS
    li      $9, ~ST_IE
    and     $8, $8, $9
    mtc0    $8, CP0_STATUS
    jr      $ra
    nop
