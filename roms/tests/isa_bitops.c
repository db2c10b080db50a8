/*
 * isa_bitops.c -- the MIPS32 additions clz/clo (0, all ones, every single
 * bit, mixed patterns) and the conditional moves movn/movz (taken, not
 * taken -- the destination keeps its value -- and rd = rs/rt aliasing).
 */
#include "rt.h"

static uint32_t clz(uint32_t x)
{
    uint32_t r;
    __asm__ __volatile__("clz %0, %1" : "=r"(r) : "r"(x));
    return r;
}

static uint32_t clo(uint32_t x)
{
    uint32_t r;
    __asm__ __volatile__("clo %0, %1" : "=r"(r) : "r"(x));
    return r;
}

#define MOV(op, d0, s, t) ({ uint32_t _d = (d0); \
    __asm__ __volatile__(#op " %0, %1, %2" : "+r"(_d) : "r"((uint32_t)(s)), "r"((uint32_t)(t))); _d; })

int main(void)
{
    char name[40];
    int i;

    rt_puts("-- clz\n");
    rt_check("clz 0x00000000", clz(0), 32);
    rt_check("clz 0xFFFFFFFF", clz(0xFFFFFFFF), 0);
    for (i = 31; i >= 0; i--) {
        /* "clz 1<<NN" */
        name[0] = 'c'; name[1] = 'l'; name[2] = 'z'; name[3] = ' ';
        name[4] = '1'; name[5] = '<'; name[6] = '<';
        name[7] = (char)('0' + i / 10); name[8] = (char)('0' + i % 10); name[9] = 0;
        rt_check(name, clz(1u << i), (uint32_t)(31 - i));
    }
    rt_check("clz 0x0000FFFF", clz(0x0000FFFF), 16);
    rt_check("clz 0x00010001", clz(0x00010001), 15);
    rt_check("clz 0x7FFFFFFF", clz(0x7FFFFFFF), 1);
    rt_check("clz 0x00000003", clz(0x00000003), 30);

    rt_puts("-- clo\n");
    rt_check("clo 0x00000000", clo(0), 0);
    rt_check("clo 0xFFFFFFFF", clo(0xFFFFFFFF), 32);
    for (i = 31; i >= 0; i--) {
        /* "clo ~(1<<NN)" */
        name[0] = 'c'; name[1] = 'l'; name[2] = 'o'; name[3] = ' ';
        name[4] = '~'; name[5] = '('; name[6] = '1'; name[7] = '<'; name[8] = '<';
        name[9] = (char)('0' + i / 10); name[10] = (char)('0' + i % 10);
        name[11] = ')'; name[12] = 0;
        rt_check(name, clo(~(1u << i)), (uint32_t)(31 - i));
    }
    rt_check("clo 0xFFFF0000", clo(0xFFFF0000), 16);
    rt_check("clo 0x80000000", clo(0x80000000), 1);
    rt_check("clo 0x7FFFFFFF", clo(0x7FFFFFFF), 0);
    rt_check("clo 0xFFFFFFFE", clo(0xFFFFFFFE), 31);

    rt_puts("-- movn/movz\n");
    rt_check("movn d=0x1111, s=0x2222, t=1", MOV(movn, 0x1111, 0x2222, 1), 0x2222);
    rt_check("movn d=0x1111, s=0x2222, t=0x80000000", MOV(movn, 0x1111, 0x2222, 0x80000000), 0x2222);
    rt_check("movn d=0x1111, s=0x2222, t=0 (unchanged)", MOV(movn, 0x1111, 0x2222, 0), 0x1111);
    rt_check("movz d=0x1111, s=0x2222, t=0", MOV(movz, 0x1111, 0x2222, 0), 0x2222);
    rt_check("movz d=0x1111, s=0x2222, t=1 (unchanged)", MOV(movz, 0x1111, 0x2222, 1), 0x1111);
    rt_check("movz d=0x1111, s=0x2222, t=0xFFFFFFFF (unchanged)",
             MOV(movz, 0x1111, 0x2222, 0xFFFFFFFF), 0x1111);
    rt_check("movn d=5, s=0, t=7 (moves zero)", MOV(movn, 5, 0, 7), 0);
    {
        uint32_t d = 0xABCD;
        __asm__ __volatile__("movn %0, %0, %0" : "+r"(d));
        rt_check("movn d, d, d (d=0xABCD)", d, 0xABCD);
        d = 0;
        __asm__ __volatile__("movz %0, %1, %0" : "+r"(d) : "r"(0x600Du));
        rt_check("movz d, s, d (d=0, s=0x600D)", d, 0x600D);
        d = 0x77;
        __asm__ __volatile__("movz %0, %1, %0" : "+r"(d) : "r"(0x600Du));
        rt_check("movz d, s, d (d=0x77, unchanged)", d, 0x77);
    }

    rt_summary("isa_bitops");
}
