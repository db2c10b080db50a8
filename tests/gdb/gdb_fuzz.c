/*
 * gdb_fuzz.c -- a hostile GDB client: malformed, oversized and random
 * packets against a running `trapeze run --gdb PORT`, checking that every
 * packet gets a proper answer and the stub is still alive at the end.
 *
 * usage: gdb_fuzz PORT [SEED]      exit status 0: every check passed
 *
 * The random packets never resume, kill, detach or write anything (those
 * are the commands whose first letter is in NOT_RANDOM), so the machine is
 * where it was at the end and a normal GDB session can follow.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define NOT_RANDOM "cCsSkDvGPMXZzQiIRrtTA!bB"
#define MAX_REPLY 70000

static int fails;

static void check(int ok, const char *what, const char *detail)
{
    if (!ok) {
        fails++;
        printf("FAIL %s: %s\n", what, detail);
    }
}

static void send_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n <= 0) {
            printf("FAIL send: %s\n", strerror(errno));
            exit(1);
        }
        p += n;
        len -= (size_t)n;
    }
}

/* One send per packet (with TCP_NODELAY): pieces would meet Nagle's
 * algorithm and delayed acks, 40 ms a round trip. */
static void send_packet(int fd, const char *payload, size_t len)
{
    static char buf[32000];
    uint8_t sum = 0;
    if (len + 4 > sizeof buf)
        exit(2);
    buf[0] = '$';
    memcpy(buf + 1, payload, len);
    for (size_t i = 0; i < len; i++)
        sum = (uint8_t)(sum + (uint8_t)payload[i]);
    snprintf(buf + 1 + len, 4, "#%02x", sum);
    send_all(fd, buf, len + 4);
}

/* One byte, or -1 after 10 seconds of silence (a hung stub). */
static int get_byte(int fd)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    if (poll(&p, 1, 10000) <= 0)
        return -1;
    uint8_t b;
    return recv(fd, &b, 1, 0) == 1 ? b : -1;
}

/* Read the next reply packet, skipping acks; acks it.  Returns its length,
 * or -1 if the stub hung up or went silent; *nak set if a '-' came first. */
static long get_reply(int fd, char *out, int *nak)
{
    int c;
    if (nak)
        *nak = 0;
    while ((c = get_byte(fd)) != '$') {
        if (c < 0)
            return -1;
        if (c == '-' && nak) {
            *nak = 1;
            return 0;
        }
    }
    long n = 0;
    uint8_t sum = 0;
    while ((c = get_byte(fd)) != '#') {
        if (c < 0 || n >= MAX_REPLY - 1)
            return -1;
        out[n++] = (char)c;
        sum = (uint8_t)(sum + c);
    }
    out[n] = '\0';
    char cs[3] = { 0 };
    for (int i = 0; i < 2; i++) {
        if ((c = get_byte(fd)) < 0)
            return -1;
        cs[i] = (char)c;
    }
    check(strtoul(cs, NULL, 16) == sum, "reply checksum", out);
    send_all(fd, "+", 1);
    return n;
}

static char reply[MAX_REPLY];

/* Send a packet and expect an error reply (or, with empty_ok, the empty
 * "unsupported" reply). */
static void expect_error(int fd, const char *payload, int empty_ok)
{
    send_packet(fd, payload, strlen(payload));
    long n = get_reply(fd, reply, NULL);
    int ok = n > 0 ? reply[0] == 'E' && n == 3 : n == 0 && empty_ok;
    char detail[200];
    snprintf(detail, sizeof detail, "'%.60s' -> '%.60s' (%ld)", payload, reply, n);
    check(ok, "error reply", detail);
}

static const char *const malformed[] = {
    "m", "mzz,4", "m80000000", "m80000000,", "m80000000,4x", "m,4",
    "m80000000,0", "m1ffffffffffffffff,4", "m100000000,4",
    "M80000000,4:zz", "M80000000,4:0011", "M80000000,1:00zz", "M80000000",
    "X80000000,4:ab", "X80000000,ffffffff:", "X80000000,2:}",
    "p", "p999", "pzz", "p25x", "P", "P0", "P0=12", "P0=1234567z", "P99=00000000",
    "G", "G1234", "Gzzzzzzzz",
    "Z", "Z9,80000000,4", "Z0,80000000", "Z0,,4", "Z0,80000000,0",
    "Z2,80000000,4x", "z0,80000000,4", "z5,80000000,4",
    "qXfer:features:read:foo.xml:0,10", "qXfer:features:read:target.xml:zz",
    "qXfer:features:read:target.xml:0", "c12345678912345678", "cxyz",
    "C", "Czz", "S1ff", "s1,", "vCont;x", "vCont;", "vCont;Czz",
    "Tzz", "T2",
};
static const char *const unsupported[] = {
    "", "qFoo", "vFooBar", "j", "qRcmd,", "!", "qC1", "gg", "QFoo:1",
};

static uint32_t next_random(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void random_packets(int fd, uint32_t seed, int rounds)
{
    static char pkt[6000];
    static char detail[160];
    for (int r = 0; r < rounds; r++) {
        /* noise between packets: never '$' (it would start a packet whose
         * reply we would not wait for) nor 0x03 */
        int noise = (int)(next_random(&seed) % 8);
        for (int i = 0; i < noise; i++) {
            char b = (char)next_random(&seed);
            if (b != '$' && b != 0x03 && b != '-')
                send_all(fd, &b, 1);
        }
        size_t len = next_random(&seed) % 5000;
        for (size_t i = 0; i < len; i++) {
            char b;
            do
                b = (char)next_random(&seed);
            while (b == '$' || b == '#');
            pkt[i] = b;
        }
        if (len > 0 && strchr(NOT_RANDOM, pkt[0]))
            pkt[0] = 'q';
        if (len > 0 && pkt[0] == '\0')
            pkt[0] = 'q';
        int corrupt = next_random(&seed) % 10 == 0;
        if (corrupt) {                   /* a wrong checksum: expect '-' */
            static char bad[6000];
            bad[0] = '$';
            memcpy(bad + 1, pkt, len);
            memcpy(bad + 1 + len, "#zz", 3);
            send_all(fd, bad, len + 4);
        } else {
            send_packet(fd, pkt, len);
        }
        int nak;
        long n = get_reply(fd, reply, &nak);
        snprintf(detail, sizeof detail, "round %d, %zu bytes, first %02x, "
                 "reply '%.20s' (%ld)", r, len, len ? (uint8_t)pkt[0] : 0,
                 reply, n);
        check(n >= 0, "answered random packet", detail);
        if (n < 0)
            exit(1);
        if (corrupt)
            check(nak, "nak for a bad checksum", detail);
        else if (len > 4096)
            check(n == 3 && strcmp(reply, "E05") == 0, "oversized -> E05", detail);
    }
}

static int connect_to(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0 ||
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0) {
        printf("FAIL connect to port %d: %s\n", port, strerror(errno));
        exit(1);
    }
    return fd;
}

static void expect_reply(int fd, const char *payload, const char *prefix,
                         long len)
{
    send_packet(fd, payload, strlen(payload));
    long n = get_reply(fd, reply, NULL);
    char detail[200];
    snprintf(detail, sizeof detail, "'%s' -> '%.80s' (%ld)", payload, reply, n);
    check(n >= 0 && strncmp(reply, prefix, strlen(prefix)) == 0 &&
          (len < 0 || n == len), "reply", detail);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    int port = atoi(argv[1]);
    uint32_t seed = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 0) : 0x6764627a;
    int fd = connect_to(port);

    expect_reply(fd, "qSupported:multiprocess+;swbreak+", "PacketSize=1000;", -1);
    for (size_t i = 0; i < sizeof malformed / sizeof *malformed; i++)
        expect_error(fd, malformed[i], 0);
    for (size_t i = 0; i < sizeof unsupported / sizeof *unsupported; i++)
        expect_error(fd, unsupported[i], 1);

    /* an oversized packet is acked and refused */
    static char big[20000];
    memset(big, 'm', sizeof big - 1);      /* and a NUL: it is a string */
    expect_error(fd, big, 0);

    /* a bad checksum is nak'ed, and the stub resends on our nak */
    send_all(fd, "$?#00", 5);
    int nak;
    get_reply(fd, reply, &nak);
    check(nak, "nak for $?#00", reply);
    send_all(fd, "$?#3f", 5);
    int c;
    while ((c = get_byte(fd)) == '+')
        ;
    check(c == '$', "reply to ?", "");
    send_all(fd, "-", 1);                 /* ask for it again */
    long n = get_reply(fd, reply, NULL);
    check(n > 0 && reply[0] == 'T', "resent reply after '-'", reply);

    /* binary noise, Ctrl-C while stopped, stray acks (not naks: a nak
     * rightly makes the stub send its last reply again) */
    send_all(fd, "\x03\x03++\xff\x00\x7d", 7);

    random_packets(fd, seed, 3000);

    /* still alive, and still right */
    expect_reply(fd, "?", "T05", -1);
    expect_reply(fd, "g", "", 72 * 8);
    expect_reply(fd, "p25", "0000c0bf", 8);     /* pc = 0xbfc00000 */
    expect_reply(fd, "mbfc00000,4", "", 8);
    /* target.xml is longer than one reply: the first part, then the end */
    expect_reply(fd, "qXfer:features:read:target.xml:0,ffff", "m<?xml", -1);
    expect_reply(fd, "qXfer:features:read:target.xml:ffff,10", "l", 1);
    expect_reply(fd, "QStartNoAckMode", "OK", 2);
    /* in no-ack mode a bad checksum gets an error reply */
    send_all(fd, "$g#00", 5);
    n = get_reply(fd, reply, NULL);
    check(n == 3 && strcmp(reply, "E06") == 0, "no-ack bad checksum -> E06", reply);
    expect_reply(fd, "p25", "0000c0bf", 8);
    close(fd);
    printf("%s: %d failures\n", fails ? "FAIL" : "ok", fails);
    return fails ? 1 : 0;
}
