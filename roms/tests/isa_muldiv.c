/*
 * isa_muldiv.c -- mult/multu/div/divu with every sign combination and the
 * edge cases, mfhi/mflo/mthi/mtlo, mul, and the accumulating
 * madd/maddu/msub/msubu (carry and borrow between LO and HI).
 *
 * Division by zero is not here: the SPEC says HI/LO stay unchanged while
 * QEMU writes LO = dividend, HI = 0, so it is checked in the trapeze-only
 * program isa_divzero.  MIPS32 leaves HI/LO UNPREDICTABLE after mul, so
 * they are not looked at after it.
 */
#include "rt.h"

struct hilo { uint32_t hi, lo; };

/* The assembler text of each operation.  For div/divu the form
 * "div $0, a, b" is the bare machine instruction: GAS expands the
 * two-operand form into checks with break 7. */
#define OPS_mult  "mult "
#define OPS_multu "multu "
#define OPS_div   "div $0, "
#define OPS_divu  "divu $0, "
#define OPS_madd  "madd "
#define OPS_maddu "maddu "
#define OPS_msub  "msub "
#define OPS_msubu "msubu "

/* Set HI/LO to (hi0, lo0), run "op a, b", read HI/LO back. */
#define MD(op, a, b, hi0, lo0) ({ struct hilo _h; \
    __asm__ __volatile__("mthi %2\n\tmtlo %3\n\t" OPS_##op "%4, %5\n\tmfhi %0\n\tmflo %1" \
        : "=&r"(_h.hi), "=&r"(_h.lo) \
        : "r"((uint32_t)(hi0)), "r"((uint32_t)(lo0)), "r"((uint32_t)(a)), "r"((uint32_t)(b))); _h; })

static void check_hilo(const char *what, struct hilo h, uint32_t want_hi, uint32_t want_lo)
{
    rt_printf("%s:\n", what);
    rt_check("  hi", h.hi, want_hi);
    rt_check("  lo", h.lo, want_lo);
}

#define CHK(op, a, b, whi, wlo) \
    check_hilo(#op " " #a ", " #b, MD(op, a, b, 0xDEAD0000, 0x0000BEEF), whi, wlo)
#define CHKACC(op, hi0, lo0, a, b, whi, wlo) \
    check_hilo(#op " (" #hi0 ":" #lo0 ") + " #a " * " #b, MD(op, a, b, hi0, lo0), whi, wlo)

int main(void)
{
    rt_puts("-- mult (signed 32x32 -> 64)\n");
    CHK(mult, 3, 4, 0x00000000, 0x0000000C);
    CHK(mult, 0xFFFFFFFD, 4, 0xFFFFFFFF, 0xFFFFFFF4);
    CHK(mult, 3, 0xFFFFFFFC, 0xFFFFFFFF, 0xFFFFFFF4);
    CHK(mult, 0xFFFFFFFD, 0xFFFFFFFC, 0x00000000, 0x0000000C);
    CHK(mult, 0x80000000, 0x80000000, 0x40000000, 0x00000000);
    CHK(mult, 0x7FFFFFFF, 0x7FFFFFFF, 0x3FFFFFFF, 0x00000001);
    CHK(mult, 0x80000000, 0x7FFFFFFF, 0xC0000000, 0x80000000);
    CHK(mult, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0x00000001);
    CHK(mult, 0xFFFFFFFF, 1, 0xFFFFFFFF, 0xFFFFFFFF);
    CHK(mult, 0x12345678, 0, 0x00000000, 0x00000000);
    CHK(mult, 0x12345678, 0x9ABCDEF0, 0xF8CC93D6, 0x242D2080);

    rt_puts("-- multu (unsigned)\n");
    CHK(multu, 3, 4, 0x00000000, 0x0000000C);
    CHK(multu, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFE, 0x00000001);
    CHK(multu, 0x80000000, 2, 0x00000001, 0x00000000);
    CHK(multu, 0x80000000, 0x80000000, 0x40000000, 0x00000000);
    CHK(multu, 0xFFFFFFFF, 1, 0x00000000, 0xFFFFFFFF);
    CHK(multu, 0x12345678, 0x9ABCDEF0, 0x0B00EA4E, 0x242D2080);

    rt_puts("-- div (signed: LO = quotient toward zero, HI = remainder with the dividend's sign)\n");
    CHK(div, 7, 2, 0x00000001, 0x00000003);
    CHK(div, 0xFFFFFFF9, 2, 0xFFFFFFFF, 0xFFFFFFFD);       /* -7 / 2 */
    CHK(div, 7, 0xFFFFFFFE, 0x00000001, 0xFFFFFFFD);       /* 7 / -2 */
    CHK(div, 0xFFFFFFF9, 0xFFFFFFFE, 0xFFFFFFFF, 0x00000003); /* -7 / -2 */
    CHK(div, 6, 3, 0x00000000, 0x00000002);
    CHK(div, 1, 7, 0x00000001, 0x00000000);
    CHK(div, 0x80000000, 1, 0x00000000, 0x80000000);
    CHK(div, 0x80000000, 0xFFFFFFFF, 0x00000000, 0x80000000); /* INT_MIN / -1 */
    CHK(div, 0x80000000, 2, 0x00000000, 0xC0000000);
    CHK(div, 0x7FFFFFFF, 0x80000000, 0x7FFFFFFF, 0x00000000);
    CHK(div, 0x80000000, 0x80000000, 0x00000000, 0x00000001);
    CHK(div, 0x80000000, 0x7FFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF);

    rt_puts("-- divu (unsigned)\n");
    CHK(divu, 7, 2, 0x00000001, 0x00000003);
    CHK(divu, 0xFFFFFFF9, 2, 0x00000001, 0x7FFFFFFC);
    CHK(divu, 7, 0xFFFFFFFE, 0x00000007, 0x00000000);
    CHK(divu, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0x00000001);
    CHK(divu, 0xFFFFFFFF, 1, 0x00000000, 0xFFFFFFFF);
    CHK(divu, 0x80000000, 0xFFFFFFFF, 0x80000000, 0x00000000);
    CHK(divu, 0x12345678, 0x1234, 0x00000DA8, 0x00010004);

    rt_puts("-- mthi/mtlo/mfhi/mflo\n");
    {
        /* One asm block: C code in between (rt_printf divides) would
         * clobber HI/LO. */
        uint32_t v[6];
        __asm__ __volatile__("mthi %6\n\tmtlo %7\n\tmfhi %0\n\tmflo %1\n\t"
                             "mtlo %8\n\tmfhi %2\n\tmflo %3\n\t"
                             "mthi %9\n\tmfhi %4\n\tmflo %5"
                             : "=&r"(v[0]), "=&r"(v[1]), "=&r"(v[2]), "=&r"(v[3]),
                               "=&r"(v[4]), "=&r"(v[5])
                             : "r"(0xCAFEF00Du), "r"(0x01234567u), "r"(0x89ABCDEFu),
                               "r"(0x76543210u));
        rt_check("mthi 0xCAFEF00D; mfhi", v[0], 0xCAFEF00D);
        rt_check("mtlo 0x01234567; mflo", v[1], 0x01234567);
        rt_check("mtlo 0x89ABCDEF alone: HI", v[2], 0xCAFEF00D);
        rt_check("  LO", v[3], 0x89ABCDEF);
        rt_check("mthi 0x76543210 alone: HI", v[4], 0x76543210);
        rt_check("  LO", v[5], 0x89ABCDEF);
        /* results are readable long after the operation */
        uint32_t hi, lo;
        __asm__ __volatile__("multu %2, %3\n\taddiu $0, $0, 0\n\tnop\n\tnop\n\tnop\n\t"
                             "mflo %1\n\tmfhi %0"
                             : "=&r"(hi), "=&r"(lo) : "r"(0x10000u), "r"(0x30000u));
        rt_check("multu 0x10000, 0x30000; mflo", lo, 0x00000000);
        rt_check("  mfhi", hi, 0x00000003);
    }

    rt_puts("-- mul (rd = low 32 bits of the signed product)\n");
    {
#define MUL(a, b) ({ uint32_t _r; __asm__ __volatile__("mul %0, %1, %2" : "=r"(_r) \
        : "r"((uint32_t)(a)), "r"((uint32_t)(b))); _r; })
        rt_check("mul 3, 4", MUL(3, 4), 12);
        rt_check("mul -3, 4", MUL(0xFFFFFFFD, 4), 0xFFFFFFF4);
        rt_check("mul -3, -4", MUL(0xFFFFFFFD, 0xFFFFFFFC), 12);
        rt_check("mul 0x12345678, 0x9ABCDEF0", MUL(0x12345678, 0x9ABCDEF0), 0x242D2080);
        rt_check("mul 0x80000000, 0xFFFFFFFF", MUL(0x80000000, 0xFFFFFFFF), 0x80000000);
        rt_check("mul 0x10000, 0x10000", MUL(0x10000, 0x10000), 0);
        rt_check("mul 0xFFFF, 0xFFFF", MUL(0xFFFF, 0xFFFF), 0xFFFE0001);
    }

    rt_puts("-- madd/maddu (HI:LO += product)\n");
    CHKACC(madd, 0, 0, 3, 4, 0x00000000, 0x0000000C);
    CHKACC(madd, 0, 0xFFFFFFFF, 1, 1, 0x00000001, 0x00000000);      /* carry into HI */
    CHKACC(madd, 0, 5, 0xFFFFFFFF, 1, 0x00000000, 0x00000004);      /* + (-1) */
    CHKACC(madd, 0, 0, 0xFFFFFFFF, 1, 0xFFFFFFFF, 0xFFFFFFFF);
    CHKACC(madd, 0x7FFFFFFF, 0xFFFFFFFF, 1, 1, 0x80000000, 0x00000000); /* wraps, no trap */
    CHKACC(madd, 0x12345678, 0x9ABCDEF0, 0x80000000, 0x80000000, 0x52345678, 0x9ABCDEF0);
    CHKACC(maddu, 0, 0, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFE, 0x00000001);
    CHKACC(maddu, 0, 5, 0xFFFFFFFF, 1, 0x00000001, 0x00000004);
    CHKACC(maddu, 1, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0x00000000); /* wraps */
    CHKACC(maddu, 0xFFFFFFFF, 0xFFFFFFFF, 1, 1, 0x00000000, 0x00000000);

    rt_puts("-- msub/msubu (HI:LO -= product)\n");
    CHKACC(msub, 0, 12, 3, 4, 0x00000000, 0x00000000);
    CHKACC(msub, 0, 0, 3, 4, 0xFFFFFFFF, 0xFFFFFFF4);
    CHKACC(msub, 1, 0, 1, 1, 0x00000000, 0xFFFFFFFF);               /* borrow from HI */
    CHKACC(msub, 0, 0, 0xFFFFFFFF, 1, 0x00000000, 0x00000001);      /* - (-1) */
    CHKACC(msub, 0x80000000, 0, 1, 1, 0x7FFFFFFF, 0xFFFFFFFF);      /* wraps, no trap */
    CHKACC(msub, 0, 0, 0x80000000, 0x80000000, 0xC0000000, 0x00000000);
    CHKACC(msubu, 0, 0, 0xFFFFFFFF, 1, 0xFFFFFFFF, 0x00000001);
    CHKACC(msubu, 0xFFFFFFFE, 0x00000001, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0x00000000);
    CHKACC(msubu, 0, 5, 2, 3, 0xFFFFFFFF, 0xFFFFFFFF);

    rt_puts("-- a chain: sum of i*i for i = 1..100 with madd\n");
    {
        uint32_t hi, lo, i;
        __asm__ __volatile__("mthi $0\n\tmtlo $0");
        for (i = 1; i <= 100; i++)
            __asm__ __volatile__("madd %0, %0" : : "r"(i));
        __asm__ __volatile__("mfhi %0\n\tmflo %1" : "=r"(hi), "=r"(lo));
        rt_check("sum hi", hi, 0);
        rt_check("sum lo", lo, 338350);
    }

    rt_summary("isa_muldiv");
}
