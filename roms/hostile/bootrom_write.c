/*
 * bootrom_write.c -- try to overwrite the boot ROM.
 *
 * The boot ROM (physical 0x1FC00000, 1 MiB window, the firmware at its
 * start) is read-only: stores to it are ignored.  The guest stores a word,
 * a halfword and a byte at four places of the ROM -- the firmware's first
 * two words, a word past the firmware image and the window's last word --
 * through three different addresses:
 *   - kseg1 (0xBFC00000, unmapped, uncached),
 *   - the firmware's I/O window mapping in ksseg (0xDFC00000),
 *   - its own TLB entry: a 1 MiB page at kuseg 0x10000000, marked dirty
 *     (writable), onto the ROM.
 * After each store it reads the word back through the same path and
 * compares it with what it read before; a checksum of the first 4 KiB,
 * taken before and after, shows that nothing else moved either.  It
 * prints whether the ROM changed, never its contents (they are the
 * firmware's business).
 *
 * Under the monitor every VM boots from the same firmware image.  A
 * guest's stores must never reach it (through a writable shadow entry,
 * say): the next VM to boot, or reboot, must find the ROM intact.
 */
#include "mapped.h"

#define TLB_VA  0x10000000u

struct path {
    const char *name;
    uint32_t base;                       /* the ROM's first byte seen through it */
};
static const struct path paths[] = {
    { "kseg1", KSEG1(BOOTROM_BASE) },
    { "ksseg I/O window", IOWIN(BOOTROM_BASE) },
    { "own TLB entry (D=1)", TLB_VA },
};
static const uint32_t offsets[] = { 0x0, 0x4, 0x80000, BOOTROM_SIZE - 4 };

static volatile uint32_t n_exc;

static void handler(struct mp_frame *f)
{
    if (f->cause & CAUSE_BD) {
        mp_printf("bootrom_write: exception in a delay slot at 0x%08x\n", f->epc);
        mp_poweroff(3);
    }
    n_exc++;
    mp_printf("  %s at 0x%08x\n", mp_exc_name(CAUSE_CODE(f->cause)), f->epc);
    f->epc += 4;
}

static uint32_t load(uint32_t va)
{
    uint32_t v;
    __asm__ __volatile__("lw %0, 0(%1)" : "=r"(v) : "r"(va) : "memory");
    return v;
}

/* A rotate-and-add checksum of the ROM's first 4 KiB, through kseg1. */
static uint32_t checksum(void)
{
    uint32_t sum = 0;
    for (uint32_t off = 0; off < 4096; off += 4)
        sum = ((sum << 5) | (sum >> 27)) + load(KSEG1(BOOTROM_BASE) + off);
    return sum;
}

int main(void)
{
    mp_puts("hostile bootrom_write: start\n");
    mp_set_handler(handler);
    uint32_t slot = mp_tlb_wired();
    mp_tlb_write(slot, 0x001FE000u /* 1 MiB pages */, TLB_VA,
                 ENTRYLO(BOOTROM_BASE, LO_UNCACHED | LO_D | LO_V | LO_G), LO_G);
    uint32_t sum_before = checksum();
    uint32_t changed_total = 0, stores = 0;

    for (unsigned p = 0; p < sizeof paths / sizeof paths[0]; p++) {
        uint32_t changed = 0, exc_before = n_exc, stores_before = stores;
        for (unsigned o = 0; o < sizeof offsets / sizeof offsets[0]; o++) {
            uint32_t va = paths[p].base + offsets[o];
            uint32_t old = load(va);
            uint32_t v = ~old;
            __asm__ __volatile__("sw %0, 0(%1)" : : "r"(v), "r"(va) : "memory");
            changed += load(va) != old;
            __asm__ __volatile__("sh %0, 2(%1)" : : "r"(v), "r"(va) : "memory");
            changed += load(va) != old;
            __asm__ __volatile__("sb %0, 1(%1)" : : "r"(v), "r"(va) : "memory");
            changed += load(va) != old;
            stores += 3;
        }
        mp_printf("bootrom_write: %s (0x%08x): %u stores, %u exceptions, "
                  "%u read-backs differ\n", paths[p].name, paths[p].base,
                  stores - stores_before, n_exc - exc_before, changed);
        changed_total += changed;
    }

    uint32_t sum_after = checksum();
    mp_printf("bootrom_write: %u stores; first 4 KiB %s\n", stores,
              sum_after == sum_before ? "unchanged" : "CHANGED");
    mp_tlb_kill(slot);
    return changed_total || sum_after != sum_before;
}
