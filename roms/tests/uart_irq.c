/*
 * uart_irq.c -- the 16550 UART's interrupts.
 *
 *  - IER reads back; with IER.ETBEI the empty transmitter raises the
 *    interrupt: IIR = 0x02, and reading IIR clears that source (IIR 0x01,
 *    the line drops);
 *  - receive: with IER.ERBFI, Status.IE and the UART's interrupt line
 *    enabled, each arrival of input (uart_irq.input) interrupts; the
 *    handler sees IIR = 0x04 (received data available), drains RBR while
 *    LSR.DR, then IIR = 0x01 (or 0x04 again if another byte has just
 *    arrived: then it drains again); the main program sleeps in `wait`
 *    until two lines have arrived (a periodic timer interrupt on IP7
 *    bounds each wait, and the loop around it is bounded), and echoes
 *    them.
 *    IER = 0 then keeps the line low.
 *
 * The UART's line differs between the boards: IP2 on trapeze (SPEC,
 * board_map.h IRQ_UART), IP4 on QEMU's mipssim (its UART is wired to CPU
 * INT2 = IP4).  This program enables both and reports only that one of
 * them is the UART's; uart_line.c (trapeze only) checks it is IP2.
 * The FIFOs stay off (FCR = 0), so IIR has no FIFO bits.
 */
#include "rt.h"
#include "board_map.h"

#define UART(off) (*(volatile uint8_t *)KSEG1(UART_BASE + (off)))
#define RBR 0
#define IER 1
#define IIR 2
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5

#define LSR_DR 0x01
#define EXC_CODE(c) (((c) >> 2) & 0x1Fu)
#define ST_IE 0x1u
#define UART_LINES 0x1400u      /* Cause/Status bit of IP2 | IP4 */
#define IP7 0x8000u
#define TICK 250000u   /* 41 ms on QEMU; 2.5 ms nominal on trapeze */
#define POLL_LIMIT 2000000u
#define MAXBUF 128

static volatile uint32_t n_int, n_other, first_iir, bad_iir_before, bad_iir_after;
static volatile uint32_t lines_seen, x_vector_bad, x_exl_bad;
static volatile uint32_t n, lines;
static volatile uint8_t buf[MAXBUF];

/* Set Compare = Count + delta, making sure the write happened before Count
 * got there: QEMU's Count follows host time, and a Compare written after
 * Count passed it fires only after Count wraps (minutes).  trapeze never
 * needs a second try. */
static void arm_timer(uint32_t delta)
{
    for (;;) {
        uint32_t start = MFC0(9, 0);
        MTC0(11, 0, start + delta);
        if (MFC0(9, 0) - start < delta)
            return;
        delta *= 2;
    }
}

static void handler(struct rt_frame *f)
{
    uint32_t iir;

    if (EXC_CODE(f->cause) != 0) {
        n_other++;
        f->epc += 4;
        return;
    }
    if (f->cause & IP7) {
        /* The wake-up timer: bounds every `wait`. */
        arm_timer(TICK);
        if (!(f->cause & UART_LINES))
            return;
    }
    if (!(f->cause & UART_LINES)) {
        n_other++;
        return;
    }
    n_int++;
    lines_seen |= f->cause & UART_LINES;
    if (f->vector != 0x180)
        x_vector_bad++;
    if (!(f->status & 2))
        x_exl_bad++;
    iir = UART(IIR);
    if (n_int == 1)
        first_iir = iir;
    if (iir != 0x04)
        bad_iir_before++;
    for (;;) {
        while (UART(LSR) & LSR_DR) {
            uint8_t c = UART(RBR);
            if (n < MAXBUF)
                buf[n++] = c;
            if (c == '\n')
                lines++;
        }
        iir = UART(IIR);
        if (iir == 0x01)
            break;
        /* Only a byte that arrived since the drain may raise it again. */
        if (iir != 0x04 || !(UART(LSR) & LSR_DR)) {
            bad_iir_after++;
            break;
        }
    }
}

int main(void)
{
    uint32_t cause, iir1, iir2, sum = 0, line;

    rt_set_handler(handler);
    UART(FCR) = 0x00;
    UART(LCR) = 0x03;
    UART(MCR) = 0x08;           /* OUT2: lets the interrupt out on a PC */

    rt_puts("== IER and the transmitter-empty interrupt\n");
    UART(IER) = 0x00;
    rt_check("IIR with IER = 0", UART(IIR), 0x01);
    /* Interrupts stay off here: only look at the line in Cause.  Nothing
     * is printed while ETBEI is on: each byte sent raises THRE again. */
    {
        uint32_t ier, cause2;
        UART(IER) = 0x02;       /* ETBEI */
        cause = MFC0(13, 0);
        ier = UART(IER);
        iir1 = UART(IIR);
        iir2 = UART(IIR);
        cause2 = MFC0(13, 0);
        UART(IER) = 0x00;
        line = cause & UART_LINES;
        rt_check("IER after writing 0x02", ier, 0x02);
        rt_check("a UART line (IP2 or IP4) is pending", line == 0x0400 || line == 0x1000, 1);
        rt_check("IIR (THR empty)", iir1, 0x02);
        rt_check("IIR read again (reading IIR cleared it)", iir2, 0x01);
        rt_check("  UART line pending after that", (cause2 & UART_LINES) != 0, 0);
    }
    rt_check("IER after writing 0", UART(IER), 0x00);

    rt_puts("== receive interrupts\n");
    n_int = 0;
    UART(IER) = 0x01;           /* ERBFI */
    arm_timer(TICK);
    MTC0(12, 0, IP7 | UART_LINES | ST_IE);
    for (uint32_t i = 0; i < POLL_LIMIT && lines < 2; i++) {
        if (i < 20000)
            __asm__ __volatile__("wait" : : : "memory");
    }
    MTC0(12, 0, 0);
    MTC0(11, 0, MFC0(9, 0) + 0x40000000u);
    UART(IER) = 0x00;
    rt_check("receive interrupts taken (at least one)", n_int >= 1, 1);
    rt_check("other exceptions", n_other, 0);
    rt_check("the interrupting line was IP2 or IP4, never both", lines_seen == 0x0400 || lines_seen == 0x1000, 1);
    rt_check("  the same line as the transmitter interrupt", lines_seen == line, 1);
    rt_check("vector other than 0x180", x_vector_bad, 0);
    rt_check("Status.EXL clear in handler", x_exl_bad, 0);
    rt_check("IIR at the first interrupt", first_iir, 0x04);
    rt_check("interrupts with IIR != 0x04", bad_iir_before, 0);
    rt_check("IIR != 0x01 after draining (new data aside)", bad_iir_after, 0);
    rt_check("lines received", lines, 2);
    rt_check("bytes received", n, 34);
    for (uint32_t i = 0; i < n; i++)
        sum = sum * 31 + buf[i];
    rt_check("checksum of the bytes", sum, 0xc7dc5620);
    rt_puts("echo: [");
    for (uint32_t i = 0; i < n; i++) {
        if (buf[i] == '\n')
            rt_puts("\\n");
        else
            rt_putc((char)buf[i]);
    }
    rt_puts("]\n");
    rt_check("UART line pending with IER = 0", (MFC0(13, 0) & UART_LINES) != 0, 0);
    rt_check("IIR with IER = 0", UART(IIR), 0x01);

    rt_summary("uart_irq");
}
