/*
 * test_tlb.c -- unit tests of the joint TLB (tlb/tlb.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tlb/tlb.h"

/* EntryLo for a frame at physical address pa with the given flag bits. */
static uint32_t lo(uint32_t pa, uint32_t flags)
{
    return ((pa >> 12) << ENTRYLO_PFN_SHIFT) | flags;
}

#define VDG (ENTRYLO_V | ENTRYLO_D | ENTRYLO_G)
#define VD  (ENTRYLO_V | ENTRYLO_D)
#define CACHED (3u << ENTRYLO_C_SHIFT)

static int setup(void **state)
{
    struct tlb *t = tlb_new(TLB_DEFAULT_ENTRIES);
    if (t == NULL)
        return -1;
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    tlb_free(*state);
    return 0;
}

/* Write and insist it succeeded. */
static void must_write(struct tlb *t, unsigned index, uint32_t pagemask,
                       uint32_t entryhi, uint32_t lo0, uint32_t lo1)
{
    struct tlb_entry e = tlb_make_entry(pagemask, entryhi, lo0, lo1);
    assert_int_equal(tlb_write(t, index, &e), -1);
}

/* ---- construction ------------------------------------------------------ */

static void test_new_rejects_bad_sizes(void **state)
{
    (void)state;
    assert_null(tlb_new(0));
    assert_null(tlb_new(TLB_MIN_ENTRIES - 1));
    assert_null(tlb_new(TLB_MAX_ENTRIES + 1));

    struct tlb *small = tlb_new(TLB_MIN_ENTRIES);
    struct tlb *big = tlb_new(TLB_MAX_ENTRIES);
    assert_non_null(small);
    assert_non_null(big);
    assert_int_equal(tlb_size(small), TLB_MIN_ENTRIES);
    assert_int_equal(tlb_size(big), TLB_MAX_ENTRIES);
    tlb_free(small);
    tlb_free(big);
}

static void test_reset_state(void **state)
{
    struct tlb *t = *state;
    assert_int_equal(tlb_size(t), TLB_DEFAULT_ENTRIES);
    for (unsigned i = 0; i < tlb_size(t); i++) {
        struct tlb_entry e = tlb_read(t, i);
        assert_int_equal(e.pagemask, 0);
        assert_int_equal(e.entryhi, 0x80000000u + i * 0x2000u);
        assert_int_equal(e.entrylo0, 0);
        assert_int_equal(e.entrylo1, 0);
    }
    /* Nothing in kuseg/ksseg/kseg3 matches, for any ASID. */
    struct tlb_match m;
    assert_false(tlb_lookup(t, 0x00000000u, 0, &m));
    assert_false(tlb_lookup(t, 0x7FFFF000u, 0, &m));
    assert_false(tlb_lookup(t, 0xC0000000u, 0, &m));
    assert_false(tlb_lookup(t, 0xE0000000u, 255, &m));
    /* Probing a reset VPN2 finds exactly that entry. */
    assert_int_equal(tlb_probe(t, 0x80000000u + 5 * 0x2000u), 5);
    assert_int_equal(tlb_probe(t, 0x80000000u + 5 * 0x2000u + 1), -1);

    /* Reset after use forgets what was written. */
    must_write(t, 3, 0, 0x00400000u, lo(0x1000, VD), lo(0x2000, VD));
    assert_true(tlb_lookup(t, 0x00400000u, 0, &m));
    tlb_reset(t);
    assert_false(tlb_lookup(t, 0x00400000u, 0, &m));
    assert_int_equal(tlb_read(t, 3).entryhi, 0x80006000u);
}

/* Every entry may be rewritten in place with its own reset value and with
 * any kuseg mapping: reset entries never collide with each other. */
static void test_reset_entries_never_collide(void **state)
{
    struct tlb *t = *state;
    for (unsigned i = 0; i < tlb_size(t); i++) {
        struct tlb_entry e = tlb_read(t, i);
        assert_int_equal(tlb_write(t, i, &e), -1);
    }
    for (unsigned i = 0; i < tlb_size(t); i++)
        must_write(t, i, 0, i * 0x2000u, lo(i * 0x2000u, VD), 0);
}

/* ---- normalization (tlb_make_entry / tlb_read) ---------------------------- */

static void test_make_entry_masks_reserved_bits(void **state)
{
    struct tlb *t = *state;
    struct tlb_entry e = tlb_make_entry(0x6000u, 0x12345FFFu,
                                        0xFFFFFFFEu, 0xFC000007u);
    /* 16 KiB pages: VPN2 bits 14..13 are under the mask, and EntryHi
     * bits 12..8 do not exist. */
    assert_int_equal(e.pagemask, 0x6000u);
    assert_int_equal(e.entryhi, 0x12340000u | 0xFFu);
    /* Bits 31..26 read as zero; G = G0 AND G1 = 0 in both halves. */
    assert_int_equal(e.entrylo0, 0x03FFFFFEu);
    assert_int_equal(e.entrylo1, 0x00000006u);

    assert_int_equal(tlb_write(t, 7, &e), -1);
    struct tlb_entry r = tlb_read(t, 7);
    assert_int_equal(r.pagemask, e.pagemask);
    assert_int_equal(r.entryhi, e.entryhi);
    assert_int_equal(r.entrylo0, e.entrylo0);
    assert_int_equal(r.entrylo1, e.entrylo1);
}

static void test_global_bit_is_and_of_both(void **state)
{
    struct tlb *t = *state;
    must_write(t, 0, 0, 0x00010000u, lo(0, ENTRYLO_G | ENTRYLO_V),
               lo(0x1000, ENTRYLO_V));
    struct tlb_entry r = tlb_read(t, 0);
    assert_int_equal(r.entrylo0 & ENTRYLO_G, 0);
    assert_int_equal(r.entrylo1 & ENTRYLO_G, 0);

    must_write(t, 1, 0, 0x00020000u, lo(0, ENTRYLO_G), lo(0, ENTRYLO_G));
    r = tlb_read(t, 1);
    assert_int_equal(r.entrylo0 & ENTRYLO_G, ENTRYLO_G);
    assert_int_equal(r.entrylo1 & ENTRYLO_G, ENTRYLO_G);
}

/* tlb_write normalizes a raw image too: tlbr never shows masked VPN2 bits. */
static void test_write_normalizes_raw_image(void **state)
{
    struct tlb *t = *state;
    struct tlb_entry raw = {
        .pagemask = 0xFFFFFFFFu,        /* 16 MiB after masking */
        .entryhi = 0xC1FFFFFFu,
        .entrylo0 = 0xFFFFFFFFu,
        .entrylo1 = 0xFFFFFFFEu,
    };
    assert_int_equal(tlb_write(t, 2, &raw), -1);
    struct tlb_entry r = tlb_read(t, 2);
    assert_int_equal(r.pagemask, 0x01FFE000u);
    assert_int_equal(r.entryhi, 0xC0000000u | 0xFFu);
    assert_int_equal(r.entrylo0, 0x03FFFFFEu);
    assert_int_equal(r.entrylo1, 0x03FFFFFEu);
}

/* Illegal PageMask values become the run of complete bit pairs from 13. */
static void test_illegal_pagemask_normalized(void **state)
{
    (void)state;
    assert_int_equal(tlb_make_entry(0x00002000u, 0, 0, 0).pagemask, 0);
    assert_int_equal(tlb_make_entry(0x00004000u, 0, 0, 0).pagemask, 0);
    assert_int_equal(tlb_make_entry(0x0000E000u, 0, 0, 0).pagemask, 0x6000u);
    assert_int_equal(tlb_make_entry(0x00018000u, 0, 0, 0).pagemask, 0);
    assert_int_equal(tlb_make_entry(0x001DE000u, 0, 0, 0).pagemask, 0x1E000u);
    assert_int_equal(tlb_make_entry(0xFFFFE000u, 0, 0, 0).pagemask,
                     0x01FFE000u);
}

/* ---- matching ---------------------------------------------------------- */

static void test_match_by_asid(void **state)
{
    struct tlb *t = *state;
    must_write(t, 4, 0, 0x00400000u | 7, lo(0x00123000u, VD | CACHED),
               lo(0x00456000u, VD));
    struct tlb_match m;

    assert_true(tlb_lookup(t, 0x00400abcu, 7, &m));
    assert_int_equal(m.index, 4);
    assert_int_equal(m.paddr, 0x00123abcu);
    assert_int_equal(m.page_size, 0x1000u);
    assert_int_equal(m.entrylo, lo(0x00123000u, VD | CACHED));

    assert_false(tlb_lookup(t, 0x00400abcu, 6, &m));
    assert_false(tlb_lookup(t, 0x00400abcu, 0, &m));
    assert_false(tlb_lookup(t, 0x00404000u, 7, &m));     /* next pair */
}

static void test_match_global_any_asid(void **state)
{
    struct tlb *t = *state;
    must_write(t, 9, 0, 0x10000000u | 3, lo(0x00200000u, VDG),
               lo(0x00300000u, VDG));
    struct tlb_match m;
    for (unsigned asid = 0; asid < 256; asid += 51) {
        assert_true(tlb_lookup(t, 0x10001004u, (uint8_t)asid, &m));
        assert_int_equal(m.index, 9);
        assert_int_equal(m.paddr, 0x00300004u);
    }
}

static void test_even_odd_halves(void **state)
{
    struct tlb *t = *state;
    must_write(t, 0, 0, 0x00002000u, lo(0x00AAA000u, VD),
               lo(0x00BBB000u, ENTRYLO_V));
    struct tlb_match m;
    assert_true(tlb_lookup(t, 0x00002010u, 0, &m));
    assert_int_equal(m.paddr, 0x00AAA010u);
    assert_true((m.entrylo & ENTRYLO_D) != 0);

    assert_true(tlb_lookup(t, 0x00003ff0u, 0, &m));
    assert_int_equal(m.paddr, 0x00BBBff0u);
    assert_int_equal(m.entrylo & ENTRYLO_D, 0);
    assert_int_equal(m.index, 0);
}

/* Every legal page size: the right half, the right offset, and low PFN bits
 * below the page size ignored. */
static void test_every_page_size(void **state)
{
    struct tlb *t = *state;
    static const uint32_t masks[] = {
        0x00000000u, 0x00006000u, 0x0001E000u, 0x0007E000u,
        0x001FE000u, 0x007FE000u, 0x01FFE000u,
    };
    for (unsigned i = 0; i < sizeof masks / sizeof masks[0]; i++) {
        uint32_t size = tlb_page_size(masks[i]);
        assert_int_equal(size, 0x1000u << (2 * i));

        uint32_t vbase = 0x40000000u;           /* aligned for every size */
        uint32_t even_pa = 0x04000000u;         /* aligned for every size */
        uint32_t odd_pa = 0x08000000u;
        /* Junk in the PFN bits below the page size must be ignored. */
        uint32_t junk = (size - 1) & ~0xFFFu;
        tlb_reset(t);
        must_write(t, 1, masks[i], vbase | 0x42,
                   lo(even_pa | junk, VD), lo(odd_pa | junk, VD));

        struct tlb_match m;
        uint32_t last = size - 4;
        assert_true(tlb_lookup(t, vbase + 0, 0x42, &m));
        assert_int_equal(m.page_size, size);
        assert_int_equal(m.paddr, even_pa);
        assert_true(tlb_lookup(t, vbase + last, 0x42, &m));
        assert_int_equal(m.paddr, even_pa + last);
        assert_true(tlb_lookup(t, vbase + size, 0x42, &m));
        assert_int_equal(m.paddr, odd_pa);
        assert_true(tlb_lookup(t, vbase + size + last, 0x42, &m));
        assert_int_equal(m.paddr, odd_pa + last);

        assert_false(tlb_lookup(t, vbase + 2 * size, 0x42, &m));
        assert_false(tlb_lookup(t, vbase - 4, 0x42, &m));
        assert_false(tlb_lookup(t, vbase, 0x41, &m));

        /* tlbr: VPN2 bits under the mask read as zero. */
        must_write(t, 1, masks[i], (vbase + size + 0x1000u) | 0x42,
                   lo(even_pa, VD), lo(odd_pa, VD));
        struct tlb_entry r = tlb_read(t, 1);
        assert_int_equal(r.pagemask, masks[i]);
        uint32_t expect_vpn2 = (vbase + size + 0x1000u) &
                               ENTRYHI_VPN2_MASK & ~masks[i];
        assert_int_equal(r.entryhi, expect_vpn2 | 0x42);
        /* Only the 4 KiB pair at vbase+0x2000 keeps a bit above vbase. */
        assert_int_equal(r.entryhi & ENTRYHI_VPN2_MASK,
                         size == 0x1000u ? vbase + 0x2000u : vbase);
    }
}

static void test_probe(void **state)
{
    struct tlb *t = *state;
    must_write(t, 11, 0, 0x00800000u | 5, lo(0x1000, VD), lo(0x2000, VD));
    must_write(t, 12, 0x1E000u, 0x01000000u | 9, lo(0, VDG), lo(0x10000, VDG));

    /* Offset bits and the even/odd bit of EntryHi are ignored. */
    assert_int_equal(tlb_probe(t, 0x00800000u | 5), 11);
    assert_int_equal(tlb_probe(t, 0x00801000u | 5), 11);
    assert_int_equal(tlb_probe(t, 0x00800000u | 6), -1);
    assert_int_equal(tlb_probe(t, 0x00802000u | 5), -1);
    /* A global 64 KiB-page entry matches any ASID and any VPN2 in its pair. */
    assert_int_equal(tlb_probe(t, 0x0101E000u | 200), 12);
    assert_int_equal(tlb_probe(t, 0x01000000u), 12);
    assert_int_equal(tlb_probe(t, 0x01020000u), -1);
}

/* ---- collisions ---------------------------------------------------------- */

static void test_collision_same_asid(void **state)
{
    struct tlb *t = *state;
    must_write(t, 0, 0, 0x00400000u | 1, lo(0x1000, VD), lo(0x2000, VD));

    /* Same VPN2 and ASID at another index: refused, entry 0 reported. */
    struct tlb_entry dup = tlb_make_entry(0, 0x00401000u | 1, lo(0x5000, VD), 0);
    assert_int_equal(tlb_write(t, 5, &dup), 0);
    /* Nothing was written. */
    assert_int_equal(tlb_read(t, 5).entryhi, 0x80000000u + 5 * 0x2000u);

    /* Overwriting the same index is fine. */
    assert_int_equal(tlb_write(t, 0, &dup), -1);
    assert_int_equal(tlb_read(t, 0).entrylo0, lo(0x5000, VD));

    /* A different ASID does not collide. */
    must_write(t, 5, 0, 0x00400000u | 2, lo(0x3000, VD), 0);
    /* An invalid entry still collides (it still matches on a 4Kc). */
    struct tlb_entry inv = tlb_make_entry(0, 0x00400000u | 2, 0, 0);
    assert_int_equal(tlb_write(t, 6, &inv), 5);
}

static void test_collision_global_vs_asid(void **state)
{
    struct tlb *t = *state;
    must_write(t, 2, 0, 0x00600000u | 1, lo(0x1000, VD), lo(0x2000, VD));

    /* A global entry over the same pair collides whatever its ASID. */
    struct tlb_entry g = tlb_make_entry(0, 0x00600000u | 77, lo(0, VDG),
                                        lo(0, VDG));
    assert_int_equal(tlb_write(t, 3, &g), 2);

    /* And the other way round: a new ASID entry collides with a global. */
    must_write(t, 8, 0, 0x00700000u, lo(0, VDG), lo(0, VDG));
    struct tlb_entry a = tlb_make_entry(0, 0x00700000u | 200, lo(0, VD), 0);
    assert_int_equal(tlb_write(t, 9, &a), 8);
    /* G only if *both* halves say so: this one is not global. */
    struct tlb_entry half_g = tlb_make_entry(0, 0x00600000u | 77,
                                             lo(0, VDG), lo(0, VD));
    assert_int_equal(tlb_write(t, 3, &half_g), -1);
}

static void test_collision_big_page_over_small(void **state)
{
    struct tlb *t = *state;
    /* A small pair somewhere inside a 1 MiB-page pair (2 MiB of VA). */
    must_write(t, 20, 0, 0x00A36000u | 4, lo(0x1000, VD), lo(0x2000, VD));

    struct tlb_entry big = tlb_make_entry(0x001FE000u, 0x00A00000u | 4,
                                          lo(0, VD), lo(0x100000, VD));
    assert_int_equal(tlb_write(t, 21, &big), 20);

    /* The same big entry beside it does not collide ... */
    struct tlb_entry beside = tlb_make_entry(0x001FE000u, 0x00C00000u | 4,
                                             lo(0, VD), lo(0x100000, VD));
    assert_int_equal(tlb_write(t, 21, &beside), -1);
    /* ... and a small entry inside the big one, written later, does. */
    struct tlb_entry small = tlb_make_entry(0, 0x00DFE000u | 4, lo(0, VD), 0);
    assert_int_equal(tlb_write(t, 22, &small), 21);
    /* Unless the ASIDs differ and neither is global. */
    struct tlb_entry other = tlb_make_entry(0, 0x00DFE000u | 5, lo(0, VD), 0);
    assert_int_equal(tlb_write(t, 22, &other), -1);
}

/* ---- differential tests against a plain reference model ------------------ */

/*
 * tlb.c finds entries through a hash index.  These tests check it against
 * the obvious definition, written here over tlb_read() images: a linear
 * scan that returns the *lowest* matching (or colliding) index.
 */

/* The seven legal PageMask values, 4 KiB .. 16 MiB. */
static const uint32_t legal_masks[] = {
    0x00000000u, 0x00006000u, 0x0001E000u, 0x0007E000u,
    0x001FE000u, 0x007FE000u, 0x01FFE000u,
};

/* The mask normalization as first written: try the legal masks in turn. */
static uint32_t ref_normalize_pagemask(uint32_t pagemask)
{
    uint32_t result = 0;
    for (unsigned i = 0; i < 7; i++) {
        if ((pagemask & legal_masks[i]) != legal_masks[i])
            break;
        result = legal_masks[i];
    }
    return result;
}

static void test_normalize_every_pagemask(void **state)
{
    (void)state;
    /* Every combination of the 12 mask bits, plus junk outside them. */
    for (uint32_t bits = 0; bits < 0x1000u; bits++) {
        uint32_t pagemask = (bits << 13) | 0xFE001FFFu;
        struct tlb_entry e = tlb_make_entry(pagemask, 0, 0, 0);
        assert_int_equal(e.pagemask,
                         ref_normalize_pagemask(pagemask & PAGEMASK_MASK));
    }
}

static bool ref_matches(const struct tlb_entry *e, uint32_t vaddr,
                        uint8_t asid)
{
    uint32_t compare = ENTRYHI_VPN2_MASK & ~e->pagemask;
    bool global = (e->entrylo0 & ENTRYLO_G) != 0;
    return ((vaddr ^ e->entryhi) & compare) == 0 &&
           (global || (e->entryhi & ENTRYHI_ASID_MASK) == asid);
}

static int ref_find(const struct tlb *t, uint32_t vaddr, uint8_t asid)
{
    for (unsigned i = 0; i < tlb_size(t); i++) {
        struct tlb_entry e = tlb_read(t, i);
        if (ref_matches(&e, vaddr, asid))
            return (int)i;
    }
    return -1;
}

static bool ref_overlap(const struct tlb_entry *a, const struct tlb_entry *b)
{
    bool ga = (a->entrylo0 & ENTRYLO_G) != 0;
    bool gb = (b->entrylo0 & ENTRYLO_G) != 0;
    bool same_asid = ((a->entryhi ^ b->entryhi) & ENTRYHI_ASID_MASK) == 0;
    uint32_t common = ENTRYHI_VPN2_MASK & ~a->pagemask & ~b->pagemask;
    return (ga || gb || same_asid) &&
           ((a->entryhi ^ b->entryhi) & common) == 0;
}

static int ref_clash(const struct tlb *t, unsigned index,
                     const struct tlb_entry *e)
{
    for (unsigned i = 0; i < tlb_size(t); i++) {
        struct tlb_entry other = tlb_read(t, i);
        if (i != index && ref_overlap(e, &other))
            return (int)i;
    }
    return -1;
}

/* A small deterministic generator (xorshift32). */
static uint32_t rnd(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* An address near a few hot spots, so that entries often meet. */
static uint32_t rnd_vaddr(uint32_t *s)
{
    static const uint32_t bases[] = {
        0x00000000u, 0x00400000u, 0x10000000u, 0x7FFF0000u,
        0x80000000u, 0xC0000000u, 0x41000000u, 0xFF000000u,
    };
    uint32_t base = bases[rnd(s) % 8];
    return base + (rnd(s) % 4 == 0 ? rnd(s) : rnd(s) % 0x40000u);
}

static struct tlb_entry rnd_entry(uint32_t *s)
{
    /* Mostly 4 KiB pages, some of every size, some illegal masks. */
    uint32_t r = rnd(s) % 16;
    uint32_t pagemask = r < 8 ? 0 : r < 15 ? legal_masks[r - 8] : rnd(s);
    uint32_t asid = rnd(s) % 4;
    uint32_t g = rnd(s) % 5 == 0 ? ENTRYLO_G : 0;
    return tlb_make_entry(pagemask, rnd_vaddr(s) | asid,
                          lo(rnd(s) << 12, VD | g), lo(rnd(s) << 12, VD | g));
}

/* Compare 64 random lookups and probes; returns how many hit. */
static unsigned check_lookups_agree(const struct tlb *t, uint32_t *s)
{
    unsigned hits = 0;
    for (unsigned k = 0; k < 64; k++) {
        /* Half near some entry's own pair, half anywhere. */
        struct tlb_entry near = tlb_read(t, rnd(s) % tlb_size(t));
        uint32_t vaddr = k % 2 ? rnd_vaddr(s)
                               : (near.entryhi & ENTRYHI_VPN2_MASK) +
                                 rnd(s) % (4 * tlb_page_size(near.pagemask));
        uint8_t asid = k % 4 == 0 ? (uint8_t)(near.entryhi & ENTRYHI_ASID_MASK)
                                  : (uint8_t)(rnd(s) % 5);
        int expect = ref_find(t, vaddr, asid);
        struct tlb_match m;
        bool hit = tlb_lookup(t, vaddr, asid, &m);
        assert_int_equal(hit, expect >= 0);
        if (hit)
            assert_int_equal(m.index, expect);
        assert_int_equal(tlb_probe(t, (vaddr & ~ENTRYHI_ASID_MASK) | asid),
                         expect);
        hits += hit;
    }
    return hits;
}

static void test_matches_reference_model(void **state)
{
    (void)state;
    static const unsigned sizes[] = {
        TLB_MIN_ENTRIES, 32, 48, TLB_MAX_ENTRIES,
    };
    uint32_t seed = 0x12345678u;
    unsigned clashes = 0, writes = 0, hits = 0;
    for (unsigned n = 0; n < sizeof sizes / sizeof sizes[0]; n++) {
        struct tlb *t = tlb_new(sizes[n]);
        assert_non_null(t);
        for (unsigned step = 0; step < 4000; step++) {
            if (step % 1000 == 999)
                tlb_reset(t);
            unsigned index = rnd(&seed) % sizes[n];
            struct tlb_entry e = rnd_entry(&seed);
            struct tlb_entry before = tlb_read(t, index);
            int expect = ref_clash(t, index, &e);
            assert_int_equal(tlb_write(t, index, &e), expect);
            struct tlb_entry after = tlb_read(t, index);
            const struct tlb_entry *want = expect < 0 ? &e : &before;
            assert_memory_equal(&after, want, sizeof after);
            if (expect < 0)
                writes++;
            else
                clashes++;
            if (step % 8 == 0)
                hits += check_lookups_agree(t, &seed);
        }
        tlb_free(t);
    }
    /* The generator must exercise both outcomes. */
    assert_true(writes > 1000);
    assert_true(clashes > 1000);
    assert_true(hits > 5000);
    print_message("%u writes, %u clashes, %u lookup hits\n", writes, clashes,
                  hits);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_rejects_bad_sizes),
        cmocka_unit_test_setup_teardown(test_reset_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reset_entries_never_collide,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_make_entry_masks_reserved_bits,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_global_bit_is_and_of_both,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_normalizes_raw_image,
                                        setup, teardown),
        cmocka_unit_test(test_illegal_pagemask_normalized),
        cmocka_unit_test_setup_teardown(test_match_by_asid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_match_global_any_asid, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_even_odd_halves, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_page_size, setup, teardown),
        cmocka_unit_test_setup_teardown(test_probe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_collision_same_asid, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_collision_global_vs_asid, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_collision_big_page_over_small,
                                        setup, teardown),
        cmocka_unit_test(test_normalize_every_pagemask),
        cmocka_unit_test(test_matches_reference_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
