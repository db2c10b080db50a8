/*
 * cpu_internal.h -- the inside of struct cpu, shared by the files of cpu/
 * and by nothing else.  Other modules use the accessors in cpu.h.
 */
#ifndef TRAPEZE_CPU_INTERNAL_H
#define TRAPEZE_CPU_INTERNAL_H

#include "cpu.h"
#include "../mmu/mmu.h"
#include "dcache.h"

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* The CP0 state.  Count and Random are not stored: they are functions of
 * the instruction counter (see cp0.c), so they cost nothing per
 * instruction. */
struct cp0 {
    uint32_t index, entrylo0, entrylo1, context, pagemask, wired;
    uint32_t badvaddr, entryhi, compare, status, epc, config0, lladdr;
    uint32_t errorepc;
    uint32_t cause;          /* software-writable bits, ExcCode, BD, CE, IV */
    uint32_t count_base;     /* Count at icount == count_icount */
    uint64_t count_icount;
    uint64_t random_icount;  /* Random was entries-1 at this icount */
    uint8_t hw_ip;           /* Cause.IP7..2 driven by hardware, as bits 7..2 */
    bool timer_pending;      /* Cause.TI, shown in IP7 */
    uint64_t timer_icount;   /* icount at which Count next equals Compare */
};

struct cpu {
    /* the hot state first */
    uint32_t gpr[33];        /* [32] is the sink for writes to $0 */
    uint32_t pc;
    bool delay_slot;         /* the instruction at pc is in a delay slot */
    uint32_t delay_target;   /* where execution continues after that slot */
    uint32_t hi, lo;
    bool llbit;
    uint64_t icount;         /* time: retired instructions plus idle skipped */
    uint64_t stop_at;        /* the inner loop runs while icount < stop_at */
    struct mmu mmu;
    struct cp0 cp0;

    unsigned ntlb;
    unsigned count_divisor;
    bool semihosting;
    bool waiting;            /* executed `wait`; cleared by an interrupt */
    bool halted;             /* semihosting exit */
    uint32_t exit_code;
    bool stop_requested;
    uint32_t exc_insn;       /* the word being executed when it raised */
    bool exc_has_insn;

    struct tlb *tlb;
    struct bus *bus;
    cpu_exception_hook exc_hook;
    void *exc_hook_opaque;
    cpu_tlb_hook tlb_hook;
    void *tlb_hook_opaque;
    cpu_cop0_assist cop0_assist;   /* see cpu_set_cop0_assist() */
    void *cop0_assist_opaque;
    unsigned trace;
    FILE *trace_out;
    struct cpu_stats stats;
    struct dpage *dcache[DCACHE_SLOTS];   /* decoded code pages */
    /* The interpreter's handler addresses, indexed by enum dop (set by
     * cpu_exec_block on entry; NULL before it first runs).  dcache.c uses
     * them to fill struct dinsn's run for DOP_DECODE and DOP_PAGE_END. */
    const void *const *handlers;
    struct dpage scratch;    /* one word of code run from a device */
    struct cpu *code_peer;   /* next CPU sharing code pages (a ring; self if alone) */
    /* cpu_mode_of(cp0.status), always: every change of Status's mode
     * bits goes through cp0_update_mmu_context(), which accounts the
     * instructions to the mode left and sets it. */
    enum cpu_mode cur_mode;
    uint64_t mode_since;     /* icount when cur_mode was entered */
    /* the debugger (debug.c) */
    const struct cpu_points *brk;      /* breakpoints lent to us, or NULL */
    bool one_by_one;         /* trace insn, or brk: check before each insn */
    const struct cpu_points *watch;    /* watchpoints lent to us, or NULL */
    bool skip_armed;         /* the next check at skip_pc does not hit */
    uint32_t skip_pc;
    bool wskip_armed;        /* the watch hit of this access does not stop */
    bool wskip_write;
    uint32_t wskip_addr;
    uint64_t wskip_at;       /* icount of its instruction (or branch) */
    bool kseg_only;          /* cpu_set_kseg_only(): stop outside kseg0/1/3 */
    bool left_kseg;          /* ... and stop_requested is that stop */
    bool hit_pending;        /* stop_requested is a debug stop ... */
    struct cpu_hit hit;      /* ... this one */
};

/* cp0.c */
void cp0_reset(struct cpu *c);
uint32_t cp0_count(const struct cpu *c);
uint32_t cp0_random(const struct cpu *c);
uint32_t cp0_cause(const struct cpu *c);
/* Status as an mtc0 of v would leave it (read-only bits kept). */
uint32_t cp0_status_written(const struct cpu *c, uint32_t v);
void cp0_update_mmu_context(struct cpu *c);
void cp0_rearm_timer(struct cpu *c);
void cp0_check_timer(struct cpu *c);
void cp0_tlbr(struct cpu *c);
bool cp0_tlbwi(struct cpu *c);   /* false: machine check raised */
bool cp0_tlbwr(struct cpu *c);
void cp0_tlbp(struct cpu *c);

/* cpu.c */
void cpu_account_mode(struct cpu *c);
void cpu_exec_block(struct cpu *c);   /* exec.c */

/* debug.c */
/* A breakpoint at pc (not yet run)?  Then the hit is recorded and a stop
 * requested; the caller saves the PC and returns. */
bool cpu_break_check(struct cpu *c, uint32_t pc);
/* An access at pc (icount: its own instruction count) was refused by a
 * "stop before" watchpoint: put the CPU back where the instruction, or the
 * branch of the delay slot it sits in, has not begun. */
void cpu_watch_rewind(struct cpu *c, uint64_t icount, uint32_t pc, bool in_slot);

/* exception.c */
void cpu_exception(struct cpu *c, const struct cpu_exception *e);
/* Raise an exception for the instruction at pc (ce: the coprocessor unit
 * of a CpU); EPC becomes the branch if in_delay. */
void cpu_raise(struct cpu *c, enum exc_code code, unsigned ce, uint32_t pc,
               bool in_delay);
void cpu_raise_mem(struct cpu *c, enum mmu_fault f, enum mmu_access acc,
                   uint32_t vaddr, uint32_t pc, bool in_delay);
bool cpu_interrupt_pending(const struct cpu *c);
/* ... were Status `st` (an mtc0 about to write it, say). */
bool cpu_interrupt_pending_under(const struct cpu *c, uint32_t st);
void cpu_take_interrupt(struct cpu *c);
void cpu_eret(struct cpu *c);
/* Status as an eret leaves it: ERL cleared if it was set, else EXL. */
static inline uint32_t status_after_eret(uint32_t st)
{
    return st & ~((st & ST_ERL) ? ST_ERL : ST_EXL);
}

static inline enum cpu_mode cpu_mode_of(uint32_t status)
{
    if (status & (ST_EXL | ST_ERL))
        return CPU_KERNEL;
    unsigned ksu = (status & ST_KSU) >> ST_KSU_SHIFT;
    return ksu == 0 ? CPU_KERNEL : ksu == 1 ? CPU_SUPERVISOR : CPU_USER;
    /* KSU = 3 is reserved; a 4Kc treats it as user mode. */
}

/* cpu_mode_of(status) == CPU_KERNEL, as two tests without a branch
 * between: every COP0 instruction of a guest kernel asks, in supervisor
 * mode, where cpu_mode_of() takes its longest way. */
static inline bool cpu_kernel_mode(uint32_t status)
{
    return (status & (ST_EXL | ST_ERL)) != 0 || (status & ST_KSU) == 0;
}

/* Code only kernel mode can run: kseg0, kseg1 and kseg3 (and all of
 * kernel mode with ERL=1, when kuseg is unmapped). */
static inline bool cpu_kernel_only_code(uint32_t status, uint32_t pc)
{
    if (cpu_mode_of(status) != CPU_KERNEL)
        return false;
    if (status & ST_ERL)
        return true;
    return pc >= 0x80000000u && (pc < 0xC0000000u || pc >= 0xE0000000u);
}

/* End the current cpu_run slice after this instruction so the outer loop
 * re-examines interrupts, the timer and stop requests. */
static inline void cpu_sync_point(struct cpu *c)
{
    c->stop_at = c->icount;
}

#endif
