/*
 * rt_tlb.h -- TLB helpers shared by the test programs that map pages.
 *
 * Each TLB instruction is followed by two nops: MIPS32 Release 1 has no
 * hazard barrier, and a 4Kc needs the CP0 write to settle before the next
 * instruction depends on it.
 */
#ifndef RT_TLB_H
#define RT_TLB_H

#include "rt.h"

static inline void tlbwi(void) { __asm__ __volatile__("tlbwi\n\tnop\n\tnop" : : : "memory"); }
static inline void tlbwr(void) { __asm__ __volatile__("tlbwr\n\tnop\n\tnop" : : : "memory"); }
static inline void tlbr(void)  { __asm__ __volatile__("tlbr\n\tnop\n\tnop" : : : "memory"); }
static inline void tlbp(void)  { __asm__ __volatile__("tlbp\n\tnop\n\tnop" : : : "memory"); }

/* Number of TLB entries: Config1.MMUSize + 1 (16 on QEMU's 24Kf, 32 on
 * trapeze by default) -- read it, never print it. */
static inline uint32_t tlb_entries(void)
{
    return ((MFC0(16, 1) >> 25) & 0x3F) + 1;
}

/* Write entry idx; EntryHi (the current ASID) and PageMask are restored. */
static inline void tlb_set(uint32_t idx, uint32_t pagemask, uint32_t hi,
                           uint32_t lo0, uint32_t lo1)
{
    uint32_t old = MFC0(10, 0);
    MTC0(0, 0, idx);
    MTC0(5, 0, pagemask);
    MTC0(10, 0, hi);
    MTC0(2, 0, lo0);
    MTC0(3, 0, lo1);
    tlbwi();
    MTC0(10, 0, old);
    MTC0(5, 0, 0);
}

/* An entry that can never match a translated address: a distinct kseg0
 * VPN2, invalid. */
static inline void tlb_kill(uint32_t idx)
{
    tlb_set(idx, 0, 0x80000000u + (idx << 13), 0, 0);
}

#endif
