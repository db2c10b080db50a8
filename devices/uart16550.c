/*
 * uart16550.c -- a National Semiconductor 16550A UART, the console.
 *
 * The guest talks to eight byte-wide registers; the host talks to the
 * chip through two callbacks (tx: a byte left the chip, irq: the INTR pin
 * changed) and uart_rx_push() (a byte arrived on the serial line).
 *
 * What is modelled, and why it is simpler than the silicon:
 *
 *  - Transmission is instantaneous.  A byte written to THR goes straight
 *    to the sink, so THR and the transmitter are always empty: LSR.THRE
 *    and LSR.TEMT read 1, always.  There is no transmit FIFO to model.
 *
 *  - The receive side is a 16-byte FIFO whether or not the guest enabled
 *    FIFO mode with FCR bit 0.  A real chip in 16450 (non-FIFO) mode holds
 *    one byte and loses the rest; here the host simply cannot push more
 *    than 16 (uart_rx_push says "full"), which is kinder and which a
 *    driver that reads RBR while LSR.DR is set cannot tell apart.
 *
 *  - A real 16550 in FIFO mode raises "received data available" when the
 *    FIFO reaches the trigger level set in FCR[7:6], and a "character
 *    timeout" interrupt when fewer bytes sit there for four character
 *    times.  An emulator has no character times, so we simplify: the
 *    interrupt is pending whenever the FIFO holds any data.  The trigger
 *    level is stored (the guest can write it) but not used.
 *
 *  - Overrun (LSR.OE) can only happen in loopback mode, where the guest's
 *    own transmitter feeds the receive FIFO faster than it reads it: the
 *    byte that finds the FIFO full is lost, as on the real chip.  Host
 *    input never overruns because uart_rx_push refuses instead.
 *
 *  - In loopback the receiver is disconnected from the serial line, so
 *    uart_rx_push refuses host input (returns false, uart_rx_room says 0)
 *    until loopback ends; the host keeps the byte and retries.
 *
 *  - There are no modem lines.  Outside loopback MSR reports CTS, DSR and
 *    DCD asserted (a null-modem cable to a patient terminal).  In loopback
 *    the MCR outputs feed the MSR inputs exactly as the datasheet says
 *    (RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD), with delta bits, so the
 *    modem-status interrupt can be exercised.
 *
 *  - The irq output is the chip's INTR pin.  On a PC, MCR.OUT2 gates INTR
 *    onto the ISA bus outside the chip; trapeze wires INTR straight to the
 *    CPU, as QEMU's serial.c does on every board (mipssim included), so
 *    OUT2 does not mask interrupts here.
 *
 *  - The bus may access the chip with 2- or 4-byte loads and stores.  Such
 *    an access acts on the register at its offset using only the low byte
 *    of the value; a read returns the register in the low byte, zeros above.
 *    (A word read at offset 0 therefore pops a byte from the FIFO.)
 *
 * Interrupts follow the 16550 priority order, highest first:
 *     line status (LSR.OE, if IER.ELSI)
 *     received data available (FIFO non-empty, if IER.ERBFI)
 *     transmitter holding register empty (if IER.ETBEI, see thr_pending)
 *     modem status (any MSR delta bit, if IER.EDSSI)
 * IIR reports the highest pending source; INTR is high iff one is pending.
 * After every register access the chip recomputes the level and tells the
 * irq callback only when it actually changed.
 */
#include "uart16550.h"

#include <stdlib.h>
#include <string.h>

/* Register bits not in the public header. */
#define IER_MASK        0x0F
#define IIR_NO_FIFO     0x00
#define IIR_FIFO_ON     0xC0     /* IIR[7:6] = 11 when FCR bit 0 is set */
#define IIR_MSR         0x00     /* modem status: IIR[3:0] = 0000 */
#define FCR_ENABLE      0x01
#define FCR_CLEAR_RX    0x02
#define FCR_CLEAR_TX    0x04
#define FCR_STORED      0xC9     /* enable, DMA mode, trigger level */
#define MCR_DTR         0x01
#define MCR_RTS         0x02
#define MCR_OUT1        0x04
#define MCR_MASK        0x1F
#define MSR_DCTS        0x01
#define MSR_DDSR        0x02
#define MSR_TERI        0x04
#define MSR_DDCD        0x08
#define MSR_DELTAS      0x0F
#define MSR_CTS         0x10
#define MSR_DSR         0x20
#define MSR_RI          0x40
#define MSR_DCD         0x80

struct uart16550 {
    struct uart_callbacks cb;

    /* receive FIFO: a ring of UART_FIFO_SIZE bytes */
    uint8_t rx[UART_FIFO_SIZE];
    unsigned rx_head;            /* index of the oldest byte */
    unsigned rx_count;

    uint8_t ier, fcr, lcr, mcr, scr;
    uint8_t dll, dlm;            /* divisor latch: stored, not used */
    bool overrun;                /* LSR.OE, cleared by reading LSR */
    bool thr_pending;            /* THRE interrupt armed (see below) */
    uint8_t msr_deltas;          /* MSR[3:0], cleared by reading MSR */
    uint8_t msr_lines;           /* MSR[7:4] as last seen, for the deltas */
    bool irq_level;              /* what the irq callback was last told */
};

/* ---- the receive FIFO ------------------------------------------------- */

static bool rx_empty(const struct uart16550 *u) { return u->rx_count == 0; }
static bool rx_full(const struct uart16550 *u) { return u->rx_count == UART_FIFO_SIZE; }

static void rx_put(struct uart16550 *u, uint8_t byte)
{
    u->rx[(u->rx_head + u->rx_count) % UART_FIFO_SIZE] = byte;
    u->rx_count++;
}

static uint8_t rx_get(struct uart16550 *u)
{
    uint8_t byte = u->rx[u->rx_head];
    u->rx_head = (u->rx_head + 1) % UART_FIFO_SIZE;
    u->rx_count--;
    return byte;
}

static void rx_clear(struct uart16550 *u)
{
    u->rx_head = 0;
    u->rx_count = 0;
}

/* ---- modem status ------------------------------------------------------ */

/* MSR[7:4]: the modem inputs.  In loopback they are the MCR outputs. */
static uint8_t modem_lines(const struct uart16550 *u)
{
    if (!(u->mcr & UART_MCR_LOOP))
        return MSR_CTS | MSR_DSR | MSR_DCD;
    uint8_t lines = 0;
    if (u->mcr & MCR_RTS)       lines |= MSR_CTS;
    if (u->mcr & MCR_DTR)       lines |= MSR_DSR;
    if (u->mcr & MCR_OUT1)      lines |= MSR_RI;
    if (u->mcr & UART_MCR_OUT2) lines |= MSR_DCD;
    return lines;
}

/* Compare the modem inputs with what they were and latch delta bits:
 * DCTS, DDSR, DDCD on any change, TERI only when RI goes from on to off. */
static void update_modem_deltas(struct uart16550 *u)
{
    uint8_t now = modem_lines(u);
    uint8_t changed = now ^ u->msr_lines;
    if (changed & MSR_CTS) u->msr_deltas |= MSR_DCTS;
    if (changed & MSR_DSR) u->msr_deltas |= MSR_DDSR;
    if (changed & MSR_DCD) u->msr_deltas |= MSR_DDCD;
    if ((changed & MSR_RI) && !(now & MSR_RI)) u->msr_deltas |= MSR_TERI;
    u->msr_lines = now;
}

/* ---- interrupts --------------------------------------------------------- */

/* The IIR[3:0] code of the highest-priority pending source. */
static uint8_t pending_source(const struct uart16550 *u)
{
    if ((u->ier & UART_IER_ELSI) && u->overrun)
        return UART_IIR_RLS;
    if ((u->ier & UART_IER_ERBFI) && !rx_empty(u))
        return UART_IIR_RDA;
    if ((u->ier & UART_IER_ETBEI) && u->thr_pending)
        return UART_IIR_THRE;
    if ((u->ier & UART_IER_EDSSI) && u->msr_deltas)
        return IIR_MSR;
    return UART_IIR_NONE;
}

/* Recompute INTR; tell the outside world only about a change. */
static void update_irq(struct uart16550 *u)
{
    bool level = pending_source(u) != UART_IIR_NONE;
    if (level == u->irq_level)
        return;
    u->irq_level = level;
    if (u->cb.irq)
        u->cb.irq(u->cb.opaque, level);
}

/* ---- the data path --------------------------------------------------- */

/* A byte arrives at the receiver (from the host or, in loopback, from our
 * own transmitter).  A full FIFO means overrun: the new byte is lost. */
static void receive(struct uart16550 *u, uint8_t byte)
{
    if (rx_full(u)) {
        u->overrun = true;
        return;
    }
    rx_put(u, byte);
}

/* The guest wrote THR.  Transmission is instant, so THR is empty again at
 * once and the THRE interrupt is re-armed: writing THR clears the THRE
 * interrupt and the (immediate) end of the transfer sets it again. */
static void transmit(struct uart16550 *u, uint8_t byte)
{
    if (u->mcr & UART_MCR_LOOP)
        receive(u, byte);
    else if (u->cb.tx)
        u->cb.tx(u->cb.opaque, byte);
    u->thr_pending = true;
}

/* ---- register reads ---------------------------------------------------- */

static uint8_t read_rbr(struct uart16550 *u)
{
    return rx_empty(u) ? 0 : rx_get(u);
}

/* Reading IIR while it reports THRE is what acknowledges that interrupt. */
static uint8_t read_iir(struct uart16550 *u)
{
    uint8_t source = pending_source(u);
    if (source == UART_IIR_THRE)
        u->thr_pending = false;
    uint8_t fifo_bits = (u->fcr & FCR_ENABLE) ? IIR_FIFO_ON : IIR_NO_FIFO;
    return fifo_bits | source;
}

/* Reading LSR clears the error bit (OE), as on the chip. */
static uint8_t read_lsr(struct uart16550 *u)
{
    uint8_t lsr = UART_LSR_THRE | UART_LSR_TEMT;
    if (!rx_empty(u))
        lsr |= UART_LSR_DR;
    if (u->overrun)
        lsr |= UART_LSR_OE;
    u->overrun = false;
    return lsr;
}

/* Reading MSR clears the delta bits. */
static uint8_t read_msr(struct uart16550 *u)
{
    uint8_t msr = u->msr_lines | u->msr_deltas;
    u->msr_deltas = 0;
    return msr;
}

static uint8_t read_register(struct uart16550 *u, uint32_t offset)
{
    bool dlab = u->lcr & UART_LCR_DLAB;
    switch (offset) {
    case UART_RBR: return dlab ? u->dll : read_rbr(u);
    case UART_IER: return dlab ? u->dlm : u->ier;
    case UART_IIR: return read_iir(u);
    case UART_LCR: return u->lcr;
    case UART_MCR: return u->mcr;
    case UART_LSR: return read_lsr(u);
    case UART_MSR: return read_msr(u);
    case UART_SCR: return u->scr;
    default:       return 0;
    }
}

/* ---- register writes ---------------------------------------------------- */

/* Turning ETBEI on arms the THRE interrupt, because THR is empty (it always
 * is here).  Turning it off disarms it, so a later enable starts afresh. */
static void write_ier(struct uart16550 *u, uint8_t value)
{
    uint8_t old = u->ier;
    u->ier = value & IER_MASK;
    if ((u->ier ^ old) & UART_IER_ETBEI)
        u->thr_pending = (u->ier & UART_IER_ETBEI) != 0;
}

/* Toggling the FIFO enable clears both FIFOs, as does bit 1 (RX) explicitly.
 * Bit 2 (clear TX) has nothing to clear: transmission is instant. */
static void write_fcr(struct uart16550 *u, uint8_t value)
{
    if (((value ^ u->fcr) & FCR_ENABLE) || (value & FCR_CLEAR_RX))
        rx_clear(u);
    u->fcr = value & FCR_STORED;
    if (!(u->fcr & FCR_ENABLE))
        u->fcr = 0;        /* with FIFOs off the other bits cannot be set */
}

static void write_mcr(struct uart16550 *u, uint8_t value)
{
    u->mcr = value & MCR_MASK;
    update_modem_deltas(u);
}

static void write_register(struct uart16550 *u, uint32_t offset, uint8_t value)
{
    bool dlab = u->lcr & UART_LCR_DLAB;
    switch (offset) {
    case UART_THR:
        if (dlab) u->dll = value; else transmit(u, value);
        break;
    case UART_IER:
        if (dlab) u->dlm = value; else write_ier(u, value);
        break;
    case UART_FCR: write_fcr(u, value); break;
    case UART_LCR: u->lcr = value; break;
    case UART_MCR: write_mcr(u, value); break;
    case UART_SCR: u->scr = value; break;
    default:       break;   /* LSR and MSR are read-only (factory test) */
    }
}

/* ---- the bus interface -------------------------------------------------- */

static uint32_t uart_read(void *opaque, uint32_t offset, unsigned size)
{
    struct uart16550 *u = opaque;
    (void)size;                        /* every size reads the low byte */
    uint8_t value = read_register(u, offset);
    update_irq(u);
    return value;
}

static void uart_write(void *opaque, uint32_t offset, uint32_t value,
                       unsigned size)
{
    struct uart16550 *u = opaque;
    (void)size;                        /* every size writes the low byte */
    write_register(u, offset, (uint8_t)value);
    update_irq(u);
}

static const struct bus_device_ops uart_ops = {
    .read = uart_read,
    .write = uart_write,
};

const struct bus_device_ops *uart_bus_ops(void)
{
    return &uart_ops;
}

/* ---- life cycle and host side -------------------------------------------- */

struct uart16550 *uart_new(const struct uart_callbacks *cb)
{
    struct uart16550 *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    if (cb)
        u->cb = *cb;
    uart_reset(u);
    return u;
}

void uart_free(struct uart16550 *u)
{
    free(u);
}

/* Power-on state: every register 0 except LSR (THRE|TEMT, computed) and
 * MSR (the modem inputs).  The divisor latch is undefined on the chip; we
 * use 0.  If INTR was high it drops, and the irq callback hears it. */
void uart_reset(struct uart16550 *u)
{
    rx_clear(u);
    u->ier = u->fcr = u->lcr = u->mcr = u->scr = 0;
    u->dll = u->dlm = 0;
    u->overrun = false;
    u->thr_pending = false;
    u->msr_deltas = 0;
    u->msr_lines = modem_lines(u);
    update_irq(u);
}

bool uart_rx_push(struct uart16550 *u, uint8_t byte)
{
    if (uart_rx_room(u) == 0)
        return false;
    receive(u, byte);
    update_irq(u);
    return true;
}

/* In loopback the serial input is disconnected: no room for the host. */
unsigned uart_rx_room(const struct uart16550 *u)
{
    if (u->mcr & UART_MCR_LOOP)
        return 0;
    return UART_FIFO_SIZE - u->rx_count;
}
