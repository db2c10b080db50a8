/*
 * stats.c -- the monitor's statistics: a table per VM for --stats, the same
 * numbers as JSON for --stats-json.
 *
 * Everything here is counted in instructions and traps, which are
 * deterministic; the only host-clock figures are the host time spent in the
 * monitor (with --stats) and the run's host seconds, labelled as such.
 */
#include <inttypes.h>
#include <stdio.h>
#include "monitor_internal.h"

static uint64_t total_traps(const struct vm_stats *s)
{
    uint64_t n = 0;
    for (unsigned k = 0; k < TRAP_NKINDS; k++)
        if (k != TRAP_KSEG && k != TRAP_WORLD_SWITCH && k != TRAP_TIMER &&
            k != TRAP_WAIT && k != TRAP_HALT)
            n += s->traps[k];
    return n;
}

/* Machine time's parts as the table shows them: an instruction the COP0
 * assist emulated is counted by the physical CPU (trap.c), but it is an
 * emulated one, as it is on the exception's way. */
static uint64_t physical_insns(const struct monitor *m)
{
    return cpu_icount(m->pcpu) - m->assisted;
}

static uint64_t emulated_insns(const struct monitor *m)
{
    return m->emulated + m->assisted;
}

static double per_thousand(uint64_t n, uint64_t insns)
{
    return insns ? 1000.0 * (double)n / (double)insns : 0.0;
}

static void print_vm(const struct monitor *m, unsigned id, FILE *out)
{
    struct vm_stats s;
    monitor_vm_stats(m, id, &s);
    uint64_t insns = s.insns_kernel + s.insns_super + s.insns_user;
    fprintf(out, "vm%u %s: %s\n", id, monitor_vm_kernel(m, id),
            monitor_vm_state(m, id) == VM_STOPPED ? monitor_vm_reason(m, id)
                                                  : "still running");
    fprintf(out, "  guest instructions  %12" PRIu64 "  (virtual kernel %" PRIu64
            ", supervisor %" PRIu64 ", user %" PRIu64 ")\n", insns,
            s.insns_kernel, s.insns_super, s.insns_user);
    fprintf(out, "  run directly        %12" PRIu64 "\n", s.direct_insns);
    fprintf(out, "  emulated            %12" PRIu64 "  (kseg emulations %" PRIu64
            ")\n", s.emulated_insns, s.traps[TRAP_KSEG]);
    fprintf(out, "  idle (in wait)      %12" PRIu64 "\n", s.idle);
    fprintf(out, "  traps               %12" PRIu64 "\n", total_traps(&s));
    fprintf(out, "    privileged        %12" PRIu64 " ", s.traps[TRAP_PRIV]);
    for (unsigned i = 0; i < MONITOR_NPRIV; i++)
        if (s.priv[i])
            fprintf(out, " %s %" PRIu64, monitor_priv_name(i), s.priv[i]);
    fprintf(out, "\n");
    fprintf(out, "    shadow fills      %12" PRIu64 "  (%.3f per 1000 "
            "instructions)\n", s.traps[TRAP_SHADOW_FILL],
            per_thousand(s.traps[TRAP_SHADOW_FILL], insns));
    fprintf(out, "    I/O emulations    %12" PRIu64 "\n", s.traps[TRAP_IO]);
    uint64_t nreflected = 0;             /* by traps, and while emulating */
    for (unsigned c = 0; c < EXC_NCODES; c++)
        nreflected += s.reflected[c];
    fprintf(out, "    reflected         %12" PRIu64 " ", nreflected);
    for (unsigned c = 0; c < EXC_NCODES; c++)
        if (s.reflected[c])
            fprintf(out, " %s %" PRIu64, cpu_exc_name(c), s.reflected[c]);
    fprintf(out, "\n");
    fprintf(out, "    interrupts        %12" PRIu64 "\n", s.traps[TRAP_INTERRUPT]);
    fprintf(out, "  world switches      %12" PRIu64 "\n",
            s.traps[TRAP_WORLD_SWITCH]);
    fprintf(out, "  preemption timer    %12" PRIu64 "\n", s.traps[TRAP_TIMER]);
    fprintf(out, "  frames (demand-zero)%12" PRIu64 "  (%" PRIu64 " KiB)\n",
            s.frames, s.frames * 4);
    uint64_t traps = total_traps(&s);
    fprintf(out, "  host time in monitor %.3f ms  (%.0f ns per trap)\n",
            (double)s.host_ns / 1e6,
            traps ? (double)s.host_ns / (double)traps : 0.0);
}

void monitor_print_stats(const struct monitor *m, FILE *out, double host_seconds)
{
    uint64_t total = 0;
    fprintf(out, "trapeze: monitor statistics\n");
    for (unsigned id = 1; id <= m->nvms; id++) {
        struct vm_stats s;
        monitor_vm_stats(m, id, &s);
        total += s.insns_kernel + s.insns_super + s.insns_user;
        print_vm(m, id, out);
    }
    fprintf(out, "machine time: %" PRIu64 " instructions (%" PRIu64 " physical, "
            "%" PRIu64 " emulated, %" PRIu64 " idle)\n", machine_time(m),
            physical_insns(m), emulated_insns(m), m->idle);
    if (m->assisted > 0)          /* none in the debugger, with a trace */
        fprintf(out, "COP0 assist: %" PRIu64 " of the privileged traps without "
                "an exception\n", m->assisted);
    fprintf(out, "host time: %.3f s\n", host_seconds);
    fprintf(out, "speed: %.1f MIPS (guest instructions per host second)\n",
            host_seconds > 0 ? (double)total / host_seconds / 1e6 : 0.0);
}

/* A JSON string: the kernel path and reasons may hold any byte. */
static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20 || c >= 0x7F)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void json_vm(const struct monitor *m, unsigned id, FILE *out)
{
    struct vm_stats s;
    monitor_vm_stats(m, id, &s);
    uint64_t insns = s.insns_kernel + s.insns_super + s.insns_user;
    fprintf(out, "    {\"vm\": %u, \"kernel\": ", id);
    json_string(out, monitor_vm_kernel(m, id));
    fprintf(out, ", \"stopped\": %s, \"reason\": ",
            monitor_vm_state(m, id) == VM_STOPPED ? "true" : "false");
    json_string(out, monitor_vm_reason(m, id));
    fprintf(out, ", \"exit_code\": %u,\n", (unsigned)monitor_vm_exit_code(m, id));
    fprintf(out, "     \"instructions\": {\"total\": %" PRIu64 ", \"kernel\": %"
            PRIu64 ", \"supervisor\": %" PRIu64 ", \"user\": %" PRIu64
            ", \"direct\": %" PRIu64 ", \"emulated\": %" PRIu64 ", \"idle\": %"
            PRIu64 "},\n", insns, s.insns_kernel, s.insns_super, s.insns_user,
            s.direct_insns, s.emulated_insns, s.idle);
    fprintf(out, "     \"traps\": {");
    for (unsigned k = 0; k < TRAP_NKINDS; k++)
        fprintf(out, "%s\"%s\": %" PRIu64, k ? ", " : "", trap_kind_name(k),
                s.traps[k]);
    fprintf(out, "},\n     \"privileged\": {");
    for (unsigned i = 0; i < MONITOR_NPRIV; i++)
        fprintf(out, "%s\"%s\": %" PRIu64, i ? ", " : "", monitor_priv_name(i),
                s.priv[i]);
    fprintf(out, "},\n     \"reflected\": {");
    const char *sep = "";
    for (unsigned c = 0; c < EXC_NCODES; c++) {
        if (!s.reflected[c])
            continue;
        fprintf(out, "%s\"%s\": %" PRIu64, sep, cpu_exc_name(c), s.reflected[c]);
        sep = ", ";
    }
    fprintf(out, "},\n     \"shadow_fills_per_1000\": %.4f, \"frames\": %" PRIu64
            ", \"host_ns\": %" PRIu64 ", \"ram_digest\": \"%016" PRIx64 "\"}",
            per_thousand(s.traps[TRAP_SHADOW_FILL], insns), s.frames, s.host_ns,
            monitor_vm_digest(m, id));
}

void monitor_write_stats_json(const struct monitor *m, FILE *out,
                              double host_seconds)
{
    fprintf(out, "{\n  \"machine_time\": %" PRIu64 ", \"physical\": %" PRIu64
            ", \"emulated\": %" PRIu64 ", \"assisted\": %" PRIu64
            ", \"idle\": %" PRIu64
            ", \"host_seconds\": %.6f,\n  \"unowned_dirty_pages\": %" PRIu64
            ",\n  \"vms\": [\n", machine_time(m), physical_insns(m),
            emulated_insns(m), m->assisted, m->idle, host_seconds, monitor_unowned_dirty_pages(m));
    for (unsigned id = 1; id <= m->nvms; id++) {
        json_vm(m, id, out);
        fprintf(out, "%s\n", id < m->nvms ? "," : "");
    }
    fprintf(out, "  ]\n}\n");
}
