/*
 * uart_flood.c -- a guest that writes to the console as fast as it can,
 * forever.
 *
 * After its banner it stores a fixed line into the UART's transmit
 * register byte after byte, never looking at the line status register
 * (on trapeze THR is always empty; on real hardware bytes would be lost,
 * which a hostile guest does not care about).
 *
 * Under the monitor every one of these stores is an I/O access that
 * traps to the monitor and is emulated on the VM's virtual UART.  The
 * monitor must keep the flood inside this VM's console (its pane, its
 * buffer, bounded), go on preempting it on the timer, and keep the other
 * VMs and the debugger responsive.
 */
#include "mapped.h"

static const char line[] =
    "uart_flood: 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ\n";

int main(void)
{
    mp_puts("hostile uart_flood: start\n");
    volatile uint8_t *thr = (volatile uint8_t *)IOWIN(UART_BASE);
    for (;;)
        for (const char *p = line; *p; p++)
            *thr = (uint8_t)*p;
}
