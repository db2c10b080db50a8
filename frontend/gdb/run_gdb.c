/*
 * run_gdb.c -- the machine under GDB: wait for a client, serve it, and
 * after it detaches let the machine run to its end.
 *
 * The machine starts stopped at reset (PC 0xBFC00000), so the very first
 * instruction can be debugged.  One client at a time:
 *   - GDB detaches (D, or quitting GDB): the machine runs on to completion
 *     and the exit status is the run's, as without --gdb;
 *   - GDB kills (k): the run ends at once with EXIT_GDB_KILLED;
 *   - the debugged guest exits: GDB is told (W), and the machine runs on
 *     to completion (other VMs may still be running);
 *   - the connection drops without either: the machine stays stopped
 *     where it is and we wait for GDB to connect again.
 * While a client is attached, machine time runs in gdb_machine.c.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "conn.h"
#include "gdb_machine.h"
#include "run_gdb.h"
#include "stub.h"
#include "target.h"

enum session_end { SESSION_LOST, SESSION_DETACHED, SESSION_KILLED,
                   SESSION_EXITED };

/* Resume for GDB and send the stop reply; false if the session is over. */
static bool resume(struct gdb_machine *g, struct gdb_conn *c,
                   struct gdb_stub *s, bool step, enum session_end *end)
{
    struct target_stop st;
    struct gdb_reply r;
    switch (gdb_machine_run(g, c, step, &st)) {
    case MACHINE_STOPPED:
        gdb_stub_stop_reply(s, &st, &r);
        gdb_conn_send(c, r.buf, r.len);
        return true;
    case MACHINE_LOST:
        *end = SESSION_LOST;
        return false;
    default:                             /* the debugged guest has ended */
        gdb_stub_exit_reply(s, gdb_machine_guest_code(g), &r);
        gdb_conn_send(c, r.buf, r.len);
        *end = SESSION_EXITED;
        return false;
    }
}

/* Answer packets until the session ends. */
static enum session_end serve(struct gdb_machine *g, struct gdb_conn *c,
                              struct gdb_stub *s)
{
    enum session_end end = SESSION_LOST;
    for (;;) {
        enum gdb_conn_event ev = gdb_conn_next(c, -1);
        if (ev == CONN_CLOSED)
            return SESSION_LOST;
        if (ev != CONN_PACKET)
            continue;                    /* Ctrl-C while stopped: nothing to do */
        struct gdb_reply r;
        enum gdb_action act = gdb_stub_handle(s, c->rx.buf, c->rx.len, &r);
        switch (act) {
        case GDB_ACT_REPLY:
            gdb_conn_send(c, r.buf, r.len);
            c->noack = s->noack;         /* takes effect after its own "OK" */
            break;
        case GDB_ACT_DETACH:
            gdb_conn_send(c, r.buf, r.len);
            return SESSION_DETACHED;
        case GDB_ACT_KILL:
            if (r.len)
                gdb_conn_send(c, r.buf, r.len);
            return SESSION_KILLED;
        case GDB_ACT_CONTINUE:
        case GDB_ACT_STEP:
            if (!resume(g, c, s, act == GDB_ACT_STEP, &end))
                return end;
            break;
        }
    }
}

/* Serve clients until one detaches, kills, or sees the guest exit. */
static enum session_end serve_clients(struct gdb_machine *g, int lfd,
                                      unsigned port)
{
    struct gdb_stub stub;
    for (;;) {
        struct gdb_conn c;
        if (!gdb_accept(lfd, &c, -1))
            continue;
        gdb_stub_init(&stub, g->t, g->vm);
        enum session_end end = serve(g, &c, &stub);
        gdb_stub_clear_points(&stub);
        gdb_conn_close(&c);
        if (end != SESSION_LOST)
            return end;
        fprintf(stderr, "trapeze: gdb disconnected; the machine is stopped; "
                "waiting for gdb on 127.0.0.1:%u\n", port);
    }
}

int run_gdb(const struct run_options *o)
{
    if (o->debug || o->script) {
        fprintf(stderr, "trapeze: --gdb cannot be combined with --debug or "
                "--script (one debugger at a time)\n");
        return EXIT_USAGE;
    }
    char err[512];
    struct gdb_machine *g = gdb_machine_new(o, err, sizeof err);
    if (g == NULL) {
        fprintf(stderr, "trapeze: %s\n", err);
        return EXIT_USAGE;
    }
    int lfd = gdb_listen(o->gdb_port, err, sizeof err);
    if (lfd < 0) {
        fprintf(stderr, "trapeze: --gdb: %s\n", err);
        gdb_machine_free(g);
        return EXIT_USAGE;
    }
    fprintf(stderr, "trapeze: waiting for gdb on 127.0.0.1:%u "
            "(in gdb: target remote :%u)\n", o->gdb_port, o->gdb_port);
    enum session_end end = serve_clients(g, lfd, o->gdb_port);
    close(lfd);
    int status = EXIT_GDB_KILLED;
    if (end != SESSION_KILLED)
        status = gdb_machine_finish(g);
    else
        fprintf(stderr, "trapeze: killed by gdb\n");
    gdb_machine_free(g);
    return status;
}
