/*
 * kalloc.c -- the physical page allocator.
 *
 * Free RAM is cut into 4 KiB pages kept on a linked list; the link lives
 * in the free page itself, so the list costs no memory.  kalloc() takes a
 * page off the list and returns it zeroed, kfree() puts it back.  Pages
 * are handed around by their kernel (ksseg) address: 0xC0000000 + pa, the
 * address through which the kernel reads and writes them.  Page tables,
 * kernel stacks and user memory all come from here.
 */
#include "kernel.h"

struct free_page {
    struct free_page *next;
};

static struct free_page *free_list;

static uint32_t page_round_up(uint32_t a)
{
    return (a + PAGE_SIZE - 1) & ~(uint32_t)(PAGE_SIZE - 1);
}

/* Give the whole pages of physical [start, end) to the allocator. */
void kalloc_add_range(uint32_t start_pa, uint32_t end_pa)
{
    for (uint32_t pa = page_round_up(start_pa); pa + PAGE_SIZE <= end_pa; pa += PAGE_SIZE)
        kfree((void *)P2K(pa));
}

void kalloc_init(uint32_t start_pa, uint32_t end_pa)
{
    free_list = NULL;
    kalloc_add_range(start_pa, end_pa);
}

void kfree(void *page)
{
    uint32_t a = (uint32_t)page;
    if (a % PAGE_SIZE != 0 || a < KSSEG_BASE)
        panic("kfree: bad page %p", page);
    struct free_page *p = page;
    p->next = free_list;
    free_list = p;
}

/* A zeroed page, or NULL when memory is exhausted. */
void *kalloc(void)
{
    struct free_page *p = free_list;
    if (p == NULL)
        return NULL;
    free_list = p->next;
    memset(p, 0, PAGE_SIZE);
    return p;
}
