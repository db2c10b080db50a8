/*
 * run.c -- `trapeze run kernel.elf`: the bare machine's main loop.
 *
 * The CPU runs in slices of HOST_SLICE instructions.  Between slices the front
 * end does the host's work: console input into the UART, console output
 * flushed, Ctrl-C noticed.  When the guest executes `wait`, the loop either
 * skips ahead to the next timer interrupt (instantly, when no more input can
 * arrive: runs with input from a file are therefore deterministic) or, while
 * stdin is still open, sleeps on the host until input arrives or the timer
 * is due at a nominal 100 MHz, so an idle guest costs no host CPU.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "hostio.h"
#include "machine.h"
#include "run.h"



static void print_stats(struct cpu *cpu, double seconds)
{
    struct cpu_stats s;
    cpu_get_stats(cpu, &s);
    uint64_t total = s.insns_by_mode[0] + s.insns_by_mode[1] + s.insns_by_mode[2];
    fprintf(stderr, "trapeze: statistics\n");
    fprintf(stderr, "instructions: %llu (kernel %llu, supervisor %llu, user %llu)\n",
            (unsigned long long)total, (unsigned long long)s.insns_by_mode[0],
            (unsigned long long)s.insns_by_mode[1], (unsigned long long)s.insns_by_mode[2]);
    fprintf(stderr, "idle: %llu instructions' worth of time in wait\n",
            (unsigned long long)s.idle);
    fprintf(stderr, "exceptions:");
    bool any = false;
    for (unsigned i = 0; i < EXC_NCODES; i++) {
        if (s.exceptions[i]) {
            fprintf(stderr, " %s %llu", cpu_exc_name(i), (unsigned long long)s.exceptions[i]);
            any = true;
        }
    }
    fprintf(stderr, "%s\n", any ? "" : " none");
    fprintf(stderr, "tlb refills: %llu\n", (unsigned long long)s.tlb_refills);
    fprintf(stderr, "host time: %.3f s\n", seconds);
    fprintf(stderr, "speed: %.1f MIPS (guest instructions per host second)\n",
            seconds > 0 ? total / seconds / 1e6 : 0.0);
}

/* What can end a `wait`: returns false if nothing ever can. */
static bool handle_wait(struct machine *m, struct hostin *in,
                        struct idle_pacer *pace, uint64_t limit)
{
    struct cpu *cpu = m->cpu;
    uint32_t st = cpu_cp0_read(cpu, CP0_STATUS, 0);
    bool enabled = (st & ST_IE) && !(st & (ST_EXL | ST_ERL));
    bool timer = enabled && (st & (1u << (ST_IM_SHIFT + IRQ_TIMER)));
    bool uart = enabled && (st & (1u << (ST_IM_SHIFT + IRQ_UART))) && in->open;
    uint64_t skip = cpu_insns_to_timer(cpu);
    if (limit && cpu_icount(cpu) + skip > limit)
        skip = limit - cpu_icount(cpu);

    if (!timer && !uart)
        return false;
    fflush(m->console);
    if (uart) {
        int timeout = -1;
        if (timer)
            timeout = idle_pacer_timeout(pace, skip);
        bool input = hostin_poll(in, timeout);
        if (timer)
            idle_pacer_account(pace, timeout, !input, skip);
        if (input) {
            hostin_feed(in, board_uart(m->board));
            return true;
        }
        if (!timer)
            return true;            /* poll returned (EOF, signal): look again */
    }
    cpu_skip_idle(cpu, skip ? skip : 1);
    return true;
}

int run_bare(const struct run_options *o)
{
    char err[512];
    struct machine_config mc = {
        .ram_mib = o->ram_mib, .tlb_entries = o->tlb_entries,
        .count_divisor = o->count_divisor, .kernel = o->kernel,
        .args = o->args, .console = stdout,
    };
    struct machine *m = machine_new(&mc, err, sizeof err);
    if (m == NULL) {
        fprintf(stderr, "trapeze: %s\n", err);
        return EXIT_USAGE;
    }
    cpu_set_trace(m->cpu, o->trace, stderr);
    if (o->trace_mmio)
        bus_set_mmio_trace(board_bus(m->board), stderr);

    struct hostin in;
    hostin_init(&in, STDIN_FILENO);
    struct idle_pacer pace = { 0 };
    host_catch_sigint();

    double t0 = host_seconds();
    int status = -1;
    uint64_t limit = o->max_insns;
    while (status < 0) {
        hostin_poll(&in, 0);
        hostin_feed(&in, board_uart(m->board));
        uint64_t budget = HOST_SLICE;
        if (limit) {
            if (cpu_icount(m->cpu) >= limit) {
                fflush(stdout);
                fprintf(stderr, "trapeze: stopped after %llu instructions "
                        "(--max-insns); the guest did not power off\n",
                        (unsigned long long)limit);
                status = EXIT_MAX_INSNS;
                break;
            }
            if (limit - cpu_icount(m->cpu) < budget)
                budget = limit - cpu_icount(m->cpu);
        }
        enum cpu_stop why = cpu_run(m->cpu, budget);
        if (host_interrupted()) {
            fflush(stdout);
            fprintf(stderr, "\ntrapeze: interrupted at pc %08x after %llu instructions\n",
                    cpu_get_pc(m->cpu), (unsigned long long)cpu_icount(m->cpu));
            status = 130;
        } else if (m->powered_off) {
            status = (int)(m->exit_code & 0xFF);
        } else if (why == CPU_STOP_HALT) {
            status = (int)(cpu_exit_code(m->cpu) & 0xFF);
        } else if (why == CPU_STOP_WAIT && !handle_wait(m, &in, &pace, limit)) {
            fflush(stdout);
            fprintf(stderr, "trapeze: the guest executed wait at pc %08x with no "
                    "interrupt that could wake it (Status %08x)\n",
                    cpu_get_pc(m->cpu) - 4, cpu_cp0_read(m->cpu, CP0_STATUS, 0));
            status = EXIT_STUCK;
        }
        fflush(stdout);
    }
    double t1 = host_seconds();
    hostin_restore(&in);
    if (o->stats)
        print_stats(m->cpu, t1 - t0);
    machine_free(m);
    return status;
}
