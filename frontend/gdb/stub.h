/*
 * stub.h -- GDB's commands, answered against a target.
 *
 * The stub is the protocol's meaning without its transport: it takes one
 * received payload and produces the reply payload, or tells the server to
 * resume the machine (continue, step), detach or end the run.  It never
 * touches a socket, so unit tests drive it directly with any bytes.
 *
 * It debugs one guest (vm 1 under the monitor, the machine when bare),
 * presented to GDB as a single thread.  It remembers which breakpoints and
 * watchpoints GDB inserted (GDB removes them by type, address and kind;
 * the target by id) and the last stop, for '?'.
 */
#ifndef TRAPEZE_GDB_STUB_H
#define TRAPEZE_GDB_STUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "packet.h"

struct target;
struct target_stop;

#define GDB_MAX_POINTS 64
#define GDB_XML_MAX 8192

/* What the server does after a packet. */
enum gdb_action {
    GDB_ACT_REPLY = 0,   /* send the reply (possibly empty: unsupported) */
    GDB_ACT_CONTINUE,    /* resume; the stop reply comes when it stops */
    GDB_ACT_STEP,        /* one instruction of the debugged guest */
    GDB_ACT_DETACH,      /* send the reply ("OK"); the machine runs on */
    GDB_ACT_KILL,        /* no reply; the run ends */
};

/* One breakpoint or watchpoint, as GDB named it. */
struct gdb_point {
    int id;               /* target's id; 0: free slot */
    unsigned type;        /* Z type 0..4 */
    uint32_t addr;
    uint32_t kind;        /* length for watchpoints */
};

struct gdb_stub {
    struct target *t;
    unsigned vm;                       /* the debugged guest */
    bool noack;                        /* QStartNoAckMode agreed */
    struct gdb_point points[GDB_MAX_POINTS];
    char last_stop[64];                /* the reply to '?' */
    char xml[GDB_XML_MAX];             /* target.xml */
    size_t xml_len;
};

struct gdb_reply {
    char buf[GDB_PACKET_MAX + 1];
    size_t len;
};

void gdb_stub_init(struct gdb_stub *s, struct target *t, unsigned vm);
/* Answer one payload (len bytes; binary data may hold NULs; it may be
 * changed in place).  r is filled for GDB_ACT_REPLY and GDB_ACT_DETACH. */
enum gdb_action gdb_stub_handle(struct gdb_stub *s, char *pkt, size_t len,
                                struct gdb_reply *r);
/* The stop reply for a stop of the machine (T.., W..), remembered for '?'. */
void gdb_stub_stop_reply(struct gdb_stub *s, const struct target_stop *st,
                         struct gdb_reply *r);
/* The reply announcing that the debugged guest exited with code. */
void gdb_stub_exit_reply(struct gdb_stub *s, int code, struct gdb_reply *r);
/* Remove every point GDB left inserted (on detach). */
void gdb_stub_clear_points(struct gdb_stub *s);

/* The error replies. */
#define GDB_E_SYNTAX   "E01"   /* malformed arguments */
#define GDB_E_MEMORY   "E02"   /* address not readable/writable */
#define GDB_E_REGISTER "E03"   /* no such register, or not writable */
#define GDB_E_POINT    "E04"   /* breakpoint/watchpoint refused or unknown */
#define GDB_E_TOO_BIG  "E05"   /* a packet longer than PacketSize */
#define GDB_E_CHECKSUM "E06"   /* a bad checksum in no-ack mode */

#endif
