/*
 * vt_cp0.c -- every CP0 register of SPEC §2 through mfc0/mtc0, interrupts
 * raised by software, and user and supervisor mode (SPEC §5, pitfall 6:
 * real CU0, EXL and ERL stay 0 while a guest runs, so the guest's must be
 * virtual, and every one of its CP0 instructions emulated).
 *
 * Under the monitor each mfc0/mtc0 here traps and is stepped on the
 * virtual CPU, so what the guest reads is the virtual CPU's register, with
 * its write mask, side effects and time.  Printed values are masked to
 * what is deterministic; Count and Random appear only as differences or
 * range checks.  The lesser modes: the same code (vt_cp0_asm.S) runs in
 * user mode through a kuseg mapping and in supervisor mode in ksseg; its
 * syscall, CP0 instruction and kernel-address loads must reach the kernel
 * with the mode, ExcCode and CE the bare CPU gives.
 */
#include "vt.h"

extern uint32_t cp0_count_delta(void), cp0_count_after_write(uint32_t v),
    cp0_erl_load(uint32_t va), cp0_erl_eret(void), cp0_lladdr(uint32_t va),
    cp0_reserved(void), cp0_load(uint32_t va);
extern void cp0_raise(uint32_t cause), cp0_cache(uint32_t va),
    cp0_enter(uint32_t pc, uint32_t ksu, uint32_t a0, uint32_t a1);
extern const char cp0_lesser[], __user_start[];
uint32_t cp0_mark, cp0_back;

#define VA_USER   0x00400000u     /* the user page (cp0_lesser's) */
#define VA_FAULT  0x00512000u     /* never mapped */

/* ---- the handler ------------------------------------------------------------ */

struct rec {
    uint32_t code, ce, ksu, epc, badvaddr, vector, cause;
};
static struct rec recs[8];
static uint32_t nrec, lesser_t0;

static void handler(struct mp_frame *f)
{
    struct rec *r = &recs[nrec < 8 ? nrec : 7];
    nrec++;
    r->code = CAUSE_CODE(f->cause);
    r->ce = CAUSE_CE(f->cause);
    r->ksu = f->status & ST_KSU;
    r->epc = f->epc;
    r->badvaddr = f->badvaddr;
    r->vector = f->vector;
    r->cause = f->cause;
    if (r->code == EXC_INT) {
        /* Software interrupts stay up until software clears them. */
        MTC0(C0_CAUSE, 0, MFC0(C0_CAUSE, 0) & ~(CAUSE_IP(0) | CAUSE_IP(1)));
    } else if (r->code == EXC_SYS && f->r[2] == 99) {
        lesser_t0 = f->r[8];
        f->status &= ~ST_KSU;            /* back to kernel mode ... */
        f->epc = cp0_back;               /* ... in cp0_enter */
    } else {
        f->epc += 4;                     /* step over it */
    }
}

/* ---- the registers ------------------------------------------------------------ */

static void identification(void)
{
    mp_puts("-- identification\n");
    vt_check("PRId (4Kc)", MFC0(C0_PRID, 0), 0x00018001);
    vt_check("Config (M, MT=1 TLB, K0=2)", MFC0(C0_CONFIG, 0), 0x80000082);
    MTC0(C0_CONFIG, 0, 0xFFFFFFFFu);
    vt_check("Config after writing ~0 (only K0 writable)", MFC0(C0_CONFIG, 0),
             0x80000087);
    MTC0(C0_CONFIG, 0, 0x80000082);
    vt_check("Config1 (MMUSize = entries-1, no caches, no FPU)",
             MFC0(C0_CONFIG, 1), (mp_tlb_entries() - 1) << 25);
    vt_check("reserved registers 7 20 21 22 25 27 29 and Config2, summed",
             cp0_reserved(), 0);
    nrec = 0;
    cp0_cache(KSSEG(VT_FRAME(0)));
    vt_check("cache in kernel mode: exceptions", nrec, 0);
}

static void tlb_registers(void)
{
    uint32_t entries = mp_tlb_entries(), wired = mp_tlb_wired();
    uint32_t index_mask = 1;
    while (index_mask < entries)
        index_mask <<= 1;
    mp_puts("-- TLB registers\n");
    MTC0(C0_INDEX, 0, 5);
    vt_check("Index after writing 5", MFC0(C0_INDEX, 0), 5);
    MTC0(C0_INDEX, 0, 0xFFFFFFFFu);
    vt_check("Index after writing ~0 (field = log2(entries) bits)",
             MFC0(C0_INDEX, 0) & 0x7FFFFFFFu, index_mask - 1);
    MTC0(C0_ENTRYHI, 0, VA_FAULT);
    tlbp();
    MTC0(C0_INDEX, 0, 3);
    vt_check("Index after a failed tlbp, then writing 3 (P read-only)",
             MFC0(C0_INDEX, 0), 0x80000003u);
    MTC0(C0_ENTRYHI, 0, 0);

    uint32_t r = MFC0(C0_RANDOM, 0);
    vt_check("Random in [Wired, entries)", r >= wired && r < entries, 1);
    MTC0(C0_WIRED, 0, wired + 2);
    vt_check("Wired after writing Wired+2", MFC0(C0_WIRED, 0) - wired, 2);
    r = MFC0(C0_RANDOM, 0);
    vt_check("Random in [Wired+2, entries)", r >= wired + 2 && r < entries, 1);
    MTC0(C0_WIRED, 0, wired);

    MTC0(C0_ENTRYLO0, 0, 0xFFFFFFFFu);
    MTC0(C0_ENTRYLO1, 0, 0x55555555u);
    vt_check("EntryLo0 after writing ~0", MFC0(C0_ENTRYLO0, 0), 0x03FFFFFF);
    vt_check("EntryLo1 after writing 0x55555555", MFC0(C0_ENTRYLO1, 0),
             0x01555555);
    MTC0(C0_ENTRYLO0, 0, 0);
    MTC0(C0_ENTRYLO1, 0, 0);

    MTC0(C0_PAGEMASK, 0, 0xFFFFFFFFu);
    vt_check("PageMask after writing ~0", MFC0(C0_PAGEMASK, 0), 0x01FFE000);
    MTC0(C0_PAGEMASK, 0, PAGEMASK_16K);
    vt_check("PageMask after writing 16 KiB", MFC0(C0_PAGEMASK, 0), PAGEMASK_16K);
    MTC0(C0_PAGEMASK, 0, 0);

    MTC0(C0_ENTRYHI, 0, 0xFFFFFFFFu);
    vt_check("EntryHi after writing ~0", MFC0(C0_ENTRYHI, 0), 0xFFFFE0FF);
    MTC0(C0_ENTRYHI, 0, 0x42);

    /* A TLB refill loads BadVAddr, Context.BadVPN2 and EntryHi.VPN2, and
     * keeps the ASID and PTEBase. */
    MTC0(C0_CONTEXT, 0, 0xFFFFFFFFu);
    vt_check("Context after writing ~0 (PTEBase only)",
             MFC0(C0_CONTEXT, 0) & 0xFF800000u, 0xFF800000u);
    nrec = 0;
    cp0_load(VA_FAULT);
    vt_check("refill: exceptions", nrec, 1);
    vt_check("  ExcCode", recs[0].code, EXC_TLBL);
    vt_check("  BadVAddr", MFC0(C0_BADVADDR, 0), VA_FAULT);
    vt_check("  Context", MFC0(C0_CONTEXT, 0), 0xFF800000u | (VA_FAULT >> 9));
    vt_check("  EntryHi", MFC0(C0_ENTRYHI, 0), VA_FAULT | 0x42);
    MTC0(C0_BADVADDR, 0, 0x1234);
    vt_check("BadVAddr after writing 0x1234 (read-only)", MFC0(C0_BADVADDR, 0),
             VA_FAULT);
    nrec = 0;
    cp0_load(KSSEG(VT_FRAME(0)) + 2);
    vt_check("unaligned load: ExcCode", recs[0].code, EXC_ADEL);
    vt_check("  BadVAddr", MFC0(C0_BADVADDR, 0), KSSEG(VT_FRAME(0)) + 2);
    MTC0(C0_CONTEXT, 0, 0);
    MTC0(C0_ENTRYHI, 0, 0);
}

static void exception_registers(void)
{
    mp_puts("-- EPC, ErrorEPC, LLAddr\n");
    MTC0(C0_EPC, 0, 0x12345678);
    vt_check("EPC after writing 0x12345678", MFC0(C0_EPC, 0), 0x12345678);
    MTC0(C0_ERROREPC, 0, 0x87654321u);
    vt_check("ErrorEPC after writing 0x87654321", MFC0(C0_ERROREPC, 0),
             0x87654321u);
    vt_check("LLAddr after ll of a ksseg word (physical address >> 4)",
             cp0_lladdr(KSSEG(VT_FRAME(0)) + 0x120), (VT_FRAME(0) + 0x120) >> 4);
    mp_tlb_write(mp_tlb_wired(), PAGEMASK_4K, VA_USER + 0x10000,
                 LO_RW(VT_FRAME(1)), 0);
    vt_check("LLAddr after ll of a kuseg word", cp0_lladdr(VA_USER + 0x10040),
             (VT_FRAME(1) + 0x40) >> 4);
    mp_tlb_kill(mp_tlb_wired());
}

static void status_bits(void)
{
    mp_puts("-- Status\n");
    vt_check("Status at boot", MFC0(C0_STATUS, 0), 0);
    MTC0(C0_STATUS, 0, 0xFF00);
    vt_check("IM7..IM0 writable", MFC0(C0_STATUS, 0), 0xFF00);
    MTC0(C0_STATUS, 0, 0xE58000E0u);
    vt_check("CU3..1, FR, MX, PX, KX/SX/UX read 0", MFC0(C0_STATUS, 0), 0);
    MTC0(C0_STATUS, 0, ST_CU0);
    vt_check("CU0 writable", MFC0(C0_STATUS, 0), ST_CU0);
    MTC0(C0_STATUS, 0, ST_BEV);
    vt_check("BEV writable", MFC0(C0_STATUS, 0), ST_BEV);
    MTC0(C0_STATUS, 0, 0);

    /* ERL=1: kuseg is unmapped, so kuseg addresses are physical. */
    VT_FRAME_PTR(0)[0] = 0xe7e7e7e7u;
    vt_check("ERL=1: load of kuseg 1 MiB reads physical 1 MiB",
             cp0_erl_load(VT_FRAME(0)), 0xe7e7e7e7u);
    vt_check("eret with ERL=1, EXL=1: to ErrorEPC, Status then",
             cp0_erl_eret(), ST_EXL);
}

static void timer_registers(void)
{
    mp_puts("-- Count, Compare\n");
    vt_check("Count delta over 11 instructions", cp0_count_delta(), 11);
    uint32_t d = cp0_count_after_write(0x10000);
    mp_printf("Count 3 instructions after writing it: written + %u\n", d);
    vt_count(d >= 1 && d <= 4);
    MTC0(C0_COMPARE, 0, 0xA5A5A5A5u);
    vt_check("Compare after writing 0xa5a5a5a5", MFC0(C0_COMPARE, 0), 0xA5A5A5A5u);
    /* IE=0: the timer interrupt is only pending. */
    MTC0(C0_COMPARE, 0, MFC0(C0_COUNT, 0) + 50);
    for (volatile int i = 0; i < 40; i++)
        ;
    vt_check("Cause.IP7 once Count passed Compare", MFC0(C0_CAUSE, 0) >> 15 & 1, 1);
    MTC0(C0_COMPARE, 0, MFC0(C0_COMPARE, 0));
    vt_check("Cause.IP7 after writing Compare", MFC0(C0_CAUSE, 0) >> 15 & 1, 0);
    MTC0(C0_COMPARE, 0, 0);
}

static void interrupts(void)
{
    mp_puts("-- Cause and software interrupts\n");
    /* All ones but WP (bit 22), which a 4Kc with watch registers would
     * take as a pending watch exception. */
    MTC0(C0_CAUSE, 0, 0xFFBFFFFFu);
    vt_check("Cause writable bits (IV, IP1, IP0)",
             MFC0(C0_CAUSE, 0) & ~(CAUSE_BD | 0x3040007Cu), 0x00800300);
    MTC0(C0_CAUSE, 0, 0);
    vt_check("Cause IV/IP cleared", MFC0(C0_CAUSE, 0) & 0x0080FF00u, 0);

    /* IP1 raised, IM1 clear: nothing; IM0 and IP0: taken at once. */
    nrec = 0;
    MTC0(C0_STATUS, 0, ST_IM(0) | ST_IE);
    cp0_raise(CAUSE_IP(1));
    vt_check("IP1 with only IM0 enabled: interrupts", nrec, 0);
    MTC0(C0_CAUSE, 0, 0);
    cp0_raise(CAUSE_IP(0));
    MTC0(C0_STATUS, 0, 0);
    vt_check("IP0 with IM0, IE: interrupts", nrec, 1);
    vt_check("  ExcCode", recs[0].code, EXC_INT);
    vt_check("  vector", recs[0].vector, 0x180);
    vt_check("  Cause.IP0", recs[0].cause >> 8 & 0xFF, 0x01);
    uint32_t at = recs[0].epc - cp0_mark;
    mp_printf("  EPC = the mtc0 + %u\n", at);
    vt_count(at >= 4 && at <= 12);

    /* Cause.IV=1: interrupts go to 0x200. */
    nrec = 0;
    MTC0(C0_STATUS, 0, ST_IM(1) | ST_IE);
    cp0_raise(CAUSE_IV | CAUSE_IP(1));
    MTC0(C0_STATUS, 0, 0);
    MTC0(C0_CAUSE, 0, 0);
    vt_check("IP1 with IM1, IE, Cause.IV: interrupts", nrec, 1);
    vt_check("  vector", recs[0].vector, 0x200);
    vt_check("  Cause.IP1", recs[0].cause >> 8 & 0xFF, 0x02);
}

/* ---- user and supervisor mode ------------------------------------------------ */

static void lesser(const char *mode, uint32_t pc, uint32_t ksu, int cu0)
{
    static const char *const ksu_names[4] = { "kernel", "supervisor", "user", "?" };
    nrec = 0;
    uint32_t base = pc;
    cp0_enter(pc, ksu | (cu0 ? ST_CU0 : 0), KSSEG(VT_FRAME(0)), 0x80000000u);
    mp_printf("%s mode%s: %u exceptions\n", mode, cu0 ? " with CU0=1" : "", nrec);
    for (uint32_t i = 0; i < nrec && i < 8; i++) {
        struct rec *r = &recs[i];
        mp_printf("  %s from %s at +%u", mp_exc_name(r->code),
                  ksu_names[r->ksu >> 3], r->epc - base);
        if (r->code == EXC_CPU)
            mp_printf(" CE=%u", r->ce);
        if (r->code == EXC_ADEL)
            mp_printf(" BadVAddr=0x%08x", r->badvaddr);
        mp_putc('\n');
    }
    if (cu0)
        vt_check("  Status as mfc0 read it there", lesser_t0,
                 ST_CU0 | ST_KSU_USER);
    /* Sys; CpU twice (unless CU0=1); AdEL on ksseg (user only); AdEL on
     * kseg0; the final Sys. */
    int want = 2 + 2 * !cu0 + (ksu == ST_KSU_USER) + 1;
    int ok = (int)nrec == want;
    for (uint32_t i = 0; i < nrec && i < 8; i++)
        ok &= recs[i].ksu == ksu && (recs[i].code != EXC_CPU || recs[i].ce == 0);
    vt_count(ok);
    if (!ok)
        mp_puts("  FAIL\n");
}

int main(void)
{
    mp_set_handler(handler);
    mp_puts("vt_cp0: CP0 registers, software interrupts, user and supervisor mode\n");
    identification();
    tlb_registers();
    exception_registers();
    status_bits();
    timer_registers();
    interrupts();

    /* The page of cp0_lesser, mapped at VA_USER for user mode (V, no D). */
    uint32_t user_pa = (uint32_t)__user_start - KSSEG_BASE;
    uint32_t off = (uint32_t)cp0_lesser - (uint32_t)__user_start;
    mp_tlb_write(mp_tlb_wired(), PAGEMASK_4K, VA_USER,
                 ENTRYLO(user_pa, LO_CACHED | LO_V), 0);
    mp_puts("-- lesser modes\n");
    lesser("user", VA_USER + off, ST_KSU_USER, 0);
    lesser("user", VA_USER + off, ST_KSU_USER, 1);
    lesser("supervisor", (uint32_t)cp0_lesser, ST_KSU_SUPER, 0);
    vt_check("back in kernel mode: Status", MFC0(C0_STATUS, 0), 0);
    return vt_summary("vt_cp0");
}
