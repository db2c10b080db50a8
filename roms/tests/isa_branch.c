/*
 * isa_branch.c -- every conditional branch, taken and not taken, with the
 * delay slot: beq bne blez bgtz bltz bgez bltzal bgezal and the likely
 * forms beql bnel blezl bgtzl bltzl bgezl bltzall bgezall.
 *
 * Each branch is followed by "ori r, r, 1" in its delay slot and
 * "ori r, r, 2" on the fall-through path, so the result is
 *     1  taken (slot executed, fall-through skipped)
 *     3  not taken (slot executed, then the fall-through)
 *     2  not taken, likely: the slot was nullified
 * The link forms also report $31 - (branch address): 8 whether or not the
 * branch is taken.  Then: backward branches, the condition is read before
 * the slot changes its register, and the slot's result is visible at the
 * target.
 */
#include "rt.h"

#define T 1     /* taken */
#define N 3     /* not taken */
#define L 2     /* not taken, likely: slot nullified */

#define BR2(op, a, b) ({ uint32_t _r; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tmove %0, $0\n\t" \
        #op " %1, %2, 1f\n\tori %0, %0, 1\n\tori %0, %0, 2\n1:\n\t.set pop" \
        : "=&r"(_r) : "r"((uint32_t)(a)), "r"((uint32_t)(b))); _r; })

#define BR1(op, a) ({ uint32_t _r; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tmove %0, $0\n\t" \
        #op " %1, 1f\n\tori %0, %0, 1\n\tori %0, %0, 2\n1:\n\t.set pop" \
        : "=&r"(_r) : "r"((uint32_t)(a))); _r; })

struct link { uint32_t r, ra; };

#define BRL(op, a) ({ struct link _o; uint32_t _pc; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tmove %0, $0\n\tla %2, 0f\n" \
        "0:\t" #op " %3, 1f\n\tori %0, %0, 1\n\tori %0, %0, 2\n1:\tsubu %1, $31, %2\n\t.set pop" \
        : "=&r"(_o.r), "=&r"(_o.ra), "=&r"(_pc) : "r"((uint32_t)(a)) : "$31"); _o; })

#define CHK2(op, a, b, want) rt_check(#op " " #a ", " #b, BR2(op, a, b), want)
#define CHK1(op, a, want) rt_check(#op " " #a, BR1(op, a), want)
#define CHKL(op, a, want) do { struct link _l = BRL(op, a); \
    rt_check(#op " " #a, _l.r, want); rt_check("  $31 - branch", _l.ra, 8); } while (0)

int main(void)
{
    rt_puts("result: 1 = taken, 3 = not taken, 2 = not taken with the slot nullified\n");

    rt_puts("-- beq/bne/beql/bnel\n");
    CHK2(beq, 5, 5, T);
    CHK2(beq, 5, 6, N);
    CHK2(beq, 0x80000000, 0, N);
    CHK2(beq, 0xFFFFFFFF, 0xFFFFFFFF, T);
    CHK2(bne, 5, 5, N);
    CHK2(bne, 5, 6, T);
    CHK2(bne, 0x80000000, 0, T);
    CHK2(beql, 5, 5, T);
    CHK2(beql, 5, 6, L);
    CHK2(bnel, 5, 5, L);
    CHK2(bnel, 5, 6, T);
    {
        uint32_t r1, r2;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tmove %0, $0\n\t"
                             "beq $0, $0, 1f\n\tori %0, %0, 1\n\tori %0, %0, 2\n1:\n\t"
                             "move %1, $0\n\tbne $0, $0, 2f\n\tori %1, %1, 1\n\tori %1, %1, 2\n2:\n\t"
                             ".set pop" : "=&r"(r1), "=&r"(r2));
        rt_check("beq $0, $0 (b)", r1, T);
        rt_check("bne $0, $0", r2, N);
    }

    rt_puts("-- blez/bgtz/bltz/bgez and likely forms\n");
    CHK1(blez, 0, T);
    CHK1(blez, 1, N);
    CHK1(blez, 0xFFFFFFFF, T);
    CHK1(blez, 0x80000000, T);
    CHK1(blez, 0x7FFFFFFF, N);
    CHK1(bgtz, 0, N);
    CHK1(bgtz, 1, T);
    CHK1(bgtz, 0xFFFFFFFF, N);
    CHK1(bgtz, 0x80000000, N);
    CHK1(bgtz, 0x7FFFFFFF, T);
    CHK1(bltz, 0, N);
    CHK1(bltz, 1, N);
    CHK1(bltz, 0xFFFFFFFF, T);
    CHK1(bltz, 0x80000000, T);
    CHK1(bltz, 0x7FFFFFFF, N);
    CHK1(bgez, 0, T);
    CHK1(bgez, 1, T);
    CHK1(bgez, 0xFFFFFFFF, N);
    CHK1(bgez, 0x80000000, N);
    CHK1(bgez, 0x7FFFFFFF, T);
    CHK1(blezl, 0, T);
    CHK1(blezl, 1, L);
    CHK1(blezl, 0x80000000, T);
    CHK1(bgtzl, 0, L);
    CHK1(bgtzl, 1, T);
    CHK1(bgtzl, 0xFFFFFFFF, L);
    CHK1(bltzl, 0, L);
    CHK1(bltzl, 0xFFFFFFFF, T);
    CHK1(bltzl, 0x7FFFFFFF, L);
    CHK1(bgezl, 0, T);
    CHK1(bgezl, 0x80000000, L);
    CHK1(bgezl, 0x7FFFFFFF, T);

    rt_puts("-- bltzal/bgezal/bltzall/bgezall: $31 = branch + 8 always\n");
    CHKL(bltzal, 0xFFFFFFFF, T);
    CHKL(bltzal, 0x80000000, T);
    CHKL(bltzal, 0, N);
    CHKL(bltzal, 1, N);
    CHKL(bgezal, 0, T);
    CHKL(bgezal, 0x7FFFFFFF, T);
    CHKL(bgezal, 0xFFFFFFFF, N);
    CHKL(bltzall, 0xFFFFFFFF, T);
    CHKL(bltzall, 0, L);
    CHKL(bgezall, 0, T);
    CHKL(bgezall, 0x80000000, L);
    {
        /* bal = bgezal $0 */
        uint32_t r, ra, pc;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tmove %0, $0\n\tla %2, 0f\n"
                             "0:\tbal 1f\n\tori %0, %0, 1\n\tori %0, %0, 2\n"
                             "1:\tsubu %1, $31, %2\n\t.set pop"
                             : "=&r"(r), "=&r"(ra), "=&r"(pc) : : "$31");
        rt_check("bal (bgezal $0)", r, T);
        rt_check("  $31 - branch", ra, 8);
    }
    {
        /* the delay slot of a link branch already sees the new $31 */
        uint32_t v, pc;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %1, 0f\n"
                             "0:\tbgezal $0, 1f\n\tsubu %0, $31, %1\n\tnop\n"
                             "1:\n\t.set pop"
                             : "=&r"(v), "=&r"(pc) : : "$31");
        rt_check("bgezal slot reads $31 - branch", v, 8);
    }

    rt_puts("-- backward branches and the slot on every iteration\n");
    {
        uint32_t n = 5, slots = 0;
        __asm__ __volatile__(".set push\n\t.set noreorder\n"
                             "1:\taddiu %0, %0, -1\n\tbnez %0, 1b\n\taddiu %1, %1, 1\n\t.set pop"
                             : "+r"(n), "+r"(slots));
        rt_check("bnez loop of 5: slot count", slots, 5);
        uint32_t m = 5, s2 = 0;
        __asm__ __volatile__(".set push\n\t.set noreorder\n"
                             "1:\taddiu %0, %0, -1\n\tbnezl %0, 1b\n\taddiu %1, %1, 1\n\t.set pop"
                             : "+r"(m), "+r"(s2));
        rt_check("bnezl loop of 5: slot count (last nullified)", s2, 4);
    }

    rt_puts("-- the condition is read before the slot runs\n");
    {
        uint32_t a = 7, r;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tmove %1, $0\n\t"
                             "beq %0, %2, 1f\n\taddiu %0, %0, 1\n\tori %1, %1, 2\n1:\n\t.set pop"
                             : "+r"(a), "=&r"(r) : "r"(7u));
        rt_check("beq a, 7 with a++ in the slot: fall-through ran", r, 0);
        rt_check("  a after", a, 8);
        uint32_t b = 0;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tmove %1, $0\n\t"
                             "bgtz %0, 1f\n\taddiu %0, %0, 1\n\tori %1, %1, 2\n1:\n\t.set pop"
                             : "+r"(b), "=&r"(r));
        rt_check("bgtz b (0) with b++ in the slot: not taken", r, 2);
        rt_check("  b after", b, 1);
    }

    rt_puts("-- the slot's result is visible at the target\n");
    {
        uint32_t r;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\t"
                             "b 1f\n\tli %0, 0x1234\n\tli %0, 0x9999\n1:\taddiu %0, %0, 1\n\t.set pop"
                             : "=&r"(r));
        rt_check("b; slot li 0x1234; target addiu 1", r, 0x1235);
    }

    rt_summary("isa_branch");
}
