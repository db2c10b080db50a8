/*
 * sched.c -- sharing the physical CPU among the VMs.
 *
 * Machine time is what the physical machine has spent: instructions the
 * physical CPU retired (guests running directly, plus one per trap),
 * instructions stepped on virtual CPUs, and idle time skipped.  It never
 * comes from the host clock, so a run is deterministic.
 *
 * The scheduler is round robin over the running VMs, one time slice
 * (--slice instructions of machine time) each.  A slice runs the VM:
 *   - directly on the physical CPU while vm_runs_direct(), with the
 *     preemption timer (the physical Count/Compare) set for the end of the
 *     slice or the guest's own next timer interrupt, whichever is first;
 *   - emulated, on its vCPU, while it runs kernel code in kseg0/kseg1/kseg3:
 *     one instruction per step (an event each) while someone looks at
 *     events (the debugger, --trace traps), otherwise in one batch until
 *     the guest leaves that code (emulate_batch), counted the same.
 * Giving the CPU to another VM is a world switch: registers are saved in
 * the outgoing vCPU (they already are, by the time the scheduler runs) and
 * the outgoing VM's shadow entries are retired from the real TLB.
 *
 * Each VM's virtual time is its own instruction count, so a VM that is
 * ready but not scheduled does not age: it runs exactly as on the bare
 * machine, only later.  A VM in `wait` is different: its timer runs on
 * machine time, so it wakes when its Count reaches Compare while the
 * others work, at exactly the instruction count where the bare machine's
 * would have skipped to.  With every VM waiting, monitor_run() returns
 * MONITOR_IDLE and the front end skips or sleeps (no spinning).
 */
#include <stdarg.h>
#include <stdio.h>
#include "monitor_internal.h"

uint64_t machine_time(const struct monitor *m)
{
    return cpu_icount(m->pcpu) + m->emulated + m->idle + m->trap_insn;
}

uint64_t monitor_time(const struct monitor *m)
{
    return machine_time(m);
}

uint64_t monitor_assisted(const struct monitor *m)
{
    return m->assisted;
}

/* Can anything ever end this VM's wait?  An enabled timer, or (when the
 * front end can still deliver input) an enabled UART interrupt. */
static bool can_wake(struct vm *vm, bool input_possible, bool *timer)
{
    uint32_t st = cpu_cp0_read(vm->vcpu, CP0_STATUS, 0);
    bool enabled = (st & ST_IE) && !(st & (ST_EXL | ST_ERL));
    *timer = enabled && (st & (1u << (ST_IM_SHIFT + 7)));
    bool uart = enabled && (st & (1u << (ST_IM_SHIFT + 2))) && input_possible;
    return *timer || uart || cpu_irq_ready(vm->vcpu);
}

/* A waiting VM's timer runs on machine time: advance it up to now, at most
 * to its next timer event, and wake it if an interrupt is then pending. */
static void age_waiting(struct monitor *m, struct vm *vm)
{
    uint64_t now = machine_time(m);
    uint64_t k = now - vm->wait_since;
    uint64_t to_timer = cpu_insns_to_timer(vm->vcpu);
    if (k > to_timer)
        k = to_timer;
    if (k > 0)
        cpu_skip_idle(vm->vcpu, k);
    vm->wait_since += k;
    vm->stats.idle += k;
    if (cpu_irq_ready(vm->vcpu))  /* also re-arms a timer that fired masked */
        vm->state = VM_RUNNING;
}

/* The next running VM after the last one scheduled, or -1.  The caller
 * moves m->rr only when it really runs the VM: a turn that is looked at
 * and not taken (the budget is spent) must not be skipped. */
static int pick_next(const struct monitor *m)
{
    for (unsigned k = 1; k <= m->nvms; k++) {
        unsigned i = (m->rr + k) % m->nvms;
        if (m->vms[i]->state == VM_RUNNING)
            return (int)i;
    }
    return -1;
}

static void world_switch(struct monitor *m, struct vm *to)
{
    struct vm *from = m->cur;
    if (from != NULL) {
        struct trap_event *ev = event_begin(m, from, TRAP_WORLD_SWITCH,
                                            cpu_get_pc(from->vcpu));
        ev->other_vm = to->id;
        ev->new_pc = cpu_get_pc(to->vcpu);
        event_end(m, from, ev);
    }
    shadow_flush(m);
    m->cur = to;
}

static void run_slice(struct monitor *m, struct vm *vm, uint64_t slice_end)
{
    m->slice_end = slice_end;
    while (vm->state == VM_RUNNING && machine_time(m) < slice_end) {
        uint64_t room = UINT64_MAX;
        if (m->debugging) {                       /* debug.c */
            room = debug_step_room(m, vm);
            if (m->debug_pending)
                return;
        }
        if (inject_interrupt(m, vm))
            continue;
        if (!vm_runs_direct(vm)) {
            if (m->debugging) {
                if (!debug_break_emulated(m, vm))
                    emulate_one(m, vm);
            } else if (m->detail) {
                emulate_one(m, vm);       /* an event per instruction */
            } else {
                emulate_batch(m, vm, slice_end - machine_time(m));
            }
            continue;
        }
        uint64_t n = slice_end - machine_time(m);
        uint64_t to_timer = cpu_insns_to_timer(vm->vcpu);
        if (to_timer < n)
            n = to_timer;
        if (room < n)
            n = room;
        if (n == 0) {            /* the timer is due but masked: step past it */
            if (!m->debugging || !debug_break_emulated(m, vm))
                emulate_one(m, vm);
            continue;
        }
        direct_enter(m, vm, n, cpu_icount(m->pcpu));
        enum cpu_stop why = cpu_run(m->pcpu, UINT64_C(1) << 62);
        if (vm->on_pcpu)
            direct_leave(m, vm);
        if (why == CPU_STOP_BREAKPOINT || why == CPU_STOP_WATCHPOINT)
            debug_cpu_stopped(m, vm, m->pcpu, why);
    }
}

enum monitor_stop monitor_run(struct monitor *m, uint64_t max_insns)
{
    uint64_t end = machine_time(m) + max_insns;
    for (;;) {
        if (m->debug_pending) {          /* debug.c: report it */
            m->debug_pending = false;
            m->debug_reported = true;
            for (unsigned i = 0; i < m->nvms; i++)
                m->vms[i]->dbg.watch_cut = false;   /* trap.c: reported */
            debug_update(m);
            return MONITOR_DEBUG;
        }
        for (unsigned i = 0; i < m->nvms; i++)
            if (m->vms[i]->state == VM_WAITING)
                age_waiting(m, m->vms[i]);
        int next = pick_next(m);
        if (next < 0) {
            for (unsigned i = 0; i < m->nvms; i++)
                if (m->vms[i]->state != VM_STOPPED)
                    return MONITOR_IDLE;
            return MONITOR_DONE;
        }
        uint64_t now = machine_time(m);
        if (now >= end)
            return MONITOR_BUDGET;
        struct vm *vm = m->vms[next];
        m->rr = (unsigned)next;
        if (vm != m->cur) {
            world_switch(m, vm);
            if (m->debug_pending) {
                /* A debug stop at the switch (break-trap or trace
                 * world-switch): vm keeps its turn, or every resume would
                 * switch again and no VM would ever run. */
                m->rr = (unsigned)(next + m->nvms - 1) % m->nvms;
                continue;
            }
        }
        uint64_t n = end - now < m->slice ? end - now : m->slice;
        run_slice(m, vm, now + n);
    }
}

uint64_t monitor_insns_to_wake(struct monitor *m, bool input_possible)
{
    uint64_t best = UINT64_MAX;
    for (unsigned i = 0; i < m->nvms; i++) {
        struct vm *vm = m->vms[i];
        if (vm->state != VM_WAITING)
            continue;
        bool timer;
        if (!can_wake(vm, input_possible, &timer)) {
            vm_stop(vm, 125, "stuck in wait at pc %08x: no interrupt can "
                    "wake it (Status %08x)", cpu_get_pc(vm->vcpu) - 4,
                    cpu_cp0_read(vm->vcpu, CP0_STATUS, 0));
            vm_report_halt(vm);
            continue;
        }
        if (timer) {
            uint64_t t = cpu_insns_to_timer(vm->vcpu);
            uint64_t waited = machine_time(m) - vm->wait_since;
            t = t > waited ? t - waited : 0;
            if (t < best)
                best = t;
        }
    }
    return best;
}

void monitor_skip(struct monitor *m, uint64_t insns)
{
    m->idle += insns;
}
