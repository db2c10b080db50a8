/*
 * test_exec.c -- the fast interpreter's own hazards (issue "Fast
 * interpreter"): decoded pages must never run stale code, and cutting the
 * instruction stream into blocks anywhere must not change what happens.
 *
 *   - self-modifying code: a guest store into a decoded instruction;
 *   - code whose TLB entry is rewritten while it runs;
 *   - an exception in the middle of a decoded page, resuming there;
 *   - the timer interrupt exactly when Count reaches Compare;
 *   - a delay slot on the next page, and a likely branch skipping one;
 *   - single-stepping gives the same state as one long run.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "cpu/cpu.h"
#include "devices/bus.h"

#define RAM_SIZE (4u << 20)
#define KSEG0(pa) (0x80000000u + (pa))

enum { ZERO, AT, V0, V1, A0, A1, A2, A3, T0, T1, T2, T3, T4, T5, T6, T7,
       S0, S1, S2, S3, S4, S5, S6, S7, T8, T9, K0, K1, GP, SP, FP, RA };

/* ---- a tiny assembler ---------------------------------------------------- */
static uint32_t I(unsigned op, unsigned rs, unsigned rt, uint32_t imm)
{ return op << 26 | rs << 21 | rt << 16 | (imm & 0xFFFF); }
static uint32_t R(unsigned rs, unsigned rt, unsigned rd, unsigned funct)
{ return rs << 21 | rt << 16 | rd << 11 | funct; }
#define ADDIU(rt, rs, imm) I(0x09, rs, rt, (uint32_t)(imm))
#define LUI(rt, imm)       I(0x0F, 0, rt, imm)
#define ORI(rt, rs, imm)   I(0x0D, rs, rt, imm)
#define SW(rt, off, rs)    I(0x2B, rs, rt, off)
#define BEQ(rs, rt, off)   I(0x04, rs, rt, (uint32_t)(off))
#define BNE(rs, rt, off)   I(0x05, rs, rt, (uint32_t)(off))
#define BNEL(rs, rt, off)  I(0x15, rs, rt, (uint32_t)(off))
#define JAL(target)        (3u << 26 | (((target) >> 2) & 0x03FFFFFFu))
#define JR(rs)             R(rs, 0, 0, 0x08)
#define SYSCALL            0x0000000Cu
#define NOP                0u
#define MFC0(rt, rd)       (0x40000000u | (rt) << 16 | (rd) << 11)
#define MTC0(rt, rd)       (0x40800000u | (rt) << 16 | (rd) << 11)
#define TLBWI              0x42000002u
#define ERET               0x42000018u
#define WAIT               0x42000020u
#define HALT               (0x7000003Fu | 1u << 6)   /* sdbbp 1: UHI exit */

struct fx { struct bus *bus; uint8_t *ram; struct cpu *c; };

static struct fx *fx_new(void)
{
    struct fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->ram = calloc(1, RAM_SIZE);
    f->bus = bus_new();
    assert_int_equal(bus_map_memory(f->bus, "ram", 0, RAM_SIZE, f->ram, false), 0);
    struct cpu_config cfg = { .semihosting = true };
    f->c = cpu_new(&cfg, f->bus);
    assert_non_null(f->c);
    cpu_cp0_write(f->c, CP0_STATUS, 0, 0);
    return f;
}

static void fx_free(struct fx *f)
{
    cpu_free(f->c);
    bus_free(f->bus);
    free(f->ram);
    free(f);
}

/* Place words at a physical address (before the CPU first runs them). */
static void put(struct fx *f, uint32_t pa, const uint32_t *w, size_t n)
{
    memcpy(f->ram + pa, w, n * 4);
    cpu_invalidate_code(f->c, pa, (uint32_t)(n * 4));
}
#define PUT(f, pa, ...) put((f), (pa), (const uint32_t[]){ __VA_ARGS__ }, \
    sizeof((const uint32_t[]){ __VA_ARGS__ }) / 4)

/* A general exception handler that skips the faulting instruction and
 * counts in $v1. */
static void put_skip_handler(struct fx *f)
{
    PUT(f, 0x180, MFC0(K0, 14), ADDIU(K0, K0, 4), MTC0(K0, 14),
        ADDIU(V1, V1, 1), ERET);
}

static enum cpu_stop run_to_end(struct fx *f)
{
    enum cpu_stop s = cpu_run(f->c, 1000000);
    assert_true(s == CPU_STOP_WAIT || s == CPU_STOP_HALT);
    return s;
}

/* ---- the tests ------------------------------------------------------------ */

static void test_self_modifying_store(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    uint32_t patched = ADDIU(V0, V0, 100);
    PUT(f, 0x1000,
        ADDIU(S0, ZERO, 2),                 /* two trips round the loop */
        LUI(T0, 0x8000), ORI(T0, T0, 0x1020),
        LUI(T1, patched >> 16), ORI(T1, T1, patched & 0xFFFF),
        NOP, NOP, NOP,
        ADDIU(V0, V0, 1),                   /* 0x1020: runs once, then patched */
        SW(T1, 0, T0),
        ADDIU(S0, S0, -1),
        BNE(S0, ZERO, -7),                  /* back to 0x1014 */
        NOP,
        WAIT);
    cpu_set_pc(f->c, KSEG0(0x1000));
    run_to_end(f);
    assert_int_equal(cpu_get_gpr(f->c, V0), 101);  /* 1, then the new 100 */
    struct cpu_stats s;
    cpu_get_stats(f->c, &s);
    assert_true(s.code_writes >= 1);
    fx_free(f);
}

static void test_tlb_rewritten_while_running(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    const uint32_t lo_b = (0x102000u >> 12) << 6 | 0x7;   /* D, V, G */
    /* Page A runs tlbwi on its own mapping: the next fetch must come from
     * page B at the same virtual address. */
    PUT(f, 0x100000, MTC0(T3, 2), TLBWI, ADDIU(V0, ZERO, 1), JR(RA), NOP);
    PUT(f, 0x102000, NOP, NOP, ADDIU(V0, ZERO, 2), JR(RA), NOP);
    PUT(f, 0x1000,
        LUI(T0, 0x0040), MTC0(T0, 10),                     /* EntryHi VA 0x400000 */
        LUI(T1, 0), ORI(T1, T1, (0x100000u >> 12) << 6 | 0x7), MTC0(T1, 2),
        ADDIU(T2, ZERO, 1), MTC0(T2, 3),                   /* odd half: G only */
        MTC0(ZERO, 0), MTC0(ZERO, 5), TLBWI,
        LUI(T3, lo_b >> 16), ORI(T3, T3, lo_b & 0xFFFF),
        LUI(T4, 0x0040), R(T4, 0, RA, 0x09), NOP,   /* jalr t4: kseg0 -> kuseg */
        WAIT);
    cpu_set_pc(f->c, KSEG0(0x1000));
    run_to_end(f);
    assert_int_equal(cpu_get_gpr(f->c, V0), 2);
    fx_free(f);
}

static void test_exception_mid_page(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    put_skip_handler(f);
    PUT(f, 0x1000, ADDIU(V0, V0, 1), SYSCALL, ADDIU(V0, V0, 10), SYSCALL,
        ADDIU(V0, V0, 100), WAIT);
    cpu_set_pc(f->c, KSEG0(0x1000));
    run_to_end(f);
    assert_int_equal(cpu_get_gpr(f->c, V0), 111);
    assert_int_equal(cpu_get_gpr(f->c, V1), 2);
    /* run the same page again: its decodings are reused */
    cpu_set_gpr(f->c, V0, 0);
    cpu_set_pc(f->c, KSEG0(0x1000));
    run_to_end(f);
    assert_int_equal(cpu_get_gpr(f->c, V0), 111);
    assert_int_equal(cpu_get_gpr(f->c, V1), 4);
    fx_free(f);
}

/* Count starts at 0 and Compare is 50: exactly 50 instructions retire, then
 * the interrupt is taken with EPC at the 51st, whatever the budget. */
static void timer_exact(unsigned budget)
{
    struct fx *f = fx_new();
    uint32_t code[200];
    for (unsigned i = 0; i < 200; i++)
        code[i] = ADDIU(V0, V0, 1);
    put(f, 0x1000, code, 200);
    PUT(f, 0x180, MFC0(K1, 9), ADDIU(T9, ZERO, 1), HALT);
    cpu_cp0_write(f->c, CP0_COUNT, 0, 0);
    cpu_cp0_write(f->c, CP0_COMPARE, 0, 50);
    cpu_cp0_write(f->c, CP0_STATUS, 0, ST_IE | (1u << (ST_IM_SHIFT + 7)));
    cpu_set_pc(f->c, KSEG0(0x1000));
    enum cpu_stop s;
    do
        s = cpu_run(f->c, budget);
    while (s == CPU_STOP_BUDGET);
    assert_int_equal(s, CPU_STOP_HALT);
    assert_int_equal(cpu_get_gpr(f->c, V0), 50);
    assert_int_equal(cpu_cp0_read(f->c, CP0_EPC, 0), KSEG0(0x1000) + 50 * 4);
    assert_int_equal(cpu_get_gpr(f->c, K1), 50);       /* Count == Compare */
    fx_free(f);
}

static void test_timer_exact(void **state)
{
    (void)state;
    timer_exact(1000000);
    timer_exact(1);
    timer_exact(7);
}

static void test_slot_on_next_page(void **state)
{
    (void)state;
    struct fx *f = fx_new();
    PUT(f, 0x1FF8, ADDIU(V0, ZERO, 5), BEQ(ZERO, ZERO, 4));   /* -> 0x2010 */
    PUT(f, 0x2000, ADDIU(V0, V0, 1), ADDIU(V0, V0, 100), NOP, NOP,
        BNEL(ZERO, ZERO, 100));                               /* 0x2010 */
    PUT(f, 0x2014, ADDIU(V0, V0, 1000));                      /* its slot: skipped */
    PUT(f, 0x2018, WAIT);
    /* the same shape across a page boundary for the likely branch */
    PUT(f, 0x2FFC, BNEL(ZERO, ZERO, 100));
    cpu_set_pc(f->c, KSEG0(0x1FF8));
    run_to_end(f);
    assert_int_equal(cpu_get_gpr(f->c, V0), 6);
    PUT(f, 0x3000, ADDIU(V0, V0, 1000), WAIT);                /* skipped slot */
    PUT(f, 0x3004, WAIT);
    cpu_set_pc(f->c, KSEG0(0x2FFC));
    run_to_end(f);
    assert_int_equal(cpu_get_gpr(f->c, V0), 6);
    assert_int_equal(cpu_get_pc(f->c), KSEG0(0x3008));        /* after wait */
    fx_free(f);
}

/* A loop with calls, delay slots, a likely branch and a timer interrupt
 * every 37 instructions (taken wherever it lands, delay slots included):
 * the final state must not depend on how cpu_run slices the stream. */
struct snapshot { uint32_t gpr[32], pc, epc; uint64_t icount; };

static void run_sliced(unsigned budget, struct snapshot *out)
{
    struct fx *f = fx_new();
    PUT(f, 0x180, MFC0(K0, 9), ADDIU(K0, K0, 37), MTC0(K0, 11),
        ADDIU(S7, S7, 1), ERET);
    PUT(f, 0x1000,
        ADDIU(S0, ZERO, 300),
        JAL(0x80001100),                    /* 0x1004: loop */
        ADDIU(S1, S1, 3),                   /* slot */
        ADDIU(S0, S0, -1),
        BNEL(S0, ZERO, -4),                 /* back to 0x1004 */
        ADDIU(S2, S2, 1),                   /* slot, only when taken */
        ADDIU(T9, ZERO, 1),
        HALT);
    PUT(f, 0x1100, R(S3, S0, S3, 0x21),     /* addu s3, s3, s0 */
        R(S4, S3, S4, 0x26),                /* xor s4, s4, s3 */
        JR(RA),
        S4 << 16 | S5 << 11 | 1u << 6);     /* sll s5, s4, 1 (slot) */
    cpu_cp0_write(f->c, CP0_COUNT, 0, 0);
    cpu_cp0_write(f->c, CP0_COMPARE, 0, 37);
    cpu_cp0_write(f->c, CP0_STATUS, 0, ST_IE | (1u << (ST_IM_SHIFT + 7)));
    cpu_set_pc(f->c, KSEG0(0x1000));
    enum cpu_stop s;
    do
        s = cpu_run(f->c, budget);
    while (s == CPU_STOP_BUDGET);
    assert_int_equal(s, CPU_STOP_HALT);
    for (unsigned i = 0; i < 32; i++)
        out->gpr[i] = cpu_get_gpr(f->c, i);
    out->pc = cpu_get_pc(f->c);
    out->epc = cpu_cp0_read(f->c, CP0_EPC, 0);
    out->icount = cpu_icount(f->c);
    fx_free(f);
}

static void test_slicing_does_not_matter(void **state)
{
    (void)state;
    struct snapshot whole, sliced;
    run_sliced(100000000, &whole);
    assert_int_equal(whole.gpr[S0], 0);
    assert_int_equal(whole.gpr[S1], 900);             /* 300 calls */
    assert_int_equal(whole.gpr[S2], 299);             /* taken 299 times */
    assert_true(whole.gpr[S7] > 30);                  /* ~2400 insns / 37 */
    static const unsigned budgets[] = { 1, 3, 13 };
    for (unsigned i = 0; i < 3; i++) {
        run_sliced(budgets[i], &sliced);
        for (unsigned r = 0; r < 32; r++)
            assert_int_equal(sliced.gpr[r], whole.gpr[r]);
        assert_int_equal(sliced.pc, whole.pc);
        assert_int_equal(sliced.epc, whole.epc);
        assert_int_equal(sliced.icount, whole.icount);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_self_modifying_store),
        cmocka_unit_test(test_tlb_rewritten_while_running),
        cmocka_unit_test(test_exception_mid_page),
        cmocka_unit_test(test_timer_exact),
        cmocka_unit_test(test_slot_on_next_page),
        cmocka_unit_test(test_slicing_does_not_matter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
