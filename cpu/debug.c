/*
 * debug.c -- breakpoints and watchpoints of one CPU, for the debugger.
 *
 * Why it looks like this: the interpreter's fast path must not pay for a
 * debugger that is not there.  So the tables are *lent* to the CPU by
 * whoever owns them (the bare machine's target, or the monitor, which owns
 * one table per VM and lends it to the physical CPU only while that VM runs
 * there), and the CPU looks at them in exactly two places that are already
 * slow:
 *   - breakpoints: while a lent table holds any, exec.c runs each block one
 *     instruction per dispatch check (as --trace insn does) and calls
 *     cpu_break_check() with the PC before each instruction;
 *   - watchpoints: the MMU keeps watched pages out of its translation cache
 *     (mmu.c), so accesses to them take the slow path, which checks the
 *     range and calls watch_hit() here: after the access, or before it for
 *     a "stop before" watchpoint (MMU_WATCH_BEFORE, what GDB wants).
 * A hit records what happened and asks the run loop to stop, as a device's
 * power-off does; cpu_run() then returns CPU_STOP_BREAKPOINT or
 * CPU_STOP_WATCHPOINT instead of CPU_STOP_REQUEST.
 *
 * Resuming at a breakpoint one stopped at must not stop again at once
 * (GDB semantics): cpu_break_skip() promises that the very next check, if it
 * is at that PC, passes.  The promise is kept by the caller, because only it
 * knows when the program it stopped resumes (under the monitor, the physical
 * CPU may run other VMs in between).
 *
 * Stopping before an access
 * -------------------------
 * A real MIPS with WatchLo/WatchHi raises its Watch exception before the
 * load or store commits: EPC is the instruction, or its branch when it
 * sits in a delay slot (Cause.BD), and the branch runs again on return.
 * GDB relies on exactly that ("non-steppable" watchpoints): it removes the
 * watchpoint, steps over the instruction and then compares the values.  So
 * for a MMU_WATCH_BEFORE watchpoint the MMU asks watch_hit() first; true
 * makes it refuse the access (MMU_WATCH_STOP) and the interpreter, instead
 * of raising an exception, calls cpu_watch_rewind(): the instruction has
 * not begun, and a delay slot's branch is taken back too (its count, hence
 * Count, as before it; running it again rewrites the same link register,
 * which is why the architecture may restart branches at all).
 *
 * Resuming must then perform that very access once without stopping, or
 * the program could never get past it.  cpu_watch_skip() is the promise,
 * armed by the caller at resume time like cpu_break_skip(): it names the
 * access (address, load or store) and the instruction count at which its
 * instruction (or branch) starts, and is forgotten at the first watch hit
 * after that count (or its slot's): a promise nobody used (the PC was
 * changed, another program ran under the monitor) goes stale by itself.
 * The one thing it cannot tell apart is an interrupt taken on resuming
 * whose handler's first instruction makes that very same access.
 */
#include <string.h>
#include "cpu_internal.h"

/* ---- editing a table --------------------------------------------------- */

int cpu_points_add_break(struct cpu_points *p, uint32_t pc, int id)
{
    if (p->nbreak >= CPU_MAX_BREAKPOINTS)
        return -1;
    p->brk[p->nbreak] = pc;
    p->brk_id[p->nbreak] = id;
    return (int)p->nbreak++;
}

int cpu_points_add_watch(struct cpu_points *p, uint32_t addr, uint32_t len,
                         unsigned access, int id)
{
    struct mmu_watchlist *l = &p->watch;
    if (l->n >= MMU_MAX_WATCH || len == 0 ||
        (access & (MMU_WATCH_READ | MMU_WATCH_WRITE)) == 0)
        return -1;
    l->w[l->n] = (struct mmu_watch){ .addr = addr, .len = len,
                                     .access = access, .id = id };
    return (int)l->n++;
}

bool cpu_points_remove(struct cpu_points *p, int id)
{
    for (unsigned i = 0; i < p->nbreak; i++) {
        if (p->brk_id[i] == id) {
            p->nbreak--;
            p->brk[i] = p->brk[p->nbreak];
            p->brk_id[i] = p->brk_id[p->nbreak];
            return true;
        }
    }
    struct mmu_watchlist *l = &p->watch;
    for (unsigned i = 0; i < l->n; i++) {
        if (l->w[i].id == id) {
            l->w[i] = l->w[--l->n];
            return true;
        }
    }
    return false;
}

/* ---- lending tables to the CPU ------------------------------------------ */

static void record_hit(struct cpu *c, const struct cpu_hit *h)
{
    c->hit = *h;
    c->hit_pending = true;
    cpu_request_stop(c);
}

/* Is this the access a resume promised to let through?  c->icount is the
 * count of the accessing instruction: the interpreter writes it back before
 * every slow-path access. */
static bool watch_skipped(struct cpu *c, uint32_t vaddr, bool write)
{
    if (!c->wskip_armed)
        return false;
    if (c->icount < c->wskip_at || c->icount - c->wskip_at > 1) {
        c->wskip_armed = false;          /* past it: the promise is stale */
        return false;
    }
    if (vaddr != c->wskip_addr || write != c->wskip_write)
        return false;                    /* e.g. swl's load before its store */
    c->wskip_armed = false;
    return true;
}

/* The MMU's report: an access touched a watched range.  For a "stop
 * before" watchpoint, true refuses the access. */
static bool watch_hit(void *opaque, const struct mmu_watch *w, uint32_t vaddr,
                      bool write)
{
    struct cpu *c = opaque;
    bool before = (w->access & MMU_WATCH_BEFORE) != 0;
    if (before && watch_skipped(c, vaddr, write))
        return false;                    /* resuming over this very access */
    if (c->hit_pending)
        return false;                    /* the first hit of a step wins */
    struct cpu_hit h = { .kind = CPU_HIT_WATCH, .id = w->id, .addr = vaddr,
                         .write = write, .before = before };
    record_hit(c, &h);
    return before;
}

void cpu_watch_rewind(struct cpu *c, uint64_t icount, uint32_t pc, bool in_slot)
{
    c->exc_has_insn = false;             /* no exception will use the word */
    c->icount = in_slot ? icount - 1 : icount;   /* the branch, unretired */
    if (c->mode_since > c->icount)       /* the branch ran in an earlier */
        c->mode_since = c->icount;       /* run, just after a mode change */
    c->pc = in_slot ? pc - 4 : pc;
    c->delay_slot = false;
}

void cpu_watch_skip(struct cpu *c, bool armed, uint32_t addr, bool write,
                    uint64_t at)
{
    c->wskip_armed = armed;
    c->wskip_addr = addr;
    c->wskip_write = write;
    c->wskip_at = at;
}

void cpu_set_points(struct cpu *c, const struct cpu_points *brk,
                    const struct cpu_points *watch)
{
    c->brk = brk;
    c->one_by_one = (c->trace & CPU_TRACE_INSN) || brk != NULL;
    if (watch != c->watch) {
        c->watch = watch;
        c->mmu.watch = watch ? &watch->watch : NULL;
        c->mmu.watch_hit = watch_hit;
        cpu_points_changed(c);
    }
}

void cpu_points_changed(struct cpu *c)
{
    mmu_flush(&c->mmu);          /* a newly watched page may be cached */
    cpu_sync_point(c);
}

void cpu_break_skip(struct cpu *c, bool armed, uint32_t pc)
{
    c->skip_armed = armed;
    c->skip_pc = pc;
}

bool cpu_break_check(struct cpu *c, uint32_t pc)
{
    if (c->skip_armed) {
        c->skip_armed = false;
        if (pc == c->skip_pc)
            return false;
    }
    const struct cpu_points *p = c->brk;
    for (unsigned i = 0; i < p->nbreak; i++) {
        if (p->brk[i] == pc) {
            struct cpu_hit h = { .kind = CPU_HIT_BREAK, .id = p->brk_id[i],
                                 .pc = pc };
            record_hit(c, &h);
            return true;
        }
    }
    return false;
}

void cpu_last_hit(const struct cpu *c, struct cpu_hit *h)
{
    *h = c->hit;
    if (h->kind == CPU_HIT_WATCH)
        h->pc = c->pc;
}

/* ---- inspection ---------------------------------------------------------- */

uint64_t cpu_retired(const struct cpu *c)
{
    return c->icount - c->stats.idle;
}

bool cpu_virt_to_phys(struct cpu *c, uint32_t vaddr, bool store,
                      uint32_t *paddr)
{
    struct mmu_translation t;
    if (mmu_translate(&c->mmu, vaddr, store ? MMU_STORE : MMU_LOAD, &t) != MMU_OK)
        return false;
    *paddr = t.paddr;
    return true;
}
