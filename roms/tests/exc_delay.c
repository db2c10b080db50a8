/*
 * exc_delay.c -- exceptions raised by an instruction in a branch delay
 * slot.  The CPU sets Cause.BD = 1 and EPC = the address of the branch
 * (not of the slot); a link branch has already written its link register
 * (branch + 8); the slot instruction has not written anything.
 *
 * The handler continues in one of two ways, both of which a kernel uses:
 *  - emulate: it decodes the branch at EPC, evaluates it with the saved
 *    registers and sets EPC to the branch target (taken) or to EPC + 8
 *    (not taken), as a kernel does after emulating the slot instruction;
 *  - restart: it repairs the cause (here: aligns the base register of a
 *    misaligned load) and returns to EPC unchanged, so the branch executes
 *    again and then the slot, as after a TLB refill.
 * Each test then reports which path the code took (1 = fall through,
 * 2 = branch target).
 *
 * Branch kinds: beq taken / not taken, bne, blez, bgtz, bltz, bgez,
 * bltzal, bgezal (link even when not taken), j, jal, jr, jalr, beql
 * (taken: the slot executes and traps) and bnel/blezl not taken (the slot
 * is nullified: no exception).
 *
 * Finally, an exception taken while Status.EXL = 1 (set by the program,
 * with EPC pointing at a resume label) updates neither EPC nor Cause.BD:
 * checked in both directions (BD stays 1, BD stays 0).
 */
#include "rt.h"

#define EXC_CODE(c) (((c) >> 2) & 0x1Fu)

enum { ACT_EMULATE, ACT_RESTART, ACT_NONE };

static volatile uint32_t n_exc, x_epc, x_cause, x_badvaddr, x_vector, x_ra, x_next;
static volatile int action;

/* Where execution continues after the branch at pc, evaluated on the frame. */
static uint32_t branch_next(const struct rt_frame *f, uint32_t pc)
{
    uint32_t insn = *(volatile uint32_t *)pc;
    uint32_t op = insn >> 26, rs = (insn >> 21) & 31, rt = (insn >> 16) & 31;
    int32_t s = (int32_t)f->r[rs];
    uint32_t t = f->r[rt];
    uint32_t btarget = pc + 4 + ((uint32_t)(int32_t)(short)insn << 2);
    int taken = 0;

    switch (op) {
    case 0:                                    /* jr, jalr */
        return f->r[rs];
    case 1:                                    /* REGIMM */
        switch (rt & 0x0F) {
        case 0: case 2: taken = s < 0; break;  /* bltz(al)(l) */
        case 1: case 3: taken = s >= 0; break; /* bgez(al)(l) */
        }
        break;
    case 2: case 3:                            /* j, jal */
        return ((pc + 4) & 0xF0000000u) | ((insn & 0x03FFFFFFu) << 2);
    case 4: case 20: taken = (uint32_t)s == t; break;   /* beq(l) */
    case 5: case 21: taken = (uint32_t)s != t; break;   /* bne(l) */
    case 6: case 22: taken = s <= 0; break;             /* blez(l) */
    case 7: case 23: taken = s > 0; break;              /* bgtz(l) */
    }
    return taken ? btarget : pc + 8;
}

static void handler(struct rt_frame *f)
{
    n_exc++;
    x_epc = f->epc;
    x_cause = f->cause;
    x_badvaddr = f->badvaddr;
    x_vector = f->vector;
    x_ra = f->r[31];
    if (action == ACT_NONE) {
        x_next = f->epc;        /* return to EPC as it is */
        return;
    }
    if (!(f->cause & 0x80000000u)) {
        /* Not in a delay slot: unexpected here; skip it. */
        x_next = f->epc + 4;
        f->epc += 4;
        return;
    }
    if (action == ACT_RESTART) {
        f->r[9] &= ~3u;         /* repair the slot's base register */
        x_next = f->epc;
    } else {
        x_next = branch_next(f, f->epc);
        f->epc = x_next;
    }
}

/* One test: $8 = a, $9 = b set up; label 1 is the branch; label 2 the
 * target; the path marker ($10) becomes 1 on fall-through, 2 at the
 * target; $31 is reported after (link value).  `branch` is the whole
 * branch instruction, `slot` the delay-slot instruction. */
#define BR_TEST(branch, slot, a, b, br, path, ra) do { n_exc = 0; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\t.set noat\n\t" \
        "move $8, %3\n\tmove $9, %4\n\tli $10, 0\n\tli $12, 0x7fffffff\n\tmove $31, $0\n\t" \
        "la $11, 2f\n\t" \
        "la %0, 1f\n" \
        "1:\t" branch "\n\t" slot "\n\t" \
        "li $10, 1\n\tb 3f\n\tnop\n" \
        "2:\tli $10, 2\n" \
        "3:\tmove %1, $10\n\tmove %2, $31\n\t.set pop" \
        : "=&r"(br), "=&r"(path), "=&r"(ra) : "r"((uint32_t)(a)), "r"((uint32_t)(b)) \
        : "$8", "$9", "$10", "$11", "$12", "$13", "$31", "memory"); } while (0)

static void report(uint32_t br, uint32_t path, uint32_t code, uint32_t want_path)
{
    rt_check("  exceptions taken", n_exc, 1);
    rt_check("  Cause.ExcCode", EXC_CODE(x_cause), code);
    rt_check("  Cause.BD", x_cause >> 31, 1);
    rt_check("  EPC - branch", x_epc - br, 0);
    rt_check("  vector", x_vector, 0x180);
    rt_check("  path taken (1 fall-through, 2 target)", path, want_path);
}

static void report_link(uint32_t br, uint32_t ra)
{
    rt_check("  $31 in handler - (branch + 8)", x_ra - (br + 8), 0);
    rt_check("  $31 after - (branch + 8)", ra - (br + 8), 0);
}

#define T(title, branch, slot, a, b, code, want_path) do { \
    uint32_t _br, _path, _ra; rt_puts("-- " title "\n"); \
    BR_TEST(branch, slot, a, b, _br, _path, _ra); \
    report(_br, _path, code, want_path); } while (0)

#define TL(title, branch, slot, a, b, code, want_path) do { \
    uint32_t _br, _path, _ra; rt_puts("-- " title "\n"); \
    BR_TEST(branch, slot, a, b, _br, _path, _ra); \
    report(_br, _path, code, want_path); report_link(_br, _ra); } while (0)

int main(void)
{
    volatile uint32_t *mem = (volatile uint32_t *)0x80400000u;
    rt_set_handler(handler);

    rt_puts("== emulate the branch in the handler\n");
    action = ACT_EMULATE;
    T("beq taken, break in slot", "beq $8, $9, 2f", "break 5", 3, 3, 9, 2);
    T("beq not taken, syscall in slot", "beq $8, $9, 2f", "syscall", 3, 4, 8, 1);
    T("bne taken, add overflow in slot", "bne $8, $9, 2f", "add $13, $12, $12", 3, 4, 12, 2);
    T("bne not taken, teq in slot", "bne $8, $9, 2f", "teq $0, $0", 3, 3, 13, 1);
    T("blez taken (0), RI in slot", "blez $8, 2f", ".word 0xfc000000", 0, 0, 10, 2);
    T("blez not taken (1), break in slot", "blez $8, 2f", "break", 1, 0, 9, 1);
    T("bgtz taken, lwc1 (CpU) in slot", "bgtz $8, 2f", ".word 0xc7a00000", 1, 0, 11, 2);
    T("bgtz not taken (-1), break in slot", "bgtz $8, 2f", "break", -1, 0, 9, 1);
    T("bltz taken, break in slot", "bltz $8, 2f", "break", 0x80000000, 0, 9, 2);
    T("bgez not taken, break in slot", "bgez $8, 2f", "break", 0x80000000, 0, 9, 1);
    TL("bltzal taken, syscall in slot", "bltzal $8, 2f", "syscall", -5, 0, 8, 2);
    TL("bgezal not taken (link anyway), syscall in slot", "bgezal $8, 2f", "syscall", -5, 0, 8, 1);
    T("j, break in slot", "j 2f", "break", 0, 0, 9, 2);
    TL("jal, syscall in slot", "jal 2f", "syscall", 0, 0, 8, 2);
    T("jr, misaligned lw (AdEL) in slot", "jr $11", "lw $13, 0($8)", 0x80400002, 0, 4, 2);
    rt_check("  BadVAddr", x_badvaddr, 0x80400002);
    TL("jalr, misaligned sw (AdES) in slot", "jalr $11", "sw $0, 0($8)", 0x80400001, 0, 5, 2);
    rt_check("  BadVAddr", x_badvaddr, 0x80400001);
    T("jr, slot overwrites the jump register and traps", "jr $11", "lw $11, 0($8)", 0x80400003, 0, 4, 2);
    T("beql taken, break in slot", "beql $8, $9, 2f", "break", 7, 7, 9, 2);
    T("bgezall taken, tne in slot", "bgezall $8, 2f", "tne $8, $0", 1, 0, 13, 2);

    {
        uint32_t br, path, ra;
        rt_puts("-- bnel not taken: slot nullified, no exception\n");
        BR_TEST("bnel $8, $9, 2f", "break", 7, 7, br, path, ra);
        rt_check("  exceptions taken", n_exc, 0);
        rt_check("  path taken (1 fall-through, 2 target)", path, 1);
        rt_puts("-- blezl not taken: slot nullified, no exception\n");
        BR_TEST("blezl $8, 2f", "syscall", 1, 0, br, path, ra);
        rt_check("  exceptions taken", n_exc, 0);
        rt_check("  path taken (1 fall-through, 2 target)", path, 1);
        (void)ra;
    }

    rt_puts("== restart: repair the slot's operand, eret to the branch\n");
    action = ACT_RESTART;
    mem[0] = 0xCAFEF00D;
    {
        uint32_t br, path, ra, val;
#define RESTART(title, branch, a, want_path, link) do { \
        rt_puts("-- " title "\n"); n_exc = 0; \
        __asm__ __volatile__(".set push\n\t.set noreorder\n\t.set noat\n\t" \
            "move $8, %4\n\tli $9, 0x80400002\n\tli $10, 0\n\tli $13, 0\n\tmove $31, $0\n\t" \
            "la $11, 2f\n\tla %0, 1f\n" \
            "1:\t" branch "\n\tlw $13, 0($9)\n\t" \
            "li $10, 1\n\tb 3f\n\tnop\n" \
            "2:\tli $10, 2\n" \
            "3:\tmove %1, $10\n\tmove %2, $31\n\tmove %3, $13\n\t.set pop" \
            : "=&r"(br), "=&r"(path), "=&r"(ra), "=&r"(val) : "r"((uint32_t)(a)) \
            : "$8", "$9", "$10", "$11", "$13", "$31", "memory"); \
        rt_check("  exceptions taken", n_exc, 1); \
        rt_check("  Cause.ExcCode", EXC_CODE(x_cause), 4); \
        rt_check("  Cause.BD", x_cause >> 31, 1); \
        rt_check("  EPC - branch", x_epc - br, 0); \
        rt_check("  BadVAddr", x_badvaddr, 0x80400002); \
        rt_check("  value loaded by the re-executed slot", val, 0xCAFEF00D); \
        rt_check("  path taken (1 fall-through, 2 target)", path, want_path); \
        if (link) rt_check("  $31 after - (branch + 8)", ra - (br + 8), 0); \
        } while (0)
        RESTART("beq taken", "beq $8, $0, 2f", 0, 2, 0);
        RESTART("beq not taken", "beq $8, $0, 2f", 1, 1, 0);
        RESTART("j", "j 2f", 0, 2, 0);
        RESTART("jal", "jal 2f", 0, 2, 1);
        RESTART("jr", "jr $11", 0, 2, 0);
        RESTART("jalr", "jalr $11", 0, 2, 1);
        RESTART("bltzal not taken", "bltzal $8, 2f", 1, 1, 1);
        RESTART("bnel taken", "bnel $8, $0, 2f", 1, 2, 0);
    }

    rt_puts("== EXL=1: a second exception does not update EPC or Cause.BD\n");
    {
        uint32_t resume, br, path;
        /* An exception in a delay slot first: BD = 1. */
        action = ACT_EMULATE;
        BR_TEST("beq $0, $0, 2f", "syscall", 0, 0, br, path, resume);
        rt_check("  first exception (in a slot): Cause.BD", x_cause >> 31, 1);
        /* Then, with EXL=1 and EPC = label 3, a syscall not in a slot. */
        action = ACT_NONE;
        n_exc = 0;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\t"
                             "li $10, 0\n\tla %0, 3f\n\tmtc0 %0, $14\n\t"
                             "mfc0 $8, $12\n\tori $8, $8, 2\n\tmtc0 $8, $12\n\tnop\n\tnop\n\t"
                             "la %1, 1f\n"
                             "1:\tsyscall\n\tli $10, 1\n"
                             "3:\tmove %2, $10\n\t.set pop"
                             : "=&r"(resume), "=&r"(br), "=&r"(path) : : "$8", "$10", "memory");
        rt_puts("-- syscall (not in a slot) with EXL=1 after a slot exception\n");
        rt_check("  exceptions taken", n_exc, 1);
        rt_check("  Cause.ExcCode", EXC_CODE(x_cause), 8);
        rt_check("  vector", x_vector, 0x180);
        rt_check("  EPC - the value set before (unchanged)", x_epc - resume, 0);
        rt_check("  Cause.BD (unchanged: still 1)", x_cause >> 31, 1);
        rt_check("  resumed at the old EPC", path, 0);

        /* A plain exception: BD = 0; then, with EXL=1, one in a slot. */
        action = ACT_EMULATE;
        n_exc = 0;
        __asm__ __volatile__("break" : : : "memory");
        rt_check("  exception not in a slot: Cause.BD", x_cause >> 31, 0);
        action = ACT_NONE;
        n_exc = 0;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\t"
                             "li $10, 0\n\tla %0, 3f\n\tmtc0 %0, $14\n\t"
                             "mfc0 $8, $12\n\tori $8, $8, 2\n\tmtc0 $8, $12\n\tnop\n\tnop\n\t"
                             "la %1, 1f\n"
                             "1:\tbeq $0, $0, 2f\n\tbreak\n\tli $10, 1\n"
                             "2:\tli $10, 2\n"
                             "3:\tmove %2, $10\n\t.set pop"
                             : "=&r"(resume), "=&r"(br), "=&r"(path) : : "$8", "$10", "memory");
        rt_puts("-- break in a delay slot with EXL=1 after a non-slot exception\n");
        rt_check("  exceptions taken", n_exc, 1);
        rt_check("  Cause.ExcCode", EXC_CODE(x_cause), 9);
        rt_check("  vector", x_vector, 0x180);
        rt_check("  EPC - the value set before (unchanged)", x_epc - resume, 0);
        rt_check("  Cause.BD (unchanged: still 0)", x_cause >> 31, 0);
        rt_check("  resumed at the old EPC", path, 0);
        rt_check("  Status.EXL after the eret", (MFC0(12, 0) >> 1) & 1, 0);
        action = ACT_EMULATE;
    }

    rt_summary("exc_delay");
}
