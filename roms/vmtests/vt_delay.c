/*
 * vt_delay.c -- a trapping instruction in the delay slot of every branch
 * form (SPEC §5, pitfall 1).
 *
 * When the instruction in a delay slot traps, EPC is the branch and
 * Cause.BD=1, and returning to EPC runs the branch again, then the slot.
 * Under the monitor this happens on two levels: the physical CPU traps to
 * the monitor, which must step the branch and the slot on the virtual CPU
 * (CpU, I/O) or resume at the branch (shadow fill); and the guest's own
 * exceptions (refill, syscall) must reach it with BD=1 and EPC = the
 * branch, exactly as on the bare machine.
 *
 * Every branch of MIPS32 (vt_delay_asm.S), taken and not taken, with each
 * of five slot instructions:
 *
 *   mfc0    CpU under the monitor, emulated; the guest sees nothing
 *   fill    a load from a kuseg page the guest mapped with tlbwi just
 *           before: a TLB hit bare, a shadow fill under the monitor
 *   refill  a load from an unmapped kuseg page: the guest's refill handler
 *           maps it and erets to the branch, which runs again
 *   io      a load of the UART's LSR: emulated on the virtual CPU
 *   sys     syscall: the handler checks BD and EPC, and resumes the case
 *           at its end (running the branch again would loop forever)
 *
 * Each line shows where the branch went, what the slot loaded, the link
 * register (relative to the branch) and, for the guest's exceptions, how
 * many it took and the EPC (relative to the branch) and BD it saw.
 *
 * Then the slot on the next page: a branch that is the last word of a
 * page, so that fetching the slot itself misses -- in ksseg a shadow fill
 * under the monitor (nothing for the guest to see), in user mode a guest
 * TLB refill with BD=1 whose BadVAddr is the slot.  And 50,000 CpU traps
 * in a row in a slot, so that the monitor's preemption timer lands between
 * some branch and its slot.  Last, a jalr with a trapping slot into kseg0
 * code (emulated under the monitor) and back, before and after patching
 * that code through its ksseg alias.
 */
#include "vt.h"

struct dl_result {
    uint32_t went;            /* 1 target, 2 fall-through, 0 resumed */
    uint32_t slot;            /* $t0 after the case */
    uint32_t link;            /* $ra after the case (0 if none) */
    uint32_t site;            /* the branch's address */
};

typedef void (*dl_case)(struct dl_result *r, uint32_t va);

/* Written by the cases, read by the handler. */
uint32_t dl_site, dl_resume;

#define SENTINEL   0x5a5a5a5au
#define MARKER     0xcafe0000u
#define PRID_4KC   0x00018001u
#define LSR_IDLE   0x60u            /* THRE | TEMT: the transmitter is idle */

enum { K_MFC0, K_FILL, K_REFILL, K_IO, K_SYS, NKINDS, K_NOP = NKINDS };
static const char *const kind_names[NKINDS] = {
    "mfc0", "fill", "refill", "io", "sys",
};

#define DECL(n) extern void n##_k0(struct dl_result *, uint32_t), \
    n##_k1(struct dl_result *, uint32_t), n##_k2(struct dl_result *, uint32_t), \
    n##_k3(struct dl_result *, uint32_t);
#define FORMS(X) X(j) X(jal) X(jr) X(jalr) \
    X(beq_t) X(beq_n) X(bne_t) X(bne_n) X(blez_t) X(blez_n) X(bgtz_t) \
    X(bgtz_n) X(bltz_t) X(bltz_n) X(bgez_t) X(bgez_n) X(bltzal_t) \
    X(bltzal_n) X(bgezal_t) X(bgezal_n) X(beql_t) X(beql_n) X(bnel_t) \
    X(bnel_n) X(blezl_t) X(blezl_n) X(bgtzl_t) X(bgtzl_n) X(bltzl_t) \
    X(bltzl_n) X(bgezl_t) X(bgezl_n) X(bltzall_t) X(bltzall_n) \
    X(bgezall_t) X(bgezall_n)
FORMS(DECL)

struct form {
    const char *name;
    int taken, link, likely;
    dl_case k[4];             /* mfc0, load (fill and refill), io, syscall */
};

#define F(n, name, taken, link, likely) \
    { name, taken, link, likely, { n##_k0, n##_k1, n##_k2, n##_k3 } }
static const struct form forms[] = {
    F(j, "j", 1, 0, 0),                 F(jal, "jal", 1, 1, 0),
    F(jr, "jr", 1, 0, 0),               F(jalr, "jalr", 1, 1, 0),
    F(beq_t, "beq", 1, 0, 0),           F(beq_n, "beq", 0, 0, 0),
    F(bne_t, "bne", 1, 0, 0),           F(bne_n, "bne", 0, 0, 0),
    F(blez_t, "blez", 1, 0, 0),         F(blez_n, "blez", 0, 0, 0),
    F(bgtz_t, "bgtz", 1, 0, 0),         F(bgtz_n, "bgtz", 0, 0, 0),
    F(bltz_t, "bltz", 1, 0, 0),         F(bltz_n, "bltz", 0, 0, 0),
    F(bgez_t, "bgez", 1, 0, 0),         F(bgez_n, "bgez", 0, 0, 0),
    F(bltzal_t, "bltzal", 1, 1, 0),     F(bltzal_n, "bltzal", 0, 1, 0),
    F(bgezal_t, "bgezal", 1, 1, 0),     F(bgezal_n, "bgezal", 0, 1, 0),
    F(beql_t, "beql", 1, 0, 1),         F(beql_n, "beql", 0, 0, 1),
    F(bnel_t, "bnel", 1, 0, 1),         F(bnel_n, "bnel", 0, 0, 1),
    F(blezl_t, "blezl", 1, 0, 1),       F(blezl_n, "blezl", 0, 0, 1),
    F(bgtzl_t, "bgtzl", 1, 0, 1),       F(bgtzl_n, "bgtzl", 0, 0, 1),
    F(bltzl_t, "bltzl", 1, 0, 1),       F(bltzl_n, "bltzl", 0, 0, 1),
    F(bgezl_t, "bgezl", 1, 0, 1),       F(bgezl_n, "bgezl", 0, 0, 1),
    F(bltzall_t, "bltzall", 1, 1, 1),   F(bltzall_n, "bltzall", 0, 1, 1),
    F(bgezall_t, "bgezall", 1, 1, 1),   F(bgezall_n, "bgezall", 0, 1, 1),
};
#define NFORMS (sizeof forms / sizeof forms[0])

extern void xpage_nop_a(struct dl_result *, uint32_t),
    xpage_nop_b(struct dl_result *, uint32_t), xpage_k0_a(struct dl_result *, uint32_t),
    xpage_k0_b(struct dl_result *, uint32_t), xpage_k1_a(struct dl_result *, uint32_t),
    xpage_k1_b(struct dl_result *, uint32_t), xpage_k2_a(struct dl_result *, uint32_t),
    xpage_k2_b(struct dl_result *, uint32_t), xpage_k3_a(struct dl_result *, uint32_t),
    xpage_k3_b(struct dl_result *, uint32_t);
extern void dl_user(uint32_t pc);
extern uint32_t dl_call_k0(uint32_t va, uint32_t fn);
extern const uint32_t dl_k0_code[], dl_k0_end[];
extern const char dl_user_site[], __user_start[];
uint32_t dl_back;

/* The user pages: an odd page and the even page after it (a new pair). */
#define VA_USER0   0x10001000u
#define VA_USER1   0x10002000u

extern uint32_t dl_stress0(uint32_t n), dl_stress1(uint32_t n),
                dl_stress2(uint32_t n), dl_stress3(uint32_t n);

/* ---- the guest's exceptions ---------------------------------------------- */

static uint32_t scratch;                  /* the TLB entry the tests rewrite */
static uint32_t nexc, exc_epc, exc_bd;
static struct mp_frame user_refill;       /* what the user-mode refill saw */
static uint32_t user_t0, user_ra;

static void handler(struct mp_frame *f)
{
    unsigned code = CAUSE_CODE(f->cause);
    nexc++;
    exc_epc = f->epc;
    exc_bd = (f->cause & CAUSE_BD) != 0;
    if (code == EXC_TLBL && f->badvaddr == VA_USER1) {
        user_refill = *f;
        /* The user's second page: the even half of the next pair. */
        MTC0(C0_INDEX, 0, scratch - 2);
        MTC0(C0_ENTRYLO0, 0, ENTRYLO((uint32_t)__user_start - KSSEG_BASE + 0x1000,
                                     LO_CACHED | LO_V));
        MTC0(C0_ENTRYLO1, 0, 0);
        tlbwi();
    } else if (code == EXC_SYS && (f->status & ST_KSU_USER)) {
        user_t0 = f->r[8];
        user_ra = f->r[31];
        f->status &= ~ST_KSU;
        f->epc = dl_back;
    } else if (code == EXC_SYS && f->epc >= 0x80000000u &&
               f->epc < 0xA0000000u) {
        f->epc += 4;                       /* dl_k0_code's: step over it */
    } else if (f->vector == 0x000 && code == EXC_TLBL &&
        f->badvaddr >= 0x00400000u && f->badvaddr < 0x00800000u) {
        /* The refill: EntryHi already holds the VPN2 that missed. */
        MTC0(C0_INDEX, 0, scratch);
        MTC0(C0_ENTRYLO0, 0, LO_RW(VT_FRAME(0)));
        MTC0(C0_ENTRYLO1, 0, LO_RW(VT_FRAME(0)));
        tlbwi();
    } else if (code == EXC_SYS) {
        f->epc = dl_resume;
    } else {
        mp_printf("vt_delay: unexpected %s at EPC 0x%08x BadVAddr 0x%08x\n",
                  mp_exc_name(code), f->epc, f->badvaddr);
        mp_poweroff(3);
    }
}

/* ---- one case ---------------------------------------------------------------- */

static uint32_t next_va = 0x00400000u;   /* a fresh pair of pages per case */

/* Run one case (xpage: instead of the form's own function) and check it
 * against what a MIPS32 CPU does. */
static void run_case(const struct form *fm, int kind, dl_case xpage)
{
    struct dl_result r = { 0, 0, 0, 0 };
    uint32_t va = next_va;
    next_va += 0x2000;
    if (kind == K_FILL)
        mp_tlb_write(scratch, PAGEMASK_4K, va, LO_RW(VT_FRAME(0)),
                     LO_RW(VT_FRAME(0)));
    nexc = exc_epc = exc_bd = 0;
    int asm_kind = kind == K_MFC0 ? 0 : kind == K_IO ? 2 : kind == K_SYS ? 3 : 1;
    if (xpage)
        xpage(&r, va);
    else
        fm->k[asm_kind](&r, va);

    /* A likely branch not taken annuls its slot. */
    int slot_runs = fm->taken || !fm->likely;
    uint32_t want_went = kind == K_SYS && slot_runs ? 0 : fm->taken ? 1 : 2;
    uint32_t want_slot = !slot_runs || kind == K_NOP ? SENTINEL
                       : kind == K_MFC0 ? PRID_4KC
                       : kind == K_IO ? LSR_IDLE
                       : kind == K_SYS ? SENTINEL : MARKER;
    uint32_t want_link = fm->link ? 8 : 0;
    uint32_t want_exc = slot_runs && (kind == K_REFILL || kind == K_SYS);
    uint32_t link = r.link ? r.link - r.site : 0;

    static const char *const went_names[] = { "resumed", "target", "fall" };
    mp_printf("%-8s%-10s%-7s: %-7s slot=%08x", fm->name,
              fm->taken ? "taken" : "not-taken",
              kind < NKINDS ? kind_names[kind] : "nop",
              r.went < 3 ? went_names[r.went] : "?", r.slot);
    if (fm->link)
        mp_printf(" link=+%u", link);
    if (kind == K_REFILL || kind == K_SYS) {
        mp_printf(" exc=%u", nexc);
        if (nexc)
            mp_printf(" epc=+%u bd=%u", exc_epc - r.site, exc_bd);
    }
    int ok = r.went == want_went && r.slot == want_slot && link == want_link &&
             nexc == want_exc && (!nexc || (exc_epc == r.site && exc_bd));
    mp_puts(ok ? "\n" : " FAIL\n");
    vt_count(ok);
}

/* The slot on the next page: even -> odd page (one pair), odd -> even. */
static void next_page(void)
{
    static const struct form xform = F(bgezal_t, "bgezal", 1, 1, 0);
    static const struct { dl_case fn[2]; int kind; } xcases[] = {
        { { xpage_nop_a, xpage_nop_b }, K_NOP },
        { { xpage_k0_a, xpage_k0_b }, K_MFC0 },
        { { xpage_k1_a, xpage_k1_b }, K_REFILL },
        { { xpage_k2_a, xpage_k2_b }, K_IO },
        { { xpage_k3_a, xpage_k3_b }, K_SYS },
    };
    for (unsigned i = 0; i < sizeof xcases / sizeof xcases[0]; i++)
        for (int p = 0; p < 2; p++) {
            mp_printf("slot on the next page (%s), ", p ? "next pair" : "same pair");
            run_case(&xform, xcases[i].kind, xcases[i].fn[p]);
        }
}

/* In user mode the slot's page is not mapped: the guest refills it. */
static void user_next_page(void)
{
    uint32_t user_pa = (uint32_t)__user_start - KSSEG_BASE;
    uint32_t site = VA_USER0 + ((uint32_t)dl_user_site - (uint32_t)__user_start);
    mp_tlb_write(scratch - 1, PAGEMASK_4K, VA_USER0 & ~0x1FFFu, 0,
                 ENTRYLO(user_pa, LO_CACHED | LO_V));
    nexc = 0;
    dl_user(site);
    mp_puts("user mode, slot on an unmapped page\n");
    vt_check("  exceptions (the refill, the final syscall)", nexc, 2);
    vt_check("  refill: vector", user_refill.vector, 0x000);
    vt_check("  refill: BadVAddr - branch", user_refill.badvaddr - site, 4);
    vt_check("  refill: EPC - branch", user_refill.epc - site, 0);
    vt_check("  refill: BD", user_refill.cause >> 31, 1);
    vt_check("  slot ran once ($t0)", user_t0, 7);
    vt_check("  link - branch", user_ra - site, 8);
}

/* Into kseg0 (physical 0x1000) and back. */
static void kseg0_calls(void)
{
    volatile uint32_t *k0 = (volatile uint32_t *)KSSEG(0x1000);
    for (const uint32_t *w = dl_k0_code; w < dl_k0_end; w++)
        *k0++ = *w;
    mp_tlb_write(scratch, PAGEMASK_4K, 0x00400000u, LO_RW(VT_FRAME(0)), 0);
    nexc = 0;
    vt_check("kseg0 call, slot traps: *va + 2 PRId",
             dl_call_k0(0x00400000u, 0x80001000u), MARKER + 2 * PRID_4KC);
    vt_check("  syscalls taken in kseg0", nexc, 1);
    /* Patch the jr's slot from addu to subu, through ksseg. */
    volatile uint32_t *slot = (volatile uint32_t *)KSSEG(0x1000) + 4;
    *slot = (*slot & ~0x3Fu) | 0x23;
    vt_check("patched kseg0 code: *va", dl_call_k0(0x00400000u, 0x80001000u),
             MARKER);
}

/* 50,000 CpU traps in a delay slot, each loop shifted by one more nop. */
static void stress(void)
{
    uint32_t (*const fn[4])(uint32_t) = {
        dl_stress0, dl_stress1, dl_stress2, dl_stress3,
    };
    for (unsigned i = 0; i < 4; i++) {
        mp_printf("stress %u: ", i);
        vt_check("sum of 50000 PRId reads in a slot", fn[i](50000),
                 50000u * PRID_4KC);
    }
}

int main(void)
{
    scratch = mp_tlb_entries() - 1;
    VT_FRAME_PTR(0)[0] = MARKER;
    mp_set_handler(handler);
    mp_puts("vt_delay: a trapping instruction in every branch's delay slot\n");
    for (unsigned i = 0; i < NFORMS; i++)
        for (int k = 0; k < NKINDS; k++)
            run_case(&forms[i], k, 0);
    next_page();
    user_next_page();
    kseg0_calls();
    stress();
    return vt_summary("vt_delay");
}
