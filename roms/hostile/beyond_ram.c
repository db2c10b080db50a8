/*
 * beyond_ram.c -- store into every guest-physical page that is not RAM.
 *
 * The guest maps, 32 MiB at a time, physical memory beyond its RAM with
 * its own TLB entry (one wired-above entry, 16 MiB pages, at kuseg
 * 0x40000000) and stores one word into:
 *   - every 4 KiB page from the end of RAM up to the I/O window at
 *     0x1F000000 (the devices themselves are left alone: a store to the
 *     system controller would power the machine off);
 *   - the first word of every MiB from 0x20000000 to 0xFFF00000.
 * Nothing answers there, so each store raises a bus error (DBE).  The
 * handler counts it and resumes after the store (EPC + 4): the stores are
 * in inline assembly, never in a branch delay slot, and the handler
 * refuses to guess if one ever is (BD = 1).
 *
 * Under the monitor these are guest-physical addresses outside the VM's
 * pmap: the monitor must turn each into a reflected DBE, never a store to
 * some machine frame (another VM's memory, its own structures).
 */
#include "mapped.h"

#define WINDOW      0x40000000u          /* kuseg VA of the 32 MiB window */
#define CHUNK       (32u * MIB)          /* one TLB pair of 16 MiB pages */
#define MARK        0xBAD00000u          /* | page number: a stray store is traceable */

static volatile uint32_t n_dbe, n_other;
static uint32_t slot;                    /* our TLB entry: the first non-wired */

static void handler(struct mp_frame *f)
{
    unsigned code = CAUSE_CODE(f->cause);
    if (f->cause & CAUSE_BD) {
        mp_printf("beyond_ram: exception %s in a delay slot at 0x%08x\n",
                  mp_exc_name(code), f->epc);
        mp_poweroff(3);
    }
    if (code == EXC_DBE)
        n_dbe++;
    else
        n_other++;
    f->epc += 4;
}

/* Map the 32 MiB-aligned physical chunk at WINDOW. */
static void map_chunk(uint32_t pa)
{
    mp_tlb_write(slot, PAGEMASK_16M, WINDOW,
                 ENTRYLO(pa, LO_UNCACHED | LO_D | LO_V | LO_G),
                 ENTRYLO(pa + 16 * MIB, LO_UNCACHED | LO_D | LO_V | LO_G));
}

static void store(uint32_t va, uint32_t value)
{
    __asm__ __volatile__("sw %0, 0(%1)" : : "r"(value), "r"(va) : "memory");
}

/* One store every `step` bytes of physical [from, to), to < 2^32 or 0. */
static uint32_t sweep(uint32_t from, uint32_t to, uint32_t step)
{
    uint32_t stores = 0, chunk = 1;      /* 1: no chunk mapped yet */
    for (uint32_t pa = from; pa != to; pa += step) {
        if ((pa & ~(CHUNK - 1)) != chunk) {
            chunk = pa & ~(CHUNK - 1);
            map_chunk(chunk);
        }
        store(WINDOW + (pa - chunk), MARK | (pa >> 12));
        stores++;
    }
    return stores;
}

static void report(const char *what, uint32_t stores)
{
    mp_printf("beyond_ram: %s: %u stores, %u bus errors, %u other exceptions\n",
              what, stores, n_dbe, n_other);
    n_dbe = n_other = 0;
}

int main(void)
{
    mp_puts("hostile beyond_ram: start\n");
    mp_set_handler(handler);
    slot = mp_tlb_wired();
    uint32_t ram = mp_ram_size();
    mp_printf("beyond_ram: RAM is %u MiB, TLB entry %u is ours\n", ram / MIB, slot);

    report("every 4 KiB page from the end of RAM to 0x1f000000",
           sweep(ram, IO_WINDOW_BASE, 4096));
    report("every MiB from 0x20000000 to 0xffffffff",
           sweep(0x20000000u, 0, MIB));

    mp_tlb_kill(slot);
    mp_puts("beyond_ram: done\n");
    return 0;
}
