/*
 * gdb_machine.h -- machine time under the GDB stub.
 *
 * While GDB waits for a stop reply, the machine runs in slices of
 * HOST_SLICE instructions; between slices we do the host's work: console
 * input (stdin to vm1) and output (stdout), and a look at the socket for
 * GDB's Ctrl-C.  When every guest waits, time skips to the next timer (at
 * once when stdin can bring nothing, else paced as the headless loops do)
 * while we sleep on stdin and the socket together; a guest that can never
 * wake just waits for GDB.  Guest time is the instruction count, as always:
 * GDB's presence changes when the host looks around, never what the guest
 * sees.
 */
#ifndef TRAPEZE_GDB_MACHINE_H
#define TRAPEZE_GDB_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cli.h"
#include "hostio.h"

struct target;
struct target_stop;
struct gdb_conn;

struct gdb_machine {
    struct target *t;
    unsigned vm;              /* the guest GDB debugs (1) */
    unsigned nguests;
    unsigned line_vm;         /* several guests: whose line is being printed */
    struct hostin in;
    struct idle_pacer pace;
    uint64_t limit;           /* --max-insns (0: none) */
    bool limit_hit;
};

enum machine_end {
    MACHINE_STOPPED,          /* a debug stop or GDB's Ctrl-C: *st says which */
    MACHINE_EXITED,           /* the debugged guest (or every guest) stopped */
    MACHINE_LIMIT,            /* --max-insns reached */
    MACHINE_STUCK,            /* every guest waits for what cannot come */
    MACHINE_LOST,             /* GDB's connection closed while running */
};

struct gdb_machine *gdb_machine_new(const struct run_options *o, char *err,
                                    size_t errlen);
void gdb_machine_free(struct gdb_machine *g);
/* Continue (or step one instruction of g->vm) until something ends it.
 * c: the client to watch for Ctrl-C, or NULL (then only the end of the
 * whole run, the limit or a stuck machine end it). */
enum machine_end gdb_machine_run(struct gdb_machine *g, struct gdb_conn *c,
                                 bool step, struct target_stop *st);
/* The debugged guest's exit code, for GDB's W reply. */
int gdb_machine_guest_code(struct gdb_machine *g);
/* Without GDB: run to the end of the run; returns the exit status. */
int gdb_machine_finish(struct gdb_machine *g);

#endif
