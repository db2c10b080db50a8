/*
 * cpu.c -- the CPU object: creation, reset, the run loop and accessors.
 *
 * cpu_run() is the outer loop.  Between blocks of instructions it does
 * what happens "between instructions" on real hardware: the timer compares
 * Count with Compare, a pending and enabled interrupt is taken, `wait`
 * idles.  exec.c runs the blocks.
 */
#include <stdlib.h>
#include <string.h>
#include "cpu_internal.h"

struct cpu *cpu_new(const struct cpu_config *cfg, struct bus *bus)
{
    unsigned n = cfg->tlb_entries ? cfg->tlb_entries : TLB_DEFAULT_ENTRIES;
    if (n < TLB_MIN_ENTRIES || n > TLB_MAX_ENTRIES || bus == NULL)
        return NULL;
    struct cpu *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    c->tlb = tlb_new(n);
    if (c->tlb == NULL) {
        free(c);
        return NULL;
    }
    c->ntlb = n;
    c->count_divisor = cfg->count_divisor ? cfg->count_divisor : 1;
    c->semihosting = cfg->semihosting;
    c->bus = bus;
    c->trace_out = stderr;
    mmu_init(&c->mmu, c->tlb, bus);
    c->mmu.code_written = dcache_code_written;
    c->mmu.code_opaque = c;
    c->code_peer = c;
    cpu_reset(c);
    return c;
}

void cpu_free(struct cpu *c)
{
    if (c == NULL)
        return;
    struct cpu *prev = c;                 /* leave the code-sharing ring */
    while (prev->code_peer != c)
        prev = prev->code_peer;
    prev->code_peer = c->code_peer;
    tlb_free(c->tlb);
    dcache_free(c);
    free(c);
}

void cpu_reset(struct cpu *c)
{
    memset(c->gpr, 0, sizeof c->gpr);
    c->hi = c->lo = 0;
    c->pc = RESET_VECTOR;
    c->delay_slot = false;
    c->llbit = false;
    c->icount = 0;
    c->waiting = c->halted = c->stop_requested = false;
    c->hit_pending = c->skip_armed = c->wskip_armed = c->left_kseg = false;
    c->exit_code = 0;
    memset(&c->stats, 0, sizeof c->stats);
    c->cur_mode = CPU_KERNEL;
    c->mode_since = 0;
    tlb_reset(c->tlb);
    cp0_reset(c);
    mmu_flush(&c->mmu);
    dcache_clear(c);          /* the loader may have rewritten RAM */
}

/* Charge the instructions since the last mode change to that mode. */
void cpu_account_mode(struct cpu *c)
{
    enum cpu_mode m = cpu_mode_of(c->cp0.status);
    c->stats.insns_by_mode[c->cur_mode] += c->icount - c->mode_since;
    c->mode_since = c->icount;
    c->cur_mode = m;
}

enum cpu_stop cpu_run(struct cpu *c, uint64_t max_insns)
{
    uint64_t end = c->icount + max_insns;
    for (;;) {
        if (c->halted)
            return CPU_STOP_HALT;
        if (c->stop_requested) {
            c->stop_requested = false;
            if (c->left_kseg) {                   /* cpu_set_kseg_only() */
                c->left_kseg = false;
                return CPU_STOP_LEFT_KSEG;
            }
            if (unlikely(c->hit_pending)) {       /* debug.c: a breakpoint */
                c->hit_pending = false;
                return c->hit.kind == CPU_HIT_BREAK ? CPU_STOP_BREAKPOINT
                                                    : CPU_STOP_WATCHPOINT;
            }
            return CPU_STOP_REQUEST;
        }
        cp0_check_timer(c);
        if (cpu_interrupt_pending(c)) {
            cpu_take_interrupt(c);
            /* Look again: an exception hook (the monitor) may have handled
             * the interrupt by asking us to stop. */
            if (c->stop_requested || c->halted)
                continue;
        }
        if (c->waiting)
            return CPU_STOP_WAIT;
        if (c->icount >= end)
            return CPU_STOP_BUDGET;
        c->stop_at = end < c->cp0.timer_icount ? end : c->cp0.timer_icount;
        cpu_exec_block(c);
    }
}

void cpu_request_stop(struct cpu *c)
{
    c->stop_requested = true;
    cpu_sync_point(c);
}

void cpu_set_irq(struct cpu *c, unsigned line, bool level)
{
    if (line < 2 || line > 7)
        return;
    uint8_t bit = (uint8_t)(1u << line);
    uint8_t old = c->cp0.hw_ip;
    c->cp0.hw_ip = level ? (old | bit) : (old & ~bit);
    if (c->cp0.hw_ip != old)
        cpu_sync_point(c);
}

uint64_t cpu_icount(const struct cpu *c) { return c->icount; }

uint64_t cpu_insns_to_timer(const struct cpu *c)
{
    return c->cp0.timer_icount > c->icount ? c->cp0.timer_icount - c->icount : 0;
}

void cpu_skip_idle(struct cpu *c, uint64_t n)
{
    cpu_account_mode(c);
    c->icount += n;
    c->mode_since = c->icount;       /* idle time is not a mode's work */
    c->stats.idle += n;
}

bool cpu_waiting(const struct cpu *c) { return c->waiting; }
uint32_t cpu_exit_code(const struct cpu *c) { return c->exit_code; }

uint32_t cpu_get_gpr(const struct cpu *c, unsigned r) { return c->gpr[r & 31]; }
void cpu_set_gpr(struct cpu *c, unsigned r, uint32_t v)
{
    if ((r & 31) != 0)
        c->gpr[r & 31] = v;
}
uint32_t cpu_get_pc(const struct cpu *c) { return c->pc; }
void cpu_set_pc(struct cpu *c, uint32_t pc)
{
    c->pc = pc;
    c->delay_slot = false;
    c->waiting = false;               /* a new PC ends a wait (the debugger) */
}
uint32_t cpu_get_hi(const struct cpu *c) { return c->hi; }
uint32_t cpu_get_lo(const struct cpu *c) { return c->lo; }
void cpu_set_hi(struct cpu *c, uint32_t v) { c->hi = v; }
void cpu_set_lo(struct cpu *c, uint32_t v) { c->lo = v; }
enum cpu_mode cpu_mode(const struct cpu *c) { return c->cur_mode; }

struct tlb *cpu_tlb(struct cpu *c) { return c->tlb; }
struct bus *cpu_bus(struct cpu *c) { return c->bus; }

bool cpu_peek(struct cpu *c, uint32_t vaddr, unsigned size, uint32_t *v)
{
    struct mmu_translation t;
    if (size != 1 && size != 2 && size != 4)
        return false;
    if (mmu_translate(&c->mmu, vaddr, MMU_LOAD, &t) != MMU_OK)
        return false;
    return bus_read(c->bus, t.paddr, size, v);
}

void cpu_set_exception_hook(struct cpu *c, cpu_exception_hook fn, void *opaque)
{
    c->exc_hook = fn;
    c->exc_hook_opaque = opaque;
}

void cpu_set_cop0_assist(struct cpu *c, cpu_cop0_assist fn, void *opaque)
{
    c->cop0_assist = fn;
    c->cop0_assist_opaque = opaque;
}

void cpu_set_tlb_hook(struct cpu *c, cpu_tlb_hook fn, void *opaque)
{
    c->tlb_hook = fn;
    c->tlb_hook_opaque = opaque;
}

void cpu_set_trace(struct cpu *c, unsigned kinds, FILE *out)
{
    c->trace = kinds;
    c->trace_out = out ? out : stderr;
    c->one_by_one = (kinds & CPU_TRACE_INSN) || c->brk != NULL;
}

void cpu_get_stats(const struct cpu *c, struct cpu_stats *out)
{
    *out = c->stats;
    out->insns_by_mode[c->cur_mode] += c->icount - c->mode_since;
}

const char *cpu_mode_name(enum cpu_mode m)
{
    static const char *const names[] = { "kernel", "supervisor", "user" };
    return (unsigned)m < 3 ? names[m] : "?";
}

/* ---- for the monitor --------------------------------------------------- */

void cpu_get_context(const struct cpu *c, struct cpu_context *x)
{
    memcpy(x->gpr, c->gpr, sizeof x->gpr);
    x->gpr[0] = 0;
    x->hi = c->hi;
    x->lo = c->lo;
    x->pc = c->pc;
    x->in_delay = c->delay_slot;
    x->delay_target = c->delay_target;
    x->llbit = c->llbit;
    x->lladdr = c->cp0.lladdr;
}

void cpu_set_context(struct cpu *c, const struct cpu_context *x)
{
    memcpy(c->gpr, x->gpr, sizeof x->gpr);
    c->gpr[0] = 0;
    c->hi = x->hi;
    c->lo = x->lo;
    c->pc = x->pc;
    c->delay_slot = x->in_delay;
    c->delay_target = x->delay_target;
    c->llbit = x->llbit;
    c->cp0.lladdr = x->lladdr;
    cpu_sync_point(c);
}

void cpu_copy_context(struct cpu *to, const struct cpu *from, uint32_t lladdr)
{
    memcpy(to->gpr, from->gpr, 32 * sizeof to->gpr[0]);
    to->gpr[0] = 0;
    to->hi = from->hi;
    to->lo = from->lo;
    to->pc = from->pc;
    to->delay_slot = from->delay_slot;
    to->delay_target = from->delay_target;
    to->llbit = from->llbit;
    to->cp0.lladdr = lladdr;
    cpu_sync_point(to);
}

void cpu_clear_llbit(struct cpu *c)
{
    c->llbit = false;
}

bool cpu_in_delay(const struct cpu *c, uint32_t *target)
{
    *target = c->delay_target;
    return c->delay_slot;
}

void cpu_set_pc_delay(struct cpu *c, uint32_t pc, bool in_delay,
                      uint32_t delay_target)
{
    c->pc = pc;
    c->delay_slot = in_delay;
    c->delay_target = delay_target;
    cpu_sync_point(c);
}

bool cpu_in_kernel_only_code(const struct cpu *c)
{
    return cpu_kernel_only_code(c->cp0.status, c->pc);
}

/* The short steps below mirror, step by step, what cpu_run(c, 1) does for
 * their instructions (op_MFC0, op_MTC0, op_TLBR, op_TLBP, op_ERET,
 * op_SYSCALL and op_BREAK in exec.c, and the loop of cpu_run above); any
 * change there must be made here too.  They save the interpreter's entry
 * (finding the decoded page, the translation cache rows, the dispatch)
 * for a one-instruction step, which is most of what a trap on one of them
 * used to cost the monitor. */

/* The two halves every short step shares, forced inline: as calls they
 * cost more than the short step saves. */
#if defined(__GNUC__)
#define STEP_INLINE static inline __attribute__((always_inline))
#else
#define STEP_INLINE static inline
#endif

/* cpu_run's loop before the instruction: nothing that would stop it or
 * make it look at each instruction, no branch waiting for its slot, and
 * no interrupt (a due timer's included) to take first. */
STEP_INLINE bool short_step_quiet(const struct cpu *c)
{
    return !(c->halted || c->stop_requested || c->waiting || c->delay_slot ||
             c->one_by_one || c->watch != NULL);
}

/* Kernel mode, or CU0: the CPU runs a COP0 instruction rather than raise
 * Coprocessor Unusable (which a short step never does). */
STEP_INLINE bool cop0_usable(const struct cpu *c)
{
    uint32_t st = c->cp0.status;
    return (st & ST_CU0) || cpu_kernel_mode(st);
}

STEP_INLINE bool short_step_may_start(struct cpu *c)
{
    if (!short_step_quiet(c))
        return false;
    cp0_check_timer(c);
    return !cpu_interrupt_pending(c);
}

/* ... and after it: the timer, an interrupt now unmasked, the answer. */
STEP_INLINE void short_step_end(struct cpu *c, enum cpu_stop *why)
{
    cp0_check_timer(c);
    if (cpu_interrupt_pending(c))
        cpu_take_interrupt(c);
    if (c->halted) {
        *why = CPU_STOP_HALT;
    } else if (c->stop_requested) {
        c->stop_requested = false;
        *why = CPU_STOP_REQUEST;
    } else {
        *why = CPU_STOP_BUDGET;
    }
}

bool cpu_step_cop0(struct cpu *c, uint32_t insn, enum cpu_stop *why)
{
    enum cpu_cop0_op op = cpu_cop0_op(insn);
    if (op == COP0_NONE || !short_step_may_start(c) || !cop0_usable(c))
        return false;
    /* The instruction, at the icount it starts at (Count, Random). */
    unsigned rt = (insn >> 16) & 31, reg = (insn >> 11) & 31, sel = insn & 7;
    if (op == COP0_MFC0) {
        /* The commonest, and it only reads: nothing but time can raise an
         * interrupt after it, and nothing stops the CPU. */
        uint32_t v = cpu_cp0_read(c, reg, sel);
        if (rt != 0)
            c->gpr[rt] = v;            /* mfc0 $0: the interpreter's sink */
        c->pc += 4;
        c->icount++;
        if (c->icount < c->cp0.timer_icount) {
            *why = CPU_STOP_BUDGET;
            return true;
        }
        short_step_end(c, why);
        return true;
    }
    switch (op) {
    case COP0_MFC0: break;                /* above */
    case COP0_MTC0: cpu_cp0_write(c, reg, sel, c->gpr[rt]); break;
    case COP0_TLBR: cp0_tlbr(c); break;
    case COP0_TLBP: cp0_tlbp(c); break;
    case COP0_ERET: cpu_eret(c); break;   /* the PC, EXL/ERL, LLbit */
    case COP0_NONE: return false;
    }
    if (op != COP0_ERET)
        c->pc += 4;
    c->icount++;
    short_step_end(c, why);
    return true;
}

/* The moves below, cpu_advance() and the PC in advance, so to speak: the
 * move starts at `at`, and the timer must not be due by its end (then the
 * general way, with its after-checks, is the right one); nothing may be
 * there that makes cpu_step_cop0() decline. */
STEP_INLINE bool move_may_start(const struct cpu *c, uint64_t at)
{
    return at + 1 < c->cp0.timer_icount && short_step_quiet(c) &&
           !cpu_interrupt_pending(c) && cop0_usable(c);
}

bool cpu_step_mfc0(struct cpu *c, uint64_t ran, uint32_t pc, uint32_t insn,
                   uint32_t *value)
{
    uint64_t at = c->icount + ran;
    if (cpu_cop0_op(insn) != COP0_MFC0 || !move_may_start(c, at))
        return false;
    unsigned rt = (insn >> 16) & 31, reg = (insn >> 11) & 31, sel = insn & 7;
    c->icount = at;                    /* Count and Random as of the mfc0 */
    *value = cpu_cp0_read(c, reg, sel);
    if (rt != 0)
        c->gpr[rt] = *value;
    c->pc = pc + 4;
    c->icount = at + 1;
    return true;
}

bool cpu_step_mtc0(struct cpu *c, uint64_t ran, uint32_t pc, uint32_t insn,
                   uint32_t value)
{
    uint64_t at = c->icount + ran;
    unsigned rt = (insn >> 16) & 31, reg = (insn >> 11) & 31, sel = insn & 7;
    if (cpu_cop0_op(insn) != COP0_MTC0 || !move_may_start(c, at))
        return false;
    /* Writes that can raise an interrupt (the timer's registers, Cause's
     * software bits, a Status that unmasks one) take the general way. */
    if (sel == 0 && (reg == CP0_COUNT || reg == CP0_COMPARE ||
                     reg == CP0_CAUSE ||
                     (reg == CP0_STATUS &&
                      cpu_interrupt_pending_under(c, cp0_status_written(c, value)))))
        return false;
    c->icount = at;                    /* Wired restarts Random as of here */
    if (rt != 0)
        c->gpr[rt] = value;
    cpu_cp0_write(c, reg, sel, value);
    c->pc = pc + 4;
    c->icount = at + 1;
    return true;
}

bool cpu_step_eret(struct cpu *c, uint64_t ran, uint32_t insn)
{
    uint64_t at = c->icount + ran;
    if (cpu_cop0_op(insn) != COP0_ERET || !move_may_start(c, at) ||
        cpu_interrupt_pending_under(c, status_after_eret(c->cp0.status)))
        return false;
    c->icount = at;
    cpu_eret(c);                       /* the PC, EXL/ERL, LLbit */
    c->icount = at + 1;
    return true;
}

bool cpu_step_syscall(struct cpu *c, uint32_t insn, enum cpu_stop *why)
{
    unsigned funct = insn & 63;
    if ((insn >> 26) != 0 || (funct != 0x0C && funct != 0x0D) ||
        !short_step_may_start(c))
        return false;
    /* exec.c's RAISE: the exception at the instruction, one instruction
     * of time. */
    c->exc_insn = insn;
    c->exc_has_insn = true;
    cpu_raise(c, funct == 0x0C ? EXC_SYS : EXC_BP, 0, c->pc, false);
    c->icount++;
    short_step_end(c, why);
    return true;
}

void cpu_set_kseg_only(struct cpu *c, bool on)
{
    c->kseg_only = on;
    c->left_kseg = false;
}

void cpu_advance(struct cpu *c, uint64_t n)
{
    c->icount += n;           /* charged to the current mode by account_mode */
    cp0_check_timer(c);
}

void cpu_retract(struct cpu *c, uint64_t n)
{
    c->icount -= n;
    if (c->mode_since > c->icount)
        c->mode_since = c->icount;
}

bool cpu_irq_ready(struct cpu *c)
{
    cp0_check_timer(c);
    return cpu_interrupt_pending(c);
}

bool cpu_poll_interrupt(struct cpu *c)
{
    if (!cpu_irq_ready(c))
        return false;
    cpu_take_interrupt(c);
    return true;
}

int cpu_tlb_write(struct cpu *c, unsigned index, const struct tlb_entry *e)
{
    int clash = tlb_write(c->tlb, index % c->ntlb, e);
    if (clash < 0) {
        mmu_flush(&c->mmu);
        cpu_sync_point(c);
    }
    return clash;
}

void cpu_share_code(struct cpu *a, struct cpu *b)
{
    if (a == b)
        return;
    /* splice b's ring (normally just b) into a's */
    struct cpu *a_next = a->code_peer;
    a->code_peer = b->code_peer;
    b->code_peer = a_next;
}
