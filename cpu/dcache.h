/*
 * dcache.h -- the decoded-page cache: code pages predecoded once.
 *
 * Each page of code the CPU runs gets a struct dpage: one struct dinsn per
 * instruction word, decoded lazily the first time it runs, plus two
 * sentinel entries past the end (DOP_PAGE_END) that send the interpreter
 * to the next page.  Pages are found by their host address, so every
 * virtual alias of a physical page (kseg0, kseg1, a TLB mapping) shares
 * one decoding.
 *
 * Self-modifying code: a page in this cache is kept out of the MMU's store
 * cache, so every store to it reaches dcache_code_written() through the
 * MMU's slow path, which forgets the decoding of the words written.
 */
#ifndef TRAPEZE_DCACHE_H
#define TRAPEZE_DCACHE_H

#include <stdbool.h>
#include <stdint.h>
#include "decode.h"

#define DPAGE_INSNS DECODE_PAGE_INSNS  /* 4 KiB of code */
#define DCACHE_SLOTS 256        /* direct-mapped; 2 MiB of decodings at most */

struct dpage {
    const uint8_t *host;        /* the code page (the tag); NULL: unused */
    struct dinsn d[DPAGE_INSNS + 2];
};

struct cpu;

/* The decoding of the page at host_page, made (empty) if it is new; NULL
 * only if memory is exhausted. */
struct dpage *dcache_get(struct cpu *c, const uint8_t *host_page);
/* The MMU's code_written hook (see mmu.h). */
bool dcache_code_written(void *opaque, const uint8_t *host_page,
                         unsigned offset, unsigned size);
/* Forget every decoding (reset). */
void dcache_clear(struct cpu *c);
void dcache_free(struct cpu *c);

#endif
