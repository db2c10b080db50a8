/*
 * io.c -- console output and exit for the bench workload, one variant per
 * machine.  Only this file differs between bench.elf and bench-gxemul.elf.
 *
 *   default (trapeze, qemu-system-mipsel -M mipssim):
 *       16550 UART at physical 0x1FD003F8 (polled, through kseg1);
 *       exit through the UHI semihosting call: $25 = 1 (exit), $4 = code,
 *       `sdbbp 1` (QEMU honours it with -semihosting).
 *   -DTARGET_GXEMUL (gxemul -E testmips):
 *       GXemul's "cons" device at physical 0x10000000: a byte stored at
 *       +0x00 is printed, any store to +0x10 halts the machine
 *       (src/include/testmachine/dev_cons.h in GXemul).
 */
#include "bench.h"

#define KSEG1(pa) (0xA0000000u + (pa))

#ifdef TARGET_GXEMUL

#define CONS_BASE   KSEG1(0x10000000u)
#define CONS_PUTC   0x00
#define CONS_HALT   0x10

void bench_putc(char c)
{
    *(volatile uint8_t *)(CONS_BASE + CONS_PUTC) = (uint8_t)c;
}

void bench_exit(int code)
{
    (void)code;                 /* the halt device takes no exit code */
    *(volatile uint32_t *)(CONS_BASE + CONS_HALT) = 0;
    for (;;)
        ;
}

#else /* trapeze and QEMU mipssim */

#define UART_BASE   KSEG1(0x1FD003F8u)
#define UART_THR    0
#define UART_LSR    5
#define LSR_THRE    0x20

void bench_putc(char c)
{
    volatile uint8_t *u = (volatile uint8_t *)UART_BASE;
    while (!(u[UART_LSR] & LSR_THRE))
        ;
    u[UART_THR] = (uint8_t)c;
}

void bench_exit(int code)
{
    register uint32_t a0 __asm__("$4") = (uint32_t)code;
    register uint32_t t9 __asm__("$25") = 1;   /* UHI exit */
    __asm__ __volatile__("sdbbp 1" : : "r"(a0), "r"(t9) : "memory");
    for (;;)
        ;
}

#endif

void bench_puts(const char *s)
{
    while (*s) {
        if (*s == '\n')
            bench_putc('\r');
        bench_putc(*s++);
    }
}

void bench_putx(uint32_t v)
{
    static const char hex[] = "0123456789abcdef";
    char buf[11];
    buf[0] = '0';
    buf[1] = 'x';
    for (int i = 0; i < 8; i++)
        buf[2 + i] = hex[(v >> (28 - 4 * i)) & 15];
    buf[10] = 0;
    bench_puts(buf);
}

void bench_putu(uint32_t v)
{
    char buf[11];
    int i = 10;
    buf[i] = 0;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    bench_puts(buf + i);
}
