/*
 * cmd_state.c -- regs, cp0, vcp0, tlb, vtlb, pmap: the machine's state as
 * the selected guest sees it, and as the monitor arranged it underneath.
 *
 * `cp0` and `tlb` are the physical CPU's (target_phys_cpu): under the
 * monitor, the real TLB holds only shadow entries, and each is shown with
 * the VM, guest page and virtual TLB entry it shadows
 * (monitor_shadow_owner).  `vcp0` and `vtlb` are what the guest believes
 * it has.  On the bare machine they are the same CPU.
 */
#include <stdio.h>
#include <string.h>
#include "cmds.h"
#include "format.h"

static int no_args(struct debugger *d, const struct dbg_words *w)
{
    return w->argc ? dbg_error(d, "takes no arguments") : 0;
}

int cmd_regs(struct debugger *d, const struct dbg_words *w)
{
    if (no_args(d, w))
        return -1;
    for (unsigned r = 0; r < 32; r++) {
        uint32_t v = 0;
        target_reg_read(d->t, d->vm, r, &v);
        fprintf(d->out, "%-4s %08x%s", dbg_gpr_name(r), v, r % 4 == 3 ? "\n" : "   ");
    }
    static const struct { unsigned reg; const char *name; } extra[] = {
        { TARGET_REG_PC, "pc" }, { TARGET_REG_HI, "hi" }, { TARGET_REG_LO, "lo" },
        { TARGET_REG_STATUS, "sr" }, { TARGET_REG_CAUSE, "cause" },
        { TARGET_REG_BADVADDR, "bad" },
    };
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
        uint32_t v = 0;
        target_reg_read(d->t, d->vm, extra[i].reg, &v);
        fprintf(d->out, "%-5s %08x%s", extra[i].name, v, i % 3 == 2 ? "\n" : "   ");
    }
    dbg_show_location(d, d->vm);
    return 0;
}

/* Read CP0 of the physical CPU (phys) or of the selected guest. */
static uint32_t cp0(struct debugger *d, bool phys, unsigned reg, unsigned sel)
{
    if (phys)
        return cpu_cp0_read(target_phys_cpu(d->t), reg, sel);
    return target_cp0_read(d->t, d->vm, reg, sel);
}

static int show_cp0(struct debugger *d, bool phys)
{
    for (unsigned i = 0; i < dbg_cp0_count(); i++) {
        unsigned reg, sel;
        const char *name;
        dbg_cp0_row(i, &reg, &sel, &name);
        uint32_t v = cp0(d, phys, reg, sel);
        char fields[128];
        dbg_cp0_fields(reg, v, fields, sizeof fields);
        fprintf(d->out, "%-9s %08x%s%s\n", name, v, fields[0] ? "  " : "", fields);
    }
    return 0;
}

int cmd_cp0(struct debugger *d, const struct dbg_words *w)
{
    if (no_args(d, w))
        return -1;
    fprintf(d->out, "physical CP0%s\n", target_is_monitor(d->t) ? " (the monitor's machine)"
            : "");
    return show_cp0(d, true);
}

int cmd_vcp0(struct debugger *d, const struct dbg_words *w)
{
    if (no_args(d, w))
        return -1;
    if (target_is_monitor(d->t))
        fprintf(d->out, "vm%u virtual CP0\n", d->vm);
    else
        fprintf(d->out, "CP0 (the bare machine: no virtual CP0, this is the CPU's)\n");
    return show_cp0(d, false);
}

/* One line per entry; under the monitor with whom it shadows for. */
static void show_tlb(struct debugger *d, struct cpu *c, bool real)
{
    struct tlb *t = cpu_tlb(c);
    unsigned n = tlb_size(t), shown = 0;
    uint32_t wired = cpu_cp0_read(c, CP0_WIRED, 0);
    struct monitor *m = target_monitor(d->t);
    for (unsigned i = 0; i < n; i++) {
        struct tlb_entry e = tlb_read(t, i);
        if (!dbg_tlb_valid(&e))
            continue;
        char text[128], owner[96] = "";
        dbg_format_tlb(&e, text, sizeof text);
        unsigned vm;
        uint32_t gva;
        int vidx;
        if (real && m && monitor_shadow_owner(m, i, &vm, &gva, &vidx))
            snprintf(owner, sizeof owner, "  vm%u guest %08x vtlb[%d]", vm, gva, vidx);
        fprintf(d->out, "%c%2u %s%s\n", i < wired ? 'w' : ' ', i, text, owner);
        shown++;
    }
    fprintf(d->out, "%u of %u entries valid (wired %u)\n", shown, n, wired);
}

int cmd_tlb(struct debugger *d, const struct dbg_words *w)
{
    if (no_args(d, w))
        return -1;
    fprintf(d->out, "real TLB%s\n", target_is_monitor(d->t)
            ? ": shadow entries, each with the VM and guest page it shadows" : "");
    show_tlb(d, target_phys_cpu(d->t), true);
    return 0;
}

int cmd_vtlb(struct debugger *d, const struct dbg_words *w)
{
    if (no_args(d, w))
        return -1;
    if (target_is_monitor(d->t))
        fprintf(d->out, "vm%u virtual TLB\n", d->vm);
    else
        fprintf(d->out, "TLB (the bare machine: no virtual TLB, this is the CPU's)\n");
    show_tlb(d, target_guest_cpu(d->t, d->vm), false);
    return 0;
}

/* ---- pmap --------------------------------------------------------------- */

static void show_run(struct debugger *d, uint32_t g0, uint32_t m0, uint32_t pages)
{
    fprintf(d->out, "  g:%08x-%08x -> m:%08x-%08x  %u page%s\n", g0,
            g0 + pages * 4096 - 1, m0, m0 + pages * 4096 - 1, pages,
            pages == 1 ? "" : "s");
}

static int pmap_all(struct debugger *d, struct monitor *m)
{
    uint32_t pages = d->ram_mib[d->vm] * 256, mapped = 0, runs = 0;
    uint32_t g0 = 0, m0 = 0, len = 0;
    fprintf(d->out, "vm%u pmap: guest-physical -> machine, in runs\n", d->vm);
    for (uint32_t p = 0; p <= pages; p++) {
        uint32_t mpa;
        bool has = p < pages && monitor_pmap_lookup(m, d->vm, p * 4096, &mpa);
        mapped += has;
        if (len && has && mpa == m0 + len * 4096) {
            len++;
            continue;
        }
        if (len && runs++ < 64)
            show_run(d, g0, m0, len);
        len = 0;
        if (has) {
            g0 = p * 4096;
            m0 = mpa;
            len = 1;
        }
    }
    if (runs > 64)
        fprintf(d->out, "  ... %u runs in all (pmap ADDR shows one page)\n", runs);
    fprintf(d->out, "%u of %u guest pages have machine frames\n", mapped, pages);
    return 0;
}

static int pmap_one(struct debugger *d, struct monitor *m, const char *text)
{
    enum target_space sp;
    uint32_t addr, gpa, mpa;
    char err[160];
    if (!dbg_address(d, text, &sp, &addr, err, sizeof err))
        return dbg_error(d, "%s", err);
    if (sp == TARGET_SPACE_MACHINE)
        return dbg_error(d, "'%s' is already a machine address", text);
    if (sp == TARGET_SPACE_VIRT) {
        bool has;
        if (!target_translate(d->t, d->vm, addr, &gpa, &mpa, &has)) {
            fprintf(d->out, "v:%08x does not translate in vm%u now\n", addr, d->vm);
            return 0;
        }
        fprintf(d->out, "v:%08x -> g:%08x", addr, gpa);
    } else {
        gpa = addr;
        fprintf(d->out, "g:%08x", gpa);
    }
    if ((uint64_t)gpa >= (uint64_t)d->ram_mib[d->vm] << 20)
        fprintf(d->out, " -> not RAM of vm%u (its RAM is %u MiB)\n", d->vm,
                d->ram_mib[d->vm]);
    else if (m && monitor_pmap_lookup(m, d->vm, gpa & ~0xFFFu, &mpa))
        fprintf(d->out, " -> m:%08x\n", mpa | (gpa & 0xFFFu));
    else
        fprintf(d->out, " -> no machine frame yet (untouched)\n");
    return 0;
}

int cmd_pmap(struct debugger *d, const struct dbg_words *w)
{
    struct monitor *m = target_monitor(d->t);
    if (w->argc > 1)
        return dbg_error(d, "takes at most one address");
    if (m == NULL)
        return dbg_error(d, "the bare machine has no pmap (guest-physical is "
                         "machine-physical)");
    return w->argc ? pmap_one(d, m, w->argv[0]) : pmap_all(d, m);
}
