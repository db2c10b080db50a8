/*
 * run_vm.c -- `trapeze run --vm a.elf --vm b.elf ...`: the monitor's main
 * loop in the terminal (headless).
 *
 * The monitor runs in slices of machine time; between them this loop does
 * the host's work, as run.c does for the bare machine: console input to
 * the focused VM's UART, output flushed, Ctrl-C noticed.  When every VM
 * still alive waits, it skips machine time to the earliest virtual timer
 * at once if no input can arrive, or sleeps on the host until input comes
 * or that timer is due at a nominal 100 MHz: an idle monitor does not spin.
 *
 * Console output: with one VM, its bytes go to stdout untouched, so its
 * console is byte-identical to the bare machine's.  With several, each
 * line is prefixed "vmN| ".  --console FILE after a --vm also copies that
 * VM's raw output to FILE.  Input goes to vm1; Ctrl-A then a digit moves it.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "hostio.h"
#include "monitor/monitor.h"
#include "run.h"

#define CTRL_A 0x01


#define LINE_MAX_BYTES 1024

/* With several VMs each one's output is collected a line at a time and
 * printed whole with its "vmN| " prefix, so lines never mix mid-way.  A
 * partial line (a shell prompt) is shown when the machine goes idle; if the
 * same VM goes on with it and nobody printed in between, the rest follows
 * on the same terminal line. */
struct vm_console {
    FILE *copy;               /* --console FILE, or NULL */
    char line[LINE_MAX_BYTES];
    size_t len;
    bool shown_partial;       /* line[0..len) is already on the terminal */
};

struct front {
    unsigned nvms;
    struct vm_console con[MONITOR_MAX_VMS];
    unsigned focus;           /* 1-based */
    bool escape;              /* saw Ctrl-A */
    unsigned mid_line;        /* VM whose partial line ends the terminal, or 0 */
    struct idle_pacer pace;   /* the host's sleep while every VM waits */
};

/* Print VM vm's buffered bytes (its prefix first unless continuing). */
static void show_line(struct front *f, unsigned vm, bool complete)
{
    struct vm_console *c = &f->con[vm - 1];
    if (f->mid_line && f->mid_line != vm)
        putchar('\n');                   /* end someone else's partial line */
    if (f->mid_line != vm) {
        printf("vm%u| ", vm);
        if (c->shown_partial)
            printf("...");               /* a continuation, after an interruption */
    }
    fwrite(c->line, 1, c->len, stdout);
    c->len = 0;
    c->shown_partial = !complete;
    f->mid_line = complete ? 0 : vm;
}

static void console_out(void *opaque, unsigned vm, uint8_t byte)
{
    struct front *f = opaque;
    struct vm_console *c = &f->con[vm - 1];
    if (c->copy)
        putc(byte, c->copy);
    if (f->nvms == 1) {
        putchar(byte);                   /* byte-identical to the bare machine */
        return;
    }
    c->line[c->len++] = (char)byte;
    if (byte == '\n' || c->len == sizeof c->line)
        show_line(f, vm, byte == '\n');
}

/* Flush the copies; with partial too, show partial lines (before the
 * host sleeps waiting for someone to type, and at exit). */
static void flush_consoles(struct front *f, bool partial)
{
    for (unsigned vm = 1; vm <= f->nvms; vm++) {
        if (partial && f->nvms > 1 && f->con[vm - 1].len > 0)
            show_line(f, vm, false);
        if (f->con[vm - 1].copy)
            fflush(f->con[vm - 1].copy);
    }
    fflush(stdout);
}

/* Buffered input to the focused VM.  Ctrl-A then a VM's digit moves the
 * focus; Ctrl-A then anything else is sent as typed (so Ctrl-A Ctrl-A
 * sends one Ctrl-A, as in screen(1)). */
static void feed_input(struct front *f, struct hostin *in, struct monitor *m)
{
    while (in->head < in->tail) {
        uint8_t b = in->buf[in->head];
        if (f->escape && b >= '1' && b < '1' + (int)f->nvms) {
            f->escape = false;
            f->focus = (unsigned)(b - '0');
            fprintf(stderr, "\r\ntrapeze: console input now goes to vm%u\r\n",
                    f->focus);
            in->head++;
            continue;
        }
        if (!f->escape && b == CTRL_A) {
            f->escape = true;
            in->head++;
            continue;
        }
        /* A Ctrl-A that turned out not to be an escape goes first. */
        uint8_t send = f->escape && b != CTRL_A ? CTRL_A : b;
        bool stopped = monitor_vm_state(m, f->focus) == VM_STOPPED;
        if (!stopped && !monitor_console_in(m, f->focus, send))
            return;                      /* FIFO full: later */
        if (send == b)                   /* nobody listens to a stopped VM: drop */
            in->head++;
        f->escape = false;
    }
}

/* Every VM alive is waiting: skip or sleep.  False if none can ever wake. */
static bool idle(struct front *f, struct monitor *m, struct hostin *in,
                 uint64_t limit)
{
    uint64_t skip = monitor_insns_to_wake(m, in->open);
    bool alive = false;
    for (unsigned id = 1; id <= monitor_nvms(m); id++)
        alive |= monitor_vm_state(m, id) != VM_STOPPED;
    if (!alive)
        return true;                     /* the loop will see DONE */
    if (limit && skip != UINT64_MAX && monitor_time(m) + skip > limit)
        skip = limit - monitor_time(m);
    flush_consoles(f, in->open);
    if (in->open) {
        int timeout = skip == UINT64_MAX ? 1000 : idle_pacer_timeout(&f->pace, skip);
        bool input = hostin_poll(in, timeout);
        if (skip != UINT64_MAX)
            idle_pacer_account(&f->pace, timeout, !input, skip);
        if (input) {
            feed_input(f, in, m);
            return true;
        }
        if (skip == UINT64_MAX)
            return true;                 /* only input can wake them: look again */
    }
    if (skip == UINT64_MAX)
        return false;
    monitor_skip(m, skip ? skip : 1);
    return true;
}

static void report_stops(struct monitor *m)
{
    for (unsigned id = 1; id <= monitor_nvms(m); id++) {
        const char *why = monitor_vm_reason(m, id);
        if (monitor_vm_state(m, id) != VM_STOPPED)
            fprintf(stderr, "trapeze: vm%u (%s): still running\n", id,
                    monitor_vm_kernel(m, id));
        else if (strncmp(why, "powered off with code 0", 23) != 0 &&
                 strncmp(why, "exited with code 0 ", 19) != 0)
            fprintf(stderr, "trapeze: vm%u (%s): %s\n", id,
                    monitor_vm_kernel(m, id), why);
    }
}

static int open_consoles(struct front *f, const struct run_options *o)
{
    for (unsigned i = 0; i < o->nvms; i++) {
        if (o->vms[i].console == NULL)
            continue;
        f->con[i].copy = fopen(o->vms[i].console, "w");
        if (f->con[i].copy == NULL) {
            fprintf(stderr, "trapeze: --console %s: cannot create the file\n",
                    o->vms[i].console);
            return -1;
        }
    }
    return 0;
}

static void close_consoles(struct front *f)
{
    for (unsigned i = 0; i < f->nvms; i++)
        if (f->con[i].copy)
            fclose(f->con[i].copy);
}

static struct monitor *build(const struct run_options *o, struct front *f)
{
    struct monitor_config mc = {
        .nvms = o->nvms, .tlb_entries = o->tlb_entries,
        .count_divisor = o->count_divisor, .slice = o->slice,
    };
    for (unsigned i = 0; i < o->nvms; i++) {
        mc.vm[i].kernel = o->vms[i].kernel;
        mc.vm[i].args = o->vms[i].args;
        mc.vm[i].ram_mib = o->vms[i].ram_mib;
    }
    struct monitor_callbacks cb = { .console_out = console_out, .opaque = f };
    char err[512];
    struct monitor *m = monitor_new(&mc, &cb, err, sizeof err);
    if (m == NULL)
        fprintf(stderr, "trapeze: %s\n", err);
    return m;
}

/* Opened before the run, so a bad path does not waste it. */
static FILE *open_json(const char *path)
{
    FILE *j = fopen(path, "w");
    if (j == NULL)
        fprintf(stderr, "trapeze: --stats-json %s: cannot create the file\n", path);
    return j;
}

static int write_json(struct monitor *m, FILE *j, const char *path,
                      double seconds)
{
    monitor_write_stats_json(m, j, seconds);
    if (fclose(j) != 0) {
        fprintf(stderr, "trapeze: --stats-json %s: write failed\n", path);
        return -1;
    }
    return 0;
}

/* The loop proper; returns the exit status. */
static int run_loop(struct front *f, struct monitor *m, struct hostin *in,
                    uint64_t limit)
{
    for (;;) {
        hostin_poll(in, 0);
        feed_input(f, in, m);
        uint64_t budget = HOST_SLICE;
        if (limit) {
            if (monitor_time(m) >= limit) {
                fflush(stdout);
                fprintf(stderr, "trapeze: stopped after %llu instructions "
                        "(--max-insns)\n", (unsigned long long)limit);
                return EXIT_MAX_INSNS;
            }
            if (limit - monitor_time(m) < budget)
                budget = limit - monitor_time(m);
        }
        enum monitor_stop why = monitor_run(m, budget);
        fflush(stdout);
        if (host_interrupted()) {
            fprintf(stderr, "\ntrapeze: interrupted after %llu instructions\n",
                    (unsigned long long)monitor_time(m));
            return 130;
        }
        if (why == MONITOR_DONE)
            return monitor_exit_status(m);
        if (why == MONITOR_IDLE && !idle(f, m, in, limit))
            return monitor_exit_status(m) ? monitor_exit_status(m) : EXIT_STUCK;
    }
}

int run_monitor(const struct run_options *o)
{
    struct front f;
    memset(&f, 0, sizeof f);
    f.nvms = o->nvms;
    f.focus = 1;
    if (open_consoles(&f, o) < 0) {
        close_consoles(&f);
        return EXIT_USAGE;
    }
    FILE *json = NULL;
    if (o->stats_json && (json = open_json(o->stats_json)) == NULL) {
        close_consoles(&f);
        return EXIT_USAGE;
    }
    struct monitor *m = build(o, &f);
    if (m == NULL) {
        if (json)
            fclose(json);
        close_consoles(&f);
        return EXIT_USAGE;
    }
    if (o->trace_traps)
        monitor_set_trace(m, stderr);
    if (o->stats || o->stats_json)
        monitor_set_timing(m, true);

    struct hostin in;
    hostin_init(&in, STDIN_FILENO);
    host_catch_sigint();

    double t0 = host_seconds();
    int status = run_loop(&f, m, &in, o->max_insns);
    double seconds = host_seconds() - t0;
    hostin_restore(&in);
    flush_consoles(&f, true);
    if (f.mid_line)
        putchar('\n');
    fflush(stdout);
    report_stops(m);
    if (o->stats)
        monitor_print_stats(m, stderr, seconds);
    if (json && write_json(m, json, o->stats_json, seconds) < 0 && status == 0)
        status = EXIT_USAGE;
    monitor_free(m);
    close_consoles(&f);
    return status;
}
