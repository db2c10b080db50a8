/*
 * cu0.c -- Status.CU0 = 1: CP0 instructions outside kernel mode.
 *
 * CU0 = 1 makes CP0 usable in every mode: a user program may then read
 * and even write Status.  The guest
 *   1. sets CU0 in kernel mode and runs mfc0, mtc0, tlbp and tlbr (reading
 *      back one of the firmware's wired entries);
 *   2. maps one page of its own code at kuseg 0x00400000 (tlbwi) and erets
 *      to it in user mode (KSU = 2) with CU0 = 1: mfc0 Status and PRId
 *      work there;
 *   3. again in user mode with CU0 = 1, the user code clears Status.KSU
 *      with mtc0 -- promoting itself to kernel mode, which CU0 allows;
 *   4. in user mode with CU0 = 0: mfc0 raises Coprocessor Unusable (CE=0),
 *      which the handler notes and skips.
 * Each user run ends with `syscall`; the handler then returns to the
 * kernel (to user_return, in kernel mode) as a longjmp would.
 *
 * Under the monitor the real CU0 stays 0, so every one of these traps.
 * The monitor must honour the *virtual* CU0: emulate a CP0 instruction
 * from virtual user mode when it is 1 (not reflect it), reflect CpU when
 * it is 0, and let a user program that promotes itself become virtual
 * kernel mode -- never physical kernel mode.
 */
#include "mapped.h"

#define USER_VA  0x00400000u

/* The user page: position-independent code, alone in a 4 KiB page so it
 * can be mapped at USER_VA.  Results come back in t0/t1 ($8/$9). */
__asm__(
    ".section .text.user, \"ax\"\n"
    ".balign 4096\n"
    ".set push\n"
    ".set noreorder\n"
    ".set noat\n"
    "user_page:\n"
    "user_mfc0:\n"                      /* CU0=1: read Status and PRId */
    "    mfc0    $8, $12\n"
    "    mfc0    $9, $15\n"
    "    syscall\n"
    "    nop\n"
    "user_promote:\n"                   /* CU0=1: clear KSU -> kernel mode */
    "    mfc0    $8, $12\n"
    "    li      $9, ~0x18\n"
    "    and     $9, $8, $9\n"
    "    mtc0    $9, $12\n"
    "    nop\n"
    "    nop\n"
    "    mfc0    $9, $12\n"
    "    syscall\n"
    "    nop\n"
    "user_nocu0:\n"                     /* CU0=0: mfc0 must trap */
    "    lui     $8, 0x5a5a\n"
    "    mfc0    $8, $12\n"
    "    syscall\n"
    "    nop\n"
    ".set pop\n"
    ".previous\n");
extern const char user_page[], user_mfc0[], user_promote[], user_nocu0[];

/* enter_user(pc, status): eret to pc with `status` (EXL set until the
 * eret); comes back through user_return when the handler sends it there,
 * with s0-s8, sp and ra as they were. */
__asm__(
    ".text\n"
    ".set push\n"
    ".set noreorder\n"
    "enter_user:\n"
    "    la      $8, user_ctx\n"
    "    sw      $16, 0($8)\n"
    "    sw      $17, 4($8)\n"
    "    sw      $18, 8($8)\n"
    "    sw      $19, 12($8)\n"
    "    sw      $20, 16($8)\n"
    "    sw      $21, 20($8)\n"
    "    sw      $22, 24($8)\n"
    "    sw      $23, 28($8)\n"
    "    sw      $30, 32($8)\n"
    "    sw      $29, 36($8)\n"
    "    sw      $31, 40($8)\n"
    "    mtc0    $5, $12\n"             /* EXL=1: still kernel mode */
    "    nop\n"
    "    nop\n"
    "    mtc0    $4, $14\n"
    "    nop\n"
    "    nop\n"
    "    eret\n"
    "    nop\n"
    "user_return:\n"
    "    la      $8, user_ctx\n"
    "    lw      $16, 0($8)\n"
    "    lw      $17, 4($8)\n"
    "    lw      $18, 8($8)\n"
    "    lw      $19, 12($8)\n"
    "    lw      $20, 16($8)\n"
    "    lw      $21, 20($8)\n"
    "    lw      $22, 24($8)\n"
    "    lw      $23, 28($8)\n"
    "    lw      $30, 32($8)\n"
    "    lw      $29, 36($8)\n"
    "    lw      $31, 40($8)\n"
    "    jr      $31\n"
    "    nop\n"
    ".set pop\n");
void enter_user(uint32_t pc, uint32_t status);
extern const char user_return[];
uint32_t user_ctx[11];

/* What the handler saw. */
#define LOGMAX 8
static struct { uint32_t code, ce, epc; } xlog[LOGMAX];
static volatile uint32_t nlog;
static volatile uint32_t sys_t0, sys_t1, sys_status;

static uint32_t user_va(const char *label)
{
    return USER_VA + (uint32_t)(label - user_page);
}

static void handler(struct mp_frame *f)
{
    unsigned code = CAUSE_CODE(f->cause);
    if (code == EXC_SYS && f->epc - USER_VA < 4096) {
        sys_t0 = f->r[8];
        sys_t1 = f->r[9];
        sys_status = f->status;          /* KSU: the mode of the syscall */
        f->epc = (uint32_t)user_return;
        f->status &= ~ST_KSU;            /* back to kernel mode */
        return;
    }
    if (nlog < LOGMAX) {
        xlog[nlog].code = code;
        xlog[nlog].ce = CAUSE_CE(f->cause);
        xlog[nlog].epc = f->epc;
        nlog++;
    }
    if (f->cause & CAUSE_BD) {
        mp_printf("cu0: exception in a delay slot at 0x%08x\n", f->epc);
        mp_poweroff(3);
    }
    f->epc += 4;
}

static void print_log(void)
{
    if (nlog == 0)
        mp_puts(", no exception");
    for (uint32_t i = 0; i < nlog; i++) {
        mp_printf(", %s", mp_exc_name(xlog[i].code));
        if (xlog[i].code == EXC_CPU)
            mp_printf(" (CE=%u)", xlog[i].ce);
        if (xlog[i].epc - USER_VA < 4096)
            mp_printf(" at user+0x%x", xlog[i].epc - USER_VA);
        else
            mp_printf(" at 0x%08x", xlog[i].epc);
    }
    nlog = 0;
}

static void run_user(const char *label, uint32_t cu0)
{
    sys_t0 = sys_t1 = sys_status = 0xDEADDEADu;
    enter_user(user_va(label), ST_EXL | ST_KSU_USER | cu0);
}

static const char *mode_name(uint32_t status)
{
    switch (status & ST_KSU) {
    case 0:        return "kernel";
    case 0x08:     return "supervisor";
    default:       return "user";
    }
}

int main(void)
{
    mp_puts("hostile cu0: start\n");
    mp_set_handler(handler);

    /* 1. Kernel mode with CU0 = 1. */
    MTC0(C0_STATUS, 0, MFC0(C0_STATUS, 0) | ST_CU0);
    mp_printf("cu0: kernel, CU0=1: Status 0x%08x, PRId 0x%08x\n",
              MFC0(C0_STATUS, 0), MFC0(C0_PRID, 0));
    MTC0(C0_ENTRYHI, 0, KSSEG_BASE);
    __asm__ __volatile__("tlbp\n\tnop\n\tnop" : : : "memory");
    mp_printf("cu0: kernel, CU0=1: tlbp 0x%08x -> Index 0x%08x\n",
              KSSEG_BASE, MFC0(C0_INDEX, 0));
    MTC0(C0_INDEX, 0, 0);
    __asm__ __volatile__("tlbr\n\tnop\n\tnop" : : : "memory");
    mp_printf("cu0: kernel, CU0=1: tlbr 0 -> EntryHi 0x%08x PageMask 0x%08x "
              "EntryLo0 0x%08x EntryLo1 0x%08x\n",
              MFC0(C0_ENTRYHI, 0), MFC0(C0_PAGEMASK, 0),
              MFC0(C0_ENTRYLO0, 0), MFC0(C0_ENTRYLO1, 0));
    MTC0(C0_ENTRYHI, 0, USER_VA);
    __asm__ __volatile__("tlbp\n\tnop\n\tnop" : : : "memory");
    mp_printf("cu0: kernel, CU0=1: tlbp 0x%08x -> Index.P %u",
              USER_VA, MFC0(C0_INDEX, 0) >> 31);
    MTC0(C0_ENTRYHI, 0, 0);
    MTC0(C0_PAGEMASK, 0, 0);
    print_log();
    mp_puts("\n");

    /* 2-4. One page of our code at USER_VA, readable, not writable. */
    uint32_t slot = mp_tlb_wired();
    uint32_t pa = (uint32_t)user_page - KSSEG_BASE;
    mp_tlb_write(slot, PAGEMASK_4K, USER_VA, ENTRYLO(pa, LO_CACHED | LO_V), 0);

    run_user(user_mfc0, ST_CU0);
    mp_printf("cu0: user, CU0=1: mfc0 Status -> 0x%08x, mfc0 PRId -> 0x%08x",
              sys_t0, sys_t1);
    print_log();
    mp_printf("; syscall from %s mode\n", mode_name(sys_status));

    run_user(user_promote, ST_CU0);
    mp_printf("cu0: user, CU0=1: Status 0x%08x, mtc0 KSU=0 -> Status 0x%08x",
              sys_t0, sys_t1);
    print_log();
    mp_printf("; syscall from %s mode\n", mode_name(sys_status));

    run_user(user_nocu0, 0);
    mp_printf("cu0: user, CU0=0: mfc0 Status -> t0 0x%08x", sys_t0);
    print_log();
    mp_printf("; syscall from %s mode\n", mode_name(sys_status));

    mp_tlb_kill(slot);
    MTC0(C0_STATUS, 0, MFC0(C0_STATUS, 0) & ~ST_CU0);
    mp_printf("cu0: kernel: Status 0x%08x, done\n", MFC0(C0_STATUS, 0));
    return 0;
}
