/*
 * exc_basic.c -- the exceptions an instruction raises by itself in kernel
 * mode: Sys, Bp (with the code fields the handler reads from the
 * instruction at EPC), RI, CpU (CE=1 for COP1/COP1X/LWC1/SWC1/LDC1/SDC1,
 * CE=2 for COP2/LWC2/SWC2), Ov, Tr (all twelve trap forms, taken and not
 * taken), AdEL on a load and on an instruction fetch, AdES on a store;
 * and eret: to ErrorEPC clearing ERL when ERL=1, else to EPC clearing EXL.
 *
 * For each exception: how many were taken, Cause.ExcCode, EPC relative to
 * the instruction, Cause.BD, Status.EXL as the handler sees it, the vector
 * (all go to 0x180), BadVAddr for address errors, Cause.CE for CpU.
 * Addresses are printed relative to the instruction so the golden file does
 * not depend on the code layout.
 *
 * An instruction whose destination is $0 still raises its exception (Ov,
 * AdEL).
 *
 * Int is in timer.c, Mod/TLBL/TLBS in tlb_ops.c, IBE/DBE in exc_buserr.c,
 * user/supervisor-mode AdEL/AdES and CpU CE=0 in seg_modes.c, exceptions in
 * branch delay slots in exc_delay.c.
 */
#include "rt.h"

#define EXC_CODE(c) (((c) >> 2) & 0x1Fu)
#define SENTINEL 0x5A5A5A5Au

enum { ACT_SKIP, ACT_RA };

static volatile uint32_t n_exc, x_epc, x_cause, x_status, x_badvaddr, x_vector, x_insn;
static volatile int action;

static void handler(struct rt_frame *f)
{
    n_exc++;
    x_epc = f->epc;
    x_cause = f->cause;
    x_status = f->status;
    x_badvaddr = f->badvaddr;
    x_vector = f->vector;
    x_insn = 0;
    if ((f->epc & 3) == 0 && f->epc >= 0x80000000u && f->epc < 0x80100000u)
        x_insn = *(volatile uint32_t *)f->epc;
    if (action == ACT_RA)
        f->epc = f->r[31];      /* resume after the jalr that faulted */
    else
        f->epc += 4;            /* skip the faulting instruction */
}

/* The common part of every expected exception. */
static void expect(uint32_t pc, uint32_t code)
{
    rt_check("  exceptions taken", n_exc, 1);
    rt_check("  Cause.ExcCode", EXC_CODE(x_cause), code);
    rt_check("  EPC - insn", x_epc - pc, 0);
    rt_check("  Cause.BD", x_cause >> 31, 0);
    rt_check("  Status.EXL in handler", (x_status >> 1) & 1, 1);
    rt_check("  vector", x_vector, 0x180);
}

static void expect_none(void)
{
    rt_check("  exceptions taken", n_exc, 0);
}

/* Execute one instruction (a string of assembly) at a label; yields the
 * label's address. */
#define RUN1(insn) ({ uint32_t _pc; n_exc = 0; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\t" insn "\n\t.set pop" \
        : "=&r"(_pc) : : "memory"); _pc; })

/* A raw instruction word. */
#define WORD(w) RUN1(".word " #w)

/* ---- syscall / break ---------------------------------------------------- */

static void test_sys_bp(void)
{
    uint32_t pc;

    rt_puts("-- syscall\n");
    pc = RUN1("syscall");
    expect(pc, 8);
    rt_check("  code field (insn bits 25..6)", (x_insn >> 6) & 0xFFFFF, 0);

    rt_puts("-- syscall 0xabcde\n");
    pc = RUN1("syscall 0xabcde");
    expect(pc, 8);
    rt_check("  code field (insn bits 25..6)", (x_insn >> 6) & 0xFFFFF, 0xABCDE);

    rt_puts("-- break\n");
    pc = RUN1("break");
    expect(pc, 9);
    rt_check("  code field (insn bits 25..16)", (x_insn >> 16) & 0x3FF, 0);

    rt_puts("-- break 7\n");
    pc = RUN1("break 7");
    expect(pc, 9);
    rt_check("  code field (insn bits 25..16)", (x_insn >> 16) & 0x3FF, 7);
    rt_check("  code2 field (insn bits 15..6)", (x_insn >> 6) & 0x3FF, 0);

    rt_puts("-- break 0x3ff, 0x155\n");
    pc = RUN1("break 0x3ff, 0x155");
    expect(pc, 9);
    rt_check("  code field (insn bits 25..16)", (x_insn >> 16) & 0x3FF, 0x3FF);
    rt_check("  code2 field (insn bits 15..6)", (x_insn >> 6) & 0x3FF, 0x155);
}

/* ---- reserved instructions ---------------------------------------------- */

static void test_ri(void)
{
    uint32_t pc;

    rt_puts("-- RI: opcode 0x3b (.word 0xec000000)\n");
    pc = WORD(0xec000000);
    expect(pc, 10);
    rt_puts("-- RI: opcode 0x3f, MIPS64 sd (.word 0xfc000000)\n");
    pc = WORD(0xfc000000);
    expect(pc, 10);
    rt_puts("-- RI: opcode 0x37, MIPS64 ld (.word 0xdc000000)\n");
    pc = WORD(0xdc000000);
    expect(pc, 10);
    rt_puts("-- RI: SPECIAL dsra32 (.word 0x0000003f)\n");
    pc = WORD(0x0000003f);
    expect(pc, 10);
    rt_puts("-- RI: SPECIAL dadd (.word 0x0000002c)\n");
    pc = WORD(0x0000002c);
    expect(pc, 10);
}

/* ---- coprocessor unusable ----------------------------------------------- */

static void cpu_case(const char *what, uint32_t pc, uint32_t ce)
{
    rt_printf("-- CpU: %s\n", what);
    expect(pc, 11);
    rt_check("  Cause.CE", (x_cause >> 28) & 3, ce);
}

static void test_cpu(void)
{
    /* Status.CU1 = CU2 = 0 (crt0 cleared Status). */
    cpu_case("mfc1 $8, $f0", WORD(0x44080000), 1);
    cpu_case("add.s $f0, $f0, $f0", WORD(0x46000000), 1);
    cpu_case("lwc1 $f0, 0($sp)", WORD(0xc7a00000), 1);
    cpu_case("swc1 $f0, 0($sp)", WORD(0xe7a00000), 1);
    cpu_case("ldc1 $f0, 0($sp)", WORD(0xd7a00000), 1);
    cpu_case("sdc1 $f0, 0($sp)", WORD(0xf7a00000), 1);
    cpu_case("COP1X lwxc1 $f0, $0($sp)", WORD(0x4fa00000), 1);
    cpu_case("lwc2 $0, 0($sp)", WORD(0xcba00000), 2);
    cpu_case("swc2 $0, 0($sp)", WORD(0xeba00000), 2);
    cpu_case("ldc2 $0, 0($sp)", WORD(0xdba00000), 2);
    cpu_case("sdc2 $0, 0($sp)", WORD(0xfba00000), 2);
    /* COP2 (opcode 0x12) instructions themselves: QEMU raises RI there,
     * the architecture CpU CE=2; they are in exc_arch.c (trapeze only). */
}

/* ---- integer overflow --------------------------------------------------- */

#define OV3(op, a, b) ({ uint32_t _pc, _r = SENTINEL; n_exc = 0; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\t" op " %1, %2, %3\n\t.set pop" \
        : "=&r"(_pc), "+r"(_r) : "r"((uint32_t)(a)), "r"((uint32_t)(b)) : "memory"); \
    rt_check("  destination", _r, SENTINEL); _pc; })

static void test_ov(void)
{
    uint32_t pc, r = SENTINEL;

    rt_puts("-- Ov: add 0x7fffffff, 1\n");
    pc = OV3("add", 0x7FFFFFFF, 1);
    expect(pc, 12);
    rt_puts("-- Ov: sub 0x80000000, 1\n");
    pc = OV3("sub", 0x80000000, 1);
    expect(pc, 12);
    rt_puts("-- Ov: addi 0x7fffffff, 1\n");
    n_exc = 0;
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\taddi %1, %2, 1\n\t.set pop"
                         : "=&r"(pc), "+r"(r) : "r"(0x7FFFFFFFu) : "memory");
    rt_check("  destination", r, SENTINEL);
    expect(pc, 12);
}

/* Destination $0 does not suppress the exception. */
static void test_zero_dest(void)
{
    uint32_t pc;

    rt_puts("-- Ov: add $0, 0x7fffffff, 1\n");
    n_exc = 0;
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\tadd $0, %1, %2\n\t.set pop"
                         : "=&r"(pc) : "r"(0x7FFFFFFFu), "r"(1u) : "memory");
    expect(pc, 12);
    rt_puts("-- Ov: addi $0, 0x7fffffff, 1\n");
    n_exc = 0;
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\taddi $0, %1, 1\n\t.set pop"
                         : "=&r"(pc) : "r"(0x7FFFFFFFu) : "memory");
    expect(pc, 12);
    rt_puts("-- Ov: sub $0, 0x80000000, 1\n");
    n_exc = 0;
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\tsub $0, %1, %2\n\t.set pop"
                         : "=&r"(pc) : "r"(0x80000000u), "r"(1u) : "memory");
    expect(pc, 12);
    rt_puts("-- AdEL: lw $0, 0(0x80400001)\n");
    n_exc = 0;
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\tlw $0, 0(%1)\n\t.set pop"
                         : "=&r"(pc) : "r"(0x80400001u) : "memory");
    expect(pc, 4);
    rt_check("  BadVAddr", x_badvaddr, 0x80400001);
    rt_puts("-- AdEL: lhu $0, 0(0x80400003)\n");
    n_exc = 0;
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\tlhu $0, 0(%1)\n\t.set pop"
                         : "=&r"(pc) : "r"(0x80400003u) : "memory");
    expect(pc, 4);
    rt_check("  BadVAddr", x_badvaddr, 0x80400003);
}

/* ---- traps -------------------------------------------------------------- */

#define TRAP_RR(op, a, b, taken) do { uint32_t _pc; n_exc = 0; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\t" op " %1, %2\n\t.set pop" \
        : "=&r"(_pc) : "r"((uint32_t)(a)), "r"((uint32_t)(b)) : "memory"); \
    rt_puts("-- " op " " #a ", " #b "\n"); \
    if (taken) expect(_pc, 13); else expect_none(); } while (0)

#define TRAP_RI(op, a, imm, taken) do { uint32_t _pc; n_exc = 0; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\t" op " %1, " #imm "\n\t.set pop" \
        : "=&r"(_pc) : "r"((uint32_t)(a)) : "memory"); \
    rt_puts("-- " op " " #a ", " #imm "\n"); \
    if (taken) expect(_pc, 13); else expect_none(); } while (0)

static void test_tr(void)
{
    TRAP_RR("teq", 5, 5, 1);
    TRAP_RR("teq", 5, 6, 0);
    TRAP_RR("tne", 5, 6, 1);
    TRAP_RR("tne", 5, 5, 0);
    TRAP_RR("tge", 0xFFFFFFFF, 0xFFFFFFFE, 1);     /* -1 >= -2 */
    TRAP_RR("tge", 7, 7, 1);
    TRAP_RR("tge", 0xFFFFFFFF, 1, 0);              /* -1 >= 1 no */
    TRAP_RR("tgeu", 0xFFFFFFFF, 1, 1);
    TRAP_RR("tgeu", 1, 0xFFFFFFFF, 0);
    TRAP_RR("tlt", 0x80000000, 0x7FFFFFFF, 1);
    TRAP_RR("tlt", 7, 7, 0);
    TRAP_RR("tltu", 0x7FFFFFFF, 0x80000000, 1);
    TRAP_RR("tltu", 0x80000000, 0x7FFFFFFF, 0);
    TRAP_RI("teqi", 0xFFFFFFFF, -1, 1);
    TRAP_RI("teqi", 0xFFFF, -1, 0);
    TRAP_RI("tnei", 3, 4, 1);
    TRAP_RI("tnei", 4, 4, 0);
    TRAP_RI("tgei", 0xFFFFFFF0, -16, 1);
    TRAP_RI("tgei", 0xFFFFFFEF, -16, 0);
    TRAP_RI("tgeiu", 0xFFFFFFF0, -16, 1);          /* immediate sign-extended, unsigned compare */
    TRAP_RI("tgeiu", 0x7FFFFFFF, -16, 0);
    TRAP_RI("tlti", 0xFFFFFFFF, 0, 1);
    TRAP_RI("tlti", 0, 0, 0);
    TRAP_RI("tltiu", 0x7FFFFFFF, -1, 1);
    TRAP_RI("tltiu", 0xFFFFFFFF, -1, 0);
}

/* ---- address errors ----------------------------------------------------- */

#define LD(op, addr, want_exc) do { uint32_t _pc, _r = SENTINEL; n_exc = 0; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\t" op " %1, 0(%2)\n\t.set pop" \
        : "=&r"(_pc), "+r"(_r) : "r"((uint32_t)(addr)) : "memory"); \
    rt_puts("-- " op " from " #addr "\n"); \
    if (want_exc) { expect(_pc, 4); rt_check("  BadVAddr", x_badvaddr, addr); \
                    rt_check("  destination", _r, SENTINEL); } \
    else expect_none(); } while (0)

#define ST(op, addr, want_exc) do { uint32_t _pc, _v = 0x11223344; n_exc = 0; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\t" op " %1, 0(%2)\n\t.set pop" \
        : "=&r"(_pc), "+r"(_v) : "r"((uint32_t)(addr)) : "memory"); \
    rt_puts("-- " op " to " #addr "\n"); \
    if (want_exc) { expect(_pc, 5); rt_check("  BadVAddr", x_badvaddr, addr); } \
    else expect_none(); } while (0)

static void fetch_target(void) { }

static void test_adel_ades(void)
{
    volatile uint32_t *mem = (volatile uint32_t *)0x80400000u;
    mem[0] = 0xAABBCCDD;
    mem[1] = 0x01020304;

    LD("lw", 0x80400000, 0);
    LD("lw", 0x80400001, 1);
    LD("lw", 0x80400002, 1);
    LD("lw", 0x80400003, 1);
    LD("lh", 0x80400001, 1);
    LD("lhu", 0x80400003, 1);
    LD("lh", 0x80400002, 0);
    LD("lb", 0x80400003, 0);
    /* ll as a raw word (ll $8, 0($9)): gas puts a sync before every ll
     * it assembles for this target.  The unaligned sc is in exc_arch.c:
     * QEMU lets it fail quietly without AdES. */
    {
        uint32_t pc, r;
        n_exc = 0;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tmove $9, %2\n\tli $8, 0x5a5a5a5a\n\t"
                             "la %0, 1f\n1:\t.word 0xc1280000\n\tmove %1, $8\n\t.set pop"
                             : "=&r"(pc), "=&r"(r) : "r"(0x80400002u) : "$8", "$9", "memory");
        rt_puts("-- ll from 0x80400002\n");
        expect(pc, 4);
        rt_check("  BadVAddr", x_badvaddr, 0x80400002);
        rt_check("  destination", r, SENTINEL);
    }
    LD("lwl", 0x80400001, 0);   /* the unaligned loads never trap */
    LD("lwr", 0x80400002, 0);

    ST("sw", 0x80400004, 0);
    ST("sw", 0x80400006, 1);
    ST("sh", 0x80400005, 1);
    ST("sh", 0x80400006, 0);
    ST("sb", 0x80400007, 0);
    ST("swl", 0x80400005, 0);
    ST("swr", 0x80400005, 0);
    rt_check("memory after the aligned/unaligned stores", mem[0], 0xAABBCCDD);

    /* A store that raised AdES wrote nothing. */
    mem[2] = 0x55555555;
    ST("sw", 0x80400009, 1);
    ST("sh", 0x8040000b, 1);
    rt_check("memory after the faulting stores", mem[2], 0x55555555);

    /* Instruction fetch from a kseg0 address that is not word aligned:
     * AdEL with EPC = BadVAddr = the address, BD = 0 (the jalr itself
     * completed).  The handler resumes at $ra. */
    {
        uint32_t target = (uint32_t)fetch_target + 2;
        rt_puts("-- fetch from a misaligned address (jalr to function + 2)\n");
        action = ACT_RA;
        n_exc = 0;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tjalr %0\n\tnop\n\t.set pop"
                             : : "r"(target)
                             : "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10",
                               "$11", "$12", "$13", "$14", "$15", "$24", "$25", "$31", "memory");
        action = ACT_SKIP;
        expect(target, 4);
        rt_check("  BadVAddr - target", x_badvaddr - target, 0);
    }

    /* BadVAddr is written only by address exceptions. */
    {
        uint32_t pc;
        rt_puts("-- BadVAddr is left alone by syscall\n");
        LD("lw", 0x80400011, 1);
        pc = RUN1("syscall");
        expect(pc, 8);
        rt_check("  BadVAddr (from the lw before)", x_badvaddr, 0x80400011);
    }
}

/* ---- eret ------------------------------------------------------------- */

static void test_eret(void)
{
    uint32_t path, st;

    rt_puts("-- eret with ERL=1, EXL=1: to ErrorEPC, clears ERL only\n");
    __asm__ __volatile__(".set push\n\t.set noreorder\n\t"
                         "li %0, 0\n\tla $8, 1f\n\tmtc0 $8, $30\n\tla $8, 2f\n\tmtc0 $8, $14\n\t"
                         "li $8, 6\n\tmtc0 $8, $12\n\tnop\n\tnop\n\t"
                         "eret\n"
                         "2:\tb 3f\n\tli %0, 2\n"
                         "1:\tli %0, 1\n"
                         "3:\n\t.set pop"
                         : "=&r"(path) : : "$8", "memory");
    st = MFC0(12, 0);
    MTC0(12, 0, 0);
    rt_check("  went to (1 ErrorEPC, 2 EPC)", path, 1);
    rt_check("  Status.ERL after", (st >> 2) & 1, 0);
    rt_check("  Status.EXL after", (st >> 1) & 1, 1);

    rt_puts("-- eret with EXL=1, ERL=0: to EPC, clears EXL\n");
    __asm__ __volatile__(".set push\n\t.set noreorder\n\t"
                         "li %0, 0\n\tla $8, 1f\n\tmtc0 $8, $30\n\tla $8, 2f\n\tmtc0 $8, $14\n\t"
                         "li $8, 2\n\tmtc0 $8, $12\n\tnop\n\tnop\n\t"
                         "eret\n"
                         "2:\tb 3f\n\tli %0, 2\n"
                         "1:\tli %0, 1\n"
                         "3:\n\t.set pop"
                         : "=&r"(path) : : "$8", "memory");
    st = MFC0(12, 0);
    MTC0(12, 0, 0);
    rt_check("  went to (1 ErrorEPC, 2 EPC)", path, 2);
    rt_check("  Status.EXL after", (st >> 1) & 1, 0);
}

int main(void)
{
    rt_set_handler(handler);
    action = ACT_SKIP;

    test_sys_bp();
    test_ri();
    test_cpu();
    test_ov();
    test_zero_dest();
    test_tr();
    test_adel_ades();
    test_eret();

    rt_summary("exc_basic");
}
