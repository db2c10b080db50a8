/*
 * pmap.c -- machine frames, and each VM's map from guest frame to machine
 * frame.
 *
 * A guest believes it has RAM from physical address 0 up to its RAM size.
 * The monitor gives it machine frames only when it first touches a page
 * (through a shadow TLB entry, its virtual CPU, or the loader), wherever
 * the next free frame is: guest frame 5 of VM 1 may sit between frames of
 * VM 2.  The pmap is the table that says where.  It is the only road from
 * a guest to machine memory: shadow entries are made from it, and the
 * vCPU's guest-physical RAM is a paged bus region that asks it for each
 * page.  That is why no guest can reach a frame that is not in its own
 * pmap, and the isolation tests check exactly that.
 *
 * New frames are zeroed by the monitor (demand-zero).  A guest kernel that
 * zeroes its free pages again is doing the "double zeroing" the lecture
 * notes mention: the count of frames given shows it.
 */
#include <stdlib.h>
#include <string.h>
#include "monitor_internal.h"

int frame_pool_init(struct frame_pool *fp, uint8_t *ram, uint32_t bytes,
                    uint32_t reserved_bytes)
{
    fp->ram = ram;
    fp->nframes = bytes >> PAGE_SHIFT;
    fp->next = reserved_bytes >> PAGE_SHIFT;
    fp->owner = calloc(fp->nframes, 1);
    fp->gfn = calloc(fp->nframes, sizeof *fp->gfn);
    return fp->owner && fp->gfn ? 0 : -1;
}

void frame_pool_free(struct frame_pool *fp)
{
    free(fp->owner);
    free(fp->gfn);
    fp->owner = NULL;
    fp->gfn = NULL;
}

int pmap_init(struct pmap *p, uint32_t bytes)
{
    p->npages = bytes >> PAGE_SHIFT;
    p->mframe = malloc(sizeof *p->mframe * p->npages);
    if (p->mframe == NULL)
        return -1;
    for (uint32_t i = 0; i < p->npages; i++)
        p->mframe[i] = NO_FRAME;
    return 0;
}

void pmap_free(struct pmap *p)
{
    free(p->mframe);
    p->mframe = NULL;
}

uint32_t pmap_frame(struct vm *vm, uint32_t gfn)
{
    struct pmap *p = &vm->pmap;
    if (gfn >= p->npages)
        return NO_FRAME;
    if (p->mframe[gfn] != NO_FRAME)
        return p->mframe[gfn];
    struct frame_pool *fp = &vm->mon->frames;
    if (fp->next >= fp->nframes)
        return NO_FRAME;             /* machine RAM is sized so this cannot happen */
    uint32_t mfn = fp->next++;
    memset(fp->ram + ((size_t)mfn << PAGE_SHIFT), 0, PAGE_SIZE);
    fp->owner[mfn] = (uint8_t)vm->id;
    fp->gfn[mfn] = gfn;
    p->mframe[gfn] = mfn;
    vm->stats.frames++;
    return mfn;
}

/* The vCPU's RAM region asks here for each page (bus_map_paged). */
uint8_t *pmap_page(void *opaque, uint32_t offset)
{
    struct vm *vm = opaque;
    uint32_t mfn = pmap_frame(vm, offset >> PAGE_SHIFT);
    if (mfn == NO_FRAME)
        return NULL;
    return vm->mon->frames.ram + ((size_t)mfn << PAGE_SHIFT);
}

bool pmap_guest_address(const struct vm *vm, uint32_t mpa, uint32_t *gpa)
{
    const struct frame_pool *fp = &vm->mon->frames;
    uint32_t mfn = mpa >> PAGE_SHIFT;
    if (mfn >= fp->nframes || fp->owner[mfn] != vm->id)
        return false;
    *gpa = (fp->gfn[mfn] << PAGE_SHIFT) | (mpa & (PAGE_SIZE - 1));
    return true;
}
