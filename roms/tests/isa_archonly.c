/*
 * isa_archonly.c -- ISA behaviour where QEMU's mipssim CPU (a 24Kf:
 * MIPS32 Release 2 with MIPS16e and an FPU) does not do what the SPEC and
 * the MIPS32 Release 1 architecture say, so this program runs on trapeze
 * only (isa_archonly.noqemu) and its golden file was written from the
 * architecture manual:
 *
 *   - div/divu by zero leave HI and LO unchanged (SPEC §2; QEMU writes
 *     LO = dividend, HI = 0);
 *   - an unaligned sc raises AdES with BadVAddr (QEMU first compares the
 *     address with the ll's and just fails the sc);
 *   - a COP2 instruction with Status.CU2 = 0 raises Coprocessor Unusable
 *     with CE = 2 (QEMU raises RI: its 24Kf has no COP2);
 *   - the Release 2 instructions (SPECIAL3: seb seh wsbh ext ins rdhwr;
 *     MFMC0: di ei) are Reserved Instructions on a Release 1 CPU (QEMU's
 *     24Kf executes them).
 */
#include "rt.h"

static volatile uint32_t n_exc, exc_code, exc_ce, exc_epc, exc_bad;

static void handler(struct rt_frame *f)
{
    n_exc++;
    exc_code = (f->cause >> 2) & 0x1F;
    exc_ce = (f->cause >> 28) & 3;
    exc_epc = f->epc;
    exc_bad = f->badvaddr;
    f->epc += 4;
}

struct hilo { uint32_t hi, lo; };

#define DIV0(op, a) ({ struct hilo _h; \
    __asm__ __volatile__("mthi %2\n\tmtlo %3\n\t" #op " $0, %4, $0\n\tmfhi %0\n\tmflo %1" \
        : "=&r"(_h.hi), "=&r"(_h.lo) \
        : "r"(0x11112222u), "r"(0x33334444u), "r"((uint32_t)(a))); _h; })

#define SENTINEL 0x5A5A5A5Au
#define RAW(word) ({ uint32_t _pc, _v; n_exc = 0; exc_code = exc_ce = 0xFF; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tli $2, 0x5A5A5A5A\n\tli $3, 0x12345678\n\t" \
        "la %0, 1f\n1:\t.word " #word "\n\tmove %1, $2\n\t.set pop" \
        : "=&r"(_pc), "=&r"(_v) : : "$2", "$3", "memory"); \
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

static volatile uint32_t cell[2] __attribute__((aligned(8)));

int main(void)
{
    struct hilo h;

    rt_set_handler(handler);

    rt_puts("-- division by zero leaves HI/LO unchanged (HI 0x11112222, LO 0x33334444)\n");
    h = DIV0(div, 7);
    rt_check("div 7, $0: hi", h.hi, 0x11112222);
    rt_check("  lo", h.lo, 0x33334444);
    h = DIV0(div, 0x80000000);
    rt_check("div 0x80000000, $0: hi", h.hi, 0x11112222);
    rt_check("  lo", h.lo, 0x33334444);
    h = DIV0(divu, 0xFFFFFFFF);
    rt_check("divu 0xFFFFFFFF, $0: hi", h.hi, 0x11112222);
    rt_check("  lo", h.lo, 0x33334444);
    h = DIV0(divu, 0);
    rt_check("divu 0, $0: hi", h.hi, 0x11112222);
    rt_check("  lo", h.lo, 0x33334444);
    rt_check("no exception from a division by zero", n_exc, 0);

    rt_puts("-- unaligned sc: AdES, memory and register not written\n");
    {
        uint32_t v, ok;
        cell[0] = 7;
        cell[1] = 8;
        n_exc = 0;
        __asm__ __volatile__("ll %0, 0(%1)" : "=r"(v) : "r"(cell) : "memory");
        ok = 0x33;
        __asm__ __volatile__("sc %0, 1(%1)" : "+r"(ok) : "r"(cell) : "memory");
        rt_check("sc at cell+1: exceptions", n_exc, 1);
        rt_check("  ExcCode (5 = AdES)", exc_code, 5);
        rt_check("  BadVAddr - cell", exc_bad - (uint32_t)cell, 1);
        rt_check("  rt not written", ok, 0x33);
        rt_check("  memory word 0 unchanged", cell[0], 7);
        rt_check("  memory word 1 unchanged", cell[1], 8);
    }

    rt_puts("-- COP2 with CU2 = 0: Coprocessor Unusable, CE = 2\n");
    CHKRAW("mfc2 $2, $0", 0x48020000, 11, 2);
    CHKRAW("cfc2 $2, $0", 0x48420000, 11, 2);
    CHKRAW("COP2 CO 0x1", 0x4A000001, 11, 2);

    rt_puts("-- Release 2 instructions are reserved on Release 1\n");
    CHKRAW("seb $2, $3", 0x7C031420, 10, 0);
    CHKRAW("seh $2, $3", 0x7C031620, 10, 0);
    CHKRAW("wsbh $2, $3", 0x7C0310A0, 10, 0);
    CHKRAW("ext $2, $3, 4, 8", 0x7C623900, 10, 0);
    CHKRAW("ins $2, $3, 4, 8", 0x7C625904, 10, 0);
    CHKRAW("rdhwr $2, $29", 0x7C02E83B, 10, 0);
    CHKRAW("di $2", 0x41626000, 10, 0);
    CHKRAW("ei $2", 0x41626020, 10, 0);
    rt_check("Status after di/ei (unchanged: 0)", MFC0(12, 0), 0);

    rt_summary("isa_archonly");
}
