/*
 * ulib.c -- printf, atoi, error names and word splitting for user programs.
 *
 * printf formats into a buffer (lib/fmt.c does the formatting) and hands
 * it to write() in one piece, so a line is one system call and is not
 * mixed up with another process's output.
 */
#include "ulib.h"
#include "lib/fmt.h"

struct outbuf {
    char buf[128];
    int len;
    int total;
};

static void flush(struct outbuf *o)
{
    if (o->len > 0)
        write(1, o->buf, o->len);
    o->total += o->len;
    o->len = 0;
}

static void put_buffered(char c, void *ctx)
{
    struct outbuf *o = ctx;
    if (o->len == (int)sizeof o->buf)
        flush(o);
    o->buf[o->len++] = c;
}

int printf(const char *fmt, ...)
{
    struct outbuf o = { .len = 0, .total = 0 };
    va_list ap;
    va_start(ap, fmt);
    vfmt(put_buffered, &o, fmt, ap);
    va_end(ap);
    flush(&o);
    return o.total;
}

int atoi(const char *s)
{
    int n = 0, sign = 1;
    if (*s == '-') {
        sign = -1;
        s++;
    }
    while (*s >= '0' && *s <= '9')
        n = n * 10 + (*s++ - '0');
    return sign * n;
}

const char *errstr(int err)
{
    switch (err) {
    case E_FAULT:  return "bad address";
    case E_NOPROG: return "no such program";
    case E_NOPROC: return "process table full";
    case E_NOMEM:  return "out of memory";
    case E_CHILD:  return "no children";
    case E_INVAL:  return "invalid argument";
    case E_2BIG:   return "argument list too long";
    case E_NOSYS:  return "no such system call";
    default:       return "unknown error";
    }
}

static int is_sep(char c, const char *seps)
{
    for (; *seps; seps++)
        if (c == *seps)
            return 1;
    return 0;
}

/* Cut line into words at any of the characters in seps, in place; store
 * up to max-1 of them in argv followed by NULL.  Returns the count. */
int split(char *line, char *argv[], int max, const char *seps)
{
    int n = 0;
    char *p = line;
    while (*p) {
        while (*p && is_sep(*p, seps))
            *p++ = '\0';
        if (*p == '\0')
            break;
        if (n < max - 1)
            argv[n++] = p;
        while (*p && !is_sep(*p, seps))
            p++;
    }
    argv[n] = NULL;
    return n;
}
