/*
 * isa_jump.c -- j/jal/jr/jalr (incl. jalr rd != ra, jalr $0), their delay slots,
 * a call/return pair, an unaligned jump target (AdEL on the fetch, EPC =
 * BadVAddr = the target, BD = 0), and exceptions raised *in* a delay slot
 * of every kind of branch and jump: Cause.BD = 1 and EPC = the branch.
 *
 * For the delay-slot exceptions the handler does not skip anything: it
 * repairs the operand that made the slot fault ($24) and returns to EPC,
 * so the branch itself runs again followed by the now harmless slot --
 * exactly the round trip the monitor relies on.  Afterwards the program
 * checks where execution went (taken or not), that the slot ran once more
 * with the repaired operand, and the link register.
 */
#include "rt.h"

static volatile uint32_t n_exc, exc_code, exc_epc, exc_bad, exc_bd;
static volatile uint32_t resume_at;
static volatile uint32_t aligned_word = 0x600DF00D;

static void handler(struct rt_frame *f)
{
    n_exc++;
    exc_code = (f->cause >> 2) & 0x1F;
    exc_bd = f->cause >> 31;
    exc_epc = f->epc;
    exc_bad = f->badvaddr;
    if (exc_code == 12)                         /* Ov in a slot: repair */
        f->r[24] = 5;
    else if (exc_code == 4 && f->epc == f->badvaddr)
        f->epc = resume_at;                     /* bad instruction fetch */
    else if (exc_code == 4 || exc_code == 5)    /* bad data address: repair */
        f->r[24] = (uint32_t)&aligned_word;
    else
        f->epc += 4;
}

int main(void)
{
    rt_set_handler(handler);

    rt_puts("-- j/jal/jr/jalr and their delay slots\n");
    {
        uint32_t r;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tmove %0, $0\n\t"
                             "j 1f\n\tori %0, %0, 1\n\tori %0, %0, 2\n1:\n\t.set pop" : "=&r"(r));
        rt_check("j: slot ran, fall-through skipped (1)", r, 1);
    }
    {
        uint32_t r, ra, slot_ra, pc;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tmove %0, $0\n\tla %3, 0f\n"
                             "0:\tjal 1f\n\tsubu %2, $31, %3\n\tori %0, %0, 2\n"
                             "1:\tsubu %1, $31, %3\n\t.set pop"
                             : "=&r"(r), "=&r"(ra), "=&r"(slot_ra), "=&r"(pc) : : "$31");
        rt_check("jal: fall-through skipped (0)", r, 0);
        rt_check("  $31 - jal", ra, 8);
        rt_check("  $31 - jal as seen by the slot", slot_ra, 8);
    }
    {
        uint32_t r, t;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tmove %0, $0\n\tla %1, 1f\n\t"
                             "jr %1\n\taddiu %1, %1, 4\n\tori %0, %0, 2\n"
                             "1:\tori %0, %0, 1\n\tori %0, %0, 4\n\t.set pop"
                             : "=&r"(r), "=&r"(t));
        rt_check("jr t with t += 4 in the slot: old target (5)", r, 5);
    }
    {
        uint32_t r, ra, pc, t;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tmove %0, $0\n\tla %3, 1f\n\tla %2, 0f\n"
                             "0:\tjalr %3\n\tori %0, %0, 1\n\tori %0, %0, 2\n"
                             "1:\tsubu %1, $31, %2\n\t.set pop"
                             : "=&r"(r), "=&r"(ra), "=&r"(pc), "=&r"(t) : : "$31");
        rt_check("jalr t: slot ran, fall-through skipped (1)", r, 1);
        rt_check("  $31 - jalr", ra, 8);
    }
    {
        uint32_t r, rd, ra, pc, t;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tmove %0, $0\n\tli $31, 0x1111\n\t"
                             "la %4, 1f\n\tla %3, 0f\n"
                             "0:\tjalr %1, %4\n\tori %0, %0, 1\n\tori %0, %0, 2\n"
                             "1:\tsubu %1, %1, %3\n\tmove %2, $31\n\t.set pop"
                             : "=&r"(r), "=&r"(rd), "=&r"(ra), "=&r"(pc), "=&r"(t) : : "$31");
        rt_check("jalr rd, t (rd != $31): result", r, 1);
        rt_check("  rd - jalr", rd, 8);
        rt_check("  $31 untouched", ra, 0x1111);
    }
    {
        /* jalr $0, t: a jump that links nowhere */
        uint32_t r, z, t;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tmove %0, $0\n\tla %2, 1f\n\t"
                             "jalr $0, %2\n\tori %0, %0, 1\n\tori %0, %0, 2\n"
                             "1:\tmove %1, $0\n\t.set pop"
                             : "=&r"(r), "=&r"(z), "=&r"(t));
        rt_check("jalr $0, t: result", r, 1);
        rt_check("  $0 still 0", z, 0);
    }
    {
        /* a call and a return, with work in both slots */
        uint32_t r;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tli %0, 1\n\t"
                             "jal 2f\n\tsll %0, %0, 4\n\t"          /* 0x10 */
                             "b 3f\n\taddiu %0, %0, 3\n"            /* 0x1003 -> ... */
                             "2:\tjr $31\n\tori %0, %0, 0x100\n"
                             "3:\n\t.set pop"
                             : "=&r"(r) : : "$31");
        rt_check("call/return with slots: (0x10 | 0x100) + 3", r, 0x113);
    }
    {
        /* j and jal within the same 256 MiB region reach far labels */
        register uint32_t r __asm__("$2");     /* far_j_target sets bit 0 of $2 */
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tmove %0, $0\n\t"
                             "j far_j_target\n\tnop\n\tori %0, %0, 2\n"
                             "far_j_back:\n\t.set pop"
                             : "=&r"(r));
        __asm__ __volatile__("" : "+r"(r));
        rt_check("j to another function and back: (1)", r, 1);
    }

    rt_puts("-- unaligned jump target: AdEL on the fetch\n");
    {
        uint32_t pc, rd, t;
        n_exc = 0;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\t"
                             "la %0, 3f\n\tsw %0, %3\n\t"
                             "la %2, 2f\n\taddiu %2, %2, 2\n\tla %0, 0f\n"
                             "0:\tjalr %1, %2\n\tnop\n\tnop\n"
                             "2:\tnop\n\tnop\n"
                             "3:\tsubu %1, %1, %0\n\t.set pop"
                             : "=&r"(pc), "=&r"(rd), "=&r"(t) : "m"(resume_at) : "memory");
        rt_check("jalr to label+2: exceptions", n_exc, 1);
        rt_check("  ExcCode (4 = AdEL)", exc_code, 4);
        rt_check("  BadVAddr - jalr (label 12 bytes on, + 2)", exc_bad - pc, 14);
        rt_check("  EPC - jalr", exc_epc - pc, 14);
        rt_check("  Cause.BD", exc_bd, 0);
        rt_check("  rd - jalr (the link was written)", rd, 8);
    }

    rt_puts("-- exceptions in a delay slot: BD = 1, EPC = the branch, branch re-executed\n");
    /* $24 = 0x7FFFFFFF, $25 = 1, the slot is "add $24, $24, $25" (Ov); the
     * handler sets $24 = 5 and returns to the branch, so the slot finally
     * leaves $24 = 6.  taken = 0, not taken = 2 (the fall-through ran).
     * link = link register - branch address. */
#define SLOTX(desc, setup, branch, linkreg, want_taken, is_link) do { \
    uint32_t _pc, _r, _link, _v; n_exc = 0; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\t.set noat\n\t" \
        "li $24, 0x7FFFFFFF\n\tli $25, 1\n\tmove %1, $0\n\tli $9, 0\n\t" setup "\n\t" \
        "la %0, 0f\n" \
        "0:\t" branch "\n\t" \
        "add $24, $24, $25\n\t" \
        "ori %1, %1, 2\n" \
        "2:\tsubu %2, " linkreg ", %0\n\t" \
        "move %3, $24\n\t.set pop" \
        : "=&r"(_pc), "=&r"(_r), "=&r"(_link), "=&r"(_v) \
        : "r"(0u), "r"(1u), "r"(0xFFFFFFFFu) \
        : "$8", "$9", "$24", "$25", "$31", "memory"); \
    rt_printf("%s:\n", desc); \
    rt_check("  exceptions", n_exc, 1); \
    rt_check("  ExcCode (12 = Ov)", exc_code, 12); \
    rt_check("  Cause.BD", exc_bd, 1); \
    rt_check("  EPC - branch", exc_epc - _pc, 0); \
    rt_check("  taken (0) / not taken (2)", _r, want_taken ? 0 : 2); \
    rt_check("  slot result after the retry", _v, 6); \
    if (is_link) rt_check("  link - branch", _link, 8); } while (0)

    SLOTX("j", "", "j 2f", "$31", 1, 0);
    SLOTX("jal", "", "jal 2f", "$31", 1, 1);
    SLOTX("jr", "la $8, 2f", "jr $8", "$31", 1, 0);
    SLOTX("jalr", "la $8, 2f", "jalr $8", "$31", 1, 1);
    SLOTX("jalr $9, $8", "la $8, 2f", "jalr $9, $8", "$9", 1, 1);
    SLOTX("beq taken", "", "beq %4, %4, 2f", "$31", 1, 0);
    SLOTX("beq not taken", "", "beq %4, %5, 2f", "$31", 0, 0);
    SLOTX("bne taken", "", "bne %4, %5, 2f", "$31", 1, 0);
    SLOTX("blez taken", "", "blez %4, 2f", "$31", 1, 0);
    SLOTX("bgtz not taken", "", "bgtz %4, 2f", "$31", 0, 0);
    SLOTX("bltz taken", "", "bltz %6, 2f", "$31", 1, 0);
    SLOTX("bgez taken", "", "bgez %5, 2f", "$31", 1, 0);
    SLOTX("beql taken", "", "beql %4, %4, 2f", "$31", 1, 0);
    SLOTX("bnel taken", "", "bnel %4, %5, 2f", "$31", 1, 0);
    SLOTX("bgtzl taken", "", "bgtzl %5, 2f", "$31", 1, 0);
    SLOTX("bltzal taken", "", "bltzal %6, 2f", "$31", 1, 1);
    SLOTX("bltzal not taken", "", "bltzal %5, 2f", "$31", 0, 1);
    SLOTX("bgezal taken", "", "bgezal %4, 2f", "$31", 1, 1);
    SLOTX("bgezall taken", "", "bgezall %4, 2f", "$31", 1, 1);
    SLOTX("bltzall taken", "", "bltzall %6, 2f", "$31", 1, 1);

    rt_puts("-- an address error in a delay slot: BadVAddr, BD = 1\n");
    {
        uint32_t pc, v, base;
        n_exc = 0;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\t.set noat\n\t"
                             "la $24, %3\n\taddiu $24, $24, 1\n\tmove %2, $24\n\t"
                             "la %0, 0f\n"
                             "0:\tb 2f\n\tlw $25, 0($24)\n\tnop\n"
                             "2:\tmove %1, $25\n\t.set pop"
                             : "=&r"(pc), "=&r"(v), "=&r"(base) : "i"(&aligned_word)
                             : "$24", "$25", "memory");
        rt_check("lw from word+1 in the slot of b: exceptions", n_exc, 1);
        rt_check("  ExcCode (4 = AdEL)", exc_code, 4);
        rt_check("  Cause.BD", exc_bd, 1);
        rt_check("  EPC - branch", exc_epc - pc, 0);
        rt_check("  BadVAddr = the data address", exc_bad - base, 0);
        rt_check("  value loaded after the repair", v, 0x600DF00D);
    }

    rt_summary("isa_jump");
}

/* The far target of the "j" test: sets bit 0 and jumps back. */
__asm__(".section .text\n\t.set push\n\t.set noreorder\n"
        "far_j_target:\n\tj far_j_back\n\tori $2, $2, 1\n\t.set pop\n");
