/*
 * mmu.c -- segments, TLB translation, and the translation cache.
 *
 * Design
 * ------
 * Every load, store and fetch of the CPU needs a virtual-to-physical
 * translation and then a memory access.  The architectural rules (mmu.h,
 * SPEC §3) are a few branches on the segment plus, for mapped segments, a
 * scan of the TLB: too slow to do for every instruction.  So the MMU keeps
 * a direct-mapped translation cache per (mode, access kind), indexed by
 * the low bits of the 4 KiB virtual page number, that maps a virtual page
 * straight to a host pointer.  mmu_fast_host() (inline in mmu.h) is the
 * hit path; mmu_access() here is the slow path that walks the rules.
 *
 * When may the slow path fill the cache?  Only when the next access of the
 * same (mode, access kind) to the same page, under the same context, would
 * certainly succeed and reach the same host bytes, so a hit can never skip
 * a fault the CPU should take:
 *
 *   - the translation succeeded (segment allowed in this mode, TLB entry
 *     matched and valid, and for a store D=1), and
 *   - the physical page is plain memory (bus_host_ptr() non-NULL), and for
 *     a store writable memory: a store to ROM is ignored by the bus, so it
 *     always takes the slow path; device pages are never cached at all.
 *
 * The cached granule is 4 KiB even when the TLB page is larger: the bus
 * promises a host pointer only up to the end of its 4 KiB page, and a 4 KiB
 * tag is what the fast path computes.
 *
 * What the outcome depends on, and how the cache stays honest about it:
 *   - the mode: one cache per mode, so switching mode needs no flush;
 *   - the access kind: one cache per kind;
 *   - ASID and ERL: mmu_set_context() flushes when either changes;
 *   - the TLB contents: whoever writes the TLB calls mmu_flush().
 *
 * A flush is O(1): tags carry a generation number in their upper 32 bits
 * and a flush starts a new generation, so every old tag stops matching.
 * Generation 0 is never current, which makes an all-zero tag (a never-used
 * slot) a guaranteed miss.  After 2^32 flushes the generation wraps to 0;
 * then, and only then, the arrays are cleared and counting restarts at 1.
 *
 * ERL forces kernel mode in the architecture.  Callers normally pass
 * MMU_KERNEL whenever erl is set, and mmu_translate_in() enforces it.
 */
#include "mmu.h"

#include <string.h>

#define PAGE_SHIFT 12
#define PAGE_OFFSET_MASK 0x00000FFFu
#define GENERATION_ONE (UINT64_C(1) << 32)

#define KSEG0_BASE 0x80000000u
#define KSEG1_BASE 0xA0000000u
#define KSSEG_BASE 0xC0000000u
#define KSEG3_BASE 0xE0000000u
#define UNMAPPED_PA_MASK 0x1FFFFFFFu

#define ENTRYLO_C_UNCACHED 2u

/* ---- context and flushing ----------------------------------------------- */

static void clear_cache_arrays(struct mmu *m)
{
    memset(m->tc, 0, sizeof m->tc);
}

void mmu_init(struct mmu *m, struct tlb *tlb, struct bus *bus)
{
    clear_cache_arrays(m);
    m->gen_tag = GENERATION_ONE;
    m->mode = MMU_KERNEL;
    m->asid = 0;
    m->erl = false;
    m->tlb = tlb;
    m->bus = bus;
    m->tc_misses = 0;
    m->watch = NULL;
    m->watch_hit = NULL;
}

void mmu_flush(struct mmu *m)
{
    m->gen_tag += GENERATION_ONE;
    if (m->gen_tag == 0) {              /* the generation counter wrapped */
        clear_cache_arrays(m);
        m->gen_tag = GENERATION_ONE;
    }
}

void mmu_set_context(struct mmu *m, enum mmu_mode mode, uint8_t asid, bool erl)
{
    if (asid != m->asid || erl != m->erl)
        mmu_flush(m);
    m->mode = mode;
    m->asid = asid;
    m->erl = erl;
}

/* ---- translation ---------------------------------------------------------- */

static void translation_unmapped(struct mmu_translation *t, uint32_t paddr,
                                 bool cached)
{
    t->paddr = paddr;
    t->mapped = false;
    t->cached = cached;
    t->tlb_index = -1;
}

/* A mapped segment: look the address up in the TLB and check V and D. */
static enum mmu_fault translate_mapped(const struct tlb *tlb, uint32_t vaddr,
                                       enum mmu_access acc, uint8_t asid,
                                       struct mmu_translation *t)
{
    struct tlb_match match;
    if (!tlb_lookup(tlb, vaddr, asid, &match))
        return MMU_TLB_REFILL;
    t->tlb_index = match.index;
    if (!(match.entrylo & ENTRYLO_V))
        return MMU_TLB_INVALID;
    if (acc == MMU_STORE && !(match.entrylo & ENTRYLO_D))
        return MMU_TLB_MODIFIED;
    uint32_t c = (match.entrylo & ENTRYLO_C_MASK) >> ENTRYLO_C_SHIFT;
    t->paddr = match.paddr;
    t->mapped = true;
    t->cached = c != ENTRYLO_C_UNCACHED;
    return MMU_OK;
}

enum mmu_fault mmu_translate_in(const struct tlb *tlb, uint32_t vaddr,
                                enum mmu_access acc, enum mmu_mode mode,
                                uint8_t asid, bool erl,
                                struct mmu_translation *t)
{
    struct mmu_translation scratch;
    if (t == NULL)
        t = &scratch;
    t->paddr = 0;
    t->mapped = false;
    t->cached = false;
    t->tlb_index = -1;

    if (erl)
        mode = MMU_KERNEL;

    if (vaddr < KSEG0_BASE) {                           /* kuseg */
        if (erl) {
            translation_unmapped(t, vaddr, false);
            return MMU_OK;
        }
        return translate_mapped(tlb, vaddr, acc, asid, t);
    }
    if (vaddr < KSSEG_BASE) {                           /* kseg0, kseg1 */
        if (mode != MMU_KERNEL)
            return MMU_ADDRESS_ERROR;
        translation_unmapped(t, vaddr & UNMAPPED_PA_MASK, vaddr < KSEG1_BASE);
        return MMU_OK;
    }
    if (vaddr < KSEG3_BASE) {                           /* ksseg */
        if (mode == MMU_USER)
            return MMU_ADDRESS_ERROR;
        return translate_mapped(tlb, vaddr, acc, asid, t);
    }
    if (mode != MMU_KERNEL)                             /* kseg3 */
        return MMU_ADDRESS_ERROR;
    return translate_mapped(tlb, vaddr, acc, asid, t);
}

enum mmu_fault mmu_translate(struct mmu *m, uint32_t vaddr,
                             enum mmu_access acc, struct mmu_translation *t)
{
    return mmu_translate_in(m->tlb, vaddr, acc, m->mode, m->asid, m->erl, t);
}

/* ---- the translation cache -------------------------------------------- */

static struct mmu_tc_entry *cache_slot(struct mmu *m, uint32_t vaddr,
                                       enum mmu_access acc)
{
    uint32_t vpn = vaddr >> PAGE_SHIFT;
    return &m->tc[m->mode][acc][vpn & (MMU_TC_SIZE - 1)];
}

/* Remember that the 4 KiB page of vaddr lives at host_page. */
static void cache_fill(struct mmu *m, uint32_t vaddr, enum mmu_access acc,
                       uint8_t *host_page)
{
    struct mmu_tc_entry *e = cache_slot(m, vaddr, acc);
    uint32_t vpage = vaddr & ~PAGE_OFFSET_MASK;
    e->tag = m->gen_tag | (vaddr >> PAGE_SHIFT);
    /* Unsigned wrap-around is intended: addend + vaddr == host address. */
    e->addend = (uintptr_t)host_page - (uintptr_t)vpage;
}

void mmu_forget_store_page(struct mmu *m, const uint8_t *host_page)
{
    for (unsigned mode = 0; mode < MMU_NMODES; mode++) {
        for (unsigned i = 0; i < MMU_TC_SIZE; i++) {
            struct mmu_tc_entry *e = &m->tc[mode][MMU_STORE][i];
            if ((e->tag >> 32) != (m->gen_tag >> 32))
                continue;                       /* stale generation */
            uint32_t vpage = (uint32_t)e->tag << PAGE_SHIFT;
            if ((const uint8_t *)(e->addend + vpage) == host_page)
                e->tag = 0;                     /* generation 0 never matches */
        }
    }
}

/* ---- watchpoints ------------------------------------------------------ */

static bool overlaps(uint32_t a, uint32_t alen, const struct mmu_watch *w)
{
    uint64_t a_end = (uint64_t)a + alen, w_end = (uint64_t)w->addr + w->len;
    return a < w_end && w->addr < a_end;
}

/* Is any watched byte in the 4 KiB page of vaddr?  Such a page is never
 * cached, so every access to it comes back here to be checked. */
static bool page_watched(const struct mmu *m, uint32_t vaddr)
{
    for (unsigned i = 0; i < m->watch->n; i++)
        if (overlaps(vaddr & ~PAGE_OFFSET_MASK, 1u << PAGE_SHIFT, &m->watch->w[i]))
            return true;
    return false;
}

/* The first watch of the given kind (before or after) that this access
 * touches, or NULL. */
static const struct mmu_watch *find_watch(const struct mmu *m, uint32_t vaddr,
                                          unsigned size, enum mmu_access acc,
                                          bool before)
{
    unsigned need = acc == MMU_STORE ? MMU_WATCH_WRITE : MMU_WATCH_READ;
    for (unsigned i = 0; i < m->watch->n; i++) {
        const struct mmu_watch *w = &m->watch->w[i];
        if ((w->access & need) && ((w->access & MMU_WATCH_BEFORE) != 0) == before &&
            overlaps(vaddr, size, w))
            return w;
    }
    return NULL;
}

/* Before a data access: true if a "stop before" watch refuses it. */
static bool watch_before(struct mmu *m, uint32_t vaddr, unsigned size,
                         enum mmu_access acc)
{
    const struct mmu_watch *w = find_watch(m, vaddr, size, acc, true);
    return w != NULL && m->watch_hit != NULL &&
           m->watch_hit(m->code_opaque, w, vaddr, acc == MMU_STORE);
}

/* After a completed data access: report the first after-watch it touched. */
static void check_watch(struct mmu *m, uint32_t vaddr, unsigned size,
                        enum mmu_access acc)
{
    const struct mmu_watch *w = find_watch(m, vaddr, size, acc, false);
    if (w != NULL && m->watch_hit != NULL)
        (void)m->watch_hit(m->code_opaque, w, vaddr, acc == MMU_STORE);
}

/* ---- memory access ---------------------------------------------------- */

static void host_access(uint8_t *host, unsigned size, enum mmu_access acc,
                        uint32_t *value)
{
    if (acc == MMU_STORE)
        mmu_host_write(host, size, *value);
    else
        *value = mmu_host_read(host, size);
}

enum mmu_fault mmu_access(struct mmu *m, uint32_t vaddr, unsigned size,
                          enum mmu_access acc, uint32_t *value)
{
    if (acc == MMU_FETCH)
        size = 4;
    if (size != 1 && size != 2 && size != 4)
        return MMU_BUS_ERROR;
    /* The CPU checks alignment first; refusing here too guarantees an
     * access never straddles a page, so a host pointer never overruns. */
    if (vaddr & (size - 1))
        return MMU_ADDRESS_ERROR;

    /* A caller may come here without trying the fast path first. */
    uint8_t *host = mmu_fast_host(m, vaddr, acc);
    if (host != NULL) {
        host_access(host, size, acc, value);
        return MMU_OK;
    }
    m->tc_misses++;

    struct mmu_translation t;
    enum mmu_fault fault = mmu_translate(m, vaddr, acc, &t);
    if (fault != MMU_OK)
        return fault;

    bool is_store = acc == MMU_STORE;
    bool watched = m->watch != NULL && m->watch->n > 0 && acc != MMU_FETCH &&
                   page_watched(m, vaddr);
    /* A "stop before" watch is checked once the access is known to
     * translate (a TLB miss is handled first, by the guest or the monitor,
     * and the instruction then runs again and stops here: the same PC a
     * real MIPS's Watch exception would report, reached a little later)
     * and before anything is touched: not even a device register is read. */
    if (watched && watch_before(m, vaddr, size, acc))
        return MMU_WATCH_STOP;
    uint8_t *host_page = bus_host_ptr(m->bus, t.paddr & ~PAGE_OFFSET_MASK,
                                      is_store);
    if (host_page != NULL) {
        unsigned offset = t.paddr & PAGE_OFFSET_MASK;
        bool code = is_store && m->code_written &&
                    m->code_written(m->code_opaque, host_page, offset, size);
        if (!code && !watched)
            cache_fill(m, vaddr, acc, host_page);
        host_access(host_page + offset, size, acc, value);
        if (watched)
            check_watch(m, vaddr, size, acc);
        return MMU_OK;
    }

    /* A device, read-only memory being written, or nothing at all. */
    bool ok = is_store ? bus_write(m->bus, t.paddr, size, *value)
                       : bus_read(m->bus, t.paddr, size, value);
    if (ok && watched)
        check_watch(m, vaddr, size, acc);
    return ok ? MMU_OK : MMU_BUS_ERROR;
}
