/*
 * mmu.h -- virtual to physical translation and memory access for one CPU.
 *
 * Translation is the architecture's (SPEC §3):
 *
 *   kuseg 0x00000000-0x7FFFFFFF  mapped, all modes (unmapped, pa = va, while ERL=1)
 *   kseg0 0x80000000-0x9FFFFFFF  unmapped, pa = va - 0x80000000, kernel only
 *   kseg1 0xA0000000-0xBFFFFFFF  unmapped, pa = va - 0xA0000000, kernel only
 *   ksseg 0xC0000000-0xDFFFFFFF  mapped, kernel and supervisor
 *   kseg3 0xE0000000-0xFFFFFFFF  mapped, kernel only
 *
 * Doing that walk on every load would be slow, so the MMU keeps a small
 * direct-mapped *translation cache* per (mode, access kind): virtual page ->
 * host pointer, for pages that are plain RAM (or ROM, for reads and fetches).
 * A hit is one compare and one add; see mmu_fast_host().  A miss takes the
 * slow path, mmu_access(), which walks the segments and the TLB, performs
 * device accesses through the bus, and refills the cache when it can.
 *
 * The cache is keyed by the context (mode, ASID, ERL) the CPU last declared
 * with mmu_set_context().  Anything that could change a translation flushes
 * it: a TLB write, a change of ASID or ERL (mmu_flush()).  A flush is O(1):
 * every tag carries a generation number, and a flush starts a new one.
 */
#ifndef TRAPEZE_MMU_H
#define TRAPEZE_MMU_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "../devices/bus.h"
#include "../tlb/tlb.h"

enum mmu_mode { MMU_KERNEL = 0, MMU_SUPER = 1, MMU_USER = 2, MMU_NMODES = 3 };
enum mmu_access { MMU_FETCH = 0, MMU_LOAD = 1, MMU_STORE = 2, MMU_NACCESS = 3 };

/* Why a translation or access failed. The CPU turns each into an exception. */
enum mmu_fault {
    MMU_OK = 0,
    MMU_ADDRESS_ERROR,  /* segment not accessible in this mode: AdEL/AdES */
    MMU_TLB_REFILL,     /* no TLB entry matches: TLBL/TLBS, refill vector */
    MMU_TLB_INVALID,    /* entry matches, V=0: TLBL/TLBS, general vector */
    MMU_TLB_MODIFIED,   /* store to a matching valid entry with D=0: Mod */
    MMU_BUS_ERROR,      /* nothing at the physical address: IBE/DBE */
    MMU_WATCH_STOP,     /* not a fault: a "stop before" watchpoint refused
                           the access, nothing was read or written; the
                           CPU stops at the instruction (cpu/debug.c) */
};

/* Debugger watchpoints (guest-virtual ranges).  The MMU never caches a
 * translation for a page that holds a watched byte, so only accesses to
 * those pages reach the slow path, where the range is checked; every other
 * page keeps its fast path.
 *
 * Two kinds, per watchpoint:
 *   - after (the default): the access completes, then the hit is reported
 *     (the debugger console shows the new value at once);
 *   - MMU_WATCH_BEFORE: the hit is reported *before* the access, which is
 *     then refused (MMU_WATCH_STOP), as a real MIPS's WatchLo/WatchHi
 *     raise the Watch exception before the instruction commits.  GDB's
 *     MIPS support expects this: it steps over the access itself. */
#define MMU_WATCH_READ   1u
#define MMU_WATCH_WRITE  2u
#define MMU_WATCH_BEFORE 4u
#define MMU_MAX_WATCH 16
struct mmu_watch {
    uint32_t addr, len;      /* [addr, addr+len), len >= 1 */
    unsigned access;         /* MMU_WATCH_READ | MMU_WATCH_WRITE,
                                optionally | MMU_WATCH_BEFORE */
    int id;
};
struct mmu_watchlist {
    unsigned n;
    struct mmu_watch w[MMU_MAX_WATCH];
};

#define MMU_TC_BITS 8
#define MMU_TC_SIZE (1u << MMU_TC_BITS)

struct mmu_tc_entry {
    uint64_t tag;       /* generation << 32 | virtual page number */
    uintptr_t addend;   /* host address = addend + vaddr */
};

struct mmu {
    struct mmu_tc_entry tc[MMU_NMODES][MMU_NACCESS][MMU_TC_SIZE];
    uint64_t gen_tag;           /* current generation << 32 */
    enum mmu_mode mode;
    uint8_t asid;
    bool erl;
    struct tlb *tlb;
    struct bus *bus;
    /* Self-modifying code: called for every slow-path store to memory with
     * the host address written.  It returns true if that page holds
     * decoded instructions (it has then forgotten the overwritten ones);
     * such a page never enters the store cache, so every store to it comes
     * here.  host_page is what bus_host_ptr() gave for the page (RAM need
 * not be page-aligned on the host), offset the byte within it.  NULL: no
 * decoded code. */
    bool (*code_written)(void *opaque, const uint8_t *host_page,
                         unsigned offset, unsigned size);
    void *code_opaque;
    /* Watchpoints: the list (owned by the caller, NULL: none) and who is
     * told of a hit (opaque is code_opaque).  Whoever changes the list
     * calls mmu_flush().  For an after-watch the call comes after the
     * access and its result is ignored; for a MMU_WATCH_BEFORE one it comes
     * before, and true refuses the access (mmu_access returns
     * MMU_WATCH_STOP) while false lets it happen (the CPU is resuming over
     * this very access, or a stop is already on its way). */
    const struct mmu_watchlist *watch;
    bool (*watch_hit)(void *opaque, const struct mmu_watch *w,
                      uint32_t vaddr, bool write);
    /* statistics, read by the CPU's --stats */
    uint64_t tc_misses;
};

/* Full translation result, for the slow path, the debugger and traces. */
struct mmu_translation {
    uint32_t paddr;
    bool mapped;        /* went through the TLB */
    bool cached;        /* cacheability (informational) */
    int tlb_index;      /* matching entry, or -1 */
};

void mmu_init(struct mmu *m, struct tlb *tlb, struct bus *bus);

/* Declare the current context. Flushes only if ASID or ERL changed; the
 * mode just selects which cache is used. */
void mmu_set_context(struct mmu *m, enum mmu_mode mode, uint8_t asid, bool erl);

/* Forget every cached translation (TLB written, ...). */
void mmu_flush(struct mmu *m);

/* A host page has just become code: drop the store-cache entries that
 * point into it, so stores to it take the slow path (see code_written). */
void mmu_forget_store_page(struct mmu *m, const uint8_t *host_page);

/* Translate without side effects on the TLB.  Fills *t on MMU_OK. */
enum mmu_fault mmu_translate(struct mmu *m, uint32_t vaddr,
                             enum mmu_access acc, struct mmu_translation *t);

/* The same under an explicit context (the debugger, the monitor). */
enum mmu_fault mmu_translate_in(const struct tlb *tlb, uint32_t vaddr,
                                enum mmu_access acc, enum mmu_mode mode,
                                uint8_t asid, bool erl,
                                struct mmu_translation *t);

/* Look vaddr up in one row of the cache (one mode and access kind) under
 * generation gen_tag: its host address, or NULL on a miss.  The
 * interpreter keeps a row and the generation in registers for a block. */
static inline uint8_t *mmu_tc_host(const struct mmu_tc_entry *row,
                                   uint64_t gen_tag, uint32_t vaddr)
{
    uint32_t vpn = vaddr >> 12;
    const struct mmu_tc_entry *e = &row[vpn & (MMU_TC_SIZE - 1)];
    return e->tag == (gen_tag | vpn) ? (uint8_t *)(e->addend + vaddr) : 0;
}

/* The same lookup as a yes/no answer, the host address in *host (valid
 * only on yes).  Callers that branch on the answer save a compare: a host
 * address may be any value, even 0, so testing mmu_tc_host()'s result for
 * NULL costs a second compare after the tag's. */
static inline bool mmu_tc_find(const struct mmu_tc_entry *row, uint64_t gen_tag,
                               uint32_t vaddr, uint8_t **host)
{
    uint32_t vpn = vaddr >> 12;
    const struct mmu_tc_entry *e = &row[vpn & (MMU_TC_SIZE - 1)];
    *host = (uint8_t *)(e->addend + vaddr);
    return e->tag == (gen_tag | vpn);
}

/* Fast path: host pointer for an access of any size that lies within one
 * page, or NULL on a cache miss (then call mmu_access). Alignment is the
 * caller's job. */
static inline uint8_t *mmu_fast_host(struct mmu *m, uint32_t vaddr,
                                     enum mmu_access acc)
{
    return mmu_tc_host(m->tc[m->mode][acc], m->gen_tag, vaddr);
}

/* Read or write 1, 2 or 4 bytes of guest memory at a host address (guest
 * and host are both little-endian). */
static inline uint32_t mmu_host_read(const uint8_t *h, unsigned size)
{
    if (size == 4) { uint32_t w; memcpy(&w, h, 4); return w; }
    if (size == 2) { uint16_t s; memcpy(&s, h, 2); return s; }
    return *h;
}

static inline void mmu_host_write(uint8_t *h, unsigned size, uint32_t v)
{
    if (size == 4) memcpy(h, &v, 4);
    else if (size == 2) { uint16_t s = (uint16_t)v; memcpy(h, &s, 2); }
    else *h = (uint8_t)v;
}

/* Slow path: translate, then load (*value out) or store (*value in) `size`
 * bytes (1, 2, 4; aligned), from RAM or a device; refills the cache for RAM
 * and ROM pages.  MMU_FETCH behaves as a 4-byte load. */
enum mmu_fault mmu_access(struct mmu *m, uint32_t vaddr, unsigned size,
                          enum mmu_access acc, uint32_t *value);

#endif
