/*
 * mapped.h -- the runtime of the mapped guest kernels: roms/hostile and
 * roms/vmtests (mapped.mk builds it into each suite).
 *
 * A mapped kernel is a bare-metal kernel linked in ksseg at 0xC0010000
 * (physical 0x10000) like minikern (ksseg.ld), so that under the monitor
 * it runs directly on the physical CPU in supervisor mode: each CP0
 * instruction traps and is emulated, each TLB miss is answered with a
 * shadow entry or reflected, and only the exception-vector stubs run
 * (emulated) in kseg0.  The same ELF on the bare machine gives the golden
 * console.  The firmware hands it:
 *
 *   - wired 16 MiB TLB entries mapping 0xC0000000 + pa -> pa for all RAM,
 *     and 0xDF000000 -> 0x1F000000 for the I/O window (uncached);
 *   - Status = 0 (kernel mode, interrupts off), $a0 = the boot-info block.
 *
 * entry.S moves to the kernel's own stack in ksseg, clears .bss and calls
 * mp_start() (lib.c), which copies the vector stubs to physical 0x000 and
 * 0x180 -- and 0x200, the Cause.IV vector, if the suite is built with
 * MAPPED_IRQ_VECTOR=1 -- reads the boot-info block and calls main().  When
 * main() returns, the kernel powers off with its return value as the exit
 * code.
 *
 * Everything the runtime touches is in ksseg: the console is the UART
 * through the I/O window (0xDF0003F8), power-off is the system controller
 * (0xDF000000).  The only kseg0 code is the 4-instruction vector stubs.
 *
 * Exceptions: every vector goes to mp_exc_common (entry.S), which saves
 * every register into a struct mp_frame on a private exception stack
 * (never the interrupted $sp), calls the handler set with
 * mp_set_handler(), restores the frame -- registers, HI/LO, EPC and
 * Status, with EXL kept set until the eret -- and erets.  The handler may
 * change r[], epc and status.  Cause, BadVAddr, EntryHi and Context are
 * only reported; a handler that wants to change them uses MTC0.  k0 and
 * k1 are scratch: they read 0 after an exception.  There is one exception
 * stack: a handler must not itself take an exception.
 *
 * Per-suite settings (mapped.mk passes them as -D options):
 *   MAPPED_SUITE       the name the default handler prints ("hostile")
 *   MAPPED_FAULT_EXIT  its power-off code
 *   MAPPED_IRQ_VECTOR  1: also install the stub at 0x200
 */
#ifndef MAPPED_H
#define MAPPED_H

#include "board_map.h"
#include "bootinfo.h"

/* ---- the machine ------------------------------------------------------ */

/* The UART's line status register, through the I/O window (assembly too). */
#define UART_LSR_ADDR (0xDF000000 + UART_BASE - IO_WINDOW_BASE + 5)

#ifndef __ASSEMBLER__
#include <stdint.h>

#define KSSEG(pa)     (KSSEG_BASE + (uint32_t)(pa))     /* RAM, via the firmware */
#define IOWIN(pa)     (0xDF000000u + ((uint32_t)(pa) - IO_WINDOW_BASE))
#define KSEG1(pa)     (0xA0000000u + (uint32_t)(pa))

#define MIB           0x00100000u

/* Status */
#define ST_IE         0x00000001u
#define ST_EXL        0x00000002u
#define ST_ERL        0x00000004u
#define ST_KSU        0x00000018u
#define ST_KSU_SUPER  0x00000008u
#define ST_KSU_USER   0x00000010u
#define ST_IM(n)      (1u << (8 + (n)))
#define ST_BEV        0x00400000u
#define ST_CU0        0x10000000u

/* Cause */
#define CAUSE_BD      0x80000000u
#define CAUSE_IV      0x00800000u
#define CAUSE_IP(n)   (1u << (8 + (n)))
#define CAUSE_CODE(c) (((c) >> 2) & 0x1Fu)
#define CAUSE_CE(c)   (((c) >> 28) & 0x3u)

/* ExcCodes */
enum {
    EXC_INT = 0, EXC_MOD = 1, EXC_TLBL = 2, EXC_TLBS = 3, EXC_ADEL = 4,
    EXC_ADES = 5, EXC_IBE = 6, EXC_DBE = 7, EXC_SYS = 8, EXC_BP = 9,
    EXC_RI = 10, EXC_CPU = 11, EXC_OV = 12, EXC_TR = 13, EXC_MCHECK = 24,
};

/* EntryLo: PFN in bits 25..6, C in 5..3, then D, V, G. */
#define LO_G          0x1u
#define LO_V          0x2u
#define LO_D          0x4u
#define LO_CACHED     (3u << 3)
#define LO_UNCACHED   (2u << 3)
#define ENTRYLO(pa, flags) ((((uint32_t)(pa) >> 12) << 6) | (flags))
#define LO_RW(pa)     ENTRYLO(pa, LO_CACHED | LO_D | LO_V)

#define PAGEMASK_4K   0x00000000u
#define PAGEMASK_16K  0x00006000u
#define PAGEMASK_1M   0x001FE000u
#define PAGEMASK_16M  0x01FFE000u

/* ---- CP0 ----------------------------------------------------------------
 * MFC0(C0_STATUS, 0), MTC0(C0_EPC, 0, v).  Two levels of macros, so that
 * C0_STATUS becomes 12 before "#".  Two nops after each write: MIPS32
 * Release 1 has no hazard barrier. */
#define MFC0(reg, sel)    MFC0_(reg, sel)
#define MTC0(reg, sel, v) MTC0_(reg, sel, v)
#define MFC0_(reg, sel) ({ uint32_t v_; \
    __asm__ __volatile__("mfc0 %0, $" #reg ", " #sel : "=r"(v_)); v_; })
#define MTC0_(reg, sel, v) __asm__ __volatile__( \
    "mtc0 %z0, $" #reg ", " #sel "\n\tnop\n\tnop" : : "Jr"((uint32_t)(v)) : "memory")

#define C0_INDEX     0
#define C0_RANDOM    1
#define C0_ENTRYLO0  2
#define C0_ENTRYLO1  3
#define C0_CONTEXT   4
#define C0_PAGEMASK  5
#define C0_WIRED     6
#define C0_BADVADDR  8
#define C0_COUNT     9
#define C0_ENTRYHI   10
#define C0_COMPARE   11
#define C0_STATUS    12
#define C0_CAUSE     13
#define C0_EPC       14
#define C0_PRID      15
#define C0_CONFIG    16
#define C0_LLADDR    17
#define C0_ERROREPC  30

static inline void tlbwi(void) { __asm__ __volatile__("tlbwi\n\tnop\n\tnop" ::: "memory"); }
static inline void tlbwr(void) { __asm__ __volatile__("tlbwr\n\tnop\n\tnop" ::: "memory"); }
static inline void tlbr(void)  { __asm__ __volatile__("tlbr\n\tnop\n\tnop" ::: "memory"); }
static inline void tlbp(void)  { __asm__ __volatile__("tlbp\n\tnop\n\tnop" ::: "memory"); }

/* ---- the TLB (lib.c) ------------------------------------------------------ */

uint32_t mp_tlb_entries(void);          /* Config1.MMUSize + 1 */
uint32_t mp_tlb_wired(void);            /* the firmware's wired entries */
/* Write entry idx with tlbwi; EntryHi (so the current ASID) is kept and
 * PageMask is left at 4 KiB.  The new entry must not overlap another one
 * (trapeze refuses that with a Machine Check, as a 4Kc does). */
void mp_tlb_write(uint32_t idx, uint32_t pagemask, uint32_t hi,
                  uint32_t lo0, uint32_t lo1);
/* Make entry idx unmatchable again: invalid, a distinct kseg0 VPN2, as the
 * firmware leaves it. */
void mp_tlb_kill(uint32_t idx);
void mp_set_asid(uint32_t asid);        /* EntryHi = ASID, VPN2 0 */

/* ---- exceptions ----------------------------------------------------------- */

struct mp_frame {
    uint32_t r[32];           /* r[0] is 0; r[26], r[27] are saved as 0 */
    uint32_t hi, lo;
    uint32_t epc, cause, status, badvaddr, entryhi, context;
    uint32_t vector;          /* 0x000, 0x180 or 0x200: the stub that ran */
};
#define MP_FRAME_SIZE 164

typedef void (*mp_handler)(struct mp_frame *f);
/* NULL: the default, which prints the exception and powers off with
 * MAPPED_FAULT_EXIT. */
void mp_set_handler(mp_handler h);
const char *mp_exc_name(unsigned code);

/* ---- console, power --------------------------------------------------------- */

void mp_putc(char c);
void mp_puts(const char *s);
/* %u %d %x %s %c %%, a width, and the 0 and - flags (%08x, %5u, %-10s). */
void mp_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void mp_poweroff(uint32_t code) __attribute__((noreturn));

/* ---- boot ----------------------------------------------------------------- */

uint32_t mp_ram_size(void);             /* bytes, from the boot-info block */

/* The kernel's own code: called with interrupts off, in kernel mode, the
 * vectors installed.  Its return value is the power-off code. */
int main(void);

#endif /* !__ASSEMBLER__ */
#endif
