/*
 * tlb.c -- looking after the TLB.
 *
 * The MIPS TLB is filled by software: tlb_refill (vectors.S) loads an
 * entry from the page table whenever a user address misses.  Each entry is
 * tagged with an ASID (address-space identifier), and EntryHi.ASID says
 * which address space is current, so switching processes needs no TLB
 * flush: the scheduler just sets the new process's ASID.  minikern gives
 * process slot i the ASID i + 1; ASID 0 is never a process's.
 *
 * What this file does is the rest: forget the entries of an address space
 * that dies (its ASID will be reused) and of a page whose mapping changes.
 *
 * Entries 0 .. Wired-1 are the firmware's, mapping the kernel in ksseg;
 * they are never touched.  An unused entry is written "invalid" with a
 * VPN2 in kseg0 -- an address the TLB is never asked about -- and a
 * different VPN2 for each index, because two entries that could match the
 * same address are forbidden (the CPU raises Machine Check).
 */
#include "kernel.h"

#define ENTRYHI_VPN2_MASK 0xFFFFE000
#define INDEX_PROBE_FAILED 0x80000000
#define INVALID_VPN2(i)   (0x80000000 + (i) * 2 * PAGE_SIZE)

static unsigned nentries;    /* entries in the TLB */
static unsigned nwired;      /* the firmware's wired entries */

static inline void tlbwi(void) { __asm__ volatile("nop; tlbwi; nop" ::: "memory"); }
static inline void tlbr(void)  { __asm__ volatile("nop; tlbr; nop" ::: "memory"); }
static inline void tlbp(void)  { __asm__ volatile("nop; tlbp; nop" ::: "memory"); }

void tlb_init(void)
{
    nentries = ((mfc0_sel(C0_CONFIG, 1) >> 25) & 0x3F) + 1;    /* Config1.MMUSize */
    nwired = mfc0(C0_WIRED);
    mtc0(C0_PAGEMASK, 0);   /* 4 KiB pages; tlb_refill relies on it */
}

unsigned tlb_entries(void) { return nentries; }
unsigned tlb_wired(void)   { return nwired; }

void tlb_set_asid(unsigned asid)
{
    mtc0(C0_ENTRYHI, asid & ENTRYHI_ASID_MASK);
}

static void write_invalid(unsigned index)
{
    mtc0(C0_ENTRYHI, INVALID_VPN2(index));
    mtc0(C0_ENTRYLO0, 0);
    mtc0(C0_ENTRYLO1, 0);
    mtc0(C0_INDEX, index);
    tlbwi();
}

/* Forget every entry of address space `asid`. */
void tlb_invalidate_asid(unsigned asid)
{
    uint32_t saved_entryhi = mfc0(C0_ENTRYHI);
    for (unsigned i = nwired; i < nentries; i++) {
        mtc0(C0_INDEX, i);
        tlbr();
        uint32_t hi = mfc0(C0_ENTRYHI);
        bool global = mfc0(C0_ENTRYLO0) & mfc0(C0_ENTRYLO1) & ENTRYLO_G;
        if ((hi & ENTRYHI_ASID_MASK) == asid && !global && (int32_t)hi >= 0)
            write_invalid(i);
    }
    mtc0(C0_PAGEMASK, 0);       /* tlbr loaded it */
    mtc0(C0_ENTRYHI, saved_entryhi);
}

/* Forget the entry (if any) that maps user address va in space `asid`. */
void tlb_invalidate_page(unsigned asid, uint32_t va)
{
    uint32_t saved_entryhi = mfc0(C0_ENTRYHI);
    mtc0(C0_ENTRYHI, (va & ENTRYHI_VPN2_MASK) | asid);
    tlbp();
    uint32_t index = mfc0(C0_INDEX);
    if (!(index & INDEX_PROBE_FAILED))
        write_invalid(index);
    mtc0(C0_ENTRYHI, saved_entryhi);
}
