/*
 * vt_exl.c -- exceptions while Status.EXL=1 (SPEC §5, pitfall 2).
 *
 * A MIPS32 CPU that takes an exception with EXL already 1 leaves EPC and
 * Cause.BD alone (the first exception's return address must survive), and
 * goes to the general vector 0x180 even for a TLB refill; ExcCode,
 * BadVAddr, Context and EntryHi are still updated.  Under the monitor the
 * guest's EXL is only virtual: the physical CPU runs the guest's ksseg
 * code in supervisor mode with EXL=0, takes the exception as an ordinary
 * one, and the monitor must reflect it as the guest's hardware would, with
 * EXL=1 -- never fail, never use the refill vector.
 *
 * Each case (vt_exl_asm.S) presets EPC to its continuation, sets EXL with
 * mtc0 and raises one exception; the handler records what it saw and
 * resumes at the continuation.  Printed: the vector the CPU chose, the
 * ExcCode, EPC relative to the preset value, and for TLB exceptions the
 * address registers.  Then Cause.BD across EXL=1, a pending interrupt
 * held off by EXL=1, and a shadow fill with EXL=1 that the guest must not
 * see.
 */
#include "vt.h"

extern uint32_t exl_syscall(uint32_t), exl_break(uint32_t), exl_teq(uint32_t),
    exl_ov(uint32_t), exl_ri(uint32_t), exl_cop1(uint32_t), exl_load(uint32_t),
    exl_store(uint32_t), exl_unaligned(uint32_t), exl_mfc0(uint32_t),
    exl_slot_syscall(uint32_t), exl0_load(uint32_t), exl_ksu_syscall(uint32_t),
    exl0_slot_syscall(void),
    exl0_syscall(void), exl_peek(uint32_t);
uint32_t exl_resume;

#define VA_UNMAPPED  0x00500000u
#define VA_MAPPED    0x00600000u         /* valid, dirty: frame 1 */
#define VA_INVALID   0x00602000u         /* V=0 */
#define VA_CLEAN     0x00604000u         /* V=1, D=0: frame 2 */
#define VA_UNALIGNED KSSEG(VT_FRAME(1))  /* + 1 in the case */
#define MARKER       0xe1e1e1e1u

static struct mp_frame seen;
static uint32_t nexc, nint;

static void handler(struct mp_frame *f)
{
    if (CAUSE_CODE(f->cause) == EXC_INT) {
        /* A software interrupt stays asserted until software clears it. */
        nint++;
        MTC0(C0_CAUSE, 0, MFC0(C0_CAUSE, 0) & ~(CAUSE_IP(0) | CAUSE_IP(1)));
        return;
    }
    nexc++;
    seen = *f;
    f->epc = exl_resume;
    f->status &= ~ST_KSU;              /* every case returns to kernel mode */
}

/* Run one case; print and check what the handler saw. */
static void run(const char *name, uint32_t (*fn)(uint32_t), uint32_t va,
                unsigned want_code, int tlb)
{
    nexc = 0;
    uint32_t raised = fn(va);
    unsigned code = CAUSE_CODE(seen.cause);
    mp_printf("%s at EXL=1: %s\n", name, mp_exc_name(code));
    vt_check("  raised", raised && nexc == 1, 1);
    vt_check("  vector", seen.vector, 0x180);
    vt_check("  ExcCode", code, want_code);
    vt_check("  EPC - preset EPC", seen.epc - exl_resume, 0);
    vt_check("  Status.EXL in the handler", seen.status & ST_EXL, ST_EXL);
    if (want_code == EXC_CPU)
        vt_check("  Cause.CE", CAUSE_CE(seen.cause), 1);
    if (tlb || want_code == EXC_ADEL)
        vt_check("  BadVAddr", seen.badvaddr, va + (want_code == EXC_ADEL));
    if (tlb) {
        vt_check("  EntryHi", seen.entryhi, va & 0xFFFFE000u);
        vt_check("  Context.BadVPN2", seen.context & 0x007FFFF0u,
                 (va >> 9) & 0x007FFFF0u);
    }
}

int main(void)
{
    uint32_t first = mp_tlb_wired();
    mp_set_handler(handler);
    VT_FRAME_PTR(1)[0] = MARKER;
    mp_tlb_write(first, PAGEMASK_4K, VA_MAPPED, LO_RW(VT_FRAME(1)), 0);
    mp_tlb_write(first + 1, PAGEMASK_4K, VA_INVALID, 0, 0);
    mp_tlb_write(first + 2, PAGEMASK_4K, VA_CLEAN,
                 ENTRYLO(VT_FRAME(2), LO_CACHED | LO_V), 0);
    mp_puts("vt_exl: exceptions while Status.EXL=1\n");

    /* The control: a refill with EXL=0 uses the refill vector and sets EPC
     * to the load (9 instructions before the continuation). */
    nexc = 0;
    exl0_load(VA_UNMAPPED);
    mp_puts("refill at EXL=0 (control)\n");
    vt_check("  vector", seen.vector, 0x000);
    vt_check("  ExcCode", CAUSE_CODE(seen.cause), EXC_TLBL);
    vt_check("  EPC - continuation", seen.epc - exl_resume, (uint32_t)-36);

    run("syscall", exl_syscall, 0, EXC_SYS, 0);
    run("break", exl_break, 0, EXC_BP, 0);
    run("teq", exl_teq, 0, EXC_TR, 0);
    run("add overflow", exl_ov, 0, EXC_OV, 0);
    run("reserved opcode", exl_ri, 0, EXC_RI, 0);
    run("lwc1", exl_cop1, 0, EXC_CPU, 0);
    run("load, TLB refill", exl_load, VA_UNMAPPED, EXC_TLBL, 1);
    run("store, TLB refill", exl_store, VA_UNMAPPED + 0x3000, EXC_TLBS, 1);
    run("load, TLB invalid", exl_load, VA_INVALID, EXC_TLBL, 1);
    run("store, TLB modified (page never read)", exl_store, VA_CLEAN, EXC_MOD, 1);
    vt_peek(VA_CLEAN);                 /* now the monitor has a clean shadow */
    run("store, TLB modified (page read first)", exl_store, VA_CLEAN, EXC_MOD, 1);
    run("unaligned load", exl_unaligned, VA_UNALIGNED, EXC_ADEL, 0);
    run("syscall, KSU=user", exl_ksu_syscall, 0, EXC_SYS, 0);
    vt_check("  Status.KSU in the handler", seen.status & ST_KSU, ST_KSU_USER);

    /* No exception for the guest: mfc0 (a monitor-only trap) and a load
     * through a valid mapping (a shadow fill under the monitor). */
    nexc = 0;
    mp_puts("no exception at EXL=1\n");
    vt_check("  mfc0 raised", exl_mfc0(0) + nexc, 0);
    vt_check("  load of a mapped page", exl_peek(VA_MAPPED), MARKER);
    vt_check("  load of a mapped page raised", exl_load(VA_MAPPED) + nexc, 0);

    /* Cause.BD is written only when EXL was 0. */
    mp_puts("Cause.BD\n");
    exl0_slot_syscall();
    vt_check("  syscall in a slot, EXL=0: BD", seen.cause >> 31, 1);
    vt_check("  syscall in a slot, EXL=0: EPC - continuation",
             seen.epc - exl_resume, (uint32_t)-8);
    exl_syscall(0);
    vt_check("  then a syscall at EXL=1: BD (unchanged)", seen.cause >> 31, 1);
    exl0_syscall();
    vt_check("  syscall, EXL=0: BD", seen.cause >> 31, 0);
    exl_slot_syscall(0);
    vt_check("  then a syscall in a slot at EXL=1: BD (unchanged)",
             seen.cause >> 31, 0);
    vt_check("  its EPC - preset EPC", seen.epc - exl_resume, 0);

    /* An interrupt pending while EXL=1 waits until EXL is cleared. */
    mp_puts("software interrupt 0 pending\n");
    nint = 0;
    MTC0(C0_CAUSE, 0, CAUSE_IP(0));
    MTC0(C0_STATUS, 0, ST_IM(0) | ST_IE | ST_EXL);
    __asm__ __volatile__("nop\n\tnop\n\tnop\n\tnop");
    uint32_t held = nint;
    MTC0(C0_STATUS, 0, ST_IM(0) | ST_IE);
    uint32_t taken = nint;
    MTC0(C0_STATUS, 0, 0);
    vt_check("  interrupts taken while EXL=1", held, 0);
    vt_check("  interrupts taken once EXL=0", taken, 1);
    vt_check("  Cause.IP0 after the handler", MFC0(C0_CAUSE, 0) & CAUSE_IP(0), 0);

    return vt_summary("vt_exl");
}
