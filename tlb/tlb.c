/*
 * tlb.c -- the joint TLB of a MIPS32 CPU (see tlb.h for the architecture).
 *
 * Design
 * ------
 * The TLB keeps three views of every entry:
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
 *   - an *index*: a small hash table per page size that says, for an
 *     address, which few entries could possibly match it.
 *
 * Why an index?  Hardware compares all entries at once; software that
 * compares them one by one pays for every entry on every lookup.  The
 * monitor looks up two TLBs (the guest's virtual one and the real one) on
 * every shadow fill, and tlb_write must check the new entry against all
 * others for a collision, so a 32-entry scan was a visible cost.
 *
 * The index exploits that an entry of page size S only matches addresses
 * whose VPN2 bits above S equal its own.  For each of the seven sizes we
 * hash those bits (the *pair number*, vaddr >> (13 + 2 * size class)) into
 * one of TLB_BUCKETS buckets.  A bucket is not a list but a *set of entry
 * indices* held in a 64-bit word: bit i set means "entry i hashes here".
 * A lookup ORs together one bucket per page size in use and then tests only
 * the entries in that candidate set, lowest index first.
 *
 * The candidate set is a superset of the matching entries (hashing can
 * only add strangers, never lose a match), and it is tested in ascending
 * index order, so the result is exactly that of the plain scan "first
 * entry i = 0, 1, 2 ... that matches".  No two entries may match the same
 * address anyway (tlb_write refuses the write and reports the collision;
 * the CPU turns that into a Machine Check), so there is at most one match.
 *
 * PageMask values that are not one of the seven legal sizes are UNDEFINED
 * in the architecture.  trapeze gives them a definite meaning, chosen so
 * that every stored entry has a legal, contiguous mask (which keeps the
 * overlap test, the index and tlb_page_size() exact): the mask bits are
 * taken in pairs from bit 13 upwards (14:13, 16:15, ... 24:23), as a 4Kc
 * implements them, and the entry's mask is the run of *complete* pairs
 * starting at bit 13.  So 0x2000 (half a pair) becomes 0 (4 KiB), 0x7000
 * becomes 0x6000 (16 KiB), and 0x18000 (a pair with a hole below it)
 * becomes 0.  tlbr reads back that normalized mask.
 */
#include "tlb.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* Page sizes 4 KiB, 16 KiB, ... 16 MiB are size classes 0 .. 6. */
#define TLB_SIZE_CLASSES 7
/* Buckets per size class (a power of two; one per possible entry). */
#define TLB_BUCKET_BITS 6
#define TLB_BUCKETS (1u << TLB_BUCKET_BITS)

/* A set of entry indices: bit i stands for entry i (TLB_MAX_ENTRIES <= 64). */
typedef uint64_t entry_set;
_Static_assert(TLB_MAX_ENTRIES <= 64, "an entry_set must hold every index");

struct tlb {
    unsigned nentries;
    /* What tlbr reads back. */
    struct tlb_entry arch[TLB_MAX_ENTRIES];
    /* Precomputed for matching (see the comment at the top). */
    uint32_t match_key[TLB_MAX_ENTRIES];
    uint32_t match_mask[TLB_MAX_ENTRIES];
    uint8_t size_class[TLB_MAX_ENTRIES];
    /* The index: which entries hash to each bucket, which entries have
     * each page size, and (bit c) which size classes have any entry. */
    entry_set bucket[TLB_SIZE_CLASSES][TLB_BUCKETS];
    entry_set with_size[TLB_SIZE_CLASSES];
    unsigned sizes_in_use;
};

/* ---- entry sets ---------------------------------------------------------- */

static entry_set set_of(unsigned i)
{
    return (entry_set)1 << i;
}

/* The lowest index in a non-empty set (GCC/Clang builtin: count trailing
 * zeros, as cpu/exec.c uses __builtin_clz for CLZ). */
static unsigned set_lowest(entry_set s)
{
    return (unsigned)__builtin_ctzll(s);
}

/* ---- normalization ------------------------------------------------------- */

/*
 * The largest legal mask all of whose bits are set in `pagemask`, i.e. the
 * run of complete bit pairs from bit 13 up (see the top of the file).  The
 * legal masks are 0, 0x6000, 0x1E000, ... 0x1FFE000; rather than trying
 * them one by one we compute the run directly:
 *
 *   bits     the 12 mask bits 24..13 moved down to 11..0 (six pairs);
 *   both     bit 2k set iff pair k (bits 2k and 2k+1) is complete;
 *   run      `both` with every odd bit set, so complete pairs from the
 *            bottom form an unbroken run of ones;
 *   gap      the lowest zero bit of `run` (x + 1 carries through the
 *            trailing ones and stops at the first zero);
 *   gap - 1  the run itself, which we move back up to bit 13.
 *
 * Example: 0xE000 (pair 14:13 complete, half of pair 16:15):
 * bits = 0x7, both = 0x1, run = 0xAAB, gap = 0x4, result 0x3 << 13 = 0x6000.
 */
static uint32_t normalize_pagemask(uint32_t pagemask)
{
    uint32_t bits = (pagemask & PAGEMASK_MASK) >> 13;
    uint32_t both = bits & (bits >> 1) & 0x555u;
    uint32_t run = both | 0xAAAu;
    uint32_t gap = (run + 1) & ~run;
    return (gap - 1) << 13;
}

/* ---- one entry ----------------------------------------------------------- */

/* Is the entry global (both EntryLo G bits, already ANDed, are set)? */
static bool entry_is_global(const struct tlb_entry *e)
{
    return (e->entrylo0 & ENTRYLO_G) != 0;
}

/* The match mask: VPN2 bits above the page size, plus the ASID unless the
 * entry is global. */
static uint32_t entry_match_mask(const struct tlb_entry *e)
{
    uint32_t mask = ENTRYHI_VPN2_MASK & ~e->pagemask;
    if (!entry_is_global(e))
        mask |= ENTRYHI_ASID_MASK;
    return mask;
}

/* Size class 0..6 of a normalized PageMask.  Its mask is 2 * class ones
 * from bit 13 up, so (mask >> 13) + 1 is 2^(2 * class): count its trailing
 * zeros.  (A popcount would say the same, but without a POPCNT instruction
 * in the baseline x86-64 it becomes a library call.) */
static unsigned entry_size_class(const struct tlb_entry *e)
{
    return (unsigned)__builtin_ctz((e->pagemask >> 13) + 1) / 2;
}

/* ---- the index ----------------------------------------------------------- */

/*
 * The bucket, in size class c's table, of every address in the same pair
 * of pages as vaddr.  The pair number is hashed by Fibonacci hashing
 * (multiply by 2^32 / golden ratio, keep the top bits), which spreads both
 * runs of consecutive pages and far-apart regions over the buckets.
 */
static unsigned bucket_of(unsigned c, uint32_t vaddr)
{
    uint32_t pair = vaddr >> (13 + 2 * c);
    return (pair * 0x9E3779B1u) >> (32 - TLB_BUCKET_BITS);
}

static void index_add(struct tlb *t, unsigned i)
{
    unsigned c = t->size_class[i];
    t->bucket[c][bucket_of(c, t->match_key[i])] |= set_of(i);
    t->with_size[c] |= set_of(i);
    t->sizes_in_use |= 1u << c;
}

static void index_remove(struct tlb *t, unsigned i)
{
    unsigned c = t->size_class[i];
    t->bucket[c][bucket_of(c, t->match_key[i])] &= ~set_of(i);
    t->with_size[c] &= ~set_of(i);
    if (t->with_size[c] == 0)
        t->sizes_in_use &= ~(1u << c);
}

/* Store an (already normalized) entry in slot i and index it. */
static void store_entry(struct tlb *t, unsigned i, const struct tlb_entry *e)
{
    t->arch[i] = *e;
    t->match_mask[i] = entry_match_mask(e);
    t->match_key[i] = e->entryhi & t->match_mask[i];
    t->size_class[i] = (uint8_t)entry_size_class(e);
    index_add(t, i);
}

/* Every entry that could match vaddr: one bucket per page size in use. */
static entry_set candidates_for(const struct tlb *t, uint32_t vaddr)
{
    entry_set cand = 0;
    for (unsigned sizes = t->sizes_in_use; sizes != 0; sizes &= sizes - 1) {
        unsigned c = (unsigned)__builtin_ctz(sizes);
        cand |= t->bucket[c][bucket_of(c, vaddr)];
    }
    return cand;
}

/* Index of the entry matching (VPN2 of vaddr, asid), or -1. */
static int find_match(const struct tlb *t, uint32_t vaddr, uint8_t asid)
{
    uint32_t probe = (vaddr & ENTRYHI_VPN2_MASK) | asid;
    for (entry_set cand = candidates_for(t, vaddr); cand != 0;
         cand &= cand - 1) {
        unsigned i = set_lowest(cand);
        if (((probe ^ t->match_key[i]) & t->match_mask[i]) == 0)
            return (int)i;
    }
    return -1;
}

/*
 * Every entry that could overlap a new entry of size class `size` at
 * `vpn2`.  A larger (or equal) page that overlaps it contains it, so it
 * lies in the one bucket of that page's size that holds vpn2.  Smaller
 * pages inside the new one can be in many buckets: take them all.
 */
static entry_set overlap_candidates(const struct tlb *t, unsigned size,
                                    uint32_t vpn2)
{
    entry_set cand = 0;
    for (unsigned sizes = t->sizes_in_use; sizes != 0; sizes &= sizes - 1) {
        unsigned c = (unsigned)__builtin_ctz(sizes);
        if (c >= size)
            cand |= t->bucket[c][bucket_of(c, vpn2)];
        else
            cand |= t->with_size[c];
    }
    return cand;
}

/*
 * The lowest entry other than `index` that could match an address the new
 * entry `e` also matches, or -1.
 *
 * Two entries can both match some address when their ASID conditions can
 * both hold (either is global, or the ASIDs are equal) and their VPN2
 * ranges intersect (they agree above the larger of the two page sizes).
 * With match keys and masks that is a single test: AND the two masks, and
 * compare the keys under the result.  The AND keeps only the VPN2 bits
 * both entries compare (the masks are contiguous, so those are the bits
 * above the larger page), and keeps the ASID bits only when neither entry
 * is global.
 */
static int find_overlap(const struct tlb *t, unsigned index,
                        const struct tlb_entry *e)
{
    uint32_t mask = entry_match_mask(e);
    uint32_t key = e->entryhi & mask;
    entry_set cand = overlap_candidates(t, entry_size_class(e), key) &
                     ~set_of(index);
    for (; cand != 0; cand &= cand - 1) {
        unsigned i = set_lowest(cand);
        if (((key ^ t->match_key[i]) & mask & t->match_mask[i]) == 0)
            return (int)i;
    }
    return -1;
}

/* ---- the interface ------------------------------------------------------- */

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
    memset(t->bucket, 0, sizeof t->bucket);
    memset(t->with_size, 0, sizeof t->with_size);
    t->sizes_in_use = 0;
    for (unsigned i = 0; i < t->nentries; i++) {
        /* kseg0 is never translated, so these never match a lookup, and
         * each has its own VPN2, so they never collide with each other. */
        struct tlb_entry e = tlb_make_entry(0, 0x80000000u + i * 0x2000u,
                                            0, 0);
        store_entry(t, i, &e);
    }
}

struct tlb_entry tlb_make_entry(uint32_t pagemask, uint32_t entryhi,
                                uint32_t entrylo0, uint32_t entrylo1)
{
    struct tlb_entry e;
    e.pagemask = normalize_pagemask(pagemask);

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
    int clash = find_overlap(t, index, &entry);
    if (clash >= 0)
        return clash;
    index_remove(t, index);
    store_entry(t, index, &entry);
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
