/*
 * tlb.h -- the R4K-style joint TLB of a MIPS32 CPU.
 *
 * A MIPS TLB is software-managed: the hardware only *looks up* entries, and
 * the kernel writes them with tlbwi/tlbwr after a refill exception.  Each
 * entry maps an even/odd pair of virtual pages (VPN2) of one size (PageMask,
 * 4 KiB .. 16 MiB) to two physical frames (EntryLo0 for the even page,
 * EntryLo1 for the odd one).  An entry matches an address when the VPN2 bits
 * above the page mask agree and either the entry is global (G) or its ASID
 * equals the current ASID (EntryHi.ASID).
 *
 * This module is pure data structure: it knows nothing of CP0, exceptions or
 * memory.  The CPU copies CP0 registers into a struct tlb_entry for tlbwi,
 * and mmu/ calls tlb_lookup() on each translation-cache miss.
 *
 * Two entries that match the same address are undefined on real hardware
 * (the R4000 may even be damaged).  trapeze refuses such a write:
 * tlb_write() returns the index of the entry it would collide with, and the
 * CPU raises a Machine Check, as a 4Kc does.
 */
#ifndef TRAPEZE_TLB_H
#define TRAPEZE_TLB_H

#include <stdbool.h>
#include <stdint.h>

#define TLB_MIN_ENTRIES 16
#define TLB_MAX_ENTRIES 64
#define TLB_DEFAULT_ENTRIES 32

/* EntryLo bit layout (MIPS32 PRA). */
#define ENTRYLO_G       0x00000001u
#define ENTRYLO_V       0x00000002u
#define ENTRYLO_D       0x00000004u
#define ENTRYLO_C_SHIFT 3
#define ENTRYLO_C_MASK  0x00000038u
#define ENTRYLO_PFN_SHIFT 6
#define ENTRYLO_PFN_MASK  0x03FFFFC0u   /* PFN bits 25..6 -> PA bits 31..12 */
#define ENTRYLO_WRITE_MASK 0x03FFFFFFu  /* bits 31..26 read as zero */

/* EntryHi: VPN2 in bits 31..13, ASID in bits 7..0. */
#define ENTRYHI_VPN2_MASK 0xFFFFE000u
#define ENTRYHI_ASID_MASK 0x000000FFu

/* PageMask: Mask in bits 24..13. Legal values are 0, 0x6000, 0x1E000, ...,
 * 0x1FFE000 (4K, 16K, 64K, 256K, 1M, 4M, 16M).  */
#define PAGEMASK_MASK 0x01FFE000u

/* One TLB entry as the architecture describes it (what tlbr reads back). */
struct tlb_entry {
    uint32_t pagemask;  /* PageMask register image */
    uint32_t entryhi;   /* VPN2 | ASID (bits 12..8 zero) */
    uint32_t entrylo0;  /* even page; G bit is the AND of both G bits */
    uint32_t entrylo1;  /* odd page */
};

struct tlb;

/* The result of a successful match. */
struct tlb_match {
    int index;          /* which entry matched */
    uint32_t entrylo;   /* the EntryLo of the half that covers the address */
    uint32_t paddr;     /* physical address (valid only if V) */
    uint32_t page_size; /* bytes in one page of the pair */
};

struct tlb *tlb_new(unsigned nentries);   /* NULL if nentries out of range */
void tlb_free(struct tlb *t);
unsigned tlb_size(const struct tlb *t);

/* Reset every entry to an unmatchable state: invalid, distinct VPN2s in
 * kseg0 (which is never translated), so a later write cannot collide. */
void tlb_reset(struct tlb *t);

/* Normalize a CP0 image into an entry: masks reserved bits, ANDs the G bits
 * and clears VPN2 bits covered by PageMask.  Both tlb_write and tests use it. */
struct tlb_entry tlb_make_entry(uint32_t pagemask, uint32_t entryhi,
                                uint32_t entrylo0, uint32_t entrylo1);

/* Write entry `index`.  Returns -1 on success.  If the new entry would match
 * an address that another entry (other than `index`) also matches, nothing
 * is written and the index of that other entry is returned. */
int tlb_write(struct tlb *t, unsigned index, const struct tlb_entry *e);

/* Read entry `index` (index < size). */
struct tlb_entry tlb_read(const struct tlb *t, unsigned index);

/* tlbp: the index of the entry matching EntryHi's VPN2 and ASID (or a
 * global entry), or -1 if none does. */
int tlb_probe(const struct tlb *t, uint32_t entryhi);

/* Translate vaddr under `asid`.  Returns false if no entry matches (a TLB
 * refill); otherwise fills *m.  The caller checks V and D in m->entrylo. */
bool tlb_lookup(const struct tlb *t, uint32_t vaddr, uint8_t asid,
                struct tlb_match *m);

/* Page size in bytes for a PageMask value. */
static inline uint32_t tlb_page_size(uint32_t pagemask)
{
    return (((pagemask & PAGEMASK_MASK) | 0x1FFFu) + 1u) >> 1;
}

#endif
