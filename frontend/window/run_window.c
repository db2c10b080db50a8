/*
 * run_window.c -- `trapeze run` with a window and no debugger.
 *
 * The same loop as the headless ones (run.c, run_vm.c), with the window in
 * place of the terminal: machine time runs in slices of HOST_SLICE
 * instructions, and between slices the window is polled (events, keys to
 * the focused guest, redraw).  When every guest waits, machine time skips
 * to the next timer while the window sleeps in SDL_WaitEventTimeout for
 * the paced time (see idle() below): a key wakes it at once, and idle
 * guests cost next to no CPU.  F5 pauses (the window sleeps until a key), F10
 * steps the focused guest while paused.
 *
 * When every guest has halted the window stays open, so their last words
 * can be read; a key or closing the window ends the run.  The exit status
 * is the headless one (the first non-zero power-off code), 124 at
 * --max-insns, 130 on Ctrl-C in the terminal.
 */
#include <stdio.h>
#include <string.h>
#include "hostio.h"
#include "run.h"
#include "target.h"
#include "window.h"

struct loop {
    struct window *w;
    struct ui *ui;
    struct target *t;
    FILE *copy[CLI_MAX_VMS];         /* --console FILE per VM */
    uint64_t credit;                 /* machine time already slept for */
    bool paused, quit;
    uint64_t limit;                  /* --max-insns, or 0 */
};

static void console_out(void *opaque, unsigned vm, uint8_t byte)
{
    struct loop *l = opaque;
    if (vm >= 1 && vm <= CLI_MAX_VMS && l->copy[vm - 1])
        putc(byte, l->copy[vm - 1]);
    l->ui->console_out(l->ui, vm, byte);
}

/* What the window's keys asked for. */
static void obey(struct loop *l, unsigned what)
{
    if (what & UI_QUIT)
        l->quit = true;
    if (what & (UI_PAUSE | UI_RESUME)) {
        l->paused = (what & UI_PAUSE) != 0;
        l->ui->set_paused(l->ui, l->paused);
    }
    if ((what & UI_STEP) && l->paused) {
        struct target_stop st;
        target_step(l->t, l->ui->focus(l->ui), 1, &st);
    }
}

/* The next point where machine time must stop: --max-insns or a
 * screenshot; the budget and the idle skip are cut there. */
static uint64_t cut(const struct loop *l, uint64_t insns)
{
    uint64_t now = target_time(l->t);
    uint64_t at = window_next_shot_at(l->w);
    if (l->limit && l->limit < at)
        at = l->limit;
    if (at != UINT64_MAX && (at <= now || at - now < insns))
        insns = at > now ? at - now : 0;
    return insns;
}

static void flush_copies(struct loop *l)
{
    for (unsigned i = 0; i < CLI_MAX_VMS; i++)
        if (l->copy[i])
            fflush(l->copy[i]);
}

/* Every guest alive waits: sleep in the window, then skip to the timer.
 * The window's pacing is idle_pacer's (hostio.h) with a coarser grain: it
 * sleeps at least IDLE_SLEEP_MS at a time and then lets the guests take
 * that many milliseconds of timer ticks without sleeping, so the host
 * wakes a hundred times a second, not at every tick.  Typing still wakes
 * it at once: SDL_WaitEventTimeout returns on the key. */
#define IDLE_SLEEP_MS 10
static void idle(struct loop *l)
{
    flush_copies(l);
    uint64_t skip = cut(l, target_insns_to_wake(l->t, true));
    if (skip != UINT64_MAX && l->credit >= skip) {
        l->credit -= skip;
        target_skip(l->t, skip ? skip : 1);
        return;
    }
    int timeout = 1000;
    if (skip != UINT64_MAX) {
        uint64_t ms = (skip - l->credit + IDLE_INSNS_PER_MS - 1) / IDLE_INSNS_PER_MS;
        timeout = ms < IDLE_SLEEP_MS ? IDLE_SLEEP_MS : ms > 1000 ? 1000 : (int)ms;
    }
    unsigned what = l->ui->poll(l->ui, l->t, timeout);
    obey(l, what);
    if ((what & UI_INPUT) || l->paused || skip == UINT64_MAX) {
        l->credit = 0;                   /* the guest runs again first */
        return;
    }
    uint64_t covered = l->credit + (uint64_t)timeout * IDLE_INSNS_PER_MS;
    l->credit = covered > skip ? covered - skip : 0;
    if (l->credit > (uint64_t)IDLE_SLEEP_MS * IDLE_INSNS_PER_MS)
        l->credit = (uint64_t)IDLE_SLEEP_MS * IDLE_INSNS_PER_MS;
    target_skip(l->t, skip ? skip : 1);
}

/* All halted: keep showing them until a key or the window is closed. */
static void linger(struct loop *l)
{
    while (!l->quit && !host_interrupted()) {
        unsigned what = l->ui->poll(l->ui, l->t, 1000);
        if (what & (UI_QUIT | UI_INPUT))
            return;
    }
}

static int loop(struct loop *l)
{
    for (;;) {
        obey(l, l->ui->poll(l->ui, l->t, l->paused ? 250 : 0));
        window_shot_due(l->w, l->t);
        if (l->quit)
            return target_status(l->t);
        if (host_interrupted()) {
            fprintf(stderr, "\ntrapeze: interrupted after %llu instructions\n",
                    (unsigned long long)target_time(l->t));
            return 130;
        }
        if (l->paused)
            continue;
        if (l->limit && target_time(l->t) >= l->limit) {
            fprintf(stderr, "trapeze: stopped after %llu instructions "
                    "(--max-insns)\n", (unsigned long long)l->limit);
            return EXIT_MAX_INSNS;
        }
        struct target_stop st;
        uint64_t budget = cut(l, HOST_SLICE);
        if (budget == 0)
            continue;                    /* a screenshot is due first */
        target_run(l->t, budget, &st);
        if (st.kind == TARGET_STOP_DONE) {
            l->ui->poll(l->ui, l->t, 1);  /* show the halted titles */
            window_shot_due(l->w, l->t);
            linger(l);
            return target_status(l->t);
        }
        if (st.kind == TARGET_STOP_IDLE)
            idle(l);
    }
}

static bool open_copies(struct loop *l, const struct run_options *o)
{
    for (unsigned i = 0; i < o->nvms; i++) {
        if (o->vms[i].console == NULL)
            continue;
        l->copy[i] = fopen(o->vms[i].console, "w");
        if (l->copy[i] == NULL) {
            fprintf(stderr, "trapeze: --console %s: cannot create the file\n",
                    o->vms[i].console);
            return false;
        }
    }
    return true;
}

static void close_copies(struct loop *l)
{
    for (unsigned i = 0; i < CLI_MAX_VMS; i++)
        if (l->copy[i])
            fclose(l->copy[i]);
}

int run_window(const struct run_options *o)
{
    char err[512];
    struct loop l;
    memset(&l, 0, sizeof l);
    l.limit = o->max_insns;
    l.w = window_new(o, err, sizeof err);
    if (l.w == NULL) {
        fprintf(stderr, "trapeze: %s; using the terminal\n", err);
        return o->nvms ? run_monitor(o) : run_bare(o);
    }
    l.ui = window_ui(l.w);
    int status = EXIT_USAGE;
    struct target_callbacks cb = { .console_out = console_out, .opaque = &l };
    if (open_copies(&l, o) && (l.t = target_new(o, &cb, err, sizeof err)) == NULL)
        fprintf(stderr, "trapeze: %s\n", err);
    if (l.t) {
        struct monitor *m = target_monitor(l.t);
        if (m && o->trace_traps)
            monitor_set_trace(m, stderr);
        if (m && o->stats)
            monitor_set_timing(m, true);
        host_catch_sigint();
        double t0 = host_seconds();
        status = loop(&l);
        if (m && o->stats)
            monitor_print_stats(m, stderr, host_seconds() - t0);
        target_free(l.t);
    }
    close_copies(&l);
    window_free(l.w);
    return status;
}
