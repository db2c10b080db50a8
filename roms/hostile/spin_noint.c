/*
 * spin_noint.c -- a guest that turns interrupts off and never yields.
 *
 * It prints its banner, makes sure Status.IE = 0 (and every IM bit 0, so
 * not even a pending timer could be taken), and spins forever in a tight
 * loop in ksseg.  On the bare machine nothing can ever stop it but
 * --max-insns.  Under the monitor it runs directly in supervisor mode,
 * where the *physical* interrupts stay enabled: the monitor's timer must
 * still preempt it and give the other VMs their time slices, however the
 * guest sets its virtual Status.
 */
#include "mapped.h"

int main(void)
{
    mp_puts("hostile spin_noint: start\n");
    MTC0(C0_STATUS, 0, MFC0(C0_STATUS, 0) & ~(ST_IE | 0xFF00u));
    mp_printf("spin_noint: Status 0x%08x, spinning forever\n", MFC0(C0_STATUS, 0));
    __asm__ __volatile__(
        ".set push\n\t.set noreorder\n"
        "1:\tb 1b\n\t"
        "nop\n\t"
        ".set pop");
    return 1;                            /* never reached */
}
