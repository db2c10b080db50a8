/*
 * lib.c -- boot, console, power-off, TLB helpers and exception dispatch of
 * the mapped kernels' runtime (mapped.h).
 */
#include <stdarg.h>

#include "mapped.h"

#ifndef MAPPED_SUITE
#error "build with -DMAPPED_SUITE='\"name\"' (mapped.mk)"
#endif
#ifndef MAPPED_FAULT_EXIT
#error "build with -DMAPPED_FAULT_EXIT=code (mapped.mk)"
#endif
#ifndef MAPPED_IRQ_VECTOR
#define MAPPED_IRQ_VECTOR 0
#endif

void mp_start(const volatile uint32_t *bootinfo) __attribute__((noreturn));
void mp_dispatch(struct mp_frame *f);

_Static_assert(__builtin_offsetof(struct mp_frame, vector) == MP_FRAME_SIZE - 4,
               "struct mp_frame disagrees with entry.S");

extern const uint32_t mp_stub_refill[], mp_stub_general[], mp_stub_irq[],
                      mp_stub_end[];

static uint32_t ram_size;

/* ---- console and power ------------------------------------------------------ */

#define UART_REG(off)   (*(volatile uint8_t *)IOWIN(UART_BASE + (off)))
#define UART_THR        0
#define UART_LSR        5
#define UART_LSR_THRE   0x20

void mp_putc(char c)
{
    while (!(UART_REG(UART_LSR) & UART_LSR_THRE))
        ;
    UART_REG(UART_THR) = (uint8_t)c;
}

void mp_puts(const char *s)
{
    while (*s)
        mp_putc(*s++);
}

static void pad(int n)
{
    while (n-- > 0)
        mp_putc(' ');
}

static void put_number(uint32_t v, unsigned base, int neg, int width,
                       int zero, int left)
{
    char buf[12];
    int len = 0;
    do {
        unsigned d = v % base;
        buf[len++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v);
    int fill = width - len - neg;
    if (!left && !zero)
        pad(fill);
    if (neg)
        mp_putc('-');
    if (!left && zero)
        for (; fill > 0; fill--)
            mp_putc('0');
    while (len > 0)
        mp_putc(buf[--len]);
    if (left)
        pad(fill);
}

void mp_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            mp_putc(*fmt);
            continue;
        }
        fmt++;
        int zero = 0, left = 0, width = 0;
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
        switch (*fmt) {
        case 'd': {
            int32_t v = va_arg(ap, int32_t);
            put_number(v < 0 ? 0u - (uint32_t)v : (uint32_t)v, 10, v < 0,
                       width, zero, left);
            break;
        }
        case 'u':
            put_number(va_arg(ap, uint32_t), 10, 0, width, zero, left);
            break;
        case 'x':
            put_number(va_arg(ap, uint32_t), 16, 0, width, zero, left);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            int len = 0;
            while (s[len])
                len++;
            if (!left)
                pad(width - len);
            mp_puts(s);
            if (left)
                pad(width - len);
            break;
        }
        case 'c':
            mp_putc((char)va_arg(ap, int));
            break;
        case '\0':
            fmt--;
            break;
        default:
            mp_putc(*fmt);
            break;
        }
    }
    va_end(ap);
}

/* The system controller's POWEROFF register; the value is the exit code. */
void mp_poweroff(uint32_t code)
{
    *(volatile uint32_t *)IOWIN(SYSCTRL_BASE + SYSCTRL_POWEROFF) = code;
    for (;;)
        ;
}

/* ---- TLB -------------------------------------------------------------------- */

uint32_t mp_tlb_entries(void)
{
    return ((MFC0(C0_CONFIG, 1) >> 25) & 0x3F) + 1;
}

uint32_t mp_tlb_wired(void)
{
    return MFC0(C0_WIRED, 0);
}

void mp_tlb_write(uint32_t idx, uint32_t pagemask, uint32_t hi,
                  uint32_t lo0, uint32_t lo1)
{
    uint32_t old_hi = MFC0(C0_ENTRYHI, 0);
    MTC0(C0_INDEX, 0, idx);
    MTC0(C0_PAGEMASK, 0, pagemask);
    MTC0(C0_ENTRYHI, 0, hi);
    MTC0(C0_ENTRYLO0, 0, lo0);
    MTC0(C0_ENTRYLO1, 0, lo1);
    tlbwi();
    MTC0(C0_ENTRYHI, 0, old_hi);                /* the caller's ASID again */
    MTC0(C0_PAGEMASK, 0, PAGEMASK_4K);
}

void mp_tlb_kill(uint32_t idx)
{
    mp_tlb_write(idx, PAGEMASK_4K, 0x80000000u + (idx << 13), 0, 0);
}

void mp_set_asid(uint32_t asid)
{
    MTC0(C0_ENTRYHI, 0, asid & 0xFF);
}

/* ---- exceptions ---------------------------------------------------------------- */

static mp_handler current_handler;

void mp_set_handler(mp_handler h)
{
    current_handler = h;
}

const char *mp_exc_name(unsigned code)
{
    static const char *const names[] = {
        "Int", "Mod", "TLBL", "TLBS", "AdEL", "AdES", "IBE", "DBE",
        "Sys", "Bp", "RI", "CpU", "Ov", "Tr",
    };
    if (code < sizeof names / sizeof names[0])
        return names[code];
    return code == EXC_MCHECK ? "MCheck" : "?";
}

/* Called by entry.S with the saved frame, at EXL=1.  The vmtests count
 * instructions through the handler call: keep this path as it is. */
void mp_dispatch(struct mp_frame *f)
{
    if (current_handler) {
        current_handler(f);
        return;
    }
    unsigned code = CAUSE_CODE(f->cause);
    mp_printf(MAPPED_SUITE ": unexpected exception %u (%s) at EPC 0x%08x "
              "BadVAddr 0x%08x\n", code, mp_exc_name(code), f->epc,
              f->badvaddr);
    mp_poweroff(MAPPED_FAULT_EXIT);
}

/* ---- boot ---------------------------------------------------------------------- */

uint32_t mp_ram_size(void)
{
    return ram_size;
}

/* Copy a vector stub to the physical address the CPU jumps to, through its
 * ksseg alias.  (No caches on trapeze; a real 4Kc would also need the
 * D-cache written back and the I-cache invalidated here.) */
static void install_stub(uint32_t pa, const uint32_t *from, const uint32_t *to)
{
    volatile uint32_t *dst = (volatile uint32_t *)KSSEG(pa);
    while (from < to)
        *dst++ = *from++;
}

/* The 0x200 stub is optional, not merely harmless: the start-up path is
 * time on trapeze, and the hostile guests that never stop (uart_flood)
 * are compared at a fixed instruction budget. */
void mp_start(const volatile uint32_t *bootinfo)
{
    ram_size = bootinfo[BOOTINFO_OFF_RAMSIZE / 4];
    install_stub(0x000, mp_stub_refill, mp_stub_general);
    install_stub(0x180, mp_stub_general, mp_stub_irq);
#if MAPPED_IRQ_VECTOR
    install_stub(0x200, mp_stub_irq, mp_stub_end);
#endif
    mp_poweroff((uint32_t)main());
}
