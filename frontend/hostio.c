/*
 * hostio.c -- stdin to the guest's UART, without ever blocking the CPU.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "hostio.h"

/* Set by SIGINT: the only mutable global, and it lives in the front end. */
static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

void host_catch_sigint(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, NULL);
}

bool host_interrupted(void)
{
    return interrupted != 0;
}

double host_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int idle_pacer_timeout(struct idle_pacer *p, uint64_t insns)
{
    if (p->credit >= insns)
        return 0;
    uint64_t need = insns - p->credit;
    uint64_t ms = (need + IDLE_INSNS_PER_MS - 1) / IDLE_INSNS_PER_MS;
    return ms > 1000 ? 1000 : (int)ms;
}

void idle_pacer_account(struct idle_pacer *p, int timeout_ms, bool slept,
                        uint64_t insns)
{
    if (!slept) {
        p->credit = 0;
        return;
    }
    uint64_t covered = p->credit + (uint64_t)timeout_ms * IDLE_INSNS_PER_MS;
    p->credit = covered > insns ? covered - insns : 0;
    if (p->credit > IDLE_INSNS_PER_MS)
        p->credit = IDLE_INSNS_PER_MS;
}

void hostin_init(struct hostin *h, int fd)
{
    memset(h, 0, sizeof *h);
    h->fd = fd;
    h->open = true;
    h->is_tty = isatty(fd);
    if (h->is_tty && tcgetattr(fd, &h->saved) == 0) {
        struct termios t = h->saved;
        t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);   /* keep ISIG: Ctrl-C works */
        t.c_cc[VMIN] = 1;
        t.c_cc[VTIME] = 0;
        if (tcsetattr(fd, TCSANOW, &t) == 0)
            h->raw = true;
    }
}

void hostin_restore(struct hostin *h)
{
    if (h->raw) {
        tcsetattr(h->fd, TCSANOW, &h->saved);
        h->raw = false;
    }
}

bool hostin_poll(struct hostin *h, int timeout_ms)
{
    if (h->head == h->tail)
        h->head = h->tail = 0;
    if (!h->open || h->tail == sizeof h->buf)
        return h->head != h->tail;
    struct pollfd p = { .fd = h->fd, .events = POLLIN };
    int n = poll(&p, 1, timeout_ms);
    if (n > 0) {
        ssize_t got = read(h->fd, h->buf + h->tail, sizeof h->buf - h->tail);
        if (got > 0)
            h->tail += (size_t)got;
        else if (got == 0 || (errno != EINTR && errno != EAGAIN))
            h->open = false;              /* EOF or a broken stdin */
    }
    return h->head != h->tail;
}

void hostin_feed(struct hostin *h, struct uart16550 *u)
{
    while (h->head < h->tail && uart_rx_push(u, h->buf[h->head]))
        h->head++;
}
