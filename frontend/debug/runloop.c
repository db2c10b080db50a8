/*
 * runloop.c -- running the machine from the prompt, and coming back.
 *
 * `continue`, `step` and `step-trap` all come here.  The machine runs in
 * slices of HOST_SLICE instructions of machine time; between slices the
 * loop does the host's work (typed input to the selected guest, output
 * flushed, the window polled) and decides whether a stop is worth the
 * prompt:
 *   - a breakpoint or watchpoint: always;
 *   - a trap: if a break-trap asks for it (its kind, its VM), or it is the
 *     trap step-trap waits for; a trap only `trace` asks for is narrated in
 *     one line and the run goes on;
 *   - every guest waiting: sleep on the host, or skip ahead to the next
 *     timer when no input can come (as run_vm.c does);
 *   - Ctrl-C (SIGINT: target_request_stop), every guest stopped, a budget
 *     spent: yes.
 * The SIGINT handler needs the target: that pointer, and the flag, are the
 * only globals of the console, and they live only in the front end.
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "debugger.h"

static volatile sig_atomic_t sigint_seen;
static struct target *volatile sigint_target;   /* set while running */

static void on_sigint(int sig)
{
    (void)sig;
    sigint_seen = 1;
    struct target *t = sigint_target;
    if (t)
        target_request_stop(t);
}

void dbg_sigint_install(struct debugger *d)
{
    (void)d;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;          /* no SA_RESTART: poll() returns */
    sigaction(SIGINT, &sa, NULL);
}

bool dbg_sigint_take(void)
{
    if (!sigint_seen)
        return false;
    sigint_seen = 0;
    return true;
}

enum go_mode { GO_RUN, GO_STEP, GO_TRAP };

static void sync_trap_stops(struct debugger *d, enum go_mode mode)
{
    if (!target_is_monitor(d->t))
        return;
    unsigned rows = mode == GO_STEP ? 0 : d->trace_kinds;
    for (unsigned i = 0; i < d->npoints; i++)
        if (d->points[i].type == PT_TRAP)
            rows |= 1u << d->points[i].kind;
    unsigned mask = dbg_trapkind_monitor_mask(rows);
    if (mode == GO_TRAP)
        mask = (1u << TRAP_NKINDS) - 1u;
    target_trap_stop(d->t, 0, mask);
}

void dbg_sync_trap_stops(struct debugger *d)
{
    sync_trap_stops(d, GO_RUN);
}

/* A trap stop: does it go to the prompt?  (Narrates trace-only ones.) */
static bool trap_wanted(struct debugger *d, const struct trap_event *ev,
                        enum go_mode mode)
{
    bool wanted = mode == GO_TRAP && ev->vm == d->vm;
    for (unsigned i = 0; i < d->npoints; i++) {
        struct dbg_point *p = &d->points[i];
        if (p->type == PT_TRAP && p->vm == ev->vm &&
            dbg_trapkind_matches(p->kind, ev)) {
            p->hits++;
            wanted = true;
        }
    }
    if (wanted)
        return true;
    for (unsigned row = 0; row < dbg_trapkind_count(); row++)
        if ((d->trace_kinds & (1u << row)) && dbg_trapkind_matches(row, ev)) {
            dbg_console_flush(d, true);
            if (d->mid_line) {
                fputc('\n', d->out);
                d->mid_line = 0;
            }
            dbg_narrate_trap(d, ev, false);
            break;
        }
    return false;
}

/* A breakpoint typed as PROG:SYMBOL stops only where the guest runs that
 * program: every minikern program is linked at the same addresses. */
static bool in_its_program(struct debugger *d, const struct dbg_point *p,
                           unsigned vm)
{
    const char *what = p->what;
    enum target_space sp = dbg_space_prefix(&what);
    const char *colon = strchr(what, ':');
    if (p->type != PT_BREAK || sp != TARGET_SPACE_VIRT || colon == NULL)
        return true;
    char sym[160], want[80];
    snprintf(want, sizeof want, " <%.*s:", (int)(colon - what), what);
    dbg_symbolize(d, vm, p->addr, sym, sizeof sym);
    return strncmp(sym, want, strlen(want)) == 0;
}

/* A breakpoint or watchpoint stop: false if it is not for here. */
static bool point_hit(struct debugger *d, const struct target_stop *st)
{
    for (unsigned i = 0; i < d->npoints; i++) {
        struct dbg_point *p = &d->points[i];
        if (p->type == PT_TRAP || p->target_id != st->id)
            continue;
        if (!in_its_program(d, p, st->vm))
            return false;
        p->hits++;
    }
    return true;
}

static void feed_input(struct debugger *d)
{
    struct hostin *in = &d->in;
    while (in->head < in->tail) {
        if (target_state(d->t, d->vm) != VM_STOPPED &&
            !target_console_in(d->t, d->vm, in->buf[in->head]))
            return;                     /* FIFO full: later */
        in->head++;                     /* a stopped guest's input is dropped */
    }
}

/* Every guest alive waits.  false: nothing can ever wake them. */
static bool idle(struct debugger *d, uint64_t limit_at)
{
    uint64_t skip = target_insns_to_wake(d->t, d->in.open);
    if (limit_at && skip != UINT64_MAX && target_time(d->t) + skip > limit_at)
        skip = limit_at - target_time(d->t);
    dbg_console_flush(d, d->in.open);
    if (d->in.open || d->ui) {
        int timeout = skip == UINT64_MAX ? 1000 : idle_pacer_timeout(&d->pace, skip);
        if (d->ui && timeout > 20)
            timeout = 20;
        bool input = d->in.open && hostin_poll(&d->in, timeout);
        if (!d->in.open && d->ui)
            d->ui->poll(d->ui, d->t, timeout);
        if (skip != UINT64_MAX)
            idle_pacer_account(&d->pace, timeout, !input, skip);
        if (input) {
            feed_input(d);
            return true;
        }
        if (skip == UINT64_MAX)
            return true;
    }
    if (skip == UINT64_MAX)
        return false;
    target_skip(d->t, skip ? skip : 1);
    return true;
}

/* The window between slices: false if it asks to stop. */
static bool poll_ui(struct debugger *d)
{
    if (d->ui == NULL)
        return true;
    unsigned r = d->ui->poll(d->ui, d->t, 0);
    if (r & UI_QUIT)
        d->quit = true;
    return !(r & (UI_QUIT | UI_PAUSE));
}

static bool limit_reached(struct debugger *d, uint64_t budget_at,
                          struct target_stop *st)
{
    uint64_t now = target_time(d->t);
    if (d->max_insns && now >= d->max_insns) {
        fprintf(d->out, "stopped after %llu instructions (--max-insns)\n",
                (unsigned long long)d->max_insns);
        st->kind = TARGET_STOP_BUDGET;
        return true;
    }
    if (budget_at && now >= budget_at) {
        st->kind = TARGET_STOP_BUDGET;
        return true;
    }
    return false;
}

static uint64_t slice_for(struct debugger *d, uint64_t budget_at)
{
    uint64_t now = target_time(d->t), slice = HOST_SLICE;
    if (budget_at && budget_at - now < slice)
        slice = budget_at - now;
    if (d->max_insns && d->max_insns - now < slice)
        slice = d->max_insns - now;
    return slice;
}

/* One slice and what it means: true when the run should end. */
static bool one_slice(struct debugger *d, enum go_mode mode, unsigned step_vm,
                      uint64_t n, uint64_t budget_at, struct target_stop *st)
{
    if (d->in.open) {
        hostin_poll(&d->in, 0);
        feed_input(d);
    }
    if (limit_reached(d, budget_at, st))
        return true;
    if (mode == GO_STEP)
        target_step(d->t, step_vm, n, st);
    else
        target_run(d->t, slice_for(d, budget_at), st);
    dbg_console_flush(d, false);
    switch (st->kind) {
    case TARGET_STOP_TRAP:
        return trap_wanted(d, &st->event, mode);
    case TARGET_STOP_BREAKPOINT:
    case TARGET_STOP_WATCHPOINT:
        return point_hit(d, st);
    case TARGET_STOP_IDLE:
        if (idle(d, budget_at ? budget_at : d->max_insns)) {
            if (dbg_sigint_take()) {
                st->kind = TARGET_STOP_REQUEST;
                return true;
            }
            return !poll_ui(d);
        }
        fprintf(d->out, "every guest waits for an interrupt that cannot come\n");
        return true;
    case TARGET_STOP_BUDGET:
        if (dbg_sigint_take()) {
            st->kind = TARGET_STOP_REQUEST;
            return true;
        }
        return !poll_ui(d);
    case TARGET_STOP_REQUEST:
        dbg_sigint_take();
        return true;
    default:
        return true;                    /* DONE, STEP */
    }
}

static void go(struct debugger *d, enum go_mode mode, unsigned step_vm,
               uint64_t n, uint64_t budget)
{
    struct target_stop st;
    memset(&st, 0, sizeof st);
    sync_trap_stops(d, mode);
    if (d->input_from_stdin)
        hostin_init(&d->in, STDIN_FILENO);
    if (d->ui)
        d->ui->set_paused(d->ui, false);
    dbg_sigint_take();
    sigint_target = d->t;
    uint64_t budget_at = budget ? target_time(d->t) + budget : 0;
    while (!one_slice(d, mode, step_vm, n, budget_at, &st))
        ;
    sigint_target = NULL;
    if (d->input_from_stdin)
        hostin_restore(&d->in);
    dbg_console_flush(d, true);
    if (d->mid_line) {
        fputc('\n', d->out);
        d->mid_line = 0;
    }
    sync_trap_stops(d, GO_RUN);
    if (d->ui)
        d->ui->set_paused(d->ui, true);
    dbg_report_stop(d, &st);
    fflush(d->out);
}

void dbg_go(struct debugger *d, unsigned step_vm, uint64_t n, uint64_t budget)
{
    go(d, step_vm ? GO_STEP : GO_RUN, step_vm, n, budget);
}

void dbg_step_trap(struct debugger *d)
{
    go(d, GO_TRAP, 0, 0, 0);
}
