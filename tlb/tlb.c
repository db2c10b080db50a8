/*
 * tlb.c -- the joint TLB of a MIPS32 CPU (see tlb.h for the architecture).
 *
 * Design
 * ------
 * The TLB keeps two views of every entry:
 *
 *   - the architectural image (struct tlb_entry), exactly what tlbr must
 *     read back: PageMask, EntryHi, EntryLo0, EntryLo1 after the
 *     normalization of tlb_make_entry();
 *
 *   - a precomputed *match key* and *match mask*, so that deciding whether
 *     an entry matches (VPN2, ASID) is one XOR, one AND and one compare:
 *
 *         probe = (vaddr & VPN2 bits) | asid
 *         match  <=>  ((probe ^ key) & mask) == 0
 *
 *     The mask holds the VPN2 bits *not* covered by PageMask, plus the ASID
 *     bits unless the entry is global, in which case the ASID is simply not
 *     compared.  The key is the entry's EntryHi restricted to that mask.
 *
 * With at most 64 entries a linear scan over two small arrays is fast
 * enough: mmu/ caches translations per page, so tlb_lookup() runs only on
 * a translation-cache miss.
 *
 * No two entries may match the same address (tlb_write refuses the write
 * and reports the collision; the CPU turns that into a Machine Check).
 * Because of that invariant, the first match of a scan is the only one.
 *
 * PageMask values that are not one of the seven legal sizes are UNDEFINED
 * in the architecture.  trapeze gives them a definite meaning, chosen so
 * that every stored entry has a legal, contiguous mask (which keeps the
 * overlap test and tlb_page_size() exact): the mask bits are taken in
 * pairs from bit 13 upwards (14:13, 16:15, ... 24:23), as a 4Kc implements
 * them, and the entry's mask is the run of *complete* pairs starting at
 * bit 13.  So 0x2000 (half a pair) becomes 0 (4 KiB), 0x7000 becomes
 * 0x6000 (16 KiB), and 0x18000 (a pair with a hole below it) becomes 0.
 * tlbr reads back that normalized mask.
 */
#include "tlb.h"

#include <assert.h>
#include <stdlib.h>

struct tlb {
    unsigned nentries;
    /* What tlbr reads back. */
    struct tlb_entry arch[TLB_MAX_ENTRIES];
    /* Precomputed for matching (see the comment at the top). */
    uint32_t match_key[TLB_MAX_ENTRIES];
    uint32_t match_mask[TLB_MAX_ENTRIES];
};

/* The seven legal PageMask values, smallest page first. */
static const uint32_t legal_pagemasks[] = {
    0x00000000u,    /*   4 KiB */
    0x00006000u,    /*  16 KiB */
    0x0001E000u,    /*  64 KiB */
    0x0007E000u,    /* 256 KiB */
    0x001FE000u,    /*   1 MiB */
    0x007FE000u,    /*   4 MiB */
    0x01FFE000u,    /*  16 MiB */
};

/* The largest legal mask all of whose bits are set in `pagemask`. */
static uint32_t normalize_pagemask(uint32_t pagemask)
{
    uint32_t result = 0;
    for (size_t i = 0; i < sizeof legal_pagemasks / sizeof legal_pagemasks[0];
         i++) {
        if ((pagemask & legal_pagemasks[i]) == legal_pagemasks[i])
            result = legal_pagemasks[i];
        else
            break;
    }
    return result;
}

/* Is the entry global (both EntryLo G bits, already ANDed, are set)? */
static bool entry_is_global(const struct tlb_entry *e)
{
    return (e->entrylo0 & ENTRYLO_G) != 0;
}

/* The VPN2 bits that take part in the comparison for this entry. */
static uint32_t entry_vpn2_compare_mask(const struct tlb_entry *e)
{
    return ENTRYHI_VPN2_MASK & ~e->pagemask;
}

static uint32_t entry_asid(const struct tlb_entry *e)
{
    return e->entryhi & ENTRYHI_ASID_MASK;
}

/* Recompute the match key and mask of slot `i` from its image. */
static void precompute_match(struct tlb *t, unsigned i)
{
    const struct tlb_entry *e = &t->arch[i];
    uint32_t mask = entry_vpn2_compare_mask(e);
    if (!entry_is_global(e))
        mask |= ENTRYHI_ASID_MASK;
    t->match_mask[i] = mask;
    t->match_key[i] = e->entryhi & mask;
}

/* Index of the entry matching (VPN2 of vaddr, asid), or -1. */
static int find_match(const struct tlb *t, uint32_t vaddr, uint8_t asid)
{
    uint32_t probe = (vaddr & ENTRYHI_VPN2_MASK) | asid;
    for (unsigned i = 0; i < t->nentries; i++) {
        if (((probe ^ t->match_key[i]) & t->match_mask[i]) == 0)
            return (int)i;
    }
    return -1;
}

/*
 * Could some address be matched by both a and b?  Their ASID conditions
 * can both hold if either is global or their ASIDs are equal; their VPN2
 * ranges intersect if they agree above the larger of the two masks (the
 * masks are contiguous, so the AND of the compare masks is the smaller set
 * of compared bits).
 */
static bool entries_overlap(const struct tlb_entry *a,
                            const struct tlb_entry *b)
{
    bool asids_can_both_match = entry_is_global(a) || entry_is_global(b) ||
                                entry_asid(a) == entry_asid(b);
    if (!asids_can_both_match)
        return false;
    uint32_t common = entry_vpn2_compare_mask(a) & entry_vpn2_compare_mask(b);
    return ((a->entryhi ^ b->entryhi) & common) == 0;
}

struct tlb *tlb_new(unsigned nentries)
{
    if (nentries < TLB_MIN_ENTRIES || nentries > TLB_MAX_ENTRIES)
        return NULL;
    struct tlb *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    t->nentries = nentries;
    tlb_reset(t);
    return t;
}

void tlb_free(struct tlb *t)
{
    free(t);
}

unsigned tlb_size(const struct tlb *t)
{
    return t->nentries;
}

void tlb_reset(struct tlb *t)
{
    for (unsigned i = 0; i < t->nentries; i++) {
        /* kseg0 is never translated, so these never match a lookup, and
         * each has its own VPN2, so they never collide with each other. */
        t->arch[i] = tlb_make_entry(0, 0x80000000u + i * 0x2000u, 0, 0);
        precompute_match(t, i);
    }
}

struct tlb_entry tlb_make_entry(uint32_t pagemask, uint32_t entryhi,
                                uint32_t entrylo0, uint32_t entrylo1)
{
    struct tlb_entry e;
    e.pagemask = normalize_pagemask(pagemask & PAGEMASK_MASK);

    /* VPN2 bits under the mask are not stored; bits 12..8 do not exist. */
    uint32_t vpn2 = entryhi & ENTRYHI_VPN2_MASK & ~e.pagemask;
    e.entryhi = vpn2 | (entryhi & ENTRYHI_ASID_MASK);

    /* One G bit per entry: the AND of both, read back in both. */
    uint32_t global = entrylo0 & entrylo1 & ENTRYLO_G;
    e.entrylo0 = (entrylo0 & ENTRYLO_WRITE_MASK & ~ENTRYLO_G) | global;
    e.entrylo1 = (entrylo1 & ENTRYLO_WRITE_MASK & ~ENTRYLO_G) | global;
    return e;
}

int tlb_write(struct tlb *t, unsigned index, const struct tlb_entry *e)
{
    assert(index < t->nentries);
    /* Normalize again: a caller may hand us a raw image. */
    struct tlb_entry entry = tlb_make_entry(e->pagemask, e->entryhi,
                                            e->entrylo0, e->entrylo1);
    for (unsigned i = 0; i < t->nentries; i++) {
        if (i != index && entries_overlap(&entry, &t->arch[i]))
            return (int)i;
    }
    t->arch[index] = entry;
    precompute_match(t, index);
    return -1;
}

struct tlb_entry tlb_read(const struct tlb *t, unsigned index)
{
    assert(index < t->nentries);
    return t->arch[index];
}

int tlb_probe(const struct tlb *t, uint32_t entryhi)
{
    return find_match(t, entryhi, (uint8_t)(entryhi & ENTRYHI_ASID_MASK));
}

bool tlb_lookup(const struct tlb *t, uint32_t vaddr, uint8_t asid,
                struct tlb_match *m)
{
    int index = find_match(t, vaddr, asid);
    if (index < 0)
        return false;

    const struct tlb_entry *e = &t->arch[index];
    uint32_t page_size = tlb_page_size(e->pagemask);
    /* The bit just above the page offset picks the even or odd page. */
    uint32_t entrylo = (vaddr & page_size) ? e->entrylo1 : e->entrylo0;
    uint32_t pfn = (entrylo & ENTRYLO_PFN_MASK) >> ENTRYLO_PFN_SHIFT;
    uint32_t offset_mask = page_size - 1;

    m->index = index;
    m->entrylo = entrylo;
    m->page_size = page_size;
    /* For a large page the PFN bits below the page size are ignored. */
    m->paddr = ((pfn << 12) & ~offset_mask) | (vaddr & offset_mask);
    return true;
}
