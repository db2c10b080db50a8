/*
 * tlb_outside.c -- TLB entries whose frames lie outside the guest's RAM.
 *
 * The guest writes its own TLB entries (tlbwi, 4 KiB pages, valid and
 * dirty) that map kuseg and ksseg pages onto physical frames where it has
 * no RAM -- far above it, in the gaps of the I/O window, at the top of the
 * 32-bit physical space -- and then loads and stores through each of them
 * (word and byte).  All entries are live at the same time.  Nothing
 * answers at these addresses: every access raises a bus error (DBE),
 * which the handler counts and skips (EPC + 4; no access sits in a delay
 * slot).
 *
 * Last, an EntryLo with PFN bits above a 32-bit physical address (bits
 * 29..26): a 4Kc has 32-bit physical addresses, so those bits read back
 * as 0, and the entry maps what the remaining bits say -- a page of the
 * guest's own RAM (physical 0x1000, which nothing else uses).  It is only
 * read.
 *
 * Under the monitor a guest-physical frame outside the pmap must never
 * become a shadow entry to some machine frame: each access must come back
 * to the guest as the same DBE, and the high PFN bits must not smuggle in
 * a machine address either.
 */
#include "mapped.h"

struct target {
    uint32_t va;                         /* where the guest maps it */
    uint32_t pa;                         /* the even frame; the odd is pa + 4 KiB */
    const char *what;
};

/* The ksseg pages sit at 0xDD000000: above the firmware's mapping of
 * RAM (0xC0000000 + RAM, at most 448 MiB) and below its I/O window
 * (0xDE000000), so they never overlap a wired entry. */
static const struct target targets[] = {
    { 0x00200000u, 0x10000000u, "256 MiB, far above RAM" },
    { 0x00204000u, 0x1C000000u, "just below the I/O window" },
    { 0x00208000u, 0x1F001000u, "the I/O window, past the system controller" },
    { 0x0020C000u, 0x1FE00000u, "the I/O window, past the UART" },
    { 0xDD000000u, 0x20000000u, "just above the I/O window" },
    { 0xDD004000u, 0x7FFFF000u, "below 2 GiB" },
    { 0xDD008000u, 0x80000000u, "2 GiB: kseg0's base taken as a frame" },
    { 0xDD00C000u, 0xFFFFE000u, "the last two 4 KiB frames" },
};
#define NTARGETS (sizeof targets / sizeof targets[0])

static volatile uint32_t n_exc, last_code, last_badvaddr;

static void handler(struct mp_frame *f)
{
    if (f->cause & CAUSE_BD) {
        mp_printf("tlb_outside: exception in a delay slot at 0x%08x\n", f->epc);
        mp_poweroff(3);
    }
    n_exc++;
    last_code = CAUSE_CODE(f->cause);
    last_badvaddr = f->badvaddr;
    f->epc += 4;
}

/* Each access in its own asm, so none lands in a delay slot.  A load that
 * faults leaves its destination alone: it keeps the 0x5a5a5a5a put in. */
#define ACCESS(insn, va, val) \
    __asm__ __volatile__(insn " %0, 0(%1)" : "+r"(val) : "r"(va) : "memory")

/* Run one access and say what happened: "ok" or the exception's name. */
static const char *outcome(uint32_t before)
{
    if (n_exc == before)
        return "ok";
    return last_code == EXC_DBE ? "DBE" : mp_exc_name(last_code);
}

static void probe(uint32_t va)
{
    uint32_t v, e;

    e = n_exc; v = 0x5A5A5A5Au; ACCESS("lw", va, v);
    mp_printf("  lw %s (0x%08x)", outcome(e), v);
    e = n_exc; v = 0x12345678u; ACCESS("sw", va + 4, v);
    mp_printf(", sw %s", outcome(e));
    e = n_exc; v = 0x5A5A5A5Au; ACCESS("lbu", va + 4097, v);
    mp_printf(", lbu (odd page) %s (0x%08x)", outcome(e), v);
    e = n_exc; v = 0xA5u; ACCESS("sb", va + 4098, v);
    mp_printf(", sb (odd page) %s\n", outcome(e));
}

int main(void)
{
    mp_puts("hostile tlb_outside: start\n");
    mp_set_handler(handler);
    uint32_t first = mp_tlb_wired();

    /* Map everything first, so all the entries are live together. */
    for (uint32_t i = 0; i < NTARGETS; i++) {
        const struct target *t = &targets[i];
        uint32_t flags = LO_UNCACHED | LO_D | LO_V;
        mp_tlb_write(first + i, PAGEMASK_4K, t->va,
                     ENTRYLO(t->pa, flags), ENTRYLO(t->pa + 4096, flags));
    }
    for (uint32_t i = 0; i < NTARGETS; i++) {
        const struct target *t = &targets[i];
        mp_printf("tlb_outside: va 0x%08x -> pa 0x%08x (%s)\n", t->va, t->pa, t->what);
        probe(t->va);
    }
    uint32_t total = n_exc;

    /* PFN bits 29..26 set: physical 0xF_0000_1000 if they counted. */
    uint32_t lo = (0xFu << 26) | ENTRYLO(0x1000, LO_UNCACHED | LO_V);
    uint32_t idx = first + NTARGETS;
    mp_tlb_write(idx, PAGEMASK_4K, 0x00300000u, lo, 0);
    MTC0(C0_INDEX, 0, idx);
    __asm__ __volatile__("tlbr\n\tnop\n\tnop" : : : "memory");
    uint32_t back = MFC0(C0_ENTRYLO0, 0);
    MTC0(C0_ENTRYHI, 0, 0);
    uint32_t e = n_exc, v = 0x5A5A5A5Au;
    ACCESS("lw", 0x00300000u, v);
    mp_printf("tlb_outside: EntryLo0 0x%08x reads back 0x%08x; "
              "lw through it %s (0x%08x)\n", lo, back, outcome(e), v);

    for (uint32_t i = 0; i <= NTARGETS; i++)
        mp_tlb_kill(first + i);
    mp_printf("tlb_outside: %u exceptions in %u accesses outside RAM\n",
              total, 4 * (uint32_t)NTARGETS);
    return 0;
}
