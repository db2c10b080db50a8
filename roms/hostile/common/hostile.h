/*
 * hostile.h -- the small runtime the hostile guest kernels share.
 *
 * A hostile guest is a bare-metal *mapped* kernel, linked in ksseg at
 * 0xC0010000 (physical 0x10000) like minikern (ksseg.ld), so that under
 * the monitor it runs directly on the physical CPU in supervisor mode and
 * only its exception-vector stubs are emulated.  The firmware hands it:
 *
 *   - wired 16 MiB TLB entries mapping 0xC0000000 + pa -> pa for all RAM,
 *     and 0xDF000000 -> 0x1F000000 for the I/O window (uncached);
 *   - Status = 0 (kernel mode, interrupts off), $a0 = the boot-info block.
 *
 * entry.S moves to the kernel's own stack, clears .bss and calls
 * hk_start() (lib.c), which copies the vector stubs to physical 0x000 and
 * 0x180, reads the boot-info block and calls main().  When main() returns,
 * the guest powers off with its return value as the exit code.
 *
 * Everything the runtime touches is in ksseg: the console is the UART
 * through the I/O window (0xDF0003F8), power-off is the system controller
 * (0xDF000000).  The only kseg0 code is the two 4-instruction vector stubs.
 *
 * Exceptions: every vector (refill 0x000, general 0x180) goes to
 * hk_exc_common (entry.S), which saves every register into a struct
 * hk_frame on a private exception stack (never the interrupted $sp), calls
 * the handler set with hk_set_handler(), restores the frame -- registers,
 * HI/LO, EPC and Status, with EXL kept set until the eret -- and erets.
 * The handler may change r[], epc and status.  Cause and BadVAddr are only
 * reported.  k0 and k1 are scratch: they read 0 after an exception.
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stdint.h>

#include "board_map.h"
#include "bootinfo.h"

/* ---- the machine ---------------------------------------------------------- */

#define KSSEG(pa)     (KSSEG_BASE + (uint32_t)(pa))     /* RAM, via the firmware */
#define IOWIN(pa)     (0xDF000000u + ((uint32_t)(pa) - IO_WINDOW_BASE))
#define KSEG1(pa)     (0xA0000000u + (uint32_t)(pa))

#define MIB           0x00100000u

/* Status */
#define ST_IE         0x00000001u
#define ST_EXL        0x00000002u
#define ST_ERL        0x00000004u
#define ST_KSU        0x00000018u
#define ST_KSU_USER   0x00000010u
#define ST_CU0        0x10000000u

/* Cause */
#define CAUSE_BD      0x80000000u
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

#define PAGEMASK_4K   0x00000000u
#define PAGEMASK_16M  0x01FFE000u

/* ---- CP0 ------------------------------------------------------------------ */

/* MFC0(C0_STATUS, 0), MTC0(C0_EPC, 0, v).  Two levels of macros, so that
 * C0_STATUS becomes 12 before "#".  Two nops after each write: MIPS32
 * Release 1 has no hazard barrier. */
#define MFC0(reg, sel)    MFC0_(reg, sel)
#define MTC0(reg, sel, v) MTC0_(reg, sel, v)
#define MFC0_(reg, sel) ({ uint32_t v_; \
    __asm__ __volatile__("mfc0 %0, $" #reg ", " #sel : "=r"(v_)); v_; })
#define MTC0_(reg, sel, v) __asm__ __volatile__( \
    "mtc0 %z0, $" #reg ", " #sel "\n\tnop\n\tnop" : : "Jr"((uint32_t)(v)) : "memory")

#define C0_INDEX     0
#define C0_ENTRYLO0  2
#define C0_ENTRYLO1  3
#define C0_PAGEMASK  5
#define C0_WIRED     6
#define C0_BADVADDR  8
#define C0_ENTRYHI   10
#define C0_STATUS    12
#define C0_CAUSE     13
#define C0_EPC       14
#define C0_PRID      15
#define C0_CONFIG    16

/* ---- the TLB (lib.c) ------------------------------------------------------ */

uint32_t hk_tlb_entries(void);          /* Config1.MMUSize + 1 */
uint32_t hk_tlb_wired(void);            /* the firmware's wired entries */
/* Write entry idx with tlbwi.  EntryHi's ASID (0) and PageMask (4 KiB) are
 * left as the runtime keeps them.  The new entry must not overlap another
 * one (trapeze refuses that with a Machine Check, as a 4Kc does). */
void hk_tlb_write(uint32_t idx, uint32_t pagemask, uint32_t hi,
                  uint32_t lo0, uint32_t lo1);
/* Make entry idx unmatchable again: invalid, a distinct kseg0 VPN2, as the
 * firmware leaves it. */
void hk_tlb_kill(uint32_t idx);

/* ---- exceptions ----------------------------------------------------------- */

struct hk_frame {
    uint32_t r[32];           /* r[0] is 0; r[26], r[27] are saved as 0 */
    uint32_t hi, lo;
    uint32_t epc, cause, status, badvaddr;
    uint32_t vector;          /* 0x000 (refill stub) or 0x180 (general stub) */
};
#define HK_FRAME_SIZE 156

typedef void (*hk_handler)(struct hk_frame *f);
/* NULL: the default, which prints the exception and powers off with 2. */
void hk_set_handler(hk_handler h);
const char *hk_exc_name(unsigned code);

/* ---- console, power --------------------------------------------------------- */

void hk_putc(char c);
void hk_puts(const char *s);
/* %u %d %x %s %c %%, with a width and the 0 flag (%08x, %5u). */
void hk_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hk_poweroff(uint32_t code) __attribute__((noreturn));

/* ---- boot ----------------------------------------------------------------- */

uint32_t hk_ram_size(void);             /* bytes, from the boot-info block */

/* The guest's own code: called with interrupts off, in kernel mode, the
 * vectors installed.  Its return value is the power-off code. */
int main(void);

#endif
