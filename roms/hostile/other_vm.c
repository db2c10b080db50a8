/*
 * other_vm.c -- write where the other VMs' memory would be.
 *
 * A simple monitor might lay VMs out one after another in machine memory:
 * VM 1 at [0, RAM), VM 2 at [RAM, 2 RAM), and so on.  This guest writes
 * a marker pattern (0xA5000000 ^ the physical address) into the
 * guest-physical ranges where VM 2 and VM 3 would then be, and into the
 * range at 256 MiB, through its own TLB entries (16 MiB pages at kuseg
 * 0x40000000, 32 MiB at a time), then reads everything back.
 *
 * To show that the method works, it first does the same in 1 MiB of its
 * own RAM (at 8 MiB, which nothing else uses): every word reads back as
 * written.  Beyond its RAM every store and every load must raise a bus
 * error (DBE), and no load may ever return a marker -- on the bare
 * machine there is nothing there.  Ranges are clipped below the I/O
 * window (0x1F000000), so a big RAM never makes it store to a device.
 *
 * Under the monitor the same must hold: guest-physical addresses outside
 * the VM's pmap are not another VM's machine frames, whatever the layout.
 */
#include "mapped.h"

#define WINDOW  0x40000000u              /* kuseg VA of the 32 MiB window */
#define CHUNK   (32u * MIB)
#define MARKER(pa) (0xA5000000u ^ (pa))

static volatile uint32_t n_dbe, n_other_exc;
static uint32_t slot, mapped = 1;        /* 1: no chunk mapped yet */

static void handler(struct mp_frame *f)
{
    if (f->cause & CAUSE_BD) {
        mp_printf("other_vm: exception in a delay slot at 0x%08x\n", f->epc);
        mp_poweroff(3);
    }
    if (CAUSE_CODE(f->cause) == EXC_DBE)
        n_dbe++;
    else
        n_other_exc++;
    f->epc += 4;
}

/* The VA of pa, mapping its 32 MiB chunk at WINDOW if need be. */
static uint32_t window(uint32_t pa)
{
    uint32_t chunk = pa & ~(CHUNK - 1);
    if (chunk != mapped) {
        mp_tlb_write(slot, PAGEMASK_16M, WINDOW,
                     ENTRYLO(chunk, LO_UNCACHED | LO_D | LO_V | LO_G),
                     ENTRYLO(chunk + 16 * MIB, LO_UNCACHED | LO_D | LO_V | LO_G));
        mapped = chunk;
    }
    return WINDOW + (pa - chunk);
}

static void range(const char *what, uint32_t from, uint32_t to, uint32_t step)
{
    if (to > IO_WINDOW_BASE)
        to = IO_WINDOW_BASE;
    if (from >= to) {
        mp_printf("other_vm: %s: empty below the I/O window\n", what);
        return;
    }
    uint32_t n = 0, marks = 0, others = 0, st_dbe, ld_dbe;

    n_dbe = 0;
    for (uint32_t pa = from; pa < to; pa += step) {
        uint32_t v = MARKER(pa);
        __asm__ __volatile__("sw %0, 0(%1)" : : "r"(v), "r"(window(pa)) : "memory");
        n++;
    }
    st_dbe = n_dbe;

    n_dbe = 0;
    for (uint32_t pa = from; pa < to; pa += step) {
        uint32_t before = n_dbe, v = 0;
        __asm__ __volatile__("lw %0, 0(%1)" : "+r"(v) : "r"(window(pa)) : "memory");
        if (n_dbe != before)
            continue;
        if (v == MARKER(pa))
            marks++;
        else
            others++;
    }
    ld_dbe = n_dbe;

    mp_printf("other_vm: %s [0x%08x, 0x%08x) every %u KiB: %u stores, %u bus errors; "
              "loads: %u bus errors, %u markers, %u other values\n",
              what, from, to, step / 1024, n, st_dbe, ld_dbe, marks, others);
}

int main(void)
{
    mp_puts("hostile other_vm: start\n");
    mp_set_handler(handler);
    slot = mp_tlb_wired();
    uint32_t ram = mp_ram_size();
    mp_printf("other_vm: RAM is %u MiB\n", ram / MIB);

    range("own RAM", 8 * MIB, 9 * MIB, 4096);
    range("VM 2", ram, 2 * ram, 4096);
    range("VM 3", 2 * ram, 3 * ram, 64 * 1024);
    if (ram <= 0x10000000u)
        range("at 256 MiB", 0x10000000u, 0x10000000u + ram, 64 * 1024);

    mp_tlb_kill(slot);
    mp_printf("other_vm: %u other exceptions; done\n", n_other_exc);
    return 0;
}
