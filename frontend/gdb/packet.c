/*
 * packet.c -- framing, checksums and binary escapes of the remote serial
 * protocol (see packet.h for why it is a byte-at-a-time state machine).
 *
 * The receiver's states:
 *   RX_IDLE     between packets: '$' starts one; '+', '-' and 0x03 are
 *               reported; anything else is line noise and ignored.
 *   RX_PAYLOAD  payload bytes up to '#'.  A '$' here restarts the packet
 *               (the sender gave up on the previous one and resent).
 *   RX_CSUM_HI, RX_CSUM_LO  the two checksum digits.
 */
#include "packet.h"
#include "hex.h"

void gdb_rx_init(struct gdb_rx *rx)
{
    rx->state = RX_IDLE;
    rx->len = 0;
    rx->buf[0] = '\0';
    rx->overflow = false;
    rx->sum = 0;
    rx->csum = 0;
    rx->csum_bad = false;
}

static void start_packet(struct gdb_rx *rx)
{
    gdb_rx_init(rx);
    rx->state = RX_PAYLOAD;
}

static enum gdb_rx_event rx_idle(struct gdb_rx *rx, uint8_t byte)
{
    switch (byte) {
    case '$':  start_packet(rx); return GDB_RX_NONE;
    case '+':  return GDB_RX_ACK;
    case '-':  return GDB_RX_NAK;
    case 0x03: return GDB_RX_INTERRUPT;
    default:   return GDB_RX_NONE;
    }
}

static enum gdb_rx_event rx_payload(struct gdb_rx *rx, uint8_t byte)
{
    if (byte == '$') {
        start_packet(rx);
        return GDB_RX_NONE;
    }
    if (byte == '#') {
        rx->state = RX_CSUM_HI;
        return GDB_RX_NONE;
    }
    rx->sum = (uint8_t)(rx->sum + byte);
    if (rx->len < GDB_PACKET_MAX) {
        rx->buf[rx->len++] = (char)byte;
        rx->buf[rx->len] = '\0';
    } else {
        rx->overflow = true;
    }
    return GDB_RX_NONE;
}

static enum gdb_rx_event rx_checksum(struct gdb_rx *rx, uint8_t byte)
{
    int digit = hex_digit(byte);
    if (digit < 0)
        rx->csum_bad = true;
    rx->csum = (uint8_t)(rx->csum << 4 | (digit < 0 ? 0 : digit));
    if (rx->state == RX_CSUM_HI) {
        rx->state = RX_CSUM_LO;
        return GDB_RX_NONE;
    }
    rx->state = RX_IDLE;
    if (rx->csum_bad || rx->csum != rx->sum)
        return GDB_RX_BAD_CHECKSUM;
    return rx->overflow ? GDB_RX_OVERSIZED : GDB_RX_PACKET;
}

enum gdb_rx_event gdb_rx_byte(struct gdb_rx *rx, uint8_t byte)
{
    switch (rx->state) {
    case RX_IDLE:    return rx_idle(rx, byte);
    case RX_PAYLOAD: return rx_payload(rx, byte);
    default:         return rx_checksum(rx, byte);
    }
}

uint8_t gdb_checksum(const void *data, size_t len)
{
    const uint8_t *p = data;
    uint8_t sum = 0;
    for (size_t i = 0; i < len; i++)
        sum = (uint8_t)(sum + p[i]);
    return sum;
}

size_t gdb_frame(const char *payload, size_t len, char *out, size_t cap)
{
    if (cap < len + 5)                   /* '$' payload '#' cs cs NUL */
        return 0;
    out[0] = '$';
    for (size_t i = 0; i < len; i++)
        out[1 + i] = payload[i];
    uint8_t sum = gdb_checksum(payload, len);
    out[len + 1] = '#';
    out[len + 2] = hex_char(sum >> 4);
    out[len + 3] = hex_char(sum & 15);
    out[len + 4] = '\0';
    return len + 4;
}

long gdb_unescape(char *data, size_t len)
{
    size_t out = 0;
    for (size_t i = 0; i < len; i++) {
        char c = data[i];
        if (c == '}') {
            if (++i == len)
                return -1;
            c = (char)(data[i] ^ 0x20);
        }
        data[out++] = c;
    }
    return (long)out;
}

static bool needs_escape(uint8_t c)
{
    return c == '#' || c == '$' || c == '}' || c == '*';
}

long gdb_escape(const void *data, size_t len, char *out, size_t cap)
{
    const uint8_t *p = data;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        size_t need = needs_escape(p[i]) ? 2 : 1;
        if (n + need > cap)
            return -1;
        if (need == 2) {
            out[n++] = '}';
            out[n++] = (char)(p[i] ^ 0x20);
        } else {
            out[n++] = (char)p[i];
        }
    }
    return (long)n;
}
