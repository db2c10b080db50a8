/*
 * isa_trap.c -- the conditional traps teq tge tgeu tlt tltu tne and
 * teqi tgei tgeiu tlti tltiu tnei (trap and no trap, signed and unsigned
 * edges; Tr = ExcCode 13 with EPC at the trap), syscall and break with
 * their code fields, sync/pref/cache as no-ops (pref never faults, even on
 * an unmapped address), Coprocessor Unusable with Cause.CE for COP1 and
 * COP2 instructions and their loads/stores, and Reserved Instruction for
 * the 64-bit and unassigned encodings -- with the destination register
 * left unwritten.
 *
 * Encodings that differ between MIPS32 R1 (trapeze) and QEMU's 24Kf (R2,
 * MIPS16e, FPU) -- opcode 0x13 (COP3 vs COP1X), MOVCI, SPECIAL3, JALX,
 * DI/EI, RDPGPR -- are left out, and so is the COP2 opcode itself (QEMU
 * raises RI for it, the architecture CpU with CE=2: see isa_archonly).
 */
#include "rt.h"

static volatile uint32_t n_exc, exc_code, exc_ce, exc_epc, exc_insn;

static void handler(struct rt_frame *f)
{
    n_exc++;
    exc_code = (f->cause >> 2) & 0x1F;
    exc_ce = (f->cause >> 28) & 3;
    exc_epc = f->epc;
    exc_insn = *(volatile uint32_t *)f->epc;
    f->epc += 4;
}

/* Run one trap instruction; report 13 (Tr) if it trapped at itself, 0 if
 * it did not, anything else as the odd ExcCode/EPC it produced. */
static uint32_t trap_result(uint32_t pc)
{
    if (n_exc == 0)
        return 0;
    if (n_exc != 1 || exc_epc != pc)
        return 0x100 | exc_code | (n_exc << 16);
    return exc_code;
}

#define TR2(op, a, b) ({ uint32_t _pc; n_exc = 0; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\t" #op " %1, %2\n\t.set pop" \
        : "=&r"(_pc) : "r"((uint32_t)(a)), "r"((uint32_t)(b)) : "memory"); trap_result(_pc); })
#define TRI(op, a, imm) ({ uint32_t _pc; n_exc = 0; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\t" #op " %1, " #imm "\n\t.set pop" \
        : "=&r"(_pc) : "r"((uint32_t)(a)) : "memory"); trap_result(_pc); })

#define CHK2(op, a, b, trap) rt_check(#op " " #a ", " #b, TR2(op, a, b), (trap) ? 13 : 0)
#define CHKI(op, a, imm, trap) rt_check(#op " " #a ", " #imm, TRI(op, a, imm), (trap) ? 13 : 0)

/* Execute one raw instruction word with $2 = 0x5A5A5A5A. */
#define SENTINEL 0x5A5A5A5Au
#define RAW(word) ({ uint32_t _pc, _v; n_exc = 0; exc_code = exc_ce = 0xFF; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tli $2, 0x5A5A5A5A\n\tla %0, 1f\n" \
        "1:\t.word " #word "\n\tmove %1, $2\n\t.set pop" \
        : "=&r"(_pc), "=&r"(_v) : : "$2", "memory"); \
    exc_epc -= _pc; _v; })

static void check_raw(const char *what, uint32_t v, uint32_t want_code, uint32_t want_ce)
{
    rt_printf("%s:\n", what);
    rt_check("  exceptions", n_exc, 1);
    rt_check("  ExcCode", exc_code, want_code);
    if (want_code == 11)
        rt_check("  Cause.CE", exc_ce, want_ce);
    rt_check("  EPC - instruction", exc_epc, 0);
    rt_check("  $2 not written", v, SENTINEL);
}

#define CHKRAW(desc, word, code, ce) check_raw(desc " [" #word "]", RAW(word), code, ce)

static volatile uint32_t scratch[4] __attribute__((aligned(16)));

int main(void)
{
    rt_set_handler(handler);

    rt_puts("-- register traps (13 = Tr at the instruction, 0 = no trap)\n");
    CHK2(teq, 5, 5, 1);
    CHK2(teq, 5, 6, 0);
    CHK2(teq, 0x80000000, 0x80000000, 1);
    CHK2(tne, 5, 5, 0);
    CHK2(tne, 5, 6, 1);
    CHK2(tge, 5, 5, 1);
    CHK2(tge, 6, 5, 1);
    CHK2(tge, 5, 6, 0);
    CHK2(tge, 0xFFFFFFFF, 0, 0);
    CHK2(tge, 0, 0xFFFFFFFF, 1);
    CHK2(tge, 0x7FFFFFFF, 0x80000000, 1);
    CHK2(tgeu, 0xFFFFFFFF, 0, 1);
    CHK2(tgeu, 0, 0xFFFFFFFF, 0);
    CHK2(tgeu, 0x80000000, 0x7FFFFFFF, 1);
    CHK2(tgeu, 7, 7, 1);
    CHK2(tlt, 5, 6, 1);
    CHK2(tlt, 5, 5, 0);
    CHK2(tlt, 0xFFFFFFFF, 0, 1);
    CHK2(tlt, 0x80000000, 0x7FFFFFFF, 1);
    CHK2(tlt, 0x7FFFFFFF, 0x80000000, 0);
    CHK2(tltu, 0, 0xFFFFFFFF, 1);
    CHK2(tltu, 0xFFFFFFFF, 0, 0);
    CHK2(tltu, 5, 5, 0);
    CHK2(tltu, 0x7FFFFFFF, 0x80000000, 1);

    rt_puts("-- immediate traps (the immediate is sign-extended, also for tgeiu/tltiu)\n");
    CHKI(teqi, 5, 5, 1);
    CHKI(teqi, 0xFFFFFFFF, -1, 1);
    CHKI(teqi, 0x0000FFFF, -1, 0);
    CHKI(tnei, 5, 5, 0);
    CHKI(tnei, 5, -5, 1);
    CHKI(tgei, 0, -1, 1);
    CHKI(tgei, 0xFFFFFFFE, -1, 0);
    CHKI(tgei, 0x7FFF, 32767, 1);
    CHKI(tgei, 0x80000000, -32768, 0);
    CHKI(tgeiu, 0xFFFFFFFF, -1, 1);
    CHKI(tgeiu, 0xFFFFFFFE, -1, 0);
    CHKI(tgeiu, 0x7FFFFFFF, -32768, 0);
    CHKI(tgeiu, 0xFFFF8000, -32768, 1);
    CHKI(tgeiu, 0, 0, 1);
    CHKI(tlti, 0xFFFFFFFE, -1, 1);
    CHKI(tlti, 0, -1, 0);
    CHKI(tlti, 0x80000000, -32768, 1);
    CHKI(tltiu, 0, 1, 1);
    CHKI(tltiu, 0x7FFFFFFF, -1, 1);
    CHKI(tltiu, 0xFFFFFFFF, -1, 0);
    CHKI(tltiu, 0xFFFF7FFF, -32768, 1);

    rt_puts("-- syscall and break: ExcCode, EPC, the code field\n");
    {
        uint32_t pc;
        n_exc = 0;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\tsyscall\n\t.set pop"
                             : "=&r"(pc) : : "memory");
        rt_check("syscall: ExcCode (8 = Sys)", exc_code, 8);
        rt_check("  EPC - instruction", exc_epc - pc, 0);
        rt_check("  code field", (exc_insn >> 6) & 0xFFFFF, 0);
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\tsyscall 0xABCDE\n\t.set pop"
                             : "=&r"(pc) : : "memory");
        rt_check("syscall 0xABCDE: ExcCode", exc_code, 8);
        rt_check("  code field", (exc_insn >> 6) & 0xFFFFF, 0xABCDE);
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\tbreak\n\t.set pop"
                             : "=&r"(pc) : : "memory");
        rt_check("break: ExcCode (9 = Bp)", exc_code, 9);
        rt_check("  EPC - instruction", exc_epc - pc, 0);
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\tbreak 7\n\t.set pop"
                             : "=&r"(pc) : : "memory");
        rt_check("break 7: code field (bits 25..16)", (exc_insn >> 16) & 0x3FF, 7);
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\tbreak 0x3FF, 0x3FF\n\t.set pop"
                             : "=&r"(pc) : : "memory");
        rt_check("break 0x3FF, 0x3FF: full code field", (exc_insn >> 6) & 0xFFFFF, 0xFFFFF);
        rt_check("exceptions in this block", n_exc, 5);
    }

    rt_puts("-- sync, pref and cache do nothing visible\n");
    {
        n_exc = 0;
        scratch[0] = 0x1234;
        __asm__ __volatile__("sync\n\t"
                             "pref 0, 0(%0)\n\tpref 1, 4(%0)\n\t"
                             "pref 4, 0($0)\n\t"           /* kuseg, unmapped: no fault */
                             "pref 0, -4(%1)\n\t"           /* unaligned, unmapped */
                             "cache 0x14, 0(%0)\n\t"        /* Hit_Invalidate_I, kseg0 */
                             "cache 0x19, 0(%0)\n\t"        /* Hit_Writeback_D */
                             "sync"
                             : : "r"(scratch), "r"(0x00401003u) : "memory");
        rt_check("exceptions", n_exc, 0);
        rt_check("memory unchanged", scratch[0], 0x1234);
    }

    rt_puts("-- Coprocessor Unusable (11) with Cause.CE\n");
    CHKRAW("mfc1 $2, $f0", 0x44020000, 11, 1);
    CHKRAW("cfc1 $2, $31", 0x4442F800, 11, 1);
    CHKRAW("add.s $f0, $f0, $f0", 0x46000000, 11, 1);
    CHKRAW("lwc1 $f2, 0($0)", 0xC4020000, 11, 1);
    CHKRAW("swc1 $f2, 0($0)", 0xE4020000, 11, 1);
    CHKRAW("ldc1 $f2, 0($0)", 0xD4020000, 11, 1);
    CHKRAW("sdc1 $f2, 0($0)", 0xF4020000, 11, 1);
    CHKRAW("lwc2 $2, 0($0)", 0xC8020000, 11, 2);
    CHKRAW("swc2 $2, 0($0)", 0xE8020000, 11, 2);
    CHKRAW("ldc2 $2, 0($0)", 0xD8020000, 11, 2);
    CHKRAW("sdc2 $2, 0($0)", 0xF8020000, 11, 2);

    rt_puts("-- Reserved Instruction (10)\n");
    CHKRAW("daddu $2, $2, $2", 0x0042102D, 10, 0);
    CHKRAW("dsll $2, $2, 1", 0x00021078, 10, 0);
    CHKRAW("dsllv $2, $2, $2", 0x00421014, 10, 0);
    CHKRAW("dmult $2, $2", 0x0042001C, 10, 0);
    CHKRAW("daddiu $2, $2, 1", 0x64420001, 10, 0);
    CHKRAW("daddi $2, $2, 1", 0x60420001, 10, 0);
    CHKRAW("ld $2, 0($0)", 0xDC020000, 10, 0);
    CHKRAW("sd $2, 0($0)", 0xFC020000, 10, 0);
    CHKRAW("lwu $2, 0($0)", 0x9C020000, 10, 0);
    CHKRAW("ldl $2, 0($0)", 0x68020000, 10, 0);
    CHKRAW("lld $2, 0($0)", 0xD0020000, 10, 0);
    CHKRAW("scd $2, 0($0)", 0xF0020000, 10, 0);
    CHKRAW("dclz $2, $2", 0x70421024, 10, 0);
    CHKRAW("SPECIAL funct 0x28", 0x00421028, 10, 0);
    CHKRAW("SPECIAL2 funct 0x03", 0x70421003, 10, 0);
    CHKRAW("REGIMM rt 0x05", 0x04450000, 10, 0);
    CHKRAW("COP0 CO funct 0x3F", 0x4200003F, 10, 0);

    rt_summary("isa_trap");
}
