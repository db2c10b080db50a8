/*
 * addr.c -- what an address typed at the prompt means, and the name an
 * address is shown with.
 *
 * An address is [v:|g:|m:] then a number (0x... hex, else decimal), a
 * register ($sp, $pc, $ra ...: the selected guest's), or a symbol with an
 * optional +OFFSET.  Symbols are the selected guest's kernel and user
 * programs (symbols.h); a user program's name is shown only where the
 * guest's memory holds that program's code, so `hello:main` is never put
 * on `counter`'s code at the same address.
 */
#include <stdio.h>
#include <string.h>
#include "debugger.h"

static bool reg_value(struct debugger *d, const char *name, uint32_t *v)
{
    static const struct { const char *name; unsigned reg; } special[] = {
        { "$pc", TARGET_REG_PC }, { "$hi", TARGET_REG_HI },
        { "$lo", TARGET_REG_LO },
    };
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
        if (strcmp(name, special[i].name) == 0)
            return target_reg_read(d->t, d->vm, special[i].reg, v);
    int r = dbg_gpr_number(name);
    return r >= 0 && target_reg_read(d->t, d->vm, (unsigned)r, v);
}

bool dbg_address(struct debugger *d, const char *s, enum target_space *sp,
                 uint32_t *addr, char *err, size_t errlen)
{
    const char *text = s;
    *sp = dbg_space_prefix(&s);
    char base[128];
    uint64_t off = 0;
    const char *plus = strchr(s, '+');
    size_t blen = plus ? (size_t)(plus - s) : strlen(s);
    if (blen == 0 || blen >= sizeof base) {
        snprintf(err, errlen, "'%s' is not an address", text);
        return false;
    }
    memcpy(base, s, blen);
    base[blen] = '\0';
    if (plus && !dbg_number(plus + 1, UINT32_MAX, &off)) {
        snprintf(err, errlen, "'%s': '%s' is not an offset", text, plus + 1);
        return false;
    }
    uint64_t n;
    uint32_t v;
    if (base[0] == '$') {
        if (!reg_value(d, base, &v)) {
            snprintf(err, errlen, "'%s' is not a register", base);
            return false;
        }
    } else if (base[0] >= '0' && base[0] <= '9') {
        if (!dbg_number(base, UINT32_MAX, &n)) {
            snprintf(err, errlen, "'%s' is not a 32-bit number (0x... for hex)",
                     base);
            return false;
        }
        v = (uint32_t)n;
    } else if (d->syms[d->vm] == NULL ||
               !symtab_find(d->syms[d->vm], base, &v)) {
        snprintf(err, errlen, "'%s' is not a symbol of vm%u (nor a number or "
                 "$register)", base, d->vm);
        return false;
    }
    *addr = v + (uint32_t)off;
    return true;
}

struct code_check {
    struct debugger *d;
    unsigned vm;
};

static bool guest_holds(void *opaque, uint32_t addr, const uint8_t *bytes,
                        size_t len)
{
    struct code_check *c = opaque;
    uint8_t buf[4096];
    if (len > sizeof buf)
        len = sizeof buf;
    return target_mem_read(c->d->t, c->vm, TARGET_SPACE_VIRT, addr, buf, len)
               == len &&
           memcmp(buf, bytes, len) == 0;
}

void dbg_symbolize(struct debugger *d, unsigned vm, uint32_t addr,
                   char *buf, size_t len)
{
    buf[0] = '\0';
    const char *name;
    uint32_t off;
    struct code_check c = { d, vm };
    if (vm == 0 || vm > d->nguests || d->syms[vm] == NULL ||
        !symtab_lookup_addr(d->syms[vm], addr, guest_holds, &c, &name, &off))
        return;
    if (off)
        snprintf(buf, len, " <%s+%u>", name, (unsigned)off);
    else
        snprintf(buf, len, " <%s>", name);
}
