/*
 * uart16550.h -- a National Semiconductor 16550A UART, the console.
 *
 * Eight byte-wide registers.  Transmission is instantaneous: a byte written
 * to THR goes straight to the sink callback, so THR is always empty.  The
 * receive side has the 16-byte FIFO; the front end pushes host input into it
 * with uart_rx_push().  The interrupt output (IER/IIR priority logic of the
 * real chip) is reported through the irq callback whenever its level changes.
 */
#ifndef TRAPEZE_UART16550_H
#define TRAPEZE_UART16550_H

#include <stdbool.h>
#include <stdint.h>
#include "bus.h"

#define UART_FIFO_SIZE 16

/* register offsets */
#define UART_RBR 0  /* read, DLAB=0 */
#define UART_THR 0  /* write, DLAB=0 */
#define UART_DLL 0  /* DLAB=1 */
#define UART_IER 1  /* DLAB=0 */
#define UART_DLM 1  /* DLAB=1 */
#define UART_IIR 2  /* read */
#define UART_FCR 2  /* write */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_MSR 6
#define UART_SCR 7

#define UART_IER_ERBFI 0x01   /* received data available */
#define UART_IER_ETBEI 0x02   /* transmitter holding register empty */
#define UART_IER_ELSI  0x04   /* receiver line status */
#define UART_IER_EDSSI 0x08   /* modem status */
#define UART_LCR_DLAB  0x80
#define UART_LSR_DR    0x01
#define UART_LSR_OE    0x02
#define UART_LSR_THRE  0x20
#define UART_LSR_TEMT  0x40
#define UART_IIR_NONE  0x01
#define UART_IIR_THRE  0x02
#define UART_IIR_RDA   0x04
#define UART_IIR_RLS   0x06
#define UART_MCR_OUT2  0x08
#define UART_MCR_LOOP  0x10

struct uart16550;

struct uart_callbacks {
    void (*tx)(void *opaque, uint8_t byte);          /* a byte was sent */
    void (*irq)(void *opaque, bool level);           /* interrupt output */
    void *opaque;
};

struct uart16550 *uart_new(const struct uart_callbacks *cb);
void uart_free(struct uart16550 *u);
void uart_reset(struct uart16550 *u);
const struct bus_device_ops *uart_bus_ops(void);

/* Host input: push one byte.  Returns false if the FIFO is full (the byte
 * is not taken; try again later), never loses data silently. */
bool uart_rx_push(struct uart16550 *u, uint8_t byte);
/* Room left in the receive FIFO. */
unsigned uart_rx_room(const struct uart16550 *u);

#endif
