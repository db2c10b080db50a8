/*
 * vt_llsc.c -- ll ... trap ... sc (SPEC §5, pitfall 5).
 *
 * sc stores only if nothing cleared LLbit since the ll; on a uniprocessor
 * only eret clears it.  So an exception the *guest* takes between them (its
 * handler ends in eret) makes the sc fail, on the bare machine and under
 * the monitor alike.  But the monitor's own traps -- a CP0 instruction it
 * emulates, a shadow fill, an I/O access, its preemption timer -- are
 * invisible to the guest, and returning from them must not clear LLbit,
 * or an ll...mfc0...sc loop never makes progress.
 *
 * Printed: the sc result (1 stored, 0 failed) after each kind of middle
 * instruction, whether memory changed accordingly, and the failed rounds
 * of two retry loops (0 on both machines).
 */
#include "vt.h"

extern uint32_t llsc_nothing(volatile uint32_t *p, uint32_t va),
    llsc_mfc0(volatile uint32_t *, uint32_t), llsc_mtc0(volatile uint32_t *, uint32_t),
    llsc_load(volatile uint32_t *, uint32_t), llsc_io(volatile uint32_t *, uint32_t),
    llsc_syscall(volatile uint32_t *, uint32_t), llsc_sweep(volatile uint32_t *, uint32_t),
    llsc_loop(volatile uint32_t *p, uint32_t n, uint32_t trap);

#define VA_WORD   0x00400000u     /* the ll/sc word, in frame 0 */
#define VA_FRESH  0x00402000u     /* mapped just before use: frame 1 */
#define VA_REFILL 0x00500000u     /* unmapped: the guest's refill maps it */
#define VA_BIG    0x01000000u     /* a 1 MiB page at physical 2 MiB */

static uint32_t first, nexc;

static void handler(struct mp_frame *f)
{
    unsigned code = CAUSE_CODE(f->cause);
    nexc++;
    if (code == EXC_TLBL && f->vector == 0x000 &&
        (f->badvaddr & ~0x1FFFu) == VA_REFILL) {
        MTC0(C0_INDEX, 0, first + 2);
        MTC0(C0_ENTRYLO0, 0, LO_RW(VT_FRAME(2)));
        MTC0(C0_ENTRYLO1, 0, 0);
        tlbwi();
    } else if (code == EXC_SYS) {
        f->epc += 4;
    } else {
        mp_printf("vt_llsc: unexpected %s at EPC 0x%08x BadVAddr 0x%08x\n",
                  mp_exc_name(code), f->epc, f->badvaddr);
        mp_poweroff(3);
    }
}

static void one(const char *what, uint32_t (*fn)(volatile uint32_t *, uint32_t),
                volatile uint32_t *p, uint32_t va, uint32_t want_sc,
                uint32_t want_exc)
{
    uint32_t before = *p;
    nexc = 0;
    uint32_t sc = fn(p, va);
    mp_printf("ll; %s; sc\n", what);
    vt_check("  sc", sc, want_sc);
    vt_check("  word advanced", *p - before, want_sc);
    vt_check("  guest exceptions", nexc, want_exc);
}

int main(void)
{
    static volatile uint32_t kword;       /* in ksseg */
    volatile uint32_t *uword = (volatile uint32_t *)VA_WORD;
    first = mp_tlb_wired();
    mp_set_handler(handler);
    mp_tlb_write(first, PAGEMASK_4K, VA_WORD, LO_RW(VT_FRAME(0)), 0);
    mp_puts("vt_llsc: ll ... trap ... sc\n");

    one("nothing", llsc_nothing, &kword, 0, 1, 0);
    one("mfc0 (emulated by the monitor)", llsc_mfc0, &kword, 0, 1, 0);
    one("mtc0 EntryLo0 (emulated by the monitor)", llsc_mtc0, &kword, 0, 1, 0);
    one("load of the UART (I/O, emulated)", llsc_io, &kword, 0, 1, 0);
    mp_tlb_write(first + 1, PAGEMASK_4K, VA_FRESH, LO_RW(VT_FRAME(1)), 0);
    one("load of a page mapped by tlbwi just now (shadow fill)", llsc_load,
        &kword, VA_FRESH, 1, 0);
    mp_tlb_write(first + 1, PAGEMASK_4K, VA_FRESH, LO_RW(VT_FRAME(1)), 0);
    one("same, with the ll word in kuseg", llsc_load, uword, VA_FRESH, 1, 0);
    mp_tlb_write(first, PAGEMASK_4K, VA_WORD, LO_RW(VT_FRAME(0)), 0);
    one("mfc0, the ll itself a shadow fill", llsc_mfc0, uword, 0, 1, 0);
    mp_tlb_write(first + 1, PAGEMASK_1M, VA_BIG, LO_RW(0x00200000u), 0);
    one("40 loads across a 1 MiB page (the sc itself refills)", llsc_sweep,
        uword, VA_BIG, 1, 0);
    one("load of an unmapped page (guest refill, eret)", llsc_load, &kword,
        VA_REFILL, 0, 1);
    one("syscall (guest exception, eret)", llsc_syscall, &kword, 0, 0, 1);
    one("syscall, the ll word in kuseg", llsc_syscall, uword, 0, 0, 1);

    mp_puts("retry loops\n");
    uint32_t before = kword;
    vt_check("  ll; addiu; mfc0; sc; beqz x 1000: failed sc",
             llsc_loop(&kword, 1000, 1), 0);
    vt_check("  word advanced by", kword - before, 1000);
    before = *uword;
    vt_check("  ll; addiu; sc; beqz x 300000 (preempted): failed sc",
             llsc_loop(uword, 300000, 0), 0);
    vt_check("  word advanced by", *uword - before, 300000);
    return vt_summary("vt_llsc");
}
