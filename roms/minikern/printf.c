/*
 * printf.c -- kprintf() and panic(): formatted text on the console.
 *
 * The formatting itself is lib/fmt.c, shared with the user library; here
 * each character goes straight to the UART.  The kernel runs with
 * interrupts off, so a kprintf line is never cut by another one.
 */
#include "kernel.h"
#include "lib/fmt.h"

static void put_console(char c, void *ctx)
{
    (void)ctx;
    console_putc(c);
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfmt(put_console, NULL, fmt, ap);
    va_end(ap);
}

/* Something the kernel cannot recover from: say what, and power off. */
void panic(const char *fmt, ...)
{
    va_list ap;
    kprintf("minikern: panic: ");
    va_start(ap, fmt);
    vfmt(put_console, NULL, fmt, ap);
    va_end(ap);
    kprintf("\n");
    poweroff(POWEROFF_PANIC);
}
