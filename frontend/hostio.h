/*
 * hostio.h -- the host side of the console: stdin into the UART.
 *
 * Input is read without blocking into a small buffer and handed to the
 * UART's receive FIFO as it has room, between slices of instructions.  When
 * stdin is a terminal it is put in non-canonical, no-echo mode (the guest
 * echoes, as a real serial line), and restored at exit.
 */
#ifndef TRAPEZE_HOSTIO_H
#define TRAPEZE_HOSTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <termios.h>
#include "devices/uart16550.h"

struct hostin {
    int fd;
    bool open;                /* false after EOF or an error */
    bool is_tty;
    bool raw;                 /* terminal settings changed; restore them */
    struct termios saved;
    uint8_t buf[4096];
    size_t head, tail;        /* buffered bytes are buf[head..tail) */
};

void hostin_init(struct hostin *h, int fd);
void hostin_restore(struct hostin *h);
/* Wait up to timeout_ms (0: just look, -1: forever) for input and read what
 * is there.  Returns true if bytes are buffered afterwards. */
bool hostin_poll(struct hostin *h, int timeout_ms);
/* Move buffered bytes into the UART while its FIFO has room. */
void hostin_feed(struct hostin *h, struct uart16550 *u);

/* ---- shared by the bare machine's loop (run.c) and the monitor's
 * (run_vm.c) ---- */
#define HOST_SLICE 100000u          /* instructions between looks at the host */
#define IDLE_INSNS_PER_MS 100000u   /* nominal speed while idle: 100 MHz */

/* The host's sleep while every guest waits for its timer, paced at the
 * nominal idle speed.  poll() sleeps whole milliseconds, rounded up (a
 * tick under 1 ms away must still sleep, or an idle guest would spin the
 * host and race its clock ahead), so one sleep usually covers more machine
 * time than the skip it paces.  The surplus is kept as credit, at most a
 * millisecond's worth, and the next skips spend it without sleeping: two
 * VMs whose ticks fall 0.3 ms apart wake the host once per millisecond, not
 * twice.  Only the host's sleeping changes; machine time still advances
 * timer to timer, exactly as much as without the credit. */
struct idle_pacer {
    uint64_t credit;          /* machine time already slept for, in insns */
};
/* How long to sleep before skipping `insns` (0 if the credit covers it;
 * at most a second, so Ctrl-C is noticed). */
int idle_pacer_timeout(struct idle_pacer *p, uint64_t insns);
/* After that sleep: slept is false if input cut it short (no skip then,
 * and the credit is gone); true if it ran out and `insns` are skipped. */
void idle_pacer_account(struct idle_pacer *p, int timeout_ms, bool slept,
                        uint64_t insns);

/* Ctrl-C: host_catch_sigint() installs the handler; host_interrupted()
 * says whether it has fired. */
void host_catch_sigint(void);
bool host_interrupted(void);

/* A monotonic clock in seconds, for statistics only (never guest time). */
double host_seconds(void);

#endif
