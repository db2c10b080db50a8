/*
 * isa_codemem.c -- instruction fetch corner cases that a decode or
 * translation cache can get wrong:
 *   - code written at run time (self-modifying code): a routine in a data
 *     buffer is called, rewritten (after sync + cache Hit_Writeback_D +
 *     Hit_Invalidate_I, as the architecture asks), and called again, also
 *     after it has run a thousand times;
 *   - the same code fetched through kseg1 (uncached alias) and kseg0;
 *   - a branch in the last word of a 4 KiB page whose delay slot is the
 *     first word of the next page, and straight-line code across a page
 *     boundary.
 */
#include "rt.h"

static volatile uint32_t code[8] __attribute__((aligned(32)));

#define JR_RA           0x03E00008u         /* jr $31 */
#define ADDIU_V0(n)     (0x24020000u | ((n) & 0xFFFF))  /* addiu $2, $0, n */
#define ADDIU_V0V0(n)   (0x24420000u | ((n) & 0xFFFF))  /* addiu $2, $2, n */

static void flush_code(void)
{
    unsigned i;
    __asm__ __volatile__("sync" ::: "memory");
    for (i = 0; i < sizeof code; i += 4) {
        __asm__ __volatile__("cache 0x19, 0(%0)\n\tcache 0x10, 0(%0)"
                             : : "r"((uint32_t)code + i) : "memory");
    }
    __asm__ __volatile__("sync" ::: "memory");
}

/* Call the routine at addr; it returns its result in $2. */
static uint32_t call(uint32_t addr)
{
    register uint32_t v0 __asm__("$2") = 0xBAD;
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tjalr %1\n\tnop\n\t.set pop"
                         : "+r"(v0) : "r"(addr)
                         : "$1", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10", "$11",
                           "$12", "$13", "$14", "$15", "$24", "$25", "$31", "memory");
    return v0;
}

/* Page-crossing code (see the end of the file). */
extern char pagecross_branch[], pagecross_straight[];

int main(void)
{
    unsigned i;
    uint32_t sum;

    rt_puts("-- self-modifying code\n");
    code[0] = JR_RA;
    code[1] = ADDIU_V0(0x11);
    flush_code();
    rt_check("generated routine returns", call((uint32_t)code), 0x11);
    code[1] = ADDIU_V0(0x22);
    flush_code();
    rt_check("after rewriting the slot", call((uint32_t)code), 0x22);
    code[0] = ADDIU_V0(0x100);
    code[1] = JR_RA;
    code[2] = ADDIU_V0V0(0x33);
    flush_code();
    rt_check("after rewriting both words", call((uint32_t)code), 0x133);
    sum = 0;
    for (i = 0; i < 1000; i++)
        sum += call((uint32_t)code);
    rt_check("called 1000 times: sum", sum, 1000 * 0x133);
    code[2] = ADDIU_V0V0(0x44);
    flush_code();
    rt_check("rewritten after 1000 calls", call((uint32_t)code), 0x144);

    rt_puts("-- fetching through kseg1 and kseg0\n");
    rt_check("same routine via kseg1", call((uint32_t)code | 0xA0000000u), 0x144);
    code[2] = ADDIU_V0V0(0x55);
    flush_code();
    rt_check("rewritten, via kseg1", call((uint32_t)code | 0xA0000000u), 0x155);
    rt_check("rewritten, via kseg0", call((uint32_t)code), 0x155);

    rt_puts("-- code across a 4 KiB page boundary\n");
    rt_check("branch at page end, slot on the next page: offset in page",
             ((uint32_t)pagecross_branch + 4) & 0xFFF, 0);
    rt_check("  result (1 | 2 from the slot, 4 skipped)", call((uint32_t)pagecross_branch - 4), 3);
    rt_check("  via kseg1", call(((uint32_t)pagecross_branch - 4) | 0xA0000000u), 3);
    rt_check("straight-line code across the boundary",
             call((uint32_t)pagecross_straight), 0x1234);

    rt_summary("isa_codemem");
}

/*
 * pagecross_branch is the last word of a 4 KiB page:
 *   0xFF8  ori $2, $0, 1        <- called here (pagecross_branch - 4)
 *   0xFFC  b 1f                 <- pagecross_branch
 *   0x000  ori $2, $2, 2        (delay slot, next page)
 *   0x004  ori $2, $2, 4        (skipped)
 *   1:     jr $31; nop
 * pagecross_straight runs lui/ori across the next page boundary.
 */
__asm__(
    ".section .text.pagecross, \"ax\"\n"
    ".set push\n.set noreorder\n"
    ".balign 4096\n"
    ".fill 1022, 4, 0\n"
    "ori $2, $0, 1\n"
    ".globl pagecross_branch\n"
    "pagecross_branch:\n"
    "b 1f\n"
    "ori $2, $2, 2\n"
    "ori $2, $2, 4\n"
    "1:\tjr $31\n"
    "nop\n"
    ".balign 4096\n"
    ".fill 1022, 4, 0\n"
    ".globl pagecross_straight\n"
    "pagecross_straight:\n"
    "lui $2, 0x5555\n"
    "lui $2, 0\n"                  /* 0x...FFC */
    "ori $2, $2, 0x1234\n"         /* next page */
    "jr $31\n"
    "nop\n"
    ".set pop\n"
    ".previous\n");
