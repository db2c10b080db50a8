/*
 * test_cpu_assist.c -- the COP0 assist (cpu_set_cop0_assist, cpu.h).
 *
 * A COP0 instruction named by cpu_cop0_op() that would raise Coprocessor
 * Unusable, outside a delay slot, is first offered to the assist, which
 * answers DECLINED (the CpU exception as usual), NEXT (done: pc + 4, two
 * instructions of time), JUMP (done: at the PC it set, two instructions)
 * or TRAPPED (it did an exception hook's work: one instruction).  These
 * tests hold the CPU to that contract through the public API only:
 *
 *   - what the assist is given: pc, the word, the icount of the instruction;
 *   - each answer: where the CPU goes on, the registers, the time, and that
 *     no exception is taken (or, DECLINED, exactly the usual one);
 *   - when it is not asked: kernel mode (EXL included), CU0 set, a delay
 *     slot, the instructions cpu_cop0_op() does not name;
 *   - NEXT after the assist ended the block (a Status write, a stop).
 *
 * Guest code runs in supervisor or user mode from a kuseg page pair mapped
 * with cpu_tlb_write(); kseg0 is out of reach there.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"

/* ---- the machine ---------------------------------------------------------- */

#define RAM_SIZE    (8u << 20)
#define UVA         0x00400000u     /* kuseg pair: user and supervisor code */
#define UPA         0x00100000u     /* its even page; the odd one follows */
#define SVA         0xC0000000u     /* ksseg pair: supervisor (not user) data */
#define SPA         0x00200000u
#define KCODE       0x80001000u     /* kernel code, kseg0 */
#define KPA         0x00001000u
#define VEC_GENERAL 0x80000180u     /* BEV=0: RAM there is zero, i.e. nops */

#define KSU_SUPER   (1u << ST_KSU_SHIFT)
#define KSU_USER    (2u << ST_KSU_SHIFT)
#define IM(n)       (1u << (ST_IM_SHIFT + (n)))

enum { ZERO, AT, V0, V1, A0, A1, A2, A3, T0, T1, T2, T3, T4, T5, T6, T7 };

struct fx { struct bus *bus; uint8_t *ram; struct cpu *c; };

static uint32_t entrylo(uint32_t pa)
{
    return (pa >> 12) << ENTRYLO_PFN_SHIFT | 3u << ENTRYLO_C_SHIFT |
           ENTRYLO_D | ENTRYLO_V | ENTRYLO_G;
}

/* Map the 4 KiB page pair at va onto pa, pa + 4 KiB (global, writable). */
static void map_pair(struct fx *f, unsigned idx, uint32_t va, uint32_t pa)
{
    struct tlb_entry e = tlb_make_entry(0, va & ENTRYHI_VPN2_MASK,
                                        entrylo(pa), entrylo(pa + 0x1000));
    assert_int_equal(cpu_tlb_write(f->c, idx, &e), -1);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->ram = calloc(1, RAM_SIZE);
    assert_non_null(f->ram);
    f->bus = bus_new();
    assert_non_null(f->bus);
    assert_int_equal(bus_map_memory(f->bus, "ram", 0, RAM_SIZE, f->ram, false), 0);
    struct cpu_config cfg = { 0 };
    f->c = cpu_new(&cfg, f->bus);
    assert_non_null(f->c);
    cpu_cp0_write(f->c, CP0_STATUS, 0, 0);      /* leave reset's BEV, ERL */
    map_pair(f, 0, UVA, UPA);
    map_pair(f, 1, SVA, SPA);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    cpu_free(f->c);
    bus_free(f->bus);
    free(f->ram);
    free(f);
    return 0;
}

/* Place words at a physical address, behind the CPU's back. */
static void put_words(struct fx *f, uint32_t pa, const uint32_t *w, size_t n)
{
    memcpy(f->ram + pa, w, n * 4);              /* the host is little-endian */
    cpu_invalidate_code(f->c, pa, (uint32_t)(n * 4));
}
#define WORDS(...)  ((const uint32_t[]){ __VA_ARGS__ })
#define NWORDS(...) (sizeof(WORDS(__VA_ARGS__)) / sizeof(uint32_t))
#define PROG(f, pa, ...) put_words((f), (pa), WORDS(__VA_ARGS__), NWORDS(__VA_ARGS__))

/* ---- instruction encoders ------------------------------------------------ */

static uint32_t enc_i(unsigned op, unsigned rs, unsigned rt, int32_t imm)
{
    return (uint32_t)op << 26 | rs << 21 | rt << 16 | ((uint32_t)imm & 0xFFFFu);
}
static uint32_t ADDIU(unsigned rt, unsigned rs, int imm) { return enc_i(0x09, rs, rt, imm); }
static uint32_t LW(unsigned rt, int off, unsigned base) { return enc_i(0x23, base, rt, off); }
static uint32_t LUI(unsigned rt, int imm) { return enc_i(0x0F, 0, rt, imm); }
static uint32_t BEQ(unsigned rs, unsigned rt, int off) { return enc_i(0x04, rs, rt, off); }
static uint32_t MFC0(unsigned rt, unsigned rd) { return 0x40000000u | rt << 16 | rd << 11; }
static uint32_t MTC0(unsigned rt, unsigned rd) { return 0x40800000u | rt << 16 | rd << 11; }
#define TLBR  0x42000001u
#define TLBWI 0x42000002u
#define TLBWR 0x42000006u
#define TLBP  0x42000008u
#define ERET  0x42000018u
#define WAIT  0x42000020u
#define CACHE 0xBC000000u              /* cache 0, 0($zero) */
#define COP2  0x48000000u               /* CpU with CE=2, not a COP0 op */

/* ---- the assist and the exception hook under test ------------------------ */

/* What the assist saw, and what it is to do before answering. */
struct assist {
    int calls;
    uint32_t pc, insn;
    uint64_t icount;            /* cpu_icount() during the call */
    uint32_t rt_value;          /* the instruction's rt register then */
    enum cpu_assist answer;
    bool set_t0;                /* emulate an mfc0 into t0 */
    uint32_t t0;
    bool set_pc;                /* cpu_set_pc(new_pc) */
    uint32_t new_pc;
    bool set_status;            /* cpu_cp0_write(Status): a sync point */
    uint32_t status;
    bool stop;                  /* cpu_request_stop() */
};

static enum cpu_assist assist_fn(void *opaque, struct cpu *c, uint32_t pc,
                                 uint32_t insn)
{
    struct assist *a = opaque;
    a->calls++;
    a->pc = pc;
    a->insn = insn;
    a->icount = cpu_icount(c);
    a->rt_value = cpu_get_gpr(c, (insn >> 16) & 31);
    if (a->set_t0)
        cpu_set_gpr(c, T0, a->t0);
    if (a->set_status)
        cpu_cp0_write(c, CP0_STATUS, 0, a->status);
    if (a->set_pc)
        cpu_set_pc(c, a->new_pc);
    if (a->stop)
        cpu_request_stop(c);
    return a->answer;
}

/* Records every exception; lets the CPU take it unless `stop` (then it
 * handles it by asking the CPU to stop, leaving the PC alone). */
struct hook {
    int calls;
    struct cpu_exception last;
    bool stop;
};

static bool hook_fn(void *opaque, struct cpu *c, const struct cpu_exception *e)
{
    struct hook *h = opaque;
    h->calls++;
    h->last = *e;
    if (h->stop)
        cpu_request_stop(c);
    return h->stop;
}

static void attach(struct fx *f, struct assist *a, struct hook *h)
{
    cpu_set_cop0_assist(f->c, a ? assist_fn : NULL, a);
    cpu_set_exception_hook(f->c, h ? hook_fn : NULL, h);
}

/* Enter `status` (Cause cleared) at pc; return the icount we started at. */
static uint64_t start(struct fx *f, uint32_t status, uint32_t pc)
{
    cpu_cp0_write(f->c, CP0_STATUS, 0, status);
    cpu_cp0_write(f->c, CP0_CAUSE, 0, 0);
    cpu_set_pc(f->c, pc);
    return cpu_icount(f->c);
}

static uint32_t cp0(struct fx *f, unsigned reg) { return cpu_cp0_read(f->c, reg, 0); }
static unsigned exccode(struct fx *f)
{
    return (cp0(f, CP0_CAUSE) & CAUSE_EXC) >> CAUSE_EXC_SHIFT;
}

/* The CPU took CpU (CE=0) from epc, BD clear, and is at the vector. */
static void assert_took_cpu(struct fx *f, uint32_t epc)
{
    assert_int_equal(cpu_get_pc(f->c), VEC_GENERAL);
    assert_int_equal(exccode(f), EXC_CPU);
    assert_int_equal((cp0(f, CP0_CAUSE) & CAUSE_CE) >> CAUSE_CE_SHIFT, 0);
    assert_int_equal(cp0(f, CP0_CAUSE) & CAUSE_BD, 0);
    assert_int_equal(cp0(f, CP0_EPC), epc);
    assert_true(cp0(f, CP0_STATUS) & ST_EXL);
}

/* No exception was taken: EXL clear, EPC still the marker we left. */
#define EPC_MARK 0xE9C0E9C0u
static void assert_no_exception(struct fx *f)
{
    assert_false(cp0(f, CP0_STATUS) & ST_EXL);
    assert_int_equal(cp0(f, CP0_EPC), EPC_MARK);
}

/* ==== DECLINED ============================================================== */

/* The assist is asked first, with the instruction's pc, word and icount;
 * declining leaves exactly the CpU exception the CPU raises without it. */
static void test_declined_raises_cpu(void **state)
{
    struct fx *f = *state;
    struct assist a = { .answer = CPU_ASSIST_DECLINED };
    struct hook h = { 0 };
    attach(f, &a, &h);
    PROG(f, UPA, ADDIU(T1, ZERO, 7), MFC0(T0, CP0_STATUS));
    cpu_set_gpr(f->c, T0, 0x5555u);
    uint64_t t = start(f, KSU_SUPER, UVA);
    assert_int_equal(cpu_run(f->c, 2), CPU_STOP_BUDGET);

    assert_int_equal(a.calls, 1);
    assert_int_equal(a.pc, UVA + 4);
    assert_int_equal(a.insn, MFC0(T0, CP0_STATUS));
    assert_int_equal(a.icount, t + 1);          /* the addiu retired, not it */

    assert_int_equal(h.calls, 1);
    assert_int_equal(h.last.code, EXC_CPU);
    assert_int_equal(h.last.pc, UVA + 4);
    assert_int_equal(h.last.ce, 0);
    assert_false(h.last.in_delay);
    assert_true(h.last.has_insn);
    assert_int_equal(h.last.insn, MFC0(T0, CP0_STATUS));

    assert_took_cpu(f, UVA + 4);
    assert_int_equal(cpu_get_gpr(f->c, T0), 0x5555u);   /* no mfc0 done */
    assert_int_equal(cpu_get_gpr(f->c, T1), 7);
    assert_int_equal(cpu_icount(f->c), t + 2);  /* addiu + the exception */
}

/* ==== NEXT ================================================================== */

/* mfc0 emulated by the assist: t0 written, the block goes on at pc + 4 and
 * the assisted instruction costs CPU_ASSIST_INSNS.  Run plainly and one
 * instruction at a time (tracing), which take different paths in exec.c. */
static void next_program(struct fx *f, bool one_by_one)
{
    struct assist a = { .answer = CPU_ASSIST_NEXT, .set_t0 = true, .t0 = 0x1234u };
    struct hook h = { 0 };
    attach(f, &a, &h);
    FILE *devnull = NULL;
    if (one_by_one) {
        devnull = fopen("/dev/null", "w");
        assert_non_null(devnull);
        cpu_set_trace(f->c, CPU_TRACE_INSN, devnull);
    }
    PROG(f, UPA, ADDIU(T3, ZERO, 9), MFC0(T0, CP0_STATUS),
         ADDIU(T1, T0, 1), ADDIU(T1, T1, 1), ADDIU(T2, ZERO, 77));
    cpu_cp0_write(f->c, CP0_EPC, 0, EPC_MARK);
    uint64_t t = start(f, KSU_SUPER, UVA);
    /* addiu (1) + mfc0 (2) + addiu + addiu = 5: stop before the last */
    assert_int_equal(cpu_run(f->c, 1 + CPU_ASSIST_INSNS + 2), CPU_STOP_BUDGET);

    assert_int_equal(a.calls, 1);
    assert_int_equal(a.pc, UVA + 4);
    assert_int_equal(a.icount, t + 1);
    assert_int_equal(h.calls, 0);
    assert_no_exception(f);
    assert_int_equal(cpu_get_gpr(f->c, T1), 0x1236u);   /* saw the assist's t0 */
    assert_int_equal(cpu_get_gpr(f->c, T2), 0);         /* not reached */
    assert_int_equal(cpu_get_pc(f->c), UVA + 16);
    assert_int_equal(cpu_icount(f->c), t + 5);
    assert_int_equal(cpu_mode(f->c), CPU_SUPERVISOR);
    struct cpu_stats st;
    cpu_get_stats(f->c, &st);
    assert_int_equal(st.exceptions[EXC_CPU], 0);

    if (devnull) {
        cpu_set_trace(f->c, 0, NULL);
        fclose(devnull);
    }
}

static void test_next_goes_on_in_block(void **state)
{
    next_program(*state, false);
}

static void test_next_one_by_one(void **state)
{
    next_program(*state, true);
}

/* A budget that ends inside the assisted instruction's two: the
 * instruction is done once, whole; the CPU stops at pc + 4. */
static void test_next_at_budget_end(void **state)
{
    struct fx *f = *state;
    struct assist a = { .answer = CPU_ASSIST_NEXT, .set_t0 = true, .t0 = 1 };
    attach(f, &a, NULL);
    PROG(f, UPA, ADDIU(T3, ZERO, 9), MFC0(T0, CP0_STATUS), ADDIU(T1, T0, 1));
    uint64_t t = start(f, KSU_SUPER, UVA);
    assert_int_equal(cpu_run(f->c, 2), CPU_STOP_BUDGET);
    assert_int_equal(a.calls, 1);
    assert_int_equal(cpu_get_pc(f->c), UVA + 8);
    assert_int_equal(cpu_icount(f->c), t + 1 + CPU_ASSIST_INSNS);
    assert_int_equal(cpu_get_gpr(f->c, T1), 0);         /* not yet run */

    /* resuming runs the next instruction, not the mfc0 again */
    assert_int_equal(cpu_run(f->c, 1), CPU_STOP_BUDGET);
    assert_int_equal(a.calls, 1);
    assert_int_equal(cpu_get_gpr(f->c, T1), 2);
}

/* mtc0: the assist reads the source register as the block left it (set by
 * the instruction just before, in the same block).  Also in user mode. */
static void test_next_mtc0_sees_registers(void **state)
{
    struct fx *f = *state;
    struct assist a = { .answer = CPU_ASSIST_NEXT };
    struct hook h = { 0 };
    attach(f, &a, &h);
    PROG(f, UPA, ADDIU(T2, ZERO, 0x321), MTC0(T2, CP0_EPC), ADDIU(T3, T2, 1));
    cpu_cp0_write(f->c, CP0_EPC, 0, EPC_MARK);
    uint64_t t = start(f, KSU_USER, UVA);
    assert_int_equal(cpu_run(f->c, 1 + CPU_ASSIST_INSNS + 1), CPU_STOP_BUDGET);
    assert_int_equal(a.calls, 1);
    assert_int_equal(a.insn, MTC0(T2, CP0_EPC));
    assert_int_equal(a.rt_value, 0x321u);
    assert_int_equal(h.calls, 0);
    assert_no_exception(f);                     /* the assist wrote nothing */
    assert_int_equal(cpu_get_gpr(f->c, T3), 0x322u);
    assert_int_equal(cpu_get_pc(f->c), UVA + 12);
    assert_int_equal(cpu_icount(f->c), t + 4);
}

/* The assisted instruction is the last word of a page: pc + 4 is on the
 * next page (the odd half of the pair, another host page). */
static void test_next_at_page_end(void **state)
{
    struct fx *f = *state;
    struct assist a = { .answer = CPU_ASSIST_NEXT, .set_t0 = true, .t0 = 40 };
    attach(f, &a, NULL);
    PROG(f, UPA + 0xFF8, ADDIU(T3, ZERO, 9), MFC0(T0, CP0_STATUS),
         ADDIU(T1, T0, 2), ADDIU(T2, T1, 3));
    uint64_t t = start(f, KSU_SUPER, UVA + 0xFF8);
    assert_int_equal(cpu_run(f->c, 1 + CPU_ASSIST_INSNS + 2), CPU_STOP_BUDGET);
    assert_int_equal(a.pc, UVA + 0xFFC);
    assert_int_equal(cpu_get_gpr(f->c, T2), 45);
    assert_int_equal(cpu_get_pc(f->c), UVA + 0x1008);
    assert_int_equal(cpu_icount(f->c), t + 5);
}

/* ==== NEXT after a sync point ================================================ */

/* The assist writes Status (a sync point: the block must end) and says
 * NEXT: the CPU still goes on at pc + 4 with the right time. */
static void test_next_after_status_write(void **state)
{
    struct fx *f = *state;
    struct assist a = { .answer = CPU_ASSIST_NEXT, .set_status = true,
                        .status = KSU_SUPER | IM(5) };
    attach(f, &a, NULL);
    PROG(f, UPA, ADDIU(T3, ZERO, 9), MTC0(T3, CP0_STATUS),
         ADDIU(T1, ZERO, 1), ADDIU(T1, T1, 1), ADDIU(T2, ZERO, 3));
    uint64_t t = start(f, KSU_SUPER, UVA);
    assert_int_equal(cpu_run(f->c, 1 + CPU_ASSIST_INSNS + 3), CPU_STOP_BUDGET);
    assert_int_equal(a.calls, 1);
    assert_int_equal(cp0(f, CP0_STATUS), KSU_SUPER | IM(5));
    assert_int_equal(cpu_get_gpr(f->c, T1), 2);
    assert_int_equal(cpu_get_gpr(f->c, T2), 3);
    assert_int_equal(cpu_get_pc(f->c), UVA + 20);
    assert_int_equal(cpu_icount(f->c), t + 6);
}

/* The assist drops the CPU from supervisor to user mode (as an emulated
 * mtc0 to Status would) and says NEXT: the very next load must be checked
 * in user mode.  The same load worked just before in this block, so a
 * block that went on with supervisor translations would let it through. */
static void test_next_mode_change_takes_effect(void **state)
{
    struct fx *f = *state;
    struct assist a = { .answer = CPU_ASSIST_NEXT, .set_status = true,
                        .status = KSU_USER };
    struct hook h = { 0 };
    attach(f, &a, &h);
    memcpy(f->ram + SPA, &(uint32_t){ 0xABCDu }, 4);
    PROG(f, UPA, LUI(T2, (int)(SVA >> 16)), LW(T0, 0, T2),
         MTC0(ZERO, CP0_STATUS), LW(T1, 0, T2), ADDIU(T3, ZERO, 1));
    uint64_t t = start(f, KSU_SUPER, UVA);
    assert_int_equal(cpu_run(f->c, 2 + CPU_ASSIST_INSNS + 1), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_gpr(f->c, T0), 0xABCDu);   /* supervisor may */
    assert_int_equal(a.calls, 1);
    assert_int_equal(h.calls, 1);                       /* user may not */
    assert_int_equal(h.last.code, EXC_ADEL);
    assert_int_equal(h.last.pc, UVA + 12);
    assert_int_equal(h.last.badvaddr, SVA);
    assert_int_equal(cpu_get_gpr(f->c, T1), 0);
    assert_int_equal(cpu_get_gpr(f->c, T3), 0);
    assert_int_equal(cp0(f, CP0_EPC), UVA + 12);
    assert_int_equal(cpu_icount(f->c), t + 2 + CPU_ASSIST_INSNS + 1);
}

/* The assist asks the CPU to stop and says NEXT: cpu_run returns with the
 * instruction done, the PC at pc + 4 and nothing after it run. */
static void test_next_with_stop_request(void **state)
{
    struct fx *f = *state;
    struct assist a = { .answer = CPU_ASSIST_NEXT, .set_t0 = true, .t0 = 5,
                        .stop = true };
    attach(f, &a, NULL);
    PROG(f, UPA, ADDIU(T3, ZERO, 9), MFC0(T0, CP0_STATUS), ADDIU(T1, T0, 1));
    uint64_t t = start(f, KSU_SUPER, UVA);
    assert_int_equal(cpu_run(f->c, 100), CPU_STOP_REQUEST);
    assert_int_equal(cpu_get_pc(f->c), UVA + 8);
    assert_int_equal(cpu_icount(f->c), t + 1 + CPU_ASSIST_INSNS);
    assert_int_equal(cpu_get_gpr(f->c, T0), 5);
    assert_int_equal(cpu_get_gpr(f->c, T1), 0);
    assert_false(cpu_in_delay(f->c, &(uint32_t){ 0 }));
}

/* ==== JUMP ================================================================== */

/* An eret emulated by the assist: the CPU goes on at the PC it set, on
 * another page or on the same one, and the eret costs CPU_ASSIST_INSNS. */
static void test_jump_eret(void **state)
{
    struct fx *f = *state;
    static const uint32_t targets[] = { UVA + 0x1000, UVA + 0x20 };
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        struct assist a = { .answer = CPU_ASSIST_JUMP, .set_pc = true,
                            .new_pc = targets[i] };
        struct hook h = { 0 };
        attach(f, &a, &h);
        PROG(f, UPA, ADDIU(T1, ZERO, 1), ERET, ADDIU(T1, ZERO, 99));
        PROG(f, UPA + (targets[i] - UVA), ADDIU(T2, ZERO, 2), ADDIU(T3, ZERO, 3),
             ADDIU(T4, ZERO, 4));
        cpu_set_gpr(f->c, T2, 0);
        cpu_set_gpr(f->c, T3, 0);
        cpu_set_gpr(f->c, T4, 0);
        cpu_cp0_write(f->c, CP0_EPC, 0, EPC_MARK);
        uint64_t t = start(f, KSU_SUPER, UVA);
        assert_int_equal(cpu_run(f->c, 1 + CPU_ASSIST_INSNS + 2), CPU_STOP_BUDGET);
        assert_int_equal(a.calls, 1);
        assert_int_equal(a.insn, ERET);
        assert_int_equal(h.calls, 0);
        assert_no_exception(f);
        assert_int_equal(cpu_get_gpr(f->c, T1), 1);     /* pc + 4 skipped */
        assert_int_equal(cpu_get_gpr(f->c, T2), 2);
        assert_int_equal(cpu_get_gpr(f->c, T3), 3);
        assert_int_equal(cpu_get_gpr(f->c, T4), 0);
        assert_int_equal(cpu_get_pc(f->c), targets[i] + 8);
        assert_int_equal(cpu_icount(f->c), t + 5);
        assert_int_equal(cpu_mode(f->c), CPU_SUPERVISOR);
    }
}

/* ==== TRAPPED =============================================================== */

/* The assist did an exception hook's work (here: resumed elsewhere): the
 * CPU goes on there; the instruction costs one, as an exception does. */
static void test_trapped_resumes_at_new_pc(void **state)
{
    struct fx *f = *state;
    struct assist a = { .answer = CPU_ASSIST_TRAPPED, .set_pc = true,
                        .new_pc = UVA + 0x1000 };
    struct hook h = { 0 };
    attach(f, &a, &h);
    PROG(f, UPA, ADDIU(T1, ZERO, 1), MTC0(T1, CP0_STATUS), ADDIU(T1, ZERO, 99));
    PROG(f, UPA + 0x1000, ADDIU(T2, ZERO, 2), ADDIU(T3, ZERO, 3), ADDIU(T4, ZERO, 4));
    cpu_cp0_write(f->c, CP0_EPC, 0, EPC_MARK);
    uint64_t t = start(f, KSU_SUPER, UVA);
    assert_int_equal(cpu_run(f->c, 1 + 1 + 2), CPU_STOP_BUDGET);
    assert_int_equal(a.calls, 1);
    assert_int_equal(a.icount, t + 1);
    assert_int_equal(h.calls, 0);
    assert_no_exception(f);
    assert_int_equal(cp0(f, CP0_STATUS), KSU_SUPER);    /* mtc0 not done */
    assert_int_equal(cpu_get_gpr(f->c, T1), 1);
    assert_int_equal(cpu_get_gpr(f->c, T3), 3);
    assert_int_equal(cpu_get_gpr(f->c, T4), 0);
    assert_int_equal(cpu_get_pc(f->c), UVA + 0x1008);
    assert_int_equal(cpu_icount(f->c), t + 4);
}

/* The other thing an exception hook may do: ask the CPU to stop, leaving
 * the PC alone.  TRAPPED must leave the CPU as a hooked exception would:
 * compare with the exception hook doing just that for the same program. */
static void test_trapped_stop_matches_hooked_exception(void **state)
{
    struct fx *f = *state;
    PROG(f, UPA, ADDIU(T1, ZERO, 1), ADDIU(T1, T1, 1), MFC0(T0, CP0_STATUS));

    struct hook h = { .stop = true };                   /* the long way */
    attach(f, NULL, &h);
    uint64_t t = start(f, KSU_SUPER, UVA);
    assert_int_equal(cpu_run(f->c, 100), CPU_STOP_REQUEST);
    assert_int_equal(h.calls, 1);
    uint32_t hooked_pc = cpu_get_pc(f->c);
    uint64_t hooked_time = cpu_icount(f->c) - t;
    assert_int_equal(hooked_pc, UVA + 8);               /* the mfc0 itself */
    assert_int_equal(hooked_time, 3);

    struct assist a = { .answer = CPU_ASSIST_TRAPPED, .stop = true };
    struct hook none = { 0 };
    attach(f, &a, &none);
    t = start(f, KSU_SUPER, UVA);
    assert_int_equal(cpu_run(f->c, 100), CPU_STOP_REQUEST);
    assert_int_equal(a.calls, 1);
    assert_int_equal(none.calls, 0);
    assert_int_equal(cpu_icount(f->c) - t, hooked_time);
    assert_int_equal(cpu_get_gpr(f->c, T1), 2);
    assert_false(cpu_in_delay(f->c, &(uint32_t){ 0 }));
    assert_int_equal(cpu_get_pc(f->c), hooked_pc);
}

/* The same when the run began in a delay slot (cpu_set_pc_delay): after
 * the slot, the branch and the stop, nothing may be left pending. */
static void test_trapped_stop_after_starting_in_slot(void **state)
{
    struct fx *f = *state;
    PROG(f, UPA, ADDIU(T1, ZERO, 1));                   /* the slot */
    PROG(f, UPA + 0x1000, ADDIU(T2, ZERO, 2), MFC0(T0, CP0_STATUS));
    uint32_t target;

    struct hook h = { .stop = true };                   /* the long way */
    attach(f, NULL, &h);
    uint64_t t = start(f, KSU_SUPER, UVA);
    cpu_set_pc_delay(f->c, UVA, true, UVA + 0x1000);
    assert_int_equal(cpu_run(f->c, 100), CPU_STOP_REQUEST);
    assert_int_equal(h.calls, 1);
    assert_int_equal(cpu_get_pc(f->c), UVA + 0x1004);   /* the mfc0 */
    assert_false(cpu_in_delay(f->c, &target));
    assert_int_equal(cpu_icount(f->c) - t, 3);

    struct assist a = { .answer = CPU_ASSIST_TRAPPED, .stop = true };
    attach(f, &a, NULL);
    t = start(f, KSU_SUPER, UVA);
    cpu_set_pc_delay(f->c, UVA, true, UVA + 0x1000);
    assert_int_equal(cpu_run(f->c, 100), CPU_STOP_REQUEST);
    assert_int_equal(a.calls, 1);
    assert_int_equal(a.pc, UVA + 0x1004);
    assert_int_equal(cpu_icount(f->c) - t, 3);
    assert_false(cpu_in_delay(f->c, &target));
    assert_int_equal(cpu_get_pc(f->c), UVA + 0x1004);
}

/* ==== when the assist is not asked ========================================= */

/* Exactly the five instructions cpu_cop0_op() names are offered, in user
 * and in supervisor mode; the other privileged ones (tlbwi, tlbwr, wait,
 * cache) and a CpU for another coprocessor go straight to the hook. */
static void test_which_instructions_are_offered(void **state)
{
    struct fx *f = *state;
    static const struct { const char *name; uint32_t insn; bool offered; } ops[] = {
        { "mfc0", 0x40084800u /* mfc0 t0, $9 */, true },
        { "mtc0", 0x40884800u /* mtc0 t0, $9 */, true },
        { "tlbr", TLBR, true }, { "tlbp", TLBP, true }, { "eret", ERET, true },
        { "tlbwi", TLBWI, false }, { "tlbwr", TLBWR, false },
        { "wait", WAIT, false }, { "cache", CACHE, false }, { "cop2", COP2, false },
    };
    static const uint32_t modes[] = { KSU_SUPER, KSU_USER };
    for (size_t m = 0; m < 2; m++) {
        for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
            struct assist a = { .answer = CPU_ASSIST_DECLINED };
            struct hook h = { 0 };
            attach(f, &a, &h);
            PROG(f, UPA, ops[i].insn);
            start(f, modes[m], UVA);
            assert_int_equal(cpu_run(f->c, 1), CPU_STOP_BUDGET);
            if (a.calls != (ops[i].offered ? 1 : 0))
                fail_msg("%s (mode %zu): assist called %d times", ops[i].name,
                         m, a.calls);
            if (h.calls != 1 || h.last.code != EXC_CPU || h.last.pc != UVA)
                fail_msg("%s (mode %zu): hook %d calls, code %d", ops[i].name,
                         m, h.calls, (int)h.last.code);
            assert_false(cpu_waiting(f->c));
        }
    }
}

/* In kernel mode (KSU=0, or EXL forcing kernel over KSU=user) the mfc0
 * just runs; likewise in supervisor mode with CU0 set. */
static void test_not_offered_when_usable(void **state)
{
    struct fx *f = *state;
    struct assist a = { .answer = CPU_ASSIST_NEXT, .set_t0 = true, .t0 = 0xBAD };
    struct hook h = { 0 };
    attach(f, &a, &h);

    PROG(f, KPA, MFC0(T0, CP0_STATUS));
    start(f, IM(3), KCODE);
    assert_int_equal(cpu_run(f->c, 1), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_gpr(f->c, T0), IM(3));
    assert_int_equal(cpu_get_pc(f->c), KCODE + 4);

    PROG(f, UPA, MFC0(T0, CP0_STATUS));
    start(f, KSU_USER | ST_EXL, UVA);
    assert_int_equal(cpu_run(f->c, 1), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_gpr(f->c, T0), KSU_USER | ST_EXL);
    assert_int_equal(cpu_get_pc(f->c), UVA + 4);

    start(f, KSU_SUPER | ST_CU0, UVA);
    assert_int_equal(cpu_run(f->c, 1), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_gpr(f->c, T0), KSU_SUPER | ST_CU0);
    assert_int_equal(cpu_get_pc(f->c), UVA + 4);

    assert_int_equal(a.calls, 0);
    assert_int_equal(h.calls, 0);
}

/* An mfc0 in a delay slot raises CpU directly (EPC = the branch, BD). */
static void test_not_offered_in_delay_slot(void **state)
{
    struct fx *f = *state;
    struct assist a = { .answer = CPU_ASSIST_NEXT, .set_t0 = true, .t0 = 0xBAD };
    struct hook h = { 0 };
    attach(f, &a, &h);
    PROG(f, UPA, ADDIU(T1, ZERO, 1), BEQ(ZERO, ZERO, 3), MFC0(T0, CP0_STATUS));
    cpu_set_gpr(f->c, T0, 0x5555u);
    uint64_t t = start(f, KSU_SUPER, UVA);
    assert_int_equal(cpu_run(f->c, 3), CPU_STOP_BUDGET);
    assert_int_equal(a.calls, 0);
    assert_int_equal(h.calls, 1);
    assert_int_equal(h.last.code, EXC_CPU);
    assert_true(h.last.in_delay);
    assert_int_equal(h.last.pc, UVA + 4);               /* the branch */
    assert_int_equal(cpu_get_gpr(f->c, T0), 0x5555u);
    assert_int_equal(cp0(f, CP0_EPC), UVA + 4);
    assert_true(cp0(f, CP0_CAUSE) & CAUSE_BD);
    assert_int_equal(cpu_get_pc(f->c), VEC_GENERAL);
    assert_int_equal(cpu_icount(f->c), t + 3);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_declined_raises_cpu),
        T(test_next_goes_on_in_block),
        T(test_next_one_by_one),
        T(test_next_at_budget_end),
        T(test_next_mtc0_sees_registers),
        T(test_next_at_page_end),
        T(test_next_after_status_write),
        T(test_next_mode_change_takes_effect),
        T(test_next_with_stop_request),
        T(test_jump_eret),
        T(test_trapped_resumes_at_new_pc),
        T(test_trapped_stop_matches_hooked_exception),
        T(test_trapped_stop_after_starting_in_slot),
        T(test_which_instructions_are_offered),
        T(test_not_offered_when_usable),
        T(test_not_offered_in_delay_slot),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
