/*
 * tlb_ops.c -- the TLB instructions and the TLB exceptions, with 4 KiB
 * pages (page sizes are in tlb_pages.c, stale translations in tlb_cache.c,
 * the machine check in tlb_archonly.c).
 *
 *  - the CP0 TLB registers' writable bits (EntryHi, EntryLo, Context,
 *    Wired, Index.P being read-only);
 *  - tlbwi then tlbr reads the entry back (G is the AND of both G bits);
 *  - tlbp: hit (Index = the entry), miss (Index.P, bit 31), ASID mismatch,
 *    a global entry matching any ASID, an invalid entry still probed;
 *  - Wired and Random: Random always within [Wired, N-1] (sampled, never
 *    printed: it differs between machines), tlbwr never writes an entry
 *    below Wired;
 *  - TLB refill with EXL=0 for a load, a store, an instruction fetch and
 *    a load in a branch delay slot: vector 0x000, TLBL/TLBS, EPC,
 *    BadVAddr, Context.BadVPN2 (PTEBase kept), EntryHi.VPN2 with the ASID
 *    preserved; the handler writes the entry and retries;
 *  - a TLB miss while EXL=1 goes to the general vector 0x180 and leaves
 *    EPC alone;
 *  - an instruction fetch fault on a delay slot that lies on the next page
 *    (invalid page: 0x180; no entry: refill 0x000): EPC = the branch,
 *    BD = 1, BadVAddr = the slot's address; restarted after the fix;
 *  - priorities: a misaligned address raises AdEL/AdES before any TLB
 *    check; a store to a page with V=0 and D=0 raises TLBS, not Mod;
 *  - TLB invalid (V=0): TLBL/TLBS at 0x180; Mod (D=0 store) at 0x180;
 *  - ASID match and mismatch, global entries;
 *  - a mapping onto a physical address with nothing there: DBE on a load,
 *    IBE on an instruction fetch.
 *
 * The TLB size N comes from Config1 (QEMU's 24Kf has 16 entries, trapeze
 * 32 by default) and is never printed.  Mapped pages use physical
 * 0x00400000..0x00800000 (reserved by the runtime).
 */
#include "rt.h"
#include "rt_tlb.h"

#define EXC_CODE(c) (((c) >> 2) & 0x1Fu)
#define LO(pa, c, d, v, g) ((((pa) >> 12) << 6) | ((c) << 3) | ((d) << 2) | ((v) << 1) | (g))
#define KSEG0(pa) (0x80000000u + (pa))

static uint32_t ntlb;

/* ---- TLB helpers --------------------------------------------------------- */


static void tlb_reset_all(void)
{
    for (uint32_t i = 0; i < ntlb; i++)
        tlb_kill(i);
    MTC0(6, 0, 0);
}

/* tlbp for hi; returns Index; EntryHi preserved. */
static uint32_t probe(uint32_t hi)
{
    uint32_t old = MFC0(10, 0), idx;
    MTC0(10, 0, hi);
    tlbp();
    idx = MFC0(0, 0);
    MTC0(10, 0, old);
    return idx;
}

static void set_asid(uint32_t asid)
{
    MTC0(10, 0, asid & 0xFF);
}

/* ---- exception handler ----------------------------------------------- */

enum { ACT_SKIP, ACT_MAP, ACT_RA, ACT_NONE };

static volatile uint32_t n_exc, x_epc, x_cause, x_status, x_badvaddr, x_context, x_entryhi, x_vector;
static volatile int action;
static volatile uint32_t map_index, map_lo0, map_lo1;

static void handler(struct rt_frame *f)
{
    n_exc++;
    x_epc = f->epc;
    x_cause = f->cause;
    x_status = f->status;
    x_badvaddr = f->badvaddr;
    x_context = f->context;
    x_entryhi = f->entryhi;
    x_vector = f->vector;
    switch (action) {
    case ACT_SKIP:
        f->epc += 4;
        break;
    case ACT_MAP:
        /* What a refill handler does: EntryHi already holds VPN2 and ASID
         * of the miss; write the pair and retry the instruction. */
        MTC0(0, 0, map_index);
        MTC0(5, 0, 0);
        MTC0(2, 0, map_lo0);
        MTC0(3, 0, map_lo1);
        tlbwi();
        break;
    case ACT_RA:
        f->epc = f->r[31];
        break;
    case ACT_NONE:
        break;
    }
}

static void expect(uint32_t pc, uint32_t code, uint32_t vector)
{
    rt_check("  exceptions taken", n_exc, 1);
    rt_check("  Cause.ExcCode", EXC_CODE(x_cause), code);
    rt_check("  EPC - insn", x_epc - pc, 0);
    rt_check("  Cause.BD", x_cause >> 31, 0);
    rt_check("  Status.EXL in handler", (x_status >> 1) & 1, 1);
    rt_check("  vector", x_vector, vector);
}

/* The registers a TLB exception sets for vaddr, with the ASID in force. */
static void expect_tlb_regs(uint32_t vaddr, uint32_t asid, uint32_t ptebase)
{
    rt_check("  BadVAddr", x_badvaddr, vaddr);
    rt_check("  EntryHi (VPN2 | ASID)", x_entryhi, (vaddr & 0xFFFFE000u) | asid);
    rt_check("  Context (PTEBase | BadVPN2 << 4)", x_context, ptebase | ((vaddr >> 13) << 4 & 0x007FFFF0u));
}

/* Load/store at an address, reporting the label of the instruction. */
#define LOADW(addr, pc) ({ uint32_t _r = 0x5A5A5A5Au; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\tlw %1, 0(%2)\n\t.set pop" \
        : "=&r"(pc), "+r"(_r) : "r"((uint32_t)(addr)) : "memory"); _r; })
#define STOREW(addr, v, pc) \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\tsw %1, 0(%2)\n\t.set pop" \
        : "=&r"(pc) : "r"((uint32_t)(v)), "r"((uint32_t)(addr)) : "memory")

/* ---- a function to fetch through the TLB -------------------------------- */

/* mapped_code: a page of its own that returns 0x1234 in $2 ($v0). */
__asm__(".pushsection .text\n"
        ".balign 4096\n"
        ".globl mapped_code\n"
        "mapped_code:\n"
        ".set push\n.set noreorder\n"
        "\tli $2, 0x1234\n"
        "\tjr $31\n"
        "\tnop\n"
        ".set pop\n"
        ".balign 4096\n"
        ".popsection\n");
extern char mapped_code[];

/* boundary_code: two pages; a jr $31 in the last word of the first, its
 * delay slot (addiu $2, $0, 0x77) in the first word of the second. */
__asm__(".pushsection .text\n"
        ".balign 4096\n"
        ".globl boundary_code\n"
        "boundary_code:\n"
        ".set push\n.set noreorder\n"
        "\t.fill 1023, 4, 0\n"
        "\tjr $31\n"
        "\taddiu $2, $0, 0x77\n"
        "\t.fill 1023, 4, 0\n"
        ".set pop\n"
        ".popsection\n");
extern char boundary_code[];

/* ---- tests ----------------------------------------------------------- */

static void test_registers(void)
{
    rt_puts("== CP0 TLB registers\n");
    rt_check("Config1.MMUSize + 1 in 16..64", ntlb >= 16 && ntlb <= 64, 1);
    MTC0(10, 0, 0xFFFFFFFF);
    rt_check("EntryHi after writing 0xffffffff", MFC0(10, 0), 0xFFFFE0FF);
    MTC0(10, 0, 0);
    MTC0(2, 0, 0xFFFFFFFF);
    rt_check("EntryLo0 after writing 0xffffffff", MFC0(2, 0), 0x03FFFFFF);
    MTC0(3, 0, 0x12345678);
    rt_check("EntryLo1 after writing 0x12345678", MFC0(3, 0), 0x02345678);
    MTC0(5, 0, 0x00006000);
    rt_check("PageMask after writing 0x6000 (16K)", MFC0(5, 0), 0x00006000);
    MTC0(5, 0, 0x01FFE000);
    rt_check("PageMask after writing 0x1ffe000 (16M)", MFC0(5, 0), 0x01FFE000);
    MTC0(5, 0, 0);
    MTC0(4, 0, 0xFFFFFFFF);
    rt_check("Context.PTEBase after writing 0xffffffff", MFC0(4, 0) & 0xFF800000u, 0xFF800000);
    MTC0(4, 0, 0);
    rt_check("Context.PTEBase after writing 0", MFC0(4, 0) & 0xFF800000u, 0);
    MTC0(6, 0, 3);
    rt_check("Wired after writing 3", MFC0(6, 0), 3);
    MTC0(6, 0, 0);
    MTC0(0, 0, 5);
    rt_check("Index after writing 5", MFC0(0, 0), 5);
}

static void test_write_read_probe(void)
{
    uint32_t idx;

    rt_puts("== tlbwi / tlbr\n");
    tlb_set(5, 0, 0x00402000u | 0x12, LO(0x410000, 3, 1, 1, 0), LO(0x411000, 2, 0, 1, 0));
    MTC0(0, 0, 5);
    MTC0(10, 0, 0);
    MTC0(2, 0, 0);
    MTC0(3, 0, 0);
    MTC0(5, 0, 0x1E000);
    tlbr();
    rt_check("tlbr entry 5: EntryHi", MFC0(10, 0), 0x00402012);
    rt_check("tlbr entry 5: EntryLo0", MFC0(2, 0), LO(0x410000, 3, 1, 1, 0));
    rt_check("tlbr entry 5: EntryLo1", MFC0(3, 0), LO(0x411000, 2, 0, 1, 0));
    rt_check("tlbr entry 5: PageMask", MFC0(5, 0), 0);
    set_asid(0);

    /* G is stored once, as EntryLo0.G AND EntryLo1.G. */
    tlb_set(6, 0, 0x00404000u | 0x21, LO(0x412000, 3, 1, 1, 1), LO(0x413000, 3, 1, 1, 0));
    MTC0(0, 0, 6);
    tlbr();
    rt_check("tlbr, G only in EntryLo0: EntryLo0.G", MFC0(2, 0) & 1, 0);
    rt_check("tlbr, G only in EntryLo0: EntryLo1.G", MFC0(3, 0) & 1, 0);
    tlb_set(7, 0, 0x00406000u | 0x21, LO(0x414000, 3, 1, 1, 1), LO(0x415000, 3, 1, 0, 1));
    MTC0(0, 0, 7);
    tlbr();
    rt_check("tlbr, G in both: EntryLo0", MFC0(2, 0), LO(0x414000, 3, 1, 1, 1));
    rt_check("tlbr, G in both: EntryLo1", MFC0(3, 0), LO(0x415000, 3, 1, 0, 1));
    rt_check("tlbr, G in both: EntryHi", MFC0(10, 0), 0x00406021);
    set_asid(0);

    rt_puts("== tlbp\n");
    idx = probe(0x00402000u | 0x12);
    rt_check("probe VPN2 0x00402000 ASID 0x12: Index", idx, 5);
    idx = probe(0x00402000u | 0x13);
    rt_check("probe VPN2 0x00402000 ASID 0x13 (mismatch): Index.P", idx >> 31, 1);
    idx = probe(0x00404000u | 0x21);
    rt_check("probe VPN2 0x00404000 ASID 0x21: Index", idx, 6);
    idx = probe(0x00404000u | 0x22);
    rt_check("probe VPN2 0x00404000 ASID 0x22 (not global): Index.P", idx >> 31, 1);
    idx = probe(0x00406000u | 0x99);
    rt_check("probe global VPN2 0x00406000 ASID 0x99: Index", idx, 7);
    idx = probe(0x00408000u);
    rt_check("probe unmapped VPN2 0x00408000: Index.P", idx >> 31, 1);
    /* Index.P is read-only: writing Index leaves it set until a tlbp hits. */
    MTC0(0, 0, 3);
    rt_check("Index after a failed tlbp, then writing 3", MFC0(0, 0), 0x80000003);
    /* tlbwi uses Index's index field even while P is set. */
    tlb_set(3, 0, 0x0040A000u | 0x12, LO(0x416000, 3, 1, 1, 0), LO(0x417000, 3, 1, 1, 0));
    MTC0(0, 0, 3);
    tlbr();
    rt_check("tlbwi with Index.P set wrote entry 3: EntryHi", MFC0(10, 0), 0x0040A012);
    set_asid(0);
    tlb_kill(3);
    tlb_set(8, 0, 0x00408000u, 0, 0);   /* invalid, ASID 0 */
    idx = probe(0x00408000u);
    rt_check("probe an invalid entry (V=0): Index", idx, 8);

    for (uint32_t i = 5; i <= 8; i++)
        tlb_kill(i);
}

static void test_wired_random(void)
{
    uint32_t wired = 4, bad = 0, ok_probe = 0, n = 300;

    rt_puts("== Wired / Random / tlbwr\n");
    /* Markers in the wired entries. */
    for (uint32_t i = 0; i < wired; i++)
        tlb_set(i, 0, 0x9F000000u + (i << 13), 0, 0);
    MTC0(6, 0, wired);

    for (uint32_t k = 0; k < n; k++) {
        uint32_t r = MFC0(1, 0);
        if (r < wired || r > ntlb - 1)
            bad++;
        __asm__ __volatile__("nop\n\tnop\n\tnop" : : : "memory");
    }
    rt_check("Random samples outside [Wired, N-1] (Wired 4)", bad, 0);

    bad = 0;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t hi = 0x9E000000u + (k << 13), idx;
        MTC0(10, 0, hi);
        MTC0(5, 0, 0);
        MTC0(2, 0, 0);
        MTC0(3, 0, 0);
        tlbwr();
        MTC0(10, 0, 0);
        idx = probe(hi);
        if (idx >> 31)
            continue;
        ok_probe++;
        if (idx < wired || idx > ntlb - 1)
            bad++;
    }
    rt_check("tlbwr'd entries found by tlbp", ok_probe, n);
    rt_check("tlbwr'd entries outside [Wired, N-1]", bad, 0);
    bad = 0;
    for (uint32_t i = 0; i < wired; i++) {
        MTC0(0, 0, i);
        tlbr();
        if (MFC0(10, 0) != 0x9F000000u + (i << 13))
            bad++;
    }
    set_asid(0);
    rt_check("wired entries overwritten by tlbwr", bad, 0);

    MTC0(6, 0, ntlb - 1);
    bad = 0;
    for (uint32_t k = 0; k < 50; k++)
        if (MFC0(1, 0) != ntlb - 1)
            bad++;
    rt_check("Random != N-1 with Wired = N-1", bad, 0);
    MTC0(6, 0, 0);
    bad = 0;
    for (uint32_t k = 0; k < n; k++)
        if (MFC0(1, 0) > ntlb - 1)
            bad++;
    rt_check("Random samples above N-1 (Wired 0)", bad, 0);

    tlb_reset_all();
}

static void test_refill(void)
{
    uint32_t pc, v;
    volatile uint32_t *pa = (volatile uint32_t *)KSEG0(0x410000);

    rt_puts("== TLB refill, EXL=0: load\n");
    pa[0x1678 / 4] = 0x0DDBA11;
    MTC0(4, 0, 0xFF800000u);            /* Context.PTEBase */
    set_asid(0x34);
    action = ACT_MAP;
    map_index = 9;
    map_lo0 = LO(0x410000, 3, 1, 1, 0);
    map_lo1 = LO(0x411000, 3, 1, 1, 0);
    n_exc = 0;
    v = LOADW(0x00605678u, pc);
    expect(pc, 2, 0x000);
    expect_tlb_regs(0x00605678u, 0x34, 0xFF800000u);
    rt_check("  value loaded after the refill (odd page -> PA 0x411678)", v, 0x0DDBA11);
    rt_check("  EntryHi.ASID after return", MFC0(10, 0) & 0xFF, 0x34);
    rt_check("  tlbp of the new entry", probe(0x00604000u | 0x34), 9);

    rt_puts("== TLB refill, EXL=0: lw $0 (the destination does not matter)\n");
    action = ACT_SKIP;
    n_exc = 0;
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\tlw $0, 0(%1)\n\t.set pop"
                         : "=&r"(pc) : "r"(0x00E00000u) : "memory");
    expect(pc, 2, 0x000);
    expect_tlb_regs(0x00E00000u, 0x34, 0xFF800000u);

    rt_puts("== pref on an unmapped address: no exception\n");
    n_exc = 0;
    __asm__ __volatile__("pref 0, 0(%0)\n\tpref 1, 64(%0)" : : "r"(0x00E00000u) : "memory");
    rt_check("  exceptions taken", n_exc, 0);
    action = ACT_MAP;

    rt_puts("== TLB refill, EXL=0: store\n");
    pa[0x0010 / 4] = 0;
    map_index = 10;
    map_lo0 = LO(0x410000, 3, 1, 1, 0);
    map_lo1 = LO(0x411000, 3, 1, 1, 0);
    n_exc = 0;
    STOREW(0x00A00010u, 0xFEEDFACE, pc);
    expect(pc, 3, 0x000);
    expect_tlb_regs(0x00A00010u, 0x34, 0xFF800000u);
    rt_check("  stored word at PA 0x410010 (even page)", pa[0x0010 / 4], 0xFEEDFACE);

    rt_puts("== TLB refill, EXL=0: instruction fetch\n");
    map_index = 11;
    map_lo0 = LO((uint32_t)mapped_code - 0x80000000u, 3, 0, 1, 0);
    map_lo1 = 0;
    n_exc = 0;
    {
        uint32_t target = 0x00700000u, ret;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tjalr %1\n\tli $2, 0\n\tmove %0, $2\n\t.set pop"
                             : "=r"(ret) : "r"(target)
                             : "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10",
                               "$11", "$12", "$13", "$14", "$15", "$24", "$25", "$31", "memory");
        expect(target, 2, 0x000);
        expect_tlb_regs(target, 0x34, 0xFF800000u);
        rt_check("  the mapped code ran and returned", ret, 0x1234);
    }

    rt_puts("== TLB refill, EXL=0: load in a branch delay slot\n");
    map_index = 12;
    map_lo0 = LO(0x410000, 3, 1, 1, 0);
    map_lo1 = LO(0x411000, 3, 1, 1, 0);
    n_exc = 0;
    {
        uint32_t br, val, path;
        pa[0x20 / 4] = 0x600DF00D;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\t"
                             "li $9, 0x00B00020\n\tli $10, 0\n\tla %0, 1f\n"
                             "1:\tbeq $0, $0, 2f\n\tlw %1, 0($9)\n\tli $10, 1\n"
                             "2:\tmove %2, $10\n\t.set pop"
                             : "=&r"(br), "=&r"(val), "=&r"(path) : : "$9", "$10", "memory");
        rt_check("  exceptions taken", n_exc, 1);
        rt_check("  Cause.ExcCode", EXC_CODE(x_cause), 2);
        rt_check("  Cause.BD", x_cause >> 31, 1);
        rt_check("  EPC - branch", x_epc - br, 0);
        rt_check("  vector", x_vector, 0x000);
        expect_tlb_regs(0x00B00020u, 0x34, 0xFF800000u);
        rt_check("  value loaded by the slot after the restart", val, 0x600DF00D);
        rt_check("  branch taken after the restart", path, 0);
    }

    rt_puts("== TLB miss with EXL=1: general vector, EPC unchanged\n");
    action = ACT_NONE;
    n_exc = 0;
    {
        uint32_t resume, insn, marker;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\t"
                             "li $10, 0\n\tla %0, 2f\n\tmtc0 %0, $14\n\t"
                             "mfc0 $8, $12\n\tori $8, $8, 2\n\tmtc0 $8, $12\n\tnop\n\tnop\n\t"
                             "li $9, 0x00C00040\n\tla %1, 1f\n"
                             "1:\tlw $11, 0($9)\n\tnop\n\tli $10, 1\n"
                             "2:\tmove %2, $10\n\t.set pop"
                             : "=&r"(resume), "=&r"(insn), "=&r"(marker) : : "$8", "$9", "$10", "$11", "memory");
        rt_check("  exceptions taken", n_exc, 1);
        rt_check("  Cause.ExcCode", EXC_CODE(x_cause), 2);
        rt_check("  vector", x_vector, 0x180);
        rt_check("  EPC (unchanged) - value set before", x_epc - resume, 0);
        expect_tlb_regs(0x00C00040u, 0x34, 0xFF800000u);
        rt_check("  resumed at the old EPC (skipped the rest)", marker, 0);
        rt_check("  Status.EXL after the eret", (MFC0(12, 0) >> 1) & 1, 0);
        (void)insn;
    }
    action = ACT_SKIP;
    set_asid(0);
    MTC0(4, 0, 0);
    tlb_reset_all();
}

/* Call VA `entry` (the jr at the end of the first page) and return $2. */
static uint32_t call_va(uint32_t entry)
{
    uint32_t ret;
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tli $2, 0\n\tjalr %1\n\tnop\n\tmove %0, $2\n\t.set pop"
                         : "=r"(ret) : "r"(entry)
                         : "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10",
                           "$11", "$12", "$13", "$14", "$15", "$24", "$25", "$31", "memory");
    return ret;
}

static void test_page_boundary(void)
{
    uint32_t pa = (uint32_t)boundary_code - 0x80000000u, ret;

    rt_puts("== a branch in the last word of a page, its delay slot on an invalid page\n");
    /* Pair 0x00900000: even = the jr's page (valid), odd = the slot's (V=0). */
    tlb_set(13, 0, 0x00900000u, LO(pa, 3, 0, 1, 1), LO(pa + 0x1000, 3, 0, 0, 1));
    action = ACT_MAP;           /* the handler makes both halves valid */
    map_index = 13;
    map_lo0 = LO(pa, 3, 0, 1, 1);
    map_lo1 = LO(pa + 0x1000, 3, 0, 1, 1);
    n_exc = 0;
    ret = call_va(0x00900FFCu);
    rt_check("  exceptions taken", n_exc, 1);
    rt_check("  Cause.ExcCode (TLBL, fetch)", EXC_CODE(x_cause), 2);
    rt_check("  vector (invalid: general)", x_vector, 0x180);
    rt_check("  Cause.BD", x_cause >> 31, 1);
    rt_check("  EPC (the jr)", x_epc, 0x00900FFC);
    rt_check("  BadVAddr (the slot)", x_badvaddr, 0x00901000);
    rt_check("  the slot ran after the restart", ret, 0x77);

    rt_puts("== the same at a pair boundary: the slot's page has no entry (refill)\n");
    /* Pair 0x00A00000: odd = the jr's page; pair 0x00A02000: none. */
    tlb_set(14, 0, 0x00A00000u, 0, LO(pa, 3, 0, 1, 1));
    map_index = 15;
    map_lo0 = LO(pa + 0x1000, 3, 0, 1, 0);
    map_lo1 = 0;
    n_exc = 0;
    ret = call_va(0x00A01FFCu);
    rt_check("  exceptions taken", n_exc, 1);
    rt_check("  Cause.ExcCode (TLBL, fetch)", EXC_CODE(x_cause), 2);
    rt_check("  vector (refill)", x_vector, 0x000);
    rt_check("  Cause.BD", x_cause >> 31, 1);
    rt_check("  EPC (the jr)", x_epc, 0x00A01FFC);
    rt_check("  BadVAddr (the slot)", x_badvaddr, 0x00A02000);
    rt_check("  EntryHi.VPN2 (the slot's pair)", x_entryhi & 0xFFFFE000u, 0x00A02000);
    rt_check("  the slot ran after the restart", ret, 0x77);
    action = ACT_SKIP;
    tlb_kill(13);
    tlb_kill(14);
    tlb_kill(15);
}

static void test_invalid_mod(void)
{
    uint32_t pc, v;
    volatile uint32_t *pa = (volatile uint32_t *)KSEG0(0x420000);

    action = ACT_SKIP;
    set_asid(0x05);
    pa[0] = 0x11111111;
    pa[0x1000 / 4] = 0x22222222;
    /* Even page valid and clean (D=0), odd page invalid. */
    tlb_set(3, 0, 0x00800000u | 0x05, LO(0x420000, 3, 0, 1, 0), LO(0x421000, 3, 1, 0, 0));

    rt_puts("== TLB invalid: load from the V=0 odd page\n");
    n_exc = 0;
    v = LOADW(0x00801004u, pc);
    expect(pc, 2, 0x180);
    expect_tlb_regs(0x00801004u, 0x05, 0);
    rt_check("  destination unchanged", v, 0x5A5A5A5A);

    rt_puts("== TLB invalid: store to the V=0 odd page\n");
    n_exc = 0;
    STOREW(0x00801008u, 0x33333333, pc);
    expect(pc, 3, 0x180);
    expect_tlb_regs(0x00801008u, 0x05, 0);
    rt_check("  memory unchanged", pa[0x1008 / 4], 0);

    rt_puts("== load from the valid clean even page\n");
    n_exc = 0;
    v = LOADW(0x00800000u, pc);
    rt_check("  exceptions taken", n_exc, 0);
    rt_check("  value", v, 0x11111111);

    rt_puts("== Mod: store to the valid clean (D=0) even page\n");
    n_exc = 0;
    STOREW(0x00800004u, 0x44444444, pc);
    expect(pc, 1, 0x180);
    expect_tlb_regs(0x00800004u, 0x05, 0);
    rt_check("  memory unchanged", pa[1], 0);

    rt_puts("== address error before TLB: misaligned lw on the V=0 page\n");
    n_exc = 0;
    v = LOADW(0x00801006u, pc);
    expect(pc, 4, 0x180);
    rt_check("  BadVAddr", x_badvaddr, 0x00801006);

    rt_puts("== address error before TLB: misaligned lw on an unmapped page\n");
    n_exc = 0;
    v = LOADW(0x00C00002u, pc);
    expect(pc, 4, 0x180);
    rt_check("  BadVAddr", x_badvaddr, 0x00C00002);

    rt_puts("== address error before TLB: misaligned sw on the clean page\n");
    n_exc = 0;
    STOREW(0x00800002u, 0x55555555, pc);
    expect(pc, 5, 0x180);
    rt_check("  BadVAddr", x_badvaddr, 0x00800002);

    rt_puts("== invalid before Mod: store to a page with V=0 and D=0\n");
    tlb_set(7, 0, 0x00810000u | 0x05, LO(0x422000, 3, 0, 0, 0), LO(0x423000, 3, 0, 0, 0));
    n_exc = 0;
    STOREW(0x00810010u, 0x55555555, pc);
    expect(pc, 3, 0x180);
    expect_tlb_regs(0x00810010u, 0x05, 0);
    tlb_kill(7);

    rt_puts("== store after setting D\n");
    tlb_set(3, 0, 0x00800000u | 0x05, LO(0x420000, 3, 1, 1, 0), LO(0x421000, 3, 1, 0, 0));
    n_exc = 0;
    STOREW(0x00800004u, 0x44444444, pc);
    rt_check("  exceptions taken", n_exc, 0);
    rt_check("  memory", pa[1], 0x44444444);

    tlb_kill(3);
    set_asid(0);
}

static void test_asid(void)
{
    uint32_t pc, v;
    volatile uint32_t *pa = (volatile uint32_t *)KSEG0(0x430000);

    pa[0] = 0xA51DA51D;
    pa[0x1000 / 4] = 0x61061061;
    action = ACT_SKIP;
    tlb_set(4, 0, 0x01000000u | 0x05, LO(0x430000, 3, 1, 1, 0), LO(0x430000, 3, 1, 1, 0));
    tlb_set(5, 0, 0x01002000u | 0x05, LO(0x431000, 3, 1, 1, 1), LO(0x431000, 3, 1, 1, 1));

    rt_puts("== ASID: entry with ASID 5, EntryHi.ASID 5\n");
    set_asid(5);
    n_exc = 0;
    v = LOADW(0x01000000u, pc);
    rt_check("  exceptions taken", n_exc, 0);
    rt_check("  value", v, 0xA51DA51D);

    rt_puts("== ASID: entry with ASID 5, EntryHi.ASID 6 -> refill\n");
    set_asid(6);
    n_exc = 0;
    v = LOADW(0x01000000u, pc);
    expect(pc, 2, 0x000);
    expect_tlb_regs(0x01000000u, 0x06, 0);

    rt_puts("== ASID: global entry, EntryHi.ASID 6 and 0xff\n");
    n_exc = 0;
    v = LOADW(0x01002000u, pc);
    rt_check("  exceptions taken", n_exc, 0);
    rt_check("  value", v, 0x61061061);
    set_asid(0xFF);
    v = LOADW(0x01003000u, pc);
    rt_check("  exceptions taken", n_exc, 0);
    rt_check("  value (odd page, same frame)", v, 0x61061061);

    rt_puts("== ASID: back to 5, the non-global entry matches again\n");
    set_asid(5);
    n_exc = 0;
    v = LOADW(0x01001000u, pc);
    rt_check("  exceptions taken", n_exc, 0);
    rt_check("  value (odd page, same frame)", v, 0xA51DA51D);

    tlb_kill(4);
    tlb_kill(5);
    set_asid(0);
}

static void test_bus_error(void)
{
    uint32_t pc, v;

    rt_puts("== a mapping onto empty physical memory: DBE\n");
    action = ACT_SKIP;
    tlb_set(6, 0, 0x02000000u, LO(0x10000000, 2, 1, 1, 1), LO(0x10001000, 2, 1, 1, 1));
    n_exc = 0;
    v = LOADW(0x02000010u, pc);
    expect(pc, 7, 0x180);
    rt_check("  destination unchanged", v, 0x5A5A5A5A);

    rt_puts("== instruction fetch through a mapping onto empty physical memory: IBE\n");
    action = ACT_RA;
    n_exc = 0;
    {
        uint32_t target = 0x02001000u;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tjalr %0\n\tnop\n\t.set pop"
                             : : "r"(target)
                             : "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10",
                               "$11", "$12", "$13", "$14", "$15", "$24", "$25", "$31", "memory");
        expect(target, 6, 0x180);
    }
    action = ACT_SKIP;
    tlb_kill(6);
}

int main(void)
{
    rt_set_handler(handler);
    action = ACT_SKIP;
    ntlb = tlb_entries();
    tlb_reset_all();
    set_asid(0);

    test_registers();
    test_write_read_probe();
    test_wired_random();
    test_refill();
    test_page_boundary();
    test_invalid_mod();
    test_asid();
    test_bus_error();

    rt_summary("tlb_ops");
}
