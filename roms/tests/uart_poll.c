/*
 * uart_poll.c -- the 16550 UART at physical 0x1FD003F8 by polling:
 *  - registers: LSR.THRE/TEMT when idle, SCR, LCR, the divisor latch
 *    behind LCR.DLAB, MCR, IIR = 0x01 (no interrupt) with the FIFOs off,
 *    IIR bits 7..6 = 11 with the FIFOs on (FCR bit 0); the registers
 *    reached through a TLB-mapped uncached page as well as kseg1;
 *  - output: every character goes out after polling LSR.THRE (rt_putc
 *    does that for the whole console; here also an explicit check);
 *  - input: the bytes of uart_poll.input (fed to the receive side) are
 *    read by polling LSR.DR and echoed; afterwards LSR.DR is clear.
 */
#include "rt.h"
#include "board_map.h"

#define UART(off) (*(volatile uint8_t *)KSEG1(UART_BASE + (off)))
#define RBR 0
#define THR 0
#define DLL 0
#define IER 1
#define DLM 1
#define IIR 2
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define SCR 7

#define LSR_DR   0x01
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

#define POLL_LIMIT 50000000u
#define MAXBUF 128

static uint8_t buf[MAXBUF];

int main(void)
{
    uint32_t n = 0, lines = 0, sum = 0;

    rt_puts("== registers\n");
    UART(FCR) = 0x00;           /* 16450 mode: no FIFOs */
    UART(IER) = 0x00;
    rt_check("LSR & (THRE|TEMT) when idle", UART(LSR) & (LSR_THRE | LSR_TEMT), 0x60);
    UART(SCR) = 0xA5;
    rt_check("SCR after writing 0xa5", UART(SCR), 0xA5);
    UART(SCR) = 0x5A;
    rt_check("SCR after writing 0x5a", UART(SCR), 0x5A);
    {
        /* Nothing may be printed while DLAB=1: THR is then the DLL. */
        uint32_t lcr, dll, dlm, dlm1;
        UART(LCR) = 0x83;       /* DLAB=1, 8N1 */
        UART(DLL) = 0x0C;
        UART(DLM) = 0x00;
        lcr = UART(LCR);
        dll = UART(DLL);
        dlm = UART(DLM);
        UART(DLM) = 0x01;
        dlm1 = UART(DLM);
        UART(DLM) = 0x00;
        UART(LCR) = 0x03;
        rt_check("LCR with DLAB", lcr, 0x83);
        rt_check("DLL (divisor low)", dll, 0x0C);
        rt_check("DLM (divisor high)", dlm, 0x00);
        rt_check("DLM after writing 1", dlm1, 0x01);
    }
    UART(LCR) = 0x03;           /* DLAB=0, 8N1 */
    rt_check("LCR", UART(LCR), 0x03);
    rt_check("IER (DLAB=0) still 0", UART(IER), 0x00);
    UART(MCR) = 0x0B;           /* DTR, RTS, OUT2 */
    rt_check("MCR after writing 0x0b", UART(MCR), 0x0B);
    rt_check("IIR with no interrupt enabled, FIFOs off", UART(IIR), 0x01);

    rt_puts("== the UART through a TLB mapping (uncached page at PA 0x1fd00000)\n");
    {
        /* Entry 0: VA 0x0f000000 -> PA 0x1fd00000, global, V, D, C=2. */
        volatile uint8_t *m = (volatile uint8_t *)(0x0F000000u + (UART_BASE & 0xFFFu));
        uint32_t lsr, scr;
        MTC0(0, 0, 0);
        MTC0(5, 0, 0);
        MTC0(10, 0, 0x0F000000u);
        MTC0(2, 0, ((UART_BASE >> 12) << 6) | (2 << 3) | 0x7);
        MTC0(3, 0, 0x1);
        __asm__ __volatile__("tlbwi\n\tnop\n\tnop" : : : "memory");
        MTC0(10, 0, 0);
        m[SCR] = 0x3C;
        scr = UART(SCR);
        UART(SCR) = 0xC3;
        lsr = m[LSR];
        rt_check("SCR written through the mapping, read through kseg1", scr, 0x3C);
        rt_check("SCR written through kseg1, read through the mapping", m[SCR], 0xC3);
        rt_check("LSR & (THRE|TEMT) read through the mapping", lsr & (LSR_THRE | LSR_TEMT), 0x60);
        MTC0(10, 0, 0x80000000u);
        MTC0(2, 0, 0);
        MTC0(3, 0, 0);
        __asm__ __volatile__("tlbwi\n\tnop\n\tnop" : : : "memory");
        MTC0(10, 0, 0);
    }

    rt_puts("== output by polling LSR.THRE\n");
    {
        const char *s = "polled output\n";
        uint32_t waits = 0;
        for (; *s; s++) {
            while (!(UART(LSR) & LSR_THRE))
                waits++;
            UART(THR) = (uint8_t)*s;
        }
        (void)waits;
    }
    rt_check("LSR.THRE after writing", (UART(LSR) & LSR_THRE) != 0, 1);

    rt_puts("== input by polling LSR.DR (two lines)\n");
    for (uint32_t i = 0; i < POLL_LIMIT && lines < 2 && n < MAXBUF; i++) {
        if (UART(LSR) & LSR_DR) {
            uint8_t c = UART(RBR);
            buf[n++] = c;
            sum = sum * 31 + c;
            if (c == '\n')
                lines++;
        }
    }
    rt_check("lines received", lines, 2);
    rt_check("bytes received", n, 29);
    rt_check("checksum of the bytes", sum, 0x5d3a0076);
    rt_puts("echo: [");
    for (uint32_t i = 0; i < n; i++) {
        if (buf[i] == '\n')
            rt_puts("\\n");
        else
            rt_putc((char)buf[i]);
    }
    rt_puts("]\n");
    rt_check("LSR.DR after draining", UART(LSR) & LSR_DR, 0);

    rt_puts("== FIFOs on\n");
    UART(FCR) = 0x07;           /* enable, reset RX and TX FIFOs */
    rt_check("IIR with FIFOs on (bits 7..6 set, no interrupt)", UART(IIR), 0xC1);
    UART(FCR) = 0x00;
    rt_check("IIR with FIFOs off again", UART(IIR), 0x01);
    rt_check("LSR.DR", UART(LSR) & LSR_DR, 0);

    rt_summary("uart_poll");
}
