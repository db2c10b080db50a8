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

/* How long an idle machine may sleep before a timer `insns` instructions
 * away is due, at the nominal idle speed: rounded up (a tick under 1 ms
 * away must still sleep, or an idle guest would spin the host and race its
 * clock ahead), at most a second so Ctrl-C is noticed. */
int host_idle_timeout_ms(uint64_t insns);

/* Ctrl-C: host_catch_sigint() installs the handler; host_interrupted()
 * says whether it has fired. */
void host_catch_sigint(void);
bool host_interrupted(void);

/* A monotonic clock in seconds, for statistics only (never guest time). */
double host_seconds(void);

#endif
