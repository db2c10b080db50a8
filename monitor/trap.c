/*
 * trap.c -- what the monitor does with each physical exception (SPEC §5).
 *
 * The physical CPU runs a guest directly: virtual kernel mode in physical
 * supervisor mode with CU0=0, virtual user mode in user mode, physical
 * interrupts enabled, EXL and ERL 0.  Anything the guest does that its own
 * kernel-mode hardware would do differently traps, and the CPU hands the
 * exception to monitor_on_exception() before taking it:
 *
 *   1. Coprocessor Unusable (mfc0, mtc0, tlbw*, eret, wait, cache ...)
 *   3. AdEL/AdES on kseg0/kseg1/kseg3, which supervisor mode cannot reach
 *   4. Sys, Bp, RI, Ov, Tr, and the TLB misses the guest must see
 *      -> step the guest's virtual CPU over the instruction.  The vCPU is a
 *         full struct cpu with the guest's CP0 and virtual TLB, so it
 *         either does what the guest's hardware would (the privileged
 *         instruction, the kseg0 access, the I/O access reaching a virtual
 *         device) or takes the exception itself, which *is* reflection:
 *         EPC, Cause.BD, BadVAddr, EntryHi, Context, EXL and the vector come
 *         out exactly as the hardware makes them, EXL=1 included, because
 *         the code that makes them is the CPU's own.
 *   2. TLB refill/invalid/Mod that the virtual TLB answers with a valid,
 *      permitted mapping of guest RAM -> write a shadow entry (shadow.c),
 *      resume.  The fast path: the vCPU is not stepped at all.
 *   5. The timer interrupt -> the monitor's preemption timer (sched.c).
 *
 * Stepping from EPC: when the trapping instruction sat in a delay slot,
 * the restart address is the branch.  The vCPU executes the branch again
 * and then the slot, which is exact, since the slot did not commit.  The
 * branch retired once on the physical CPU already, so the guest is credited
 * one instruction less for the direct run, and its Count stays what it
 * would be on the bare machine.  The same holds when the physical CPU
 * resumes at the branch after a shadow fill.
 *
 * The vCPU's time: the guest's Count, Random and timer are functions of the
 * vCPU's instruction counter.  Instructions the physical CPU retires for
 * the guest are credited to it (cpu_advance) at each trap, so at any trap
 * the vCPU's time equals what the bare machine's would be at that
 * instruction.  That is what makes a guest's console identical bare and
 * under the monitor.
 *
 * LLbit travels in struct cpu_context between the two CPUs: the monitor's
 * own returns to the guest never clear it, only the guest's eret does.
 */
#include <string.h>
#include <time.h>
#include "monitor_internal.h"

/* The trap paths (the hook, the COP0 assist, stepping the vCPU, resuming
 * the guest) run about ten times per system call of a guest.  Each is a
 * few hundred host instructions spread over small functions of cpu/ and
 * monitor/, each clear on its own; calling them costs as much again
 * (arguments, saved registers, spills).  `flatten` has the compiler
 * inline every call below these entry points (noinline ones excepted: the
 * rare ways out), which measured 471.5M -> 431.5M Ir for minikern's
 * sysbench 50000 in a VM (docs/PERFORMANCE.md). */
#if defined(__GNUC__)
#define TRAP_PATH __attribute__((flatten))
#else
#define TRAP_PATH
#endif

/* ---- where the guest can run ------------------------------------------- */

/* Directly, unless it is kernel code that supervisor mode cannot run:
 * kseg0/kseg1/kseg3, or kuseg while ERL=1 (unmapped then).  In any other
 * mode the physical CPU faults exactly where the guest's would. */
bool vm_runs_direct(struct vm *vm)
{
    return !cpu_in_kernel_only_code(vm->vcpu);
}

/* ---- moving the guest onto and off the physical CPU --------------------- */

static uint32_t physical_status(struct vm *vm)
{
    unsigned ksu = cpu_mode(vm->vcpu) == CPU_USER ? 2 : 1;
    return (ksu << ST_KSU_SHIFT) | ST_IE | (1u << (ST_IM_SHIFT + 7));
}

/* The guest's mode and ASID onto the physical CPU; only what changed is
 * written, since each write flushes the translation cache. */
static void load_physical_cp0(struct monitor *m, struct vm *vm)
{
    uint32_t st = physical_status(vm);
    if (cpu_cp0_read(m->pcpu, CP0_STATUS, 0) != st)
        cpu_cp0_write(m->pcpu, CP0_STATUS, 0, st);
    uint32_t asid = cpu_cp0_read(vm->vcpu, CP0_ENTRYHI, 0) & ENTRYHI_ASID_MASK;
    if (cpu_cp0_read(m->pcpu, CP0_ENTRYHI, 0) != asid)
        cpu_cp0_write(m->pcpu, CP0_ENTRYHI, 0, asid);
}

/* base: the physical icount at which the guest's next instruction starts
 * counting; the preemption timer fires n instructions later. */
/* LLAddr on the physical CPU is a machine address.  It is set to a value
 * no ll can produce when the guest goes on the CPU; if an ll changed it,
 * the guest-physical address behind it goes to the vCPU. */
#define LLADDR_NONE 0xFFFFFFFFu

/* The guest's context from the physical CPU into its vCPU: one copy, no
 * struct cpu_context in between (this runs on every trap). */
static void context_from_physical(struct monitor *m, struct vm *vm)
{
    uint32_t ll = cpu_cp0_read(m->pcpu, CP0_LLADDR, 0), gpa;
    if (ll != LLADDR_NONE && pmap_guest_address(vm, ll << 4, &gpa))
        ll = gpa >> 4;
    else
        ll = cpu_cp0_read(vm->vcpu, CP0_LLADDR, 0);
    cpu_copy_context(vm->vcpu, m->pcpu, ll);
}

static void off_pcpu(struct monitor *m, struct vm *vm)
{
    vm->on_pcpu = false;
    m->assist_vm = NULL;
}

TRAP_PATH void direct_enter(struct monitor *m, struct vm *vm, uint64_t n, uint64_t base)
{
    /* One copy, vCPU to physical CPU (no struct cpu_context in between:
     * this runs after nearly every trap). */
    cpu_copy_context(m->pcpu, vm->vcpu, LLADDR_NONE);
    load_physical_cp0(m, vm);
    cpu_cp0_write(m->pcpu, CP0_COMPARE, 0, (uint32_t)(base + n));
    m->seg_start = base;
    m->seg_delay = cpu_in_delay(vm->vcpu, &m->seg_delay_target);
    if (m->debugging)
        debug_enter_pcpu(m, vm);          /* its breakpoints and watchpoints */
    vm->on_pcpu = true;
    /* The COP0 assist, unless someone looks at single events: they see
     * the one long way. */
    m->assist_vm = m->debugging || m->detail || m->event_hooks ? NULL : vm;
}

/* Credit the guest with what the physical CPU ran for it since seg_start
 * (less `redo`: a branch it will run again). */
static void credit(struct monitor *m, struct vm *vm, uint64_t now, uint64_t redo)
{
    uint64_t n = now - m->seg_start - redo;
    cpu_advance(vm->vcpu, n);
    vm->stats.direct_insns += n;
}

void direct_leave(struct monitor *m, struct vm *vm)
{
    uint64_t now = cpu_icount(m->pcpu);
    if (now < m->seg_start) {
        /* The physical CPU stopped before a watched access in the delay
         * slot that began this run, and took back its branch (cpu/debug.c).
         * That branch ran earlier and was credited then: take it back too,
         * the guest will run it again. */
        cpu_retract(vm->vcpu, m->seg_start - now);
    } else {
        credit(m, vm, now, 0);
    }
    context_from_physical(m, vm);        /* with any branch awaiting its slot */
    off_pcpu(m, vm);
}

#define TIMING_SAMPLE 16

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);    /* statistics only, never guest time */
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- the vCPU's own hooks ----------------------------------------------- */

/* Every exception the vCPU takes is one delivered to the guest. */
bool vcpu_on_exception(void *opaque, struct cpu *vcpu,
                       const struct cpu_exception *e)
{
    struct vm *vm = opaque;
    (void)vcpu;
    vm->took_exception = true;
    vm->last_exc = (int)e->code;
    if (vm->in_batch && e->code != EXC_INT)
        vm->stats.reflected[e->code]++;  /* as emulate_one's event would */
    return false;                        /* let the vCPU take it */
}

/* The guest wrote virtual TLB entry `index`: its old shadows are stale. */
void vcpu_on_tlb_write(void *opaque, struct cpu *vcpu, unsigned index)
{
    struct vm *vm = opaque;
    (void)vcpu;
    shadow_retire_ventry(vm->mon, vm, (int)index);
}

/* ---- stepping the vCPU ------------------------------------------------- */

/* True if a watchpoint stopped the vCPU before an access: then the
 * instruction has not begun (and a delay slot's branch was taken back, even
 * one credited before this step), so nothing retired. */
static bool after_vcpu_run(struct monitor *m, struct vm *vm, enum cpu_stop why)
{
    bool cut = false;
    if (why != CPU_STOP_BUDGET) {
        if (why == CPU_STOP_HALT) {
            vm_stop(vm, cpu_exit_code(vm->vcpu), "exited with code %u (UHI exit)",
                    (unsigned)cpu_exit_code(vm->vcpu));
        } else if (why == CPU_STOP_WATCHPOINT) {
            struct cpu_hit h;
            cpu_last_hit(vm->vcpu, &h);
            cut = h.before;
            debug_cpu_stopped(m, vm, vm->vcpu, why);   /* debug.c */
        }
    }
    if (vm->state == VM_RUNNING && cpu_waiting(vm->vcpu)) {
        vm->state = VM_WAITING;
        vm->wait_since = machine_time(m);
        vm->wait_unreported = true;
    }
    return cut;
}

/* step_vcpu()'s answer when a watchpoint stopped the vCPU before an access:
 * nothing retired, the instruction will run again when the guest resumes. */
#define STEP_CUT UINT64_MAX

/* Run the vCPU over the instruction at its PC: two instructions when that
 * is a branch whose slot trapped.  Returns the instructions it took, or
 * STEP_CUT.
 *
 * e: the physical trap being emulated, or NULL (emulation mode).  Most
 * traps are a COP0 instruction of the guest kernel or a system call of its
 * user code; cpu_step_cop0() and cpu_step_syscall() run one exactly as
 * cpu_run(v, 1) would but without entering the interpreter, and decline
 * whenever the step is anything but that simple.  The word
 * the physical CPU trapped on is the word at the vCPU's PC: the physical
 * CPU fetched it through a shadow of the guest's own TLB entry (same ASID,
 * the machine frame the pmap gives for the guest frame), which is where
 * the vCPU's fetch would read it.  Not while debugging, so that stepping
 * and points see the one path they always did. */
static uint64_t step_vcpu(struct monitor *m, struct vm *vm, bool in_delay,
                          const struct cpu_exception *e)
{
    struct cpu *v = vm->vcpu;
    uint64_t t0 = cpu_icount(v);
    vm->took_exception = false;
    enum cpu_stop why;
    if (e != NULL && e->has_insn && !in_delay && !m->debugging &&
        ((e->code == EXC_CPU && cpu_step_cop0(v, e->insn, &why)) ||
         ((e->code == EXC_SYS || e->code == EXC_BP) &&
          cpu_step_syscall(v, e->insn, &why)))) {
        /* done, the short way */
    } else {
        why = cpu_run(v, 1);
        if (in_delay && why == CPU_STOP_BUDGET && !vm->took_exception) {
            struct cpu_context ctx;
            cpu_get_context(v, &ctx);
            if (ctx.in_delay)
                why = cpu_run(v, 1);
        }
    }
    if (after_vcpu_run(m, vm, why))
        return STEP_CUT;
    return cpu_icount(v) - t0;
}

/* ---- events ---------------------------------------------------------- */

struct step_record {
    struct trap_event *ev;
    struct cp0_snapshot before;
    uint32_t gpr_before[32];
};

static void record_begin(struct monitor *m, struct vm *vm, struct step_record *r)
{
    if (!m->detail)
        return;
    cp0_snap(vm->vcpu, &r->before);
    for (unsigned i = 0; i < 32; i++)
        r->gpr_before[i] = cpu_get_gpr(vm->vcpu, i);
}

static void record_end(struct monitor *m, struct vm *vm, struct step_record *r)
{
    struct trap_event *ev = r->ev;
    ev->new_pc = cpu_get_pc(vm->vcpu);
    if (vm->took_exception)
        ev->reflected = vm->last_exc;
    if (!m->detail)
        return;
    struct cp0_snapshot after;
    cp0_snap(vm->vcpu, &after);
    event_cp0_diff(ev, &r->before, &after);
    for (unsigned i = 1; i < 32; i++) {
        uint32_t now = cpu_get_gpr(vm->vcpu, i);
        if (now != r->gpr_before[i]) {
            ev->gpr = (int)i;
            ev->gpr_before = r->gpr_before[i];
            ev->gpr_after = now;
            break;
        }
    }
}

/* ---- trap 2: the shadow fill ------------------------------------------ */

/* Answer a physical TLB miss from the virtual TLB if it maps guest RAM
 * validly for this access; false: the vCPU must step (reflect or I/O). */
static bool try_shadow_fill(struct monitor *m, struct vm *vm,
                            const struct cpu_exception *e)
{
    struct cpu *v = vm->vcpu;
    bool store = e->code != EXC_TLBL;
    uint8_t asid = (uint8_t)(cpu_cp0_read(v, CP0_ENTRYHI, 0) & ENTRYHI_ASID_MASK);
    struct tlb_match match;
    if (!e->has_badvaddr || !tlb_lookup(cpu_tlb(v), e->badvaddr, asid, &match))
        return false;                           /* the guest's refill */
    if (!(match.entrylo & ENTRYLO_V))
        return false;                           /* the guest's TLB invalid */
    bool dirty = (match.entrylo & ENTRYLO_D) != 0;
    if (store && !dirty)
        return false;                           /* the guest's Mod */
    if (match.paddr >= vm->ram_size)
        return false;                           /* a device: emulate the access */
    uint32_t mfn = pmap_frame(vm, match.paddr >> PAGE_SHIFT);
    if (mfn == NO_FRAME)
        return false;
    struct trap_event *ev = event_begin(m, vm, TRAP_SHADOW_FILL,
                                        e->in_delay ? e->pc + 4 : e->pc);
    ev->phys_exc = (int)e->code;
    ev->badvaddr = e->badvaddr;
    ev->has_badvaddr = true;
    ev->insn = e->insn;
    ev->has_insn = e->has_insn;
    ev->tlb_index = shadow_fill(m, vm, e->badvaddr, asid, mfn, dirty,
                                match.index, &ev->tlb);
    ev->gpa = match.paddr & ~(PAGE_SIZE - 1);
    ev->mpa = mfn << PAGE_SHIFT;
    ev->new_pc = e->pc;
    event_end(m, vm, ev);
    return true;
}

/* ---- traps 1, 3, 4: step the vCPU --------------------------------------- */

static enum trap_kind kind_of(const struct cpu_exception *e)
{
    switch (e->code) {
    case EXC_CPU:  return TRAP_PRIV;
    case EXC_ADEL: case EXC_ADES: return TRAP_KSEG;
    case EXC_TLBL: case EXC_TLBS: case EXC_MOD: return TRAP_IO;
    default:       return TRAP_PRIV;   /* e.g. sdbbp: the vCPU's semihosting */
    }
}

/* The event of a trap whose instruction the vCPU steps, begun before the
 * step (it records the guest's time and mode as of the trap). */
static void trap_record_begin(struct monitor *m, struct vm *vm,
                              const struct cpu_exception *e,
                              struct step_record *r)
{
    struct trap_event *ev = event_begin(m, vm, kind_of(e), e->pc);
    r->ev = ev;
    ev->phys_exc = (int)e->code;
    ev->badvaddr = e->badvaddr;
    ev->has_badvaddr = e->has_badvaddr;
    ev->insn = e->insn;
    ev->has_insn = e->has_insn;
    if (e->in_delay)
        ev->pc = e->pc + 4;               /* the slot is what trapped */
    record_begin(m, vm, r);
}

/* ... and ended after it: n instructions stepped, or STEP_CUT. */
static void trap_record_end(struct monitor *m, struct vm *vm,
                            struct step_record *r, uint64_t n)
{
    struct trap_event *ev = r->ev;
    if (n == STEP_CUT) {
        /* The instruction has not begun; it traps again when the guest
         * resumes, and that trap is the one to record and count. */
        event_cancel(m, ev);
        vm->dbg.watch_cut = true;        /* for inject_interrupt() */
        return;
    }
    m->emulated += n;
    vm->stats.emulated_insns += n;
    record_end(m, vm, r);
    if (vm->took_exception)
        ev->kind = vm->last_exc == EXC_INT ? TRAP_INTERRUPT : TRAP_REFLECT;
    event_end(m, vm, ev);
    vm_report_halt(vm);
}

static TRAP_PATH void emulate_trap(struct monitor *m, struct vm *vm,
                         const struct cpu_exception *e)
{
    struct step_record r;
    trap_record_begin(m, vm, e, &r);
    trap_record_end(m, vm, &r, step_vcpu(m, vm, e->in_delay, e));
}

/* ---- virtual interrupts -------------------------------------------------- */

bool inject_interrupt(struct monitor *m, struct vm *vm)
{
    if (!cpu_irq_ready(vm->vcpu))
        return false;
    /* Not right after a trap whose step a watchpoint stopped before an
     * access: the debugger must find the guest at that instruction.  The
     * interrupt is taken when it resumes (monitor_run clears the flag). */
    if (vm->dbg.watch_cut)
        return false;
    struct step_record r;
    r.ev = event_begin(m, vm, TRAP_INTERRUPT, cpu_get_pc(vm->vcpu));
    record_begin(m, vm, &r);
    vm->took_exception = false;
    cpu_poll_interrupt(vm->vcpu);
    record_end(m, vm, &r);
    event_end(m, vm, r.ev);
    return true;
}

/* ---- emulation mode: one instruction of kseg0/1/3 kernel code ------------ */

void emulate_one(struct monitor *m, struct vm *vm)
{
    bool timed = m->timing && (m->timing_tick++ % TIMING_SAMPLE) == 0;
    uint64_t t0 = timed ? host_ns() : 0;
    struct cpu *v = vm->vcpu;
    struct step_record r;
    uint32_t pc = cpu_get_pc(v);
    r.ev = event_begin(m, vm, TRAP_KSEG, pc);
    if (m->detail || m->trace_out)
        event_fetch_insn(vm, r.ev);
    record_begin(m, vm, &r);
    uint64_t n = step_vcpu(m, vm, false, NULL);
    if (n == STEP_CUT) {
        event_cancel(m, r.ev);       /* it has not begun: no event */
        return;
    }
    m->emulated += n;
    vm->stats.emulated_insns += n;
    record_end(m, vm, &r);
    event_end(m, vm, r.ev);
    vm_report_halt(vm);
    if (timed)
        vm->stats.host_ns += (host_ns() - t0) * TIMING_SAMPLE;
}

/* Emulation mode in one go, while nobody looks at single events (no
 * debugging, no detail, so no trace): the vCPU runs kseg0/1/3 code until it
 * leaves it (cpu_set_kseg_only), stops, or has run n instructions.  This
 * is exactly a sequence of emulate_one() calls, without an event and a
 * cpu_run() per instruction.  What the events would have counted is
 * counted: every instruction is a kseg emulation, every exception the
 * guest raises is a reflection (vcpu_on_exception).  An interrupt the
 * vCPU takes is, as in emulate_one(), part of the step before it: the
 * batch starts with none pending (run_slice() injected it). */
TRAP_PATH void emulate_batch(struct monitor *m, struct vm *vm, uint64_t n)
{
    bool timed = m->timing && (m->timing_tick++ % TIMING_SAMPLE) == 0;
    uint64_t t0 = timed ? host_ns() : 0;
    struct cpu *v = vm->vcpu;
    uint64_t start = cpu_icount(v);
    vm->took_exception = false;
    vm->in_batch = true;
    cpu_set_kseg_only(v, true);
    enum cpu_stop why = cpu_run(v, n);
    cpu_set_kseg_only(v, false);
    vm->in_batch = false;
    uint64_t k = cpu_icount(v) - start;
    /* The last instruction's own step sees machine time without itself
     * (a VM that went to sleep on it waits from there). */
    m->emulated += k > 0 ? k - 1 : 0;
    after_vcpu_run(m, vm, why == CPU_STOP_LEFT_KSEG ? CPU_STOP_BUDGET : why);
    m->emulated += k > 0 ? 1 : 0;
    vm->stats.emulated_insns += k;
    vm->stats.traps[TRAP_KSEG] += k;
    vm_report_halt(vm);
    if (timed)
        vm->stats.host_ns += (host_ns() - t0) * TIMING_SAMPLE;
}

/* ---- the hook ------------------------------------------------------------ */

/* The kernel code a trap left the guest in (the vector of an exception
 * it reflected, an interrupt's), run here in batches exactly as
 * run_slice() would run it after the trap: the same batches, interrupts
 * injected at the same points, the same machine time, since trap_insn
 * counts the trapping instruction the physical CPU has not counted yet.
 * Only while nobody looks at single events (the batch's own condition).
 * Stopping anywhere in this loop leaves a state in which run_slice()'s
 * loop does what this loop would have done next. */
static void run_kernel_code(struct monitor *m, struct vm *vm)
{
    m->trap_insn = 1;
    while (vm->state == VM_RUNNING && !vm_runs_direct(vm) &&
           machine_time(m) < m->slice_end) {
        emulate_batch(m, vm, m->slice_end - machine_time(m));
        if (vm->state == VM_RUNNING && machine_time(m) < m->slice_end)
            inject_interrupt(m, vm);
    }
    m->trap_insn = 0;
}

/* How long the guest may run directly from machine time t: to the end of
 * the slice or to its own next timer interrupt (to_timer guest
 * instructions away), whichever is first. */
static uint64_t run_budget(const struct monitor *m, uint64_t t,
                           uint64_t to_timer)
{
    uint64_t n = m->slice_end > t ? m->slice_end - t : 0;
    return to_timer < n ? to_timer : n;
}

/* ... after this trap, counted from after the trap's own instruction. */
static uint64_t direct_budget(struct monitor *m, struct vm *vm)
{
    return run_budget(m, machine_time(m) + 1, cpu_insns_to_timer(vm->vcpu));
}

/* After a trap: go on directly if the guest may, else leave it to the
 * scheduler (a wait, a stop, the end of the slice, emulation while someone
 * looks at single events). */
static void resume_or_leave(struct monitor *m, struct vm *vm, uint64_t now)
{
    if (vm->state == VM_RUNNING)
        inject_interrupt(m, vm);
    if (!m->debugging && !m->detail)
        run_kernel_code(m, vm);
    uint64_t n = direct_budget(m, vm);
    if (m->debugging) {                   /* debug.c: a step's end, a stop */
        uint64_t room = n > 0 ? debug_step_room(m, vm) : 0;
        n = m->debug_pending ? 0 : n < room ? n : room;
    }
    if (vm->state == VM_RUNNING && n > 0 && vm_runs_direct(vm)) {
        direct_enter(m, vm, n, now + 1);  /* +1: this trap's own instruction */
        return;
    }
    off_pcpu(m, vm);
    cpu_request_stop(m->pcpu);
}

/* ---- the COP0 assist: a guest kernel's COP0 instruction without a trap --- */

/* Nine of the ten traps of a minikern system call are a COP0 instruction
 * of the guest kernel: eight mfc0 and mtc0, and the eret.  Taking each as
 * an exception costs more than emulating it: the physical CPU builds the
 * exception, the hook copies the guest's registers into its vCPU and back,
 * and sets the preemption timer again.  So the physical CPU offers such an
 * instruction to the monitor first, where it would raise Coprocessor
 * Unusable (cpu_set_cop0_assist; exec.c), and cop0_assist() does for it
 * exactly what the long way (the exception, context_from_physical,
 * emulate_trap, resume_or_leave) does, with less work:
 *   - the guest's registers stay on the physical CPU; only the one the
 *     instruction reads (mtc0) or writes (mfc0) crosses to the vCPU, and
 *     an eret clears the LLbit there as it does on the vCPU;
 *   - the vCPU steps with cpu_step_cop0(), as step_vcpu() would, after
 *     the credit; or, for the commonest, in one short step that does the
 *     credit too and needs no after-checks (cpu_step_mfc0, cpu_step_mtc0,
 *     cpu_step_eret: assist_mfc0() and assist_write());
 *   - the physical CPU goes on without leaving its interpreter: at the next
 *     instruction in the same block, or at the PC an eret set.
 * The event and the statistics are the same, and so is the time: the
 * physical CPU charges the instruction CPU_ASSIST_INSNS (2), which is what
 * the exception (1) and the emulated instruction (1, m->emulated) add up
 * to on the long way.  It counts in m->assisted, so that --stats can still
 * tell physical from emulated instructions.
 *
 * The preemption timer need not move.  The run's end is a machine time
 * (the slice) or the guest's next timer interrupt, whichever is first.
 * The slice's end, in physical instructions, stays where it was: machine
 * time and the physical CPU both advance by two.  The guest's timer moves
 * one physical instruction later per assist (the guest advances by one),
 * so a deadline set by it comes early, never late; preemption_early()
 * puts it right when it fires.  Only an mtc0 to Count or Compare can bring
 * the guest's timer nearer, and then the timer is set again here.
 *
 * The assist declines, having changed nothing, when the trap is not that
 * simple: someone looks at single events (the debugger, the trace,
 * detail), an ll since the guest went on the CPU (the long way maps its
 * address), or the run ends within this instruction (the long way's
 * resume_or_leave() decides what comes next).  It hands the step to the
 * long way when the vCPU declines to step (an interrupt due first), and
 * ends the long way's way when the step did more than the instruction (an
 * interrupt it unmasked was taken, the VM stopped or waits) or the guest
 * may not go on directly. */

/* The guest's state into its vCPU after a short-way step that changed more
 * than CP0 (an interrupt taken after it, a stop): the registers as the
 * physical CPU holds them, the PC and branch as the vCPU left them. */
static void context_after_short_step(struct monitor *m, struct vm *vm)
{
    uint32_t target;
    bool in_delay = cpu_in_delay(vm->vcpu, &target);
    uint32_t pc = cpu_get_pc(vm->vcpu);
    context_from_physical(m, vm);
    cpu_set_pc_delay(vm->vcpu, pc, in_delay, target);
}

/* The guest's trap as of before the assist's step: for its event. */
struct assisted {
    uint32_t pc, insn;
    uint64_t now;                /* the physical icount of the instruction */
    uint64_t guest_icount;
    enum cpu_mode vmode;
};

/* The vCPU declined the step (e.g. an interrupt is due first): the long
 * way, from the copy of the guest's registers on. */
static __attribute__((noinline)) enum cpu_assist
assist_long_way(struct monitor *m, struct vm *vm, const struct assisted *a)
{
    struct cpu_exception e = {
        .code = EXC_CPU, .pc = a->pc, .insn = a->insn, .has_insn = true,
    };
    context_from_physical(m, vm);
    cpu_set_pc(vm->vcpu, a->pc);
    emulate_trap(m, vm, &e);
    resume_or_leave(m, vm, a->now);
    return CPU_ASSIST_TRAPPED;
}

/* The long way's ending for a step the assist made: the event as
 * trap_record_end() ends it, then resume_or_leave(), with the guest's
 * registers in its vCPU.  The exception's place is taken. */
static __attribute__((noinline)) enum cpu_assist
assist_long_ending(struct monitor *m, struct vm *vm, const struct assisted *a,
                   enum cpu_stop why)
{
    struct step_record r;
    r.ev = event_begin(m, vm, TRAP_PRIV, a->pc);
    r.ev->guest_icount = a->guest_icount;
    r.ev->vmode = a->vmode;
    r.ev->phys_exc = EXC_CPU;
    r.ev->insn = a->insn;
    r.ev->has_insn = true;
    after_vcpu_run(m, vm, why);
    trap_record_end(m, vm, &r, 1);
    context_after_short_step(m, vm);
    resume_or_leave(m, vm, a->now);
    return CPU_ASSIST_TRAPPED;
}

/* Can the instruction change what the physical CPU holds for the guest:
 * its mode (Status; eret), its ASID (EntryHi; tlbr), its preemption timer
 * (Count and Compare, the guest's timer)?  Any other COP0 register lives
 * on the vCPU only. */
static inline bool changes_physical(enum cpu_cop0_op op, uint32_t insn)
{
    if (op == COP0_MTC0) {
        unsigned reg = (insn >> 11) & 31;
        return reg == CP0_STATUS || reg == CP0_ENTRYHI || reg == CP0_COUNT ||
               reg == CP0_COMPARE;
    }
    return op == COP0_TLBR || op == COP0_ERET;
}

/* After an instruction that changed the guest's mode or ASID: may the
 * guest go on directly, and then both onto the physical CPU. */
static inline bool physical_follows(struct monitor *m, struct vm *vm)
{
    if (!vm_runs_direct(vm))
        return false;                     /* kseg0 code: emulation */
    load_physical_cp0(m, vm);             /* the mode, the ASID, if changed */
    return true;
}

/* After any instruction that changes_physical(): the same, and the
 * preemption timer too after a write to Count or Compare. */
static __attribute__((noinline)) TRAP_PATH bool
assist_may_go_on(struct monitor *m, struct vm *vm, const struct assisted *a)
{
    unsigned reg = (a->insn >> 11) & 31;
    bool timer = cpu_cop0_op(a->insn) == COP0_MTC0 &&
                 (reg == CP0_COUNT || reg == CP0_COMPARE);
    uint32_t compare = 0;
    if (timer) {
        /* direct_budget(), as of after this instruction */
        uint64_t n = run_budget(m, machine_time(m) + CPU_ASSIST_INSNS,
                                cpu_insns_to_timer(vm->vcpu));
        if (n == 0)
            return false;
        compare = (uint32_t)(a->now + CPU_ASSIST_INSNS + n);
    }
    if (!physical_follows(m, vm))
        return false;
    if (timer && cpu_cp0_read(m->pcpu, CP0_COMPARE, 0) != compare)
        cpu_cp0_write(m->pcpu, CP0_COMPARE, 0, compare);
    return true;
}

/* Each COP0 instruction cpu_cop0_op() names, by its row in the statistics. */
static const uint8_t priv_row_of[] = {
    [COP0_MFC0] = PRIV_MFC0, [COP0_MTC0] = PRIV_MTC0, [COP0_TLBR] = PRIV_TLBR,
    [COP0_TLBP] = PRIV_TLBP, [COP0_ERET] = PRIV_ERET,
};

/* The short way's ending, once the vCPU has done the instruction and
 * nothing more: the event, the counters, and the next stretch of direct
 * running from after the instruction (CPU_ASSIST_INSNS later). */
static inline void assist_done(struct monitor *m, struct vm *vm,
                               const struct assisted *a, enum cpu_cop0_op op)
{
    event_assisted(m, vm, a->pc, a->insn, priv_row_of[op], a->guest_icount,
                   a->vmode, cpu_get_pc(vm->vcpu));
    vm->stats.emulated_insns++;
    m->assisted++;
    m->seg_start = a->now + CPU_ASSIST_INSNS;
    m->seg_delay = false;
}

/* An mfc0, the commonest, when it is nothing but a read of the virtual
 * CP0 (cpu_step_mfc0): no after-checks, no general step. */
static inline bool assist_mfc0(struct monitor *m, struct vm *vm, struct cpu *p,
                               uint32_t pc, uint32_t insn)
{
    struct cpu *v = vm->vcpu;
    struct assisted a = { .pc = pc, .insn = insn, .now = cpu_icount(p) };
    uint64_t ran = a.now - m->seg_start;
    uint32_t value;
    if (!cpu_step_mfc0(v, ran, pc, insn, &value))
        return false;
    vm->stats.direct_insns += ran;        /* credit(), as the vCPU just did */
    cpu_set_gpr(p, (insn >> 16) & 31, value);
    a.guest_icount = cpu_icount(v) - 1;
    a.vmode = cpu_mode(v);                /* an mfc0 leaves it */
    assist_done(m, vm, &a, COP0_MFC0);
    return true;
}

/* An mtc0 whose write can raise nothing (cpu_step_mtc0), or an eret that
 * unmasks no pending interrupt (cpu_step_eret): of the after-checks only
 * the physical CPU's is left, the guest's new mode or ASID after a write
 * to Status or EntryHi or an eret (changes_physical; Count and Compare are
 * the general step's).  Returns false, having changed nothing, when the
 * general step must do it, and the answer in *done otherwise. */
static inline bool assist_write(struct monitor *m, struct vm *vm, struct cpu *p,
                                uint32_t pc, uint32_t insn, enum cpu_cop0_op op,
                                enum cpu_assist *done)
{
    struct cpu *v = vm->vcpu;
    struct assisted a = { .pc = pc, .insn = insn, .now = cpu_icount(p) };
    uint64_t ran = a.now - m->seg_start;
    a.guest_icount = cpu_icount(v) + ran;
    a.vmode = cpu_mode(v);                /* before: the step may change it */
    vm->took_exception = false;           /* (for assist_long_ending) */
    bool stepped = op == COP0_ERET ?
        cpu_step_eret(v, ran, insn) :
        cpu_step_mtc0(v, ran, pc, insn, cpu_get_gpr(p, (insn >> 16) & 31));
    if (!stepped)
        return false;
    vm->stats.direct_insns += ran;        /* credit(), as the vCPU just did */
    if (op == COP0_ERET)
        cpu_clear_llbit(p);               /* as the vCPU's */
    if (changes_physical(op, insn) && !physical_follows(m, vm)) {
        *done = assist_long_ending(m, vm, &a, CPU_STOP_BUDGET);
        return true;
    }
    assist_done(m, vm, &a, op);
    *done = CPU_ASSIST_NEXT;
    if (op == COP0_ERET) {                /* where the vCPU went */
        cpu_set_pc(p, cpu_get_pc(v));
        *done = CPU_ASSIST_JUMP;
    }
    return true;
}

/* Any of them, through the vCPU's general step. */
static inline enum cpu_assist assist_step(struct monitor *m, struct vm *vm,
                                          struct cpu *p, uint32_t pc,
                                          uint32_t insn, enum cpu_cop0_op op)
{
    struct cpu *v = vm->vcpu;
    struct assisted a = { .pc = pc, .insn = insn, .now = cpu_icount(p) };
    unsigned rt = (insn >> 16) & 31;
    credit(m, vm, a.now, 0);
    a.guest_icount = cpu_icount(v);
    a.vmode = cpu_mode(v);
    cpu_set_pc(v, pc);
    if (op == COP0_MTC0)
        cpu_set_gpr(v, rt, cpu_get_gpr(p, rt));
    vm->took_exception = false;
    enum cpu_stop why;
    if (!cpu_step_cop0(v, insn, &why))
        return assist_long_way(m, vm, &a);
    if (op == COP0_MFC0)
        cpu_set_gpr(p, rt, cpu_get_gpr(v, rt));
    else if (op == COP0_ERET)
        cpu_clear_llbit(p);
    if (vm->took_exception || why != CPU_STOP_BUDGET || cpu_waiting(v) ||
        (changes_physical(op, insn) && !assist_may_go_on(m, vm, &a)))
        return assist_long_ending(m, vm, &a, why);
    assist_done(m, vm, &a, op);
    if (op != COP0_ERET)
        return CPU_ASSIST_NEXT;
    cpu_set_pc(p, cpu_get_pc(v));
    return CPU_ASSIST_JUMP;
}

static TRAP_PATH enum cpu_assist cop0_assist(void *opaque, struct cpu *p,
                                             uint32_t pc, uint32_t insn)
{
    struct monitor *m = opaque;
    struct vm *vm = m->assist_vm;         /* NULL: someone looks (direct_enter) */
    enum cpu_cop0_op op = cpu_cop0_op(insn);
    if (vm == NULL || op == COP0_NONE ||
        cpu_insns_to_timer(p) <= CPU_ASSIST_INSNS ||
        cpu_cp0_read(p, CP0_LLADDR, 0) != LLADDR_NONE)
        return CPU_ASSIST_DECLINED;
    bool timed = m->timing && (m->timing_tick++ % TIMING_SAMPLE) == 0;
    uint64_t t0 = timed ? host_ns() : 0;
    enum cpu_assist done = CPU_ASSIST_NEXT;
    if (!(op == COP0_MFC0 && assist_mfc0(m, vm, p, pc, insn)) &&
        !((op == COP0_MTC0 || op == COP0_ERET) &&
          assist_write(m, vm, p, pc, insn, op, &done)))
        done = assist_step(m, vm, p, pc, insn, op);
    if (timed)
        vm->stats.host_ns += (host_ns() - t0) * TIMING_SAMPLE;
    return done;
}

void monitor_attach_assist(struct monitor *m)
{
    cpu_set_cop0_assist(m->pcpu, cop0_assist, m);
}

/* ---- trap 5: the preemption timer ------------------------------------- */

/* The preemption timer fired before the run's end (see the assist above:
 * a deadline set by the guest's own timer comes early by one instruction
 * per assist).  Set it where it belongs, as of now, and go on: no event,
 * no stop, as if it had been there all along.  The guest is credited up
 * to here, and the run goes on from here (any branch on the physical CPU
 * awaiting its slot ran, and was credited, before). */
static bool preemption_early(struct monitor *m, struct vm *vm, uint64_t now)
{
    if (m->debugging || m->debug_pending || vm->state != VM_RUNNING ||
        now < m->seg_start)
        return false;
    /* The guest's timer as of now, before crediting (which would take
     * a timer that is due, and arm it again for its next round). */
    uint64_t ran = now - m->seg_start;
    uint64_t to_timer = cpu_insns_to_timer(vm->vcpu);
    uint64_t n = ran < to_timer ? run_budget(m, machine_time(m), to_timer - ran) : 0;
    if (n == 0)
        return false;                     /* it is the end: direct_leave() */
    credit(m, vm, now, 0);
    m->seg_start = now;
    m->seg_delay = cpu_in_delay(m->pcpu, &m->seg_delay_target);
    cpu_cp0_write(m->pcpu, CP0_COMPARE, 0, (uint32_t)(now + n));
    return true;
}

/* Trap 5: the preemption timer.  Unless it came early, acknowledge it,
 * take the guest off the CPU with its state as it is (a branch may await
 * its slot) and let the scheduler decide. */
static void preemption_timer(struct monitor *m, struct vm *vm, uint64_t now)
{
    if (preemption_early(m, vm, now))
        return;
    cpu_cp0_write(m->pcpu, CP0_COMPARE, 0, cpu_cp0_read(m->pcpu, CP0_COMPARE, 0));
    direct_leave(m, vm);
    struct trap_event *ev = event_begin(m, vm, TRAP_TIMER, cpu_get_pc(vm->vcpu));
    ev->phys_exc = EXC_INT;
    ev->new_pc = ev->pc;
    event_end(m, vm, ev);
    cpu_request_stop(m->pcpu);
}

TRAP_PATH bool monitor_on_exception(void *opaque, struct cpu *pcpu,
                          const struct cpu_exception *e)
{
    struct monitor *m = opaque;
    struct vm *vm = m->cur;
    if (vm == NULL || !vm->on_pcpu)
        return false;          /* cannot happen: the CPU only runs guests */
    /* Host time in the monitor is sampled, one trap in TIMING_SAMPLE, so
     * that measuring it does not double it: reading the clock costs about
     * as much as a simple trap. */
    bool timed = m->timing && (m->timing_tick++ % TIMING_SAMPLE) == 0;
    uint64_t t0 = timed ? host_ns() : 0;
    uint64_t now = cpu_icount(pcpu);

    if (e->code == EXC_INT) {
        preemption_timer(m, vm, now);
    } else {
        /* The guest's state as of the trapping instruction, restarting at
         * the branch if it was in a delay slot. */
        context_from_physical(m, vm);
        if (e->in_delay && now == m->seg_start && m->seg_delay) {
            /* The slot was the first instruction of this run: its branch
             * ran (and was credited) before, so it must not run again. */
            credit(m, vm, now, 0);
            cpu_set_pc_delay(vm->vcpu, e->pc + 4, true, m->seg_delay_target);
        } else {
            credit(m, vm, now, e->in_delay ? 1 : 0);
            uint32_t target;
            cpu_in_delay(m->pcpu, &target);   /* kept, as the copy left it */
            cpu_set_pc_delay(vm->vcpu, e->pc, false, target);
        }
        bool fast = (e->code == EXC_TLBL || e->code == EXC_TLBS ||
                     e->code == EXC_MOD) && try_shadow_fill(m, vm, e);
        if (fast && m->debugging) {
            /* e->pc runs again; it passed its breakpoint check (debug.c) */
            vm->dbg.skip_armed = true;
            vm->dbg.skip_pc = e->pc;
        } else if (!fast) {
            emulate_trap(m, vm, e);
        }
        resume_or_leave(m, vm, now);
    }
    if (timed)
        vm->stats.host_ns += (host_ns() - t0) * TIMING_SAMPLE;
    return true;
}
