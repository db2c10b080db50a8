/*
 * cmd_mem.c -- x/FMT and disas: memory in the three address spaces.
 *
 * v: is guest-virtual through the guest's own mappings (its TLB, kseg0/1),
 * g: guest-physical, m: machine-physical (target_mem_read).  A read stops
 * at the first address that does not translate or is not memory: the line
 * says so instead of printing bytes that are not there.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "cmds.h"
#include "format.h"

#define X_STRING_MAX 256

static uint32_t get(const uint8_t *p, unsigned size)
{
    uint32_t v = 0;
    for (unsigned i = size; i-- > 0; )
        v = v << 8 | p[i];
    return v;
}

static void one_value(struct debugger *d, const struct dbg_xfmt *f, uint32_t v)
{
    int32_t sv = f->size == 1 ? (int8_t)v : f->size == 2 ? (int16_t)v : (int32_t)v;
    switch (f->format) {
    case 'd': fprintf(d->out, " %11d", (int)sv); break;
    case 'u': fprintf(d->out, " %10u", (unsigned)v); break;
    case 'c': fprintf(d->out, isprint((int)v) ? "   '%c'" : " \\x%02x", (unsigned)v); break;
    default:  fprintf(d->out, " %0*x", (int)f->size * 2, (unsigned)v); break;
    }
}

static void line_head(struct debugger *d, enum target_space sp, uint32_t a)
{
    char sym[128] = "";
    if (sp == TARGET_SPACE_VIRT)
        dbg_symbolize(d, d->vm, a, sym, sizeof sym);
    fprintf(d->out, "%s:%08x%s:", dbg_space_name(sp), a, sym);
}

static int unreadable(struct debugger *d, enum target_space sp, uint32_t a)
{
    fprintf(d->out, "%s:%08x: cannot read: %s\n", dbg_space_name(sp), a,
            sp == TARGET_SPACE_VIRT ? "does not translate now, or not memory"
                                    : "not memory (RAM or ROM)");
    return -1;
}

static int x_values(struct debugger *d, const struct dbg_xfmt *f,
                    enum target_space sp, uint32_t addr)
{
    unsigned per_line = f->format == 'c' ? 8 : 16 / f->size;
    for (unsigned i = 0; i < f->count; i++) {
        uint32_t a = addr + i * f->size;
        uint8_t b[4];
        if (target_mem_read(d->t, d->vm, sp, a, b, f->size) != f->size) {
            if (i % per_line)
                fputc('\n', d->out);
            return unreadable(d, sp, a);
        }
        if (i % per_line == 0)
            line_head(d, sp, a);
        one_value(d, f, get(b, f->size));
        if (i % per_line == per_line - 1 || i + 1 == f->count)
            fputc('\n', d->out);
    }
    return 0;
}

static int x_strings(struct debugger *d, const struct dbg_xfmt *f,
                     enum target_space sp, uint32_t addr)
{
    for (unsigned i = 0; i < f->count; i++) {
        line_head(d, sp, addr);
        fputs(" \"", d->out);
        unsigned n = 0;
        uint8_t c;
        for (; n < X_STRING_MAX; n++) {
            if (target_mem_read(d->t, d->vm, sp, addr + n, &c, 1) != 1) {
                fputs("\" (then unreadable)\n", d->out);
                return -1;
            }
            if (c == 0)
                break;
            fprintf(d->out, isprint(c) && c != '"' && c != '\\' ? "%c" : "\\x%02x", c);
        }
        fputs(n == X_STRING_MAX ? "\"...\n" : "\"\n", d->out);
        addr += n + 1;
    }
    return 0;
}

static int x_insns(struct debugger *d, unsigned count, enum target_space sp,
                   uint32_t addr)
{
    uint32_t pc = 0;
    target_reg_read(d->t, d->vm, TARGET_REG_PC, &pc);
    for (unsigned i = 0; i < count; i++) {
        uint32_t a = addr + 4 * i, word;
        char sym[128] = "", text[96];
        if (target_mem_read(d->t, d->vm, sp, a, &word, 4) != 4)
            return unreadable(d, sp, a);
        if (sp == TARGET_SPACE_VIRT)
            dbg_symbolize(d, d->vm, a, sym, sizeof sym);
        dbg_disasm(a, word, text, sizeof text);
        fprintf(d->out, "%s%s%08x%s: %08x  %s\n",
                sp == TARGET_SPACE_VIRT && a == pc ? "=> " : "   ",
                sp == TARGET_SPACE_VIRT ? "" : sp == TARGET_SPACE_GUEST ? "g:" : "m:",
                a, sym, word, text);
    }
    return 0;
}

int cmd_x(struct debugger *d, const struct dbg_words *w)
{
    struct dbg_xfmt f;
    char err[160];
    enum target_space sp;
    uint32_t addr;
    if (!dbg_parse_xfmt(w->fmt, &f, err, sizeof err))
        return dbg_error(d, "%s", err);
    if (w->argc != 1)
        return dbg_error(d, "needs one address (x/4wx v:0x80000180)");
    if (!dbg_address(d, w->argv[0], &sp, &addr, err, sizeof err))
        return dbg_error(d, "%s", err);
    if (f.size > 1 && (addr & (f.size - 1)))
        return dbg_error(d, "%08x is not aligned to %u bytes", addr, f.size);
    if (f.format == 's')
        return x_strings(d, &f, sp, addr);
    if (f.format == 'i')
        return x_insns(d, f.count, sp, addr);
    return x_values(d, &f, sp, addr);
}

int cmd_disas(struct debugger *d, const struct dbg_words *w)
{
    enum target_space sp = TARGET_SPACE_VIRT;
    uint32_t addr = 0;
    uint64_t n = 10;
    char err[160];
    if (w->argc > 2)
        return dbg_error(d, "takes an address and a count at most");
    if (w->argc == 0)
        target_reg_read(d->t, d->vm, TARGET_REG_PC, &addr);
    else if (!dbg_address(d, w->argv[0], &sp, &addr, err, sizeof err))
        return dbg_error(d, "%s", err);
    if (w->argc == 2 && (!dbg_number(w->argv[1], DBG_X_MAX_COUNT, &n) || n == 0))
        return dbg_error(d, "'%s' is not a count from 1 to %d", w->argv[1],
                         DBG_X_MAX_COUNT);
    if (addr & 3)
        return dbg_error(d, "%08x is not word-aligned", addr);
    return x_insns(d, (unsigned)n, sp, addr);
}
