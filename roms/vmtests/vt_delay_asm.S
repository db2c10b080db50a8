/*
 * vt_delay_asm.S -- the branch cases of vt_delay.c: every branch form of
 * MIPS32 with a trapping instruction in its delay slot.
 *
 * Each case is a function  void case(struct dl_result *r, uint32_t va)
 * that runs one branch, with one of four slot instructions:
 *
 *   k0  mfc0 $t0, PRId     under the monitor: CpU, emulated, invisible
 *   k1  lw $t0, 0(va)      a kuseg page: a shadow fill (va mapped) or a
 *                          guest TLB refill (va unmapped), as C arranges
 *   k2  lbu $t0, UART LSR  the I/O window: emulated on the virtual CPU
 *   k3  syscall            reflected: the handler must see BD=1 and
 *                          EPC = the branch, and resumes at dl_resume
 *
 * and records where it went (1: the target, 2: the fall-through, 0: the
 * handler resumed it at the end), what the slot left in $t0 (0x5a5a5a5a
 * if the slot did not run) and the link register.  Everything the branch
 * reads or writes is set here, so a branch that the monitor (or the
 * guest's own eret) executes twice must come out the same.
 */
#include "vt.h"

    .set noreorder

/* struct dl_result (vt_delay.c) */
#define R_WENT  0
#define R_SLOT  4
#define R_LINK  8
#define R_SITE  12

#define SENTINEL 0x5a5a5a5a

/* CASE name, a2 value, branch opcode, operands before the target,
 * kind (0..3), reg=1 for jr/jalr (target in $t9) */
.macro CASE name, value, op, ops, kind, reg=0
    .globl \name
    .ent \name
\name:
    move    $t8, $ra
    li      $t0, SENTINEL
    li      $v0, 0
    move    $ra, $zero
    li      $a3, UART_LSR_ADDR
    la      $t9, 3f
    la      $t1, 1f
    sw      $t1, R_SITE($a0)
    sw      $t1, dl_site
    la      $t1, 4f
    sw      $t1, dl_resume
    li      $a2, \value
1:
.if \reg
    \op     $t9
.else
    \op     \ops 3f
.endif
.if \kind == 0
    mfc0    $t0, $15
.elseif \kind == 1
    lw      $t0, 0($a1)
.elseif \kind == 2
    lbu     $t0, 0($a3)
.else
    syscall
.endif
    b       4f
    li      $v0, 2
3:  li      $v0, 1
4:  sw      $v0, R_WENT($a0)
    sw      $t0, R_SLOT($a0)
    sw      $ra, R_LINK($a0)
    jr      $t8
    nop
    .end \name
.endm

/* FORM name, a2 value, opcode, operands: the four slot kinds */
.macro FORM name, value, op, ops, reg=0
    CASE \name\()_k0, \value, \op, "\ops", 0, \reg
    CASE \name\()_k1, \value, \op, "\ops", 1, \reg
    CASE \name\()_k2, \value, \op, "\ops", 2, \reg
    CASE \name\()_k3, \value, \op, "\ops", 3, \reg
.endm

    .text
    FORM j,          0, j,       ""
    FORM jal,        0, jal,     ""
    FORM jr,         0, jr,      "", 1
    FORM jalr,       0, jalr,    "", 1
    FORM beq_t,      0, beq,     "$a2, $zero,"
    FORM beq_n,      1, beq,     "$a2, $zero,"
    FORM bne_t,      1, bne,     "$a2, $zero,"
    FORM bne_n,      0, bne,     "$a2, $zero,"
    FORM blez_t,     0, blez,    "$a2,"
    FORM blez_n,     1, blez,    "$a2,"
    FORM bgtz_t,     1, bgtz,    "$a2,"
    FORM bgtz_n,     0, bgtz,    "$a2,"
    FORM bltz_t,    -1, bltz,    "$a2,"
    FORM bltz_n,     0, bltz,    "$a2,"
    FORM bgez_t,     0, bgez,    "$a2,"
    FORM bgez_n,    -1, bgez,    "$a2,"
    FORM bltzal_t,  -1, bltzal,  "$a2,"
    FORM bltzal_n,   0, bltzal,  "$a2,"
    FORM bgezal_t,   0, bgezal,  "$a2,"
    FORM bgezal_n,  -1, bgezal,  "$a2,"
    FORM beql_t,     0, beql,    "$a2, $zero,"
    FORM beql_n,     1, beql,    "$a2, $zero,"
    FORM bnel_t,     1, bnel,    "$a2, $zero,"
    FORM bnel_n,     0, bnel,    "$a2, $zero,"
    FORM blezl_t,   -1, blezl,   "$a2,"
    FORM blezl_n,    1, blezl,   "$a2,"
    FORM bgtzl_t,    1, bgtzl,   "$a2,"
    FORM bgtzl_n,   -1, bgtzl,   "$a2,"
    FORM bltzl_t,   -1, bltzl,   "$a2,"
    FORM bltzl_n,    0, bltzl,   "$a2,"
    FORM bgezl_t,    0, bgezl,   "$a2,"
    FORM bgezl_n,   -1, bgezl,   "$a2,"
    FORM bltzall_t, -1, bltzall, "$a2,"
    FORM bltzall_n,  0, bltzall, "$a2,"
    FORM bgezall_t,  0, bgezall, "$a2,"
    FORM bgezall_n, -1, bgezall, "$a2,"

/* ---- stress: a CpU trap in a delay slot, 50,000 times in a row ----------
 * uint32_t dl_stressN(uint32_t n): the sum of n reads of PRId.  N extra
 * nops shift where the monitor's preemption timer lands in the loop, so
 * that some time slice ends between the branch and its trapping slot, and
 * the next one starts in the slot (trap.c: "the slot was the first
 * instruction of this run"). */
.macro STRESS name, pad
    .globl \name
    .ent \name
\name:
    move    $v0, $zero
    mfc0    $t0, $15
1:  addu    $v0, $v0, $t0
    .rept \pad
    nop
    .endr
    addiu   $a0, $a0, -1
    bnez    $a0, 1b
    mfc0    $t0, $15
    jr      $ra
    nop
    .end \name
.endm

    STRESS dl_stress0, 0
    STRESS dl_stress1, 1
    STRESS dl_stress2, 2
    STRESS dl_stress3, 3

/* ---- a delay slot on the next page ----------------------------------------
 * XCASE name, kind, at: the branch (bgezal $zero: taken, links) is the last
 * word of a page, at offset `at` of this section; its slot is the first
 * word of the next page, which nothing has fetched before.  Under the
 * monitor that fetch misses in the real TLB with BD=1: a shadow fill (a
 * refill or, when the two pages share a pair, an invalid), and the branch
 * must run again.  kind as above, plus 4: a nop.  Same interface as CASE. */
.macro XCASE name, kind, at
    .globl \name
    .ent \name
\name:
    move    $t8, $ra
    li      $t0, SENTINEL
    li      $v0, 0
    move    $ra, $zero
    li      $a3, UART_LSR_ADDR
    la      $t1, 1f
    sw      $t1, R_SITE($a0)
    sw      $t1, dl_site
    la      $t1, 4f
    sw      $t1, dl_resume
    b       1f
    nop
    .org    \at
1:  bgezal  $zero, 3f
.if \kind == 0
    mfc0    $t0, $15
.elseif \kind == 1
    lw      $t0, 0($a1)
.elseif \kind == 2
    lbu     $t0, 0($a3)
.elseif \kind == 3
    syscall
.else
    nop
.endif
    b       4f
    li      $v0, 2
3:  li      $v0, 1
4:  sw      $v0, R_WENT($a0)
    sw      $t0, R_SLOT($a0)
    sw      $ra, R_LINK($a0)
    jr      $t8
    nop
    .end \name
.endm

    .section .text.xpage, "ax"
    .balign 8192
    XCASE xpage_nop_a, 4, 0x0ffc        /* even page -> odd: same pair */
    XCASE xpage_nop_b, 4, 0x1ffc        /* odd page -> even: next pair */
    XCASE xpage_k0_a, 0, 0x2ffc
    XCASE xpage_k0_b, 0, 0x3ffc
    XCASE xpage_k1_a, 1, 0x4ffc
    XCASE xpage_k1_b, 1, 0x5ffc
    XCASE xpage_k2_a, 2, 0x6ffc
    XCASE xpage_k2_b, 2, 0x7ffc
    XCASE xpage_k3_a, 3, 0x8ffc
    XCASE xpage_k3_b, 3, 0x9ffc

/* ---- the same in user mode, where the next page is not mapped ------------------
 * void dl_user(uint32_t pc): eret to pc in user mode; the code there ends
 * with syscall ($v0 = 99), whose handler brings us back to dl_back. */
    .text
    .globl dl_user
dl_user:
    move    $t8, $ra
    la      $t0, 1f
    sw      $t0, dl_back
    mtc0    $a0, $14
    li      $t0, 0x12                   /* KSU = user, EXL */
    mtc0    $t0, $12
    move    $t0, $zero
    move    $ra, $zero
    nop
    eret
1:  jr      $t8
    nop

/* Two pages, mapped at an odd and the following even page: the branch is
 * the last word of the first, its slot the first word of the second. */
    .section .user.text, "ax"
    .balign 4096
    .org    0xffc
    .globl dl_user_site
dl_user_site:
    bgezal  $zero, 1f
    addiu   $t0, $t0, 7                 /* the slot, on the next page */
    addiu   $t0, $t0, 100               /* not reached */
1:  li      $v0, 99
    syscall

/* ---- into kseg0 and back -------------------------------------------------------
 * dl_k0_code is copied to kseg0, which a mapped kernel reaches only through
 * the monitor's emulation: the jump there from a trapping delay slot, a
 * kuseg load, a syscall and CP0 reads in emulated code, and a jr back to
 * ksseg whose slot is still in kseg0.  Position independent.
 *   uint32_t k0(uint32_t va): *va + PRId   (patched: *va - PRId) */
    .text
    .globl dl_k0_code, dl_k0_end
dl_k0_code:
    lw      $v0, 0($a0)
    syscall                             /* the handler steps over it */
    mfc0    $t0, $15
    jr      $ra
    addu    $v0, $v0, $t0
dl_k0_end:

/* uint32_t dl_call_k0(uint32_t va, uint32_t fn): fn(va) + PRId, called with
 * a CP0 read in the delay slot of the jalr. */
    .globl dl_call_k0
dl_call_k0:
    move    $t8, $ra
    jalr    $a1
    mfc0    $t1, $15
    jr      $t8
    addu    $v0, $v0, $t1
