/*
 * timer.c -- the clock: Count/Compare, ticking every TICK_CYCLES.
 *
 * Count goes up by one every cycle (on trapeze: every instruction), and
 * when it equals Compare the CPU raises interrupt line 7.  Writing Compare
 * clears the interrupt, so each tick sets the next one TICK_CYCLES later.
 * Every tick wakes the processes sleeping in sleep(), and, if a user
 * process was interrupted, ends its time slice (trap.c).
 */
#include "kernel.h"

uint32_t ticks;        /* timer ticks since boot */

void timer_init(void)
{
    mtc0(C0_COMPARE, mfc0(C0_COUNT) + TICK_CYCLES);
}

void timer_intr(void)
{
    uint32_t next = mfc0(C0_COMPARE) + TICK_CYCLES;
    /* If we fell more than a tick behind, do not try to catch up. */
    if ((int32_t)(next - mfc0(C0_COUNT)) <= 0)
        next = mfc0(C0_COUNT) + TICK_CYCLES;
    mtc0(C0_COMPARE, next);
    ticks++;
    wakeup(&ticks);
}
