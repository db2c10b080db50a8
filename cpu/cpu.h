/*
 * cpu.h -- a MIPS32 Release 1 CPU (4Kc/24K class), little-endian, with CP0,
 * a joint TLB, and kernel, supervisor and user modes (SPEC §2).
 *
 * A struct cpu is an object: a process may hold many (the monitor keeps one
 * per VM as the virtual CPU, beside the physical one).  It is attached to a
 * physical bus; it owns its TLB and MMU.
 *
 * Time is the retired-instruction count: Count advances once per retired
 * instruction (divided by count_divisor), Random is derived from it, and
 * nothing reads the host clock, so two runs with the same inputs retire the
 * same instructions in the same order.
 */
#ifndef TRAPEZE_CPU_H
#define TRAPEZE_CPU_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "../devices/bus.h"
#include "../tlb/tlb.h"
#include "../mmu/mmu.h"

struct cpu;

/* ExcCodes (Cause bits 6..2). */
enum exc_code {
    EXC_INT = 0, EXC_MOD = 1, EXC_TLBL = 2, EXC_TLBS = 3, EXC_ADEL = 4,
    EXC_ADES = 5, EXC_IBE = 6, EXC_DBE = 7, EXC_SYS = 8, EXC_BP = 9,
    EXC_RI = 10, EXC_CPU = 11, EXC_OV = 12, EXC_TR = 13, EXC_MCHECK = 24,
    EXC_NCODES = 32
};

/* CP0 register numbers. */
enum cp0_reg {
    CP0_INDEX = 0, CP0_RANDOM = 1, CP0_ENTRYLO0 = 2, CP0_ENTRYLO1 = 3,
    CP0_CONTEXT = 4, CP0_PAGEMASK = 5, CP0_WIRED = 6, CP0_BADVADDR = 8,
    CP0_COUNT = 9, CP0_ENTRYHI = 10, CP0_COMPARE = 11, CP0_STATUS = 12,
    CP0_CAUSE = 13, CP0_EPC = 14, CP0_PRID = 15, CP0_CONFIG = 16,
    CP0_LLADDR = 17, CP0_ERROREPC = 30
};

/* Status bits. */
#define ST_IE   0x00000001u
#define ST_EXL  0x00000002u
#define ST_ERL  0x00000004u
#define ST_KSU_SHIFT 3
#define ST_KSU  0x00000018u
#define ST_IM_SHIFT 8
#define ST_IM   0x0000FF00u
#define ST_NMI  0x00080000u
#define ST_SR   0x00100000u
#define ST_TS   0x00200000u
#define ST_BEV  0x00400000u
#define ST_RE   0x02000000u
#define ST_CU0  0x10000000u
#define ST_CU1  0x20000000u
/* Cause bits. */
#define CAUSE_EXC_SHIFT 2
#define CAUSE_EXC  0x0000007Cu
#define CAUSE_IP_SHIFT 8
#define CAUSE_IP   0x0000FF00u
#define CAUSE_IV   0x00800000u
#define CAUSE_CE_SHIFT 28
#define CAUSE_CE   0x30000000u
#define CAUSE_BD   0x80000000u

#define RESET_VECTOR 0xBFC00000u

/* Privilege level the CPU is in now (EXL/ERL force kernel). */
enum cpu_mode { CPU_KERNEL = 0, CPU_SUPERVISOR = 1, CPU_USER = 2 };

struct cpu_config {
    unsigned tlb_entries;     /* TLB_MIN_ENTRIES..TLB_MAX_ENTRIES; 0: default */
    unsigned count_divisor;   /* Count advances once per this many insns; 0: 1 */
    bool semihosting;         /* honour UHI exit: sdbbp 1 with $25 == 1 */
};

/* Why cpu_run returned. */
enum cpu_stop {
    CPU_STOP_BUDGET = 0,  /* ran the number of instructions asked for */
    CPU_STOP_REQUEST,     /* cpu_request_stop() was called (a device, power-off) */
    CPU_STOP_WAIT,        /* executed `wait` and no interrupt is pending */
    CPU_STOP_HALT,        /* semihosting exit; see cpu_exit_code() */
    CPU_STOP_BREAKPOINT,  /* reached a debugger breakpoint (not yet run) */
    CPU_STOP_WATCHPOINT,  /* an access touched a watched range (it completed,
                             or, MMU_WATCH_BEFORE, it has not begun) */
    CPU_STOP_LEFT_KSEG,   /* cpu_set_kseg_only(): the next instruction is
                             one the physical CPU could run directly */
};

/* Everything an exception hook needs to know about an exception that is
 * about to be taken. */
struct cpu_exception {
    enum exc_code code;
    uint32_t pc;          /* the faulting instruction (a branch if in_delay) */
    bool in_delay;        /* the faulting instruction is in a delay slot */
    uint32_t badvaddr;    /* AdEL/AdES/TLB/Mod */
    bool has_badvaddr;
    bool refill;          /* a TLB refill (no matching entry) */
    unsigned ce;          /* coprocessor unit for CpU */
    uint32_t insn;        /* the faulting instruction word, if has_insn */
    bool has_insn;        /* false for interrupts and instruction fetches */
};

/* The monitor's hook: called before the CPU takes an exception (interrupts
 * included).  Return true if the hook dealt with it (the CPU then does no
 * exception entry and continues at whatever PC the hook left). */
typedef bool (*cpu_exception_hook)(void *opaque, struct cpu *cpu,
                                   const struct cpu_exception *exc);

/* Trace kinds for --trace. */
#define CPU_TRACE_INSN 0x1u
#define CPU_TRACE_EXC  0x2u
#define CPU_TRACE_TLB  0x4u

struct cpu_stats {
    uint64_t insns_by_mode[3];         /* kernel, supervisor, user */
    uint64_t idle;                     /* instructions' worth of time in `wait` */
    uint64_t exceptions[EXC_NCODES];   /* taken, by ExcCode */
    uint64_t tlb_refills;              /* TLB refill exceptions */
    uint64_t code_pages_decoded;       /* pages entering the decoded-page cache */
    uint64_t code_writes;              /* stores into decoded code */
};

struct cpu *cpu_new(const struct cpu_config *cfg, struct bus *bus);
void cpu_free(struct cpu *c);
/* Cold reset: PC = 0xBFC00000, Status.BEV=1 ERL=1, TLB and counters reset. */
void cpu_reset(struct cpu *c);

/* Run at most max_insns instructions; returns why it stopped. */
enum cpu_stop cpu_run(struct cpu *c, uint64_t max_insns);
/* Ask cpu_run to return after the current instruction (safe from device
 * callbacks called during an instruction). */
void cpu_request_stop(struct cpu *c);

/* Drive interrupt line `line` (Cause.IP2..IP7) to `level`; IP7 is shared
 * with the timer, as on a 4Kc. Other lines are ignored. */
void cpu_set_irq(struct cpu *c, unsigned line, bool level);

uint64_t cpu_icount(const struct cpu *c);
/* Instructions until the next timer event (Count reaching Compare), for a
 * waiting front end that fast-forwards instead of spinning. */
uint64_t cpu_insns_to_timer(const struct cpu *c);
/* Retire `n` idle instructions' worth of time while in `wait`. */
void cpu_skip_idle(struct cpu *c, uint64_t n);
bool cpu_waiting(const struct cpu *c);
uint32_t cpu_exit_code(const struct cpu *c);   /* after CPU_STOP_HALT */

uint32_t cpu_get_gpr(const struct cpu *c, unsigned r);
void cpu_set_gpr(struct cpu *c, unsigned r, uint32_t v);   /* r0 stays 0 */
uint32_t cpu_get_pc(const struct cpu *c);
void cpu_set_pc(struct cpu *c, uint32_t pc);  /* not in a delay slot; ends a wait */
uint32_t cpu_get_hi(const struct cpu *c);
uint32_t cpu_get_lo(const struct cpu *c);
void cpu_set_hi(struct cpu *c, uint32_t v);
void cpu_set_lo(struct cpu *c, uint32_t v);
enum cpu_mode cpu_mode(const struct cpu *c);

/* CP0 as mfc0/mtc0 see it (write masks and side effects applied). */
uint32_t cpu_cp0_read(struct cpu *c, unsigned reg, unsigned sel);
void cpu_cp0_write(struct cpu *c, unsigned reg, unsigned sel, uint32_t v);

struct tlb *cpu_tlb(struct cpu *c);
struct bus *cpu_bus(struct cpu *c);
/* Read/write guest-virtual memory as the CPU would now, without exceptions
 * (the debugger).  Return false if the address does not translate. */
bool cpu_peek(struct cpu *c, uint32_t vaddr, unsigned size, uint32_t *v);

/* Memory at [paddr, paddr+len) was written behind the CPU's back (a test
 * harness, the debugger, the monitor, DMA): forget any decoded
 * instructions there.  Stores made by the CPU itself need no call. */
void cpu_invalidate_code(struct cpu *c, uint32_t paddr, uint32_t len);

void cpu_set_exception_hook(struct cpu *c, cpu_exception_hook fn, void *opaque);

/* ---- for the monitor (SPEC §5) --------------------------------------------
 * The monitor moves a guest between the physical CPU (direct execution) and
 * the guest's virtual CPU (emulation) by copying this context.  It holds
 * what a world switch saves: the registers, the PC with any branch still
 * waiting for its delay slot, and LLbit, which the monitor must carry across
 * its own returns to the guest or ll...trap...sc loops never progress. */
struct cpu_context {
    uint32_t gpr[32];
    uint32_t hi, lo;
    uint32_t pc;
    bool in_delay;           /* pc is a delay slot; delay_target follows it */
    uint32_t delay_target;
    bool llbit;
    uint32_t lladdr;         /* CP0 LLAddr: the physical address of the last
                                ll, >> 4 (machine or guest-physical: the
                                monitor translates it) */
};
void cpu_get_context(const struct cpu *c, struct cpu_context *x);
void cpu_set_context(struct cpu *c, const struct cpu_context *x);

/* The context of `from` straight into `to`, as cpu_get_context(from) and
 * cpu_set_context(to) would with LLAddr replaced by `lladdr`, but without
 * the struct in between: the monitor does this on every return to direct
 * execution. */
void cpu_copy_context(struct cpu *to, const struct cpu *from, uint32_t lladdr);
/* Clear the LLbit, as an eret does (an sc then fails). */
void cpu_clear_llbit(struct cpu *c);
/* Is the instruction at the PC a delay slot?  *target: where its branch
 * goes (cpu_context's in_delay and delay_target). */
bool cpu_in_delay(const struct cpu *c, uint32_t *target);

/* Set the PC and the branch, if any, that it is the delay slot of, as
 * cpu_set_context would (unlike cpu_set_pc, a wait is left alone). */
void cpu_set_pc_delay(struct cpu *c, uint32_t pc, bool in_delay,
                      uint32_t delay_target);

/* The COP0 instructions cpu_step_cop0() runs, by name; COP0_NONE for any
 * other word (tlbwi and tlbwr, which may raise a Machine Check; wait). */
enum cpu_cop0_op {
    COP0_NONE, COP0_MFC0, COP0_MTC0, COP0_TLBR, COP0_TLBP, COP0_ERET,
};
/* As decode.c's lookup() knows them: mfc0/mtc0 are COP0 with rs 0 or 4
 * and bits 10..3 zero (anything else there is another op or RI); the rest
 * have the CO bit (bit 25) and are told apart by funct alone.  Inline:
 * the monitor asks on every trap. */
static inline enum cpu_cop0_op cpu_cop0_op(uint32_t insn)
{
    if ((insn >> 26) != 0x10)
        return COP0_NONE;
    if (insn & (1u << 25)) {
        unsigned funct = insn & 63;
        return funct == 0x18 ? COP0_ERET : funct == 0x01 ? COP0_TLBR :
               funct == 0x08 ? COP0_TLBP : COP0_NONE;
    }
    unsigned rs = (insn >> 21) & 31;
    if ((rs == 0x00 || rs == 0x04) && (insn & 0x7F8) == 0)
        return rs == 0 ? COP0_MFC0 : COP0_MTC0;
    return COP0_NONE;
}

/* The COP0 assist: the monitor's way to emulate a guest kernel's COP0
 * instruction without taking an exception for it.  When an instruction
 * cpu_cop0_op() names would raise Coprocessor Unusable (the CPU not in
 * kernel mode, CU0 clear) and it is not in a delay slot, the CPU first
 * offers it to the assist: `pc` and `insn` are the instruction's, and so
 * are the CPU's icount and PC (no branch pending).  The answer:
 *   CPU_ASSIST_DECLINED  nothing was changed: the CPU raises Coprocessor
 *                        Unusable, and the exception hook sees it;
 *   CPU_ASSIST_NEXT      the assist did the instruction (registers, CP0):
 *                        the CPU goes on at pc + 4, in the same block unless
 *                        the assist asked for a sync point;
 *   CPU_ASSIST_JUMP      the same, and the assist set the PC (cpu_set_pc):
 *                        the CPU goes on there;
 *   CPU_ASSIST_TRAPPED   the assist did what the exception hook does for
 *                        the exception (it set the PC, or asked the CPU to
 *                        stop): the CPU goes on as after a hooked exception.
 * Time: NEXT and JUMP cost CPU_ASSIST_INSNS instructions, what the
 * exception path costs (the exception's one, and the instruction itself,
 * which the monitor then counts as emulated); TRAPPED costs one, as an
 * exception does.  The assist may read and write the CPU's registers and
 * CP0, but not run it. */
enum cpu_assist {
    CPU_ASSIST_DECLINED, CPU_ASSIST_NEXT, CPU_ASSIST_JUMP, CPU_ASSIST_TRAPPED,
};
#define CPU_ASSIST_INSNS 2
typedef enum cpu_assist (*cpu_cop0_assist)(void *opaque, struct cpu *cpu,
                                           uint32_t pc, uint32_t insn);
void cpu_set_cop0_assist(struct cpu *c, cpu_cop0_assist fn, void *opaque);

/* The monitor's short cut for the commonest traps: run the COP0
 * instruction `insn` at the PC (one of enum cpu_cop0_op) exactly as
 * cpu_run(c, 1) would, without entering the interpreter.  It declines
 * (returns false, having changed nothing the guest can see) unless the
 * step is that simple: no branch waiting for its slot, no interrupt to
 * take first, no tracing or breakpoints, the CPU in kernel mode or CU0
 * set, and `insn` really such an instruction.  The caller vouches that
 * `insn` is the word at the PC.  When it accepts, *why is what cpu_run
 * would have returned (an interrupt the instruction unmasks is taken after
 * it, as cpu_run does).  An eret clears the LLbit of `c`, as always: the
 * caller keeping the guest's LLbit elsewhere must clear that one too. */
bool cpu_step_cop0(struct cpu *c, uint32_t insn, enum cpu_stop *why);
/* The COP0 assist's commonest trap in one call: the guest ran `ran`
 * instructions elsewhere (the physical CPU), then the mfc0 `insn` at `pc`.
 * Exactly cpu_advance(c, ran) and cpu_step_cop0(c, insn) with the PC at
 * `pc`, when those only count and read: no timer due by the mfc0's end,
 * and nothing cpu_step_cop0() would decline for (a branch waiting for its
 * slot, an interrupt to take first, ...).  *value is what the mfc0 read
 * (its rt has it too).  Returns false, having changed nothing, otherwise:
 * the caller takes the general way. */
bool cpu_step_mfc0(struct cpu *c, uint64_t ran, uint32_t pc, uint32_t insn,
                   uint32_t *value);
/* The same for an mtc0 writing `value` (the guest's rt as the caller holds
 * it; the vCPU's rt gets it too), when the write can raise nothing: not
 * Count, Compare or Cause, nor a Status that unmasks a pending interrupt. */
bool cpu_step_mtc0(struct cpu *c, uint64_t ran, uint32_t pc, uint32_t insn,
                   uint32_t value);
/* The same for an eret (the PC it goes to is the vCPU's, after), when it
 * unmasks no pending interrupt.  It clears the vCPU's LLbit: the caller
 * clears the guest's, wherever it keeps it. */
bool cpu_step_eret(struct cpu *c, uint64_t ran, uint32_t insn);
/* The same for a syscall or break `insn` at the PC: the CPU takes the Sys
 * or Bp exception it raises (through its exception hook, as always). */
bool cpu_step_syscall(struct cpu *c, uint32_t insn, enum cpu_stop *why);
/* Is the CPU about to run kernel-only code (kseg0/1/3 in kernel mode, or
 * anything with ERL=1), which cpu_set_kseg_only() stops outside of? */
bool cpu_in_kernel_only_code(const struct cpu *c);

/* Emulation mode in batches.  While on, cpu_run() stops before the first
 * instruction that is not kernel-only code: code outside kseg0, kseg1 and
 * kseg3, or not in kernel mode (with ERL=1 all of kernel mode counts).
 * It then returns CPU_STOP_LEFT_KSEG with the PC (and any branch awaiting
 * its delay slot) at that instruction, which has not begun.  The monitor
 * runs a guest's kseg0 code this way instead of one cpu_run(c, 1) per
 * instruction.  The check is made where the interpreter looks up a code
 * page, which every way out of those segments passes through. */
void cpu_set_kseg_only(struct cpu *c, bool on);

/* n instructions of this CPU's program were retired elsewhere (the physical
 * CPU ran them directly): advance time, Count, Random and the timer as if
 * this CPU had run them in its current mode. */
void cpu_advance(struct cpu *c, uint64_t n);
/* Take back n instructions credited with cpu_advance() that will run
 * again: a branch whose delay slot a watchpoint stopped before (debug.c).
 * A timer that already fired stays fired; only Count and Random go back. */
void cpu_retract(struct cpu *c, uint64_t n);

/* Between two instructions, as the run loop does: let the timer compare
 * Count with Compare, then take a pending, enabled interrupt.  Returns true
 * if an interrupt was taken (the PC is now the vector). */
bool cpu_poll_interrupt(struct cpu *c);

/* True if an enabled interrupt is pending now (timer included). */
bool cpu_irq_ready(struct cpu *c);

/* Hypervisor write of TLB entry `index`, bypassing CP0: the translation
 * cache is flushed.  Returns tlb_write()'s result (-1: written). */
int cpu_tlb_write(struct cpu *c, unsigned index, const struct tlb_entry *e);

/* CPUs whose memories share host pages (the monitor's physical CPU and the
 * virtual CPUs whose guest RAM is machine RAM) must see each other's stores
 * into decoded code: join b to a's group.  A page decoded by any member
 * leaves every member's store cache, and a store by any member forgets the
 * decoding everywhere.  cpu_free() leaves the group. */
void cpu_share_code(struct cpu *a, struct cpu *b);

/* Called after every successful tlbwi/tlbwr this CPU executes, with the
 * index written: the monitor retires the shadows of a virtual entry the
 * guest overwrites. */
typedef void (*cpu_tlb_hook)(void *opaque, struct cpu *cpu, unsigned index);
void cpu_set_tlb_hook(struct cpu *c, cpu_tlb_hook fn, void *opaque);
void cpu_set_trace(struct cpu *c, unsigned kinds, FILE *out);

/* ---- for the debugger (cpu/debug.c) ----------------------------------------
 * Breakpoints are guest-virtual PCs, checked before the instruction runs;
 * watchpoints are guest-virtual ranges, reported after the access, or
 * before it with MMU_WATCH_BEFORE (mmu/mmu.h): then the instruction has not
 * begun, and if it sits in a delay slot the CPU is back at its branch, not
 * retired (PC, registers, memory, time as before it), as a real MIPS's
 * Watch exception would leave it (EPC, and the branch when Cause.BD).  The
 * tables belong to the caller (the bare machine's debugger, or the monitor,
 * which keeps one per VM and lends it to the physical CPU only while that
 * VM runs there); the CPU reads them where they are.  While a table has
 * breakpoints the interpreter runs one instruction per dispatch check, as
 * tracing does; with none, nothing on the fast path looks at them.  A
 * watched page is kept out of the translation cache, so only accesses to
 * it take the slow path. */
#define CPU_MAX_BREAKPOINTS 16
struct cpu_points {
    unsigned nbreak;
    uint32_t brk[CPU_MAX_BREAKPOINTS];
    int brk_id[CPU_MAX_BREAKPOINTS];
    struct mmu_watchlist watch;          /* see mmu/mmu.h */
};
/* Helpers that edit a table: -1 if it is full (or len is 0), else index. */
int cpu_points_add_break(struct cpu_points *p, uint32_t pc, int id);
int cpu_points_add_watch(struct cpu_points *p, uint32_t addr, uint32_t len,
                         unsigned access, int id);
bool cpu_points_remove(struct cpu_points *p, int id);

/* Lend tables (either may be NULL: none) to the CPU: brk for breakpoints,
 * watch for watchpoints.  Any brk table, even an empty one, makes the CPU
 * check every instruction: lend NULL when there are none.  Call again (or
 * cpu_points_changed) after editing a lent table's watchpoints, so no
 * cached translation skips a check. */
void cpu_set_points(struct cpu *c, const struct cpu_points *brk,
                    const struct cpu_points *watch);
void cpu_points_changed(struct cpu *c);
/* Resuming at a breakpoint one stopped at: the first instruction run, if it
 * is at pc, does not hit (armed false: forget any such promise). */
void cpu_break_skip(struct cpu *c, bool armed, uint32_t pc);
/* Resuming after a stop *before* a watched access: that access, when the
 * instruction (or, for a delay slot, its branch) starts at instruction
 * count `at` of this CPU, happens without stopping again.  The promise
 * covers only the same address and kind at `at` or `at` + 1 (the slot),
 * and is forgotten by the first watch hit outside it (armed false: now). */
void cpu_watch_skip(struct cpu *c, bool armed, uint32_t addr, bool write,
                    uint64_t at);

enum cpu_hit_kind { CPU_HIT_NONE = 0, CPU_HIT_BREAK, CPU_HIT_WATCH };
struct cpu_hit {
    enum cpu_hit_kind kind;
    int id;
    uint32_t pc;          /* breakpoint: where; watch: the PC after the
                             access, or before: the instruction's (its
                             branch's, for a delay slot) */
    uint32_t addr;        /* watch: the address accessed */
    bool write;           /* watch: a store */
    bool before;          /* watch: MMU_WATCH_BEFORE, nothing was accessed */
};
/* What the last CPU_STOP_BREAKPOINT/CPU_STOP_WATCHPOINT was. */
void cpu_last_hit(const struct cpu *c, struct cpu_hit *h);
/* Instructions retired: time less idle time skipped in `wait`. */
uint64_t cpu_retired(const struct cpu *c);
/* Virtual to physical as a load (or store) would translate now; false if
 * it would fault.  No side effects. */
bool cpu_virt_to_phys(struct cpu *c, uint32_t vaddr, bool store,
                      uint32_t *paddr);
void cpu_get_stats(const struct cpu *c, struct cpu_stats *out);

/* Names for messages and --stats. */
const char *cpu_cp0_name(unsigned reg);     /* "status", ... or NULL */
const char *cpu_exc_name(unsigned code);   /* "TLBL", ... or "?" */
const char *cpu_mode_name(enum cpu_mode m);

#endif
