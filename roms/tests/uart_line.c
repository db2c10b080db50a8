/*
 * uart_line.c -- trapeze only (uart_line.noqemu): the UART interrupts the
 * CPU on line IP2 (SPEC section 2, board_map.h IRQ_UART), nothing else.
 * QEMU's mipssim wires its UART to IP4 instead.
 *
 * The transmitter-empty interrupt (IER.ETBEI) needs no input: with it on,
 * Cause.IP2 and only IP2 of the hardware lines is pending; the interrupt is
 * taken through IM2 (vector 0x180, ExcCode 0); with only IM4 enabled it is
 * not taken; reading IIR (0x02) clears it.
 */
#include "rt.h"
#include "board_map.h"

#define UART(off) (*(volatile uint8_t *)KSEG1(UART_BASE + (off)))
#define IER 1
#define IIR 2
#define FCR 2
#define LCR 3
#define MCR 4

#define EXC_CODE(c) (((c) >> 2) & 0x1Fu)
#define HW_LINES 0x7C00u        /* IP2..IP6 */
#define IP(n) (0x100u << (n))
#define ST_IE 0x1u

static volatile uint32_t n_int, x_cause, x_vector, x_iir;

static void handler(struct rt_frame *f)
{
    n_int++;
    x_cause = f->cause;
    x_vector = f->vector;
    if (EXC_CODE(f->cause) != 0) {
        f->epc += 4;
        return;
    }
    x_iir = UART(IIR);          /* clears the THRE interrupt */
    UART(IER) = 0x00;
}

int main(void)
{
    uint32_t cause, cause2, iir;

    rt_set_handler(handler);
    UART(FCR) = 0x00;
    UART(LCR) = 0x03;
    UART(MCR) = 0x08;

    /* Nothing is printed while ETBEI is on. */
    UART(IER) = 0x02;
    cause = MFC0(13, 0);
    iir = UART(IIR);
    cause2 = MFC0(13, 0);
    UART(IER) = 0x00;
    rt_check("hardware lines pending with ETBEI on (IP2 = IRQ_UART)", cause & HW_LINES, IP(IRQ_UART));
    rt_check("IIR", iir, 0x02);
    rt_check("hardware lines pending after reading IIR", cause2 & HW_LINES, 0);

    /* Only IM4 (QEMU's UART line) enabled: not taken here. */
    UART(IER) = 0x02;
    MTC0(12, 0, IP(4) | ST_IE);
    for (volatile uint32_t i = 0; i < 1000; i++)
        ;
    MTC0(12, 0, 0);
    UART(IER) = 0x00;
    rt_check("interrupts taken with only IM4", n_int, 0);
    iir = UART(IIR);
    (void)iir;

    /* IM2: taken. */
    n_int = 0;
    UART(IER) = 0x02;
    MTC0(12, 0, IP(2) | ST_IE);
    for (volatile uint32_t i = 0; i < 1000 && n_int == 0; i++)
        ;
    MTC0(12, 0, 0);
    UART(IER) = 0x00;
    rt_check("interrupts taken with IM2", n_int, 1);
    rt_check("  Cause.ExcCode", EXC_CODE(x_cause), 0);
    rt_check("  hardware lines pending", x_cause & HW_LINES, IP(2));
    rt_check("  vector", x_vector, 0x180);
    rt_check("  IIR in the handler", x_iir, 0x02);

    rt_summary("uart_line");
}
