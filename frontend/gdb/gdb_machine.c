/*
 * gdb_machine.c -- machine time under the GDB stub (see gdb_machine.h).
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "conn.h"
#include "gdb_machine.h"
#include "target.h"

/* Guests' console output: stdout, each line prefixed "vmN| " when there
 * are several guests, as in the monitor's headless loop. */
static void console_out(void *opaque, unsigned vm, uint8_t byte)
{
    struct gdb_machine *g = opaque;
    if (g->nguests > 1 && g->line_vm != vm) {
        if (g->line_vm)
            putchar('\n');
        printf("vm%u| ", vm);
        g->line_vm = vm;
    }
    putchar(byte);
    if (byte == '\n')
        g->line_vm = 0;
}

struct gdb_machine *gdb_machine_new(const struct run_options *o, char *err,
                                    size_t errlen)
{
    struct gdb_machine *g = calloc(1, sizeof *g);
    if (g == NULL) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    struct target_callbacks cb = { .console_out = console_out, .opaque = g };
    g->t = target_new(o, &cb, err, errlen);
    if (g->t == NULL) {
        free(g);
        return NULL;
    }
    g->vm = 1;
    g->nguests = target_nguests(g->t);
    g->limit = o->max_insns;
    hostin_init(&g->in, STDIN_FILENO);
    return g;
}

void gdb_machine_free(struct gdb_machine *g)
{
    if (g == NULL)
        return;
    fflush(stdout);
    hostin_restore(&g->in);
    target_free(g->t);
    free(g);
}

/* Console input to the debugged guest, while its UART has room. */
static void feed_input(struct gdb_machine *g)
{
    hostin_poll(&g->in, 0);
    while (g->in.head < g->in.tail) {
        if (target_state(g->t, g->vm) == VM_STOPPED) {
            g->in.head = g->in.tail;     /* nobody to read it */
            break;
        }
        if (!target_console_in(g->t, g->vm, g->in.buf[g->in.head]))
            break;
        g->in.head++;
    }
}

/* Sleep until stdin or the client has something, or timeout_ms passes.
 * Returns true if something arrived. */
static bool wait_host(struct gdb_machine *g, struct gdb_conn *c, int timeout_ms)
{
    struct pollfd p[2];
    nfds_t n = 0;
    if (g->in.open)
        p[n++] = (struct pollfd){ .fd = g->in.fd, .events = POLLIN };
    if (c && c->fd >= 0)
        p[n++] = (struct pollfd){ .fd = c->fd, .events = POLLIN };
    if (n == 0 && timeout_ms < 0)
        return false;
    return poll(p, n, timeout_ms) > 0;
}

/* Every guest waits: let time pass.  false if nothing can ever wake it. */
static bool idle(struct gdb_machine *g, struct gdb_conn *c)
{
    uint64_t wake = target_insns_to_wake(g->t, g->in.open);
    if (wake == UINT64_MAX) {
        if (!g->in.open && c == NULL)
            return false;
        fflush(stdout);
        wait_host(g, c, -1);             /* input, or GDB's Ctrl-C */
        return true;
    }
    if (g->in.open) {                    /* paced, as the headless loops */
        fflush(stdout);
        int timeout = idle_pacer_timeout(&g->pace, wake);
        bool woke = wait_host(g, c, timeout);
        idle_pacer_account(&g->pace, timeout, !woke, wake);
        if (woke)
            return true;
    }
    target_skip(g->t, wake ? wake : 1);
    return true;
}

/* Instructions for the next slice, or 0 once --max-insns is reached. */
static uint64_t slice(struct gdb_machine *g)
{
    uint64_t budget = HOST_SLICE;
    if (g->limit) {
        uint64_t now = target_time(g->t);
        if (now >= g->limit)
            return 0;
        if (g->limit - now < budget)
            budget = g->limit - now;
    }
    return budget;
}

/* A look at the client between slices: Ctrl-C stops, anything else (GDB
 * sends nothing else while the machine runs) is ignored. */
static enum machine_end look_at_client(struct gdb_machine *g,
                                       struct gdb_conn *c,
                                       struct target_stop *st)
{
    enum gdb_conn_event ev = gdb_conn_next(c, 0);
    if (ev == CONN_CLOSED)
        return MACHINE_LOST;
    if (ev != CONN_INTERRUPT)
        return MACHINE_EXITED;           /* meaning: go on */
    st->kind = TARGET_STOP_REQUEST;
    st->vm = g->vm;
    target_reg_read(g->t, g->vm, TARGET_REG_PC, &st->pc);
    return MACHINE_STOPPED;
}

enum machine_end gdb_machine_run(struct gdb_machine *g, struct gdb_conn *c,
                                 bool step, struct target_stop *st)
{
    for (;;) {
        feed_input(g);
        uint64_t budget = slice(g);
        if (budget == 0) {
            g->limit_hit = true;
            return MACHINE_LIMIT;
        }
        if (step)
            target_step(g->t, g->vm, 1, st);
        else
            target_run(g->t, budget, st);
        fflush(stdout);
        if (st->kind == TARGET_STOP_DONE)
            return MACHINE_EXITED;
        if (c && target_state(g->t, g->vm) == VM_STOPPED)
            return MACHINE_EXITED;
        if (c && st->kind != TARGET_STOP_BUDGET && st->kind != TARGET_STOP_IDLE)
            return MACHINE_STOPPED;
        if (c) {
            enum machine_end e = look_at_client(g, c, st);
            if (e != MACHINE_EXITED)
                return e;
        }
        if (st->kind == TARGET_STOP_IDLE && !idle(g, c))
            return MACHINE_STUCK;
    }
}

int gdb_machine_guest_code(struct gdb_machine *g)
{
    if (g->limit_hit)
        return EXIT_MAX_INSNS;
    struct monitor *m = target_monitor(g->t);
    if (m)
        return (int)(monitor_vm_exit_code(m, g->vm) & 0xFF);
    return target_status(g->t);
}

int gdb_machine_finish(struct gdb_machine *g)
{
    struct target_stop st;
    switch (gdb_machine_run(g, NULL, false, &st)) {
    case MACHINE_LIMIT:
        fprintf(stderr, "trapeze: stopped after %llu instructions "
                "(--max-insns); the guest did not power off\n",
                (unsigned long long)g->limit);
        return EXIT_MAX_INSNS;
    case MACHINE_STUCK:
        fprintf(stderr, "trapeze: every guest waits for an interrupt that "
                "can never come\n");
        return EXIT_STUCK;
    default:
        return target_status(g->t);
    }
}
