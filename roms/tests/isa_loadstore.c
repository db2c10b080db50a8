/*
 * isa_loadstore.c -- every load and store: lb/lbu/lh/lhu/lw with sign and
 * zero extension at every offset, sb/sh/sw, positive and negative
 * displacements, loads into $0, the unaligned-access instructions
 * lwl/lwr/swl/swr at all four alignments (little-endian), and the address
 * errors of unaligned lh/lhu/lw/sh/sw: AdEL/AdES with BadVAddr = the
 * address and EPC = the instruction, the destination register and memory
 * left unwritten.
 */
#include "rt.h"

static volatile uint32_t words[4] __attribute__((aligned(16)));
#define BUF ((volatile uint8_t *)words)

static volatile uint32_t n_exc, exc_code, exc_bad, exc_epc, exc_bd;

static void skip_handler(struct rt_frame *f)
{
    n_exc++;
    exc_code = (f->cause >> 2) & 0x1F;
    exc_bd = f->cause >> 31;
    exc_bad = f->badvaddr;
    exc_epc = f->epc;
    f->epc += 4;
}

static void fill(void)
{
    words[0] = 0x44332211;      /* bytes 11 22 33 44 */
    words[1] = 0x88776655;      /* bytes 55 66 77 88 */
    words[2] = 0xCCBBAA99;
    words[3] = 0x00FFEEDD;
}

#define LOAD(op, addr) ({ uint32_t _r; \
    __asm__ __volatile__(#op " %0, 0(%1)" : "=r"(_r) : "r"(addr) : "memory"); _r; })
#define STORE(op, v, addr) \
    __asm__ __volatile__(#op " %0, 0(%1)" : : "r"((uint32_t)(v)), "r"(addr) : "memory")
#define LOADLR(op, old, addr) ({ uint32_t _r = (old); \
    __asm__ __volatile__(#op " %0, 0(%1)" : "+r"(_r) : "r"(addr) : "memory"); _r; })

/* Reference models of the little-endian partial-word instructions. */
static uint32_t model_lwl(uint32_t rt, uint32_t word, unsigned b)
{
    unsigned sh = 8 * (3 - b);
    uint32_t keep = sh ? (0xFFFFFFFFu >> (32 - sh)) : 0;
    return (word << sh) | (rt & keep);
}

static uint32_t model_lwr(uint32_t rt, uint32_t word, unsigned b)
{
    unsigned sh = 8 * b;
    uint32_t keep = sh ? ~(0xFFFFFFFFu >> sh) : 0;
    return (word >> sh) | (rt & keep);
}

static uint32_t model_swl(uint32_t mem, uint32_t rt, unsigned b)
{
    unsigned sh = 8 * (3 - b);
    uint32_t mask = 0xFFFFFFFFu >> sh;            /* bytes 0..b */
    return (mem & ~mask) | ((rt >> sh) & mask);
}

static uint32_t model_swr(uint32_t mem, uint32_t rt, unsigned b)
{
    unsigned sh = 8 * b;
    uint32_t mask = 0xFFFFFFFFu << sh;            /* bytes b..3 */
    return (mem & ~mask) | ((rt << sh) & mask);
}

static void label(char *out, const char *op, unsigned b, const char *tail)
{
    int i = 0;
    while (*op)
        out[i++] = *op++;
    out[i++] = ' ';
    out[i++] = '+';
    out[i++] = (char)('0' + b);
    while (*tail)
        out[i++] = *tail++;
    out[i] = 0;
}

/* An unaligned access: value of the destination (sentinel if untouched),
 * the exception, BadVAddr relative to the buffer, and memory afterwards. */
#define SENTINEL 0x5A5A5A5Au

static void check_exc(const char *what, uint32_t want_code, uint32_t bad_off, uint32_t pc)
{
    rt_printf("%s:\n", what);
    rt_check("  exceptions", n_exc, 1);
    rt_check("  ExcCode (4 AdEL, 5 AdES)", exc_code, want_code);
    rt_check("  BadVAddr - buffer", exc_bad - (uint32_t)BUF, bad_off);
    rt_check("  EPC - instruction", exc_epc - pc, 0);
    rt_check("  Cause.BD", exc_bd, 0);
}

#define BAD_LOAD(op, off, code) do { \
    uint32_t _r = SENTINEL, _pc; n_exc = 0; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %1, 1f\n" \
        "1:\t" #op " %0, " #off "(%2)\n\t.set pop" \
        : "+r"(_r), "=&r"(_pc) : "r"(BUF) : "memory"); \
    check_exc(#op " at buffer+" #off, code, off, _pc); \
    rt_check("  destination (0x5A5A5A5A = not written)", _r, SENTINEL); } while (0)

#define BAD_STORE(op, off) do { \
    uint32_t _pc; n_exc = 0; fill(); \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n" \
        "1:\t" #op " %1, " #off "(%2)\n\t.set pop" \
        : "=&r"(_pc) : "r"(0xA5A5A5A5u), "r"(BUF) : "memory"); \
    check_exc(#op " at buffer+" #off, 5, off, _pc); \
    rt_check("  memory word 0 (not written)", words[0], 0x44332211); \
    rt_check("  memory word 1 (not written)", words[1], 0x88776655); } while (0)

int main(void)
{
    char name[64];
    unsigned b;

    rt_set_handler(skip_handler);
    fill();

    rt_puts("-- lb/lbu at every offset\n");
    words[0] = 0x807F01FF;      /* bytes FF 01 7F 80 */
    rt_check("lb +0 (0xFF)", LOAD(lb, BUF + 0), 0xFFFFFFFF);
    rt_check("lb +1 (0x01)", LOAD(lb, BUF + 1), 0x00000001);
    rt_check("lb +2 (0x7F)", LOAD(lb, BUF + 2), 0x0000007F);
    rt_check("lb +3 (0x80)", LOAD(lb, BUF + 3), 0xFFFFFF80);
    rt_check("lbu +0 (0xFF)", LOAD(lbu, BUF + 0), 0x000000FF);
    rt_check("lbu +1 (0x01)", LOAD(lbu, BUF + 1), 0x00000001);
    rt_check("lbu +2 (0x7F)", LOAD(lbu, BUF + 2), 0x0000007F);
    rt_check("lbu +3 (0x80)", LOAD(lbu, BUF + 3), 0x00000080);

    rt_puts("-- lh/lhu at offsets 0 and 2\n");
    words[0] = 0x80017FFE;      /* halves 7FFE, 8001 */
    rt_check("lh +0 (0x7FFE)", LOAD(lh, BUF + 0), 0x00007FFE);
    rt_check("lh +2 (0x8001)", LOAD(lh, BUF + 2), 0xFFFF8001);
    rt_check("lhu +0 (0x7FFE)", LOAD(lhu, BUF + 0), 0x00007FFE);
    rt_check("lhu +2 (0x8001)", LOAD(lhu, BUF + 2), 0x00008001);
    words[0] = 0xFFFF8000;
    rt_check("lh +0 (0x8000)", LOAD(lh, BUF + 0), 0xFFFF8000);
    rt_check("lh +2 (0xFFFF)", LOAD(lh, BUF + 2), 0xFFFFFFFF);
    rt_check("lhu +2 (0xFFFF)", LOAD(lhu, BUF + 2), 0x0000FFFF);

    rt_puts("-- lw, displacements\n");
    fill();
    rt_check("lw +0", LOAD(lw, BUF + 0), 0x44332211);
    rt_check("lw +4", LOAD(lw, BUF + 4), 0x88776655);
    {
        uint32_t a, c, d, e;
        __asm__ __volatile__("lw %0, 12(%4)\n\tlw %1, -4(%5)\n\tlb %2, -1(%5)\n\tlhu %3, 10(%4)"
                             : "=&r"(a), "=&r"(c), "=&r"(d), "=&r"(e)
                             : "r"(BUF), "r"(BUF + 8) : "memory");
        rt_check("lw 12(buf)", a, 0x00FFEEDD);
        rt_check("lw -4(buf+8)", c, 0x88776655);
        rt_check("lb -1(buf+8)", d, 0xFFFFFF88);
        rt_check("lhu 10(buf)", e, 0x0000CCBB);
    }
    {
        uint32_t z;
        __asm__ __volatile__(".set push\n\t.set noat\n\tlw $0, 0(%1)\n\tmove %0, $0\n\t.set pop"
                             : "=r"(z) : "r"(BUF) : "memory");
        rt_check("lw $0, 0(buf) leaves $0 = 0", z, 0);
    }
    {
        /* no load delay slot: the next instruction sees the loaded value */
        uint32_t r = 1;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tlw %0, 0(%1)\n\taddiu %0, %0, 1\n\t.set pop"
                             : "+r"(r) : "r"(BUF) : "memory");
        rt_check("lw then use at once (interlocked)", r, 0x44332212);
    }
    {
        /* the base register is also the destination */
        uint32_t p = (uint32_t)BUF, q = (uint32_t)BUF + 1, r = (uint32_t)BUF + 4;
        __asm__ __volatile__("lw %0, 4(%0)\n\tlwr %1, 0(%1)\n\tlwl %2, -1(%2)"
                             : "+r"(p), "+r"(q), "+r"(r) : : "memory");
        rt_check("lw p, 4(p)", p, 0x88776655);
        rt_check("lwr q, 0(q) with q = buf+1 (high byte of q kept)",
                 q, (((uint32_t)BUF + 1) & 0xFF000000u) | 0x00443322);
        rt_check("lwl r, -1(r) with r = buf+4 (whole word)", r, 0x44332211);
    }
    rt_check("lw through kseg1 sees the same word",
             LOAD(lw, (volatile uint8_t *)((uint32_t)BUF | 0xA0000000u) + 4), 0x88776655);

    rt_puts("-- sb/sh/sw\n");
    words[0] = 0; words[1] = 0;
    STORE(sb, 0x123456AB, BUF + 0);
    STORE(sb, 0xCD, BUF + 1);
    STORE(sb, 0xFFFFFFEF, BUF + 2);
    STORE(sb, 0x01, BUF + 3);
    rt_check("sb at +0..+3 (0xAB 0xCD 0xEF 0x01)", words[0], 0x01EFCDAB);
    STORE(sh, 0x9876BEEF, BUF + 4);
    rt_check("sh 0xBEEF at +4", words[1], 0x0000BEEF);
    STORE(sh, 0xCAFE, BUF + 6);
    rt_check("sh 0xCAFE at +6", words[1], 0xCAFEBEEF);
    STORE(sw, 0xDEADBEEF, BUF + 4);
    rt_check("sw 0xDEADBEEF at +4", words[1], 0xDEADBEEF);
    rt_check("word 0 untouched by the word 1 stores", words[0], 0x01EFCDAB);
    {
        uint32_t v;
        __asm__ __volatile__("sw %1, 12(%2)\n\tsb %1, -5(%3)\n\tlw %0, 12(%2)"
                             : "=&r"(v) : "r"(0x31415926u), "r"(BUF), "r"(BUF + 8) : "memory");
        rt_check("sw then lw 12(buf)", v, 0x31415926);
        rt_check("sb -5(buf+8) wrote byte 3", words[0], 0x26EFCDAB);
    }

    rt_puts("-- lwl/lwr at each alignment (register 0xAABBCCDD, memory 11 22 33 44 55 66 77 88)\n");
    for (b = 0; b < 4; b++) {
        fill();
        label(name, "lwl", b, "");
        rt_check(name, LOADLR(lwl, 0xAABBCCDD, BUF + b), model_lwl(0xAABBCCDD, words[0], b));
        label(name, "lwr", b, "");
        rt_check(name, LOADLR(lwr, 0xAABBCCDD, BUF + b), model_lwr(0xAABBCCDD, words[0], b));
    }
    rt_puts("-- unaligned word load: lwr 0(p); lwl 3(p)\n");
    for (b = 0; b < 4; b++) {
        uint32_t r = 0;
        __asm__ __volatile__("lwr %0, 0(%1)\n\tlwl %0, 3(%1)" : "+r"(r) : "r"(BUF + b) : "memory");
        label(name, "lwr/lwl", b, "");
        rt_check(name, r, b == 0 ? 0x44332211 : b == 1 ? 0x55443322 : b == 2 ? 0x66554433 : 0x77665544);
    }
    rt_puts("-- swl/swr at each alignment (register 0xAABBCCDD)\n");
    for (b = 0; b < 4; b++) {
        fill();
        STORE(swl, 0xAABBCCDD, BUF + b);
        label(name, "swl", b, " word 0");
        rt_check(name, words[0], model_swl(0x44332211, 0xAABBCCDD, b));
        label(name, "swl", b, " word 1 untouched");
        rt_check(name, words[1], 0x88776655);
        fill();
        STORE(swr, 0xAABBCCDD, BUF + b);
        label(name, "swr", b, " word 0");
        rt_check(name, words[0], model_swr(0x44332211, 0xAABBCCDD, b));
        label(name, "swr", b, " word 1 untouched");
        rt_check(name, words[1], 0x88776655);
    }
    rt_puts("-- unaligned word store: swr 0(p); swl 3(p)\n");
    for (b = 0; b < 4; b++) {
        fill();
        __asm__ __volatile__("swr %0, 0(%1)\n\tswl %0, 3(%1)" : : "r"(0xAABBCCDDu), "r"(BUF + b) : "memory");
        label(name, "swr/swl", b, " word 0");
        rt_check(name, words[0], b == 0 ? 0xAABBCCDD : b == 1 ? 0xBBCCDD11 : b == 2 ? 0xCCDD2211 : 0xDD332211);
        label(name, "swr/swl", b, " word 1");
        rt_check(name, words[1], b == 0 ? 0x88776655 : b == 1 ? 0x887766AA : b == 2 ? 0x8877AABB : 0x88AABBCC);
    }

    rt_puts("-- unaligned lh/lhu/lw: AdEL, nothing written\n");
    fill();
    BAD_LOAD(lh, 1, 4);
    BAD_LOAD(lh, 3, 4);
    BAD_LOAD(lhu, 5, 4);
    BAD_LOAD(lw, 1, 4);
    BAD_LOAD(lw, 2, 4);
    BAD_LOAD(lw, 3, 4);
    BAD_LOAD(lw, 6, 4);
    rt_puts("-- unaligned sh/sw: AdES, memory not written\n");
    BAD_STORE(sh, 1);
    BAD_STORE(sh, 3);
    BAD_STORE(sw, 1);
    BAD_STORE(sw, 2);
    BAD_STORE(sw, 7);
    rt_puts("-- a faulting load into $0 still faults\n");
    {
        uint32_t pc;
        n_exc = 0;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n"
                             "1:\tlw $0, 2(%1)\n\t.set pop"
                             : "=&r"(pc) : "r"(BUF) : "memory");
        check_exc("lw $0, 2(buf)", 4, 2, pc);
    }

    rt_puts("-- aligned accesses after the faults still work\n");
    n_exc = 0;
    rt_check("lh +2", LOAD(lh, BUF + 2), 0x00004433);
    rt_check("exceptions since the last fault", n_exc, 0);

    rt_summary("isa_loadstore");
}
