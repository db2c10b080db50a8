/*
 * packet.h -- the framing layer of GDB's remote serial protocol.
 *
 * GDB and the stub exchange packets "$payload#cs", where cs is the modulo-256
 * sum of the payload bytes in two hex digits.  The receiver acknowledges each
 * packet with '+' (or '-': send it again) until both sides agree to stop
 * (QStartNoAckMode).  A lone 0x03 byte outside any packet is GDB's Ctrl-C.
 *
 * Why a byte-at-a-time state machine: the bytes come from a socket in
 * whatever pieces TCP delivers, and a hostile client may send anything.
 * Feeding one byte at a time needs no lookahead, never blocks, and bounds
 * memory: a payload longer than GDB_PACKET_MAX is counted but not stored,
 * and reported as oversized once its checksum arrives, so the stub can
 * answer with an error instead of crashing or waiting forever.
 *
 * Binary data (the X packet, qXfer replies) escapes '#', '$', '}' and '*'
 * as '}' followed by the byte XOR 0x20; gdb_unescape/gdb_escape do that.
 */
#ifndef TRAPEZE_GDB_PACKET_H
#define TRAPEZE_GDB_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest payload we accept or send, announced as PacketSize in
 * qSupported.  4096 holds a 'g' reply (72 registers, 576 hex digits) and
 * memory transfers of up to 2 KiB. */
#define GDB_PACKET_MAX 4096

/* What one received byte completed. */
enum gdb_rx_event {
    GDB_RX_NONE = 0,     /* nothing yet */
    GDB_RX_PACKET,       /* a whole packet with a good checksum: rx->buf */
    GDB_RX_BAD_CHECKSUM, /* a whole packet whose checksum is wrong */
    GDB_RX_OVERSIZED,    /* a whole packet longer than GDB_PACKET_MAX */
    GDB_RX_INTERRUPT,    /* 0x03 outside a packet: Ctrl-C */
    GDB_RX_ACK,          /* '+' outside a packet */
    GDB_RX_NAK,          /* '-' outside a packet */
};

enum gdb_rx_state { RX_IDLE, RX_PAYLOAD, RX_CSUM_HI, RX_CSUM_LO };

struct gdb_rx {
    enum gdb_rx_state state;
    char buf[GDB_PACKET_MAX + 1];  /* the payload, NUL-terminated */
    size_t len;                    /* payload bytes stored in buf */
    bool overflow;                 /* more than GDB_PACKET_MAX arrived */
    uint8_t sum;                   /* running checksum of the payload */
    uint8_t csum;                  /* the checksum the sender wrote */
    bool csum_bad;                 /* a checksum digit was not hex */
};

void gdb_rx_init(struct gdb_rx *rx);
/* Feed one byte; returns what it completed. */
enum gdb_rx_event gdb_rx_byte(struct gdb_rx *rx, uint8_t byte);

/* The checksum of len bytes. */
uint8_t gdb_checksum(const void *data, size_t len);

/* Frame payload as "$payload#cs" into out (capacity cap, NUL-terminated).
 * Returns the framed length, or 0 if it does not fit. */
size_t gdb_frame(const char *payload, size_t len, char *out, size_t cap);

/* Decode escaped binary data in place; returns the decoded length, or -1
 * if the data ends in the middle of an escape. */
long gdb_unescape(char *data, size_t len);
/* Escape len bytes into out (capacity cap); returns the escaped length,
 * or -1 if it does not fit. */
long gdb_escape(const void *data, size_t len, char *out, size_t cap);

#endif
