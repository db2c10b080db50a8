/*
 * shadow.c -- the real TLB, as the monitor uses it.
 *
 * While a guest runs directly, its addresses are translated by the
 * physical CPU's real TLB, and every entry there is a *shadow*: a copy of
 * one of the guest's own (virtual) TLB entries in which the guest frame has
 * been replaced by the machine frame the pmap gives.  The monitor writes
 * them one 4 KiB pair at a time, on demand, when the physical CPU misses
 * (trap.c: a TLB refill answered from the virtual TLB):
 *
 *   - always 4 KiB pages, whatever the guest's page size, because the pmap
 *     places each guest frame separately;
 *   - never G: a guest's global page is global to that guest only, so the
 *     shadow carries the ASID the guest had when it missed;
 *   - D is the guest's D AND the monitor's own write permission (all guest
 *     RAM is writable to its owner, so it is the guest's D).
 *
 * For each real entry the monitor remembers which VM, guest page and
 * virtual entry it came from (struct shadow_slot), so that
 *   - a guest tlbwi/tlbwr retires exactly the shadows of the virtual entry
 *     it overwrites (shadow_retire_ventry);
 *   - a world switch retires the outgoing VM's shadows (shadow_flush);
 *   - the debugger's `tlb` can say which VM and guest page an entry shadows.
 *
 * A retired entry is made unmatchable the way the firmware does it: V=0
 * and a distinct VPN2 in kseg0, which is never translated.
 */
#include <stdlib.h>
#include "monitor_internal.h"

static struct tlb_entry unmatchable(unsigned index)
{
    return tlb_make_entry(0, 0x80000000u + ((uint32_t)index << 13), 0, 0);
}

static void retire(struct monitor *m, unsigned index)
{
    struct tlb_entry e = unmatchable(index);
    cpu_tlb_write(m->pcpu, index, &e);
    m->shadow[index].vm = 0;
    m->shadow[index].vindex[0] = m->shadow[index].vindex[1] = -1;
}

void shadow_init(struct monitor *m)
{
    for (unsigned i = 0; i < m->ntlb; i++)
        retire(m, i);
    m->shadow_next = 0;
}

static int find_slot(const struct monitor *m, unsigned vm, uint32_t vpn2,
                     uint8_t asid)
{
    for (unsigned i = 0; i < m->ntlb; i++) {
        const struct shadow_slot *s = &m->shadow[i];
        if (s->vm == vm && s->va == vpn2 && s->asid == asid)
            return (int)i;
    }
    return -1;
}

/* Round robin over the real TLB, preferring a free entry when there is
 * one at hand. */
static unsigned pick_victim(struct monitor *m)
{
    for (unsigned k = 0; k < m->ntlb; k++) {
        unsigned i = (m->shadow_next + k) % m->ntlb;
        if (m->shadow[i].vm == 0) {
            m->shadow_next = (i + 1) % m->ntlb;
            return i;
        }
    }
    unsigned i = m->shadow_next;
    m->shadow_next = (i + 1) % m->ntlb;
    return i;
}

int shadow_fill(struct monitor *m, struct vm *vm, uint32_t va, uint8_t asid,
                uint32_t mfn, bool dirty, int vindex, struct tlb_entry *out)
{
    uint32_t vpn2 = va & ENTRYHI_VPN2_MASK;
    unsigned half = (va >> PAGE_SHIFT) & 1;
    int found = find_slot(m, vm->id, vpn2, asid);
    unsigned index = found >= 0 ? (unsigned)found : pick_victim(m);
    struct tlb_entry old = tlb_read(cpu_tlb(m->pcpu), index);
    uint32_t lo[2] = { 0, 0 };
    if (found >= 0) {
        lo[0] = old.entrylo0;
        lo[1] = old.entrylo1;
    }
    lo[half] = (mfn << ENTRYLO_PFN_SHIFT) | (3u << ENTRYLO_C_SHIFT) |
               ENTRYLO_V | (dirty ? ENTRYLO_D : 0);        /* never G */
    struct tlb_entry e = tlb_make_entry(0, vpn2 | asid, lo[0], lo[1]);
    int clash = cpu_tlb_write(m->pcpu, index, &e);
    if (clash >= 0) {
        /* Cannot happen while every real entry is a slot of this table;
         * retire the other one rather than trust that. */
        retire(m, (unsigned)clash);
        cpu_tlb_write(m->pcpu, index, &e);
    }
    struct shadow_slot *s = &m->shadow[index];
    s->vm = vm->id;
    s->va = vpn2;
    s->asid = asid;
    if (found < 0)
        s->vindex[half ^ 1] = -1;
    s->vindex[half] = vindex;
    if (out)
        *out = e;
    return (int)index;
}

void shadow_retire_ventry(struct monitor *m, struct vm *vm, int vindex)
{
    for (unsigned i = 0; i < m->ntlb; i++) {
        const struct shadow_slot *s = &m->shadow[i];
        if (s->vm == vm->id && (s->vindex[0] == vindex || s->vindex[1] == vindex))
            retire(m, i);
    }
}

void shadow_flush(struct monitor *m)
{
    for (unsigned i = 0; i < m->ntlb; i++)
        if (m->shadow[i].vm != 0)
            retire(m, i);
}

bool monitor_shadow_owner(const struct monitor *m, unsigned index,
                          unsigned *vm, uint32_t *guest_va, int *vtlb_index)
{
    if (index >= m->ntlb || m->shadow[index].vm == 0)
        return false;
    const struct shadow_slot *s = &m->shadow[index];
    *vm = s->vm;
    *guest_va = s->va;
    *vtlb_index = s->vindex[0] >= 0 ? s->vindex[0] : s->vindex[1];
    return true;
}
