/*
 * lib.c -- boot, console, power-off, TLB and exception dispatch of the
 * hostile guests' runtime (hostile.h).
 */
#include <stdarg.h>

#include "hostile.h"

void hk_start(const volatile uint32_t *bootinfo) __attribute__((noreturn));
void hk_dispatch(struct hk_frame *f);

_Static_assert(__builtin_offsetof(struct hk_frame, vector) == HK_FRAME_SIZE - 4,
               "struct hk_frame disagrees with entry.S");

extern const uint32_t hk_stub_refill[], hk_stub_general[], hk_stub_end[];

static uint32_t ram_size;

/* ---- console and power --------------------------------------------------- */

#define UART_REG(off)   (*(volatile uint8_t *)IOWIN(UART_BASE + (off)))
#define UART_THR        0
#define UART_LSR        5
#define UART_LSR_THRE   0x20

void hk_putc(char c)
{
    while (!(UART_REG(UART_LSR) & UART_LSR_THRE))
        ;
    UART_REG(UART_THR) = (uint8_t)c;
}

void hk_puts(const char *s)
{
    while (*s)
        hk_putc(*s++);
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
    int total = len + neg;
    if (neg && zero)
        hk_putc('-');
    for (; total < width; total++)
        hk_putc(zero ? '0' : ' ');
    if (neg && !zero)
        hk_putc('-');
    while (len > 0)
        hk_putc(buf[--len]);
}

void hk_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            hk_putc(*fmt);
            continue;
        }
        fmt++;
        int zero = 0, width = 0;
        if (*fmt == '0') {
            zero = 1;
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        switch (*fmt) {
        case 'd': {
            int32_t v = va_arg(ap, int32_t);
            put_number(v < 0 ? 0u - (uint32_t)v : (uint32_t)v, 10, v < 0, width, zero);
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
            while (s[len])
                len++;
            for (; len < width; width--)
                hk_putc(' ');
            hk_puts(s);
            break;
        }
        case 'c':
            hk_putc((char)va_arg(ap, int));
            break;
        case '\0':
            fmt--;
            break;
        default:
            hk_putc(*fmt);
            break;
        }
    }
    va_end(ap);
}

/* The system controller's POWEROFF register; the value is the exit code. */
void hk_poweroff(uint32_t code)
{
    *(volatile uint32_t *)IOWIN(SYSCTRL_BASE + SYSCTRL_POWEROFF) = code;
    for (;;)
        ;
}

/* ---- TLB -------------------------------------------------------------------- */

uint32_t hk_tlb_entries(void)
{
    return ((MFC0(C0_CONFIG, 1) >> 25) & 0x3F) + 1;
}

uint32_t hk_tlb_wired(void)
{
    return MFC0(C0_WIRED, 0);
}

void hk_tlb_write(uint32_t idx, uint32_t pagemask, uint32_t hi,
                  uint32_t lo0, uint32_t lo1)
{
    MTC0(C0_INDEX, 0, idx);
    MTC0(C0_PAGEMASK, 0, pagemask);
    MTC0(C0_ENTRYHI, 0, hi);
    MTC0(C0_ENTRYLO0, 0, lo0);
    MTC0(C0_ENTRYLO1, 0, lo1);
    __asm__ __volatile__("tlbwi\n\tnop\n\tnop" : : : "memory");
    MTC0(C0_ENTRYHI, 0, 0);                     /* ASID 0 again */
    MTC0(C0_PAGEMASK, 0, PAGEMASK_4K);
}

void hk_tlb_kill(uint32_t idx)
{
    hk_tlb_write(idx, PAGEMASK_4K, 0x80000000u + (idx << 13), 0, 0);
}

/* ---- exceptions --------------------------------------------------------------- */

static hk_handler current_handler;

void hk_set_handler(hk_handler h)
{
    current_handler = h;
}

const char *hk_exc_name(unsigned code)
{
    static const char *const names[] = {
        "Int", "Mod", "TLBL", "TLBS", "AdEL", "AdES", "IBE", "DBE",
        "Sys", "Bp", "RI", "CpU", "Ov", "Tr",
    };
    if (code < sizeof names / sizeof names[0])
        return names[code];
    return code == EXC_MCHECK ? "MCheck" : "?";
}

/* Called by entry.S with the saved frame, at EXL=1. */
void hk_dispatch(struct hk_frame *f)
{
    if (current_handler) {
        current_handler(f);
        return;
    }
    unsigned code = CAUSE_CODE(f->cause);
    hk_printf("hostile: unexpected exception %u (%s) at EPC 0x%08x BadVAddr 0x%08x\n",
              code, hk_exc_name(code), f->epc, f->badvaddr);
    hk_poweroff(2);
}

/* ---- boot --------------------------------------------------------------------- */

uint32_t hk_ram_size(void)
{
    return ram_size;
}

/* Copy a vector stub to the physical address the CPU jumps to, through
 * its ksseg alias.  (No caches on trapeze; a real 4Kc would also need the
 * lines written back and the I-cache invalidated.) */
static void install_stub(uint32_t pa, const uint32_t *from, const uint32_t *to)
{
    volatile uint32_t *dst = (volatile uint32_t *)KSSEG(pa);
    while (from < to)
        *dst++ = *from++;
}

void hk_start(const volatile uint32_t *bootinfo)
{
    ram_size = bootinfo[BOOTINFO_OFF_RAMSIZE / 4];
    install_stub(0x000, hk_stub_refill, hk_stub_general);
    install_stub(0x180, hk_stub_general, hk_stub_end);
    hk_poweroff((uint32_t)main());
}
