/*
 * fmt.c -- the formatting engine behind kprintf and the user's printf.
 *
 * Why a callback instead of a buffer: the kernel prints straight to the
 * UART, the user library into a buffer it hands to write(); both reuse
 * this one function by passing a different put().
 */
#include <stdint.h>
#include "fmt.h"

struct spec {
    int width;       /* minimum field width */
    int left;        /* '-': pad on the right */
    int zero;        /* '0': pad with zeros */
};

static void pad(void (*put)(char, void *), void *ctx, int n, char c)
{
    while (n-- > 0)
        put(c, ctx);
}

static void emit(void (*put)(char, void *), void *ctx, const struct spec *sp,
                 const char *sign, const char *s, int len)
{
    int slen = sign ? 1 : 0;
    int fill = sp->width - len - slen;
    if (!sp->left && !sp->zero)
        pad(put, ctx, fill, ' ');
    if (sign)
        put(*sign, ctx);
    if (!sp->left && sp->zero)
        pad(put, ctx, fill, '0');
    for (int i = 0; i < len; i++)
        put(s[i], ctx);
    if (sp->left)
        pad(put, ctx, fill, ' ');
}

static void number(void (*put)(char, void *), void *ctx, const struct spec *sp,
                   uint32_t v, unsigned base, int negative)
{
    char digits[12];
    int n = sizeof digits;
    do {
        unsigned d = v % base;
        digits[--n] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v != 0);
    emit(put, ctx, sp, negative ? "-" : 0, digits + n, (int)sizeof digits - n);
}

void vfmt(void (*put)(char c, void *ctx), void *ctx, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(*fmt, ctx);
            continue;
        }
        struct spec sp = { 0, 0, 0 };
        fmt++;
        for (;; fmt++) {
            if (*fmt == '-')
                sp.left = 1;
            else if (*fmt == '0')
                sp.zero = 1;
            else
                break;
        }
        while (*fmt >= '0' && *fmt <= '9')
            sp.width = sp.width * 10 + (*fmt++ - '0');

        switch (*fmt) {
        case 'd': {
            int v = va_arg(ap, int);
            number(put, ctx, &sp, v < 0 ? -(uint32_t)v : (uint32_t)v, 10, v < 0);
            break;
        }
        case 'u':
            number(put, ctx, &sp, va_arg(ap, unsigned), 10, 0);
            break;
        case 'x':
            number(put, ctx, &sp, va_arg(ap, unsigned), 16, 0);
            break;
        case 'p':
            put('0', ctx);
            put('x', ctx);
            sp.width = 8;
            sp.zero = 1;
            number(put, ctx, &sp, (uint32_t)(uintptr_t)va_arg(ap, void *), 16, 0);
            break;
        case 'c': {
            char c = (char)va_arg(ap, int);
            emit(put, ctx, &sp, 0, &c, 1);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (s == 0)
                s = "(null)";
            int len = 0;
            while (s[len])
                len++;
            sp.zero = 0;
            emit(put, ctx, &sp, 0, s, len);
            break;
        }
        case '%':
            put('%', ctx);
            break;
        case '\0':
            return;
        default:                    /* unknown: print it as it was */
            put('%', ctx);
            put(*fmt, ctx);
            break;
        }
    }
}
