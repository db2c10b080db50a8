/*
 * tlb_pages.c -- every page size a MIPS32 TLB entry can have: 4K, 16K,
 * 64K, 256K, 1M, 4M, 16M.  For each, one entry maps the even/odd pair at
 * VA 0x20000000 (aligned for all sizes):
 *  - tlbr reads PageMask back;
 *  - stores through the first and the last word of both halves land at
 *    the expected physical bytes (read back through kseg0), and words
 *    written through kseg0 are read through the mapping;
 *  - tlbp finds the entry with an EntryHi anywhere in the odd half
 *    (the VPN2 bits under the mask are not compared);
 *  - the address just past the pair and the one just below it miss
 *    (TLB refill, vector 0x000), with BadVAddr and Context.BadVPN2 set as
 *    for 4K pages;
 *  - a large page and a 4K page mapped side by side both translate.
 *
 * Physical frames: each half is aligned to its size and lies in
 * 0x00400000..0x00800000 where possible (4M: both halves share the frame
 * at 0x00400000; 16M: both share the frame at 0, and only offsets
 * 0x400000..0x7FFFFC are touched).
 */
#include "rt.h"
#include "rt_tlb.h"

#define EXC_CODE(c) (((c) >> 2) & 0x1Fu)
#define LO(pa, c, d, v, g) ((((pa) >> 12) << 6) | ((c) << 3) | ((d) << 2) | ((v) << 1) | (g))
#define KSEG0(pa) (0x80000000u + (pa))
#define VBASE 0x20000000u
#define IDX 1


static uint32_t probe(uint32_t hi)
{
    uint32_t old = MFC0(10, 0), idx;
    MTC0(10, 0, hi);
    tlbp();
    idx = MFC0(0, 0);
    MTC0(10, 0, old);
    return idx;
}

static volatile uint32_t n_exc, x_epc, x_cause, x_badvaddr, x_context, x_vector;

static void handler(struct rt_frame *f)
{
    n_exc++;
    x_epc = f->epc;
    x_cause = f->cause;
    x_badvaddr = f->badvaddr;
    x_context = f->context;
    x_vector = f->vector;
    f->epc += 4;
}

#define LOADW(addr, pc) ({ uint32_t _r = 0x5A5A5A5Au; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\tlw %1, 0(%2)\n\t.set pop" \
        : "=&r"(pc), "+r"(_r) : "r"((uint32_t)(addr)) : "memory"); _r; })

/* One word through the mapping: store via VA, read via kseg0; store via
 * kseg0, read via VA.  Prints one check; counts exceptions. */
static void word_check(const char *what, uint32_t va, uint32_t pa, uint32_t tag)
{
    volatile uint32_t *v = (volatile uint32_t *)va;
    volatile uint32_t *k = (volatile uint32_t *)KSEG0(pa);
    uint32_t ok = 1;

    n_exc = 0;
    *v = tag;
    if (*k != tag)
        ok = 0;
    *k = ~tag;
    if (*v != ~tag)
        ok = 0;
    if (n_exc)
        ok = 0;
    rt_printf("  %s: VA 0x%08x <-> PA 0x%08x", what, va, pa);
    rt_check("", ok, 1);
}

static void expect_miss(uint32_t va)
{
    uint32_t pc, v;
    n_exc = 0;
    v = LOADW(va, pc);
    rt_printf("  load from VA 0x%08x\n", va);
    rt_check("    exceptions taken", n_exc, 1);
    rt_check("    Cause.ExcCode", EXC_CODE(x_cause), 2);
    rt_check("    vector (refill)", x_vector, 0x000);
    rt_check("    EPC - insn", x_epc - pc, 0);
    rt_check("    BadVAddr", x_badvaddr, va);
    rt_check("    Context.BadVPN2", (x_context >> 4) & 0x7FFFF, va >> 13);
    rt_check("    destination unchanged", v, 0x5A5A5A5A);
}

struct size {
    const char *name;
    uint32_t mask;
    uint32_t pa_even, pa_odd;
};

static const struct size sizes[] = {
    { "4K",   0x00000000u, 0x00400000u, 0x00401000u },
    { "16K",  0x00006000u, 0x00404000u, 0x00408000u },
    { "64K",  0x0001E000u, 0x00410000u, 0x00420000u },
    { "256K", 0x0007E000u, 0x00440000u, 0x00480000u },
    { "1M",   0x001FE000u, 0x00400000u, 0x00500000u },
    { "4M",   0x007FE000u, 0x00400000u, 0x00400000u },
    { "16M",  0x01FFE000u, 0x00000000u, 0x00000000u },
};

static uint32_t lo_off(uint32_t pa)
{
    return pa < 0x00400000u ? 0x00400000u - pa : 0;
}

static uint32_t hi_off(uint32_t pa, uint32_t size)
{
    uint32_t end = pa + size > 0x00800000u ? 0x00800000u : pa + size;
    return end - pa - 4;
}

static void test_size(const struct size *s)
{
    uint32_t size = ((s->mask | 0x1FFFu) + 1) >> 1;
    uint32_t idx;

    rt_printf("== %s pages (PageMask 0x%08x)\n", s->name, s->mask);
    tlb_set(IDX, s->mask, VBASE, LO(s->pa_even, 3, 1, 1, 1), LO(s->pa_odd, 3, 1, 1, 1));
    MTC0(0, 0, IDX);
    tlbr();
    rt_check("  tlbr PageMask", MFC0(5, 0), s->mask);
    rt_check("  tlbr EntryLo0 PFN", MFC0(2, 0) >> 6, s->pa_even >> 12);
    rt_check("  tlbr EntryLo1 PFN", MFC0(3, 0) >> 6, s->pa_odd >> 12);
    MTC0(10, 0, 0);
    MTC0(5, 0, 0);

    word_check("even, first", VBASE + lo_off(s->pa_even), s->pa_even + lo_off(s->pa_even), 0x11000000u | size >> 12);
    word_check("even, last", VBASE + hi_off(s->pa_even, size), s->pa_even + hi_off(s->pa_even, size), 0x22000000u | size >> 12);
    word_check("odd, first", VBASE + size + lo_off(s->pa_odd) + 8, s->pa_odd + lo_off(s->pa_odd) + 8, 0x33000000u | size >> 12);
    word_check("odd, last", VBASE + size + hi_off(s->pa_odd, size) - 8, s->pa_odd + hi_off(s->pa_odd, size) - 8, 0x44000000u | size >> 12);

    idx = probe(VBASE + size + ((size - 1) & 0xFFFFE000u));
    rt_check("  tlbp with EntryHi in the odd half: Index", idx, IDX);
    idx = probe(VBASE + 2 * size);
    rt_check("  tlbp with EntryHi just past the pair: Index.P", idx >> 31, 1);

    expect_miss(VBASE + 2 * size);
    expect_miss(VBASE - 4);

    tlb_kill(IDX);
}

int main(void)
{
    rt_set_handler(handler);

    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        test_size(&sizes[i]);

    rt_puts("== a 1M pair and a 4K pair side by side\n");
    tlb_set(2, 0x001FE000u, 0x30000000u, LO(0x00600000u, 3, 1, 1, 1), LO(0x00700000u, 3, 1, 1, 1));
    tlb_set(3, 0, 0x30200000u, LO(0x00402000u, 3, 1, 1, 1), LO(0x00403000u, 3, 1, 1, 1));
    word_check("1M even", 0x300FFFF0u, 0x006FFFF0u, 0x55555555u);
    word_check("1M odd", 0x30100010u, 0x00700010u, 0x66666666u);
    word_check("4K even", 0x30200FFCu, 0x00402FFCu, 0x77777777u);
    word_check("4K odd", 0x30201000u, 0x00403000u, 0x88888888u);
    expect_miss(0x30202000u);
    tlb_kill(2);
    tlb_kill(3);

    rt_summary("tlb_pages");
}
