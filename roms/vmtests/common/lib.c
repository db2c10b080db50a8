/*
 * lib.c -- boot, console, checks, power-off, TLB helpers and exception
 * dispatch of the vmtests runtime (vt.h).
 */
#include <stdarg.h>

#include "vt.h"

void vt_start(const volatile uint32_t *bootinfo) __attribute__((noreturn));
void vt_dispatch(struct vt_frame *f);

_Static_assert(__builtin_offsetof(struct vt_frame, vector) == VT_FRAME_SIZE - 4,
               "struct vt_frame disagrees with entry.S");

extern const uint32_t vt_stub_refill[], vt_stub_general[], vt_stub_irq[],
                      vt_stub_end[];

/* ---- console and power ------------------------------------------------------ */

#define UART_REG(off)   (*(volatile uint8_t *)IOWIN(UART_BASE + (off)))
#define UART_THR        0
#define UART_LSR        5
#define UART_LSR_THRE   0x20

void vt_putc(char c)
{
    while (!(UART_REG(UART_LSR) & UART_LSR_THRE))
        ;
    UART_REG(UART_THR) = (uint8_t)c;
}

void vt_puts(const char *s)
{
    while (*s)
        vt_putc(*s++);
}

static void pad(int n)
{
    while (n-- > 0)
        vt_putc(' ');
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
        vt_putc('-');
    if (!left && zero)
        for (; fill > 0; fill--)
            vt_putc('0');
    while (len > 0)
        vt_putc(buf[--len]);
    if (left)
        pad(fill);
}

void vt_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            vt_putc(*fmt);
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
            vt_puts(s);
            if (left)
                pad(width - len);
            break;
        }
        case 'c':
            vt_putc((char)va_arg(ap, int));
            break;
        case '\0':
            fmt--;
            break;
        default:
            vt_putc(*fmt);
            break;
        }
    }
    va_end(ap);
}

static uint32_t checks, failures;

void vt_count(int ok)
{
    checks++;
    if (!ok)
        failures++;
}

void vt_check(const char *what, uint32_t got, uint32_t want)
{
    vt_printf("%s: 0x%x", what, got);
    if (got != want)
        vt_printf(" FAIL (want 0x%x)", want);
    vt_putc('\n');
    vt_count(got == want);
}

int vt_summary(const char *name)
{
    if (failures == 0)
        vt_printf("TEST %s: OK (%u checks)\n", name, checks);
    else
        vt_printf("TEST %s: FAIL (%u of %u checks failed)\n", name, failures,
                  checks);
    return failures != 0;
}

/* The system controller's POWEROFF register; the value is the exit code. */
void vt_poweroff(uint32_t code)
{
    *(volatile uint32_t *)IOWIN(SYSCTRL_BASE + SYSCTRL_POWEROFF) = code;
    for (;;)
        ;
}

/* ---- TLB -------------------------------------------------------------------- */

uint32_t vt_tlb_entries(void)
{
    return ((MFC0(C0_CONFIG, 1) >> 25) & 0x3F) + 1;
}

uint32_t vt_tlb_wired(void)
{
    return MFC0(C0_WIRED, 0);
}

void vt_tlb_write(uint32_t idx, uint32_t pagemask, uint32_t hi,
                  uint32_t lo0, uint32_t lo1)
{
    uint32_t old_hi = MFC0(C0_ENTRYHI, 0);
    MTC0(C0_INDEX, 0, idx);
    MTC0(C0_PAGEMASK, 0, pagemask);
    MTC0(C0_ENTRYHI, 0, hi);
    MTC0(C0_ENTRYLO0, 0, lo0);
    MTC0(C0_ENTRYLO1, 0, lo1);
    tlbwi();
    MTC0(C0_ENTRYHI, 0, old_hi);
    MTC0(C0_PAGEMASK, 0, PAGEMASK_4K);
}

void vt_tlb_kill(uint32_t idx)
{
    vt_tlb_write(idx, PAGEMASK_4K, 0x80000000u + (idx << 13), 0, 0);
}

void vt_set_asid(uint32_t asid)
{
    MTC0(C0_ENTRYHI, 0, asid & 0xFF);
}

/* ---- exceptions ---------------------------------------------------------------- */

static vt_handler current_handler;

void vt_set_handler(vt_handler h)
{
    current_handler = h;
}

const char *vt_exc_name(unsigned code)
{
    static const char *const names[] = {
        "Int", "Mod", "TLBL", "TLBS", "AdEL", "AdES", "IBE", "DBE",
        "Sys", "Bp", "RI", "CpU", "Ov", "Tr",
    };
    return code < sizeof names / sizeof names[0] ? names[code] : "?";
}

/* Called by entry.S with the saved frame, at EXL=1. */
void vt_dispatch(struct vt_frame *f)
{
    if (current_handler) {
        current_handler(f);
        return;
    }
    unsigned code = CAUSE_CODE(f->cause);
    vt_printf("vmtests: unexpected exception %u (%s) at EPC 0x%08x "
              "BadVAddr 0x%08x\n", code, vt_exc_name(code), f->epc,
              f->badvaddr);
    vt_poweroff(3);
}

/* ---- boot ---------------------------------------------------------------------- */

/* Copy a vector stub to the physical address the CPU jumps to, through its
 * ksseg alias.  (No caches on trapeze; a real 4Kc would also need the
 * D-cache written back and the I-cache invalidated here.) */
static void install_stub(uint32_t pa, const uint32_t *from, const uint32_t *to)
{
    volatile uint32_t *dst = (volatile uint32_t *)KSSEG(pa);
    while (from < to)
        *dst++ = *from++;
}

void vt_start(const volatile uint32_t *bootinfo)
{
    (void)bootinfo;
    install_stub(0x000, vt_stub_refill, vt_stub_general);
    install_stub(0x180, vt_stub_general, vt_stub_irq);
    install_stub(0x200, vt_stub_irq, vt_stub_end);
    vt_poweroff((uint32_t)main());
}
