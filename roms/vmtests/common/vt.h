/*
 * vt.h -- what the vmtests programs add to the mapped-kernel runtime
 * (README.md).
 *
 * A vmtests program is a mapped kernel (roms/mapped/mapped.h says what
 * the runtime provides: entry, vector stubs at 0x000/0x180/0x200, one
 * exception path, console, power-off, TLB helpers).  Under the monitor it
 * therefore runs directly on the physical CPU in supervisor mode: each CP0
 * instruction traps and is emulated, each TLB miss is answered with a
 * shadow entry or reflected.  That is the path these programs are about;
 * the same ELF on the bare machine gives the golden console.
 *
 * Here: the tests' memory and the checks every program prints.
 *
 * Memory: the program lies below physical 1 MiB.  Physical frames from
 * 1 MiB up (VT_FRAME()) are the tests' own, for TLB mappings.  TLB
 * entries from mp_tlb_wired() up are the tests' own.
 */
#ifndef VT_H
#define VT_H

#include "mapped.h"

#ifndef __ASSEMBLER__

/* Test frame n: physical 1 MiB + n * 4 KiB, and its ksseg alias. */
#define VT_FRAME(n)      (0x00100000u + (uint32_t)(n) * 4096u)
#define VT_FRAME_PTR(n)  ((volatile uint32_t *)KSSEG(VT_FRAME(n)))

static inline uint32_t vt_peek(uint32_t va) { return *(volatile uint32_t *)va; }
static inline void vt_poke(uint32_t va, uint32_t v) { *(volatile uint32_t *)va = v; }

/* ---- checks (check.c) ---------------------------------------------------- */

/* Print "what: 0x<got>", plus " FAIL (want 0x<want>)" if they differ. */
void vt_check(const char *what, uint32_t got, uint32_t want);
/* Count a check the caller printed itself. */
void vt_count(int ok);
/* Print "TEST <name>: OK (<n> checks)" or "... FAIL (<k> of <n> checks
 * failed)"; returns the exit code, 0 or 1. */
int vt_summary(const char *name);

#endif /* !__ASSEMBLER__ */
#endif
