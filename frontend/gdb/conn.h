/*
 * conn.h -- one GDB client on a TCP socket: listening on 127.0.0.1,
 * receiving packets with acknowledgements, sending replies.
 *
 * The protocol's reliability layer lives here: each good packet is acked
 * with '+', a bad checksum with '-' (GDB resends), and a '-' from GDB makes
 * us resend our last packet, until no-ack mode is agreed.  Packets that
 * cannot be answered normally (oversized, or a bad checksum once acks are
 * off) are answered here with an error, so the stub only ever sees good
 * payloads.
 */
#ifndef TRAPEZE_GDB_CONN_H
#define TRAPEZE_GDB_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "packet.h"

struct gdb_conn {
    int fd;                        /* -1 once the client has gone */
    bool noack;
    struct gdb_rx rx;
    uint8_t in[4096];              /* received, not yet parsed */
    size_t head, tail;
    char last[GDB_PACKET_MAX + 8]; /* our last framed packet, for '-' */
    size_t last_len;
};

/* A socket listening on 127.0.0.1:port; -1 with a message in err. */
int gdb_listen(unsigned port, char *err, size_t errlen);
/* Wait for a client (timeout_ms -1: forever); false on timeout/error. */
bool gdb_accept(int listen_fd, struct gdb_conn *c, int timeout_ms);
void gdb_conn_close(struct gdb_conn *c);

enum gdb_conn_event {
    CONN_NOTHING = 0,    /* no complete packet within the timeout */
    CONN_PACKET,         /* c->rx.buf holds c->rx.len payload bytes */
    CONN_INTERRUPT,      /* Ctrl-C */
    CONN_CLOSED,         /* the client went away */
};
/* Wait up to timeout_ms (0: just look, -1: forever) for the next event. */
enum gdb_conn_event gdb_conn_next(struct gdb_conn *c, int timeout_ms);
/* Frame and send a reply payload. */
void gdb_conn_send(struct gdb_conn *c, const char *payload, size_t len);

#endif
