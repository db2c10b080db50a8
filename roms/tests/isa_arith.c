/*
 * isa_arith.c -- add/addi/sub with Integer Overflow, addu/addiu/subu,
 * slt/sltu/slti/sltiu, the logical operations and lui, writes to $0.
 *
 * An overflowing add/addi/sub raises Ov (ExcCode 12) with EPC at the
 * instruction and leaves the destination unwritten; the handler counts the
 * exception and skips the instruction.
 */
#include "rt.h"

static volatile uint32_t n_exc, exc_code, exc_epc_off, exc_bd;
static volatile uint32_t want_epc;

static void skip_handler(struct rt_frame *f)
{
    n_exc++;
    exc_code = (f->cause >> 2) & 0x1F;
    exc_bd = f->cause >> 31;
    exc_epc_off = f->epc - want_epc;
    f->epc += 4;
}

/* Register-register and register-immediate forms. */
#define R3(op, a, b) ({ uint32_t _r; \
    __asm__ __volatile__(#op " %0, %1, %2" : "=r"(_r) : "r"((uint32_t)(a)), "r"((uint32_t)(b))); _r; })
#define RI(op, a, imm) ({ uint32_t _r; \
    __asm__ __volatile__(#op " %0, %1, " #imm : "=r"(_r) : "r"((uint32_t)(a))); _r; })

/* A trapping form: the destination starts as 0x5A5A5A5A; afterwards
 * print the result, whether an exception happened, and its details. */
#define SENTINEL 0x5A5A5A5Au

/* Two checks per trapping instruction: the destination, then the
 * exception as count<<24 | BD<<16 | ExcCode<<8 | (EPC - instruction). */
static void check_trap(const char *what, uint32_t got, uint32_t want_result, int want_ov)
{
    rt_check(what, got, want_result);
    uint32_t exc = n_exc << 24;
    if (n_exc)
        exc |= exc_bd << 16 | exc_code << 8 | (exc_epc_off & 0xFF);
    rt_check("  exception (n<<24|bd<<16|code<<8|epc-pc)", exc, want_ov ? 0x01000C00 : 0);
}

#define TRAP3(op, a, b, want, ov) do { \
    uint32_t _r = SENTINEL, _pc; n_exc = 0; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %1, 1f\n\tsw %1, %4\n" \
        "1:\t" #op " %0, %2, %3\n\t.set pop" \
        : "+r"(_r), "=&r"(_pc) : "r"((uint32_t)(a)), "r"((uint32_t)(b)), "m"(want_epc) : "memory"); \
    check_trap(#op " " #a ", " #b, _r, want, ov); } while (0)

#define TRAPI(op, a, imm, want, ov) do { \
    uint32_t _r = SENTINEL, _pc; n_exc = 0; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %1, 1f\n\tsw %1, %3\n" \
        "1:\t" #op " %0, %2, " #imm "\n\t.set pop" \
        : "+r"(_r), "=&r"(_pc) : "r"((uint32_t)(a)), "m"(want_epc) : "memory"); \
    check_trap(#op " " #a ", " #imm, _r, want, ov); } while (0)

#define CHK3(op, a, b, want) rt_check(#op " " #a ", " #b, R3(op, a, b), want)
#define CHKI(op, a, imm, want) rt_check(#op " " #a ", " #imm, RI(op, a, imm), want)

int main(void)
{
    rt_set_handler(skip_handler);

    rt_puts("-- add (traps on signed overflow)\n");
    TRAP3(add, 1, 2, 3, 0);
    TRAP3(add, 0x7FFFFFFF, 1, SENTINEL, 1);
    TRAP3(add, 0x80000000, 0xFFFFFFFF, SENTINEL, 1);
    TRAP3(add, 0x80000000, 0x80000000, SENTINEL, 1);
    TRAP3(add, 0x7FFFFFFF, 0x7FFFFFFF, SENTINEL, 1);
    TRAP3(add, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0);
    TRAP3(add, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFE, 0);
    TRAP3(add, 0x80000000, 0x7FFFFFFF, 0xFFFFFFFF, 0);
    TRAP3(add, 0x40000000, 0x3FFFFFFF, 0x7FFFFFFF, 0);
    TRAP3(add, 0x40000000, 0x40000000, SENTINEL, 1);

    rt_puts("-- addi\n");
    TRAPI(addi, 0x7FFFFFFF, 1, SENTINEL, 1);
    TRAPI(addi, 0x7FFFFFFE, 1, 0x7FFFFFFF, 0);
    TRAPI(addi, 0x80000000, -1, SENTINEL, 1);
    TRAPI(addi, 0x80000001, -1, 0x80000000, 0);
    TRAPI(addi, 0x7FFF8000, 32767, 0x7FFFFFFF, 0);
    TRAPI(addi, 0x7FFF8001, 32767, SENTINEL, 1);
    TRAPI(addi, 0x80007FFF, -32768, SENTINEL, 1);
    TRAPI(addi, 0x80008000, -32768, 0x80000000, 0);
    TRAPI(addi, 5, -7, 0xFFFFFFFE, 0);

    rt_puts("-- sub\n");
    TRAP3(sub, 5, 3, 2, 0);
    TRAP3(sub, 3, 5, 0xFFFFFFFE, 0);
    TRAP3(sub, 0x80000000, 1, SENTINEL, 1);
    TRAP3(sub, 0x7FFFFFFF, 0xFFFFFFFF, SENTINEL, 1);
    TRAP3(sub, 0, 0x80000000, SENTINEL, 1);
    TRAP3(sub, 0xFFFFFFFF, 0x80000000, 0x7FFFFFFF, 0);
    TRAP3(sub, 0x80000000, 0x80000000, 0, 0);
    TRAP3(sub, 0x7FFFFFFF, 0x80000000, SENTINEL, 1);

    rt_puts("-- addu/addiu/subu (never trap)\n");
    TRAP3(addu, 0x7FFFFFFF, 1, 0x80000000, 0);
    TRAP3(addu, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFE, 0);
    TRAP3(addu, 0x80000000, 0x80000000, 0, 0);
    TRAPI(addiu, 0x7FFFFFFF, 1, 0x80000000, 0);
    TRAPI(addiu, 0, -1, 0xFFFFFFFF, 0);
    TRAPI(addiu, 0x80000000, -32768, 0x7FFF8000, 0);
    TRAPI(addiu, 0x12345678, 32767, 0x1234D677, 0);
    TRAP3(subu, 0x80000000, 1, 0x7FFFFFFF, 0);
    TRAP3(subu, 0, 1, 0xFFFFFFFF, 0);
    TRAP3(subu, 0, 0x80000000, 0x80000000, 0);

    rt_puts("-- slt/sltu/slti/sltiu\n");
    CHK3(slt, 1, 2, 1);
    CHK3(slt, 2, 1, 0);
    CHK3(slt, 2, 2, 0);
    CHK3(slt, 0xFFFFFFFF, 0, 1);
    CHK3(slt, 0, 0xFFFFFFFF, 0);
    CHK3(slt, 0x80000000, 0x7FFFFFFF, 1);
    CHK3(slt, 0x7FFFFFFF, 0x80000000, 0);
    CHK3(slt, 0x80000000, 0x80000001, 1);
    CHK3(sltu, 1, 2, 1);
    CHK3(sltu, 2, 2, 0);
    CHK3(sltu, 0xFFFFFFFF, 0, 0);
    CHK3(sltu, 0, 0xFFFFFFFF, 1);
    CHK3(sltu, 0x80000000, 0x7FFFFFFF, 0);
    CHK3(sltu, 0x7FFFFFFF, 0x80000000, 1);
    CHKI(slti, 0xFFFFFFFF, 0, 1);
    CHKI(slti, 0, -1, 0);
    CHKI(slti, 0xFFFFFFFE, -1, 1);
    CHKI(slti, 0xFFFFFFFF, -1, 0);
    CHKI(slti, 0x80000000, -32768, 1);
    CHKI(slti, 0x7FFF, 32767, 0);
    CHKI(slti, 0x7FFE, 32767, 1);
    CHKI(sltiu, 0, 1, 1);
    CHKI(sltiu, 1, 1, 0);
    CHKI(sltiu, 0xFFFFFFFE, -1, 1);     /* immediate sign-extends to 0xFFFFFFFF */
    CHKI(sltiu, 0xFFFFFFFF, -1, 0);
    CHKI(sltiu, 0x7FFFFFFF, -32768, 1); /* 0xFFFF8000 unsigned */
    CHKI(sltiu, 0xFFFF8000, -32768, 0);
    CHKI(sltiu, 0xFFFF7FFF, -32768, 1);
    CHKI(sltiu, 0x8000, 32767, 0);

    rt_puts("-- logic\n");
    CHK3(and, 0xF0F0F0F0, 0xFF00FF00, 0xF000F000);
    CHK3(or, 0xF0F0F0F0, 0x0F00FF00, 0xFFF0FFF0);
    CHK3(xor, 0xF0F0F0F0, 0xFF00FF00, 0x0FF00FF0);
    CHK3(nor, 0xF0F0F0F0, 0x0F00FF00, 0x000F000F);
    CHK3(nor, 0, 0, 0xFFFFFFFF);
    CHKI(andi, 0xFFFFFFFF, 0xFFFF, 0x0000FFFF);   /* zero-extended */
    CHKI(andi, 0x12345678, 0x8421, 0x00000420);
    CHKI(ori, 0x12340000, 0x8765, 0x12348765);
    CHKI(ori, 0xFFFF0000, 0xFFFF, 0xFFFFFFFF);
    CHKI(xori, 0xFFFFFFFF, 0x8000, 0xFFFF7FFF);
    CHKI(xori, 0x00000000, 0xFFFF, 0x0000FFFF);

    rt_puts("-- lui\n");
    {
        uint32_t a, b, c;
        __asm__ __volatile__("lui %0, 0x8000\n\tlui %1, 0xFFFF\n\tlui %2, 0x1234\n\tori %2, %2, 0x5678"
                             : "=r"(a), "=r"(b), "=r"(c));
        rt_check("lui 0x8000", a, 0x80000000);
        rt_check("lui 0xFFFF", b, 0xFFFF0000);
        rt_check("lui 0x1234 + ori 0x5678", c, 0x12345678);
    }

    rt_puts("-- $0 stays zero\n");
    {
        uint32_t z1, z2, z3;
        __asm__ __volatile__(".set push\n\t.set noat\n\t"
                             "addiu $0, $0, 123\n\tmove %0, $0\n\t"
                             "lui $0, 0xFFFF\n\tmove %1, $0\n\t"
                             "addu $0, %3, %3\n\taddu %2, $0, $0\n\t.set pop"
                             : "=r"(z1), "=r"(z2), "=r"(z3) : "r"(0x11111111u));
        rt_check("addiu $0, $0, 123 -> $0", z1, 0);
        rt_check("lui $0, 0xFFFF -> $0", z2, 0);
        rt_check("addu $0, x, x -> $0", z3, 0);
    }

    rt_puts("-- an overflow traps even when the destination is $0\n");
    {
        uint32_t pc;
        n_exc = 0;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n\tsw %0, %3\n"
                             "1:\tadd $0, %1, %2\n\t.set pop"
                             : "=&r"(pc) : "r"(0x7FFFFFFFu), "r"(1u), "m"(want_epc) : "memory");
        check_trap("add $0, 0x7FFFFFFF, 1 ($0 stays 0)", 0, 0, 1);
        n_exc = 0;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n\tsw %0, %2\n"
                             "1:\taddi $0, %1, -1\n\t.set pop"
                             : "=&r"(pc) : "r"(0x80000000u), "m"(want_epc) : "memory");
        check_trap("addi $0, 0x80000000, -1", 0, 0, 1);
        n_exc = 0;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n\tsw %0, %3\n"
                             "1:\tsub $0, %1, %2\n\t.set pop"
                             : "=&r"(pc) : "r"(0x80000000u), "r"(1u), "m"(want_epc) : "memory");
        check_trap("sub $0, 0x80000000, 1", 0, 0, 1);
    }

    rt_summary("isa_arith");
}
