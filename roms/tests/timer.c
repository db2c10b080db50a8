/*
 * timer.c -- interrupts: the Count/Compare timer on IP7 and the software
 * interrupts IP0/IP1.
 *
 *  - Count advances; Compare reads back what was written; writing Compare
 *    clears Cause.IP7; a Compare already passed does not fire (the timer
 *    fires on Count == Compare); Count is writable and counts on from the
 *    value written; Cause.IP7..IP2 are not writable;
 *  - with IE=0, Cause.IP7 rises when Count reaches Compare (polled) and
 *    no interrupt is taken; with IE=1 but IM7=0 still none; setting IM7
 *    then takes it at once;
 *  - the timer interrupt at the general vector 0x180 (Cause.IV=0) and at
 *    0x200 (IV=1), ExcCode 0 (Int), Status.EXL set on entry, Cause.IP7
 *    set; the handler acknowledges by writing Compare;
 *  - `wait`: the timer interrupt ends it, with EPC = the instruction after
 *    the wait (MIPS32 Vol. II, WAIT);
 *  - a storm of timer interrupts (every 100..500 counts) over a loop of
 *    branches whose delay slots all do work (bnez, beql, bgezal, jr,
 *    bnel): the loop's result is unchanged however the interrupts fall,
 *    and any interrupt taken on a delay slot (Cause.BD = 1) has a branch
 *    at EPC (how many do is not printed: it differs between machines);
 *  - software interrupts: IP0/IP1 written through Cause, readable, taken
 *    when enabled, not while EXL=1 or ERL=1, taken as soon as EXL is
 *    cleared; the handler clears them by writing Cause.
 *
 * Count values are never printed (QEMU's Count follows host time; trapeze
 * counts instructions): waits are polling loops bounded by Count, and only
 * "did it happen" is reported.
 */
#include "rt.h"

#define EXC_CODE(c) (((c) >> 2) & 0x1Fu)
#define ST_IE   0x1u
#define ST_EXL  0x2u
#define ST_ERL  0x4u
#define IM(n)   (0x100u << (n))
#define IP(n)   (0x100u << (n))
#define CAUSE_IV 0x00800000u
/* Every wait is bounded by Count, not by a number of iterations: on QEMU
 * Count follows host time and the timer is delivered by another host
 * thread, which a loaded host may delay; 18M counts is 3 s there. */
#define COUNT_LIMIT 18000000u

static volatile uint32_t n_int, x_cause, x_status, x_vector, x_epc, x_code;
static volatile uint32_t wait_pc;

static uint32_t count(void) { return MFC0(9, 0); }

/* Set Compare = Count + delta, making sure the write happened before Count
 * got there: QEMU's Count follows host time, and a Compare written after
 * Count passed it fires only after Count wraps (minutes).  trapeze never
 * needs a second try. */
static void arm_timer(uint32_t delta)
{
    for (;;) {
        uint32_t start = MFC0(9, 0);
        MTC0(11, 0, start + delta);
        if (MFC0(9, 0) - start < delta)
            return;
        delta *= 2;
    }
}

static void storm_tick(struct rt_frame *f);
static volatile uint32_t storm;

static void handler(struct rt_frame *f)
{
    if (storm && EXC_CODE(f->cause) == 0) {
        storm_tick(f);
        return;
    }
    n_int++;
    x_cause = f->cause;
    x_status = f->status;
    x_vector = f->vector;
    x_epc = f->epc;
    x_code = EXC_CODE(f->cause);
    if (x_code != 0) {
        /* Not an interrupt: unexpected; skip it. */
        f->epc += 4;
        return;
    }
    if (f->cause & IP(7))
        MTC0(11, 0, count() + 0x40000000u);     /* acknowledge: clears IP7 */
    if (f->cause & (IP(0) | IP(1)))
        MTC0(13, 0, MFC0(13, 0) & ~(IP(0) | IP(1)));
    /* Interrupted just before the wait: do not wait for nothing. */
    if (wait_pc && f->epc == wait_pc)
        f->epc += 4;
}

/* Spin until n_int changes or the bound is reached; returns 1 if it did. */
static uint32_t wait_for_int(uint32_t before)
{
    uint32_t start = count();
    while (count() - start < COUNT_LIMIT)
        if (n_int != before)
            return 1;
    return n_int != before;
}

/* Poll Cause.IP7 with interrupts off; 1 if it rose. */
static uint32_t poll_ip7(void)
{
    uint32_t start = count();
    while (count() - start < COUNT_LIMIT)
        if (MFC0(13, 0) & IP(7))
            return 1;
    return (MFC0(13, 0) & IP(7)) != 0;
}

static void check_int(const char *what, uint32_t ip, uint32_t vector)
{
    rt_printf("-- %s\n", what);
    rt_check("  interrupts taken", n_int, 1);
    rt_check("  Cause.ExcCode", x_code, 0);
    rt_check("  Cause.IP bit pending", (x_cause & ip) != 0, 1);
    rt_check("  Status.EXL in handler", (x_status >> 1) & 1, 1);
    rt_check("  vector", x_vector, vector);
}

static void test_count_compare(void)
{
    uint32_t c1, c2, seen = 0;

    rt_puts("== Count / Compare\n");
    c1 = count();
    for (volatile uint32_t i = 0; i < 100000; i++)
        ;
    c2 = count();
    rt_check("Count advanced over a busy loop", c1 != c2, 1);
    MTC0(11, 0, 0x12345678);
    rt_check("Compare reads back", MFC0(11, 0), 0x12345678);
    MTC0(11, 0, count() + 0x40000000u);
    rt_check("Cause.IP7 after writing Compare", (MFC0(13, 0) & IP(7)) != 0, 0);

    /* Polled, interrupts off. */
    arm_timer(3000);
    seen = poll_ip7();
    rt_check("Cause.IP7 rose when Count reached Compare (IE=0)", seen, 1);
    rt_check("  interrupts taken", n_int, 0);
    MTC0(12, 0, ST_IE);         /* IE=1, IM7=0: still masked */
    for (volatile uint32_t i = 0; i < 1000; i++)
        ;
    rt_check("IE=1 with IM7=0: interrupts taken", n_int, 0);
    rt_check("  Cause.IP7 still pending", (MFC0(13, 0) & IP(7)) != 0, 1);
    MTC0(12, 0, IM(7) | ST_IE);
    wait_for_int(0);
    MTC0(12, 0, 0);
    check_int("setting IM7 takes the pending timer interrupt", IP(7), 0x180);
    rt_check("  Cause.IP7 after the handler wrote Compare", (MFC0(13, 0) & IP(7)) != 0, 0);
}

static void test_compare_past(void)
{
    uint32_t seen = 0, c, ok;

    rt_puts("== Compare in the past, Count written\n");
    /* The timer fires when Count equals Compare, not when it is past it. */
    MTC0(11, 0, count() - 1000);
    for (uint32_t i = 0; i < 200000 && !seen; i++)
        if (MFC0(13, 0) & IP(7))
            seen = 1;
    rt_check("Compare = Count - 1000: Cause.IP7 rose", seen, 0);

    /* Count is writable and keeps counting from the value written. */
    MTC0(9, 0, 0x10000000u);
    c = count();
    ok = c >= 0x10000000u && c < 0x10000000u + 10000000u;
    rt_check("Count after writing 0x10000000 is a little above it", ok, 1);
    arm_timer(0x4000);
    seen = poll_ip7();
    rt_check("Compare = Count + 0x4000 after that: Cause.IP7 rose", seen, 1);
    MTC0(11, 0, count() + 0x40000000u);

    /* Hardware lines are not writable through Cause. */
    MTC0(13, 0, 0x0000FC00u);
    rt_check("Cause.IP7..IP2 after writing ones (nothing pending)", MFC0(13, 0) & 0xFC00u, 0);
    MTC0(13, 0, 0);
}

static void test_timer_irq(void)
{
    uint32_t got;

    rt_puts("== timer interrupt, Cause.IV = 0\n");
    n_int = 0;
    MTC0(13, 0, 0);
    arm_timer(5000);
    MTC0(12, 0, IM(7) | ST_IE);
    got = wait_for_int(0);
    MTC0(12, 0, 0);
    rt_check("interrupt arrived within the polling bound", got, 1);
    check_int("timer, IV=0", IP(7), 0x180);
    rt_check("  Cause.BD", x_cause >> 31, 0);
    rt_check("  Cause.IP7 after", (MFC0(13, 0) & IP(7)) != 0, 0);

    rt_puts("== timer interrupt, Cause.IV = 1\n");
    n_int = 0;
    MTC0(13, 0, CAUSE_IV);
    arm_timer(5000);
    MTC0(12, 0, IM(7) | ST_IE);
    got = wait_for_int(0);
    MTC0(12, 0, 0);
    MTC0(13, 0, 0);
    rt_check("interrupt arrived within the polling bound", got, 1);
    check_int("timer, IV=1", IP(7), 0x200);
    rt_check("  Cause.IV seen by the handler", (x_cause & CAUSE_IV) != 0, 1);

    rt_puts("== wait\n");
    n_int = 0;
    {
        uint32_t after;
        arm_timer(100000);
        __asm__ __volatile__(".set push\n\t.set noreorder\n\t"
                             "la %0, 1f\n\tsw %0, %2\n\t"
                             "li $8, 0x8001\n\tmtc0 $8, $12\n\tnop\n\tnop\n"   /* IM7 | IE */
                             "1:\twait\n"
                             "2:\tmtc0 $0, $12\n\tnop\n\tla %1, 2b\n\t.set pop"
                             : "=&r"(wait_pc), "=&r"(after) : "m"(wait_pc) : "$8", "memory");
        rt_check("interrupts taken", n_int, 1);
        rt_check("  Cause.ExcCode", x_code, 0);
        rt_check("  Cause.IP7 pending", (x_cause & IP(7)) != 0, 1);
        rt_check("  EPC - wait (the instruction after it)", x_epc - wait_pc, 4);
        wait_pc = 0;
        (void)after;
    }
    MTC0(11, 0, count() + 0x40000000u);
}

/* ---- interrupts landing anywhere in a loop full of branches ------------- */

static volatile uint32_t n_storm, bd_bad, bd_seen;

static int is_branch(uint32_t insn)
{
    uint32_t op = insn >> 26, fn = insn & 0x3F;
    return op == 1 || op == 2 || op == 3 || (op >= 4 && op <= 7) || (op >= 20 && op <= 23) ||
           (op == 0 && (fn == 8 || fn == 9));
}

static void storm_tick(struct rt_frame *f)
{
    n_storm++;
    if (f->cause & 0x80000000u) {
        bd_seen++;
        if (!is_branch(*(volatile uint32_t *)f->epc))
            bd_bad++;
    }
    arm_timer(100 + (n_storm * 37) % 400);
}

#define STORM_N 100000u

static void test_storm(void)
{
    uint32_t sum, cnt, want = 0, start, runs = 0, bad_runs = 0;

    rt_puts("== timer interrupts every few hundred counts over a loop of branches\n");
    for (cnt = STORM_N; ; ) {
        want += 1;
        want += 3;              /* bnez taken: its slot */
        cnt -= 1;
        want += 5;              /* beql taken: its slot */
        want += want << 1;      /* bal: slot computes 2*sum, then added */
        want ^= cnt;            /* jr: slot */
        if (cnt == 0)
            break;
        want += 7;              /* bnel taken: its slot */
    }

    n_storm = 0;
    storm = 1;
    arm_timer(5000);
    MTC0(12, 0, IM(7) | ST_IE);
    start = count();
    do {
    __asm__ __volatile__(".set push\n\t.set noreorder\n\t.set noat\n\t"
                         "move $8, %2\n\tli $9, 0\n"
                         "10:\taddiu $9, $9, 1\n\t"
                         "bnez $8, 11f\n\taddiu $9, $9, 3\n\t"
                         "addiu $9, $9, 1000\n"
                         "11:\taddiu $8, $8, -1\n\t"
                         "beql $0, $0, 12f\n\taddiu $9, $9, 5\n\t"
                         "addiu $9, $9, 1000\n"
                         "12:\tbgezal $0, 13f\n\tsll $10, $9, 1\n\t"
                         "addiu $9, $9, 1000\n"
                         "13:\taddu $9, $9, $10\n\t"
                         "la $11, 14f\n\tjr $11\n\txor $9, $9, $8\n\t"
                         "addiu $9, $9, 1000\n"
                         "14:\tbnel $8, $0, 10b\n\taddiu $9, $9, 7\n\t"
                         "move %0, $9\n\tmove %1, $8\n\t.set pop"
                         : "=r"(sum), "=r"(cnt) : "r"(STORM_N)
                         : "$8", "$9", "$10", "$11", "$31", "memory");
        runs++;
        if (sum != want || cnt != 0)
            bad_runs++;
        /* Run again until an interrupt has come (QEMU: at least one). */
    } while (n_storm == 0 && count() - start < COUNT_LIMIT);
    MTC0(12, 0, 0);
    storm = 0;
    MTC0(11, 0, count() + 0x40000000u);
    rt_check("runs of the loop with a wrong result or counter", bad_runs, 0);
    (void)runs;
    rt_check("timer interrupts taken during the loop (at least 1)", n_storm >= 1, 1);
    rt_check("interrupts with Cause.BD = 1 whose EPC is not a branch", bd_bad, 0);
}

static void test_soft(void)
{
    rt_puts("== software interrupts\n");
    MTC0(12, 0, 0);
    n_int = 0;
    MTC0(13, 0, 0xFFFFFFFFu);
    rt_check("Cause writable bits (IV, IP1, IP0) after writing all ones", MFC0(13, 0) & 0x00800300u, 0x00800300);
    MTC0(13, 0, 0);
    rt_check("Cause IV/IP1/IP0 after writing 0", MFC0(13, 0) & 0x00800300u, 0);

    MTC0(13, 0, IP(0));
    rt_check("IP0 set with IE=0: readable", (MFC0(13, 0) & IP(0)) != 0, 1);
    rt_check("  interrupts taken", n_int, 0);
    MTC0(12, 0, IM(0) | ST_IE);
    wait_for_int(0);
    MTC0(12, 0, 0);
    check_int("IP0: enabling IM0|IE takes it", IP(0), 0x180);
    rt_check("  Cause.IP0 after the handler cleared it", (MFC0(13, 0) & IP(0)) != 0, 0);

    n_int = 0;
    MTC0(12, 0, IM(1) | ST_IE);
    MTC0(13, 0, CAUSE_IV | IP(1));
    wait_for_int(0);
    MTC0(12, 0, 0);
    MTC0(13, 0, 0);
    check_int("IP1 written with IM1|IE on, IV=1", IP(1), 0x200);

    n_int = 0;
    MTC0(12, 0, IM(1) | ST_EXL | ST_IE);
    MTC0(13, 0, IP(1));
    for (volatile uint32_t i = 0; i < 1000; i++)
        ;
    rt_check("IP1 pending with EXL=1: interrupts taken", n_int, 0);
    MTC0(12, 0, IM(1) | ST_IE);
    wait_for_int(0);
    MTC0(12, 0, 0);
    check_int("IP1 taken once EXL is cleared", IP(1), 0x180);

    n_int = 0;
    MTC0(12, 0, IM(0) | ST_ERL | ST_IE);
    MTC0(13, 0, IP(0));
    for (volatile uint32_t i = 0; i < 1000; i++)
        ;
    rt_check("IP0 pending with ERL=1: interrupts taken", n_int, 0);
    MTC0(12, 0, IM(0) | ST_IE);
    wait_for_int(0);
    MTC0(12, 0, 0);
    check_int("IP0 taken once ERL is cleared", IP(0), 0x180);

    n_int = 0;
    MTC0(12, 0, IM(1) | ST_IE);
    MTC0(13, 0, IP(0));
    for (volatile uint32_t i = 0; i < 1000; i++)
        ;
    rt_check("IP0 pending, only IM1 enabled: interrupts taken", n_int, 0);
    MTC0(12, 0, 0);
    MTC0(13, 0, 0);
}

int main(void)
{
    rt_set_handler(handler);
    MTC0(11, 0, count() + 0x40000000u);

    test_count_compare();
    test_compare_past();
    test_timer_irq();
    test_storm();
    test_soft();

    rt_summary("timer");
}
