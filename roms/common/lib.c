/*
 * lib.c -- console, checks, exit and exception dispatch of the test
 * runtime (rt.h).
 */
#include <stdarg.h>
#include "rt.h"
#include "board_map.h"

#define UART_REG(off)   (*(volatile uint8_t *)KSEG1(UART_BASE + (off)))
#define UART_THR        0
#define UART_LSR        5
#define UART_LSR_THRE   0x20

void rt_dispatch(struct rt_frame *f);

/* ---- console ----------------------------------------------------------- */

void rt_putc(char c)
{
    while (!(UART_REG(UART_LSR) & UART_LSR_THRE))
        ;
    UART_REG(UART_THR) = (uint8_t)c;
}

void rt_puts(const char *s)
{
    while (*s)
        rt_putc(*s++);
}

static void put_padded(const char *digits, int len, int neg, int width, int zero)
{
    int total = len + neg;
    if (width < 0) {                /* '-' flag: pad on the right */
        if (neg)
            rt_putc('-');
        for (int i = len; i > 0; i--)
            rt_putc(digits[i - 1]);
        for (; total < -width; total++)
            rt_putc(' ');
        return;
    }
    if (zero) {
        if (neg)
            rt_putc('-');
        for (; total < width; total++)
            rt_putc('0');
    } else {
        for (; total < width; total++)
            rt_putc(' ');
        if (neg)
            rt_putc('-');
    }
    while (len > 0)
        rt_putc(digits[--len]);
}

static void put_number(uint32_t v, unsigned base, int neg, int width, int zero)
{
    char buf[12];
    int len = 0;
    do {
        unsigned d = v % base;
        buf[len++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v);
    put_padded(buf, len, neg, width, zero);
}

void rt_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            rt_putc(*fmt);
            continue;
        }
        fmt++;
        int zero = 0, width = 0, left = 0;
        for (;; fmt++) {
            if (*fmt == '0')
                zero = 1;
            else if (*fmt == '-')
                left = 1;
            else
                break;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l')         /* long is 32 bits: %ld = %d */
            fmt++;
        if (left) {
            width = -width;
            zero = 0;
        }
        switch (*fmt) {
        case 'd': {
            int32_t v = va_arg(ap, int32_t);
            if (v < 0)
                put_number(0u - (uint32_t)v, 10, 1, width, zero);
            else
                put_number((uint32_t)v, 10, 0, width, zero);
            break;
        }
        case 'u':
            put_number(va_arg(ap, uint32_t), 10, 0, width, zero);
            break;
        case 'x':
            put_number(va_arg(ap, uint32_t), 16, 0, width, zero);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            int len = 0;
            if (!s)
                s = "(null)";
            while (s[len])
                len++;
            for (; len < width; width--)
                rt_putc(' ');
            rt_puts(s);
            for (; len < -width; width++)
                rt_putc(' ');
            break;
        }
        case 'c':
            rt_putc((char)va_arg(ap, int));
            break;
        case '%':
            rt_putc('%');
            break;
        case '\0':
            fmt--;              /* a lone '%' at the end */
            break;
        default:
            rt_putc('%');
            rt_putc(*fmt);
            break;
        }
    }
    va_end(ap);
}

/* ---- checks ------------------------------------------------------------ */

static uint32_t n_checks, n_failed;

void rt_check(const char *what, uint32_t got, uint32_t want)
{
    n_checks++;
    rt_printf("%s: 0x%08x", what, got);
    if (got != want) {
        n_failed++;
        rt_printf(" FAIL (want 0x%08x)", want);
    }
    rt_putc('\n');
}

void rt_summary(const char *test)
{
    if (n_failed == 0) {
        rt_printf("TEST %s: OK (%u checks)\n", test, n_checks);
        rt_exit(0);
    }
    rt_printf("TEST %s: FAIL (%u of %u checks failed)\n", test, n_failed, n_checks);
    rt_exit(1);
}

/* UHI exit: $25 = 1 (UHI_exit), $4 = the code, sdbbp 1.  trapeze always
 * honours it; QEMU does with -semihosting.  Spin if nobody listens. */
void rt_exit(int code)
{
    register int a0 __asm__("$4") = code;
    register int t9 __asm__("$25") = 1;
    __asm__ __volatile__("sdbbp 1" : : "r"(a0), "r"(t9) : "memory");
    for (;;)
        ;
}

/* ---- exceptions -------------------------------------------------------- */

static rt_handler current_handler;

void rt_set_handler(rt_handler h)
{
    current_handler = h;
}

static const char *const exc_names[32] = {
    "Int", "Mod", "TLBL", "TLBS", "AdEL", "AdES", "IBE", "DBE",
    "Sys", "Bp", "RI", "CpU", "Ov", "Tr", "?", "FPE",
    "?", "?", "C2E", "?", "?", "?", "MDMX", "WATCH",
    "MCheck", "?", "?", "?", "?", "?", "CacheErr", "?",
};

static void default_handler(struct rt_frame *f)
{
    unsigned code = (f->cause >> 2) & 0x1F;
    rt_printf("unexpected exception: ExcCode %u (%s) at EPC 0x%08x BadVAddr 0x%08x\n",
              code, exc_names[code], f->epc, f->badvaddr);
    rt_exit(2);
}

/* Called by crt0.S with the saved frame, at EXL=1. */
void rt_dispatch(struct rt_frame *f)
{
    if (current_handler)
        current_handler(f);
    else
        default_handler(f);
}
