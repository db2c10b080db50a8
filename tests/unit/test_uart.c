/*
 * test_uart.c -- the 16550A console UART (devices/uart16550.c).
 *
 * Each test builds a fresh chip with callbacks that record what the chip
 * told the outside world: the bytes it transmitted and every change of its
 * interrupt line.  Registers are reached through the bus ops, exactly as
 * the CPU reaches them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "devices/uart16550.h"

#define MAX_LOG 256

struct harness {
    struct uart16550 *uart;
    uint8_t tx[MAX_LOG];
    unsigned ntx;
    bool irq_changes[MAX_LOG];   /* every level reported, in order */
    unsigned nirq;
};

static void record_tx(void *opaque, uint8_t byte)
{
    struct harness *h = opaque;
    if (h->ntx < MAX_LOG)
        h->tx[h->ntx++] = byte;
}

static void record_irq(void *opaque, bool level)
{
    struct harness *h = opaque;
    if (h->nirq < MAX_LOG)
        h->irq_changes[h->nirq++] = level;
}

static int setup(void **state)
{
    struct harness *h = calloc(1, sizeof *h);
    assert_non_null(h);
    struct uart_callbacks cb = { record_tx, record_irq, h };
    h->uart = uart_new(&cb);
    assert_non_null(h->uart);
    *state = h;
    return 0;
}

static int teardown(void **state)
{
    struct harness *h = *state;
    uart_free(h->uart);
    free(h);
    return 0;
}

static uint8_t rd(struct harness *h, uint32_t reg)
{
    uint32_t v = uart_bus_ops()->read(h->uart, reg, 1);
    assert_true(v <= 0xFF);
    return (uint8_t)v;
}

static void wr(struct harness *h, uint32_t reg, uint8_t value)
{
    uart_bus_ops()->write(h->uart, reg, value, 1);
}

/* The level the chip last reported (low if it never reported). */
static bool irq_line(const struct harness *h)
{
    return h->nirq ? h->irq_changes[h->nirq - 1] : false;
}

/* ---- reset state and plain registers ---------------------------------- */

static void test_reset_state(void **state)
{
    struct harness *h = *state;
    assert_int_equal(rd(h, UART_IER), 0);
    assert_int_equal(rd(h, UART_IIR), UART_IIR_NONE);
    assert_int_equal(rd(h, UART_LCR), 0);
    assert_int_equal(rd(h, UART_MCR), 0);
    assert_int_equal(rd(h, UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
    assert_int_equal(rd(h, UART_MSR), 0xB0);   /* DCD | DSR | CTS */
    assert_int_equal(rd(h, UART_SCR), 0);
    assert_int_equal(rd(h, UART_RBR), 0);      /* empty FIFO reads 0 */
    assert_int_equal(h->nirq, 0);              /* never raised */
    assert_int_equal(uart_rx_room(h->uart), UART_FIFO_SIZE);
}

static void test_scratch_register(void **state)
{
    struct harness *h = *state;
    wr(h, UART_SCR, 0xA5);
    assert_int_equal(rd(h, UART_SCR), 0xA5);
    wr(h, UART_SCR, 0x5A);
    assert_int_equal(rd(h, UART_SCR), 0x5A);
}

static void test_ier_keeps_low_nibble(void **state)
{
    struct harness *h = *state;
    wr(h, UART_IER, 0xFF);
    assert_int_equal(rd(h, UART_IER), 0x0F);
}

static void test_lcr_and_mcr_read_back(void **state)
{
    struct harness *h = *state;
    wr(h, UART_LCR, 0x1B);      /* 8 data bits, 1 stop, even parity */
    assert_int_equal(rd(h, UART_LCR), 0x1B);
    wr(h, UART_MCR, 0xFF);      /* only the low 5 bits exist */
    assert_int_equal(rd(h, UART_MCR), 0x1F);
}

static void test_lsr_msr_ignore_writes(void **state)
{
    struct harness *h = *state;
    wr(h, UART_LSR, 0x00);
    wr(h, UART_MSR, 0x00);
    assert_int_equal(rd(h, UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
    assert_int_equal(rd(h, UART_MSR), 0xB0);
}

/* ---- data path ---------------------------------------------------------- */

static void test_thr_write_transmits(void **state)
{
    struct harness *h = *state;
    wr(h, UART_THR, 'h');
    wr(h, UART_THR, 'i');
    assert_int_equal(h->ntx, 2);
    assert_memory_equal(h->tx, "hi", 2);
    assert_int_equal(rd(h, UART_LSR) & (UART_LSR_THRE | UART_LSR_TEMT),
                     UART_LSR_THRE | UART_LSR_TEMT);
}

static void test_receive_in_order(void **state)
{
    struct harness *h = *state;
    assert_true(uart_rx_push(h->uart, 'a'));
    assert_true(uart_rx_push(h->uart, 'b'));
    assert_int_equal(uart_rx_room(h->uart), UART_FIFO_SIZE - 2);
    assert_int_equal(rd(h, UART_LSR) & UART_LSR_DR, UART_LSR_DR);
    assert_int_equal(rd(h, UART_RBR), 'a');
    assert_int_equal(rd(h, UART_LSR) & UART_LSR_DR, UART_LSR_DR);
    assert_int_equal(rd(h, UART_RBR), 'b');
    assert_int_equal(rd(h, UART_LSR) & UART_LSR_DR, 0);
    assert_int_equal(uart_rx_room(h->uart), UART_FIFO_SIZE);
}

static void test_fifo_full_refuses(void **state)
{
    struct harness *h = *state;
    for (unsigned i = 0; i < UART_FIFO_SIZE; i++)
        assert_true(uart_rx_push(h->uart, (uint8_t)('A' + i)));
    assert_int_equal(uart_rx_room(h->uart), 0);
    assert_false(uart_rx_push(h->uart, '!'));
    /* Refusing is not an overrun: nothing was lost. */
    assert_int_equal(rd(h, UART_LSR) & UART_LSR_OE, 0);
    for (unsigned i = 0; i < UART_FIFO_SIZE; i++)
        assert_int_equal(rd(h, UART_RBR), 'A' + i);
    assert_true(uart_rx_push(h->uart, '!'));       /* room again */
    assert_int_equal(rd(h, UART_RBR), '!');
}

static void test_fifo_wraps_around(void **state)
{
    struct harness *h = *state;
    for (unsigned round = 0; round < 3; round++) {
        for (unsigned i = 0; i < 10; i++)
            assert_true(uart_rx_push(h->uart, (uint8_t)(round * 10 + i)));
        for (unsigned i = 0; i < 10; i++)
            assert_int_equal(rd(h, UART_RBR), round * 10 + i);
    }
}

/* ---- divisor latch ------------------------------------------------------ */

static void test_dlab_switches_offsets_0_and_1(void **state)
{
    struct harness *h = *state;
    wr(h, UART_IER, UART_IER_ERBFI);
    wr(h, UART_LCR, UART_LCR_DLAB | 0x03);
    wr(h, UART_DLL, 0x0C);          /* 9600 baud at 1.8432 MHz */
    wr(h, UART_DLM, 0x00);
    assert_int_equal(h->ntx, 0);    /* the DLL write did not transmit */
    assert_int_equal(rd(h, UART_DLL), 0x0C);
    assert_int_equal(rd(h, UART_DLM), 0x00);
    wr(h, UART_DLM, 0x12);
    assert_int_equal(rd(h, UART_DLM), 0x12);

    /* With DLAB set, reading offset 0 does not consume received data. */
    assert_true(uart_rx_push(h->uart, 'x'));
    assert_int_equal(rd(h, UART_DLL), 0x0C);

    wr(h, UART_LCR, 0x03);
    assert_int_equal(rd(h, UART_IER), UART_IER_ERBFI);   /* IER untouched */
    assert_int_equal(rd(h, UART_RBR), 'x');
    wr(h, UART_THR, 'y');
    assert_int_equal(h->ntx, 1);
    assert_int_equal(h->tx[0], 'y');

    /* The latch kept its value. */
    wr(h, UART_LCR, UART_LCR_DLAB);
    assert_int_equal(rd(h, UART_DLL), 0x0C);
    assert_int_equal(rd(h, UART_DLM), 0x12);
}

/* ---- FCR and IIR FIFO bits --------------------------------------------- */

static void test_fcr_sets_iir_fifo_bits(void **state)
{
    struct harness *h = *state;
    assert_int_equal(rd(h, UART_IIR) & 0xC0, 0x00);
    wr(h, UART_FCR, 0x01);
    assert_int_equal(rd(h, UART_IIR), 0xC0 | UART_IIR_NONE);
    wr(h, UART_FCR, 0x00);
    assert_int_equal(rd(h, UART_IIR), UART_IIR_NONE);
}

static void test_fcr_clear_rx(void **state)
{
    struct harness *h = *state;
    wr(h, UART_FCR, 0x01);
    assert_true(uart_rx_push(h->uart, '1'));
    assert_true(uart_rx_push(h->uart, '2'));
    wr(h, UART_FCR, 0x01 | 0x04);            /* clear TX only: RX stays */
    assert_int_equal(uart_rx_room(h->uart), UART_FIFO_SIZE - 2);
    wr(h, UART_FCR, 0x01 | 0x02);            /* clear RX */
    assert_int_equal(uart_rx_room(h->uart), UART_FIFO_SIZE);
    assert_int_equal(rd(h, UART_LSR) & UART_LSR_DR, 0);
    assert_int_equal(rd(h, UART_IIR) & 0xC0, 0xC0);  /* still enabled */
}

static void test_fcr_enable_toggle_clears_rx(void **state)
{
    struct harness *h = *state;
    assert_true(uart_rx_push(h->uart, '1'));
    wr(h, UART_FCR, 0x01);                   /* off -> on */
    assert_int_equal(rd(h, UART_LSR) & UART_LSR_DR, 0);
    assert_true(uart_rx_push(h->uart, '2'));
    wr(h, UART_FCR, 0x01);                   /* on -> on: kept */
    assert_int_equal(rd(h, UART_LSR) & UART_LSR_DR, UART_LSR_DR);
    wr(h, UART_FCR, 0x00);                   /* on -> off */
    assert_int_equal(rd(h, UART_LSR) & UART_LSR_DR, 0);
}

/* ---- interrupts --------------------------------------------------------- */

static void test_rda_interrupt(void **state)
{
    struct harness *h = *state;
    assert_true(uart_rx_push(h->uart, 'q'));
    assert_int_equal(h->nirq, 0);            /* not enabled: no interrupt */
    assert_int_equal(rd(h, UART_IIR), UART_IIR_NONE);

    wr(h, UART_IER, UART_IER_ERBFI);
    assert_int_equal(h->nirq, 1);
    assert_true(irq_line(h));
    assert_int_equal(rd(h, UART_IIR), UART_IIR_RDA);
    assert_int_equal(rd(h, UART_IIR), UART_IIR_RDA);   /* IIR read: no ack */
    assert_int_equal(h->nirq, 1);

    assert_int_equal(rd(h, UART_RBR), 'q');            /* draining acks it */
    assert_int_equal(h->nirq, 2);
    assert_false(irq_line(h));
    assert_int_equal(rd(h, UART_IIR), UART_IIR_NONE);
}

static void test_rda_level_reported_once(void **state)
{
    struct harness *h = *state;
    wr(h, UART_IER, UART_IER_ERBFI);
    assert_int_equal(h->nirq, 0);
    for (int i = 0; i < 5; i++)
        assert_true(uart_rx_push(h->uart, (uint8_t)i));
    assert_int_equal(h->nirq, 1);            /* one rise for five bytes */
    for (int i = 0; i < 4; i++)
        rd(h, UART_RBR);
    assert_int_equal(h->nirq, 1);            /* still data: still high */
    rd(h, UART_RBR);
    assert_int_equal(h->nirq, 2);
    assert_false(h->irq_changes[1]);
    rd(h, UART_RBR);                         /* empty read: no change */
    assert_int_equal(h->nirq, 2);
}

static void test_thre_interrupt_on_enable(void **state)
{
    struct harness *h = *state;
    wr(h, UART_IER, UART_IER_ETBEI);         /* THR is empty: fires */
    assert_int_equal(h->nirq, 1);
    assert_true(irq_line(h));
    assert_int_equal(rd(h, UART_IIR), UART_IIR_THRE);  /* acks it */
    assert_false(irq_line(h));
    assert_int_equal(h->nirq, 2);
    assert_int_equal(rd(h, UART_IIR), UART_IIR_NONE);

    /* Writing IER again with ETBEI still set does not re-arm it. */
    wr(h, UART_IER, UART_IER_ETBEI);
    assert_int_equal(rd(h, UART_IIR), UART_IIR_NONE);
    /* Turning it off and on again does. */
    wr(h, UART_IER, 0);
    wr(h, UART_IER, UART_IER_ETBEI);
    assert_true(irq_line(h));
    assert_int_equal(rd(h, UART_IIR), UART_IIR_THRE);
}

static void test_thre_interrupt_after_thr_write(void **state)
{
    struct harness *h = *state;
    wr(h, UART_IER, UART_IER_ETBEI);
    rd(h, UART_IIR);                          /* ack the enable edge */
    assert_false(irq_line(h));
    unsigned before = h->nirq;

    wr(h, UART_THR, 'z');                     /* sent at once: empty again */
    assert_true(irq_line(h));
    assert_int_equal(h->nirq, before + 1);
    /* A second write while pending: still pending, no new report. */
    wr(h, UART_THR, 'z');
    assert_int_equal(h->nirq, before + 1);
    assert_int_equal(rd(h, UART_IIR), UART_IIR_THRE);
    assert_false(irq_line(h));
}

static void test_thre_disabled_then_masked(void **state)
{
    struct harness *h = *state;
    wr(h, UART_IER, UART_IER_ETBEI);
    assert_true(irq_line(h));
    wr(h, UART_IER, 0);                       /* masking drops the line */
    assert_false(irq_line(h));
    assert_int_equal(rd(h, UART_IIR), UART_IIR_NONE);
}

static void test_line_status_interrupt_and_overrun(void **state)
{
    struct harness *h = *state;
    wr(h, UART_MCR, UART_MCR_LOOP);
    wr(h, UART_IER, UART_IER_ELSI);
    for (unsigned i = 0; i < UART_FIFO_SIZE; i++)
        wr(h, UART_THR, (uint8_t)('a' + i));
    assert_false(irq_line(h));
    wr(h, UART_THR, '#');                     /* FIFO full: overrun */
    assert_true(irq_line(h));
    assert_int_equal(rd(h, UART_IIR), UART_IIR_RLS);
    assert_int_equal(rd(h, UART_IIR), UART_IIR_RLS);  /* IIR read: no ack */

    uint8_t lsr = rd(h, UART_LSR);            /* reading LSR acks it */
    assert_int_equal(lsr & (UART_LSR_OE | UART_LSR_DR),
                     UART_LSR_OE | UART_LSR_DR);
    assert_false(irq_line(h));
    assert_int_equal(rd(h, UART_LSR) & UART_LSR_OE, 0);   /* cleared */

    /* The overrunning byte was lost; the FIFO kept the first sixteen. */
    for (unsigned i = 0; i < UART_FIFO_SIZE; i++)
        assert_int_equal(rd(h, UART_RBR), 'a' + i);
    assert_int_equal(rd(h, UART_LSR) & UART_LSR_DR, 0);
    assert_int_equal(h->ntx, 0);              /* nothing reached the sink */
}

static void test_overrun_without_elsi_no_interrupt(void **state)
{
    struct harness *h = *state;
    wr(h, UART_MCR, UART_MCR_LOOP);
    for (unsigned i = 0; i <= UART_FIFO_SIZE; i++)
        wr(h, UART_THR, 'x');
    assert_int_equal(h->nirq, 0);
    assert_int_equal(rd(h, UART_LSR) & UART_LSR_OE, UART_LSR_OE);
}

static void test_modem_status_interrupt(void **state)
{
    struct harness *h = *state;
    wr(h, UART_IER, UART_IER_EDSSI);
    assert_int_equal(h->nirq, 0);
    /* Loopback with RTS: CTS follows RTS, DSR and DCD drop (DTR, OUT2 off). */
    wr(h, UART_MCR, UART_MCR_LOOP | 0x02);
    assert_true(irq_line(h));
    assert_int_equal(rd(h, UART_IIR), 0x00);  /* modem status */
    uint8_t msr = rd(h, UART_MSR);            /* reading MSR acks it */
    assert_int_equal(msr, 0x10 | 0x02 | 0x08);  /* CTS; DDSR, DDCD */
    assert_false(irq_line(h));
    assert_int_equal(rd(h, UART_MSR), 0x10);    /* deltas gone */
    assert_int_equal(rd(h, UART_IIR), UART_IIR_NONE);
}

static void test_priority_order(void **state)
{
    struct harness *h = *state;
    /* Make all four sources pending, in loopback. */
    wr(h, UART_MCR, UART_MCR_LOOP);          /* modem deltas latched */
    for (unsigned i = 0; i <= UART_FIFO_SIZE; i++)
        wr(h, UART_THR, 'x');                 /* data + overrun + THRE */
    wr(h, UART_IER, 0x0F);
    assert_true(irq_line(h));
    assert_int_equal(h->nirq, 1);

    assert_int_equal(rd(h, UART_IIR), UART_IIR_RLS);
    rd(h, UART_LSR);                          /* ack line status */
    assert_int_equal(rd(h, UART_IIR), UART_IIR_RDA);
    for (unsigned i = 0; i < UART_FIFO_SIZE; i++)
        rd(h, UART_RBR);                      /* ack received data */
    assert_int_equal(rd(h, UART_IIR), UART_IIR_THRE);   /* read acks THRE */
    assert_int_equal(rd(h, UART_IIR), 0x00);            /* modem status */
    assert_true(irq_line(h));
    rd(h, UART_MSR);
    assert_int_equal(rd(h, UART_IIR), UART_IIR_NONE);
    assert_false(irq_line(h));
    assert_int_equal(h->nirq, 2);             /* one rise, one fall */
}

static void test_iir_read_does_not_ack_thre_when_hidden(void **state)
{
    struct harness *h = *state;
    wr(h, UART_IER, UART_IER_ERBFI | UART_IER_ETBEI);
    assert_true(uart_rx_push(h->uart, 'k'));
    /* RDA outranks THRE: reading IIR reports RDA and keeps THRE pending. */
    assert_int_equal(rd(h, UART_IIR), UART_IIR_RDA);
    rd(h, UART_RBR);
    assert_true(irq_line(h));
    assert_int_equal(rd(h, UART_IIR), UART_IIR_THRE);
    assert_false(irq_line(h));
}

static void test_out2_does_not_gate_intr(void **state)
{
    struct harness *h = *state;
    wr(h, UART_MCR, 0);                       /* OUT2 off */
    wr(h, UART_IER, UART_IER_ERBFI);
    assert_true(uart_rx_push(h->uart, 'o'));
    assert_true(irq_line(h));
    wr(h, UART_MCR, UART_MCR_OUT2);
    assert_true(irq_line(h));
    assert_int_equal(h->nirq, 1);
}

/* ---- loopback ---------------------------------------------------------- */

static void test_loopback(void **state)
{
    struct harness *h = *state;
    wr(h, UART_MCR, UART_MCR_LOOP);
    wr(h, UART_THR, 'L');
    wr(h, UART_THR, 'B');
    assert_int_equal(h->ntx, 0);              /* not sent to the host */
    assert_int_equal(rd(h, UART_LSR) & UART_LSR_DR, UART_LSR_DR);
    assert_int_equal(rd(h, UART_RBR), 'L');
    assert_int_equal(rd(h, UART_RBR), 'B');

    /* The serial input is disconnected in loopback. */
    assert_int_equal(uart_rx_room(h->uart), 0);
    assert_false(uart_rx_push(h->uart, 'h'));

    /* MSR mirrors MCR: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD. */
    wr(h, UART_MCR, UART_MCR_LOOP | 0x0F);
    assert_int_equal(rd(h, UART_MSR) & 0xF0, 0xF0);
    wr(h, UART_MCR, UART_MCR_LOOP | 0x01);
    assert_int_equal(rd(h, UART_MSR) & 0xF0, 0x20);
    /* RI falling edge sets TERI. */
    wr(h, UART_MCR, UART_MCR_LOOP | 0x04);
    rd(h, UART_MSR);
    wr(h, UART_MCR, UART_MCR_LOOP);
    assert_int_equal(rd(h, UART_MSR) & 0x04, 0x04);

    wr(h, UART_MCR, 0);
    wr(h, UART_THR, 'N');
    assert_int_equal(h->ntx, 1);
    assert_int_equal(h->tx[0], 'N');
    assert_int_equal(rd(h, UART_MSR) & 0xF0, 0xB0);
    assert_true(uart_rx_push(h->uart, 'h'));
}

/* ---- access sizes, reset ----------------------------------------------- */

static void test_wide_accesses_use_low_byte(void **state)
{
    struct harness *h = *state;
    uart_bus_ops()->write(h->uart, UART_SCR, 0x12345678, 4);
    assert_int_equal(uart_bus_ops()->read(h->uart, UART_SCR, 4), 0x78);
    uart_bus_ops()->write(h->uart, UART_LCR, 0xAB03, 2);
    assert_int_equal(uart_bus_ops()->read(h->uart, UART_LCR, 2), 0x03);
    uart_bus_ops()->write(h->uart, UART_THR, 0x4142, 4);
    assert_int_equal(h->ntx, 1);
    assert_int_equal(h->tx[0], 0x42);
    assert_true(uart_rx_push(h->uart, 'w'));
    assert_int_equal(uart_bus_ops()->read(h->uart, UART_RBR, 4), 'w');
    assert_int_equal(uart_bus_ops()->read(h->uart, UART_LSR, 4),
                     UART_LSR_THRE | UART_LSR_TEMT);
}

static void test_reset_drops_irq_and_state(void **state)
{
    struct harness *h = *state;
    wr(h, UART_IER, UART_IER_ERBFI);
    wr(h, UART_LCR, 0x03);
    wr(h, UART_SCR, 0x77);
    assert_true(uart_rx_push(h->uart, 'r'));
    assert_true(irq_line(h));
    uart_reset(h->uart);
    assert_false(irq_line(h));
    assert_int_equal(h->nirq, 2);
    assert_int_equal(rd(h, UART_IER), 0);
    assert_int_equal(rd(h, UART_LCR), 0);
    assert_int_equal(rd(h, UART_SCR), 0);
    assert_int_equal(rd(h, UART_LSR) & UART_LSR_DR, 0);
    assert_int_equal(uart_rx_room(h->uart), UART_FIFO_SIZE);
}

static void test_null_callbacks(void **state)
{
    (void)state;
    struct uart16550 *u = uart_new(NULL);
    assert_non_null(u);
    uart_bus_ops()->write(u, UART_IER, 0x0F, 1);
    uart_bus_ops()->write(u, UART_THR, 'x', 1);
    assert_true(uart_rx_push(u, 'y'));
    assert_int_equal(uart_bus_ops()->read(u, UART_RBR, 1), 'y');
    uart_free(u);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_reset_state),
        T(test_scratch_register),
        T(test_ier_keeps_low_nibble),
        T(test_lcr_and_mcr_read_back),
        T(test_lsr_msr_ignore_writes),
        T(test_thr_write_transmits),
        T(test_receive_in_order),
        T(test_fifo_full_refuses),
        T(test_fifo_wraps_around),
        T(test_dlab_switches_offsets_0_and_1),
        T(test_fcr_sets_iir_fifo_bits),
        T(test_fcr_clear_rx),
        T(test_fcr_enable_toggle_clears_rx),
        T(test_rda_interrupt),
        T(test_rda_level_reported_once),
        T(test_thre_interrupt_on_enable),
        T(test_thre_interrupt_after_thr_write),
        T(test_thre_disabled_then_masked),
        T(test_line_status_interrupt_and_overrun),
        T(test_overrun_without_elsi_no_interrupt),
        T(test_modem_status_interrupt),
        T(test_priority_order),
        T(test_iir_read_does_not_ack_thre_when_hidden),
        T(test_out2_does_not_gate_intr),
        T(test_loopback),
        T(test_wide_accesses_use_low_byte),
        T(test_reset_drops_irq_and_state),
        cmocka_unit_test(test_null_callbacks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
