/*
 * vt.h -- the runtime of the vmtests programs (README.md).
 *
 * A vmtests program is a bare-metal *mapped* kernel, linked in ksseg at
 * 0xC0010000 (physical 0x10000) like minikern (common/ksseg.ld).  Under the
 * monitor it therefore runs directly on the physical CPU in supervisor
 * mode: each CP0 instruction traps and is emulated, each TLB miss is
 * answered with a shadow entry or reflected.  That is the path these
 * programs are about; the same ELF on the bare machine gives the golden
 * console.
 *
 * The firmware hands us wired 16 MiB entries mapping 0xC0000000 + pa -> pa
 * for all RAM and 0xDF000000 -> 0x1F000000 (I/O, uncached), Status = 0 and
 * $a0 = the boot-info block.  entry.S moves to a ksseg stack, clears .bss,
 * and vt_start() (lib.c) copies the vector stubs to physical 0x000, 0x180
 * and 0x200 (kseg0 0x80000000...: the only kseg0 code we run), then calls
 * main().  main()'s return value is the power-off code.
 *
 * Exceptions: every vector goes to vt_exc_common (entry.S), which saves a
 * struct vt_frame on a private exception stack, calls the handler set with
 * vt_set_handler(), restores registers, HI/LO, EPC and Status (EXL kept
 * until the eret) and erets.  Cause, BadVAddr, EntryHi and Context are
 * only reported; a handler that wants to change them uses MTC0.  k0/k1
 * read 0 after an exception.
 *
 * Memory: the program lies below physical 1 MiB.  Physical frames from
 * 1 MiB up (vt_frame()) are the tests' own, for TLB mappings.  TLB
 * entries from vt_tlb_wired() up are the tests' own.
 */
#ifndef VT_H
#define VT_H

#include "board_map.h"
#include "bootinfo.h"

/* ---- the machine ------------------------------------------------------ */

/* The UART's line status register, through the I/O window (assembly too). */
#define UART_LSR_ADDR (0xDF000000 + UART_BASE - IO_WINDOW_BASE + 5)

#ifndef __ASSEMBLER__
#include <stdint.h>

#define KSSEG(pa)     (KSSEG_BASE + (uint32_t)(pa))
#define IOWIN(pa)     (0xDF000000u + ((uint32_t)(pa) - IO_WINDOW_BASE))

#define ST_IE         0x00000001u
#define ST_EXL        0x00000002u
#define ST_ERL        0x00000004u
#define ST_KSU        0x00000018u
#define ST_KSU_SUPER  0x00000008u
#define ST_KSU_USER   0x00000010u
#define ST_IM(n)      (1u << (8 + (n)))
#define ST_BEV        0x00400000u
#define ST_CU0        0x10000000u

#define CAUSE_BD      0x80000000u
#define CAUSE_IV      0x00800000u
#define CAUSE_IP(n)   (1u << (8 + (n)))
#define CAUSE_CODE(c) (((c) >> 2) & 0x1Fu)
#define CAUSE_CE(c)   (((c) >> 28) & 0x3u)

enum {
    EXC_INT = 0, EXC_MOD = 1, EXC_TLBL = 2, EXC_TLBS = 3, EXC_ADEL = 4,
    EXC_ADES = 5, EXC_SYS = 8, EXC_BP = 9, EXC_RI = 10, EXC_CPU = 11,
    EXC_OV = 12, EXC_TR = 13,
};

#define LO_G          0x1u
#define LO_V          0x2u
#define LO_D          0x4u
#define LO_CACHED     (3u << 3)
#define ENTRYLO(pa, flags) ((((uint32_t)(pa) >> 12) << 6) | (flags))
#define LO_RW(pa)     ENTRYLO(pa, LO_CACHED | LO_D | LO_V)

#define PAGEMASK_4K   0x00000000u
#define PAGEMASK_16K  0x00006000u
#define PAGEMASK_1M   0x001FE000u

/* ---- CP0 ----------------------------------------------------------------
 * MFC0(C0_STATUS, 0).  Two levels, so that C0_STATUS becomes 12 before
 * "#".  Two nops after a write: MIPS32 Release 1 has no ehb. */
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

/* ---- memory and the TLB (lib.c) ------------------------------------------ */

/* Test frame n: physical 1 MiB + n * 4 KiB, and its ksseg alias. */
#define VT_FRAME(n)      (0x00100000u + (uint32_t)(n) * 4096u)
#define VT_FRAME_PTR(n)  ((volatile uint32_t *)KSSEG(VT_FRAME(n)))

static inline uint32_t vt_peek(uint32_t va) { return *(volatile uint32_t *)va; }
static inline void vt_poke(uint32_t va, uint32_t v) { *(volatile uint32_t *)va = v; }

uint32_t vt_tlb_entries(void);          /* Config1.MMUSize + 1 */
uint32_t vt_tlb_wired(void);            /* the firmware's wired entries */
/* tlbwi entry idx; EntryHi (so the current ASID) and PageMask are kept. */
void vt_tlb_write(uint32_t idx, uint32_t pagemask, uint32_t hi,
                  uint32_t lo0, uint32_t lo1);
/* Make entry idx unmatchable: invalid, a distinct kseg0 VPN2. */
void vt_tlb_kill(uint32_t idx);
void vt_set_asid(uint32_t asid);        /* EntryHi = ASID, VPN2 0 */

/* ---- exceptions -------------------------------------------------------------- */

struct vt_frame {
    uint32_t r[32];           /* r[0] is 0; r[26], r[27] are saved as 0 */
    uint32_t hi, lo;
    uint32_t epc, cause, status, badvaddr, entryhi, context;
    uint32_t vector;          /* 0x000, 0x180 or 0x200: the stub that ran */
};
#define VT_FRAME_SIZE 164

typedef void (*vt_handler)(struct vt_frame *f);
/* NULL: the default, which prints the exception and powers off with 3. */
void vt_set_handler(vt_handler h);
const char *vt_exc_name(unsigned code);

/* ---- console, checks, power ----------------------------------------------- */

void vt_putc(char c);
void vt_puts(const char *s);
/* %u %d %x %s %c %%, a width, and the 0 and - flags. */
void vt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "what: 0x<got>", plus " FAIL (want 0x<want>)" if they differ. */
void vt_check(const char *what, uint32_t got, uint32_t want);
/* Count a check the caller printed itself. */
void vt_count(int ok);
/* Print "TEST <name>: OK (<n> checks)" or "... FAIL (<k> of <n> checks
 * failed)"; returns the exit code, 0 or 1. */
int vt_summary(const char *name);
void vt_poweroff(uint32_t code) __attribute__((noreturn));

int main(void);

#endif /* !__ASSEMBLER__ */
#endif
