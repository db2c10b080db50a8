/*
 * vt_tlb.c -- the guest's TLB writes against the monitor's shadow entries
 * (SPEC §5, pitfalls 3 and 4).
 *
 * Under the monitor the guest's tlbwi/tlbwr write its *virtual* TLB; the
 * real TLB holds shadow entries made on demand from it, always 4 KiB, never
 * global, tagged with the ASID the guest had when it missed.  A shadow
 * that outlives the virtual entry it copies is a stale translation: the
 * guest would read the old frame.  So every check here is "after this TLB
 * write (or ASID change), an access sees exactly what the bare machine's
 * TLB says":
 *
 *   - tlbwi over an entry already used: the new frames are seen;
 *   - an entry killed: the old address faults;
 *   - tlbwr over one of many used entries: that entry's old address
 *     faults, the others still map, and the index lies in [Wired, entries);
 *   - two ASIDs mapping one address to two frames, and a third ASID with
 *     no mapping;
 *   - a global entry seen under several ASIDs, then made non-global;
 *   - a clean page (D=0): a store raises Mod, the handler sets D with
 *     tlbwi, the store is retried;
 *   - a 1 MiB page (many 4 KiB shadows) overwritten;
 *   - tlbr reads back what tlbwi wrote, masked, and tlbp finds it.
 */
#include "vt.h"

/* Loads and stores that a fault skips (the handler steps EPC over them;
 * they are never in a delay slot).  A skipped load returns FAULT. */
#define FAULT 0xdeadbeefu
uint32_t tlb_load(uint32_t va);
void tlb_store(uint32_t va, uint32_t v);
__asm__(
    "   .text\n"
    "   .set push\n"
    "   .set noreorder\n"
    "   .globl tlb_load\n"
    "tlb_load:\n"
    "   li      $v0, 0xdeadbeef\n"
    "   lw      $v0, 0($a0)\n"
    "   jr      $ra\n"
    "   nop\n"
    "   .globl tlb_store\n"
    "tlb_store:\n"
    "   sw      $a1, 0($a0)\n"
    "   jr      $ra\n"
    "   nop\n"
    "   .set pop\n");

/* Frame k holds marker MARK(k) in its first word. */
#define MARK(k)     (0xf0000000u + (uint32_t)(k))
#define NFRAMES     64

static uint32_t first;        /* first entry the test may use: Wired */
static uint32_t entries;

/* ---- the handler ------------------------------------------------------------ */

static int fix_dirty;         /* Mod: set D and retry instead of skipping */
static uint32_t nfault, fault_code, fault_vector, fault_badvaddr;

static void handler(struct mp_frame *f)
{
    unsigned code = CAUSE_CODE(f->cause);
    if (code != EXC_MOD && code != EXC_TLBL && code != EXC_TLBS) {
        mp_printf("vt_tlb: unexpected %s at EPC 0x%08x\n", mp_exc_name(code),
                  f->epc);
        mp_poweroff(3);
    }
    nfault++;
    fault_code = code;
    fault_vector = f->vector;
    fault_badvaddr = f->badvaddr;
    if (code == EXC_MOD && fix_dirty) {
        /* EntryHi holds the page's VPN2 and our ASID: find the entry, set
         * D on the half that faulted, write it back, retry the store. */
        tlbp();
        tlbr();
        if (f->badvaddr & 0x1000)
            MTC0(C0_ENTRYLO1, 0, MFC0(C0_ENTRYLO1, 0) | LO_D);
        else
            MTC0(C0_ENTRYLO0, 0, MFC0(C0_ENTRYLO0, 0) | LO_D);
        tlbwi();
        MTC0(C0_PAGEMASK, 0, PAGEMASK_4K);
        return;
    }
    f->epc += 4;
}

/* Load va; the result must be frame `k`'s marker (k < 0: a fault). */
static void expect(const char *what, uint32_t va, int k)
{
    nfault = 0;
    uint32_t v = tlb_load(va);
    if (k >= 0) {
        vt_check(what, v, MARK(k));
    } else {
        mp_printf("%s: %s", what, nfault ? mp_exc_name(fault_code) : "no fault");
        if (nfault)
            mp_printf(" (vector 0x%x)", fault_vector);
        int ok = nfault == 1 && v == FAULT && fault_badvaddr == va;
        mp_puts(ok ? "\n" : " FAIL\n");
        vt_count(ok);
    }
}

/* ---- the tests ---------------------------------------------------------------- */

#define VA_A    0x00400000u
#define VA_X    0x00420000u       /* ASIDs */
#define VA_Y    0x00430000u       /* global */
#define VA_Z    0x00440000u       /* clean */
#define VA_R    0x00450000u       /* tlbr */
#define VA_MANY 0x00800000u       /* tlbwr: one pair per entry */
#define VA_BIG  0x01000000u       /* 1 MiB pages */

static void overwrite(void)
{
    mp_puts("-- tlbwi over a used entry\n");
    mp_tlb_write(first, PAGEMASK_4K, VA_A, LO_RW(VT_FRAME(1)), LO_RW(VT_FRAME(2)));
    expect("even page -> frame 1", VA_A, 1);
    expect("odd page -> frame 2", VA_A + 0x1000, 2);
    tlb_store(VA_A + 8, 0x1234);
    vt_check("store landed in frame 1", VT_FRAME_PTR(1)[2], 0x1234);
    mp_tlb_write(first, PAGEMASK_4K, VA_A, LO_RW(VT_FRAME(3)), LO_RW(VT_FRAME(4)));
    expect("rewritten: even page -> frame 3", VA_A, 3);
    expect("rewritten: odd page -> frame 4", VA_A + 0x1000, 4);
    tlb_store(VA_A + 8, 0x5678);
    vt_check("store landed in frame 3", VT_FRAME_PTR(3)[2], 0x5678);
    vt_check("frame 1 untouched", VT_FRAME_PTR(1)[2], 0x1234);
    mp_tlb_write(first, PAGEMASK_4K, VA_A, LO_RW(VT_FRAME(3)), 0);
    expect("odd half made invalid", VA_A + 0x1000, -1);
    mp_tlb_kill(first);
    expect("entry killed: even page", VA_A, -1);
}

static void random_writes(void)
{
    mp_puts("-- tlbwr over one of many used entries\n");
    uint32_t n = entries - first;
    for (uint32_t i = 0; i < n; i++)
        mp_tlb_write(first + i, PAGEMASK_4K, VA_MANY + i * 0x2000,
                     LO_RW(VT_FRAME(10 + i)), 0);
    int ok = 1;
    for (uint32_t i = 0; i < n; i++)
        ok &= tlb_load(VA_MANY + i * 0x2000) == MARK(10 + i);
    vt_check("every entry maps its own frame", ok, 1);

    for (uint32_t round = 0; round < 4; round++) {
        uint32_t va = VA_MANY + 0x100000 + round * 0x2000;
        MTC0(C0_ENTRYHI, 0, va);
        MTC0(C0_ENTRYLO0, 0, LO_RW(VT_FRAME(5 + round)));
        MTC0(C0_ENTRYLO1, 0, 0);
        tlbwr();
        tlbp();
        uint32_t idx = MFC0(C0_INDEX, 0);
        MTC0(C0_ENTRYHI, 0, 0);
        mp_printf("tlbwr round %u\n", round);
        vt_check("  tlbp found it in [Wired, entries)",
                 idx >= first && idx < entries, 1);
        expect("  the new mapping", va, 5 + round);
        uint32_t victim = idx - first;
        expect("  the overwritten entry's old address", VA_MANY + victim * 0x2000, -1);
        ok = 1;
        for (uint32_t i = 0; i < n; i++) {
            uint32_t want = MARK(10 + i);
            if (i != victim && tlb_load(VA_MANY + i * 0x2000) != want)
                ok = 0;
        }
        vt_check("  every other entry still maps its own frame", ok, 1);
        /* Put the victim back, so the next round has all of them. */
        mp_tlb_write(idx, PAGEMASK_4K, VA_MANY + victim * 0x2000,
                     LO_RW(VT_FRAME(10 + victim)), 0);
    }

    /* Wired moves the floor of tlbwr. */
    MTC0(C0_WIRED, 0, first + 4);
    int in_range = 1;
    for (uint32_t round = 0; round < 8; round++) {
        uint32_t r = MFC0(C0_RANDOM, 0);
        in_range &= r >= first + 4 && r < entries;
    }
    vt_check("Random in [Wired+4, entries) after Wired = Wired+4", in_range, 1);
    MTC0(C0_WIRED, 0, first);
    for (uint32_t i = 0; i < n; i++)
        mp_tlb_kill(first + i);
}

static void asids(void)
{
    mp_puts("-- one address, two ASIDs, two frames\n");
    mp_tlb_write(first, PAGEMASK_4K, VA_X | 1, LO_RW(VT_FRAME(20)), 0);
    mp_tlb_write(first + 1, PAGEMASK_4K, VA_X | 2, LO_RW(VT_FRAME(21)), 0);
    for (int round = 0; round < 2; round++) {
        mp_set_asid(1);
        expect("ASID 1 -> frame 20", VA_X, 20);
        mp_set_asid(2);
        expect("ASID 2 -> frame 21", VA_X, 21);
    }
    tlb_store(VA_X + 8, 0x22);
    mp_set_asid(1);
    tlb_store(VA_X + 8, 0x11);
    vt_check("ASID 1's store in frame 20", VT_FRAME_PTR(20)[2], 0x11);
    vt_check("ASID 2's store in frame 21", VT_FRAME_PTR(21)[2], 0x22);
    mp_set_asid(3);
    expect("ASID 3 (no entry)", VA_X, -1);
    mp_set_asid(0);
    expect("ASID 0 (no entry)", VA_X, -1);

    mp_puts("-- tlbp\n");
    MTC0(C0_ENTRYHI, 0, VA_X | 2);
    tlbp();
    vt_check("probe of ASID 2's entry: Index", MFC0(C0_INDEX, 0) - first, 1);
    MTC0(C0_ENTRYHI, 0, VA_X | 3);
    tlbp();
    vt_check("probe of ASID 3: Index.P", MFC0(C0_INDEX, 0) >> 31, 1);
    mp_set_asid(0);
    mp_tlb_kill(first);
    mp_tlb_kill(first + 1);
}

static void global(void)
{
    mp_puts("-- a global entry\n");
    mp_set_asid(1);
    mp_tlb_write(first, PAGEMASK_4K, VA_Y | 1, LO_RW(VT_FRAME(22)) | LO_G,
                 LO_G);
    expect("ASID 1 -> frame 22", VA_Y, 22);
    mp_set_asid(2);
    expect("ASID 2 -> frame 22", VA_Y, 22);
    mp_set_asid(0);
    expect("ASID 0 -> frame 22", VA_Y, 22);
    mp_set_asid(1);
    mp_tlb_write(first, PAGEMASK_4K, VA_Y | 1, LO_RW(VT_FRAME(22)), 0);
    expect("made non-global: ASID 1 -> frame 22", VA_Y, 22);
    mp_set_asid(2);
    expect("made non-global: ASID 2", VA_Y, -1);
    mp_set_asid(0);
    expect("made non-global: ASID 0", VA_Y, -1);
    mp_tlb_kill(first);
}

static void clean_page(void)
{
    mp_puts("-- a clean page (D=0)\n");
    mp_tlb_write(first, PAGEMASK_4K, VA_Z, ENTRYLO(VT_FRAME(23), LO_CACHED | LO_V),
                 ENTRYLO(VT_FRAME(24), LO_CACHED | LO_V));
    expect("load -> frame 23", VA_Z, 23);
    fix_dirty = 1;
    nfault = 0;
    tlb_store(VA_Z + 8, 0xd1d1);
    vt_check("store: exceptions", nfault, 1);
    mp_printf("store: %s (vector 0x%x)\n", mp_exc_name(fault_code), fault_vector);
    vt_count(fault_code == EXC_MOD && fault_vector == 0x180);
    vt_check("store: BadVAddr", fault_badvaddr, VA_Z + 8);
    vt_check("store retried after D=1", VT_FRAME_PTR(23)[2], 0xd1d1);
    nfault = 0;
    tlb_store(VA_Z + 12, 0xd2d2);
    vt_check("second store: exceptions", nfault, 0);
    /* The odd page was never read: its first touch is the store. */
    nfault = 0;
    tlb_store(VA_Z + 0x1000 + 8, 0xd3d3);
    vt_check("store to the other half, never read: exceptions", nfault, 1);
    vt_check("  BadVAddr", fault_badvaddr, VA_Z + 0x1008);
    vt_check("  stored after D=1", VT_FRAME_PTR(24)[2], 0xd3d3);
    fix_dirty = 0;
    mp_tlb_kill(first);
}

static void big_pages(void)
{
    mp_puts("-- 1 MiB pages\n");
    static const uint32_t off[3] = { 0x1234, 0xff000, 0x105678 };
    for (int k = 0; k < 4; k++)
        for (int i = 0; i < 3; i++)
            *(volatile uint32_t *)KSSEG(0x00200000u * (k / 2 + 1) +
                0x00100000u * (k & 1) + (off[i] & 0xffffcu)) =
                0xb0000000u + (uint32_t)(k << 8) + (uint32_t)i;
    /* Pages 0 and 1 at 2 MiB, 3 MiB; then 4 MiB, 5 MiB. */
    for (int round = 0; round < 2; round++) {
        uint32_t pa = 0x00200000u * (uint32_t)(round + 1);
        mp_tlb_write(first, PAGEMASK_1M, VA_BIG, LO_RW(pa), LO_RW(pa + 0x00100000u));
        for (int i = 0; i < 3; i++) {
            uint32_t k = (uint32_t)round * 2 + (off[i] >= 0x100000);
            uint32_t v = tlb_load(VA_BIG + (off[i] & ~3u));
            mp_printf("mapping %d, offset 0x%x", round, off[i] & ~3u);
            vt_check("", v, 0xb0000000u + (k << 8) + (uint32_t)i);
        }
    }
    mp_tlb_kill(first);
    expect("killed", VA_BIG + 0x1234, -1);
}

static void readback(void)
{
    mp_puts("-- tlbr reads back what tlbwi wrote\n");
    MTC0(C0_INDEX, 0, first);
    MTC0(C0_PAGEMASK, 0, PAGEMASK_16K);
    MTC0(C0_ENTRYHI, 0, VA_R | 0x1F00 | 0x5A);
    /* Bits 31..26 set (they read 0), G in one half only; the frames are
     * 16 KiB aligned, as a 16 KiB page's must be. */
    MTC0(C0_ENTRYLO0, 0, 0xFC000000u | ENTRYLO(VT_FRAME(24),
                                                LO_CACHED | LO_D | LO_V | LO_G));
    MTC0(C0_ENTRYLO1, 0, ENTRYLO(VT_FRAME(28), LO_CACHED | LO_D));
    tlbwi();
    MTC0(C0_PAGEMASK, 0, 0);
    MTC0(C0_ENTRYHI, 0, 0);
    MTC0(C0_ENTRYLO0, 0, 0);
    MTC0(C0_ENTRYLO1, 0, 0);
    MTC0(C0_INDEX, 0, first);
    tlbr();
    vt_check("PageMask", MFC0(C0_PAGEMASK, 0), PAGEMASK_16K);
    vt_check("EntryHi (VPN2 | ASID)", MFC0(C0_ENTRYHI, 0), VA_R | 0x5A);
    vt_check("EntryLo0 (G only if both halves are G)", MFC0(C0_ENTRYLO0, 0),
             ENTRYLO(VT_FRAME(24), LO_CACHED | LO_D | LO_V));
    vt_check("EntryLo1", MFC0(C0_ENTRYLO1, 0),
             ENTRYLO(VT_FRAME(28), LO_CACHED | LO_D));
    /* Both G: read back in both. */
    mp_tlb_write(first, PAGEMASK_4K, VA_R, LO_G, ENTRYLO(VT_FRAME(25), LO_G | LO_V));
    MTC0(C0_INDEX, 0, first);
    tlbr();
    vt_check("global: EntryLo0", MFC0(C0_ENTRYLO0, 0), LO_G);
    vt_check("global: EntryLo1", MFC0(C0_ENTRYLO1, 0),
             ENTRYLO(VT_FRAME(25), LO_G | LO_V));
    vt_check("global: EntryHi (tlbr loads the entry's ASID)",
             MFC0(C0_ENTRYHI, 0), VA_R);
    MTC0(C0_PAGEMASK, 0, 0);
    mp_set_asid(0);
    mp_tlb_kill(first);
}

int main(void)
{
    first = mp_tlb_wired();
    entries = mp_tlb_entries();
    for (int k = 0; k < NFRAMES; k++)
        VT_FRAME_PTR(k)[0] = MARK(k);
    mp_set_handler(handler);
    mp_puts("vt_tlb: guest TLB writes, ASIDs and shadow entries\n");
    overwrite();
    random_writes();
    asids();
    global();
    clean_page();
    big_pages();
    readback();
    return vt_summary("vt_tlb");
}
