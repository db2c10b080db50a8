/*
 * cp0.c -- coprocessor 0, the system control coprocessor.
 *
 * CP0 is how a MIPS kernel talks to the hardware: the TLB registers
 * (Index, Random, EntryLo0/1, PageMask, EntryHi, Wired), the exception
 * registers (Status, Cause, EPC, BadVAddr, Context), the timer (Count,
 * Compare) and the identification registers (PRId, Config, Config1).
 *
 * Each register has a *write mask*: bits software may change.  The others
 * are read-only, or reserved and read as zero.  The table cp0_regs below
 * gives, for every implemented register, its name and mask; mtc0 writes
 * (old & ~mask) | (new & mask) and then applies the register's side effect
 * (a new ASID flushes the translation cache, writing Compare clears the
 * timer interrupt, writing Wired resets Random, ...).
 *
 * Two registers change on every cycle of a real CPU: Count increments and
 * Random decrements.  Updating them per instruction would cost time in the
 * hottest loop of the emulator, so they are not stored at all: each is a
 * function of the instruction counter and of the last value software
 * wrote.  The timer interrupt is likewise computed ahead of time: we know
 * at which instruction count Count will equal Compare (timer_icount), and
 * the run loop stops there.
 */
#include <string.h>
#include "cpu_internal.h"

/* PRId of a MIPS 4Kc: company 1 (MIPS Technologies), processor 0x80. */
#define PRID_4KC 0x00018001u

/* Config: M (Config1 follows), little-endian, MIPS32 Release 1, standard
 * TLB (MT=1), kseg0 coherency K0 writable (reset: 2, uncached). */
#define CONFIG0_RESET  (0x80000000u | (1u << 7) | 2u)
#define CONFIG0_MASK   0x00000007u

struct cp0_reg_info {
    const char *name;
    uint32_t write_mask;
};

/* Registers at select 0. Masks for registers with side effects are used
 * by cpu_cp0_write too.  Names match objdump's c0_* spelling. */
static const struct cp0_reg_info cp0_regs[32] = {
    [CP0_INDEX]    = { "index",    0x0000003Fu },  /* narrowed to the TLB size */
    [CP0_RANDOM]   = { "random",   0 },
    [CP0_ENTRYLO0] = { "entrylo0", ENTRYLO_WRITE_MASK },
    [CP0_ENTRYLO1] = { "entrylo1", ENTRYLO_WRITE_MASK },
    [CP0_CONTEXT]  = { "context",  0xFF800000u },  /* PTEBase; BadVPN2 is read-only */
    [CP0_PAGEMASK] = { "pagemask", PAGEMASK_MASK },
    [CP0_WIRED]    = { "wired",    0x0000003Fu },
    [CP0_BADVADDR] = { "badvaddr", 0 },
    [CP0_COUNT]    = { "count",    0xFFFFFFFFu },
    [CP0_ENTRYHI]  = { "entryhi",  ENTRYHI_VPN2_MASK | ENTRYHI_ASID_MASK },
    [CP0_COMPARE]  = { "compare",  0xFFFFFFFFu },
    /* CU0, BEV, TS, SR, NMI, IM, KSU, ERL, EXL, IE.  No FPU (CU1), no
     * reverse endian (RE), no 64-bit (UX/SX/KX). */
    [CP0_STATUS]   = { "status",   0x1078FF1Fu },
    [CP0_CAUSE]    = { "cause",    CAUSE_IV | 0x00000300u },  /* IV, IP1..0 */
    [CP0_EPC]      = { "epc",      0xFFFFFFFFu },
    [CP0_PRID]     = { "prid",     0 },
    [CP0_CONFIG]   = { "config",   CONFIG0_MASK },
    [CP0_LLADDR]   = { "lladdr",   0 },
    [CP0_ERROREPC] = { "errorepc", 0xFFFFFFFFu },
};

void cp0_reset(struct cpu *c)
{
    struct cp0 *p = &c->cp0;
    memset(p, 0, sizeof *p);
    p->status = ST_BEV | ST_ERL;
    p->config0 = CONFIG0_RESET;
    p->random_icount = c->icount;
    p->count_icount = c->icount;
    cp0_rearm_timer(c);
    cp0_update_mmu_context(c);
}

/* ---- Count, Compare and the timer interrupt ---------------------------- */

static uint64_t counts_since_base(const struct cpu *c)
{
    return (c->icount - c->cp0.count_icount) / c->count_divisor;
}

uint32_t cp0_count(const struct cpu *c)
{
    return c->cp0.count_base + (uint32_t)counts_since_base(c);
}

/* Compute the instruction count at which Count next becomes equal to
 * Compare (strictly in the future).  */
void cp0_rearm_timer(struct cpu *c)
{
    struct cp0 *p = &c->cp0;
    uint64_t elapsed = counts_since_base(c);
    uint32_t now = p->count_base + (uint32_t)elapsed;
    uint64_t delta = (uint32_t)(p->compare - now);
    if (delta == 0)
        delta = 1ull << 32;           /* equal now: next time round */
    p->timer_icount = p->count_icount + (elapsed + delta) * c->count_divisor;
}

/* Called by the run loop when icount reaches timer_icount. */
void cp0_check_timer(struct cpu *c)
{
    if (c->icount >= c->cp0.timer_icount) {
        c->cp0.timer_pending = true;
        cp0_rearm_timer(c);
    }
}

/* ---- Random ---------------------------------------------------------------
 * Random counts down from entries-1 to Wired and wraps, once per
 * instruction; it is reset to entries-1 when Wired is written. */
uint32_t cp0_random(const struct cpu *c)
{
    uint32_t wired = c->cp0.wired < c->ntlb ? c->cp0.wired : c->ntlb - 1;
    uint32_t span = c->ntlb - wired;
    uint64_t ticks = c->icount - c->cp0.random_icount;
    return c->ntlb - 1 - (uint32_t)(ticks % span);
}

/* Cause as software reads it: the stored bits plus the interrupt lines. */
uint32_t cp0_cause(const struct cpu *c)
{
    uint32_t ip = c->cp0.hw_ip | (c->cp0.timer_pending ? 0x80u : 0);
    return c->cp0.cause | (ip << CAUSE_IP_SHIFT);
}

/* Tell the MMU which translation context is in force. */
void cp0_update_mmu_context(struct cpu *c)
{
    static const enum mmu_mode to_mmu[3] = { MMU_KERNEL, MMU_SUPER, MMU_USER };
    uint32_t st = c->cp0.status;
    cpu_account_mode(c);                /* c->cur_mode is the new mode */
    cpu_sync_point(c);                  /* the run loop's code page is stale */
    mmu_set_context(&c->mmu, to_mmu[c->cur_mode],
                    (uint8_t)(c->cp0.entryhi & ENTRYHI_ASID_MASK),
                    (st & ST_ERL) != 0);
}

/* ---- mfc0 / mtc0 ------------------------------------------------------- */

uint32_t cpu_cp0_read(struct cpu *c, unsigned reg, unsigned sel)
{
    const struct cp0 *p = &c->cp0;
    reg &= 31;
    if (sel != 0) {
        if (reg == CP0_CONFIG && sel == 1)
            return ((c->ntlb - 1) << 25);   /* MMUSize-1; no caches, FPU, ... */
        return 0;
    }
    switch (reg) {
    case CP0_INDEX:    return p->index;
    case CP0_RANDOM:   return cp0_random(c);
    case CP0_ENTRYLO0: return p->entrylo0;
    case CP0_ENTRYLO1: return p->entrylo1;
    case CP0_CONTEXT:  return p->context;
    case CP0_PAGEMASK: return p->pagemask;
    case CP0_WIRED:    return p->wired;
    case CP0_BADVADDR: return p->badvaddr;
    case CP0_COUNT:    return cp0_count(c);
    case CP0_ENTRYHI:  return p->entryhi;
    case CP0_COMPARE:  return p->compare;
    case CP0_STATUS:   return p->status;
    case CP0_CAUSE:    return cp0_cause(c);
    case CP0_EPC:      return p->epc;
    case CP0_PRID:     return PRID_4KC;
    case CP0_CONFIG:   return p->config0;
    case CP0_LLADDR:   return p->lladdr;
    case CP0_ERROREPC: return p->errorepc;
    default:           return 0;     /* unimplemented: reads 0 */
    }
}

static uint32_t masked(uint32_t old, uint32_t v, uint32_t mask)
{
    return (old & ~mask) | (v & mask);
}

uint32_t cp0_status_written(const struct cpu *c, uint32_t v)
{
    return masked(c->cp0.status, v, cp0_regs[CP0_STATUS].write_mask);
}

/* The mask of Index bits that can hold an entry number. */
static uint32_t index_mask(const struct cpu *c)
{
    uint32_t m = 1;
    while (m < c->ntlb)
        m <<= 1;
    return m - 1;
}

void cpu_cp0_write(struct cpu *c, unsigned reg, unsigned sel, uint32_t v)
{
    struct cp0 *p = &c->cp0;
    reg &= 31;
    if (sel != 0)
        return;                       /* Config1 is read-only; the rest absent */
    uint32_t mask = cp0_regs[reg].write_mask;
    switch (reg) {
    case CP0_INDEX:
        /* P (bit 31) is read-only: only tlbp sets or clears it. */
        p->index = (p->index & 0x80000000u) | (v & index_mask(c));
        break;
    case CP0_ENTRYLO0: p->entrylo0 = v & mask; break;
    case CP0_ENTRYLO1: p->entrylo1 = v & mask; break;
    case CP0_CONTEXT:  p->context = masked(p->context, v, mask); break;
    case CP0_PAGEMASK: p->pagemask = v & mask; break;
    case CP0_WIRED:
        p->wired = v & index_mask(c);
        p->random_icount = c->icount;  /* Random restarts at entries-1 */
        break;
    case CP0_COUNT:
        p->count_base = v;
        p->count_icount = c->icount;
        cp0_rearm_timer(c);
        cpu_sync_point(c);
        break;
    case CP0_ENTRYHI: {
        uint32_t old_asid = p->entryhi & ENTRYHI_ASID_MASK;
        p->entryhi = v & mask;
        if ((p->entryhi & ENTRYHI_ASID_MASK) != old_asid)
            cp0_update_mmu_context(c);
        break;
    }
    case CP0_COMPARE:
        p->compare = v;
        p->timer_pending = false;      /* writing Compare acknowledges the timer */
        cp0_rearm_timer(c);
        /* No interrupt can become pending by this write, so the block need
         * not end now: only the run loop's look at the timer must come no
         * later than the new deadline.  (The monitor writes the physical
         * Compare on every trap it resumes inline.) */
        if (c->stop_at > p->timer_icount)
            c->stop_at = p->timer_icount;
        break;
    case CP0_STATUS:
        p->status = cp0_status_written(c, v);
        cp0_update_mmu_context(c);
        cpu_sync_point(c);             /* IE/IM/EXL may unmask an interrupt */
        break;
    case CP0_CAUSE:
        p->cause = masked(p->cause, v, mask);
        cpu_sync_point(c);             /* a software interrupt may be raised */
        break;
    case CP0_EPC:      p->epc = v; break;
    case CP0_CONFIG:   p->config0 = masked(p->config0, v, mask); break;
    case CP0_ERROREPC: p->errorepc = v; break;
    default:
        break;                        /* read-only or unimplemented */
    }
}

/* ---- TLB instructions -------------------------------------------------- */

void cp0_tlbr(struct cpu *c)
{
    struct cp0 *p = &c->cp0;
    struct tlb_entry e = tlb_read(c->tlb, (p->index & 0x3F) % c->ntlb);
    uint32_t old_asid = p->entryhi & ENTRYHI_ASID_MASK;
    p->pagemask = e.pagemask;
    p->entryhi = e.entryhi;
    p->entrylo0 = e.entrylo0;
    p->entrylo1 = e.entrylo1;
    if ((p->entryhi & ENTRYHI_ASID_MASK) != old_asid)
        cp0_update_mmu_context(c);
}

/* Write the CP0 image into entry idx.  A write that would make two entries
 * match one address is refused with a Machine Check (Status.TS set), as a
 * 4Kc does. */
static bool tlb_write_entry(struct cpu *c, unsigned idx)
{
    struct cp0 *p = &c->cp0;
    struct tlb_entry e = tlb_make_entry(p->pagemask, p->entryhi,
                                        p->entrylo0, p->entrylo1);
    int clash = tlb_write(c->tlb, idx, &e);
    if (clash >= 0) {
        if (c->trace & CPU_TRACE_TLB)
            fprintf(c->trace_out, "tlb: write of entry %u refused: it overlaps "
                    "entry %d (machine check)\n", idx, clash);
        p->status |= ST_TS;
        return false;
    }
    mmu_flush(&c->mmu);
    cpu_sync_point(c);
    if (c->trace & CPU_TRACE_TLB)
        fprintf(c->trace_out, "tlb: [%2u] hi=%08x lo0=%08x lo1=%08x mask=%08x\n",
                idx, e.entryhi, e.entrylo0, e.entrylo1, e.pagemask);
    if (c->tlb_hook)
        c->tlb_hook(c->tlb_hook_opaque, c, idx);
    return true;
}

bool cp0_tlbwi(struct cpu *c)
{
    return tlb_write_entry(c, (c->cp0.index & 0x3F) % c->ntlb);
}

bool cp0_tlbwr(struct cpu *c)
{
    return tlb_write_entry(c, cp0_random(c));
}

void cp0_tlbp(struct cpu *c)
{
    int i = tlb_probe(c->tlb, c->cp0.entryhi);
    if (i < 0)
        c->cp0.index |= 0x80000000u;   /* P: no match; the rest unpredictable */
    else
        c->cp0.index = (uint32_t)i;
}

const char *cpu_cp0_name(unsigned reg)
{
    return cp0_regs[reg & 31].name;
}
