/*
 * regs.c -- GDB's view of the registers: one table says which registers
 * exist, in which feature, under which name and number; the target
 * description and the register accessors are both read from it, so they
 * cannot disagree.
 */
#include <stdio.h>
#include <string.h>
#include "regs.h"
#include "target.h"

#define CPU_FEATURE "org.gnu.gdb.mips.cpu"
#define CP0_FEATURE "org.gnu.gdb.mips.cp0"
#define FPU_FEATURE "org.gnu.gdb.mips.fpu"

/* A run of registers: count > 1 names them name0, name1, ... */
struct reg_run {
    const char *feature;
    const char *name;
    unsigned regnum;          /* GDB's number of the first */
    unsigned count;
    const char *type;
    bool fpu;                 /* absent on this machine: reads as zero */
};

/* In target.xml order: each feature's registers together. */
static const struct reg_run reg_runs[] = {
    { CPU_FEATURE, "r",        0,                   32, "int",         false },
    { CPU_FEATURE, "lo",       TARGET_REG_LO,       1,  "int",         false },
    { CPU_FEATURE, "hi",       TARGET_REG_HI,       1,  "int",         false },
    { CPU_FEATURE, "pc",       TARGET_REG_PC,       1,  "code_ptr",    false },
    { CP0_FEATURE, "status",   TARGET_REG_STATUS,   1,  "int",         false },
    { CP0_FEATURE, "badvaddr", TARGET_REG_BADVADDR, 1,  "int",         false },
    { CP0_FEATURE, "cause",    TARGET_REG_CAUSE,    1,  "int",         false },
    { FPU_FEATURE, "f",        38,                  32, "ieee_single", true },
    { FPU_FEATURE, "fcsr",     70,                  1,  "int",         true },
    { FPU_FEATURE, "fir",      71,                  1,  "int",         true },
};
#define NRUNS (sizeof reg_runs / sizeof reg_runs[0])

static const struct reg_run *find_run(unsigned regnum)
{
    for (size_t i = 0; i < NRUNS; i++) {
        const struct reg_run *r = &reg_runs[i];
        if (regnum >= r->regnum && regnum < r->regnum + r->count)
            return r;
    }
    return NULL;
}

bool gdb_reg_read(struct target *t, unsigned vm, unsigned regnum, uint32_t *v)
{
    const struct reg_run *r = find_run(regnum);
    if (r == NULL)
        return false;
    if (r->fpu) {
        *v = 0;
        return true;
    }
    return target_reg_read(t, vm, regnum, v);
}

bool gdb_reg_write(struct target *t, unsigned vm, unsigned regnum, uint32_t v)
{
    const struct reg_run *r = find_run(regnum);
    if (r == NULL)
        return false;
    if (r->fpu)
        return true;
    return target_reg_write(t, vm, regnum, v);
}

/* Append formatted text; returns false once out is full. */
static bool put(char *out, size_t cap, size_t *len, const char *text)
{
    for (const char *c = text; *c; c++) {
        if (*len + 1 >= cap)
            return false;
        out[(*len)++] = *c;
    }
    out[*len] = '\0';
    return true;
}

static bool put_run(char *out, size_t cap, size_t *len, const struct reg_run *r)
{
    char line[128];
    for (unsigned i = 0; i < r->count; i++) {
        char name[24];
        if (r->count > 1)
            snprintf(name, sizeof name, "%s%u", r->name, i);
        else
            snprintf(name, sizeof name, "%s", r->name);
        snprintf(line, sizeof line,
                 "<reg name=\"%s\" bitsize=\"32\" regnum=\"%u\" type=\"%s\"/>\n",
                 name, r->regnum + i, r->type);
        if (!put(out, cap, len, line))
            return false;
    }
    return true;
}

size_t gdb_target_xml(char *out, size_t cap)
{
    size_t len = 0;
    bool ok = put(out, cap, &len,
                  "<?xml version=\"1.0\"?>\n"
                  "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                  "<target version=\"1.0\">\n"
                  "<architecture>mips</architecture>\n");
    const char *open = NULL;
    char line[96];
    for (size_t i = 0; ok && i < NRUNS; i++) {
        const struct reg_run *r = &reg_runs[i];
        if (open == NULL || strcmp(open, r->feature) != 0) {
            if (open)
                ok = put(out, cap, &len, "</feature>\n");
            snprintf(line, sizeof line, "<feature name=\"%s\">\n", r->feature);
            ok = ok && put(out, cap, &len, line);
            open = r->feature;
        }
        ok = ok && put_run(out, cap, &len, r);
    }
    ok = ok && put(out, cap, &len, "</feature>\n</target>\n");
    return ok ? len : 0;
}
