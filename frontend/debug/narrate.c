/*
 * narrate.c -- telling the user where a guest stopped and what a trap did.
 *
 * A stop is told in one line per guest location:
 *   vm1 c00100c8 <exc_general>: mfc0    k0,c0_status
 * A trap is told as the monitor narrates it (monitor_format_event, the
 * same line as --trace traps), and, for step-trap and break-trap stops,
 * in detail: the guest's instruction, the physical exception, what the
 * monitor did, each CP0 register before -> after with its fields decoded,
 * the general register written, the TLB entry written, the exception
 * reflected, and where the guest goes on.
 */
#include <stdio.h>
#include <string.h>
#include "debugger.h"
#include "format.h"

void dbg_show_location(struct debugger *d, unsigned vm)
{
    uint32_t pc, word;
    char sym[128], text[96] = "(cannot read the instruction)";
    if (!target_reg_read(d->t, vm, TARGET_REG_PC, &pc))
        return;
    dbg_symbolize(d, vm, pc, sym, sizeof sym);
    if (target_mem_read(d->t, vm, TARGET_SPACE_VIRT, pc, &word, 4) == 4)
        dbg_disasm(pc, word, text, sizeof text);
    if (target_nguests(d->t) > 1 || target_is_monitor(d->t))
        fprintf(d->out, "vm%u ", vm);
    fprintf(d->out, "%08x%s: %s\n", pc, sym, text);
}

static const char *cp0_name(unsigned reg, unsigned sel)
{
    const char *n = cpu_cp0_name(reg);
    return n && sel == 0 ? n : "?";
}

static void narrate_changes(struct debugger *d, const struct trap_event *ev)
{
    const char *label = "  changed   ";
    for (unsigned i = 0; i < ev->nchanges && i < TRAP_MAX_CHANGES; i++) {
        char fields[160];
        dbg_cp0_fields_diff(ev->cp0[i].reg, ev->cp0[i].before, ev->cp0[i].after,
                            fields, sizeof fields);
        fprintf(d->out, "%s%-8s %08x -> %08x%s%s\n", label,
                cp0_name(ev->cp0[i].reg, ev->cp0[i].sel), ev->cp0[i].before,
                ev->cp0[i].after, fields[0] ? "  " : "", fields);
        label = "            ";
    }
    if (ev->gpr >= 0) {
        fprintf(d->out, "%s%-8s %08x -> %08x\n", label, dbg_gpr_name((unsigned)ev->gpr),
                ev->gpr_before, ev->gpr_after);
        label = "            ";
    }
    if (ev->nchanges == 0 && ev->gpr < 0)
        fprintf(d->out, "%snothing the guest can see\n", label);
}

static void narrate_tlb(struct debugger *d, const struct trap_event *ev)
{
    if (ev->tlb_index < 0)
        return;
    char e[128];
    dbg_format_tlb(&ev->tlb, e, sizeof e);
    fprintf(d->out, "  tlb       %s tlb[%d] written: %s\n",
            ev->tlb_virtual ? "virtual" : "real", ev->tlb_index, e);
    if (ev->kind == TRAP_SHADOW_FILL)
        fprintf(d->out, "            shadows guest page g:%08x, machine m:%08x\n",
                ev->gpa, ev->mpa);
}

void dbg_narrate_trap(struct debugger *d, const struct trap_event *ev,
                      bool detail)
{
    char line[600];
    struct monitor *m = target_monitor(d->t);
    if (m == NULL)
        return;
    monitor_format_event(m, ev, line, sizeof line);
    fprintf(d->out, "%s\n", line);
    if (!detail)
        return;
    char sym[128], text[96] = "-";
    dbg_symbolize(d, ev->vm, ev->pc, sym, sizeof sym);
    if (ev->has_insn)
        dbg_disasm(ev->pc, ev->insn, text, sizeof text);
    fprintf(d->out, "  guest     vm%u %s %08x%s: %s\n", ev->vm,
            cpu_mode_name(ev->vmode), ev->pc, sym, text);
    if (ev->phys_exc >= 0)
        fprintf(d->out, "  physical  %s (ExcCode %d)\n",
                cpu_exc_name((unsigned)ev->phys_exc), ev->phys_exc);
    else
        fprintf(d->out, "  physical  none\n");
    if (ev->has_badvaddr)
        fprintf(d->out, "  address   %08x\n", ev->badvaddr);
    fprintf(d->out, "  monitor   %s\n", trap_kind_name(ev->kind));
    narrate_changes(d, ev);
    narrate_tlb(d, ev);
    if (ev->reflected >= 0)
        fprintf(d->out, "  reflected %s to the guest\n", cpu_exc_name((unsigned)ev->reflected));
    dbg_symbolize(d, ev->vm, ev->new_pc, sym, sizeof sym);
    fprintf(d->out, "  next pc   %08x%s\n", ev->new_pc, sym);
}

static struct dbg_point *point_by_target_id(struct debugger *d, int id)
{
    for (unsigned i = 0; i < d->npoints; i++)
        if (d->points[i].type != PT_TRAP && d->points[i].target_id == id)
            return &d->points[i];
    return NULL;
}

static void report_done(struct debugger *d)
{
    for (unsigned vm = 1; vm <= d->nguests; vm++)
        fprintf(d->out, "vm%u: %s\n", vm, target_state(d->t, vm) == VM_STOPPED
                ? target_reason(d->t, vm) : "still running");
}

void dbg_report_stop(struct debugger *d, const struct target_stop *st)
{
    struct dbg_point *p;
    char sym[128];
    switch (st->kind) {
    case TARGET_STOP_BREAKPOINT:
        p = point_by_target_id(d, st->id);
        fprintf(d->out, "breakpoint %d, ", p ? p->num : st->id);
        dbg_show_location(d, st->vm);
        return;
    case TARGET_STOP_WATCHPOINT:
        p = point_by_target_id(d, st->id);
        dbg_symbolize(d, st->vm, st->addr, sym, sizeof sym);
        fprintf(d->out, "watchpoint %d: vm%u %s %08x%s\n", p ? p->num : st->id,
                st->vm, st->write ? "stored to" : "loaded from", st->addr, sym);
        dbg_show_location(d, st->vm);
        return;
    case TARGET_STOP_TRAP:
        dbg_narrate_trap(d, &st->event, true);
        return;
    case TARGET_STOP_STEP:
        dbg_show_location(d, st->vm ? st->vm : d->vm);
        return;
    case TARGET_STOP_REQUEST:
        fprintf(d->out, "stopped at machine time %llu\n",
                (unsigned long long)target_time(d->t));
        dbg_show_location(d, d->vm);
        return;
    case TARGET_STOP_DONE:
        fprintf(d->out, "every guest has stopped\n");
        report_done(d);
        return;
    case TARGET_STOP_BUDGET:
    case TARGET_STOP_IDLE:
        fprintf(d->out, "paused at machine time %llu\n",
                (unsigned long long)target_time(d->t));
        dbg_show_location(d, d->vm);
        return;
    }
}
