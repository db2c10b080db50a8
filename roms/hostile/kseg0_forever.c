/*
 * kseg0_forever.c -- a kernel that lives in kseg0 and never stops.
 *
 * Unlike the other hostile guests this one is linked at 0x80000000, like
 * the bare-metal tests (roms/common: crt0.S, lib.c, kseg0.ld), and it
 * prints through the UART in kseg1.  After its banner it computes forever:
 * a 32-bit linear congruential generator and a running checksum, with a
 * progress line every 2^20 rounds, so one can see it is alive.
 *
 * Supervisor mode cannot reach kseg0, so under the monitor every one of
 * its instructions is emulated on the VM's virtual CPU -- correct but
 * slow.  The monitor must keep such a VM within its time slice like any
 * other (preempt it on the timer, keep the other VMs running), and its
 * statistics should show the emulated instructions.
 */
#include "rt.h"

int main(void)
{
    rt_puts("hostile kseg0_forever: start\n");
    uint32_t x = 1, sum = 0;
    for (uint32_t round = 1;; round++) {
        x = x * 1664525u + 1013904223u;
        sum += x ^ (sum >> 7);
        if ((round & 0xFFFFF) == 0)
            rt_printf("kseg0_forever: %u rounds, x 0x%08x, sum 0x%08x\n", round, x, sum);
    }
}
