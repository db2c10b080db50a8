/*
 * vm.c -- page tables: each process's map from user pages to physical ones.
 *
 * A user address (kuseg, below 0x80000000) is split into three parts:
 *
 *     31      22 21      12 11        0
 *    +----------+----------+-----------+
 *    | dir (9)  | table(10)|offset (12)|
 *    +----------+----------+-----------+
 *
 * pgdir[dir] holds the kernel address of a page of 1024 page-table
 * entries (or 0: nothing mapped in those 4 MiB), and entry [table] of that
 * page describes one 4 KiB page.  The entry has exactly the format of the
 * TLB's EntryLo register: the physical frame number and the V (valid), D
 * (writable) and C (cacheable) bits.  That is the whole trick of a fast
 * refill handler: tlb_refill (vectors.S) finds the two entries of an
 * even/odd pair next to each other and copies them into the TLB unchanged.
 *
 * The kernel never touches user memory through user addresses (that would
 * need the TLB, and could fault).  vm_copyin/vm_copyout look the page up
 * here and use its kernel alias 0xC0000000 + pa instead, and they refuse
 * anything that is not mapped: a bad pointer passed to a syscall is an
 * error, never a kernel crash.
 */
#include "kernel.h"

#define PGDIR_ENTRIES  512                      /* 2 GiB of kuseg / 4 MiB */
#define PDX(va)        ((va) >> 22)
#define PTX(va)        (((va) >> PAGE_SHIFT) & 0x3FF)
#define PTE_ADDR(pte)  (((pte) >> ENTRYLO_PFN_SHIFT) << PAGE_SHIFT)
#define PTE_MAKE(pa, writable) \
    ((((pa) >> PAGE_SHIFT) << ENTRYLO_PFN_SHIFT) | ENTRYLO_CACHED | ENTRYLO_V | \
     ((writable) ? ENTRYLO_D : 0))

/* A new, empty page directory. */
uint32_t *vm_create(void)
{
    return kalloc();
}

/* The page-table entry for va, or NULL.  With create, a missing
 * second-level page is allocated (NULL if memory is short). */
static pte_t *walk(uint32_t *pgdir, uint32_t va, bool create)
{
    if (va >= USER_TOP)
        return NULL;
    pte_t *table = (pte_t *)pgdir[PDX(va)];
    if (table == NULL) {
        if (!create || (table = kalloc()) == NULL)
            return NULL;
        pgdir[PDX(va)] = (uint32_t)table;
    }
    return &table[PTX(va)];
}

/* Give [start, end) fresh zeroed pages (start and end are rounded out to
 * pages).  Pages already mapped are kept; `writable` then only adds D. */
int vm_alloc(uint32_t *pgdir, uint32_t start, uint32_t end, bool writable)
{
    start &= ~(uint32_t)(PAGE_SIZE - 1);
    if (end > USER_TOP || start >= end)
        return start == end ? 0 : E_INVAL;
    for (uint32_t va = start; va < end && va >= start; va += PAGE_SIZE) {
        pte_t *pte = walk(pgdir, va, true);
        if (pte == NULL)
            return E_NOMEM;
        if (*pte & ENTRYLO_V) {
            if (writable)
                *pte |= ENTRYLO_D;
            continue;
        }
        void *page = kalloc();
        if (page == NULL)
            return E_NOMEM;
        *pte = PTE_MAKE(K2P(page), writable);
    }
    return 0;
}

/* Free every page of an address space, its page tables, and pgdir. */
void vm_free(uint32_t *pgdir)
{
    for (unsigned d = 0; d < PGDIR_ENTRIES; d++) {
        pte_t *table = (pte_t *)pgdir[d];
        if (table == NULL)
            continue;
        for (unsigned t = 0; t < PAGE_SIZE / sizeof(pte_t); t++)
            if (table[t] & ENTRYLO_V)
                kfree((void *)P2K(PTE_ADDR(table[t])));
        kfree(table);
    }
    kfree(pgdir);
}

/* The kernel address of user address va, if it is mapped (and writable,
 * if asked); else NULL. */
static uint8_t *user_byte(uint32_t *pgdir, uint32_t va, bool need_writable)
{
    pte_t *pte = walk(pgdir, va, false);
    if (pte == NULL || !(*pte & ENTRYLO_V))
        return NULL;
    if (need_writable && !(*pte & ENTRYLO_D))
        return NULL;
    return (uint8_t *)P2K(PTE_ADDR(*pte) + (va & (PAGE_SIZE - 1)));
}

/* Copy n bytes between kernel memory and user memory, page by page. */
static int copy_user(uint32_t *pgdir, uint32_t va, uint8_t *kbuf, uint32_t n,
                     bool to_user, bool check_writable)
{
    while (n > 0) {
        uint8_t *p = user_byte(pgdir, va, to_user && check_writable);
        if (p == NULL)
            return E_FAULT;
        uint32_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
        if (chunk > n)
            chunk = n;
        if (to_user)
            memcpy(p, kbuf, chunk);
        else
            memcpy(kbuf, p, chunk);
        va += chunk;
        kbuf += chunk;
        n -= chunk;
    }
    return 0;
}

int vm_copyin(uint32_t *pgdir, void *dst, uint32_t va, uint32_t n)
{
    return copy_user(pgdir, va, dst, n, false, false);
}

int vm_copyout(uint32_t *pgdir, uint32_t va, const void *src, uint32_t n)
{
    return copy_user(pgdir, va, (uint8_t *)src, n, true, true);
}

/* Like vm_copyout, but also into read-only pages: for loading programs. */
int vm_load(uint32_t *pgdir, uint32_t va, const void *src, uint32_t n)
{
    return copy_user(pgdir, va, (uint8_t *)src, n, true, false);
}

/* Copy a NUL-terminated string of at most max bytes (NUL included) from
 * user memory.  Returns its length, or E_FAULT / E_2BIG. */
int vm_copyinstr(uint32_t *pgdir, char *dst, uint32_t va, uint32_t max)
{
    for (uint32_t i = 0; i < max; i++) {
        uint8_t *p = user_byte(pgdir, va + i, false);
        if (p == NULL)
            return E_FAULT;
        dst[i] = (char)*p;
        if (*p == '\0')
            return (int)i;
    }
    return E_2BIG;
}
