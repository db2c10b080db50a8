/*
 * tlb_archonly.c -- TLB behaviour where QEMU's mipssim does not do what
 * the SPEC and the MIPS32 architecture say, so this program runs on
 * trapeze only (tlb_archonly.noqemu) and its golden file was written from
 * the architecture.
 *
 * 1. A TLB write that would leave two entries matching the same address
 *    is refused with a Machine Check exception (SPEC section 3; MIPS32
 *    PRA: ExcCode 24, Status.TS set, general vector 0x180, EPC = the
 *    tlbwi/tlbwr; the 4Kc detects it on the write).  QEMU does not check
 *    and writes the duplicate.
 *    Refused (machine check, the entry keeps its old contents):
 *     - same VPN2, same ASID, both not global;
 *     - same VPN2, one of them global (it matches under every ASID);
 *     - an invalid (V=0) entry still matches: a valid duplicate of it;
 *     - a 4K entry inside a 16K entry's range; a 16M entry over a 4K one;
 *     - tlbwr of a duplicate (Wired = N-1 makes Random = N-1).
 *    Allowed (no exception):
 *     - same VPN2 with different ASIDs, neither global (never both match);
 *     - a 4K entry just past a 16K pair; rewriting an entry in its own
 *       index with the same VPN2.
 *    After the refusals the TLB still translates through the first entry.
 *
 * 2. An entry overwritten by tlbwr no longer translates.  QEMU keeps the
 *    entry a tlbwr replaces as a hidden shadow entry (until the next
 *    tlbwi, tlbr or ASID change), reasoning that software cannot know which
 *    entry a tlbwr picked; with Wired = N-1 it can (Random = N-1), and
 *    the old address still translates on QEMU.
 */
#include "rt.h"

#define EXC_CODE(c) (((c) >> 2) & 0x1Fu)
#define LO(pa, c, d, v, g) ((((pa) >> 12) << 6) | ((c) << 3) | ((d) << 2) | ((v) << 1) | (g))
#define KSEG0(pa) (0x80000000u + (pa))
#define ST_TS 0x00200000u

static uint32_t ntlb;
static volatile uint32_t n_exc, x_epc, x_cause, x_status, x_vector;

static void handler(struct rt_frame *f)
{
    n_exc++;
    x_epc = f->epc;
    x_cause = f->cause;
    x_status = f->status;
    x_vector = f->vector;
    f->status &= ~ST_TS;        /* software clears TS */
    f->epc += 4;
}

/* Set up the CP0 registers for a write; returns nothing. */
static void load_regs(uint32_t pagemask, uint32_t hi, uint32_t lo0, uint32_t lo1)
{
    MTC0(5, 0, pagemask);
    MTC0(10, 0, hi);
    MTC0(2, 0, lo0);
    MTC0(3, 0, lo1);
}

/* tlbwi at a label; returns the label. */
static uint32_t do_tlbwi(uint32_t idx, uint32_t pagemask, uint32_t hi, uint32_t lo0, uint32_t lo1)
{
    uint32_t pc;
    MTC0(0, 0, idx);
    load_regs(pagemask, hi, lo0, lo1);
    n_exc = 0;
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\ttlbwi\n\tnop\n\tnop\n\t.set pop"
                         : "=&r"(pc) : : "memory");
    MTC0(10, 0, 0);
    MTC0(5, 0, 0);
    return pc;
}

static uint32_t do_tlbwr(uint32_t pagemask, uint32_t hi, uint32_t lo0, uint32_t lo1)
{
    uint32_t pc;
    load_regs(pagemask, hi, lo0, lo1);
    n_exc = 0;
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\ttlbwr\n\tnop\n\tnop\n\t.set pop"
                         : "=&r"(pc) : : "memory");
    MTC0(10, 0, 0);
    MTC0(5, 0, 0);
    return pc;
}

static void kill(uint32_t idx)
{
    do_tlbwi(idx, 0, 0x80000000u + (idx << 13), 0, 0);
}

static uint32_t read_hi(uint32_t idx)
{
    uint32_t hi;
    MTC0(0, 0, idx);
    __asm__ __volatile__("tlbr\n\tnop\n\tnop" : : : "memory");
    hi = MFC0(10, 0);
    MTC0(10, 0, 0);
    MTC0(5, 0, 0);
    return hi;
}

static void expect_mcheck(uint32_t pc, uint32_t idx)
{
    rt_check("  exceptions taken", n_exc, 1);
    rt_check("  Cause.ExcCode (MCheck)", EXC_CODE(x_cause), 24);
    rt_check("  EPC - tlbw*", x_epc - pc, 0);
    rt_check("  Cause.BD", x_cause >> 31, 0);
    rt_check("  vector", x_vector, 0x180);
    rt_check("  Status.EXL in handler", (x_status >> 1) & 1, 1);
    rt_check("  Status.TS in handler", (x_status & ST_TS) != 0, 1);
    rt_check("  Status.TS after the handler cleared it", (MFC0(12, 0) & ST_TS) != 0, 0);
    rt_check("  the target entry kept its old EntryHi", read_hi(idx) == 0x80000000u + (idx << 13), 1);
}

static void expect_ok(uint32_t idx, uint32_t hi)
{
    rt_check("  exceptions taken", n_exc, 0);
    rt_check("  entry written (EntryHi)", read_hi(idx), hi);
}

int main(void)
{
    uint32_t pc;

    rt_set_handler(handler);
    ntlb = ((MFC0(16, 1) >> 25) & 0x3F) + 1;
    MTC0(12, 0, 0);

    rt_puts("-- entry 2: VPN2 0x00400000 ASID 1 (not global)\n");
    do_tlbwi(2, 0, 0x00400000u | 1, LO(0x400000, 3, 1, 1, 0), LO(0x401000, 3, 1, 1, 0));
    expect_ok(2, 0x00400001);

    rt_puts("-- entry 3: the same VPN2 and ASID\n");
    pc = do_tlbwi(3, 0, 0x00400000u | 1, LO(0x402000, 3, 1, 1, 0), LO(0x403000, 3, 1, 1, 0));
    expect_mcheck(pc, 3);

    rt_puts("-- entry 3: the same VPN2, ASID 2 (neither global)\n");
    do_tlbwi(3, 0, 0x00400000u | 2, LO(0x402000, 3, 1, 1, 0), LO(0x403000, 3, 1, 1, 0));
    expect_ok(3, 0x00400002);
    kill(3);

    rt_puts("-- entry 3: the same VPN2, global\n");
    pc = do_tlbwi(3, 0, 0x00400000u | 7, LO(0x402000, 3, 1, 1, 1), LO(0x403000, 3, 1, 1, 1));
    expect_mcheck(pc, 3);

    rt_puts("-- entry 2 rewritten in place with the same VPN2\n");
    do_tlbwi(2, 0, 0x00400000u | 1, LO(0x400000, 3, 1, 1, 0), LO(0x401000, 3, 1, 1, 0));
    expect_ok(2, 0x00400001);

    rt_puts("-- entry 4: invalid (V=0) at VPN2 0x00410000; entry 5: valid duplicate\n");
    do_tlbwi(4, 0, 0x00410000u | 1, 0, 0);
    expect_ok(4, 0x00410001);
    pc = do_tlbwi(5, 0, 0x00410000u | 1, LO(0x410000, 3, 1, 1, 0), LO(0x411000, 3, 1, 1, 0));
    expect_mcheck(pc, 5);
    kill(4);

    rt_puts("-- entry 6: 16K pair at 0x00420000 (to 0x00427fff); entry 7: 4K pair at 0x00426000\n");
    do_tlbwi(6, 0x6000, 0x00420000u | 1, LO(0x420000, 3, 1, 1, 0), LO(0x424000, 3, 1, 1, 0));
    expect_ok(6, 0x00420001);
    pc = do_tlbwi(7, 0, 0x00426000u | 1, LO(0x426000, 3, 1, 1, 0), LO(0x427000, 3, 1, 1, 0));
    expect_mcheck(pc, 7);
    rt_puts("-- entry 7: 4K pair at 0x00428000, just past the 16K pair\n");
    do_tlbwi(7, 0, 0x00428000u | 1, LO(0x428000, 3, 1, 1, 0), LO(0x429000, 3, 1, 1, 0));
    expect_ok(7, 0x00428001);
    kill(7);
    kill(6);

    rt_puts("-- entry 8: 16M pair at 0x00000000 over entry 2's 4K pair\n");
    pc = do_tlbwi(8, 0x01FFE000, 0x00000000u | 1, LO(0, 3, 1, 1, 0), LO(0x1000000, 3, 1, 1, 0));
    expect_mcheck(pc, 8);

    rt_puts("-- tlbwr of a duplicate of entry 2 (Wired = N-1: Random = N-1)\n");
    MTC0(6, 0, ntlb - 1);
    pc = do_tlbwr(0, 0x00400000u | 1, LO(0x404000, 3, 1, 1, 0), LO(0x405000, 3, 1, 1, 0));
    MTC0(6, 0, 0);
    expect_mcheck(pc, ntlb - 1);

    rt_puts("-- the TLB still translates through entry 2\n");
    {
        volatile uint32_t *k = (volatile uint32_t *)KSEG0(0x401008);
        uint32_t v;
        *k = 0x600D600D;
        n_exc = 0;
        MTC0(10, 0, 1);
        v = *(volatile uint32_t *)0x00401008u;
        MTC0(10, 0, 0);
        rt_check("  load through VPN2 0x00400000 ASID 1 (odd page)", v, 0x600D600D);
        rt_check("  exceptions taken", n_exc, 0);
    }
    kill(2);

    rt_puts("-- tlbwr over entry N-1 (Wired = N-1): the old mapping is gone\n");
    {
        volatile uint32_t *k = (volatile uint32_t *)KSEG0(0x401000);
        uint32_t v;
        *k = 0x0000A001;
        *(volatile uint32_t *)KSEG0(0x403000) = 0x0000B001;
        do_tlbwi(ntlb - 1, 0, 0x06000000u, LO(0x400000, 3, 1, 1, 1), LO(0x401000, 3, 1, 1, 1));
        n_exc = 0;
        v = *(volatile uint32_t *)0x06001000u;
        rt_check("  before: lw 0x06001000", v, 0x0000A001);
        rt_check("  exceptions taken", n_exc, 0);
        MTC0(6, 0, ntlb - 1);
        do_tlbwr(0, 0x06400000u, LO(0x402000, 3, 1, 1, 1), LO(0x403000, 3, 1, 1, 1));
        MTC0(6, 0, 0);
        rt_check("  tlbwr: exceptions taken", n_exc, 0);
        /* Load first: QEMU drops its shadow entries on tlbr. */
        n_exc = 0;
        v = *(volatile uint32_t *)0x06001000u;
        rt_check("  after: lw 0x06001000: exceptions taken", n_exc, 1);
        rt_check("  Cause.ExcCode", EXC_CODE(x_cause), 2);
        rt_check("  vector (refill)", x_vector, 0x000);
        rt_check("  entry N-1 now holds the new VPN2", read_hi(ntlb - 1) == 0x06400000u, 1);
        n_exc = 0;
        v = *(volatile uint32_t *)0x06401000u;
        rt_check("  lw 0x06401000 (the new mapping)", v, 0x0000B001);
        rt_check("  exceptions taken", n_exc, 0);
        kill(ntlb - 1);
    }

    rt_summary("tlb_archonly");
}
