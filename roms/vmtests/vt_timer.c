/*
 * vt_timer.c -- the Count/Compare timer and `wait` (SPEC §5, traps 5 and 6).
 *
 * On trapeze time is retired instructions, on the bare machine and -- the
 * monitor's promise -- for each guest under the monitor: a guest's Count
 * advances once per instruction *it* retires, whether directly, emulated
 * or in `wait`, and its timer interrupt is injected at exactly the
 * instruction where the bare machine takes it.  So everything printed here
 * is exact on both: how many loop rounds before the interrupt, how many
 * interrupts in N rounds, where they landed (EPC relative to the loop,
 * delay slots included), how far Count was past Compare in the handler.
 *
 * The cases: one interrupt after Compare = Count + 5000; a periodic timer
 * over a plain loop and over a loop whose delay slot traps to the monitor
 * every round; a pending timer held by IM7=0 then enabled; `wait` (the
 * VM sleeps, the monitor skips time); and a periodic timer interrupting
 * user mode.
 */
#include "vt.h"

extern void tm_spin(uint32_t n), tm_busy(uint32_t n), tm_wait(void),
    tm_user(uint32_t pc, uint32_t status);
extern uint32_t tm_until(volatile uint32_t *flag, uint32_t limit);
extern const char tm_user_loop[], __user_start[];
uint32_t tm_mark, tm_back;

#define VA_USER 0x00400000u

/* ---- the handler ------------------------------------------------------------ */

static volatile uint32_t ticks;
static uint32_t period;          /* 0: one-shot */
static uint32_t user_stop;       /* leave user mode at this many ticks */
static uint32_t base;            /* EPCs are summed relative to this */
static uint32_t in_slot, epc_sum, last_epc, late, user_count;

static void handler(struct mp_frame *f)
{
    unsigned code = CAUSE_CODE(f->cause);
    if (code != EXC_INT || !(f->cause & CAUSE_IP(7))) {
        mp_printf("vt_timer: unexpected %s at EPC 0x%08x\n", mp_exc_name(code),
                  f->epc);
        mp_poweroff(3);
    }
    uint32_t compare = MFC0(C0_COMPARE, 0);
    late = MFC0(C0_COUNT, 0) - compare;
    ticks++;
    last_epc = f->epc;
    epc_sum += f->epc - base;
    in_slot += f->cause >> 31;
    /* Writing Compare acknowledges the interrupt. */
    MTC0(C0_COMPARE, 0, period ? compare + period : compare);
    if (user_stop && ticks == user_stop && (f->status & ST_KSU_USER)) {
        user_count = f->r[2];
        f->status &= ~ST_KSU;
        f->epc = tm_back;
    }
}

static void arm(uint32_t delta, uint32_t every)
{
    ticks = in_slot = epc_sum = 0;
    period = every;
    MTC0(C0_COMPARE, 0, MFC0(C0_COUNT, 0) + delta);
}

static void report(uint32_t want_ticks)
{
    vt_check("  interrupts", ticks, want_ticks);
    mp_printf("  of them in a delay slot: %u\n", in_slot);
    mp_printf("  sum of EPC offsets: %u\n", epc_sum);
}

int main(void)
{
    mp_set_handler(handler);
    mp_puts("vt_timer: Count/Compare interrupts and wait\n");

    mp_puts("-- one interrupt, Compare = Count + 5000\n");
    base = (uint32_t)tm_until;
    arm(5000, 0);
    MTC0(C0_STATUS, 0, ST_IM(7) | ST_IE);
    uint32_t rounds = tm_until(&ticks, 1000000);
    MTC0(C0_STATUS, 0, 0);
    vt_check("  it came", ticks, 1);
    mp_printf("  rounds of the polling loop before it: %u\n", rounds);
    vt_count(rounds > 5000 / 6 - 10 && rounds < 5000 / 6 + 10);
    mp_printf("  Count - Compare in the handler: %u\n", late);

    mp_puts("-- every 1000 instructions over 30000 rounds of a 3-instruction loop\n");
    base = (uint32_t)tm_spin;
    arm(1000, 1000);
    MTC0(C0_STATUS, 0, ST_IM(7) | ST_IE);
    tm_spin(30000);
    MTC0(C0_STATUS, 0, 0);
    report(ticks);
    vt_count(ticks >= 90 && ticks <= 120);   /* 90,000 instructions + handlers */

    mp_puts("-- every 1000 instructions over 30000 rounds with a CP0 read in the slot\n");
    base = (uint32_t)tm_busy;
    arm(1000, 1000);
    MTC0(C0_STATUS, 0, ST_IM(7) | ST_IE);
    tm_busy(30000);
    MTC0(C0_STATUS, 0, 0);
    report(ticks);
    vt_count(ticks >= 90 && ticks <= 120);   /* 90,000 instructions + handlers */

    mp_puts("-- pending while IM7=0\n");
    arm(100, 0);
    MTC0(C0_STATUS, 0, ST_IE);
    tm_spin(200);
    vt_check("  interrupts while masked", ticks, 0);
    vt_check("  Cause.IP7", MFC0(C0_CAUSE, 0) >> 15 & 1, 1);
    MTC0(C0_STATUS, 0, ST_IM(7) | ST_IE);
    vt_check("  interrupts once IM7=1", ticks, 1);
    MTC0(C0_STATUS, 0, 0);

    mp_puts("-- wait, Compare = Count + 20000\n");
    arm(20000, 0);
    MTC0(C0_STATUS, 0, ST_IM(7) | ST_IE);
    tm_wait();
    MTC0(C0_STATUS, 0, 0);
    vt_check("  interrupts", ticks, 1);
    vt_check("  EPC - the wait", last_epc - tm_mark, 4);
    mp_printf("  Count - Compare in the handler: %u\n", late);
    arm(3000, 0);
    for (int i = 0; i < 10; i++) {
        MTC0(C0_COMPARE, 0, MFC0(C0_COUNT, 0) + 3000);
        MTC0(C0_STATUS, 0, ST_IM(7) | ST_IE);
        tm_wait();
        MTC0(C0_STATUS, 0, 0);
    }
    vt_check("  ten waits: interrupts", ticks, 10);

    mp_puts("-- every 2000 instructions in user mode, back after 5\n");
    uint32_t user_pa = (uint32_t)__user_start - KSSEG_BASE;
    mp_tlb_write(mp_tlb_wired(), PAGEMASK_4K, VA_USER,
                 ENTRYLO(user_pa, LO_CACHED | LO_V), 0);
    base = VA_USER + ((uint32_t)tm_user_loop - (uint32_t)__user_start);
    arm(2000, 2000);
    user_stop = 5;
    tm_user(base, ST_KSU_USER | ST_IM(7) | ST_IE);
    user_stop = 0;
    MTC0(C0_STATUS, 0, 0);
    MTC0(C0_COMPARE, 0, 0);
    report(5);
    mp_printf("  rounds of the user loop: %u\n", user_count);
    vt_count(user_count > 4000 && user_count < 5000);
    return vt_summary("vt_timer");
}
