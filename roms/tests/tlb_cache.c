/*
 * tlb_cache.c -- a translation, once used, must not outlive the TLB entry
 * or the state it came from.  Emulators (trapeze's mmu/ included) cache
 * translations; each test uses a mapping, changes what it depends on, and
 * uses it again:
 *  - rewriting an entry in place: new PFN (data and instruction fetch),
 *    V cleared, D cleared and set again, VPN2 moved elsewhere, PageMask
 *    shrunk from 1M to 4K, G cleared (the old ASID no longer matches);
 *  - EntryHi.ASID changed: a non-global data page and a code page stop
 *    matching;
 *  - Status.ERL set and cleared: kuseg unmapped then mapped again.
 * (An entry replaced by tlbwr must stop translating too, but QEMU keeps
 * the replaced entry as a hidden shadow, so that is in tlb_archonly.c.)
 */
#include "rt.h"
#include "rt_tlb.h"

#define EXC_CODE(c) (((c) >> 2) & 0x1Fu)
#define LO(pa, c, d, v, g) ((((pa) >> 12) << 6) | ((c) << 3) | ((d) << 2) | ((v) << 1) | (g))
#define KSEG0(pa) (0x80000000u + (pa))

enum { ACT_SKIP, ACT_RA };
static volatile uint32_t n_exc, x_epc, x_cause, x_badvaddr, x_vector;
static volatile int action;

static void handler(struct rt_frame *f)
{
    n_exc++;
    x_epc = f->epc;
    x_cause = f->cause;
    x_badvaddr = f->badvaddr;
    x_vector = f->vector;
    if (action == ACT_RA)
        f->epc = f->r[31];
    else
        f->epc += 4;
}

static uint32_t load(uint32_t va)
{
    uint32_t r = 0x5A5A5A5Au;
    __asm__ __volatile__("lw %0, 0(%1)" : "+r"(r) : "r"(va) : "memory");
    return r;
}

static void store(uint32_t va, uint32_t v)
{
    __asm__ __volatile__("sw %0, 0(%1)" : : "r"(v), "r"(va) : "memory");
}

/* Report an access: "value" if it worked, else the exception. */
static void report_load(const char *what, uint32_t va, uint32_t want_val, uint32_t want_code, uint32_t want_vec)
{
    uint32_t v;
    n_exc = 0;
    v = load(va);
    rt_printf("%s: lw 0x%08x\n", what, va);
    if (want_code == 0xFF) {
        rt_check("  exceptions taken", n_exc, 0);
        rt_check("  value", v, want_val);
    } else {
        rt_check("  exceptions taken", n_exc, 1);
        rt_check("  Cause.ExcCode", EXC_CODE(x_cause), want_code);
        rt_check("  vector", x_vector, want_vec);
        rt_check("  BadVAddr", x_badvaddr, va);
    }
}

static void report_store(const char *what, uint32_t va, uint32_t val, uint32_t pa, uint32_t want_code)
{
    volatile uint32_t *k = (volatile uint32_t *)KSEG0(pa);
    uint32_t before = *k;
    n_exc = 0;
    store(va, val);
    rt_printf("%s: sw 0x%08x\n", what, va);
    if (want_code == 0xFF) {
        rt_check("  exceptions taken", n_exc, 0);
        rt_check("  memory", *k, val);
    } else {
        rt_check("  exceptions taken", n_exc, 1);
        rt_check("  Cause.ExcCode", EXC_CODE(x_cause), want_code);
        rt_check("  memory unchanged", *k == before, 1);
    }
}

#define OK 0xFFu

/* Two code pages: each returns its own constant in $2. */
__asm__(".pushsection .text\n"
        ".balign 4096\n"
        ".globl code_a\n"
        "code_a:\n"
        ".set push\n.set noreorder\n"
        "\tli $2, 0xAAAA\n\tjr $31\n\tnop\n"
        ".balign 4096\n"
        ".globl code_b\n"
        "code_b:\n"
        "\tli $2, 0xBBBB\n\tjr $31\n\tnop\n"
        ".set pop\n"
        ".balign 4096\n"
        ".popsection\n");
extern char code_a[], code_b[];

static uint32_t call(uint32_t va)
{
    uint32_t ret;
    n_exc = 0;
    action = ACT_RA;
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tli $2, 0\n\tjalr %1\n\tnop\n\tmove %0, $2\n\t.set pop"
                         : "=r"(ret) : "r"(va)
                         : "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10",
                           "$11", "$12", "$13", "$14", "$15", "$24", "$25", "$31", "memory");
    action = ACT_SKIP;
    return ret;
}

int main(void)
{
    volatile uint32_t *p = (volatile uint32_t *)KSEG0(0x400000);
    uint32_t pa_a = (uint32_t)code_a - 0x80000000u, pa_b = (uint32_t)code_b - 0x80000000u;

    rt_set_handler(handler);
    MTC0(10, 0, 0);

    p[0] = 0x0000A000;                  /* PA 0x400000 */
    p[0x1000 / 4] = 0x0000A001;         /* PA 0x401000 */
    p[0x2000 / 4] = 0x0000B000;         /* PA 0x402000 */
    p[0x3000 / 4] = 0x0000B001;         /* PA 0x403000 */
    p[0x80000 / 4] = 0x00080000;        /* PA 0x480000 */

    rt_puts("== new PFN in place\n");
    tlb_set(1, 0, 0x04000000u, LO(0x400000, 3, 1, 1, 1), LO(0x401000, 3, 1, 1, 1));
    report_load("first mapping, even", 0x04000000u, 0xA000, OK, 0);
    report_load("first mapping, odd", 0x04001000u, 0xA001, OK, 0);
    tlb_set(1, 0, 0x04000000u, LO(0x402000, 3, 1, 1, 1), LO(0x403000, 3, 1, 1, 1));
    report_load("rewritten, even", 0x04000000u, 0xB000, OK, 0);
    report_load("rewritten, odd", 0x04001000u, 0xB001, OK, 0);

    rt_puts("== V cleared in place\n");
    tlb_set(1, 0, 0x04000000u, LO(0x402000, 3, 1, 0, 1), LO(0x403000, 3, 1, 1, 1));
    report_load("even now invalid", 0x04000000u, 0, 2, 0x180);
    report_load("odd still valid", 0x04001000u, 0xB001, OK, 0);

    rt_puts("== D cleared and set again in place\n");
    tlb_set(1, 0, 0x04000000u, LO(0x402000, 3, 1, 1, 1), LO(0x403000, 3, 1, 1, 1));
    report_store("dirty", 0x04000004u, 0x11111111, 0x402004, OK);
    tlb_set(1, 0, 0x04000000u, LO(0x402000, 3, 0, 1, 1), LO(0x403000, 3, 1, 1, 1));
    report_store("clean now", 0x04000004u, 0x22222222, 0x402004, 1);
    report_load("  still readable", 0x04000004u, 0x11111111, OK, 0);
    tlb_set(1, 0, 0x04000000u, LO(0x402000, 3, 1, 1, 1), LO(0x403000, 3, 1, 1, 1));
    report_store("dirty again", 0x04000004u, 0x33333333, 0x402004, OK);

    rt_puts("== VPN2 moved in place\n");
    tlb_set(1, 0, 0x05000000u, LO(0x400000, 3, 1, 1, 1), LO(0x401000, 3, 1, 1, 1));
    report_load("old address", 0x04000000u, 0, 2, 0x000);
    report_load("new address", 0x05000000u, 0xA000, OK, 0);
    tlb_kill(1);
    report_load("entry killed", 0x05000000u, 0, 2, 0x000);

    rt_puts("== PageMask shrunk in place (1M -> 4K)\n");
    tlb_set(2, 0x001FE000u, 0x07000000u, LO(0x400000, 3, 1, 1, 1), LO(0x500000, 3, 1, 1, 1));
    report_load("1M page, offset 0x80000", 0x07080000u, 0x00080000, OK, 0);
    tlb_set(2, 0, 0x07000000u, LO(0x400000, 3, 1, 1, 1), LO(0x401000, 3, 1, 1, 1));
    report_load("4K pair, offset 0x80000", 0x07080000u, 0, 2, 0x000);
    report_load("4K pair, offset 0", 0x07000000u, 0xA000, OK, 0);
    tlb_kill(2);

    rt_puts("== G cleared in place\n");
    MTC0(10, 0, 6);
    tlb_set(3, 0, 0x04000000u | 5, LO(0x400000, 3, 1, 1, 1), LO(0x401000, 3, 1, 1, 1));
    report_load("global, ASID 6", 0x04000000u, 0xA000, OK, 0);
    tlb_set(3, 0, 0x04000000u | 5, LO(0x400000, 3, 1, 1, 0), LO(0x401000, 3, 1, 1, 0));
    report_load("ASID 5 only, ASID 6", 0x04000000u, 0, 2, 0x000);
    MTC0(10, 0, 5);
    report_load("ASID 5 only, ASID 5", 0x04000000u, 0xA000, OK, 0);
    MTC0(10, 0, 0);
    tlb_kill(3);

    rt_puts("== instruction fetch: new PFN, then invalid, then ASID\n");
    tlb_set(4, 0, 0x08000000u, LO(pa_a, 3, 0, 1, 1), 0);
    rt_check("call VA 0x08000000 -> code_a", call(0x08000000u), 0xAAAA);
    rt_check("  exceptions taken", n_exc, 0);
    tlb_set(4, 0, 0x08000000u, LO(pa_b, 3, 0, 1, 1), 0);
    rt_check("remapped -> code_b", call(0x08000000u), 0xBBBB);
    rt_check("  exceptions taken", n_exc, 0);
    tlb_set(4, 0, 0x08000000u, LO(pa_b, 3, 0, 0, 1), 0);
    call(0x08000000u);
    rt_check("invalid: exceptions taken", n_exc, 1);
    rt_check("  Cause.ExcCode", EXC_CODE(x_cause), 2);
    rt_check("  vector", x_vector, 0x180);
    rt_check("  EPC = BadVAddr = 0x08000000", x_epc == 0x08000000u && x_badvaddr == 0x08000000u, 1);
    MTC0(10, 0, 7);
    tlb_set(4, 0, 0x08000000u | 7, LO(pa_a, 3, 0, 1, 0), 0);
    rt_check("ASID 7 entry, ASID 7 -> code_a", call(0x08000000u), 0xAAAA);
    rt_check("  exceptions taken", n_exc, 0);
    MTC0(10, 0, 8);
    call(0x08000000u);
    rt_check("ASID 8: exceptions taken", n_exc, 1);
    rt_check("  Cause.ExcCode", EXC_CODE(x_cause), 2);
    rt_check("  vector (refill)", x_vector, 0x000);
    MTC0(10, 0, 7);
    rt_check("ASID 7 again -> code_a", call(0x08000000u), 0xAAAA);
    rt_check("  exceptions taken", n_exc, 0);
    MTC0(10, 0, 0);
    tlb_kill(4);

    rt_puts("== Status.ERL: kuseg unmapped, then mapped again\n");
    {
        uint32_t st = MFC0(12, 0), v, n;
        n_exc = 0;
        MTC0(12, 0, st | 4);
        v = load(0x00400000u);
        MTC0(12, 0, st);
        n = n_exc;
        rt_check("ERL=1, lw 0x00400000 (VA = PA): value", v, 0xA000);
        rt_check("  exceptions taken", n, 0);
        report_load("ERL=0 again", 0x00400000u, 0, 2, 0x000);
    }

    rt_summary("tlb_cache");
}
