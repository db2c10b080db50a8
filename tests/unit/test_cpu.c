/*
 * test_cpu.c -- unit tests of the CPU (cpu/) through its public API only.
 *
 * Each test builds a small machine: a bus with 8 MiB of RAM at physical 0
 * and 64 KiB of writable memory at 0x1FC00000 (where the BEV=1 vectors
 * live), and a CPU on it.  Tests write instruction words into RAM, point
 * the PC at them (kseg0, or a mapped page for user and supervisor mode),
 * run a given number of instructions and check registers, HI/LO, CP0 and
 * memory.  Instructions are built with the small encoders below so that a
 * program reads like assembly.
 *
 * Expected values are the architecture's (MIPS32 Release 1, little-endian,
 * the MIPS32 Privileged Resource Architecture) and SPEC.md's, never merely
 * what the implementation happens to do.
 *
 * Conventions used by many tests:
 *   - CODE (pa 0x1000, kseg0 0x80001000) holds the program under test;
 *   - DATA (pa 0x10000, kseg0 0x80010000) holds data;
 *   - RAM is zero, and the zero word is `nop` (sll $0,$0,0), so an
 *     exception vector with no handler written is a run of nops;
 *   - `wait` with interrupts disabled makes cpu_run return CPU_STOP_WAIT,
 *     a terminator that does not depend on counting instructions.
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

#define RAM_SIZE   (8u << 20)
#define BOOT_BASE  0x1FC00000u          /* writable here, so BEV vectors can hold code */
#define BOOT_SIZE  0x00010000u

#define KSEG0      0x80000000u
#define KSEG1      0xA0000000u
#define CODE       0x00001000u          /* physical */
#define DATA       0x00010000u          /* physical */
#define SCRATCH    0x00000F00u          /* physical: the tlbwi helper's one word */
#define KCODE      (KSEG0 + CODE)
#define KDATA      (KSEG0 + DATA)

#define VEC_REFILL  0x80000000u
#define VEC_GENERAL 0x80000180u
#define VEC_INTR    0x80000200u
#define BEV_REFILL  0xBFC00200u
#define BEV_GENERAL 0xBFC00380u
#define BEV_INTR    0xBFC00400u

/* User/supervisor code: a mapped kuseg page pair. */
#define UCODE_VA   0x00400000u
#define UCODE_PA   0x00100000u

#define IM(n)      (1u << (ST_IM_SHIFT + (n)))
#define IP(n)      (1u << (CAUSE_IP_SHIFT + (n)))
#define KSU_SUPER  (1u << ST_KSU_SHIFT)
#define KSU_USER   (2u << ST_KSU_SHIFT)

enum {
    ZERO, AT, V0, V1, A0, A1, A2, A3, T0, T1, T2, T3, T4, T5, T6, T7,
    S0, S1, S2, S3, S4, S5, S6, S7, T8, T9, K0, K1, GP, SP, FP, RA
};

struct fx {
    struct bus *bus;
    uint8_t *ram;
    uint8_t *boot;
    struct cpu *c;
};

static struct fx *fx_new(unsigned tlb_entries, unsigned divisor, bool semihosting)
{
    struct fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->ram = calloc(1, RAM_SIZE);
    f->boot = calloc(1, BOOT_SIZE);
    assert_non_null(f->ram);
    assert_non_null(f->boot);
    f->bus = bus_new();
    assert_non_null(f->bus);
    assert_int_equal(bus_map_memory(f->bus, "ram", 0, RAM_SIZE, f->ram, false), 0);
    assert_int_equal(bus_map_memory(f->bus, "boot", BOOT_BASE, BOOT_SIZE,
                                    f->boot, false), 0);
    struct cpu_config cfg = {
        .tlb_entries = tlb_entries, .count_divisor = divisor,
        .semihosting = semihosting,
    };
    f->c = cpu_new(&cfg, f->bus);
    assert_non_null(f->c);
    /* Reset leaves BEV=1, ERL=1; most tests want plain kernel mode. */
    cpu_cp0_write(f->c, CP0_STATUS, 0, 0);
    return f;
}

static void fx_free(struct fx *f)
{
    cpu_free(f->c);
    bus_free(f->bus);
    free(f->ram);
    free(f->boot);
    free(f);
}

static int setup(void **state)
{
    *state = fx_new(0, 0, false);
    return 0;
}

static int teardown(void **state)
{
    fx_free(*state);
    return 0;
}

/* ---- memory ------------------------------------------------------------- */

static uint8_t *host(struct fx *f, uint32_t pa)
{
    if (pa >= BOOT_BASE && pa < BOOT_BASE + BOOT_SIZE)
        return f->boot + (pa - BOOT_BASE);
    assert_true(pa < RAM_SIZE);
    return f->ram + pa;
}

static void put32(struct fx *f, uint32_t pa, uint32_t v)
{
    uint8_t *h = host(f, pa);
    h[0] = (uint8_t)v;
    h[1] = (uint8_t)(v >> 8);
    h[2] = (uint8_t)(v >> 16);
    h[3] = (uint8_t)(v >> 24);
    /* The harness writes behind the CPU's back, as DMA would. */
    if (f->c)
        cpu_invalidate_code(f->c, pa, 4);
}

static uint32_t get32(struct fx *f, uint32_t pa)
{
    const uint8_t *h = host(f, pa);
    return (uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16 |
           (uint32_t)h[3] << 24;
}

/* Place n instruction words at physical address pa (little-endian). */
static void put_words(struct fx *f, uint32_t pa, const uint32_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put32(f, pa + 4 * (uint32_t)i, w[i]);
}

#define WORDS(...) ((const uint32_t[]){ __VA_ARGS__ })
#define NWORDS(...) (sizeof(WORDS(__VA_ARGS__)) / sizeof(uint32_t))
#define PROG(f, pa, ...) put_words((f), (pa), WORDS(__VA_ARGS__), NWORDS(__VA_ARGS__))

/* ---- instruction encoders ------------------------------------------------ */

static inline uint32_t enc_r(unsigned op, unsigned rs, unsigned rt, unsigned rd,
                             unsigned sa, unsigned fn)
{
    return (uint32_t)op << 26 | (uint32_t)rs << 21 | (uint32_t)rt << 16 |
           (uint32_t)rd << 11 | (uint32_t)sa << 6 | fn;
}
static inline uint32_t enc_i(unsigned op, unsigned rs, unsigned rt, int32_t imm)
{
    return (uint32_t)op << 26 | (uint32_t)rs << 21 | (uint32_t)rt << 16 |
           ((uint32_t)imm & 0xFFFFu);
}
static inline uint32_t enc_j(unsigned op, uint32_t target)
{
    return (uint32_t)op << 26 | ((target >> 2) & 0x03FFFFFFu);
}

/* SPECIAL */
static inline uint32_t NOP(void) { return 0; }
static inline uint32_t SLL(unsigned rd, unsigned rt, unsigned sa) { return enc_r(0, 0, rt, rd, sa, 0x00); }
static inline uint32_t SRL(unsigned rd, unsigned rt, unsigned sa) { return enc_r(0, 0, rt, rd, sa, 0x02); }
static inline uint32_t SRA(unsigned rd, unsigned rt, unsigned sa) { return enc_r(0, 0, rt, rd, sa, 0x03); }
static inline uint32_t SLLV(unsigned rd, unsigned rt, unsigned rs) { return enc_r(0, rs, rt, rd, 0, 0x04); }
static inline uint32_t SRLV(unsigned rd, unsigned rt, unsigned rs) { return enc_r(0, rs, rt, rd, 0, 0x06); }
static inline uint32_t SRAV(unsigned rd, unsigned rt, unsigned rs) { return enc_r(0, rs, rt, rd, 0, 0x07); }
static inline uint32_t JR(unsigned rs) { return enc_r(0, rs, 0, 0, 0, 0x08); }
static inline uint32_t JALR(unsigned rd, unsigned rs) { return enc_r(0, rs, 0, rd, 0, 0x09); }
static inline uint32_t MOVZ(unsigned rd, unsigned rs, unsigned rt) { return enc_r(0, rs, rt, rd, 0, 0x0A); }
static inline uint32_t MOVN(unsigned rd, unsigned rs, unsigned rt) { return enc_r(0, rs, rt, rd, 0, 0x0B); }
static inline uint32_t SYSCALL(void) { return 0x0000000Cu; }
static inline uint32_t BREAK(void) { return 0x0000000Du; }
static inline uint32_t SYNC(void) { return 0x0000000Fu; }
static inline uint32_t MFHI(unsigned rd) { return enc_r(0, 0, 0, rd, 0, 0x10); }
static inline uint32_t MTHI(unsigned rs) { return enc_r(0, rs, 0, 0, 0, 0x11); }
static inline uint32_t MFLO(unsigned rd) { return enc_r(0, 0, 0, rd, 0, 0x12); }
static inline uint32_t MTLO(unsigned rs) { return enc_r(0, rs, 0, 0, 0, 0x13); }
static inline uint32_t MULT(unsigned rs, unsigned rt) { return enc_r(0, rs, rt, 0, 0, 0x18); }
static inline uint32_t MULTU(unsigned rs, unsigned rt) { return enc_r(0, rs, rt, 0, 0, 0x19); }
static inline uint32_t DIV(unsigned rs, unsigned rt) { return enc_r(0, rs, rt, 0, 0, 0x1A); }
static inline uint32_t DIVU(unsigned rs, unsigned rt) { return enc_r(0, rs, rt, 0, 0, 0x1B); }
static inline uint32_t ADD(unsigned rd, unsigned rs, unsigned rt) { return enc_r(0, rs, rt, rd, 0, 0x20); }
static inline uint32_t ADDU(unsigned rd, unsigned rs, unsigned rt) { return enc_r(0, rs, rt, rd, 0, 0x21); }
static inline uint32_t SUB(unsigned rd, unsigned rs, unsigned rt) { return enc_r(0, rs, rt, rd, 0, 0x22); }
static inline uint32_t SUBU(unsigned rd, unsigned rs, unsigned rt) { return enc_r(0, rs, rt, rd, 0, 0x23); }
static inline uint32_t AND(unsigned rd, unsigned rs, unsigned rt) { return enc_r(0, rs, rt, rd, 0, 0x24); }
static inline uint32_t OR(unsigned rd, unsigned rs, unsigned rt) { return enc_r(0, rs, rt, rd, 0, 0x25); }
static inline uint32_t XOR(unsigned rd, unsigned rs, unsigned rt) { return enc_r(0, rs, rt, rd, 0, 0x26); }
static inline uint32_t NOR(unsigned rd, unsigned rs, unsigned rt) { return enc_r(0, rs, rt, rd, 0, 0x27); }
static inline uint32_t SLT(unsigned rd, unsigned rs, unsigned rt) { return enc_r(0, rs, rt, rd, 0, 0x2A); }
static inline uint32_t SLTU(unsigned rd, unsigned rs, unsigned rt) { return enc_r(0, rs, rt, rd, 0, 0x2B); }
static inline uint32_t TGE(unsigned rs, unsigned rt) { return enc_r(0, rs, rt, 0, 0, 0x30); }
static inline uint32_t TGEU(unsigned rs, unsigned rt) { return enc_r(0, rs, rt, 0, 0, 0x31); }
static inline uint32_t TLT(unsigned rs, unsigned rt) { return enc_r(0, rs, rt, 0, 0, 0x32); }
static inline uint32_t TLTU(unsigned rs, unsigned rt) { return enc_r(0, rs, rt, 0, 0, 0x33); }
static inline uint32_t TEQ(unsigned rs, unsigned rt) { return enc_r(0, rs, rt, 0, 0, 0x34); }
static inline uint32_t TNE(unsigned rs, unsigned rt) { return enc_r(0, rs, rt, 0, 0, 0x36); }

/* REGIMM; branch offsets are in instructions, relative to the slot */
static inline uint32_t BLTZ(unsigned rs, int off) { return enc_i(1, rs, 0x00, off); }
static inline uint32_t BGEZ(unsigned rs, int off) { return enc_i(1, rs, 0x01, off); }
static inline uint32_t BLTZL(unsigned rs, int off) { return enc_i(1, rs, 0x02, off); }
static inline uint32_t BGEZL(unsigned rs, int off) { return enc_i(1, rs, 0x03, off); }
static inline uint32_t TGEI(unsigned rs, int imm) { return enc_i(1, rs, 0x08, imm); }
static inline uint32_t TGEIU(unsigned rs, int imm) { return enc_i(1, rs, 0x09, imm); }
static inline uint32_t TLTI(unsigned rs, int imm) { return enc_i(1, rs, 0x0A, imm); }
static inline uint32_t TLTIU(unsigned rs, int imm) { return enc_i(1, rs, 0x0B, imm); }
static inline uint32_t TEQI(unsigned rs, int imm) { return enc_i(1, rs, 0x0C, imm); }
static inline uint32_t TNEI(unsigned rs, int imm) { return enc_i(1, rs, 0x0E, imm); }
static inline uint32_t BLTZAL(unsigned rs, int off) { return enc_i(1, rs, 0x10, off); }
static inline uint32_t BGEZAL(unsigned rs, int off) { return enc_i(1, rs, 0x11, off); }
static inline uint32_t BLTZALL(unsigned rs, int off) { return enc_i(1, rs, 0x12, off); }
static inline uint32_t BGEZALL(unsigned rs, int off) { return enc_i(1, rs, 0x13, off); }

/* jumps, branches, immediates */
static inline uint32_t J(uint32_t target) { return enc_j(0x02, target); }
static inline uint32_t JAL(uint32_t target) { return enc_j(0x03, target); }
static inline uint32_t BEQ(unsigned rs, unsigned rt, int off) { return enc_i(0x04, rs, rt, off); }
static inline uint32_t BNE(unsigned rs, unsigned rt, int off) { return enc_i(0x05, rs, rt, off); }
static inline uint32_t BLEZ(unsigned rs, int off) { return enc_i(0x06, rs, 0, off); }
static inline uint32_t BGTZ(unsigned rs, int off) { return enc_i(0x07, rs, 0, off); }
static inline uint32_t ADDI(unsigned rt, unsigned rs, int imm) { return enc_i(0x08, rs, rt, imm); }
static inline uint32_t ADDIU(unsigned rt, unsigned rs, int imm) { return enc_i(0x09, rs, rt, imm); }
static inline uint32_t SLTI(unsigned rt, unsigned rs, int imm) { return enc_i(0x0A, rs, rt, imm); }
static inline uint32_t SLTIU(unsigned rt, unsigned rs, int imm) { return enc_i(0x0B, rs, rt, imm); }
static inline uint32_t ANDI(unsigned rt, unsigned rs, int imm) { return enc_i(0x0C, rs, rt, imm); }
static inline uint32_t ORI(unsigned rt, unsigned rs, int imm) { return enc_i(0x0D, rs, rt, imm); }
static inline uint32_t XORI(unsigned rt, unsigned rs, int imm) { return enc_i(0x0E, rs, rt, imm); }
static inline uint32_t LUI(unsigned rt, int imm) { return enc_i(0x0F, 0, rt, imm); }
static inline uint32_t BEQL(unsigned rs, unsigned rt, int off) { return enc_i(0x14, rs, rt, off); }
static inline uint32_t BNEL(unsigned rs, unsigned rt, int off) { return enc_i(0x15, rs, rt, off); }
static inline uint32_t BLEZL(unsigned rs, int off) { return enc_i(0x16, rs, 0, off); }
static inline uint32_t BGTZL(unsigned rs, int off) { return enc_i(0x17, rs, 0, off); }

/* COP0 */
static inline uint32_t MFC0(unsigned rt, unsigned rd, unsigned sel) { return 0x40000000u | rt << 16 | rd << 11 | sel; }
static inline uint32_t MTC0(unsigned rt, unsigned rd, unsigned sel) { return 0x40800000u | rt << 16 | rd << 11 | sel; }
static inline uint32_t TLBR(void) { return 0x42000001u; }
static inline uint32_t TLBWI(void) { return 0x42000002u; }
static inline uint32_t TLBWR(void) { return 0x42000006u; }
static inline uint32_t TLBP(void) { return 0x42000008u; }
static inline uint32_t ERET(void) { return 0x42000018u; }
static inline uint32_t WAIT(void) { return 0x42000020u; }

/* SPECIAL2 */
static inline uint32_t MADD(unsigned rs, unsigned rt) { return enc_r(0x1C, rs, rt, 0, 0, 0x00); }
static inline uint32_t MADDU(unsigned rs, unsigned rt) { return enc_r(0x1C, rs, rt, 0, 0, 0x01); }
static inline uint32_t MUL(unsigned rd, unsigned rs, unsigned rt) { return enc_r(0x1C, rs, rt, rd, 0, 0x02); }
static inline uint32_t MSUB(unsigned rs, unsigned rt) { return enc_r(0x1C, rs, rt, 0, 0, 0x04); }
static inline uint32_t MSUBU(unsigned rs, unsigned rt) { return enc_r(0x1C, rs, rt, 0, 0, 0x05); }
/* clz/clo: the architecture requires rt == rd */
static inline uint32_t CLZ(unsigned rd, unsigned rs) { return enc_r(0x1C, rs, rd, rd, 0, 0x20); }
static inline uint32_t CLO(unsigned rd, unsigned rs) { return enc_r(0x1C, rs, rd, rd, 0, 0x21); }
static inline uint32_t SDBBP(uint32_t code) { return 0x7000003Fu | (code & 0xFFFFFu) << 6; }

/* loads and stores: OP(rt, offset, base) as in assembly */
static inline uint32_t LB(unsigned rt, int off, unsigned base) { return enc_i(0x20, base, rt, off); }
static inline uint32_t LH(unsigned rt, int off, unsigned base) { return enc_i(0x21, base, rt, off); }
static inline uint32_t LWL(unsigned rt, int off, unsigned base) { return enc_i(0x22, base, rt, off); }
static inline uint32_t LW(unsigned rt, int off, unsigned base) { return enc_i(0x23, base, rt, off); }
static inline uint32_t LBU(unsigned rt, int off, unsigned base) { return enc_i(0x24, base, rt, off); }
static inline uint32_t LHU(unsigned rt, int off, unsigned base) { return enc_i(0x25, base, rt, off); }
static inline uint32_t LWR(unsigned rt, int off, unsigned base) { return enc_i(0x26, base, rt, off); }
static inline uint32_t SB(unsigned rt, int off, unsigned base) { return enc_i(0x28, base, rt, off); }
static inline uint32_t SH(unsigned rt, int off, unsigned base) { return enc_i(0x29, base, rt, off); }
static inline uint32_t SWL(unsigned rt, int off, unsigned base) { return enc_i(0x2A, base, rt, off); }
static inline uint32_t SW(unsigned rt, int off, unsigned base) { return enc_i(0x2B, base, rt, off); }
static inline uint32_t SWR(unsigned rt, int off, unsigned base) { return enc_i(0x2E, base, rt, off); }
static inline uint32_t CACHE(unsigned op, int off, unsigned base) { return enc_i(0x2F, base, op, off); }
static inline uint32_t LL(unsigned rt, int off, unsigned base) { return enc_i(0x30, base, rt, off); }
static inline uint32_t PREF(unsigned hint, int off, unsigned base) { return enc_i(0x33, base, hint, off); }
static inline uint32_t SC(unsigned rt, int off, unsigned base) { return enc_i(0x38, base, rt, off); }

/* ---- running -------------------------------------------------------------- */

static uint32_t gpr(struct fx *f, unsigned r) { return cpu_get_gpr(f->c, r); }
static void set_gpr(struct fx *f, unsigned r, uint32_t v) { cpu_set_gpr(f->c, r, v); }
static uint32_t cp0(struct fx *f, unsigned reg) { return cpu_cp0_read(f->c, reg, 0); }
static void set_cp0(struct fx *f, unsigned reg, uint32_t v) { cpu_cp0_write(f->c, reg, 0, v); }
static unsigned exccode(struct fx *f) { return (cp0(f, CP0_CAUSE) & CAUSE_EXC) >> CAUSE_EXC_SHIFT; }

/* Start at virtual address pc and run at most n instructions. */
static enum cpu_stop run_from(struct fx *f, uint32_t pc, uint64_t n)
{
    cpu_set_pc(f->c, pc);
    return cpu_run(f->c, n);
}

/* Kernel mode, EXL=ERL=0, Cause cleared; then run the words at CODE. */
static void exec_words(struct fx *f, const uint32_t *w, size_t n, uint64_t count)
{
    put_words(f, CODE, w, n);
    set_cp0(f, CP0_STATUS, 0);
    set_cp0(f, CP0_CAUSE, 0);
    assert_int_equal(run_from(f, KCODE, count), CPU_STOP_BUDGET);
}
/* Run the listed instructions (straight-line code: one per word). */
#define EXEC(f, ...) exec_words((f), WORDS(__VA_ARGS__), NWORDS(__VA_ARGS__), NWORDS(__VA_ARGS__))

/* The CPU took exception `code` from `epc` (BD as given) and is at `vec`. */
#define ASSERT_EXC(f, vec, code, epc, bd) do { \
        assert_int_equal(cpu_get_pc((f)->c), (vec)); \
        assert_int_equal(exccode(f), (code)); \
        assert_int_equal(cp0((f), CP0_EPC), (epc)); \
        assert_int_equal((cp0((f), CP0_CAUSE) & CAUSE_BD) != 0, (bd)); \
        assert_true(cp0((f), CP0_STATUS) & ST_EXL); \
    } while (0)

/* No exception: Status.EXL still 0, the PC where straight-line code ends. */
#define ASSERT_NO_EXC(f, pc) do { \
        assert_false(cp0((f), CP0_STATUS) & ST_EXL); \
        assert_int_equal(cpu_get_pc((f)->c), (pc)); \
    } while (0)

/* For table-driven tests: name the failing case. */
#define CASE_EQ(name, a, b) do { \
        uint32_t a_ = (uint32_t)(a), b_ = (uint32_t)(b); \
        if (a_ != b_) \
            fail_msg("%s: %s = 0x%08x, expected 0x%08x", (name), #a, \
                     (unsigned)a_, (unsigned)b_); \
    } while (0)

/* ---- TLB helpers ------------------------------------------------------------ */

#define CACHED (3u << ENTRYLO_C_SHIFT)
#define VDG    (ENTRYLO_V | ENTRYLO_D | ENTRYLO_G | CACHED)

static uint32_t lo(uint32_t pa, uint32_t flags)
{
    return ((pa >> 12) << ENTRYLO_PFN_SHIFT) | flags;
}

/* Write TLB entry idx by loading the CP0 registers and executing a real
 * tlbwi (in kernel mode, from kseg0).  Must be called in kernel mode; the
 * PC and Status are preserved. */
static void tlb_set(struct fx *f, unsigned idx, uint32_t pagemask, uint32_t hi,
                    uint32_t lo0, uint32_t lo1)
{
    uint32_t pc = cpu_get_pc(f->c), st = cp0(f, CP0_STATUS);
    set_cp0(f, CP0_STATUS, st & ~(ST_KSU | ST_EXL | ST_IE));
    set_cp0(f, CP0_INDEX, idx);
    set_cp0(f, CP0_PAGEMASK, pagemask);
    set_cp0(f, CP0_ENTRYHI, hi);
    set_cp0(f, CP0_ENTRYLO0, lo0);
    set_cp0(f, CP0_ENTRYLO1, lo1);
    put32(f, SCRATCH, TLBWI());
    assert_int_equal(run_from(f, KSEG0 + SCRATCH, 1), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_pc(f->c), KSEG0 + SCRATCH + 4);   /* no machine check */
    set_cp0(f, CP0_STATUS, st);
    cpu_set_pc(f->c, pc);
}

/* Map the 4 KiB page pair at va (even page) to pa0/pa1, global, valid,
 * dirty. */
static void map_pair(struct fx *f, unsigned idx, uint32_t va, uint32_t pa0, uint32_t pa1)
{
    tlb_set(f, idx, 0, va & ENTRYHI_VPN2_MASK, lo(pa0, VDG), lo(pa1, VDG));
}

/* Map UCODE_VA (and the page after it) onto UCODE_PA, for user and
 * supervisor code. */
static void map_ucode(struct fx *f)
{
    map_pair(f, 0, UCODE_VA, UCODE_PA, UCODE_PA + 0x1000);
}

/* ==== instruction semantics ================================================ */

static void test_add_sub_overflow(void **state)
{
    struct fx *f = *state;
    static const struct { const char *name; unsigned fn; uint32_t a, b; } ov[] = {
        { "add max+1", 0x20, 0x7FFFFFFFu, 1 },
        { "add min+-1", 0x20, 0x80000000u, 0xFFFFFFFFu },
        { "add min+min", 0x20, 0x80000000u, 0x80000000u },
        { "sub min-1", 0x22, 0x80000000u, 1 },
        { "sub max--1", 0x22, 0x7FFFFFFFu, 0xFFFFFFFFu },
        { "sub 0-min", 0x22, 0, 0x80000000u },
    };
    for (size_t i = 0; i < sizeof ov / sizeof ov[0]; i++) {
        set_gpr(f, T0, ov[i].a);
        set_gpr(f, T1, ov[i].b);
        set_gpr(f, T2, 0xDEADBEEFu);
        set_cp0(f, CP0_EPC, 0);
        EXEC(f, enc_r(0, T0, T1, T2, 0, ov[i].fn));
        CASE_EQ(ov[i].name, cpu_get_pc(f->c), VEC_GENERAL);
        CASE_EQ(ov[i].name, exccode(f), EXC_OV);
        CASE_EQ(ov[i].name, cp0(f, CP0_EPC), KCODE);
        CASE_EQ(ov[i].name, cp0(f, CP0_CAUSE) & CAUSE_BD, 0);
        CASE_EQ(ov[i].name, cp0(f, CP0_STATUS) & ST_EXL, ST_EXL);
        CASE_EQ(ov[i].name, gpr(f, T2), 0xDEADBEEFu);    /* destination unchanged */
    }

    /* addi: sign-extended immediate */
    set_gpr(f, T0, 0x7FFFFFFFu);
    set_gpr(f, T2, 0x1234u);
    EXEC(f, ADDI(T2, T0, 1));
    ASSERT_EXC(f, VEC_GENERAL, EXC_OV, KCODE, false);
    assert_int_equal(gpr(f, T2), 0x1234u);
    set_gpr(f, T0, 0x80000000u);
    EXEC(f, ADDI(T2, T0, -1));
    ASSERT_EXC(f, VEC_GENERAL, EXC_OV, KCODE, false);
    assert_int_equal(gpr(f, T2), 0x1234u);

    /* no overflow */
    set_gpr(f, T0, 0x7FFFFFFFu);
    set_gpr(f, T1, 0xFFFFFFFFu);
    EXEC(f, ADD(T2, T0, T1), ADDI(T3, T0, -0x8000), SUB(T4, T1, T0), ADDI(T5, T1, 0x7FFF),
         SUB(T6, T0, T0));
    ASSERT_NO_EXC(f, KCODE + 20);
    assert_int_equal(gpr(f, T2), 0x7FFFFFFEu);
    assert_int_equal(gpr(f, T3), 0x7FFF7FFFu);
    assert_int_equal(gpr(f, T4), 0x80000000u);    /* -1 - max = min, no overflow */
    assert_int_equal(gpr(f, T5), 0x00007FFEu);
    assert_int_equal(gpr(f, T6), 0);
}

static void test_addu_subu_wrap(void **state)
{
    struct fx *f = *state;
    set_gpr(f, T0, 0xFFFFFFFFu);
    set_gpr(f, T1, 1);
    set_gpr(f, T2, 0x7FFFFFFFu);
    set_gpr(f, T3, 0x80000000u);
    EXEC(f, ADDU(S0, T0, T1), ADDU(S1, T2, T1), SUBU(S2, ZERO, T1), SUBU(S3, T3, T1),
         ADDIU(S4, T2, 1), ADDIU(S5, ZERO, -1), ADDIU(S6, T0, -0x8000));
    ASSERT_NO_EXC(f, KCODE + 28);
    assert_int_equal(gpr(f, S0), 0);
    assert_int_equal(gpr(f, S1), 0x80000000u);
    assert_int_equal(gpr(f, S2), 0xFFFFFFFFu);
    assert_int_equal(gpr(f, S3), 0x7FFFFFFFu);
    assert_int_equal(gpr(f, S4), 0x80000000u);
    assert_int_equal(gpr(f, S5), 0xFFFFFFFFu);
    assert_int_equal(gpr(f, S6), 0xFFFF7FFFu);
}

static void test_set_less_than(void **state)
{
    struct fx *f = *state;
    set_gpr(f, T0, 0xFFFFFFFFu);   /* -1 signed, max unsigned */
    set_gpr(f, T1, 1);
    set_gpr(f, T2, 0x80000000u);
    EXEC(f, SLT(S0, T0, T1),        /* -1 < 1: 1 */
         SLTU(S1, T0, T1),          /* 0xFFFFFFFF < 1: 0 */
         SLT(S2, T1, T0),           /* 1 < -1: 0 */
         SLTU(S3, T1, T0),          /* 1 < 0xFFFFFFFF: 1 */
         SLTI(S4, T0, 0),           /* -1 < 0: 1 */
         SLTI(S5, T1, -3),          /* 1 < -3: 0 */
         SLTIU(S6, T1, -1),         /* 1 < 0xFFFFFFFF (sign-extended imm): 1 */
         SLTIU(S7, T0, -1),         /* 0xFFFFFFFF < 0xFFFFFFFF: 0 */
         SLTI(T3, T2, 0x7FFF),      /* min < 32767: 1 */
         SLTIU(T4, T2, 0x7FFF),     /* 0x80000000 < 0x7FFF: 0 */
         SLT(T5, T1, T1));          /* equal: 0 */
    ASSERT_NO_EXC(f, KCODE + 44);
    assert_int_equal(gpr(f, S0), 1);
    assert_int_equal(gpr(f, S1), 0);
    assert_int_equal(gpr(f, S2), 0);
    assert_int_equal(gpr(f, S3), 1);
    assert_int_equal(gpr(f, S4), 1);
    assert_int_equal(gpr(f, S5), 0);
    assert_int_equal(gpr(f, S6), 1);
    assert_int_equal(gpr(f, S7), 0);
    assert_int_equal(gpr(f, T3), 1);
    assert_int_equal(gpr(f, T4), 0);
    assert_int_equal(gpr(f, T5), 0);
}

static void test_logic_and_lui(void **state)
{
    struct fx *f = *state;
    set_gpr(f, T0, 0xFFFF0F0Fu);
    set_gpr(f, T1, 0x0F0FFFFFu);
    set_gpr(f, S6, 0x12345678u);
    EXEC(f, AND(S0, T0, T1), OR(S1, T0, T1), XOR(S2, T0, T1), NOR(S3, T0, T1),
         ANDI(S4, T0, 0xFFFF),      /* zero-extended */
         ORI(S5, T0, 0x8001),
         XORI(S7, T0, 0xFFFF),
         LUI(S6, 0x8001),           /* low half cleared */
         LUI(T2, 0xFFFF), ORI(T2, T2, 0xFFFE));
    ASSERT_NO_EXC(f, KCODE + 40);
    assert_int_equal(gpr(f, S0), 0x0F0F0F0Fu);
    assert_int_equal(gpr(f, S1), 0xFFFFFFFFu);
    assert_int_equal(gpr(f, S2), 0xF0F0F0F0u);
    assert_int_equal(gpr(f, S3), 0);
    assert_int_equal(gpr(f, S4), 0x00000F0Fu);
    assert_int_equal(gpr(f, S5), 0xFFFF8F0Fu);
    assert_int_equal(gpr(f, S7), 0xFFFFF0F0u);
    assert_int_equal(gpr(f, S6), 0x80010000u);
    assert_int_equal(gpr(f, T2), 0xFFFFFFFEu);
}

static void test_shifts(void **state)
{
    struct fx *f = *state;
    set_gpr(f, T0, 0x80000011u);
    set_gpr(f, T1, 36);            /* variable amounts use the low 5 bits: 4 */
    set_gpr(f, T2, 0xFFFFFFFFu);   /* 31 */
    set_gpr(f, T3, 32);            /* 0 */
    EXEC(f, SLL(S0, T0, 4), SRL(S1, T0, 4), SRA(S2, T0, 4), SLL(S3, T0, 0),
         SRA(S4, T0, 31), SRL(S5, T0, 31),
         SLLV(S6, T0, T1), SRLV(S7, T0, T1), SRAV(T4, T0, T1),
         SRAV(T5, T0, T2), SRLV(T6, T0, T2), SLLV(T7, T0, T3), SRAV(T8, T1, T2));
    ASSERT_NO_EXC(f, KCODE + 52);
    assert_int_equal(gpr(f, S0), 0x00000110u);
    assert_int_equal(gpr(f, S1), 0x08000001u);
    assert_int_equal(gpr(f, S2), 0xF8000001u);
    assert_int_equal(gpr(f, S3), 0x80000011u);
    assert_int_equal(gpr(f, S4), 0xFFFFFFFFu);
    assert_int_equal(gpr(f, S5), 1);
    assert_int_equal(gpr(f, S6), 0x00000110u);
    assert_int_equal(gpr(f, S7), 0x08000001u);
    assert_int_equal(gpr(f, T4), 0xF8000001u);
    assert_int_equal(gpr(f, T5), 0xFFFFFFFFu);
    assert_int_equal(gpr(f, T6), 1);
    assert_int_equal(gpr(f, T7), 0x80000011u);
    assert_int_equal(gpr(f, T8), 0);             /* 36 >> 31 */
}

static void test_mult_div(void **state)
{
    struct fx *f = *state;
    static const struct {
        const char *name; unsigned fn; uint32_t a, b, hi, lo;
    } cases[] = {
        { "mult -3*5", 0x18, 0xFFFFFFFDu, 5, 0xFFFFFFFFu, 0xFFFFFFF1u },
        { "mult min*min", 0x18, 0x80000000u, 0x80000000u, 0x40000000u, 0 },
        { "mult -1*-1", 0x18, 0xFFFFFFFFu, 0xFFFFFFFFu, 0, 1 },
        { "mult max*min", 0x18, 0x7FFFFFFFu, 0x80000000u, 0xC0000000u, 0x80000000u },
        { "multu max*max", 0x19, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFEu, 1 },
        { "multu 2^31*2", 0x19, 0x80000000u, 2, 1, 0 },
        { "div -7/2", 0x1A, 0xFFFFFFF9u, 2, 0xFFFFFFFFu, 0xFFFFFFFDu },
        { "div 7/-2", 0x1A, 7, 0xFFFFFFFEu, 1, 0xFFFFFFFDu },
        { "div -7/-2", 0x1A, 0xFFFFFFF9u, 0xFFFFFFFEu, 0xFFFFFFFFu, 3 },
        { "div min/-1", 0x1A, 0x80000000u, 0xFFFFFFFFu, 0, 0x80000000u },
        { "divu max/2", 0x1B, 0xFFFFFFFFu, 2, 1, 0x7FFFFFFFu },
        { "divu -7/2", 0x1B, 0xFFFFFFF9u, 2, 1, 0x7FFFFFFCu },
        { "div by 0", 0x1A, 1234, 0, 0x11111111u, 0x22222222u },  /* unchanged */
        { "divu by 0", 0x1B, 1234, 0, 0x11111111u, 0x22222222u },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        set_gpr(f, T0, cases[i].a);
        set_gpr(f, T1, cases[i].b);
        cpu_set_hi(f->c, 0x11111111u);
        cpu_set_lo(f->c, 0x22222222u);
        EXEC(f, enc_r(0, T0, T1, 0, 0, cases[i].fn));
        CASE_EQ(cases[i].name, cpu_get_pc(f->c), KCODE + 4);   /* never traps */
        CASE_EQ(cases[i].name, cpu_get_hi(f->c), cases[i].hi);
        CASE_EQ(cases[i].name, cpu_get_lo(f->c), cases[i].lo);
    }

    /* mfhi/mflo/mthi/mtlo */
    set_gpr(f, T0, 0xAAAA5555u);
    set_gpr(f, T1, 0x5555AAAAu);
    EXEC(f, MTHI(T0), MTLO(T1), MFHI(S0), MFLO(S1));
    assert_int_equal(gpr(f, S0), 0xAAAA5555u);
    assert_int_equal(gpr(f, S1), 0x5555AAAAu);
    assert_int_equal(cpu_get_hi(f->c), 0xAAAA5555u);
    assert_int_equal(cpu_get_lo(f->c), 0x5555AAAAu);
}

static void test_madd_msub(void **state)
{
    struct fx *f = *state;
    static const struct {
        const char *name; unsigned fn; uint32_t hi0, lo0, a, b, hi, lo;
    } cases[] = {
        /* carry from LO into HI */
        { "madd carry", 0x00, 0, 0xFFFFFFFFu, 1, 1, 1, 0 },
        { "madd negative", 0x00, 0, 0, 0xFFFFFFFEu, 3, 0xFFFFFFFFu, 0xFFFFFFFAu },
        { "madd -1 + -1*1", 0x00, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, 1,
          0xFFFFFFFFu, 0xFFFFFFFEu },
        { "madd borrow", 0x00, 1, 0, 0xFFFFFFFFu, 1, 0, 0xFFFFFFFFu },
        /* the 64-bit accumulator wraps */
        { "madd wrap", 0x00, 0x7FFFFFFFu, 0xFFFFFFFFu, 1, 1, 0x80000000u, 0 },
        { "maddu carry", 0x01, 0, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu,
          0xFFFFFFFFu, 0 },
        { "maddu wrap", 0x01, 0xFFFFFFFFu, 0xFFFFFFFFu, 1, 1, 0, 0 },
        { "maddu unsigned", 0x01, 0, 0, 0xFFFFFFFEu, 3, 2, 0xFFFFFFFAu },
        { "msub borrow", 0x04, 1, 0, 1, 1, 0, 0xFFFFFFFFu },
        { "msub negative product", 0x04, 0, 0, 0xFFFFFFFFu, 1, 0, 1 },
        { "msub wrap", 0x04, 0x80000000u, 0, 1, 1, 0x7FFFFFFFu, 0xFFFFFFFFu },
        { "msubu below zero", 0x05, 0, 0, 1, 1, 0xFFFFFFFFu, 0xFFFFFFFFu },
        { "msubu large", 0x05, 0, 0, 0xFFFFFFFFu, 2, 0xFFFFFFFEu, 2 },
        { "msubu carry", 0x05, 1, 0, 0xFFFFFFFFu, 1, 0, 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        set_gpr(f, T0, cases[i].a);
        set_gpr(f, T1, cases[i].b);
        cpu_set_hi(f->c, cases[i].hi0);
        cpu_set_lo(f->c, cases[i].lo0);
        EXEC(f, enc_r(0x1C, T0, T1, 0, 0, cases[i].fn));
        CASE_EQ(cases[i].name, cpu_get_pc(f->c), KCODE + 4);
        CASE_EQ(cases[i].name, cpu_get_hi(f->c), cases[i].hi);
        CASE_EQ(cases[i].name, cpu_get_lo(f->c), cases[i].lo);
    }

    /* mul: low 32 bits of the signed product into rd */
    set_gpr(f, T0, 0x00010000u);
    set_gpr(f, T1, 0xFFFFFFFDu);
    set_gpr(f, T2, 5);
    set_gpr(f, T3, 0x7FFFFFFFu);
    EXEC(f, MUL(S0, T0, T0), MUL(S1, T1, T2), MUL(S2, T3, T3), MUL(S3, T0, T1));
    ASSERT_NO_EXC(f, KCODE + 16);
    assert_int_equal(gpr(f, S0), 0);
    assert_int_equal(gpr(f, S1), 0xFFFFFFF1u);
    assert_int_equal(gpr(f, S2), 1);
    assert_int_equal(gpr(f, S3), 0xFFFD0000u);
}

static void test_clz_clo(void **state)
{
    struct fx *f = *state;
    static const struct { uint32_t v; uint32_t clz, clo; } cases[] = {
        { 0, 32, 0 }, { 1, 31, 0 }, { 0x80000000u, 0, 1 }, { 0x00010000u, 15, 0 },
        { 0xFFFFFFFFu, 0, 32 }, { 0xFFFF0000u, 0, 16 }, { 0x7FFFFFFFu, 1, 0 },
        { 0xFFFFFFFEu, 0, 31 }, { 0x00008000u, 16, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "clz/clo 0x%08x", (unsigned)cases[i].v);
        set_gpr(f, T0, cases[i].v);
        EXEC(f, CLZ(S0, T0), CLO(S1, T0));
        CASE_EQ(name, cpu_get_pc(f->c), KCODE + 8);
        CASE_EQ(name, gpr(f, S0), cases[i].clz);
        CASE_EQ(name, gpr(f, S1), cases[i].clo);
    }
}

static void test_movn_movz(void **state)
{
    struct fx *f = *state;
    set_gpr(f, T0, 0xABCDu);
    set_gpr(f, T1, 0);
    set_gpr(f, T2, 7);
    set_gpr(f, S0, 1);
    set_gpr(f, S1, 2);
    set_gpr(f, S2, 3);
    set_gpr(f, S3, 4);
    EXEC(f, MOVZ(S0, T0, T1),     /* t1 == 0: moves */
         MOVZ(S1, T0, T2),        /* t2 != 0: no move */
         MOVN(S2, T0, T2),        /* t2 != 0: moves */
         MOVN(S3, T0, T1));       /* t1 == 0: no move */
    ASSERT_NO_EXC(f, KCODE + 16);
    assert_int_equal(gpr(f, S0), 0xABCDu);
    assert_int_equal(gpr(f, S1), 2);
    assert_int_equal(gpr(f, S2), 0xABCDu);
    assert_int_equal(gpr(f, S3), 4);
}

static void test_loads_extend(void **state)
{
    struct fx *f = *state;
    put32(f, DATA, 0x807F01FFu);        /* bytes FF 01 7F 80 */
    put32(f, DATA + 4, 0x12345678u);
    set_gpr(f, A0, KDATA);
    set_gpr(f, A1, KDATA + 8);
    EXEC(f, LB(S0, 0, A0), LBU(S1, 0, A0), LB(S2, 1, A0), LB(S3, 3, A0),
         LH(S4, 0, A0), LHU(S5, 2, A0), LH(S6, 2, A0), LW(S7, 4, A0),
         LW(T0, -8, A1), LBU(T1, -1, A1), LHU(T2, -4, A1));
    ASSERT_NO_EXC(f, KCODE + 44);
    assert_int_equal(gpr(f, S0), 0xFFFFFFFFu);
    assert_int_equal(gpr(f, S1), 0x000000FFu);
    assert_int_equal(gpr(f, S2), 0x00000001u);
    assert_int_equal(gpr(f, S3), 0xFFFFFF80u);
    assert_int_equal(gpr(f, S4), 0x000001FFu);
    assert_int_equal(gpr(f, S5), 0x0000807Fu);
    assert_int_equal(gpr(f, S6), 0xFFFF807Fu);
    assert_int_equal(gpr(f, S7), 0x12345678u);
    assert_int_equal(gpr(f, T0), 0x807F01FFu);
    assert_int_equal(gpr(f, T1), 0x12u);
    assert_int_equal(gpr(f, T2), 0x5678u);

    /* stores of each size */
    set_gpr(f, T3, 0xA1B2C3D4u);
    EXEC(f, SB(T3, 8, A0), SH(T3, 12, A0), SW(T3, 16, A0), SB(T3, 21, A0), SH(T3, 26, A0));
    assert_int_equal(get32(f, DATA + 8), 0x000000D4u);
    assert_int_equal(get32(f, DATA + 12), 0x0000C3D4u);
    assert_int_equal(get32(f, DATA + 16), 0xA1B2C3D4u);
    assert_int_equal(get32(f, DATA + 20), 0x0000D400u);
    assert_int_equal(get32(f, DATA + 24), 0xC3D40000u);
}

static void test_lwl_lwr(void **state)
{
    struct fx *f = *state;
    put32(f, DATA, 0x44332211u);        /* bytes 11 22 33 44 */
    put32(f, DATA + 4, 0x88776655u);    /* bytes 55 66 77 88 */
    set_gpr(f, A0, KDATA);
    static const uint32_t want_lwl[4] = { 0x11BBCCDDu, 0x2211CCDDu, 0x332211DDu, 0x44332211u };
    static const uint32_t want_lwr[4] = { 0x44332211u, 0xAA443322u, 0xAABB4433u, 0xAABBCC44u };
    for (int b = 0; b < 4; b++) {
        char name[32];
        set_gpr(f, S0, 0xAABBCCDDu);
        set_gpr(f, S1, 0xAABBCCDDu);
        EXEC(f, LWL(S0, b, A0), LWR(S1, b, A0));
        snprintf(name, sizeof name, "lwl offset %d", b);
        CASE_EQ(name, gpr(f, S0), want_lwl[b]);
        snprintf(name, sizeof name, "lwr offset %d", b);
        CASE_EQ(name, gpr(f, S1), want_lwr[b]);
        CASE_EQ(name, cpu_get_pc(f->c), KCODE + 8);
    }
    /* the unaligned-load idiom: bytes 1..4 */
    EXEC(f, LWR(S2, 1, A0), LWL(S2, 4, A0));
    assert_int_equal(gpr(f, S2), 0x55443322u);
}

static void test_swl_swr(void **state)
{
    struct fx *f = *state;
    set_gpr(f, A0, KDATA);
    set_gpr(f, T0, 0xAABBCCDDu);
    static const uint32_t want_swl[4] = { 0x443322AAu, 0x4433AABBu, 0x44AABBCCu, 0xAABBCCDDu };
    static const uint32_t want_swr[4] = { 0xAABBCCDDu, 0xBBCCDD11u, 0xCCDD2211u, 0xDD332211u };
    for (int b = 0; b < 4; b++) {
        char name[32];
        put32(f, DATA, 0x44332211u);
        put32(f, DATA + 4, 0x44332211u);
        EXEC(f, SWL(T0, b, A0), SWR(T0, 4 + b, A0));
        snprintf(name, sizeof name, "swl offset %d", b);
        CASE_EQ(name, get32(f, DATA), want_swl[b]);
        snprintf(name, sizeof name, "swr offset %d", b);
        CASE_EQ(name, get32(f, DATA + 4), want_swr[b]);
    }
    /* the unaligned-store idiom: bytes 1..4 */
    put32(f, DATA, 0x44332211u);
    put32(f, DATA + 4, 0x88776655u);
    EXEC(f, SWR(T0, 1, A0), SWL(T0, 4, A0));
    assert_int_equal(get32(f, DATA), 0xBBCCDD11u);
    assert_int_equal(get32(f, DATA + 4), 0x887766AAu);
}

static void test_unaligned_address_errors(void **state)
{
    struct fx *f = *state;
    static const struct { const char *name; uint32_t va; unsigned code; } cases[] = {
        { "lw +2", KDATA + 2, EXC_ADEL },
        { "lw +1", KDATA + 1, EXC_ADEL },
        { "lh +1", KDATA + 1, EXC_ADEL },
        { "lhu +3", KDATA + 3, EXC_ADEL },
        { "sw +2", KDATA + 2, EXC_ADES },
        { "sh +1", KDATA + 1, EXC_ADES },
        { "ll +2", KDATA + 2, EXC_ADEL },
        { "sc +1", KDATA + 1, EXC_ADES },
    };
    const uint32_t insns[] = {  /* in the order of cases[] */
        LW(S0, 2, A0), LW(S0, 1, A0), LH(S0, 1, A0), LHU(S0, 3, A0),
        SW(T0, 2, A0), SH(T0, 1, A0), LL(S0, 2, A0), SC(T0, 1, A0),
    };
    set_gpr(f, A0, KDATA);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        put32(f, DATA, 0x11111111u);
        put32(f, DATA + 4, 0x22222222u);
        set_gpr(f, S0, 0x5A5A5A5Au);
        set_gpr(f, T0, 0xFFFFFFFFu);
        set_cp0(f, CP0_BADVADDR, 0);   /* read-only: stays whatever it was */
        EXEC(f, insns[i]);
        CASE_EQ(cases[i].name, cpu_get_pc(f->c), VEC_GENERAL);
        CASE_EQ(cases[i].name, exccode(f), cases[i].code);
        CASE_EQ(cases[i].name, cp0(f, CP0_EPC), KCODE);
        CASE_EQ(cases[i].name, cp0(f, CP0_BADVADDR), cases[i].va);
        CASE_EQ(cases[i].name, gpr(f, S0), 0x5A5A5A5Au);
        CASE_EQ(cases[i].name, gpr(f, T0), 0xFFFFFFFFu);
        CASE_EQ(cases[i].name, get32(f, DATA), 0x11111111u);
        CASE_EQ(cases[i].name, get32(f, DATA + 4), 0x22222222u);
    }
}

/* The handler used by several tests: skip the faulting instruction.
 *     mfc0 k0, EPC; addiu k0, k0, 4; mtc0 k0, EPC; eret */
static void put_skip_handler(struct fx *f)
{
    PROG(f, 0x180, MFC0(K0, CP0_EPC, 0), ADDIU(K0, K0, 4), MTC0(K0, CP0_EPC, 0), ERET());
}

static void test_ll_sc(void **state)
{
    struct fx *f = *state;
    put_skip_handler(f);
    put32(f, DATA + 0x40, 5);
    set_gpr(f, A0, KDATA + 0x40);
    PROG(f, CODE,
         LL(T0, 0, A0),
         ADDIU(T0, T0, 1),
         SC(T0, 0, A0),           /* succeeds: t0 = 1, memory = 6 */
         LL(T1, 0, A0),
         SYSCALL(),               /* the handler's eret clears LLbit */
         ADDIU(T1, T1, 10),
         SC(T1, 0, A0),           /* fails: t1 = 0, memory unchanged */
         WAIT());
    assert_int_equal(run_from(f, KCODE, 100), CPU_STOP_WAIT);
    assert_int_equal(gpr(f, T0), 1);
    assert_int_equal(gpr(f, T1), 0);
    assert_int_equal(get32(f, DATA + 0x40), 6);
    assert_int_equal(exccode(f), EXC_SYS);
    /* LLAddr holds the physical address of the ll, bits 31..4 */
    assert_int_equal(cp0(f, CP0_LLADDR), (DATA + 0x40) >> 4);
    /* sc without a preceding ll fails too (reset: leave the wait state) */
    cpu_reset(f->c);
    set_gpr(f, A0, KDATA + 0x40);
    set_gpr(f, T2, 99);
    EXEC(f, SC(T2, 0, A0));
    assert_int_equal(gpr(f, T2), 0);
    assert_int_equal(get32(f, DATA + 0x40), 6);
}

/* ---- branches and jumps ----------------------------------------------------- */

/*
 * Layout for one conditional branch at CODE with offset 3:
 *    +0  branch  -> +16
 *    +4  addiu s0, s0, 1     delay slot
 *    +8  addiu s1, s1, 1     fall-through
 *    +12 wait
 *    +16 addiu s3, s3, 1     target
 *    +20 wait
 */
struct branch_case {
    const char *name;
    uint32_t insn;
    uint32_t t0, t1;
    bool taken, likely, link;
};

static void run_branch_case(struct fx *f, const struct branch_case *bc)
{
    cpu_reset(f->c);
    set_cp0(f, CP0_STATUS, 0);
    PROG(f, CODE, bc->insn, ADDIU(S0, S0, 1), ADDIU(S1, S1, 1), WAIT(),
         ADDIU(S3, S3, 1), WAIT());
    set_gpr(f, T0, bc->t0);
    set_gpr(f, T1, bc->t1);
    set_gpr(f, RA, 0xDEAD0000u);
    CASE_EQ(bc->name, run_from(f, KCODE, 50), CPU_STOP_WAIT);
    bool slot = bc->taken || !bc->likely;
    CASE_EQ(bc->name, gpr(f, S0), slot ? 1 : 0);
    CASE_EQ(bc->name, gpr(f, S1), bc->taken ? 0 : 1);
    CASE_EQ(bc->name, gpr(f, S3), bc->taken ? 1 : 0);
    CASE_EQ(bc->name, cpu_get_pc(f->c), bc->taken ? KCODE + 24 : KCODE + 16);
    CASE_EQ(bc->name, gpr(f, RA), bc->link ? KCODE + 8 : 0xDEAD0000u);
    CASE_EQ(bc->name, cp0(f, CP0_STATUS) & ST_EXL, 0);
}

static void test_conditional_branches(void **state)
{
    struct fx *f = *state;
    const uint32_t M1 = 0xFFFFFFFFu, MIN = 0x80000000u;
    const struct branch_case cases[] = {
        { "beq equal", BEQ(T0, T1, 3), 5, 5, true, false, false },
        { "beq differ", BEQ(T0, T1, 3), 5, 6, false, false, false },
        { "bne differ", BNE(T0, T1, 3), 5, 6, true, false, false },
        { "bne equal", BNE(T0, T1, 3), 5, 5, false, false, false },
        { "blez 0", BLEZ(T0, 3), 0, 0, true, false, false },
        { "blez -1", BLEZ(T0, 3), M1, 0, true, false, false },
        { "blez 1", BLEZ(T0, 3), 1, 0, false, false, false },
        { "bgtz 1", BGTZ(T0, 3), 1, 0, true, false, false },
        { "bgtz 0", BGTZ(T0, 3), 0, 0, false, false, false },
        { "bgtz min", BGTZ(T0, 3), MIN, 0, false, false, false },
        { "bltz -1", BLTZ(T0, 3), M1, 0, true, false, false },
        { "bltz 0", BLTZ(T0, 3), 0, 0, false, false, false },
        { "bgez 0", BGEZ(T0, 3), 0, 0, true, false, false },
        { "bgez min", BGEZ(T0, 3), MIN, 0, false, false, false },
        { "bltzal -1", BLTZAL(T0, 3), M1, 0, true, false, true },
        { "bltzal 1", BLTZAL(T0, 3), 1, 0, false, false, true },
        { "bgezal 1", BGEZAL(T0, 3), 1, 0, true, false, true },
        { "bgezal -1", BGEZAL(T0, 3), M1, 0, false, false, true },
        { "beql equal", BEQL(T0, T1, 3), 5, 5, true, true, false },
        { "beql differ", BEQL(T0, T1, 3), 5, 6, false, true, false },
        { "bnel differ", BNEL(T0, T1, 3), 5, 6, true, true, false },
        { "bnel equal", BNEL(T0, T1, 3), 5, 5, false, true, false },
        { "blezl 0", BLEZL(T0, 3), 0, 0, true, true, false },
        { "blezl 1", BLEZL(T0, 3), 1, 0, false, true, false },
        { "bgtzl 1", BGTZL(T0, 3), 1, 0, true, true, false },
        { "bgtzl -1", BGTZL(T0, 3), M1, 0, false, true, false },
        { "bltzl -1", BLTZL(T0, 3), M1, 0, true, true, false },
        { "bltzl 0", BLTZL(T0, 3), 0, 0, false, true, false },
        { "bgezl 0", BGEZL(T0, 3), 0, 0, true, true, false },
        { "bgezl -1", BGEZL(T0, 3), M1, 0, false, true, false },
        { "bltzall -1", BLTZALL(T0, 3), M1, 0, true, true, true },
        { "bltzall 0", BLTZALL(T0, 3), 0, 0, false, true, true },
        { "bgezall 0", BGEZALL(T0, 3), 0, 0, true, true, true },
        { "bgezall -1", BGEZALL(T0, 3), M1, 0, false, true, true },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_branch_case(f, &cases[i]);
}

static void test_branch_backward(void **state)
{
    struct fx *f = *state;
    /* a countdown loop: t0 = 5; loop: addiu t0,-1; bne t0,$0,loop; addiu s0,1 */
    PROG(f, CODE, ADDIU(T0, ZERO, 5), ADDIU(T0, T0, -1), BNE(T0, ZERO, -2),
         ADDIU(S0, S0, 1), WAIT());
    assert_int_equal(run_from(f, KCODE, 100), CPU_STOP_WAIT);
    assert_int_equal(gpr(f, T0), 0);
    assert_int_equal(gpr(f, S0), 5);          /* the slot ran every time */
    assert_int_equal(cpu_get_pc(f->c), KCODE + 20);
}

static void test_jumps(void **state)
{
    struct fx *f = *state;
    const uint32_t target = KSEG0 + 0x2000;
    PROG(f, 0x2000, ADDIU(S3, S3, 1), WAIT());

    /* j */
    PROG(f, CODE, J(target), ADDIU(S0, S0, 1), ADDIU(S1, S1, 1), WAIT());
    set_gpr(f, RA, 0x1111u);
    assert_int_equal(run_from(f, KCODE, 50), CPU_STOP_WAIT);
    assert_int_equal(cpu_get_pc(f->c), target + 8);
    assert_int_equal(gpr(f, S0), 1);
    assert_int_equal(gpr(f, S1), 0);
    assert_int_equal(gpr(f, S3), 1);
    assert_int_equal(gpr(f, RA), 0x1111u);

    /* jal */
    cpu_reset(f->c);
    set_cp0(f, CP0_STATUS, 0);
    PROG(f, CODE, JAL(target), ADDIU(S0, S0, 1), ADDIU(S1, S1, 1), WAIT());
    assert_int_equal(run_from(f, KCODE, 50), CPU_STOP_WAIT);
    assert_int_equal(cpu_get_pc(f->c), target + 8);
    assert_int_equal(gpr(f, RA), KCODE + 8);
    assert_int_equal(gpr(f, S0), 1);
    assert_int_equal(gpr(f, S3), 1);

    /* j keeps the top 4 bits of the slot's address: from kseg1 to kseg1 */
    cpu_reset(f->c);
    set_cp0(f, CP0_STATUS, 0);
    assert_int_equal(run_from(f, KSEG1 + CODE, 50), CPU_STOP_WAIT);
    assert_int_equal(cpu_get_pc(f->c), KSEG1 + 0x2000 + 8);
    assert_int_equal(gpr(f, RA), KSEG1 + CODE + 8);

    /* jr */
    cpu_reset(f->c);
    set_cp0(f, CP0_STATUS, 0);
    PROG(f, CODE, JR(T0), ADDIU(S0, S0, 1), ADDIU(S1, S1, 1), WAIT());
    set_gpr(f, T0, target);
    assert_int_equal(run_from(f, KCODE, 50), CPU_STOP_WAIT);
    assert_int_equal(cpu_get_pc(f->c), target + 8);
    assert_int_equal(gpr(f, S0), 1);
    assert_int_equal(gpr(f, S1), 0);
    assert_int_equal(gpr(f, S3), 1);

    /* jalr with the default link register and with another one */
    cpu_reset(f->c);
    set_cp0(f, CP0_STATUS, 0);
    PROG(f, CODE, JALR(RA, T0), ADDIU(S0, S0, 1), ADDIU(S1, S1, 1), WAIT());
    set_gpr(f, T0, target);
    assert_int_equal(run_from(f, KCODE, 50), CPU_STOP_WAIT);
    assert_int_equal(cpu_get_pc(f->c), target + 8);
    assert_int_equal(gpr(f, RA), KCODE + 8);

    cpu_reset(f->c);
    set_cp0(f, CP0_STATUS, 0);
    PROG(f, CODE, JALR(T9, T0), ADDIU(S0, S0, 1), ADDIU(S1, S1, 1), WAIT());
    set_gpr(f, T0, target);
    set_gpr(f, RA, 0x2222u);
    assert_int_equal(run_from(f, KCODE, 50), CPU_STOP_WAIT);
    assert_int_equal(cpu_get_pc(f->c), target + 8);
    assert_int_equal(gpr(f, T9), KCODE + 8);
    assert_int_equal(gpr(f, RA), 0x2222u);

    /* the slot sees the old value of the jr register and may change it */
    cpu_reset(f->c);
    set_cp0(f, CP0_STATUS, 0);
    PROG(f, CODE, JR(T0), ADDIU(T0, T0, 0x100), WAIT());
    set_gpr(f, T0, target);
    assert_int_equal(run_from(f, KCODE, 50), CPU_STOP_WAIT);
    assert_int_equal(cpu_get_pc(f->c), target + 8);
    assert_int_equal(gpr(f, T0), target + 0x100);

    /* jr to an unaligned address: AdEL when the target is fetched,
     * EPC = BadVAddr = the target, not in a delay slot */
    cpu_reset(f->c);
    set_cp0(f, CP0_STATUS, 0);
    PROG(f, CODE, JR(T0), NOP());
    set_gpr(f, T0, target + 2);
    assert_int_equal(run_from(f, KCODE, 3), CPU_STOP_BUDGET);
    ASSERT_EXC(f, VEC_GENERAL, EXC_ADEL, target + 2, false);
    assert_int_equal(cp0(f, CP0_BADVADDR), target + 2);
}

static void test_writes_to_zero_discarded(void **state)
{
    struct fx *f = *state;
    put32(f, DATA, 0xFFFFFFFFu);
    set_gpr(f, A0, KDATA);
    cpu_set_gpr(f->c, ZERO, 0x1234u);
    assert_int_equal(gpr(f, ZERO), 0);
    cpu_set_hi(f->c, 7);
    EXEC(f, ADDIU(ZERO, ZERO, 5), LW(ZERO, 0, A0), LUI(ZERO, 0x1234), MFHI(ZERO),
         MFC0(ZERO, CP0_PRID, 0), ORI(ZERO, ZERO, 0xFFFF), ADDU(S0, ZERO, ZERO));
    assert_int_equal(gpr(f, ZERO), 0);
    assert_int_equal(gpr(f, S0), 0);
    /* jalr $0 discards the link */
    PROG(f, 0x2000, WAIT());
    PROG(f, CODE, JALR(ZERO, T0), ADDU(S1, ZERO, ZERO));
    set_gpr(f, T0, KSEG0 + 0x2000);
    set_gpr(f, S1, 77);
    assert_int_equal(run_from(f, KCODE, 10), CPU_STOP_WAIT);
    assert_int_equal(gpr(f, ZERO), 0);
    assert_int_equal(gpr(f, S1), 0);
}

static void test_nops_sync_pref_cache(void **state)
{
    struct fx *f = *state;
    set_gpr(f, A0, KDATA);
    EXEC(f, SYNC(), PREF(0, 0, A0), CACHE(0, 0, A0), CACHE(0x15, 0, A0), NOP());
    ASSERT_NO_EXC(f, KCODE + 20);
}

/* ==== delay slots ========================================================== */

static void test_exception_in_delay_slot(void **state)
{
    struct fx *f = *state;
    set_gpr(f, T0, 0x7FFFFFFFu);
    set_gpr(f, T1, 1);
    set_gpr(f, T2, 0xABCDu);

    /* taken branch, overflow in the slot */
    EXEC(f, BEQ(ZERO, ZERO, 3), ADD(T2, T0, T1));
    ASSERT_EXC(f, VEC_GENERAL, EXC_OV, KCODE, true);
    assert_int_equal(gpr(f, T2), 0xABCDu);

    /* not-taken branch: the slot still runs, as a slot */
    EXEC(f, BNE(ZERO, ZERO, 3), SYSCALL());
    ASSERT_EXC(f, VEC_GENERAL, EXC_SYS, KCODE, true);

    /* an exception outside a slot clears BD again */
    EXEC(f, SYSCALL());
    ASSERT_EXC(f, VEC_GENERAL, EXC_SYS, KCODE, false);

    /* taken likely branch */
    EXEC(f, BEQL(ZERO, ZERO, 3), BREAK());
    ASSERT_EXC(f, VEC_GENERAL, EXC_BP, KCODE, true);

    /* jr, with a load address error in the slot */
    set_gpr(f, T3, KSEG0 + 0x2000);
    set_gpr(f, A0, KDATA + 1);
    EXEC(f, JR(T3), LW(S0, 0, A0));
    ASSERT_EXC(f, VEC_GENERAL, EXC_ADEL, KCODE, true);
    assert_int_equal(cp0(f, CP0_BADVADDR), KDATA + 1);

    /* jal: the link is written even though the slot faults */
    set_gpr(f, RA, 0);
    EXEC(f, JAL(KSEG0 + 0x2000), BREAK());
    ASSERT_EXC(f, VEC_GENERAL, EXC_BP, KCODE, true);
    assert_int_equal(gpr(f, RA), KCODE + 8);

    /* jalr with the slot at a later address */
    put32(f, CODE + 0x20, JALR(RA, T3));
    put32(f, CODE + 0x24, TEQ(ZERO, ZERO));
    set_cp0(f, CP0_STATUS, 0);
    assert_int_equal(run_from(f, KCODE + 0x20, 2), CPU_STOP_BUDGET);
    ASSERT_EXC(f, VEC_GENERAL, EXC_TR, KCODE + 0x20, true);
}

/* Returning from a delay-slot exception re-executes the branch: the
 * program ends up at the branch target with the slot run once. */
static void test_delay_slot_eret_reexecutes_branch(void **state)
{
    struct fx *f = *state;
    /* handler: count and return to EPC (the branch) */
    PROG(f, 0x180, ADDIU(S7, S7, 1), ERET());
    /* the slot (teq s7, $0) traps on the first pass only */
    PROG(f, CODE, BEQ(ZERO, ZERO, 3), TEQ(S7, ZERO), ADDIU(S1, S1, 1), WAIT(),
         ADDIU(S3, S3, 1), WAIT());
    assert_int_equal(run_from(f, KCODE, 50), CPU_STOP_WAIT);
    assert_int_equal(gpr(f, S7), 1);       /* one trap */
    assert_int_equal(gpr(f, S1), 0);
    assert_int_equal(gpr(f, S3), 1);       /* the target was reached */
    assert_int_equal(cpu_get_pc(f->c), KCODE + 24);
}

/* ==== exceptions ============================================================ */

static void test_syscall_break_ri_trap(void **state)
{
    struct fx *f = *state;
    EXEC(f, NOP(), SYSCALL());
    ASSERT_EXC(f, VEC_GENERAL, EXC_SYS, KCODE + 4, false);
    EXEC(f, BREAK());
    ASSERT_EXC(f, VEC_GENERAL, EXC_BP, KCODE, false);
    EXEC(f, 0x03FFFFCDu);          /* break with a code field */
    ASSERT_EXC(f, VEC_GENERAL, EXC_BP, KCODE, false);

    /* Reserved Instruction: encodings that are not MIPS32 R1 integer
     * instructions (64-bit ones included) */
    static const struct { const char *name; uint32_t insn; } ri[] = {
        { "SPECIAL funct 05", 0x00000005u },
        { "daddu", 0x0000002Du },
        { "dsllv", 0x00000014u },
        { "REGIMM rt 04", 0x04040000u },
        { "daddi", 0x60000000u },
        { "ldl", 0x68000000u },
        { "jalx", 0x74000000u },
        { "SPECIAL3", 0x7C000000u },
        { "SPECIAL2 funct 03", 0x70000003u },
        { "lwu", 0x9C000000u },
        { "ld", 0xDC000000u },
        { "sd", 0xFC000000u },
        { "dmfc0", 0x40200000u },
        { "COP0 CO funct 10", 0x42000010u },
        { "sdbbp without semihosting", 0x7000007Fu },
    };
    for (size_t i = 0; i < sizeof ri / sizeof ri[0]; i++) {
        set_cp0(f, CP0_EPC, 0);
        EXEC(f, ri[i].insn);
        CASE_EQ(ri[i].name, cpu_get_pc(f->c), VEC_GENERAL);
        CASE_EQ(ri[i].name, exccode(f), EXC_RI);
        CASE_EQ(ri[i].name, cp0(f, CP0_EPC), KCODE);
    }
}

static void test_trap_instructions(void **state)
{
    struct fx *f = *state;
    /* t0 = -1 (0xFFFFFFFF), t1 = 1 */
    const struct { const char *name; uint32_t insn; bool trap; } cases[] = {
        { "tge -1,1", TGE(T0, T1), false }, { "tge 1,-1", TGE(T1, T0), true },
        { "tgeu max,1", TGEU(T0, T1), true }, { "tgeu 1,max", TGEU(T1, T0), false },
        { "tlt -1,1", TLT(T0, T1), true }, { "tlt 1,-1", TLT(T1, T0), false },
        { "tltu max,1", TLTU(T0, T1), false }, { "tltu 1,max", TLTU(T1, T0), true },
        { "teq -1,-1", TEQ(T0, T0), true }, { "teq -1,1", TEQ(T0, T1), false },
        { "tne -1,1", TNE(T0, T1), true }, { "tne 1,1", TNE(T1, T1), false },
        { "tgei -1,0", TGEI(T0, 0), false }, { "tgei 1,0", TGEI(T1, 0), true },
        /* the immediate is sign-extended, then compared unsigned */
        { "tgeiu max,-1", TGEIU(T0, -1), true }, { "tgeiu 1,-1", TGEIU(T1, -1), false },
        { "tlti -1,0", TLTI(T0, 0), true }, { "tlti 1,0", TLTI(T1, 0), false },
        { "tltiu 1,-1", TLTIU(T1, -1), true }, { "tltiu max,1", TLTIU(T0, 1), false },
        { "teqi -1,-1", TEQI(T0, -1), true }, { "teqi 1,-1", TEQI(T1, -1), false },
        { "tnei 1,-1", TNEI(T1, -1), true }, { "tnei -1,-1", TNEI(T0, -1), false },
        { "teq with code", TEQ(T0, T0) | (0x3FFu << 6), true },
    };
    assert_int_equal(TGE(T0, T1), 0x01090030u);     /* the encoder, checked once */
    set_gpr(f, T0, 0xFFFFFFFFu);
    set_gpr(f, T1, 1);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        EXEC(f, cases[i].insn);
        if (cases[i].trap) {
            CASE_EQ(cases[i].name, cpu_get_pc(f->c), VEC_GENERAL);
            CASE_EQ(cases[i].name, exccode(f), EXC_TR);
            CASE_EQ(cases[i].name, cp0(f, CP0_EPC), KCODE);
        } else {
            CASE_EQ(cases[i].name, cpu_get_pc(f->c), KCODE + 4);
            CASE_EQ(cases[i].name, cp0(f, CP0_STATUS) & ST_EXL, 0);
        }
    }
}

static void test_coprocessor_unusable(void **state)
{
    struct fx *f = *state;
    static const struct { const char *name; uint32_t insn; unsigned ce; } cases[] = {
        { "mfc1", 0x44000000u, 1 },
        { "ctc1", 0x44C00000u, 1 },
        { "add.s", 0x46000000u, 1 },
        { "cop1x", 0x4C000000u, 1 },
        { "movf", 0x00000001u, 1 },
        { "lwc1", 0xC4000000u, 1 },
        { "ldc1", 0xD4000000u, 1 },
        { "swc1", 0xE4000000u, 1 },
        { "sdc1", 0xF4000000u, 1 },
        { "mfc2", 0x48000000u, 2 },
        { "lwc2", 0xC8000000u, 2 },
        { "ldc2", 0xD8000000u, 2 },
        { "swc2", 0xE8000000u, 2 },
        { "sdc2", 0xF8000000u, 2 },
    };
    set_gpr(f, A0, KDATA);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        EXEC(f, cases[i].insn);
        CASE_EQ(cases[i].name, cpu_get_pc(f->c), VEC_GENERAL);
        CASE_EQ(cases[i].name, exccode(f), EXC_CPU);
        CASE_EQ(cases[i].name, (cp0(f, CP0_CAUSE) & CAUSE_CE) >> CAUSE_CE_SHIFT, cases[i].ce);
        CASE_EQ(cases[i].name, cp0(f, CP0_EPC), KCODE);
    }
}

/* CP0 instructions outside kernel mode: CpU with CE=0 (after a CE=2
 * exception, so the field must really be rewritten). */
static void test_cp0_unusable_in_user_and_supervisor(void **state)
{
    struct fx *f = *state;
    map_ucode(f);
    static const struct { const char *name; uint32_t insn; } ops[] = {
        { "mfc0", 0 }, { "mtc0", 0 }, { "tlbwi", 0 }, { "tlbp", 0 }, { "tlbr", 0 },
        { "tlbwr", 0 }, { "eret", 0 }, { "wait", 0 }, { "cache", 0 },
    };
    const uint32_t insns[] = {
        MFC0(T0, CP0_STATUS, 0), MTC0(T0, CP0_STATUS, 0), TLBWI(), TLBP(), TLBR(),
        TLBWR(), ERET(), WAIT(), CACHE(0, 0, ZERO),
    };
    const uint32_t modes[2] = { KSU_USER, KSU_SUPER };
    for (int m = 0; m < 2; m++) {
        for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
            /* leave CE=2 behind */
            EXEC(f, 0x48000000u);
            CASE_EQ(ops[i].name, (cp0(f, CP0_CAUSE) & CAUSE_CE) >> CAUSE_CE_SHIFT, 2);
            put32(f, UCODE_PA, insns[i]);
            set_gpr(f, T0, 0x5555u);
            set_cp0(f, CP0_STATUS, modes[m]);
            assert_int_equal(cpu_mode(f->c), m == 0 ? CPU_USER : CPU_SUPERVISOR);
            CASE_EQ(ops[i].name, run_from(f, UCODE_VA, 1), CPU_STOP_BUDGET);
            CASE_EQ(ops[i].name, cpu_get_pc(f->c), VEC_GENERAL);
            CASE_EQ(ops[i].name, exccode(f), EXC_CPU);
            CASE_EQ(ops[i].name, (cp0(f, CP0_CAUSE) & CAUSE_CE) >> CAUSE_CE_SHIFT, 0);
            CASE_EQ(ops[i].name, cp0(f, CP0_EPC), UCODE_VA);
            CASE_EQ(ops[i].name, gpr(f, T0), 0x5555u);
            CASE_EQ(ops[i].name, cp0(f, CP0_STATUS) & (ST_EXL | ST_KSU), ST_EXL | modes[m]);
            CASE_EQ(ops[i].name, cpu_mode(f->c), CPU_KERNEL);
            CASE_EQ(ops[i].name, cpu_waiting(f->c), false);
        }
    }

    /* with Status.CU0 = 1 user mode may use CP0 */
    put32(f, UCODE_PA, MFC0(T0, CP0_STATUS, 0));
    set_cp0(f, CP0_STATUS, KSU_USER | ST_CU0);
    assert_int_equal(run_from(f, UCODE_VA, 1), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_pc(f->c), UCODE_VA + 4);
    assert_int_equal(gpr(f, T0), KSU_USER | ST_CU0);
}

static void test_general_vectors_and_exl(void **state)
{
    struct fx *f = *state;
    /* general exception: EXL set, KSU and IE kept, ExcCode written */
    set_cp0(f, CP0_STATUS, IM(2) | ST_IE);
    put32(f, CODE, SYSCALL());
    assert_int_equal(run_from(f, KCODE, 1), CPU_STOP_BUDGET);
    ASSERT_EXC(f, VEC_GENERAL, EXC_SYS, KCODE, false);
    assert_int_equal(cp0(f, CP0_STATUS), IM(2) | ST_IE | ST_EXL);

    /* an exception while EXL=1: EPC and BD unchanged, vector +0x180 */
    set_cp0(f, CP0_EPC, 0x12345678u);
    PROG(f, CODE, BEQ(ZERO, ZERO, 3), BREAK());
    assert_int_equal(run_from(f, KCODE, 2), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_pc(f->c), VEC_GENERAL);
    assert_int_equal(exccode(f), EXC_BP);
    assert_int_equal(cp0(f, CP0_EPC), 0x12345678u);
    assert_int_equal(cp0(f, CP0_CAUSE) & CAUSE_BD, 0);

    /* BEV=1: the general vector is 0xBFC00380 */
    set_cp0(f, CP0_STATUS, ST_BEV);
    put32(f, CODE, SYSCALL());
    assert_int_equal(run_from(f, KCODE, 1), CPU_STOP_BUDGET);
    ASSERT_EXC(f, BEV_GENERAL, EXC_SYS, KCODE, false);
    assert_true(cp0(f, CP0_STATUS) & ST_BEV);

    /* ERL=1 does not stop EPC being written (EXL was 0) */
    set_cp0(f, CP0_STATUS, ST_ERL);
    set_cp0(f, CP0_ERROREPC, 0x4444u);
    put32(f, CODE, SYSCALL());
    assert_int_equal(run_from(f, KCODE, 1), CPU_STOP_BUDGET);
    ASSERT_EXC(f, VEC_GENERAL, EXC_SYS, KCODE, false);
    assert_int_equal(cp0(f, CP0_ERROREPC), 0x4444u);
}

/* TLB refill / invalid / modified, and what they load into BadVAddr,
 * Context and EntryHi. */
static void test_tlb_exceptions(void **state)
{
    struct fx *f = *state;
    const uint32_t va = 0x12345677u;
    /* Context.BadVPN2 = va[31:13] in bits 22..4; EntryHi.VPN2 = va[31:13] */
    const uint32_t ctx = 0x12800000u | 0x00091A20u;
    const uint32_t hi = 0x12344000u | 0x42u;

    /* refill on a load, EXL=0: vector 0x80000000 */
    set_cp0(f, CP0_ENTRYHI, 0x42);
    set_cp0(f, CP0_CONTEXT, 0x12800000u);
    set_gpr(f, A0, va);
    set_gpr(f, S0, 0x77u);
    EXEC(f, LB(S0, 0, A0));
    ASSERT_EXC(f, VEC_REFILL, EXC_TLBL, KCODE, false);
    assert_int_equal(cp0(f, CP0_BADVADDR), va);
    assert_int_equal(cp0(f, CP0_CONTEXT), ctx);
    assert_int_equal(cp0(f, CP0_ENTRYHI), hi);
    assert_int_equal(gpr(f, S0), 0x77u);

    /* refill on a store */
    set_cp0(f, CP0_ENTRYHI, 0x42);
    set_gpr(f, A0, 0x7FFFF004u);
    EXEC(f, NOP(), SW(S0, -4, A0));
    ASSERT_EXC(f, VEC_REFILL, EXC_TLBS, KCODE + 4, false);
    assert_int_equal(cp0(f, CP0_BADVADDR), 0x7FFFF000u);
    assert_int_equal(cp0(f, CP0_CONTEXT), 0x12BFFFF0u);
    assert_int_equal(cp0(f, CP0_ENTRYHI), 0x7FFFE000u | 0x42u);

    /* refill on an instruction fetch: EPC = BadVAddr = the PC */
    set_cp0(f, CP0_ENTRYHI, 0x42);
    set_cp0(f, CP0_STATUS, 0);
    assert_int_equal(run_from(f, 0x00702000u, 1), CPU_STOP_BUDGET);
    ASSERT_EXC(f, VEC_REFILL, EXC_TLBL, 0x00702000u, false);
    assert_int_equal(cp0(f, CP0_BADVADDR), 0x00702000u);
    assert_int_equal(cp0(f, CP0_ENTRYHI), 0x00702000u | 0x42u);

    /* refill in a delay slot */
    set_gpr(f, A0, va);
    EXEC(f, BEQ(ZERO, ZERO, 3), LB(S0, 0, A0));
    ASSERT_EXC(f, VEC_REFILL, EXC_TLBL, KCODE, true);

    /* a miss while EXL=1: general vector, EPC unchanged */
    set_cp0(f, CP0_STATUS, ST_EXL);
    set_cp0(f, CP0_EPC, 0xCAFE0000u);
    set_cp0(f, CP0_ENTRYHI, 0x42);
    put32(f, CODE, LB(S0, 0, A0));
    assert_int_equal(run_from(f, KCODE, 1), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_pc(f->c), VEC_GENERAL);
    assert_int_equal(exccode(f), EXC_TLBL);
    assert_int_equal(cp0(f, CP0_EPC), 0xCAFE0000u);
    assert_int_equal(cp0(f, CP0_BADVADDR), va);
    assert_int_equal(cp0(f, CP0_ENTRYHI), hi);

    /* BEV=1: refill vector 0xBFC00200 */
    set_cp0(f, CP0_STATUS, ST_BEV);
    assert_int_equal(run_from(f, KCODE, 1), CPU_STOP_BUDGET);
    ASSERT_EXC(f, BEV_REFILL, EXC_TLBL, KCODE, false);

    /* invalid entry (V=0): TLBL to the general vector */
    set_cp0(f, CP0_STATUS, 0);
    tlb_set(f, 3, 0, 0x00500000u, lo(0x00200000u, ENTRYLO_G | ENTRYLO_D | CACHED),
            lo(0x00201000u, VDG));
    set_cp0(f, CP0_ENTRYHI, 0x42);
    set_gpr(f, A0, 0x00500010u);
    EXEC(f, LW(S0, 0, A0));
    ASSERT_EXC(f, VEC_GENERAL, EXC_TLBL, KCODE, false);
    assert_int_equal(cp0(f, CP0_BADVADDR), 0x00500010u);
    assert_int_equal(cp0(f, CP0_ENTRYHI), 0x00500000u | 0x42u);
    assert_int_equal(cp0(f, CP0_CONTEXT), 0x12802800u);
    EXEC(f, SW(S0, 0, A0));
    ASSERT_EXC(f, VEC_GENERAL, EXC_TLBS, KCODE, false);

    /* the odd page is valid; make it clean (D=0): a store is Mod */
    tlb_set(f, 3, 0, 0x00500000u, lo(0x00200000u, ENTRYLO_G | CACHED),
            lo(0x00201000u, ENTRYLO_G | ENTRYLO_V | CACHED));
    put32(f, 0x00201008u, 0x600DF00Du);
    set_cp0(f, CP0_ENTRYHI, 0x42);
    set_gpr(f, A0, 0x00501008u);
    set_gpr(f, S0, 0xBAD0BAD0u);
    EXEC(f, LW(S1, 0, A0), SW(S0, 0, A0));
    assert_int_equal(gpr(f, S1), 0x600DF00Du);
    ASSERT_EXC(f, VEC_GENERAL, EXC_MOD, KCODE + 4, false);
    assert_int_equal(cp0(f, CP0_BADVADDR), 0x00501008u);
    assert_int_equal(cp0(f, CP0_ENTRYHI), 0x00500000u | 0x42u);
    assert_int_equal(cp0(f, CP0_CONTEXT), 0x12802800u);
    assert_int_equal(get32(f, 0x00201008u), 0x600DF00Du);
}

/* ==== CP0 registers ========================================================= */

static void test_cp0_write_masks(void **state)
{
    struct fx *f = *state;
    static const struct { const char *name; unsigned reg; uint32_t ones, zeros; } regs[] = {
        { "Index", CP0_INDEX, 0x0000001Fu, 0 },         /* 32 entries: 5 bits */
        { "EntryLo0", CP0_ENTRYLO0, 0x03FFFFFFu, 0 },
        { "EntryLo1", CP0_ENTRYLO1, 0x03FFFFFFu, 0 },
        { "Context", CP0_CONTEXT, 0xFF800000u, 0 },     /* BadVPN2 is read-only */
        { "PageMask", CP0_PAGEMASK, 0x01FFE000u, 0 },
        { "Wired", CP0_WIRED, 0x0000001Fu, 0 },
        { "BadVAddr", CP0_BADVADDR, 0, 0 },             /* read-only, reset 0 here */
        { "Count", CP0_COUNT, 0xFFFFFFFFu, 0 },
        { "EntryHi", CP0_ENTRYHI, 0xFFFFE0FFu, 0 },
        { "Compare", CP0_COMPARE, 0xFFFFFFFFu, 0 },
        /* CU0, BEV, TS, SR, NMI, IM7..0, KSU, ERL, EXL, IE */
        { "Status", CP0_STATUS, 0x1078FF1Fu, 0 },
        /* IV, IP1..0 */
        { "Cause", CP0_CAUSE, 0x00800300u, 0 },
        { "EPC", CP0_EPC, 0xFFFFFFFFu, 0 },
        /* 4Kc: company 1, processor 0x80 */
        { "PRId", CP0_PRID, 0x00018001u, 0x00018001u },
        /* M, MT=1 (standard TLB), BE=0, AT=0, AR=0; K0 writable */
        { "Config", CP0_CONFIG, 0x80000087u, 0x80000080u },
        { "LLAddr", CP0_LLADDR, 0, 0 },
        { "ErrorEPC", CP0_ERROREPC, 0xFFFFFFFFu, 0 },
        /* unimplemented: read 0, ignore writes */
        { "r7", 7, 0, 0 }, { "r18", 18, 0, 0 }, { "r19", 19, 0, 0 }, { "r20", 20, 0, 0 },
        { "r21", 21, 0, 0 }, { "r22", 22, 0, 0 }, { "r23", 23, 0, 0 }, { "r24", 24, 0, 0 },
        { "r25", 25, 0, 0 }, { "r26", 26, 0, 0 }, { "r27", 27, 0, 0 }, { "r28", 28, 0, 0 },
        { "r29", 29, 0, 0 }, { "r31", 31, 0, 0 },
    };
    for (size_t i = 0; i < sizeof regs / sizeof regs[0]; i++) {
        cpu_cp0_write(f->c, regs[i].reg, 0, 0xFFFFFFFFu);
        CASE_EQ(regs[i].name, cpu_cp0_read(f->c, regs[i].reg, 0), regs[i].ones);
        cpu_cp0_write(f->c, regs[i].reg, 0, 0);
        CASE_EQ(regs[i].name, cpu_cp0_read(f->c, regs[i].reg, 0), regs[i].zeros);
    }

    /* Random is read-only */
    uint32_t r = cp0(f, CP0_RANDOM);
    assert_int_equal(r, 31);
    set_cp0(f, CP0_RANDOM, 5);
    assert_int_equal(cp0(f, CP0_RANDOM), r);

    /* Config1: MMUSize-1 = 31, no caches, no FPU; read-only */
    assert_int_equal(cpu_cp0_read(f->c, CP0_CONFIG, 1), 31u << 25);
    cpu_cp0_write(f->c, CP0_CONFIG, 1, 0xFFFFFFFFu);
    assert_int_equal(cpu_cp0_read(f->c, CP0_CONFIG, 1), 31u << 25);
    cpu_cp0_write(f->c, CP0_CONFIG, 1, 0);
    assert_int_equal(cpu_cp0_read(f->c, CP0_CONFIG, 1), 31u << 25);
    /* other selects are absent: read 0, writes ignored */
    cpu_cp0_write(f->c, CP0_STATUS, 1, 0xFFFFFFFFu);
    assert_int_equal(cpu_cp0_read(f->c, CP0_STATUS, 1), 0);
    assert_int_equal(cp0(f, CP0_STATUS), 0);
    assert_int_equal(cpu_cp0_read(f->c, CP0_CONFIG, 2), 0);
    assert_int_equal(cpu_cp0_read(f->c, CP0_EPC, 3), 0);

    /* through the instructions: mtc0/mfc0 with the same masks and sel */
    set_gpr(f, T0, 0xFFFFFFFFu);
    set_gpr(f, S2, 0x1234u);
    EXEC(f, MTC0(T0, CP0_ENTRYHI, 0), MFC0(S0, CP0_ENTRYHI, 0), MFC0(S1, CP0_CONFIG, 1),
         MFC0(S2, 7, 0), MTC0(T0, CP0_PRID, 0), MFC0(S3, CP0_PRID, 0));
    ASSERT_NO_EXC(f, KCODE + 24);
    assert_int_equal(gpr(f, S0), 0xFFFFE0FFu);
    assert_int_equal(gpr(f, S1), 31u << 25);
    assert_int_equal(gpr(f, S2), 0);
    assert_int_equal(gpr(f, S3), 0x00018001u);
}

static void test_config1_mmusize(void **state)
{
    (void)state;
    static const unsigned sizes[] = { 16, 32, 64 };
    for (size_t i = 0; i < 3; i++) {
        struct fx *f = fx_new(sizes[i], 0, false);
        char name[32];
        snprintf(name, sizeof name, "%u entries", sizes[i]);
        uint32_t c1 = cpu_cp0_read(f->c, CP0_CONFIG, 1);
        CASE_EQ(name, (c1 >> 25) & 0x3F, sizes[i] - 1);
        CASE_EQ(name, c1 & 1, 0);                    /* FP = 0 */
        CASE_EQ(name, cp0(f, CP0_RANDOM), sizes[i] - 1);
        set_cp0(f, CP0_INDEX, 0xFFFFFFFFu);
        CASE_EQ(name, cp0(f, CP0_INDEX), sizes[i] - 1);
        set_cp0(f, CP0_WIRED, sizes[i] - 1);
        CASE_EQ(name, cp0(f, CP0_WIRED), sizes[i] - 1);
        CASE_EQ(name, cp0(f, CP0_RANDOM), sizes[i] - 1);
        set_cp0(f, CP0_WIRED, 0);
        /* the last entry is writable and readable with tlbwi/tlbr */
        tlb_set(f, sizes[i] - 1, 0, 0x00600000u, lo(0x1000, VDG), lo(0x2000, VDG));
        set_cp0(f, CP0_ENTRYHI, 0);
        set_cp0(f, CP0_INDEX, sizes[i] - 1);
        EXEC(f, TLBR());
        CASE_EQ(name, cp0(f, CP0_ENTRYHI), 0x00600000u);
        CASE_EQ(name, cp0(f, CP0_ENTRYLO0), lo(0x1000, VDG));
        fx_free(f);
    }
    /* an out-of-range TLB size is refused */
    struct bus *b = bus_new();
    struct cpu_config bad = { .tlb_entries = 8 };
    assert_null(cpu_new(&bad, b));
    bad.tlb_entries = 65;
    assert_null(cpu_new(&bad, b));
    bus_free(b);
}

static void test_reset_state(void **state)
{
    struct fx *f = *state;
    cpu_reset(f->c);
    assert_int_equal(cpu_get_pc(f->c), RESET_VECTOR);
    assert_int_equal(cp0(f, CP0_STATUS) & (ST_BEV | ST_ERL), ST_BEV | ST_ERL);
    assert_int_equal(cpu_mode(f->c), CPU_KERNEL);
    assert_int_equal(cp0(f, CP0_RANDOM), 31);
    assert_int_equal(cp0(f, CP0_WIRED), 0);
    assert_int_equal(cpu_icount(f->c), 0);
}

static void test_index_and_tlbp(void **state)
{
    struct fx *f = *state;
    tlb_set(f, 5, 0, 0x00408000u | 0x33u, lo(0x00200000u, VDG & ~ENTRYLO_G),
            lo(0x00201000u, VDG & ~ENTRYLO_G));
    /* hit: Index = 5, P = 0 */
    set_cp0(f, CP0_INDEX, 0);
    set_cp0(f, CP0_ENTRYHI, 0x00409000u | 0x33u);    /* odd page, same VPN2 */
    EXEC(f, TLBP());
    assert_int_equal(cp0(f, CP0_INDEX), 5);
    /* miss on another ASID (not global): P = 1 */
    set_cp0(f, CP0_ENTRYHI, 0x00408000u | 0x34u);
    EXEC(f, TLBP());
    assert_true(cp0(f, CP0_INDEX) & 0x80000000u);
    /* miss on another VPN2 */
    set_cp0(f, CP0_ENTRYHI, 0x00400000u | 0x33u);
    set_cp0(f, CP0_INDEX, 2);
    EXEC(f, TLBP());
    assert_true(cp0(f, CP0_INDEX) & 0x80000000u);
    /* a hit clears P again */
    set_cp0(f, CP0_ENTRYHI, 0x00408000u | 0x33u);
    EXEC(f, TLBP());
    assert_int_equal(cp0(f, CP0_INDEX), 5);
    /* a global entry matches any ASID */
    tlb_set(f, 7, 0, 0x00600000u, lo(0x1000, VDG), lo(0x2000, VDG));
    set_cp0(f, CP0_ENTRYHI, 0x00600000u | 0x99u);
    EXEC(f, TLBP());
    assert_int_equal(cp0(f, CP0_INDEX), 7);
}

/* Index.P is read-only to software (MIPS32 PRA: field type R; QEMU's
 * helper_mtc0_index keeps it): mtc0 Index after a failed tlbp keeps P. */
static void test_index_write_keeps_probe_bit(void **state)
{
    struct fx *f = *state;
    set_cp0(f, CP0_ENTRYHI, 0x00408000u | 0x34u);
    EXEC(f, TLBP());
    assert_true(cp0(f, CP0_INDEX) & 0x80000000u);
    set_cp0(f, CP0_INDEX, 3);
    assert_int_equal(cp0(f, CP0_INDEX), 0x80000003u);
    /* and software cannot set it either */
    set_cp0(f, CP0_ENTRYHI, 0);
    tlb_set(f, 4, 0, 0x00408000u, lo(0x1000, VDG), lo(0x2000, VDG));
    set_cp0(f, CP0_ENTRYHI, 0x00408000u);
    EXEC(f, TLBP());
    assert_int_equal(cp0(f, CP0_INDEX), 4);
    set_cp0(f, CP0_INDEX, 0x80000006u);
    assert_int_equal(cp0(f, CP0_INDEX), 6);
}

static void test_wired_and_random(void **state)
{
    struct fx *f = *state;
    /* Random counts down once per instruction from 31 to Wired and wraps */
    set_cp0(f, CP0_WIRED, 8);
    assert_int_equal(cp0(f, CP0_RANDOM), 31);        /* Wired write resets Random */
    cpu_set_pc(f->c, KCODE);                         /* RAM is zero: nops */
    for (unsigned k = 0; k < 60; k++) {
        uint32_t r = cp0(f, CP0_RANDOM);
        char name[32];
        snprintf(name, sizeof name, "after %u insns", k);
        CASE_EQ(name, r, 31 - (k % 24));
        if (r < 8 || r > 31)
            fail_msg("Random %u outside [Wired, 31]", (unsigned)r);
        assert_int_equal(cpu_run(f->c, 1), CPU_STOP_BUDGET);
    }
    /* Wired = 0: the full range */
    set_cp0(f, CP0_WIRED, 0);
    assert_int_equal(cp0(f, CP0_RANDOM), 31);
    assert_int_equal(cpu_run(f->c, 31), CPU_STOP_BUDGET);
    assert_int_equal(cp0(f, CP0_RANDOM), 0);
    assert_int_equal(cpu_run(f->c, 1), CPU_STOP_BUDGET);
    assert_int_equal(cp0(f, CP0_RANDOM), 31);
    /* successive mfc0 Random differ by one */
    set_cp0(f, CP0_WIRED, 2);
    EXEC(f, MFC0(S0, CP0_RANDOM, 0), MFC0(S1, CP0_RANDOM, 0));
    assert_int_equal(gpr(f, S0) - gpr(f, S1), 1);
    assert_true(gpr(f, S1) >= 2 && gpr(f, S0) <= 31);
}

static void test_count(void **state)
{
    struct fx *f = *state;
    set_cp0(f, CP0_COUNT, 100);
    assert_int_equal(cp0(f, CP0_COUNT), 100);
    cpu_set_pc(f->c, KCODE);
    assert_int_equal(cpu_run(f->c, 5), CPU_STOP_BUDGET);
    assert_int_equal(cp0(f, CP0_COUNT), 105);
    /* wraps */
    set_cp0(f, CP0_COUNT, 0xFFFFFFFEu);
    assert_int_equal(cpu_run(f->c, 3), CPU_STOP_BUDGET);
    assert_int_equal(cp0(f, CP0_COUNT), 1);
    /* mfc0 Count twice in a row: one apart */
    EXEC(f, MFC0(S0, CP0_COUNT, 0), MFC0(S1, CP0_COUNT, 0), NOP(), MFC0(S2, CP0_COUNT, 0));
    assert_int_equal(gpr(f, S1) - gpr(f, S0), 1);
    assert_int_equal(gpr(f, S2) - gpr(f, S1), 2);
    /* mtc0 Count then mfc0 Count */
    set_gpr(f, T0, 1000);
    EXEC(f, MTC0(T0, CP0_COUNT, 0), MFC0(S0, CP0_COUNT, 0));
    assert_int_equal(gpr(f, S0), 1001);
}

static void test_count_divisor(void **state)
{
    (void)state;
    struct fx *f = fx_new(0, 4, false);
    set_cp0(f, CP0_COUNT, 0);
    cpu_set_pc(f->c, KCODE);
    assert_int_equal(cpu_run(f->c, 8), CPU_STOP_BUDGET);
    assert_int_equal(cp0(f, CP0_COUNT), 2);
    assert_int_equal(cpu_run(f->c, 3), CPU_STOP_BUDGET);
    assert_int_equal(cp0(f, CP0_COUNT), 2);
    assert_int_equal(cpu_run(f->c, 1), CPU_STOP_BUDGET);
    assert_int_equal(cp0(f, CP0_COUNT), 3);
    /* the timer fires after (Compare - Count) * divisor instructions */
    PROG(f, 0x180, MFC0(K0, CP0_COUNT, 0));
    set_cp0(f, CP0_COUNT, 0);
    set_cp0(f, CP0_COMPARE, 5);
    set_cp0(f, CP0_STATUS, IM(7) | ST_IE);
    assert_int_equal(run_from(f, KCODE, 21), CPU_STOP_BUDGET);
    assert_int_equal(cp0(f, CP0_EPC), KCODE + 4 * 20);
    assert_int_equal(exccode(f), EXC_INT);
    assert_int_equal(gpr(f, K0), 5);
    fx_free(f);
}

/*
 * The timer.  Observed and asserted: with Count written to 0 and Compare
 * to 10, exactly 10 instructions retire; the interrupt is then taken with
 * EPC = the 11th instruction; the handler's first instruction reads Count
 * == Compare (the exception entry itself takes no time), and Cause.IP7 is
 * set.  Writing Compare clears IP7.
 */
static void test_timer_interrupt(void **state)
{
    struct fx *f = *state;
    PROG(f, 0x180, MFC0(K0, CP0_COUNT, 0), MFC0(K1, CP0_CAUSE, 0), WAIT());
    set_cp0(f, CP0_COUNT, 0);
    set_cp0(f, CP0_COMPARE, 10);
    set_cp0(f, CP0_STATUS, IM(7) | ST_IE);
    assert_int_equal(cpu_insns_to_timer(f->c), 10);
    assert_int_equal(run_from(f, KCODE, 1000), CPU_STOP_WAIT);
    assert_int_equal(cp0(f, CP0_EPC), KCODE + 40);
    assert_int_equal(gpr(f, K0), 10);                 /* Count == Compare */
    assert_true(gpr(f, K1) & IP(7));
    assert_int_equal((gpr(f, K1) & CAUSE_EXC) >> CAUSE_EXC_SHIFT, EXC_INT);
    assert_int_equal(cp0(f, CP0_CAUSE) & CAUSE_BD, 0);
    /* still pending until Compare is written */
    assert_true(cp0(f, CP0_CAUSE) & IP(7));
    set_cp0(f, CP0_COMPARE, 0);
    assert_false(cp0(f, CP0_CAUSE) & IP(7));

    /* with interrupts disabled the timer still sets IP7 */
    cpu_reset(f->c);
    set_cp0(f, CP0_STATUS, 0);
    set_cp0(f, CP0_COUNT, 0);
    set_cp0(f, CP0_COMPARE, 5);
    PROG(f, CODE, NOP());
    assert_int_equal(run_from(f, KCODE, 4), CPU_STOP_BUDGET);
    assert_false(cp0(f, CP0_CAUSE) & IP(7));
    assert_int_equal(cpu_run(f->c, 2), CPU_STOP_BUDGET);
    assert_true(cp0(f, CP0_CAUSE) & IP(7));
    assert_false(cp0(f, CP0_STATUS) & ST_EXL);
    /* mtc0 Compare (an instruction) clears it */
    set_gpr(f, T0, 0x10000);
    EXEC(f, MTC0(T0, CP0_COMPARE, 0), MFC0(S0, CP0_CAUSE, 0));
    assert_false(gpr(f, S0) & IP(7));
    /* an IM7-enabled timer taken later goes to 0x200 with Cause.IV=1 */
    PROG(f, 0x200, ORI(K1, ZERO, 0x200));
    set_cp0(f, CP0_COUNT, 0);
    set_cp0(f, CP0_COMPARE, 3);
    set_cp0(f, CP0_CAUSE, CAUSE_IV);
    set_cp0(f, CP0_STATUS, IM(7) | ST_IE);
    put_words(f, CODE, WORDS(NOP(), NOP(), NOP(), NOP()), 4);
    assert_int_equal(run_from(f, KCODE, 4), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_pc(f->c), VEC_INTR + 4);
    assert_int_equal(gpr(f, K1), 0x200);
    assert_int_equal(cp0(f, CP0_EPC), KCODE + 12);
}

/* ==== interrupts ============================================================== */

/* Markers at every vector: ori k1, $0, <vector offset | 0xA000 or 0xB000>. */
static void put_markers(struct fx *f)
{
    put32(f, 0x000, ORI(K1, ZERO, 0xA000));
    put32(f, 0x180, ORI(K1, ZERO, 0xA180));
    put32(f, 0x200, ORI(K1, ZERO, 0xA200));
    put32(f, BOOT_BASE + 0x200, ORI(K1, ZERO, 0xB200));
    put32(f, BOOT_BASE + 0x380, ORI(K1, ZERO, 0xB380));
    put32(f, BOOT_BASE + 0x400, ORI(K1, ZERO, 0xB400));
}

static void test_hardware_interrupt_lines(void **state)
{
    struct fx *f = *state;
    put_markers(f);
    /* IP2 with IM2 and IE: taken before the next instruction */
    set_cp0(f, CP0_STATUS, IM(2) | ST_IE);
    cpu_set_pc(f->c, KCODE);
    assert_int_equal(cpu_run(f->c, 3), CPU_STOP_BUDGET);
    cpu_set_irq(f->c, 2, true);
    assert_true(cp0(f, CP0_CAUSE) & IP(2));
    assert_int_equal(cpu_run(f->c, 1), CPU_STOP_BUDGET);
    assert_int_equal(gpr(f, K1), 0xA180);
    assert_int_equal(cpu_get_pc(f->c), VEC_GENERAL + 4);
    assert_int_equal(exccode(f), EXC_INT);
    assert_int_equal(cp0(f, CP0_EPC), KCODE + 12);
    assert_int_equal(cp0(f, CP0_CAUSE) & CAUSE_BD, 0);
    assert_true(cp0(f, CP0_STATUS) & ST_EXL);
    /* deasserting clears IP2 */
    cpu_set_irq(f->c, 2, false);
    assert_false(cp0(f, CP0_CAUSE) & IP(2));

    /* lines outside 2..7 are ignored */
    cpu_set_irq(f->c, 0, true);
    cpu_set_irq(f->c, 1, true);
    cpu_set_irq(f->c, 8, true);
    cpu_set_irq(f->c, 31, true);
    assert_int_equal(cp0(f, CP0_CAUSE) & CAUSE_IP, 0);
    set_cp0(f, CP0_STATUS, IM(0) | IM(1) | ST_IE);
    set_gpr(f, K1, 0);
    assert_int_equal(run_from(f, KCODE, 2), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_pc(f->c), KCODE + 8);
    assert_int_equal(gpr(f, K1), 0);

    /* lines 3..7 each raise their IP bit */
    for (unsigned line = 3; line <= 7; line++) {
        cpu_set_irq(f->c, line, true);
        CASE_EQ("irq line", cp0(f, CP0_CAUSE) & CAUSE_IP, IP(line));
        cpu_set_irq(f->c, line, false);
    }

    /* masked: IM2 clear, or IE clear, or EXL/ERL set: not taken */
    static const uint32_t masked[] = {
        IM(3) | ST_IE, IM(2), IM(2) | ST_IE | ST_EXL, IM(2) | ST_IE | ST_ERL,
    };
    cpu_set_irq(f->c, 2, true);
    for (size_t i = 0; i < 4; i++) {
        set_cp0(f, CP0_STATUS, masked[i]);
        set_cp0(f, CP0_EPC, 0);
        set_gpr(f, K1, 0);
        assert_int_equal(run_from(f, KCODE, 2), CPU_STOP_BUDGET);
        CASE_EQ("masked", cpu_get_pc(f->c), KCODE + 8);
        CASE_EQ("masked", gpr(f, K1), 0);
    }
    /* unmasking with mtc0 takes it right after the mtc0 */
    set_gpr(f, T0, IM(2) | ST_IE);
    PROG(f, CODE, MTC0(T0, CP0_STATUS, 0), NOP(), NOP());
    set_cp0(f, CP0_STATUS, IM(2));
    assert_int_equal(run_from(f, KCODE, 2), CPU_STOP_BUDGET);
    assert_int_equal(gpr(f, K1), 0xA180);
    assert_int_equal(cp0(f, CP0_EPC), KCODE + 4);

    /* Cause.IV=1: interrupts go to 0x200 */
    set_cp0(f, CP0_CAUSE, CAUSE_IV);
    set_cp0(f, CP0_STATUS, IM(2) | ST_IE);
    assert_int_equal(run_from(f, KCODE + 4, 1), CPU_STOP_BUDGET);
    assert_int_equal(gpr(f, K1), 0xA200);
    assert_int_equal(cp0(f, CP0_EPC), KCODE + 4);
    /* BEV=1: 0xBFC00400 with IV, 0xBFC00380 without */
    set_cp0(f, CP0_STATUS, ST_BEV | IM(2) | ST_IE);
    assert_int_equal(run_from(f, KCODE, 1), CPU_STOP_BUDGET);
    assert_int_equal(gpr(f, K1), 0xB400);
    assert_int_equal(cpu_get_pc(f->c), BEV_INTR + 4);
    set_cp0(f, CP0_CAUSE, 0);
    set_cp0(f, CP0_STATUS, ST_BEV | IM(2) | ST_IE);
    assert_int_equal(run_from(f, KCODE, 1), CPU_STOP_BUDGET);
    assert_int_equal(gpr(f, K1), 0xB380);
    assert_int_equal(cpu_get_pc(f->c), BEV_GENERAL + 4);
    cpu_set_irq(f->c, 2, false);
}

static void test_software_interrupt(void **state)
{
    struct fx *f = *state;
    put_markers(f);
    set_cp0(f, CP0_STATUS, IM(1) | ST_IE);
    set_gpr(f, T0, IP(1));
    PROG(f, CODE, MTC0(T0, CP0_CAUSE, 0), NOP());
    assert_int_equal(run_from(f, KCODE, 2), CPU_STOP_BUDGET);
    assert_int_equal(gpr(f, K1), 0xA180);
    assert_int_equal(exccode(f), EXC_INT);
    assert_int_equal(cp0(f, CP0_EPC), KCODE + 4);
    assert_true(cp0(f, CP0_CAUSE) & IP(1));
}

/* An interrupt taken when the next instruction is a delay slot: EPC = the
 * branch, BD = 1, and eret re-executes the branch. */
static void test_interrupt_before_delay_slot(void **state)
{
    struct fx *f = *state;
    put_markers(f);
    PROG(f, CODE, BEQ(ZERO, ZERO, 3), ADDIU(S0, S0, 1), ADDIU(S1, S1, 1), WAIT(),
         ADDIU(S3, S3, 1), WAIT());
    set_cp0(f, CP0_STATUS, IM(2) | ST_IE);
    assert_int_equal(run_from(f, KCODE, 1), CPU_STOP_BUDGET);   /* the branch only */
    cpu_set_irq(f->c, 2, true);
    assert_int_equal(cpu_run(f->c, 1), CPU_STOP_BUDGET);
    assert_int_equal(gpr(f, K1), 0xA180);
    ASSERT_EXC(f, VEC_GENERAL + 4, EXC_INT, KCODE, true);
    assert_int_equal(gpr(f, S0), 0);          /* the slot has not run */

    /* the timer, arriving just after the branch */
    cpu_reset(f->c);
    cpu_set_irq(f->c, 2, false);
    PROG(f, 0x180, MTC0(ZERO, CP0_COMPARE, 0), ADDIU(S7, S7, 1), ERET());
    set_cp0(f, CP0_STATUS, IM(7) | ST_IE);
    set_cp0(f, CP0_COUNT, 0);
    set_cp0(f, CP0_COMPARE, 1);
    assert_int_equal(run_from(f, KCODE, 100), CPU_STOP_WAIT);
    assert_int_equal(cp0(f, CP0_EPC), KCODE);
    assert_true(cp0(f, CP0_CAUSE) & CAUSE_BD);
    assert_int_equal(gpr(f, S7), 1);           /* one interrupt */
    assert_int_equal(gpr(f, S0), 1);           /* the slot ran once, after eret */
    assert_int_equal(gpr(f, S1), 0);
    assert_int_equal(gpr(f, S3), 1);
    assert_int_equal(cpu_get_pc(f->c), KCODE + 24);
}

/* ==== wait ===================================================================== */

static void test_wait_and_timer_wakeup(void **state)
{
    struct fx *f = *state;
    put_markers(f);
    PROG(f, CODE, WAIT(), NOP());
    set_cp0(f, CP0_STATUS, IM(7) | ST_IE);
    set_cp0(f, CP0_COUNT, 0);
    set_cp0(f, CP0_COMPARE, 1000);
    assert_int_equal(run_from(f, KCODE, 100), CPU_STOP_WAIT);
    assert_true(cpu_waiting(f->c));
    assert_int_equal(cpu_get_pc(f->c), KCODE + 4);
    uint64_t n = cpu_insns_to_timer(f->c);
    assert_int_equal(n, 999);                 /* wait itself counted once */
    /* still waiting: no time passes by running */
    assert_int_equal(cpu_run(f->c, 100), CPU_STOP_WAIT);
    assert_int_equal(cp0(f, CP0_COUNT), 1);
    cpu_skip_idle(f->c, n);
    assert_int_equal(cp0(f, CP0_COUNT), 1000);
    assert_int_equal(cpu_run(f->c, 1), CPU_STOP_BUDGET);
    assert_false(cpu_waiting(f->c));
    assert_int_equal(gpr(f, K1), 0xA180);
    assert_int_equal(exccode(f), EXC_INT);
    assert_int_equal(cp0(f, CP0_EPC), KCODE + 4);   /* the instruction after wait */
    assert_int_equal(cp0(f, CP0_CAUSE) & CAUSE_BD, 0);
    assert_true(cp0(f, CP0_CAUSE) & IP(7));

    struct cpu_stats st;
    cpu_get_stats(f->c, &st);
    assert_int_equal(st.idle, 999);
    assert_int_equal(st.exceptions[EXC_INT], 1);
}

static void test_wait_woken_by_irq(void **state)
{
    struct fx *f = *state;
    put_markers(f);
    PROG(f, CODE, NOP(), WAIT(), NOP());
    set_cp0(f, CP0_STATUS, IM(3) | ST_IE);
    assert_int_equal(run_from(f, KCODE, 100), CPU_STOP_WAIT);
    assert_int_equal(cpu_run(f->c, 100), CPU_STOP_WAIT);
    cpu_set_irq(f->c, 3, true);
    assert_int_equal(cpu_run(f->c, 1), CPU_STOP_BUDGET);
    assert_false(cpu_waiting(f->c));
    assert_int_equal(gpr(f, K1), 0xA180);
    assert_int_equal(cp0(f, CP0_EPC), KCODE + 8);
}

/* ==== semihosting ================================================================ */

static void test_semihosting_exit(void **state)
{
    (void)state;
    struct fx *f = fx_new(0, 0, true);
    set_gpr(f, T9, 1);
    set_gpr(f, A0, 42);
    PROG(f, CODE, NOP(), SDBBP(1), NOP());
    assert_int_equal(run_from(f, KCODE, 100), CPU_STOP_HALT);
    assert_int_equal(cpu_exit_code(f->c), 42);
    assert_false(cp0(f, CP0_STATUS) & ST_EXL);
    assert_int_equal(cpu_run(f->c, 100), CPU_STOP_HALT);   /* stays halted */

    /* $25 != 1: not an exit; sdbbp is RI (no EJTAG) */
    cpu_reset(f->c);
    set_cp0(f, CP0_STATUS, 0);
    set_gpr(f, T9, 2);
    assert_int_equal(run_from(f, KCODE, 2), CPU_STOP_BUDGET);
    ASSERT_EXC(f, VEC_GENERAL, EXC_RI, KCODE + 4, false);
    fx_free(f);

    /* without semihosting: RI */
    f = fx_new(0, 0, false);
    set_gpr(f, T9, 1);
    set_gpr(f, A0, 42);
    PROG(f, CODE, NOP(), SDBBP(1), NOP());
    assert_int_equal(run_from(f, KCODE, 2), CPU_STOP_BUDGET);
    ASSERT_EXC(f, VEC_GENERAL, EXC_RI, KCODE + 4, false);
    fx_free(f);
}

/* ==== TLB instructions and mapped access ========================================== */

static void test_tlbwi_tlbr_round_trip(void **state)
{
    struct fx *f = *state;
    /* a 16 KiB page pair, non-global, ASID 0x33 */
    const uint32_t hi = 0x00408000u | 0x33u, mask = 0x00006000u;
    const uint32_t lo0 = lo(0x00200000u, ENTRYLO_V | ENTRYLO_D | (2u << 3));
    const uint32_t lo1 = lo(0x00204000u, ENTRYLO_V | (3u << 3));
    set_cp0(f, CP0_INDEX, 9);
    set_cp0(f, CP0_PAGEMASK, mask);
    set_cp0(f, CP0_ENTRYHI, hi);
    set_cp0(f, CP0_ENTRYLO0, lo0);
    set_cp0(f, CP0_ENTRYLO1, lo1);
    EXEC(f, TLBWI());
    ASSERT_NO_EXC(f, KCODE + 4);
    set_cp0(f, CP0_PAGEMASK, 0);
    set_cp0(f, CP0_ENTRYHI, 0);
    set_cp0(f, CP0_ENTRYLO0, 0);
    set_cp0(f, CP0_ENTRYLO1, 0);
    EXEC(f, TLBR());
    assert_int_equal(cp0(f, CP0_PAGEMASK), mask);
    assert_int_equal(cp0(f, CP0_ENTRYHI), hi);
    assert_int_equal(cp0(f, CP0_ENTRYLO0), lo0);
    assert_int_equal(cp0(f, CP0_ENTRYLO1), lo1);

    /* G is one bit per entry: the AND of both halves' G, read back in both */
    set_cp0(f, CP0_INDEX, 10);
    set_cp0(f, CP0_PAGEMASK, 0);
    set_cp0(f, CP0_ENTRYHI, 0x00600000u);
    set_cp0(f, CP0_ENTRYLO0, lo(0x1000, VDG));
    set_cp0(f, CP0_ENTRYLO1, lo(0x2000, VDG & ~ENTRYLO_G));
    EXEC(f, TLBWI(), TLBR());
    assert_int_equal(cp0(f, CP0_ENTRYLO0), lo(0x1000, VDG & ~ENTRYLO_G));
    assert_int_equal(cp0(f, CP0_ENTRYLO1), lo(0x2000, VDG & ~ENTRYLO_G));

    /* tlbr of the first entry does not disturb entry 9 */
    set_cp0(f, CP0_INDEX, 9);
    EXEC(f, TLBR());
    assert_int_equal(cp0(f, CP0_ENTRYHI), hi);
}

static void test_tlbwr_uses_random(void **state)
{
    struct fx *f = *state;
    set_cp0(f, CP0_WIRED, 4);
    /* run a few instructions so Random is somewhere in the middle */
    cpu_set_pc(f->c, KCODE);
    assert_int_equal(cpu_run(f->c, 11), CPU_STOP_BUDGET);
    set_cp0(f, CP0_STATUS, 0);
    put32(f, CODE + 0x100, TLBWR());
    set_cp0(f, CP0_PAGEMASK, 0);
    set_cp0(f, CP0_ENTRYHI, 0x00700000u);
    set_cp0(f, CP0_ENTRYLO0, lo(0x3000, VDG));
    set_cp0(f, CP0_ENTRYLO1, lo(0x4000, VDG));
    uint32_t r = cp0(f, CP0_RANDOM);
    assert_int_equal(r, 31 - 11);
    assert_int_equal(run_from(f, KCODE + 0x100, 1), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_pc(f->c), KCODE + 0x104);
    /* tlbp finds it at index r */
    set_cp0(f, CP0_ENTRYHI, 0x00700000u);
    EXEC(f, TLBP());
    assert_int_equal(cp0(f, CP0_INDEX), r);
    set_cp0(f, CP0_ENTRYLO0, 0);
    EXEC(f, TLBR());
    assert_int_equal(cp0(f, CP0_ENTRYLO0), lo(0x3000, VDG));

    /* tlbwr never writes a wired entry: with Wired = 31 it always picks 31 */
    set_cp0(f, CP0_WIRED, 31);
    set_cp0(f, CP0_ENTRYHI, 0x00900000u);
    EXEC(f, NOP(), NOP(), TLBWR());
    set_cp0(f, CP0_ENTRYHI, 0x00900000u);
    EXEC(f, TLBP());
    assert_int_equal(cp0(f, CP0_INDEX), 31);
}

static void test_tlb_machine_check(void **state)
{
    struct fx *f = *state;
    tlb_set(f, 5, 0, 0x00408000u | 0x33u, lo(0x00200000u, ENTRYLO_V | ENTRYLO_D),
            lo(0x00201000u, ENTRYLO_V | ENTRYLO_D));
    /* what entry 6 holds now */
    set_cp0(f, CP0_INDEX, 6);
    EXEC(f, TLBR());
    const uint32_t old_hi = cp0(f, CP0_ENTRYHI), old_lo0 = cp0(f, CP0_ENTRYLO0);

    /* same VPN2 and ASID at another index: refused with a Machine Check */
    set_cp0(f, CP0_INDEX, 6);
    set_cp0(f, CP0_PAGEMASK, 0);
    set_cp0(f, CP0_ENTRYHI, 0x00408000u | 0x33u);
    set_cp0(f, CP0_ENTRYLO0, lo(0x00300000u, ENTRYLO_V | ENTRYLO_D));
    set_cp0(f, CP0_ENTRYLO1, lo(0x00301000u, ENTRYLO_V | ENTRYLO_D));
    EXEC(f, NOP(), TLBWI());
    ASSERT_EXC(f, VEC_GENERAL, EXC_MCHECK, KCODE + 4, false);
    assert_true(cp0(f, CP0_STATUS) & ST_TS);
    set_cp0(f, CP0_INDEX, 6);
    EXEC(f, TLBR());
    assert_int_equal(cp0(f, CP0_ENTRYHI), old_hi);
    assert_int_equal(cp0(f, CP0_ENTRYLO0), old_lo0);
    /* and the original entry still translates */
    set_cp0(f, CP0_ENTRYHI, 0x33);
    set_gpr(f, A0, 0x00408010u);
    put32(f, 0x00200010u, 0x5EED5EEDu);
    EXEC(f, LW(S0, 0, A0));
    assert_int_equal(gpr(f, S0), 0x5EED5EEDu);

    /* a different ASID (both non-global) is not a conflict */
    tlb_set(f, 6, 0, 0x00408000u | 0x44u, lo(0x00300000u, ENTRYLO_V | ENTRYLO_D),
            lo(0x00301000u, ENTRYLO_V | ENTRYLO_D));

    /* a global entry on the same VPN2 conflicts with both */
    set_cp0(f, CP0_INDEX, 7);
    set_cp0(f, CP0_ENTRYHI, 0x00408000u);
    set_cp0(f, CP0_ENTRYLO0, lo(0x00300000u, VDG));
    set_cp0(f, CP0_ENTRYLO1, lo(0x00301000u, VDG));
    EXEC(f, TLBWI());
    ASSERT_EXC(f, VEC_GENERAL, EXC_MCHECK, KCODE, false);

    /* a 4 KiB pair inside a 16 KiB pair conflicts; so does tlbwr (Wired
     * keeps Random away from entry 8 itself) */
    tlb_set(f, 8, 0x6000, 0x00810000u, lo(0x00400000u, VDG), lo(0x00404000u, VDG));
    set_cp0(f, CP0_PAGEMASK, 0);
    set_cp0(f, CP0_ENTRYHI, 0x00812000u);
    set_cp0(f, CP0_INDEX, 9);
    EXEC(f, TLBWI());
    ASSERT_EXC(f, VEC_GENERAL, EXC_MCHECK, KCODE, false);
    set_cp0(f, CP0_WIRED, 20);
    set_cp0(f, CP0_ENTRYHI, 0x00812000u);
    EXEC(f, TLBWR());
    ASSERT_EXC(f, VEC_GENERAL, EXC_MCHECK, KCODE, false);
    assert_true(cp0(f, CP0_STATUS) & ST_TS);
    set_cp0(f, CP0_WIRED, 0);
    /* rewriting the same index with an overlapping entry is fine */
    tlb_set(f, 8, 0, 0x00812000u, lo(0x00400000u, VDG), lo(0x00404000u, VDG));
}

static void test_mapped_kuseg_and_erl(void **state)
{
    struct fx *f = *state;
    map_pair(f, 1, 0x00600000u, 0x00200000u, 0x00300000u);
    put32(f, 0x00200000u, 0xCAFEF00Du);
    put32(f, 0x00300010u, 0x12345678u);
    put32(f, 0x00600000u, 0x11111111u);
    set_gpr(f, A0, 0x00600000u);
    set_gpr(f, T0, 0xA5A5A5A5u);

    /* ERL=1: kuseg is unmapped, pa = va */
    put_words(f, CODE, WORDS(LW(S0, 0, A0), LW(S1, 0x1010, A0), SW(T0, 4, A0)), 3);
    set_cp0(f, CP0_STATUS, ST_ERL);
    assert_int_equal(run_from(f, KCODE, 3), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_pc(f->c), KCODE + 12);
    assert_int_equal(gpr(f, S0), 0x11111111u);
    assert_int_equal(gpr(f, S1), 0);
    assert_int_equal(get32(f, 0x00600004u), 0xA5A5A5A5u);

    /* ERL=0: through the TLB */
    set_cp0(f, CP0_STATUS, 0);
    set_gpr(f, T0, 0x5A5A5A5Au);
    assert_int_equal(run_from(f, KCODE, 3), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_pc(f->c), KCODE + 12);
    assert_int_equal(gpr(f, S0), 0xCAFEF00Du);
    assert_int_equal(gpr(f, S1), 0x12345678u);
    assert_int_equal(get32(f, 0x00200004u), 0x5A5A5A5Au);

    /* ASID matching of a non-global entry */
    tlb_set(f, 2, 0, 0x00A00000u | 5, lo(0x00200000u, ENTRYLO_V | ENTRYLO_D),
            lo(0x00300000u, ENTRYLO_V | ENTRYLO_D));
    set_gpr(f, A1, 0x00A00000u);
    set_cp0(f, CP0_ENTRYHI, 5);
    EXEC(f, LW(S2, 0, A1));
    assert_int_equal(gpr(f, S2), 0xCAFEF00Du);
    set_cp0(f, CP0_ENTRYHI, 6);
    EXEC(f, LW(S3, 0, A1));
    ASSERT_EXC(f, VEC_REFILL, EXC_TLBL, KCODE, false);
    assert_int_equal(cp0(f, CP0_ENTRYHI), 0x00A00000u | 6);

    /* kseg3 is mapped for the kernel */
    map_pair(f, 3, 0xE0000000u, 0x00200000u, 0x00300000u);
    set_gpr(f, A2, 0xE0000000u);
    EXEC(f, LW(S4, 0, A2));
    assert_int_equal(gpr(f, S4), 0xCAFEF00Du);

    /* user code runs from the mapped page */
    map_ucode(f);
    put_words(f, UCODE_PA, WORDS(LW(S5, 0, A0), ADDIU(S6, ZERO, 9), WAIT()), 3);
    set_cp0(f, CP0_STATUS, KSU_USER);
    set_cp0(f, CP0_ENTRYHI, 0);
    put32(f, UCODE_PA + 8, NOP());
    assert_int_equal(run_from(f, UCODE_VA, 2), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_pc(f->c), UCODE_VA + 8);
    assert_int_equal(gpr(f, S5), 0xCAFEF00Du);
    assert_int_equal(gpr(f, S6), 9);
    assert_int_equal(cpu_mode(f->c), CPU_USER);
}

static void test_supervisor_and_user_segments(void **state)
{
    struct fx *f = *state;
    map_ucode(f);
    map_pair(f, 1, 0xC0000000u, 0x00200000u, 0x00201000u);
    map_pair(f, 2, 0xE0000000u, 0x00200000u, 0x00201000u);
    put32(f, 0x00200000u, 0x5050A0A0u);
    set_gpr(f, A0, 0xC0000000u);
    set_gpr(f, A1, KDATA);
    set_gpr(f, A2, 0xE0000000u);
    set_gpr(f, A3, KSEG1 + DATA);
    set_gpr(f, T0, 0x77777777u);

    /* supervisor: ksseg works (load and store) */
    put_words(f, UCODE_PA, WORDS(LW(S0, 0, A0), SW(T0, 4, A0)), 2);
    set_cp0(f, CP0_STATUS, KSU_SUPER);
    assert_int_equal(cpu_mode(f->c), CPU_SUPERVISOR);
    assert_int_equal(run_from(f, UCODE_VA, 2), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_pc(f->c), UCODE_VA + 8);
    assert_int_equal(gpr(f, S0), 0x5050A0A0u);
    assert_int_equal(get32(f, 0x00200004u), 0x77777777u);

    /* supervisor: kseg0, kseg1, kseg3 are address errors */
    static const struct { const char *name; unsigned base; uint32_t va; } bad[] = {
        { "super kseg0", A1, KDATA }, { "super kseg1", A3, KSEG1 + DATA },
        { "super kseg3", A2, 0xE0000000u },
    };
    for (size_t i = 0; i < 3; i++) {
        put32(f, UCODE_PA, LW(S1, 0, bad[i].base));
        set_gpr(f, S1, 0x1234u);
        set_cp0(f, CP0_STATUS, KSU_SUPER);
        CASE_EQ(bad[i].name, run_from(f, UCODE_VA, 1), CPU_STOP_BUDGET);
        CASE_EQ(bad[i].name, cpu_get_pc(f->c), VEC_GENERAL);
        CASE_EQ(bad[i].name, exccode(f), EXC_ADEL);
        CASE_EQ(bad[i].name, cp0(f, CP0_BADVADDR), bad[i].va);
        CASE_EQ(bad[i].name, cp0(f, CP0_EPC), UCODE_VA);
        CASE_EQ(bad[i].name, gpr(f, S1), 0x1234u);
    }

    /* supervisor code may run in ksseg itself */
    map_pair(f, 4, 0xC0100000u, UCODE_PA + 0x2000, UCODE_PA + 0x3000);
    put_words(f, UCODE_PA + 0x2000, WORDS(ADDIU(S2, ZERO, 3), LW(S3, 0, A0)), 2);
    set_cp0(f, CP0_STATUS, KSU_SUPER);
    assert_int_equal(run_from(f, 0xC0100000u, 2), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_pc(f->c), 0xC0100008u);
    assert_int_equal(gpr(f, S3), 0x5050A0A0u);

    /* user: ksseg, kseg0 loads and stores are address errors */
    static const struct { const char *name; uint32_t insn; uint32_t va; unsigned code; } ubad[] = {
        { "user ksseg load", 0, 0xC0000000u, EXC_ADEL },
        { "user kseg0 load", 0, KDATA, EXC_ADEL },
        { "user kseg0 store", 0, KDATA, EXC_ADES },
        { "user kseg3 store", 0, 0xE0000000u, EXC_ADES },
    };
    const uint32_t uinsns[] = { LW(S1, 0, A0), LW(S1, 0, A1), SW(T0, 0, A1), SB(T0, 0, A2) };
    put32(f, DATA, 0x31313131u);
    for (size_t i = 0; i < 4; i++) {
        put32(f, UCODE_PA, uinsns[i]);
        set_gpr(f, S1, 0x1234u);
        set_cp0(f, CP0_STATUS, KSU_USER);
        CASE_EQ(ubad[i].name, run_from(f, UCODE_VA, 1), CPU_STOP_BUDGET);
        CASE_EQ(ubad[i].name, cpu_get_pc(f->c), VEC_GENERAL);
        CASE_EQ(ubad[i].name, exccode(f), ubad[i].code);
        CASE_EQ(ubad[i].name, cp0(f, CP0_BADVADDR), ubad[i].va);
        CASE_EQ(ubad[i].name, cp0(f, CP0_EPC), UCODE_VA);
        CASE_EQ(ubad[i].name, gpr(f, S1), 0x1234u);
        CASE_EQ(ubad[i].name, get32(f, DATA), 0x31313131u);
        CASE_EQ(ubad[i].name, cp0(f, CP0_STATUS), KSU_USER | ST_EXL);
    }

    /* user: fetching from kseg0 is AdEL with EPC = BadVAddr = the PC */
    set_cp0(f, CP0_STATUS, KSU_USER);
    assert_int_equal(run_from(f, KCODE, 1), CPU_STOP_BUDGET);
    ASSERT_EXC(f, VEC_GENERAL, EXC_ADEL, KCODE, false);
    assert_int_equal(cp0(f, CP0_BADVADDR), KCODE);
}

/* ==== modes and eret ============================================================== */

static void test_modes(void **state)
{
    struct fx *f = *state;
    static const struct { uint32_t status; enum cpu_mode mode; } cases[] = {
        { 0, CPU_KERNEL }, { KSU_SUPER, CPU_SUPERVISOR }, { KSU_USER, CPU_USER },
        { KSU_USER | ST_EXL, CPU_KERNEL }, { KSU_USER | ST_ERL, CPU_KERNEL },
        { KSU_SUPER | ST_EXL, CPU_KERNEL }, { KSU_SUPER | ST_ERL | ST_EXL, CPU_KERNEL },
        { ST_KSU, CPU_USER },   /* KSU=3 is reserved; a 4Kc treats it as user */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        set_cp0(f, CP0_STATUS, cases[i].status);
        CASE_EQ("mode", cpu_mode(f->c), cases[i].mode);
    }
    assert_string_equal(cpu_mode_name(CPU_KERNEL), "kernel");
    assert_string_equal(cpu_mode_name(CPU_SUPERVISOR), "supervisor");
    assert_string_equal(cpu_mode_name(CPU_USER), "user");
}

static void test_eret(void **state)
{
    struct fx *f = *state;
    /* from EXL: PC = EPC, EXL cleared, back to user mode */
    put32(f, CODE, ERET());
    set_cp0(f, CP0_STATUS, KSU_USER | ST_EXL | ST_IE | IM(7));
    set_cp0(f, CP0_EPC, UCODE_VA + 0x40);
    set_cp0(f, CP0_ERROREPC, 0x1111u);
    assert_int_equal(run_from(f, KCODE, 1), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_pc(f->c), UCODE_VA + 0x40);
    assert_int_equal(cp0(f, CP0_STATUS), KSU_USER | ST_IE | IM(7));
    assert_int_equal(cpu_mode(f->c), CPU_USER);

    /* from ERL: PC = ErrorEPC, only ERL cleared */
    set_cp0(f, CP0_STATUS, ST_ERL | ST_EXL);
    set_cp0(f, CP0_EPC, 0x2222u);
    set_cp0(f, CP0_ERROREPC, KSEG0 + 0x3000);
    assert_int_equal(run_from(f, KCODE, 1), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_pc(f->c), KSEG0 + 0x3000);
    assert_int_equal(cp0(f, CP0_STATUS), ST_EXL);
    /* eret again: now from EXL */
    assert_int_equal(run_from(f, KCODE, 1), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_pc(f->c), 0x2222u);
    assert_int_equal(cp0(f, CP0_STATUS), 0);

    /* eret has no delay slot: the next word does not run */
    PROG(f, CODE, ERET(), ADDIU(S0, ZERO, 1));
    PROG(f, 0x3000, ADDIU(S1, ZERO, 2), WAIT());
    set_cp0(f, CP0_STATUS, ST_EXL);
    set_cp0(f, CP0_EPC, KSEG0 + 0x3000);
    assert_int_equal(run_from(f, KCODE, 10), CPU_STOP_WAIT);
    assert_int_equal(gpr(f, S0), 0);
    assert_int_equal(gpr(f, S1), 2);

    /* a full round trip: user syscall, handler skips it, eret back to user
     * (reset first to leave the wait state above) */
    cpu_reset(f->c);
    map_ucode(f);
    put_skip_handler(f);
    put_words(f, UCODE_PA, WORDS(ADDIU(S2, ZERO, 1), SYSCALL(), ADDIU(S3, ZERO, 1), NOP()), 4);
    set_cp0(f, CP0_STATUS, KSU_USER);
    assert_int_equal(run_from(f, UCODE_VA, 7), CPU_STOP_BUDGET);
    assert_int_equal(cpu_get_pc(f->c), UCODE_VA + 12);
    assert_int_equal(gpr(f, S2), 1);
    assert_int_equal(gpr(f, S3), 1);
    assert_int_equal(cpu_mode(f->c), CPU_USER);
    assert_int_equal(cp0(f, CP0_EPC), UCODE_VA + 8);
}

/* ==== the exception hook ============================================================ */

struct hook_log {
    int calls;
    struct cpu_exception last;
    bool handle;            /* return true, resume at `resume` */
    uint32_t resume;
};

static bool hook_fn(void *opaque, struct cpu *c, const struct cpu_exception *e)
{
    struct hook_log *h = opaque;
    h->calls++;
    h->last = *e;
    if (h->handle)
        cpu_set_pc(c, h->resume);
    return h->handle;
}

static void test_exception_hook(void **state)
{
    struct fx *f = *state;
    struct hook_log h = { .handle = true, .resume = KCODE + 8 };
    cpu_set_exception_hook(f->c, hook_fn, &h);

    /* a hook returning true suppresses the exception entry */
    set_cp0(f, CP0_EPC, 0x1234u);
    set_cp0(f, CP0_CAUSE, 0);
    PROG(f, CODE, NOP(), SYSCALL(), ADDIU(S0, ZERO, 5), NOP());
    assert_int_equal(run_from(f, KCODE, 3), CPU_STOP_BUDGET);
    assert_int_equal(h.calls, 1);
    assert_int_equal(h.last.code, EXC_SYS);
    assert_int_equal(h.last.pc, KCODE + 4);
    assert_false(h.last.in_delay);
    assert_false(h.last.has_badvaddr);
    assert_int_equal(cpu_get_pc(f->c), KCODE + 12);
    assert_int_equal(gpr(f, S0), 5);
    assert_false(cp0(f, CP0_STATUS) & ST_EXL);
    assert_int_equal(cp0(f, CP0_EPC), 0x1234u);
    assert_int_equal(exccode(f), 0);
    struct cpu_stats st;
    cpu_get_stats(f->c, &st);
    assert_int_equal(st.exceptions[EXC_SYS], 0);

    /* the hook sees the address of a TLB fault */
    h.calls = 0;
    h.resume = KCODE + 4;
    set_gpr(f, A0, 0x00500004u);
    EXEC(f, LW(S1, 0, A0));
    assert_int_equal(h.calls, 1);
    assert_int_equal(h.last.code, EXC_TLBL);
    assert_int_equal(h.last.pc, KCODE);
    assert_true(h.last.has_badvaddr);
    assert_int_equal(h.last.badvaddr, 0x00500004u);
    assert_true(h.last.refill);
    assert_int_equal(cp0(f, CP0_BADVADDR), 0);       /* nothing was written */
    assert_int_equal(cpu_get_pc(f->c), KCODE + 4);

    /* and the coprocessor of a CpU */
    h.calls = 0;
    EXEC(f, 0x48000000u);
    assert_int_equal(h.calls, 1);
    assert_int_equal(h.last.code, EXC_CPU);
    assert_int_equal(h.last.ce, 2);

    /* a hook returning false: the CPU takes the exception as usual */
    h.calls = 0;
    h.handle = false;
    EXEC(f, BREAK());
    assert_int_equal(h.calls, 1);
    assert_int_equal(h.last.code, EXC_BP);
    ASSERT_EXC(f, VEC_GENERAL, EXC_BP, KCODE, false);

    /* interrupts go through the hook too */
    h.calls = 0;
    set_cp0(f, CP0_STATUS, IM(4) | ST_IE);
    cpu_set_irq(f->c, 4, true);
    assert_int_equal(run_from(f, KCODE, 1), CPU_STOP_BUDGET);
    assert_int_equal(h.calls, 1);
    assert_int_equal(h.last.code, EXC_INT);
    assert_int_equal(h.last.pc, KCODE);
    assert_false(h.last.in_delay);
    cpu_set_irq(f->c, 4, false);
    cpu_set_exception_hook(f->c, NULL, NULL);
}

/* cpu.h documents cpu_exception.pc as "the faulting instruction (a branch
 * if in_delay)": for a fault in a delay slot the hook is given the branch,
 * the value that becomes EPC. */
static void test_exception_hook_delay_slot_pc(void **state)
{
    struct fx *f = *state;
    struct hook_log h = { .handle = false };
    cpu_set_exception_hook(f->c, hook_fn, &h);
    EXEC(f, BEQ(ZERO, ZERO, 3), SYSCALL());
    assert_int_equal(h.calls, 1);
    assert_true(h.last.in_delay);
    ASSERT_EXC(f, VEC_GENERAL, EXC_SYS, KCODE, true);
    assert_int_equal(h.last.pc, KCODE);               /* the branch */
    cpu_set_exception_hook(f->c, NULL, NULL);
}

/* ==== accessors ================================================================== */

static void test_accessors(void **state)
{
    struct fx *f = *state;
    assert_non_null(cpu_tlb(f->c));
    assert_ptr_equal(cpu_bus(f->c), f->bus);
    assert_int_equal(tlb_size(cpu_tlb(f->c)), 32);
    put32(f, DATA, 0x01020304u);
    uint32_t v = 0;
    assert_true(cpu_peek(f->c, KDATA, 4, &v));
    assert_int_equal(v, 0x01020304u);
    assert_true(cpu_peek(f->c, KSEG1 + DATA + 1, 1, &v));
    assert_int_equal(v, 0x03);
    assert_false(cpu_peek(f->c, 0x00500000u, 4, &v));    /* unmapped kuseg */
    uint64_t n = cpu_icount(f->c);
    cpu_set_pc(f->c, KCODE);
    assert_int_equal(cpu_run(f->c, 7), CPU_STOP_BUDGET);
    assert_int_equal(cpu_icount(f->c), n + 7);
    assert_string_equal(cpu_exc_name(EXC_TLBL), "TLBL");
    assert_string_equal(cpu_exc_name(EXC_MCHECK), "MCheck");
    assert_string_equal(cpu_cp0_name(CP0_STATUS), "status");
    /* cpu_request_stop ends a run */
    cpu_request_stop(f->c);
    assert_int_equal(cpu_run(f->c, 100), CPU_STOP_REQUEST);
    assert_int_equal(cpu_run(f->c, 3), CPU_STOP_BUDGET);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
        T(test_add_sub_overflow),
        T(test_addu_subu_wrap),
        T(test_set_less_than),
        T(test_logic_and_lui),
        T(test_shifts),
        T(test_mult_div),
        T(test_madd_msub),
        T(test_clz_clo),
        T(test_movn_movz),
        T(test_loads_extend),
        T(test_lwl_lwr),
        T(test_swl_swr),
        T(test_unaligned_address_errors),
        T(test_ll_sc),
        T(test_conditional_branches),
        T(test_branch_backward),
        T(test_jumps),
        T(test_writes_to_zero_discarded),
        T(test_nops_sync_pref_cache),
        T(test_exception_in_delay_slot),
        T(test_delay_slot_eret_reexecutes_branch),
        T(test_syscall_break_ri_trap),
        T(test_trap_instructions),
        T(test_coprocessor_unusable),
        T(test_cp0_unusable_in_user_and_supervisor),
        T(test_general_vectors_and_exl),
        T(test_tlb_exceptions),
        T(test_cp0_write_masks),
        T(test_config1_mmusize),
        T(test_reset_state),
        T(test_index_and_tlbp),
        T(test_index_write_keeps_probe_bit),
        T(test_wired_and_random),
        T(test_count),
        T(test_count_divisor),
        T(test_timer_interrupt),
        T(test_hardware_interrupt_lines),
        T(test_software_interrupt),
        T(test_interrupt_before_delay_slot),
        T(test_wait_and_timer_wakeup),
        T(test_wait_woken_by_irq),
        T(test_semihosting_exit),
        T(test_tlbwi_tlbr_round_trip),
        T(test_tlbwr_uses_random),
        T(test_tlb_machine_check),
        T(test_mapped_kuseg_and_erl),
        T(test_supervisor_and_user_segments),
        T(test_modes),
        T(test_eret),
        T(test_exception_hook),
        T(test_exception_hook_delay_slot_pc),
        T(test_accessors),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
