/*
 * test_gdb_packet.c -- the GDB stub's framing layer and hex parsing:
 * packets, checksums, escapes, and every malformed or oversized input we
 * could think of, plus a long run of random bytes from a fixed seed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "gdb/hex.h"
#include "gdb/packet.h"

/* Feed a string; returns the last event other than NONE (or NONE). */
static enum gdb_rx_event feed(struct gdb_rx *rx, const char *s, size_t n)
{
    enum gdb_rx_event last = GDB_RX_NONE;
    for (size_t i = 0; i < n; i++) {
        enum gdb_rx_event e = gdb_rx_byte(rx, (uint8_t)s[i]);
        if (e != GDB_RX_NONE)
            last = e;
    }
    return last;
}

static enum gdb_rx_event feed_str(struct gdb_rx *rx, const char *s)
{
    return feed(rx, s, strlen(s));
}

static void test_good_packet(void **state)
{
    (void)state;
    static struct gdb_rx rx;
    gdb_rx_init(&rx);
    assert_int_equal(feed_str(&rx, "$g#67"), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "g");
    assert_int_equal(rx.len, 1);
    assert_int_equal(feed_str(&rx, "$m80000000,4#55"), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "m80000000,4");
    /* upper-case checksum digits are accepted too */
    assert_int_equal(feed_str(&rx, "$qC#B4"), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "qC");
    /* an empty packet */
    assert_int_equal(feed_str(&rx, "$#00"), GDB_RX_PACKET);
    assert_int_equal(rx.len, 0);
}

static void test_bad_checksums(void **state)
{
    (void)state;
    static struct gdb_rx rx;
    gdb_rx_init(&rx);
    assert_int_equal(feed_str(&rx, "$g#68"), GDB_RX_BAD_CHECKSUM);
    assert_int_equal(feed_str(&rx, "$g#zz"), GDB_RX_BAD_CHECKSUM);
    assert_int_equal(feed_str(&rx, "$g#6"), GDB_RX_NONE);   /* incomplete */
    assert_int_equal(feed_str(&rx, "x"), GDB_RX_BAD_CHECKSUM);
    /* and the receiver is ready for the next packet */
    assert_int_equal(feed_str(&rx, "$g#67"), GDB_RX_PACKET);
}

static void test_out_of_band_bytes(void **state)
{
    (void)state;
    static struct gdb_rx rx;
    gdb_rx_init(&rx);
    assert_int_equal(gdb_rx_byte(&rx, 0x03), GDB_RX_INTERRUPT);
    assert_int_equal(gdb_rx_byte(&rx, '+'), GDB_RX_ACK);
    assert_int_equal(gdb_rx_byte(&rx, '-'), GDB_RX_NAK);
    assert_int_equal(feed_str(&rx, "noise\r\n#00"), GDB_RX_NONE);
    /* inside a packet, 0x03, '+' and '-' are payload */
    assert_int_equal(feed_str(&rx, "$a+-\x03#"), GDB_RX_NONE);
    char cs[3];
    uint8_t sum = gdb_checksum("a+-\x03", 4);
    snprintf(cs, sizeof cs, "%02x", sum);
    assert_int_equal(feed_str(&rx, cs), GDB_RX_PACKET);
    assert_memory_equal(rx.buf, "a+-\x03", 4);
}

static void test_dollar_restarts(void **state)
{
    (void)state;
    static struct gdb_rx rx;
    gdb_rx_init(&rx);
    assert_int_equal(feed_str(&rx, "$garbage$g#67"), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "g");
}

/* A packet of n payload bytes 'a' with its right checksum. */
static enum gdb_rx_event feed_long(struct gdb_rx *rx, size_t n)
{
    uint8_t sum = 0;
    gdb_rx_byte(rx, '$');
    for (size_t i = 0; i < n; i++) {
        gdb_rx_byte(rx, 'a');
        sum = (uint8_t)(sum + 'a');
    }
    char tail[4];
    snprintf(tail, sizeof tail, "#%02x", sum);
    return feed_str(rx, tail);
}

static void test_size_limits(void **state)
{
    (void)state;
    static struct gdb_rx rx;
    gdb_rx_init(&rx);
    assert_int_equal(feed_long(&rx, GDB_PACKET_MAX), GDB_RX_PACKET);
    assert_int_equal(rx.len, GDB_PACKET_MAX);
    assert_int_equal(rx.buf[GDB_PACKET_MAX], '\0');
    assert_int_equal(feed_long(&rx, GDB_PACKET_MAX + 1), GDB_RX_OVERSIZED);
    assert_int_equal(feed_long(&rx, 10 * GDB_PACKET_MAX), GDB_RX_OVERSIZED);
    assert_true(rx.len <= GDB_PACKET_MAX);
    /* a bad checksum on an oversized packet is still a bad checksum */
    gdb_rx_byte(&rx, '$');
    for (int i = 0; i < GDB_PACKET_MAX + 5; i++)
        gdb_rx_byte(&rx, 'b');
    assert_int_equal(feed_str(&rx, "#00"), GDB_RX_BAD_CHECKSUM);
    assert_int_equal(feed_str(&rx, "$g#67"), GDB_RX_PACKET);
}

static void test_frame(void **state)
{
    (void)state;
    char out[16];
    assert_int_equal(gdb_frame("OK", 2, out, sizeof out), 6);
    assert_string_equal(out, "$OK#9a");
    assert_int_equal(gdb_frame("", 0, out, sizeof out), 4);
    assert_string_equal(out, "$#00");
    assert_int_equal(gdb_frame("0123456789ab", 12, out, sizeof out), 0);
    assert_int_equal(gdb_frame("0123456789a", 11, out, sizeof out), 15);
    /* what we frame, we receive */
    static struct gdb_rx rx;
    gdb_rx_init(&rx);
    assert_int_equal(feed_str(&rx, out), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "0123456789a");
}

static void test_escapes(void **state)
{
    (void)state;
    uint8_t all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (uint8_t)i;
    char esc[512];
    long n = gdb_escape(all, sizeof all, esc, sizeof esc);
    assert_int_equal(n, 256 + 4);         /* # $ } * escaped */
    for (long i = 0; i < n; i++) {
        if (esc[i] == '}') {
            i++;
            continue;
        }
        assert_true(esc[i] != '#' && esc[i] != '$' && esc[i] != '*');
    }
    assert_int_equal(gdb_unescape(esc, (size_t)n), 256);
    assert_memory_equal(esc, all, 256);
    char trailing[] = "ab}";
    assert_int_equal(gdb_unescape(trailing, 3), -1);
    char twice[] = "}]}\x03";
    assert_int_equal(gdb_unescape(twice, 4), 2);
    assert_int_equal((uint8_t)twice[0], '}');
    assert_int_equal((uint8_t)twice[1], '#');
    assert_int_equal(gdb_escape("}}", 2, esc, 3), -1);   /* no room */
    assert_int_equal(gdb_escape("}}", 2, esc, 4), 4);
}

static void test_hex_numbers(void **state)
{
    (void)state;
    const char *p;
    uint64_t v;
    p = "0";
    assert_true(hex_u64(&p, &v) && v == 0 && *p == '\0');
    p = "ffffffffffffffff,";
    assert_true(hex_u64(&p, &v) && v == UINT64_MAX && *p == ',');
    p = "1ffffffffffffffff";                 /* 17 digits: overflow */
    assert_false(hex_u64(&p, &v));
    p = "0000000000000000000000001A";        /* leading zeros are fine */
    assert_true(hex_u64(&p, &v) && v == 0x1A);
    p = "";
    assert_false(hex_u64(&p, &v));
    p = "g";
    assert_false(hex_u64(&p, &v));
    p = ",4";
    assert_false(hex_u64(&p, &v));

    uint32_t a;
    p = "c0010000";
    assert_true(hex_addr(&p, &a) && a == 0xC0010000u);
    p = "ffffffffc0010000";                  /* sign-extended kseg address */
    assert_true(hex_addr(&p, &a) && a == 0xC0010000u);
    p = "100000000";
    assert_false(hex_addr(&p, &a));
    p = "ffffffff7fffffff";
    assert_false(hex_addr(&p, &a));

    char out[9] = { 0 };
    hex_le32(0x12345678u, out);
    assert_string_equal(out, "78563412");
    uint32_t w;
    assert_true(unhex_le32("78563412", &w) && w == 0x12345678u);
    assert_false(unhex_le32("7856341g", &w));
    assert_false(unhex_le32("785634", &w));  /* NUL is not a digit */
    uint8_t b[2];
    assert_false(hex_decode("0x", 1, b));
    assert_int_equal(hex_digit('F'), 15);
    assert_int_equal(hex_digit('G'), -1);
}

/* A fixed-seed generator, so a failure can be reproduced. */
static uint32_t next_random(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void test_random_bytes(void **state)
{
    (void)state;
    static struct gdb_rx rx;
    gdb_rx_init(&rx);
    uint32_t seed = 0x7261707a;
    unsigned events[GDB_RX_NAK + 1] = { 0 };
    for (int i = 0; i < 2000000; i++) {
        uint32_t r = next_random(&seed);
        /* mostly noise, with the protocol's special bytes made common */
        static const uint8_t special[] = { '$', '#', '+', '-', 0x03, '}' };
        uint8_t b = (r & 0x300) ? (uint8_t)r : special[(r >> 16) % 6];
        enum gdb_rx_event e = gdb_rx_byte(&rx, b);
        assert_true(e <= GDB_RX_NAK);
        events[e]++;
        assert_true(rx.len <= GDB_PACKET_MAX);
        assert_int_equal(rx.buf[rx.len], '\0');
    }
    assert_true(events[GDB_RX_BAD_CHECKSUM] > 0);
    assert_true(events[GDB_RX_INTERRUPT] > 0);
    /* after all that, a good packet still gets through */
    assert_int_equal(feed_str(&rx, "#00$g#67"), GDB_RX_PACKET);
    assert_string_equal(rx.buf, "g");
}

/* Random payloads, framed by gdb_frame, arrive intact between noise. */
static void test_random_packets(void **state)
{
    (void)state;
    static struct gdb_rx rx;
    gdb_rx_init(&rx);
    uint32_t seed = 12345;
    static char payload[GDB_PACKET_MAX + 1];
    static char framed[GDB_PACKET_MAX + 8];
    for (int round = 0; round < 2000; round++) {
        size_t n = next_random(&seed) % 300;
        for (size_t i = 0; i < n; i++) {
            char c;
            do
                c = (char)(next_random(&seed) & 0xFF);
            while (c == '$' || c == '#');
            payload[i] = c;
        }
        size_t len = gdb_frame(payload, n, framed, sizeof framed);
        assert_int_equal(len, n + 4);
        feed_str(&rx, "+-noise");
        assert_int_equal(feed(&rx, framed, len), GDB_RX_PACKET);
        assert_int_equal(rx.len, n);
        assert_memory_equal(rx.buf, payload, n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_packet),
        cmocka_unit_test(test_bad_checksums),
        cmocka_unit_test(test_out_of_band_bytes),
        cmocka_unit_test(test_dollar_restarts),
        cmocka_unit_test(test_size_limits),
        cmocka_unit_test(test_frame),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_hex_numbers),
        cmocka_unit_test(test_random_bytes),
        cmocka_unit_test(test_random_packets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
