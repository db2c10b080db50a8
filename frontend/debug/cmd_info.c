/*
 * cmd_info.c -- trace, log, stats, vm: what the monitor has recorded, and
 * which guest the other commands speak of.
 *
 * Scripted sessions must give byte-identical transcripts, so `stats`
 * leaves out the host-time line when the console reads a script.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmds.h"

#define LOG_DEFAULT 10

static void show_trace(struct debugger *d)
{
    if (d->trace_kinds == 0) {
        fprintf(d->out, "tracing nothing\n");
        return;
    }
    fprintf(d->out, "tracing:");
    for (unsigned row = 0; row < dbg_trapkind_count(); row++)
        if (d->trace_kinds & (1u << row))
            fprintf(d->out, " %s", dbg_trapkind_name(row));
    fputc('\n', d->out);
}

int cmd_trace(struct debugger *d, const struct dbg_words *w)
{
    if (w->argc == 0) {
        show_trace(d);
        return 0;
    }
    if (!target_is_monitor(d->t))
        return dbg_error(d, "the bare machine has no monitor and no traps "
                         "(--trace insn,exc on the command line traces it)");
    bool on = strcmp(w->argv[0], "on") == 0;
    if (w->argc > 2 || (!on && strcmp(w->argv[0], "off") != 0))
        return dbg_error(d, "trace on|off [KIND,KIND...]");
    unsigned rows;
    char err[160];
    if (!dbg_trapkind_list(w->argc == 2 ? w->argv[1] : NULL, &rows, err, sizeof err))
        return dbg_error(d, "%s", err);
    d->trace_kinds = on ? d->trace_kinds | rows : d->trace_kinds & ~rows;
    dbg_sync_trap_stops(d);
    show_trace(d);
    return 0;
}

int cmd_log(struct debugger *d, const struct dbg_words *w)
{
    struct monitor *m = target_monitor(d->t);
    uint64_t n = LOG_DEFAULT;
    if (m == NULL)
        return dbg_error(d, "the bare machine has no monitor and no trap log");
    if (w->argc > 1 || (w->argc == 1 &&
                        (!dbg_number(w->argv[0], MONITOR_LOG_SIZE, &n) || n == 0)))
        return dbg_error(d, "'%s' is not a count from 1 to %d",
                         w->argc ? w->argv[0] : "", MONITOR_LOG_SIZE);
    struct trap_event ev;
    unsigned kept = 0;
    while (kept < n && monitor_log_get(m, kept, &ev))
        kept++;
    if (kept == 0)
        fprintf(d->out, "no trap events yet\n");
    for (unsigned back = kept; back-- > 0; )
        if (monitor_log_get(m, back, &ev))
            dbg_narrate_trap(d, &ev, false);
    return 0;
}

static int bare_stats(struct debugger *d)
{
    struct cpu_stats s;
    cpu_get_stats(target_phys_cpu(d->t), &s);
    fprintf(d->out, "instructions  %llu  (kernel %llu, supervisor %llu, user %llu)\n",
            (unsigned long long)(s.insns_by_mode[0] + s.insns_by_mode[1] +
                                 s.insns_by_mode[2]),
            (unsigned long long)s.insns_by_mode[0],
            (unsigned long long)s.insns_by_mode[1],
            (unsigned long long)s.insns_by_mode[2]);
    fprintf(d->out, "idle          %llu\n", (unsigned long long)s.idle);
    fprintf(d->out, "exceptions   ");
    for (unsigned c = 0; c < EXC_NCODES; c++)
        if (s.exceptions[c])
            fprintf(d->out, " %s %llu", cpu_exc_name(c),
                    (unsigned long long)s.exceptions[c]);
    fprintf(d->out, "\ntlb refills   %llu\n", (unsigned long long)s.tlb_refills);
    return 0;
}

/* The monitor's table, less the host-time line when scripted. */
static int monitor_stats(struct debugger *d, struct monitor *m)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (mem == NULL)
        return dbg_error(d, "out of memory");
    monitor_print_stats(m, mem, d->scripted ? 0.0 : host_seconds() - d->started);
    fclose(mem);
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save))
        if (!d->scripted || (strstr(line, "host time") == NULL &&
                             strncmp(line, "speed:", 6) != 0))
            fprintf(d->out, "%s\n", line);
    free(text);
    return 0;
}

int cmd_stats(struct debugger *d, const struct dbg_words *w)
{
    if (w->argc)
        return dbg_error(d, "takes no arguments");
    struct monitor *m = target_monitor(d->t);
    return m ? monitor_stats(d, m) : bare_stats(d);
}

static const char *state_name(enum vm_state s)
{
    return s == VM_RUNNING ? "running" : s == VM_WAITING ? "waiting" : "stopped";
}

int cmd_vm(struct debugger *d, const struct dbg_words *w)
{
    if (w->argc > 1)
        return dbg_error(d, "takes at most one VM number");
    if (w->argc == 1) {
        uint64_t n;
        if (!dbg_number(w->argv[0], d->nguests, &n) || n == 0)
            return dbg_error(d, "'%s' is not a VM: there %s %u (1..%u)", w->argv[0],
                             d->nguests == 1 ? "is" : "are", d->nguests, d->nguests);
        d->vm = (unsigned)n;
    }
    for (unsigned vm = 1; vm <= d->nguests; vm++) {
        uint32_t pc = 0;
        target_reg_read(d->t, vm, TARGET_REG_PC, &pc);
        char sym[128];
        dbg_symbolize(d, vm, pc, sym, sizeof sym);
        enum vm_state s = target_state(d->t, vm);
        fprintf(d->out, "%c vm%u %-8s %s  pc %08x%s%s%s\n", vm == d->vm ? '*' : ' ',
                vm, state_name(s), target_kernel(d->t, vm), pc, sym,
                s == VM_STOPPED ? ": " : "",
                s == VM_STOPPED ? target_reason(d->t, vm) : "");
    }
    return 0;
}
