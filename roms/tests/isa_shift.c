/*
 * isa_shift.c -- sll/srl/sra by immediate (0, 1, 4, 31), and the register
 * forms sllv/srlv/srav, which use only the low 5 bits of the amount
 * register (32 shifts by 0, 33 by 1, -1 by 31, ...).  Also nop/ssnop
 * (sll $0 forms) leave everything alone.
 */
#include "rt.h"

#define SHI(op, a, sa) ({ uint32_t _r; \
    __asm__ __volatile__(#op " %0, %1, " #sa : "=r"(_r) : "r"((uint32_t)(a))); _r; })
#define SHV(op, a, s) ({ uint32_t _r; \
    __asm__ __volatile__(#op " %0, %1, %2" : "=r"(_r) : "r"((uint32_t)(a)), "r"((uint32_t)(s))); _r; })

#define CHKI(op, a, sa, want) rt_check(#op " " #a ", " #sa, SHI(op, a, sa), want)
#define CHKV(op, a, s, want) rt_check(#op " " #a ", " #s, SHV(op, a, s), want)

int main(void)
{
    rt_puts("-- sll/srl/sra by immediate\n");
    CHKI(sll, 0x87654321, 0, 0x87654321);
    CHKI(sll, 0x87654321, 1, 0x0ECA8642);
    CHKI(sll, 0x87654321, 4, 0x76543210);
    CHKI(sll, 0x87654321, 31, 0x80000000);
    CHKI(sll, 0x87654320, 31, 0x00000000);
    CHKI(srl, 0x87654321, 0, 0x87654321);
    CHKI(srl, 0x87654321, 1, 0x43B2A190);
    CHKI(srl, 0x87654321, 4, 0x08765432);
    CHKI(srl, 0x87654321, 31, 0x00000001);
    CHKI(sra, 0x87654321, 0, 0x87654321);
    CHKI(sra, 0x87654321, 1, 0xC3B2A190);
    CHKI(sra, 0x87654321, 4, 0xF8765432);
    CHKI(sra, 0x87654321, 31, 0xFFFFFFFF);
    CHKI(sra, 0x7FFFFFFF, 31, 0x00000000);
    CHKI(sra, 0x7FFFFFFF, 30, 0x00000001);

    rt_puts("-- sllv/srlv/srav: only the low 5 bits of rs count\n");
    CHKV(sllv, 0x87654321, 0, 0x87654321);
    CHKV(sllv, 0x87654321, 4, 0x76543210);
    CHKV(sllv, 0x87654321, 31, 0x80000000);
    CHKV(sllv, 0x87654321, 32, 0x87654321);
    CHKV(sllv, 0x87654321, 33, 0x0ECA8642);
    CHKV(sllv, 0x87654321, 0xFFFFFFFF, 0x80000000);
    CHKV(sllv, 0x87654321, 0x12345664, 0x76543210);
    CHKV(srlv, 0x87654321, 0, 0x87654321);
    CHKV(srlv, 0x87654321, 4, 0x08765432);
    CHKV(srlv, 0x87654321, 31, 0x00000001);
    CHKV(srlv, 0x87654321, 32, 0x87654321);
    CHKV(srlv, 0x87654321, 36, 0x08765432);
    CHKV(srlv, 0x87654321, 0xFFFFFFE1, 0x43B2A190);
    CHKV(srav, 0x87654321, 0, 0x87654321);
    CHKV(srav, 0x87654321, 4, 0xF8765432);
    CHKV(srav, 0x87654321, 31, 0xFFFFFFFF);
    CHKV(srav, 0x87654321, 32, 0x87654321);
    CHKV(srav, 0x87654321, 63, 0xFFFFFFFF);
    CHKV(srav, 0x47654321, 63, 0x00000000);
    CHKV(srav, 0x87654321, 0x80000001, 0xC3B2A190);

    rt_puts("-- shift in place (rd = rt)\n");
    {
        uint32_t x = 0x80000001u;
        __asm__ __volatile__("sll %0, %0, 1\n\tsra %0, %0, 1" : "+r"(x));
        rt_check("sll x,x,1; sra x,x,1 of 0x80000001", x, 0x00000001);
        uint32_t y = 0x00000040u;
        __asm__ __volatile__("srlv %0, %0, %0" : "+r"(y));
        rt_check("srlv y,y,y of 0x40 (amount 0)", y, 0x00000040);
        uint32_t z = 0x00000024u;
        __asm__ __volatile__("sllv %0, %0, %0" : "+r"(z));
        rt_check("sllv z,z,z of 0x24 (amount 4)", z, 0x00000240);
    }

    rt_puts("-- nop and ssnop change nothing\n");
    {
        uint32_t a = 0x13572468u, b;
        __asm__ __volatile__("nop\n\tssnop\n\tmove %0, %1" : "=r"(b) : "r"(a));
        rt_check("value across nop/ssnop", b, 0x13572468);
    }

    rt_summary("isa_shift");
}
