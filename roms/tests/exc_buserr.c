/*
 * exc_buserr.c -- bus errors: a load or store to a physical address where
 * nothing answers raises DBE (ExcCode 7), an instruction fetch from one
 * raises IBE (ExcCode 6).  Physical 0x10000000 (256 MiB) is empty on both
 * boards with their default RAM sizes (trapeze: 64 MiB of RAM, devices at
 * 0x1F000000 and up; QEMU mipssim: 128 MiB of RAM, then only the boot ROM
 * at 0x1FC00000 and the ISA window at 0x1FD00000).  QEMU raises IBE/DBE
 * there, as the architecture says a bus error does.
 *
 * EPC is the faulting instruction (for IBE: the address fetched, which is
 * where the jalr went; BD = 0), the vector 0x180, and BadVAddr is not
 * written by a bus error (it keeps the value of an earlier AdEL).
 */
#include "rt.h"

#define EXC_CODE(c) (((c) >> 2) & 0x1Fu)
#define SENTINEL 0x5A5A5A5Au

enum { ACT_SKIP, ACT_RA };

static volatile uint32_t n_exc, x_epc, x_cause, x_status, x_badvaddr, x_vector;
static volatile int action;

static void handler(struct rt_frame *f)
{
    n_exc++;
    x_epc = f->epc;
    x_cause = f->cause;
    x_status = f->status;
    x_badvaddr = f->badvaddr;
    x_vector = f->vector;
    if (action == ACT_RA)
        f->epc = f->r[31];
    else
        f->epc += 4;
}

static void expect(uint32_t pc, uint32_t code)
{
    rt_check("  exceptions taken", n_exc, 1);
    rt_check("  Cause.ExcCode", EXC_CODE(x_cause), code);
    rt_check("  EPC - insn", x_epc - pc, 0);
    rt_check("  Cause.BD", x_cause >> 31, 0);
    rt_check("  Status.EXL in handler", (x_status >> 1) & 1, 1);
    rt_check("  vector", x_vector, 0x180);
}

/* Set BadVAddr to a known value with an unaligned load. */
static void mark_badvaddr(void)
{
    uint32_t r;
    n_exc = 0;
    __asm__ __volatile__("lw %0, 0(%1)" : "=r"(r) : "r"(0x80400001u) : "memory");
    (void)r;
}

#define LD(op, addr) do { uint32_t _pc, _r = SENTINEL; \
    mark_badvaddr(); n_exc = 0; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\t" op " %1, 0(%2)\n\t.set pop" \
        : "=&r"(_pc), "+r"(_r) : "r"((uint32_t)(addr)) : "memory"); \
    rt_puts("-- " op " from " #addr "\n"); \
    expect(_pc, 7); \
    rt_check("  destination", _r, SENTINEL); \
    rt_check("  BadVAddr (unchanged)", x_badvaddr, 0x80400001); } while (0)

#define ST(op, addr) do { uint32_t _pc; \
    mark_badvaddr(); n_exc = 0; \
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\t" op " $0, 0(%1)\n\t.set pop" \
        : "=&r"(_pc) : "r"((uint32_t)(addr)) : "memory"); \
    rt_puts("-- " op " to " #addr "\n"); \
    expect(_pc, 7); \
    rt_check("  BadVAddr (unchanged)", x_badvaddr, 0x80400001); } while (0)

static void fetch(uint32_t target)
{
    mark_badvaddr();
    action = ACT_RA;
    n_exc = 0;
    __asm__ __volatile__(".set push\n\t.set noreorder\n\tjalr %0\n\tnop\n\t.set pop"
                         : : "r"(target)
                         : "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10",
                           "$11", "$12", "$13", "$14", "$15", "$24", "$25", "$31", "memory");
    action = ACT_SKIP;
    expect(target, 6);
    rt_check("  BadVAddr (unchanged)", x_badvaddr, 0x80400001);
}

int main(void)
{
    rt_set_handler(handler);
    action = ACT_SKIP;

    LD("lw", 0xB0000000);
    LD("lw", 0x90000010);
    LD("lhu", 0xB0000002);
    LD("lb", 0xB0000003);
    {
        uint32_t pc;
        mark_badvaddr();
        n_exc = 0;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tla %0, 1f\n1:\tlw $0, 0(%1)\n\t.set pop"
                             : "=&r"(pc) : "r"(0xB0000010u) : "memory");
        rt_puts("-- lw $0 from 0xB0000010\n");
        expect(pc, 7);
    }
    ST("sw", 0xB0000000);
    ST("sb", 0x90000001);

    rt_puts("-- fetch from kseg1 0xb0000000\n");
    fetch(0xB0000000u);
    rt_puts("-- fetch from kseg0 0x90000100\n");
    fetch(0x90000100u);

    rt_summary("exc_buserr");
}
