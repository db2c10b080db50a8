/*
 * dcache.c -- the decoded-page cache (see dcache.h for why).
 */
#include <stdlib.h>
#include <string.h>
#include "cpu_internal.h"

static unsigned slot_of(const uint8_t *host_page)
{
    return (unsigned)(((uintptr_t)host_page >> 12) & (DCACHE_SLOTS - 1));
}

/* Set one entry's op and the interpreter's handler for it (see struct
 * dinsn: the two must always agree).  c has run cpu_exec_block, which is
 * what makes decoded pages, so c->handlers is set. */
static void set_op(const struct cpu *c, struct dinsn *d, enum dop op)
{
    d->op = (uint8_t)op;
    d->run = c->handlers[op];
}

/* Make p an undecoded page: every entry DOP_DECODE, then sentinels. */

static void dpage_reset(const struct cpu *c, struct dpage *p,
                        const uint8_t *host_page)
{
    memset(p->d, 0, sizeof p->d);
    for (unsigned i = 0; i < DPAGE_INSNS; i++)
        set_op(c, &p->d[i], DOP_DECODE);
    set_op(c, &p->d[DPAGE_INSNS], DOP_PAGE_END);
    set_op(c, &p->d[DPAGE_INSNS + 1], DOP_PAGE_END);
    p->host = host_page;
}

struct dpage *dcache_get(struct cpu *c, const uint8_t *host_page)
{
    struct dpage **slot = &c->dcache[slot_of(host_page)];
    struct dpage *p = *slot;
    if (p != NULL && p->host == host_page)
        return p;
    if (p == NULL) {
        p = malloc(sizeof *p);
        if (p == NULL)
            return NULL;
        *slot = p;
    }
    dpage_reset(c, p, host_page);       /* evicts whatever was there */
    /* From now on stores to this page must come through the slow path,
     * from this CPU and from every CPU sharing memory with it. */
    struct cpu *peer = c;
    do {
        mmu_forget_store_page(&peer->mmu, host_page);
        peer = peer->code_peer;
    } while (peer != c);
    c->stats.code_pages_decoded++;
    return p;
}

/* Forget the decoding of the words written in c's own cache. */
static bool forget_words(struct cpu *c, const uint8_t *host_page,
                         unsigned offset, unsigned size)
{
    struct dpage *p = c->dcache[slot_of(host_page)];
    if (p == NULL || p->host != host_page)
        return false;
    /* Forget the words written (an aligned store touches one word). */
    unsigned first = offset >> 2, last = (offset + size - 1) >> 2;
    for (unsigned i = first; i <= last && i < DPAGE_INSNS; i++)
        set_op(c, &p->d[i], DOP_DECODE);
    c->stats.code_writes++;
    return true;
}

/* A store into host_page by any CPU of the ring: every member forgets. */
bool dcache_code_written(void *opaque, const uint8_t *host_page,
                         unsigned offset, unsigned size)
{
    struct cpu *c = opaque, *peer = c;
    bool code = false;
    do {
        code |= forget_words(peer, host_page, offset, size);
        peer = peer->code_peer;
    } while (peer != c);
    return code;
}

void cpu_invalidate_code(struct cpu *c, uint32_t paddr, uint32_t len)
{
    uint64_t end = (uint64_t)paddr + len;
    for (uint64_t a = paddr; a < end; a = (a | 0xFFF) + 1) {
        const uint8_t *page = bus_host_ptr(c->bus, (uint32_t)a & ~0xFFFu, false);
        if (page == NULL)
            continue;
        uint64_t stop = (a | 0xFFF) + 1 < end ? (a | 0xFFF) + 1 : end;
        dcache_code_written(c, page, (unsigned)(a & 0xFFF),
                            (unsigned)(stop - a));
    }
}

void dcache_clear(struct cpu *c)
{
    for (unsigned i = 0; i < DCACHE_SLOTS; i++)
        if (c->dcache[i])
            c->dcache[i]->host = NULL;
}

void dcache_free(struct cpu *c)
{
    for (unsigned i = 0; i < DCACHE_SLOTS; i++) {
        free(c->dcache[i]);
        c->dcache[i] = NULL;
    }
}
