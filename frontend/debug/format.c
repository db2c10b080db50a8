/*
 * format.c -- printing TLB entries, CP0 fields and instructions.
 *
 * CP0 registers are shown raw and, for the ones whose bits a student
 * reads (Status, Cause, EntryHi, Context), decoded field by field from a
 * table, so a trap's "status 00008411 -> 00008413" also reads "EXL 0 -> 1".
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "cpu/cpu.h"
#include "cpu/disasm.h"
#include "format.h"

int dbg_tlb_valid(const struct tlb_entry *e)
{
    return (e->entrylo0 & ENTRYLO_V) || (e->entrylo1 & ENTRYLO_V);
}

static void page_size_name(uint32_t bytes, char *buf, size_t len)
{
    if (bytes >= (1u << 20))
        snprintf(buf, len, "%uM", bytes >> 20);
    else
        snprintf(buf, len, "%uK", bytes >> 10);
}

static void half(uint32_t lo, char *buf, size_t len)
{
    snprintf(buf, len, "%05x c%u %c%c%c", (lo & ENTRYLO_PFN_MASK) >> ENTRYLO_PFN_SHIFT,
             (lo & ENTRYLO_C_MASK) >> ENTRYLO_C_SHIFT,
             lo & ENTRYLO_D ? 'D' : '-', lo & ENTRYLO_V ? 'V' : '-',
             lo & ENTRYLO_G ? 'G' : '-');
}

void dbg_format_tlb(const struct tlb_entry *e, char *buf, size_t len)
{
    char size[8], h0[24], h1[24];
    page_size_name(tlb_page_size(e->pagemask), size, sizeof size);
    half(e->entrylo0, h0, sizeof h0);
    half(e->entrylo1, h1, sizeof h1);
    snprintf(buf, len, "hi %08x asid %02x %-4s lo0 %s  lo1 %s",
             e->entryhi & ENTRYHI_VPN2_MASK, e->entryhi & ENTRYHI_ASID_MASK,
             size, h0, h1);
}

void dbg_disasm(uint32_t pc, uint32_t word, char *buf, size_t len)
{
    char raw[96];
    disasm(pc, word, raw, sizeof raw);
    char *tab = strchr(raw, '\t');
    if (tab) {
        *tab = '\0';
        snprintf(buf, len, "%-7s %s", raw, tab + 1);
    } else
        snprintf(buf, len, "%s", raw);
}

static const struct { unsigned reg, sel; const char *name; } cp0_rows[] = {
    { CP0_INDEX, 0, "index" }, { CP0_RANDOM, 0, "random" },
    { CP0_ENTRYLO0, 0, "entrylo0" }, { CP0_ENTRYLO1, 0, "entrylo1" },
    { CP0_CONTEXT, 0, "context" }, { CP0_PAGEMASK, 0, "pagemask" },
    { CP0_WIRED, 0, "wired" }, { CP0_BADVADDR, 0, "badvaddr" },
    { CP0_COUNT, 0, "count" }, { CP0_ENTRYHI, 0, "entryhi" },
    { CP0_COMPARE, 0, "compare" }, { CP0_STATUS, 0, "status" },
    { CP0_CAUSE, 0, "cause" }, { CP0_EPC, 0, "epc" }, { CP0_PRID, 0, "prid" },
    { CP0_CONFIG, 0, "config" }, { CP0_CONFIG, 1, "config1" },
    { CP0_LLADDR, 0, "lladdr" }, { CP0_ERROREPC, 0, "errorepc" },
};

unsigned dbg_cp0_count(void)
{
    return sizeof cp0_rows / sizeof cp0_rows[0];
}

void dbg_cp0_row(unsigned i, unsigned *reg, unsigned *sel, const char **name)
{
    *reg = cp0_rows[i].reg;
    *sel = cp0_rows[i].sel;
    *name = cp0_rows[i].name;
}

/* ---- CP0 fields ---------------------------------------------------------- */

enum field_show { F_BIT, F_HEX, F_MODE, F_EXC, F_ADDR };

static const struct field {
    unsigned reg;
    const char *name;
    unsigned shift, bits;
    enum field_show show;
} fields[] = {
    { CP0_STATUS, "CU0", 28, 1, F_BIT }, { CP0_STATUS, "BEV", 22, 1, F_BIT },
    { CP0_STATUS, "IM", 8, 8, F_HEX }, { CP0_STATUS, "KSU", 3, 2, F_MODE },
    { CP0_STATUS, "ERL", 2, 1, F_BIT }, { CP0_STATUS, "EXL", 1, 1, F_BIT },
    { CP0_STATUS, "IE", 0, 1, F_BIT },
    { CP0_CAUSE, "BD", 31, 1, F_BIT }, { CP0_CAUSE, "CE", 28, 2, F_HEX },
    { CP0_CAUSE, "IP", 8, 8, F_HEX }, { CP0_CAUSE, "ExcCode", 2, 5, F_EXC },
    { CP0_ENTRYHI, "VPN2", 13, 19, F_ADDR }, { CP0_ENTRYHI, "ASID", 0, 8, F_HEX },
    { CP0_CONTEXT, "BadVPN2", 4, 19, F_HEX },
};

static uint32_t field_value(const struct field *f, uint32_t v)
{
    return (v >> f->shift) & ((1u << f->bits) - 1u);
}

static void field_text(const struct field *f, uint32_t x, char *buf, size_t len)
{
    static const char *const modes[4] = { "kernel", "super", "user", "3" };
    switch (f->show) {
    case F_BIT:  snprintf(buf, len, "%u", x); break;
    case F_HEX:  snprintf(buf, len, "%02x", x); break;
    case F_MODE: snprintf(buf, len, "%s", modes[x & 3]); break;
    case F_EXC:  snprintf(buf, len, "%s", cpu_exc_name(x)); break;
    case F_ADDR: snprintf(buf, len, "%08x", x << f->shift); break;
    }
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void append(char *buf, size_t len, size_t *at, const char *fmt, ...)
{
    if (*at >= len)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *at, len - *at, fmt, ap);
    va_end(ap);
    if (n > 0)
        *at = *at + (size_t)n < len ? *at + (size_t)n : len - 1;
}

void dbg_cp0_fields_diff(unsigned reg, uint32_t before, uint32_t after,
                         char *buf, size_t len)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const struct field *f = &fields[i];
        uint32_t a = field_value(f, before), b = field_value(f, after);
        if (f->reg != reg || a == b)
            continue;
        char ta[16], tb[16];
        field_text(f, a, ta, sizeof ta);
        field_text(f, b, tb, sizeof tb);
        append(buf, len, &at, "%s%s %s -> %s", at ? ", " : "(", f->name, ta, tb);
    }
    if (at)
        append(buf, len, &at, ")");
}

void dbg_cp0_fields(unsigned reg, uint32_t v, char *buf, size_t len)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const struct field *f = &fields[i];
        if (f->reg != reg)
            continue;
        uint32_t x = field_value(f, v);
        char t[16];
        field_text(f, x, t, sizeof t);
        if (f->show == F_BIT) {
            if (x)
                append(buf, len, &at, "%s%s", at ? " " : "", f->name);
        } else
            append(buf, len, &at, "%s%s=%s", at ? " " : "", f->name, t);
    }
}
