/*
 * conn.c -- the client socket and the acknowledgement layer (see conn.h).
 *
 * All reads are non-blocking after poll(); all writes loop until done and
 * use MSG_NOSIGNAL, so a client that vanishes mid-reply shows up as
 * CONN_CLOSED rather than killing us with SIGPIPE.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "conn.h"
#include "stub.h"

int gdb_listen(unsigned port, char *err, size_t errlen)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        snprintf(err, errlen, "socket: %s", strerror(errno));
        return -1;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 1) < 0) {
        snprintf(err, errlen, "cannot listen on 127.0.0.1:%u: %s", port,
                 strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

bool gdb_accept(int listen_fd, struct gdb_conn *c, int timeout_ms)
{
    struct pollfd p = { .fd = listen_fd, .events = POLLIN };
    if (poll(&p, 1, timeout_ms) <= 0)
        return false;
    int fd = accept(listen_fd, NULL, NULL);
    if (fd < 0)
        return false;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    memset(c, 0, sizeof *c);
    c->fd = fd;
    gdb_rx_init(&c->rx);
    return true;
}

void gdb_conn_close(struct gdb_conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
}

static void send_raw(struct gdb_conn *c, const char *data, size_t len)
{
    while (c->fd >= 0 && len > 0) {
        ssize_t n = send(c->fd, data, len, MSG_NOSIGNAL);
        if (n > 0) {
            data += n;
            len -= (size_t)n;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd p = { .fd = c->fd, .events = POLLOUT };
            if (poll(&p, 1, 5000) <= 0)   /* a client that never reads */
                gdb_conn_close(c);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            gdb_conn_close(c);
        }
    }
}

void gdb_conn_send(struct gdb_conn *c, const char *payload, size_t len)
{
    c->last_len = gdb_frame(payload, len, c->last, sizeof c->last);
    send_raw(c, c->last, c->last_len);
}

/* Read what the socket has; false when the client has gone. */
static bool fill(struct gdb_conn *c, int timeout_ms)
{
    if (c->fd < 0)
        return false;
    if (c->head == c->tail)
        c->head = c->tail = 0;
    if (c->tail == sizeof c->in)
        return true;                     /* parse what we have first */
    struct pollfd p = { .fd = c->fd, .events = POLLIN };
    int r = poll(&p, 1, timeout_ms);
    if (r < 0)
        return errno == EINTR;
    if (r == 0)
        return true;
    ssize_t n = recv(c->fd, c->in + c->tail, sizeof c->in - c->tail, 0);
    if (n > 0) {
        c->tail += (size_t)n;
        return true;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return true;
    gdb_conn_close(c);
    return false;
}

/* A completed frame: acknowledge it and say whether the stub gets it. */
static bool accept_frame(struct gdb_conn *c, enum gdb_rx_event ev)
{
    if (ev == GDB_RX_BAD_CHECKSUM) {
        if (c->noack)
            gdb_conn_send(c, GDB_E_CHECKSUM, 3);
        else
            send_raw(c, "-", 1);
        return false;
    }
    if (!c->noack)
        send_raw(c, "+", 1);
    if (ev == GDB_RX_OVERSIZED) {
        gdb_conn_send(c, GDB_E_TOO_BIG, 3);
        return false;
    }
    return true;
}

/* Parse buffered bytes up to the next event. */
static enum gdb_conn_event parse(struct gdb_conn *c)
{
    while (c->head < c->tail) {
        enum gdb_rx_event ev = gdb_rx_byte(&c->rx, c->in[c->head++]);
        switch (ev) {
        case GDB_RX_NONE:
        case GDB_RX_ACK:
            break;
        case GDB_RX_NAK:
            if (!c->noack && c->last_len)
                send_raw(c, c->last, c->last_len);
            break;
        case GDB_RX_INTERRUPT:
            return CONN_INTERRUPT;
        default:
            if (accept_frame(c, ev))
                return CONN_PACKET;
            break;
        }
    }
    return CONN_NOTHING;
}

enum gdb_conn_event gdb_conn_next(struct gdb_conn *c, int timeout_ms)
{
    enum gdb_conn_event ev = parse(c);
    if (ev != CONN_NOTHING)
        return ev;
    if (timeout_ms >= 0)                 /* one look, however much arrives */
        return fill(c, timeout_ms) ? parse(c) : CONN_CLOSED;
    for (;;) {
        if (!fill(c, -1))
            return CONN_CLOSED;
        ev = parse(c);
        if (ev != CONN_NOTHING)
            return ev;
    }
}
