/*
 * test_mmu.c -- unit tests of segment translation, the TLB path and the
 * translation cache (mmu/mmu.c), on a real tlb and bus.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "mmu/mmu.h"

/* ---- a fake device -------------------------------------------------------- */

struct fake_device {
    unsigned reads, writes;
    uint32_t last_offset, last_value;
    unsigned last_size;
    uint32_t read_value;
};

static uint32_t fake_read(void *opaque, uint32_t offset, unsigned size)
{
    struct fake_device *d = opaque;
    d->reads++;
    d->last_offset = offset;
    d->last_size = size;
    return d->read_value;
}

static void fake_write(void *opaque, uint32_t offset, uint32_t value,
                       unsigned size)
{
    struct fake_device *d = opaque;
    d->writes++;
    d->last_offset = offset;
    d->last_size = size;
    d->last_value = value;
}

static const struct bus_device_ops fake_ops = { fake_read, fake_write };

/* ---- fixture ---------------------------------------------------------------
 * Physical map: RAM 1 MiB at 0, a device at 0x1F000000 (16 bytes),
 * ROM 8 KiB at 0x1FC00000.  Nothing at 0x00100000..0x1EFFFFFF. */

#define RAM_SIZE  0x00100000u
#define DEV_BASE  0x1F000000u
#define DEV_SIZE  0x10u
#define ROM_BASE  0x1FC00000u
#define ROM_SIZE  0x2000u

struct fixture {
    struct mmu mmu;             /* large: the fixture lives on the heap */
    struct tlb *tlb;
    struct bus *bus;
    uint8_t *ram;
    uint8_t *rom;
    struct fake_device dev;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    f->tlb = tlb_new(TLB_DEFAULT_ENTRIES);
    f->bus = bus_new();
    f->ram = calloc(1, RAM_SIZE);
    f->rom = calloc(1, ROM_SIZE);
    if (f->tlb == NULL || f->bus == NULL || f->ram == NULL || f->rom == NULL)
        return -1;
    for (unsigned i = 0; i < ROM_SIZE; i++)
        f->rom[i] = (uint8_t)(0xA5 ^ i);
    if (bus_map_memory(f->bus, "ram", 0, RAM_SIZE, f->ram, false) != 0 ||
        bus_map_device(f->bus, "dev", DEV_BASE, DEV_SIZE, &fake_ops,
                       &f->dev) != 0 ||
        bus_map_memory(f->bus, "rom", ROM_BASE, ROM_SIZE, f->rom, true) != 0)
        return -1;
    mmu_init(&f->mmu, f->tlb, f->bus);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    tlb_free(f->tlb);
    bus_free(f->bus);
    free(f->ram);
    free(f->rom);
    free(f);
    return 0;
}

static uint32_t lo(uint32_t pa, uint32_t flags)
{
    return ((pa >> 12) << ENTRYLO_PFN_SHIFT) | flags;
}

#define V ENTRYLO_V
#define D ENTRYLO_D
#define G ENTRYLO_G
#define UNCACHED (2u << ENTRYLO_C_SHIFT)
#define CACHED   (3u << ENTRYLO_C_SHIFT)

static void map(struct fixture *f, unsigned index, uint32_t pagemask,
                uint32_t entryhi, uint32_t lo0, uint32_t lo1)
{
    struct tlb_entry e = tlb_make_entry(pagemask, entryhi, lo0, lo1);
    assert_int_equal(tlb_write(f->tlb, index, &e), -1);
    mmu_flush(&f->mmu);
}

static uint32_t ram_word(const struct fixture *f, uint32_t pa)
{
    uint32_t v;
    memcpy(&v, f->ram + pa, 4);
    return v;
}

/* ---- translation: segments x modes ---------------------------------------- */

static void test_unmapped_kernel_segments(void **state)
{
    struct fixture *f = *state;
    struct mmu_translation t;

    assert_int_equal(mmu_translate(&f->mmu, 0x80001234u, MMU_LOAD, &t), MMU_OK);
    assert_int_equal(t.paddr, 0x00001234u);
    assert_false(t.mapped);
    assert_true(t.cached);
    assert_int_equal(t.tlb_index, -1);

    assert_int_equal(mmu_translate(&f->mmu, 0xA0001234u, MMU_STORE, &t), MMU_OK);
    assert_int_equal(t.paddr, 0x00001234u);
    assert_false(t.mapped);
    assert_false(t.cached);

    assert_int_equal(mmu_translate(&f->mmu, 0x9FFFFFFFu, MMU_LOAD, &t), MMU_OK);
    assert_int_equal(t.paddr, 0x1FFFFFFFu);
    assert_int_equal(mmu_translate(&f->mmu, 0xBFC00000u, MMU_FETCH, &t), MMU_OK);
    assert_int_equal(t.paddr, 0x1FC00000u);
}

/* One valid, dirty, global page pair in each mapped segment, then every
 * (segment, mode) pair: allowed ones translate, the rest are address
 * errors. */
static void test_segment_mode_matrix(void **state)
{
    struct fixture *f = *state;
    map(f, 0, 0, 0x00400000u, lo(0x10000, V | D | G), lo(0x11000, V | D | G));
    map(f, 1, 0, 0xC0000000u, lo(0x20000, V | D | G), lo(0x21000, V | D | G));
    map(f, 2, 0, 0xE0000000u, lo(0x30000, V | D | G), lo(0x31000, V | D | G));

    static const struct {
        uint32_t vaddr;
        uint32_t paddr;
        bool allowed[MMU_NMODES];   /* kernel, supervisor, user */
        bool mapped;
    } cases[] = {
        { 0x00400010u, 0x10010u, { true, true, true }, true },     /* kuseg */
        { 0x00401ffcu, 0x11ffcu, { true, true, true }, true },
        { 0x80000010u, 0x00010u, { true, false, false }, false },  /* kseg0 */
        { 0xA0000010u, 0x00010u, { true, false, false }, false },  /* kseg1 */
        { 0xC0000010u, 0x20010u, { true, true, false }, true },    /* ksseg */
        { 0xC0001010u, 0x21010u, { true, true, false }, true },
        { 0xE0000010u, 0x30010u, { true, false, false }, true },   /* kseg3 */
        { 0xE0001ff0u, 0x31ff0u, { true, false, false }, true },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int mode = 0; mode < MMU_NMODES; mode++) {
            for (int acc = 0; acc < MMU_NACCESS; acc++) {
                struct mmu_translation t;
                enum mmu_fault fault = mmu_translate_in(
                    f->tlb, cases[i].vaddr, (enum mmu_access)acc,
                    (enum mmu_mode)mode, 9, false, &t);
                if (cases[i].allowed[mode]) {
                    assert_int_equal(fault, MMU_OK);
                    assert_int_equal(t.paddr, cases[i].paddr);
                    assert_int_equal(t.mapped, cases[i].mapped);
                } else {
                    assert_int_equal(fault, MMU_ADDRESS_ERROR);
                }
            }
        }
    }
}

/* The segment boundaries themselves. */
static void test_segment_boundaries(void **state)
{
    struct fixture *f = *state;
    struct mmu_translation t;
    /* Nothing mapped: the mapped segments give refills, not address errors. */
    assert_int_equal(mmu_translate_in(f->tlb, 0x7FFFFFFFu, MMU_LOAD, MMU_USER,
                                      0, false, &t), MMU_TLB_REFILL);
    assert_int_equal(mmu_translate_in(f->tlb, 0x80000000u, MMU_LOAD, MMU_USER,
                                      0, false, &t), MMU_ADDRESS_ERROR);
    assert_int_equal(mmu_translate_in(f->tlb, 0xBFFFFFFFu, MMU_LOAD, MMU_SUPER,
                                      0, false, &t), MMU_ADDRESS_ERROR);
    assert_int_equal(mmu_translate_in(f->tlb, 0xC0000000u, MMU_LOAD, MMU_SUPER,
                                      0, false, &t), MMU_TLB_REFILL);
    assert_int_equal(mmu_translate_in(f->tlb, 0xDFFFFFFFu, MMU_LOAD, MMU_SUPER,
                                      0, false, &t), MMU_TLB_REFILL);
    assert_int_equal(mmu_translate_in(f->tlb, 0xC0000000u, MMU_LOAD, MMU_USER,
                                      0, false, &t), MMU_ADDRESS_ERROR);
    assert_int_equal(mmu_translate_in(f->tlb, 0xE0000000u, MMU_LOAD, MMU_SUPER,
                                      0, false, &t), MMU_ADDRESS_ERROR);
    assert_int_equal(mmu_translate_in(f->tlb, 0xFFFFFFFFu, MMU_LOAD, MMU_KERNEL,
                                      0, false, &t), MMU_TLB_REFILL);
}

static void test_erl_unmaps_kuseg(void **state)
{
    struct fixture *f = *state;
    struct mmu_translation t;
    /* A mapping that ERL must ignore. */
    map(f, 0, 0, 0x00400000u, lo(0x10000, V | D | G), lo(0x11000, V | D | G));

    assert_int_equal(mmu_translate_in(f->tlb, 0x00400010u, MMU_LOAD,
                                      MMU_KERNEL, 0, true, &t), MMU_OK);
    assert_int_equal(t.paddr, 0x00400010u);
    assert_false(t.mapped);
    assert_false(t.cached);
    assert_int_equal(mmu_translate_in(f->tlb, 0x7FFFFFFCu, MMU_STORE,
                                      MMU_KERNEL, 0, true, &t), MMU_OK);
    assert_int_equal(t.paddr, 0x7FFFFFFCu);
    /* ERL forces kernel mode, whatever mode the caller names. */
    assert_int_equal(mmu_translate_in(f->tlb, 0x80000100u, MMU_LOAD,
                                      MMU_USER, 0, true, &t), MMU_OK);
    assert_int_equal(t.paddr, 0x100u);
    /* ksseg and kseg3 stay mapped. */
    assert_int_equal(mmu_translate_in(f->tlb, 0xC0000000u, MMU_LOAD,
                                      MMU_KERNEL, 0, true, &t), MMU_TLB_REFILL);
    assert_int_equal(mmu_translate_in(f->tlb, 0xE0000000u, MMU_LOAD,
                                      MMU_KERNEL, 0, true, &t), MMU_TLB_REFILL);

    /* Through the MMU's context: ERL on, then off. */
    mmu_set_context(&f->mmu, MMU_KERNEL, 0, true);
    uint32_t v = 0x11223344u;
    assert_int_equal(mmu_access(&f->mmu, 0x00000800u, 4, MMU_STORE, &v), MMU_OK);
    assert_int_equal(ram_word(f, 0x800), 0x11223344u);
    mmu_set_context(&f->mmu, MMU_KERNEL, 0, false);
    assert_null(mmu_fast_host(&f->mmu, 0x00000800u, MMU_STORE));
    assert_int_equal(mmu_access(&f->mmu, 0x00000800u, 4, MMU_STORE, &v),
                     MMU_TLB_REFILL);
}

/* ---- TLB faults ------------------------------------------------------------ */

static void test_tlb_faults(void **state)
{
    struct fixture *f = *state;
    struct mmu_translation t;
    /* ASID 5: even page valid+clean, odd page invalid. */
    map(f, 3, 0, 0x00800000u | 5, lo(0x40000, V | CACHED), lo(0x41000, D));

    assert_int_equal(mmu_translate_in(f->tlb, 0x00800004u, MMU_LOAD, MMU_USER,
                                      5, false, &t), MMU_OK);
    assert_int_equal(t.paddr, 0x40004u);
    assert_true(t.mapped);
    assert_true(t.cached);
    assert_int_equal(t.tlb_index, 3);

    /* Store to a clean page: Mod. */
    t.tlb_index = -7;
    assert_int_equal(mmu_translate_in(f->tlb, 0x00800004u, MMU_STORE, MMU_USER,
                                      5, false, &t), MMU_TLB_MODIFIED);
    assert_int_equal(t.tlb_index, 3);
    /* V=0: invalid for every access kind, D notwithstanding. */
    for (int acc = 0; acc < MMU_NACCESS; acc++)
        assert_int_equal(mmu_translate_in(f->tlb, 0x00801000u,
                                          (enum mmu_access)acc, MMU_USER, 5,
                                          false, &t), MMU_TLB_INVALID);
    /* Another ASID: no match. */
    assert_int_equal(mmu_translate_in(f->tlb, 0x00800004u, MMU_LOAD, MMU_USER,
                                      6, false, &t), MMU_TLB_REFILL);
    /* The same faults through mmu_access, with the current ASID. */
    mmu_set_context(&f->mmu, MMU_USER, 5, false);
    uint32_t v = 1;
    assert_int_equal(mmu_access(&f->mmu, 0x00800004u, 4, MMU_STORE, &v),
                     MMU_TLB_MODIFIED);
    assert_int_equal(mmu_access(&f->mmu, 0x00801000u, 4, MMU_LOAD, &v),
                     MMU_TLB_INVALID);
    assert_int_equal(mmu_access(&f->mmu, 0x00802000u, 4, MMU_FETCH, &v),
                     MMU_TLB_REFILL);
    /* Uncached attribute is reported. */
    map(f, 4, 0, 0x00900000u | 5, lo(0x42000, V | UNCACHED), 0);
    assert_int_equal(mmu_translate(&f->mmu, 0x00900000u, MMU_LOAD, &t), MMU_OK);
    assert_false(t.cached);
}

/* A 16 MiB page maps through; the cache still works in 4 KiB granules. */
static void test_large_page_four_k_granule(void **state)
{
    struct fixture *f = *state;
    /* VA 0x02000000..0x02FFFFFF -> PA 0 (the odd half has no RAM behind). */
    map(f, 0, 0x01FFE000u, 0x02000000u, lo(0, V | D | G), lo(0x01000000u, V | G));
    f->ram[0x5123] = 0x77;

    uint32_t v = 0;
    assert_int_equal(mmu_access(&f->mmu, 0x02005123u, 1, MMU_LOAD, &v), MMU_OK);
    assert_int_equal(v, 0x77);
    uint8_t *p = mmu_fast_host(&f->mmu, 0x02005FFFu, MMU_LOAD);
    assert_ptr_equal(p, f->ram + 0x5FFF);
    assert_null(mmu_fast_host(&f->mmu, 0x02006000u, MMU_LOAD));
    assert_null(mmu_fast_host(&f->mmu, 0x02004FFFu, MMU_LOAD));
    /* The odd half points past RAM: a bus error, not a host pointer. */
    assert_int_equal(mmu_access(&f->mmu, 0x03000000u, 4, MMU_LOAD, &v),
                     MMU_BUS_ERROR);
    assert_null(mmu_fast_host(&f->mmu, 0x03000000u, MMU_LOAD));
}

/* ---- the translation cache ------------------------------------------------- */

static void test_cache_hit_after_fill(void **state)
{
    struct fixture *f = *state;
    map(f, 0, 0, 0x00400000u | 1, lo(0x20000, V | D), lo(0x21000, V | D));
    mmu_set_context(&f->mmu, MMU_USER, 1, false);

    assert_null(mmu_fast_host(&f->mmu, 0x00400100u, MMU_STORE));
    uint64_t misses = f->mmu.tc_misses;
    uint32_t v = 0xDEADBEEFu;
    assert_int_equal(mmu_access(&f->mmu, 0x00400100u, 4, MMU_STORE, &v), MMU_OK);
    assert_int_equal(ram_word(f, 0x20100), 0xDEADBEEFu);
    assert_int_equal(f->mmu.tc_misses, misses + 1);

    /* Filled: the fast path now hits, for any offset in the 4 KiB page. */
    assert_ptr_equal(mmu_fast_host(&f->mmu, 0x00400100u, MMU_STORE),
                     f->ram + 0x20100);
    assert_ptr_equal(mmu_fast_host(&f->mmu, 0x00400FFCu, MMU_STORE),
                     f->ram + 0x20FFC);
    /* Only the store cache was filled. */
    assert_null(mmu_fast_host(&f->mmu, 0x00400100u, MMU_LOAD));
    /* mmu_access itself uses the cache: no new miss. */
    v = 0x01020304u;
    assert_int_equal(mmu_access(&f->mmu, 0x00400104u, 4, MMU_STORE, &v), MMU_OK);
    assert_int_equal(ram_word(f, 0x20104), 0x01020304u);
    assert_int_equal(f->mmu.tc_misses, misses + 1);

    /* Sizes 1 and 2 load zero-extended. */
    assert_int_equal(mmu_access(&f->mmu, 0x00400106u, 2, MMU_LOAD, &v), MMU_OK);
    assert_int_equal(v, 0x0102u);
    assert_int_equal(mmu_access(&f->mmu, 0x00400107u, 1, MMU_LOAD, &v), MMU_OK);
    assert_int_equal(v, 0x01u);
    /* A fetch is a 4-byte load whatever size is passed. */
    assert_int_equal(mmu_access(&f->mmu, 0x00400104u, 1, MMU_FETCH, &v), MMU_OK);
    assert_int_equal(v, 0x01020304u);
    assert_ptr_equal(mmu_fast_host(&f->mmu, 0x00400104u, MMU_FETCH),
                     f->ram + 0x20104);
}

/* A cached page must not let another mode skip its address error. */
static void test_cache_is_per_mode(void **state)
{
    struct fixture *f = *state;
    uint32_t v = 0;
    assert_int_equal(mmu_access(&f->mmu, 0x80001000u, 4, MMU_LOAD, &v), MMU_OK);
    assert_non_null(mmu_fast_host(&f->mmu, 0x80001000u, MMU_LOAD));

    mmu_set_context(&f->mmu, MMU_USER, 0, false);
    assert_null(mmu_fast_host(&f->mmu, 0x80001000u, MMU_LOAD));
    assert_int_equal(mmu_access(&f->mmu, 0x80001000u, 4, MMU_LOAD, &v),
                     MMU_ADDRESS_ERROR);
    assert_null(mmu_fast_host(&f->mmu, 0x80001000u, MMU_LOAD));

    mmu_set_context(&f->mmu, MMU_SUPER, 0, false);
    assert_int_equal(mmu_access(&f->mmu, 0x80001000u, 4, MMU_LOAD, &v),
                     MMU_ADDRESS_ERROR);
    /* A mode switch alone does not flush: kernel's entry is still there. */
    mmu_set_context(&f->mmu, MMU_KERNEL, 0, false);
    assert_ptr_equal(mmu_fast_host(&f->mmu, 0x80001000u, MMU_LOAD),
                     f->ram + 0x1000);
}

static void test_flush_after_tlb_write(void **state)
{
    struct fixture *f = *state;
    mmu_set_context(&f->mmu, MMU_KERNEL, 2, false);
    map(f, 7, 0, 0xC0000000u | 2, lo(0x30000, V | D), lo(0x31000, V | D));
    memcpy(f->ram + 0x30000, "\x11\x11\x11\x11", 4);
    memcpy(f->ram + 0x50000, "\x22\x22\x22\x22", 4);

    uint32_t v = 0;
    assert_int_equal(mmu_access(&f->mmu, 0xC0000000u, 4, MMU_LOAD, &v), MMU_OK);
    assert_int_equal(v, 0x11111111u);
    assert_non_null(mmu_fast_host(&f->mmu, 0xC0000000u, MMU_LOAD));

    /* Remap the page; map() calls mmu_flush as the CPU's tlbwi must. */
    map(f, 7, 0, 0xC0000000u | 2, lo(0x50000, V | D), lo(0x31000, V | D));
    assert_null(mmu_fast_host(&f->mmu, 0xC0000000u, MMU_LOAD));
    assert_int_equal(mmu_access(&f->mmu, 0xC0000000u, 4, MMU_LOAD, &v), MMU_OK);
    assert_int_equal(v, 0x22222222u);

    /* Invalidate it: after the flush the access faults. */
    map(f, 7, 0, 0xC0000000u | 2, lo(0x50000, D), lo(0x31000, V | D));
    assert_int_equal(mmu_access(&f->mmu, 0xC0000000u, 4, MMU_LOAD, &v),
                     MMU_TLB_INVALID);
}

static void test_flush_on_asid_and_erl_change(void **state)
{
    struct fixture *f = *state;
    map(f, 0, 0, 0x00400000u | 1, lo(0x20000, V | D), lo(0x21000, V | D));
    mmu_set_context(&f->mmu, MMU_USER, 1, false);
    uint32_t v;
    assert_int_equal(mmu_access(&f->mmu, 0x00400000u, 4, MMU_LOAD, &v), MMU_OK);
    assert_non_null(mmu_fast_host(&f->mmu, 0x00400000u, MMU_LOAD));

    /* Same ASID and ERL: no flush. */
    uint64_t gen = f->mmu.gen_tag;
    mmu_set_context(&f->mmu, MMU_USER, 1, false);
    assert_true(f->mmu.gen_tag == gen);
    assert_non_null(mmu_fast_host(&f->mmu, 0x00400000u, MMU_LOAD));

    /* New ASID: flushed, and the entry (ASID 1, not global) no longer
     * matches. */
    mmu_set_context(&f->mmu, MMU_USER, 2, false);
    assert_null(mmu_fast_host(&f->mmu, 0x00400000u, MMU_LOAD));
    assert_int_equal(mmu_access(&f->mmu, 0x00400000u, 4, MMU_LOAD, &v),
                     MMU_TLB_REFILL);

    /* Back to ASID 1 refills; an ERL change flushes again. */
    mmu_set_context(&f->mmu, MMU_KERNEL, 1, false);
    assert_int_equal(mmu_access(&f->mmu, 0x00400000u, 4, MMU_LOAD, &v), MMU_OK);
    assert_non_null(mmu_fast_host(&f->mmu, 0x00400000u, MMU_LOAD));
    mmu_set_context(&f->mmu, MMU_KERNEL, 1, true);
    assert_null(mmu_fast_host(&f->mmu, 0x00400000u, MMU_LOAD));
    /* Under ERL the same address is physical 0x400000: beyond RAM. */
    assert_int_equal(mmu_access(&f->mmu, 0x00400000u, 4, MMU_LOAD, &v),
                     MMU_BUS_ERROR);
}

static void test_no_store_fill_for_clean_or_rom(void **state)
{
    struct fixture *f = *state;
    map(f, 0, 0, 0x00600000u, lo(0x60000, V | G), lo(0x61000, V | D | G));
    uint32_t v = 0;

    /* A clean page: loads are cached, stores fault and are not cached. */
    assert_int_equal(mmu_access(&f->mmu, 0x00600000u, 4, MMU_LOAD, &v), MMU_OK);
    assert_non_null(mmu_fast_host(&f->mmu, 0x00600000u, MMU_LOAD));
    v = 5;
    assert_int_equal(mmu_access(&f->mmu, 0x00600000u, 4, MMU_STORE, &v),
                     MMU_TLB_MODIFIED);
    assert_null(mmu_fast_host(&f->mmu, 0x00600000u, MMU_STORE));
    assert_int_equal(ram_word(f, 0x60000), 0);
    /* ... while its dirty odd neighbour caches stores. */
    assert_int_equal(mmu_access(&f->mmu, 0x00601000u, 4, MMU_STORE, &v), MMU_OK);
    assert_ptr_equal(mmu_fast_host(&f->mmu, 0x00601000u, MMU_STORE),
                     f->ram + 0x61000);

    /* ROM through kseg1: reads and fetches are cached, stores are
     * ignored and never cached. */
    uint32_t rom_word;
    memcpy(&rom_word, f->rom + 0x10, 4);
    assert_int_equal(mmu_access(&f->mmu, 0xBFC00010u, 4, MMU_FETCH, &v), MMU_OK);
    assert_int_equal(v, rom_word);
    assert_ptr_equal(mmu_fast_host(&f->mmu, 0xBFC00010u, MMU_FETCH),
                     f->rom + 0x10);
    v = ~rom_word;
    assert_int_equal(mmu_access(&f->mmu, 0xBFC00010u, 4, MMU_STORE, &v), MMU_OK);
    assert_null(mmu_fast_host(&f->mmu, 0xBFC00010u, MMU_STORE));
    assert_int_equal(mmu_access(&f->mmu, 0xBFC00010u, 4, MMU_LOAD, &v), MMU_OK);
    assert_int_equal(v, rom_word);
}

static void test_device_access_never_cached(void **state)
{
    struct fixture *f = *state;
    uint32_t v = 0;
    f->dev.read_value = 0x4000000u;

    uint64_t misses = f->mmu.tc_misses;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(mmu_access(&f->mmu, 0xBF000004u, 4, MMU_LOAD, &v),
                         MMU_OK);
        assert_int_equal(v, 0x4000000u);
        assert_null(mmu_fast_host(&f->mmu, 0xBF000004u, MMU_LOAD));
    }
    assert_int_equal(f->dev.reads, 3);
    assert_int_equal(f->dev.last_offset, 4);
    assert_int_equal(f->dev.last_size, 4);
    assert_int_equal(f->mmu.tc_misses, misses + 3);

    v = 0x41;
    assert_int_equal(mmu_access(&f->mmu, 0xBF00000Cu, 1, MMU_STORE, &v), MMU_OK);
    assert_int_equal(f->dev.writes, 1);
    assert_int_equal(f->dev.last_offset, 0xC);
    assert_int_equal(f->dev.last_size, 1);
    assert_int_equal(f->dev.last_value, 0x41);
    assert_null(mmu_fast_host(&f->mmu, 0xBF00000Cu, MMU_STORE));

    /* A device through a mapped page (like the I/O window of a mapped
     * kernel): still reaches the device, still not cached. */
    map(f, 0, 0, 0xC1F00000u, lo(DEV_BASE, V | D | G | UNCACHED), 0);
    v = 0x99;
    assert_int_equal(mmu_access(&f->mmu, 0xC1F00008u, 2, MMU_STORE, &v), MMU_OK);
    assert_int_equal(f->dev.writes, 2);
    assert_int_equal(f->dev.last_offset, 8);
    assert_int_equal(f->dev.last_value, 0x99);
    assert_int_equal(mmu_access(&f->mmu, 0xC1F00008u, 2, MMU_LOAD, &v), MMU_OK);
    assert_int_equal(f->dev.reads, 4);
    assert_null(mmu_fast_host(&f->mmu, 0xC1F00008u, MMU_LOAD));
    assert_null(mmu_fast_host(&f->mmu, 0xC1F00008u, MMU_STORE));
}

static void test_bus_error_and_alignment(void **state)
{
    struct fixture *f = *state;
    uint32_t v = 0;
    /* Nothing behind physical 0x00100000 (just past RAM). */
    assert_int_equal(mmu_access(&f->mmu, 0x80100000u, 4, MMU_LOAD, &v),
                     MMU_BUS_ERROR);
    assert_int_equal(mmu_access(&f->mmu, 0xA0100000u, 4, MMU_STORE, &v),
                     MMU_BUS_ERROR);
    assert_int_equal(mmu_access(&f->mmu, 0x9F000010u, 4, MMU_LOAD, &v),
                     MMU_BUS_ERROR);      /* just past the device */
    assert_null(mmu_fast_host(&f->mmu, 0x80100000u, MMU_LOAD));

    /* Misaligned accesses are refused, even at the end of RAM. */
    assert_int_equal(mmu_access(&f->mmu, 0x800FFFFDu, 4, MMU_LOAD, &v),
                     MMU_ADDRESS_ERROR);
    assert_int_equal(mmu_access(&f->mmu, 0x800FFFFFu, 2, MMU_STORE, &v),
                     MMU_ADDRESS_ERROR);
    /* The last word of RAM is fine. */
    v = 0xA1B2C3D4u;
    assert_int_equal(mmu_access(&f->mmu, 0x800FFFFCu, 4, MMU_STORE, &v), MMU_OK);
    assert_int_equal(ram_word(f, RAM_SIZE - 4), 0xA1B2C3D4u);
}

/* After 2^32 flushes the generation wraps; old tags must not come back. */
static void test_generation_wrap(void **state)
{
    struct fixture *f = *state;
    uint32_t v;
    uint64_t first_gen = f->mmu.gen_tag;
    assert_int_equal(mmu_access(&f->mmu, 0x80002000u, 4, MMU_LOAD, &v), MMU_OK);
    assert_non_null(mmu_fast_host(&f->mmu, 0x80002000u, MMU_LOAD));

    /* Pretend 2^32 - 1 generations went by, then flush once more. */
    f->mmu.gen_tag = UINT64_C(0xFFFFFFFF) << 32;
    mmu_flush(&f->mmu);
    assert_true(f->mmu.gen_tag == first_gen);
    assert_null(mmu_fast_host(&f->mmu, 0x80002000u, MMU_LOAD));

    /* And the cache works again after the wrap. */
    assert_int_equal(mmu_access(&f->mmu, 0x80002000u, 4, MMU_LOAD, &v), MMU_OK);
    assert_ptr_equal(mmu_fast_host(&f->mmu, 0x80002000u, MMU_LOAD),
                     f->ram + 0x2000);
}

/* Two pages that share a cache slot evict each other without confusion:
 * kseg0 0x80003000 (PA 0x3000) and kuseg 0x00003000 (mapped to PA 0x50000)
 * have the same low bits of the virtual page number. */
static void test_cache_slot_conflict(void **state)
{
    struct fixture *f = *state;
    uint32_t a = 0x80003000u;
    uint32_t b = 0x00003000u;
    assert_int_equal((a >> 12) % MMU_TC_SIZE, (b >> 12) % MMU_TC_SIZE);
    map(f, 0, 0, 0x00002000u, lo(0x40000, V | G), lo(0x50000, V | G));
    f->ram[0x3000] = 0xAA;
    f->ram[0x50000] = 0xBB;
    uint32_t v;
    assert_int_equal(mmu_access(&f->mmu, a, 1, MMU_LOAD, &v), MMU_OK);
    assert_int_equal(v, 0xAA);
    assert_int_equal(mmu_access(&f->mmu, b, 1, MMU_LOAD, &v), MMU_OK);
    assert_int_equal(v, 0xBB);
    assert_null(mmu_fast_host(&f->mmu, a, MMU_LOAD));
    assert_ptr_equal(mmu_fast_host(&f->mmu, b, MMU_LOAD), f->ram + 0x50000);
    assert_int_equal(mmu_access(&f->mmu, a, 1, MMU_LOAD, &v), MMU_OK);
    assert_int_equal(v, 0xAA);
    assert_null(mmu_fast_host(&f->mmu, b, MMU_LOAD));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_unmapped_kernel_segments),
        T(test_segment_mode_matrix),
        T(test_segment_boundaries),
        T(test_erl_unmaps_kuseg),
        T(test_tlb_faults),
        T(test_large_page_four_k_granule),
        T(test_cache_hit_after_fill),
        T(test_cache_is_per_mode),
        T(test_flush_after_tlb_write),
        T(test_flush_on_asid_and_erl_change),
        T(test_no_store_fill_for_clean_or_rom),
        T(test_device_access_never_cached),
        T(test_bus_error_and_alignment),
        T(test_generation_wrap),
        T(test_cache_slot_conflict),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
