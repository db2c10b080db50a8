/*
 * console.c -- the 16550 UART as the console: output, input, line editing.
 *
 * Output is polled: write a byte to THR when LSR says the transmitter is
 * empty.  Every '\n' goes out as "\r\n", as a terminal wants.
 *
 * Input is interrupt-driven.  The UART raises IP2 while its receive FIFO
 * holds data; console_intr() moves the bytes into `rx`, a ring buffer, and
 * wakes any process sleeping in console_read().  The FIFO holds only 16
 * bytes, so it must be drained promptly; the ring holds much more.
 *
 * Line discipline ("cooked mode"): a process reading the console gets one
 * whole line at a time, which the user can edit before pressing Enter:
 *   Backspace or DEL   erase the last character ("\b \b" on the screen)
 *   Ctrl-U             erase the whole line
 *   Enter (\r or \n)   end the line; the reader gets it with a '\n'
 *   Ctrl-D             end of file: on an empty line, read() returns 0
 * Each character is echoed as it is taken into the line.  The editing is
 * done when a process reads, not in the interrupt handler: text typed ahead
 * waits in `rx` and is echoed when a program asks for it, so a scripted
 * session reads like a typed one (the command appears after the prompt).
 *
 * A terminal sends "\r" for Enter, a file has "\n", some send "\r\n": a
 * '\n' straight after a '\r' is dropped, so each counts as one line end.
 */
#include "kernel.h"

/* UART registers (byte offsets); DLL/DLM while LCR.DLAB = 1. */
enum { RBR = 0, THR = 0, DLL = 0, IER = 1, DLM = 1, FCR = 2, LCR = 3, MCR = 4, LSR = 5 };
#define UART(reg)      (*(volatile uint8_t *)(UART_VA + (reg)))
#define LSR_DR         0x01     /* receive data ready */
#define LSR_THRE       0x20     /* transmit holding register empty */
#define IER_RX         0x01     /* interrupt when data is received */
#define LCR_8N1        0x03     /* 8 data bits, no parity, 1 stop bit */
#define LCR_DLAB       0x80     /* divisor latch access */
#define FCR_FIFO       0x01     /* enable the FIFOs */
#define MCR_DTR_RTS_OUT2 0x0B

#define CTRL(c)        ((c) - '@')

/* Raw input, filled by the interrupt handler. */
#define RX_SIZE 1024
static struct {
    char buf[RX_SIZE];
    unsigned head;          /* index of the oldest byte */
    unsigned count;
} rx;

/* The line being edited; a reader takes it once it is complete. */
#define LINE_MAX 128
static struct {
    char buf[LINE_MAX];
    int len;                /* bytes in buf */
    int taken;              /* bytes already handed to readers */
    bool done;              /* ended by Enter or Ctrl-D: readers may take it */
    bool last_was_cr;
} line;

/* ---- output ---------------------------------------------------------- */

static void uart_putc(char c)
{
    while (!(UART(LSR) & LSR_THRE))
        ;
    UART(THR) = (uint8_t)c;
}

void console_putc(char c)
{
    if (c == '\n')
        uart_putc('\r');
    uart_putc(c);
}

void console_write(const char *buf, int n)
{
    for (int i = 0; i < n; i++)
        console_putc(buf[i]);
}

/* ---- input ------------------------------------------------------------ */

/* Move everything in the UART's FIFO into the ring (dropping what does not
 * fit). */
static void uart_drain(void)
{
    while (UART(LSR) & LSR_DR) {
        char c = (char)UART(RBR);
        if (rx.count < RX_SIZE) {
            rx.buf[(rx.head + rx.count) % RX_SIZE] = c;
            rx.count++;
        }
    }
}

void console_init(void)
{
    UART(IER) = 0;
    UART(LCR) = LCR_8N1;        /* DLAB=0: offset 0 is the receive buffer */
    /* The host may have typed before we got here.  Enabling the FIFOs
     * empties them, so keep what is already there first. */
    uart_drain();
    UART(LCR) = LCR_DLAB;
    UART(DLL) = 1;              /* 115200 baud (the emulator ignores it) */
    UART(DLM) = 0;
    UART(LCR) = LCR_8N1;
    UART(FCR) = FCR_FIFO;
    UART(MCR) = MCR_DTR_RTS_OUT2;
    UART(IER) = IER_RX;         /* Status.IM2 is turned on by timer_init */
}

/* IP2: the UART has data. */
void console_intr(void)
{
    uart_drain();
    wakeup(&rx);
}

static char rx_get(void)
{
    char c = rx.buf[rx.head];
    rx.head = (rx.head + 1) % RX_SIZE;
    rx.count--;
    return c;
}

static void erase_char(void)
{
    line.len--;
    console_write("\b \b", 3);
}

/* Take one typed character into the line. */
static void edit(char c)
{
    bool after_cr = line.last_was_cr;
    line.last_was_cr = (c == '\r');

    switch (c) {
    case '\n':
        if (after_cr)
            return;             /* the \n of a \r\n pair */
        /* fall through */
    case '\r':
        line.buf[line.len++] = '\n';    /* there is always room for it */
        console_putc('\n');
        line.done = true;
        break;
    case '\b':
    case 0x7F:
        if (line.len > 0)
            erase_char();
        break;
    case CTRL('U'):
        while (line.len > 0)
            erase_char();
        break;
    case CTRL('D'):
        line.done = true;       /* an empty line means end of file */
        break;
    default:
        if (c >= ' ' && c < 0x7F && line.len < LINE_MAX - 1) {
            line.buf[line.len++] = c;
            console_putc(c);
        }
        break;                  /* other control characters are ignored */
    }
}

/* Read up to n bytes of the next line into buf (a kernel buffer).  Sleeps
 * until a whole line has been typed.  Returns the number of bytes, 0 at
 * end of file. */
int console_read(char *buf, int n)
{
    while (!line.done) {
        while (rx.count == 0)
            sleep_on(&rx);
        edit(rx_get());
    }
    int avail = line.len - line.taken;
    if (n > avail)
        n = avail;
    memcpy(buf, line.buf + line.taken, (size_t)n);
    line.taken += n;
    if (line.taken == line.len) {       /* all taken: start a new line */
        line.len = 0;
        line.taken = 0;
        line.done = false;
    }
    return n;
}
