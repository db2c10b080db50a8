/*
 * debug.c -- breakpoints, watchpoints, trap stops and stepping, per VM.
 *
 * A VM's guest instructions run in two places (docs/monitor.md §2): directly
 * on the physical CPU, or emulated on its vCPU.  A debugger must not see
 * the difference, so each VM owns one table of points (struct cpu_points,
 * guest-virtual addresses) and:
 *   - the physical CPU borrows the table of the VM it holds, on every
 *     direct_enter() (debug_enter_pcpu); the CPU checks breakpoints before
 *     each instruction and the MMU checks watchpoints at each access to a
 *     watched page, after it or before it (cpu/debug.c);
 *   - the vCPU borrows the VM's watchpoints for good, so emulated loads and
 *     stores are checked by the same MMU code;
 *   - breakpoints in emulated code (kseg0/1/3: the exception vectors, the
 *     firmware) are checked here, before each emulated instruction
 *     (debug_break_emulated).  The vCPU itself has no breakpoints: when it
 *     re-executes a trapped instruction, the physical CPU has checked it.
 *
 * A debug stop is made pending (m->debug_pending) wherever it happens, even
 * deep in the trap path; the trap path then does not resume the guest
 * directly, the scheduler's loops return, and monitor_run() reports
 * MONITOR_DEBUG with every register in the vCPUs.
 *
 * Resuming at a breakpoint: the VM keeps the promise "do not stop at
 * skip_pc first" (dbg.skip_armed) until its next instruction is checked,
 * here or on the physical CPU (handed over in debug_enter_pcpu).  The same
 * promise covers an instruction the physical CPU re-executes after a
 * shadow fill: it passed its check already.
 *
 * Watchpoints that stop *before* the access (MMU_WATCH_BEFORE, the GDB
 * stub's): the CPU that stops, physical or virtual, puts the guest back
 * where the instruction, or the branch of its delay slot, has not begun,
 * and takes back the time of such a branch (trap.c's direct_leave() does
 * it for a branch an earlier run credited; a vCPU step that retired
 * nothing records no trap event, and no interrupt is injected before the
 * stop is reported).  Resuming must let that one access through: the
 * VM keeps the promise (dbg.wskip_*) and hands it to the physical CPU on
 * each direct_enter() while the guest stands where it stopped (a shadow
 * fill may make it enter twice); the vCPU holds its own copy from the
 * stop on.  Each CPU's promise names the access and the instruction count
 * at which it must come, so a promise nobody used goes stale by itself.
 *
 * Stepping counts cpu_retired() of the vCPU, which is the guest's own time
 * less idle: exact, because direct runs are bounded by the preemption timer
 * (debug_step_room caps the run) and traps are credited instruction by
 * instruction (trap.c).
 */
#include <string.h>
#include "monitor_internal.h"

static struct vm *vm_of(const struct monitor *m, unsigned id)
{
    return id >= 1 && id <= m->nvms ? m->vms[id - 1] : NULL;
}

static void make_pending(struct monitor *m, const struct monitor_debug_stop *s)
{
    if (m->debug_pending)
        return;                  /* the first stop of a run is the one reported */
    m->debug = *s;
    m->debug_pending = true;
}

void debug_update(struct monitor *m)
{
    bool on = m->trap_stop_any != 0 || m->debug_pending;
    for (unsigned i = 0; i < m->nvms; i++) {
        const struct vm_debug *d = &m->vms[i]->dbg;
        on |= d->points.nbreak > 0 || d->points.watch.n > 0 ||
              d->trap_stop != 0 || d->stepping;
    }
    m->debugging = on;
    m->event_hooks = on || m->trace_out != NULL;
    if (!on)                     /* nothing lent: the fast path again */
        cpu_set_points(m->pcpu, NULL, NULL);
}

/* ---- the points ---------------------------------------------------------- */

/* The VM's table changed: the CPUs that borrow it must not keep cached
 * translations of newly watched pages. */
static void points_changed(struct monitor *m, struct vm *vm)
{
    cpu_set_points(vm->vcpu, NULL, &vm->dbg.points);
    cpu_points_changed(vm->vcpu);
    if (m->cur == vm)
        cpu_points_changed(m->pcpu);
}

int monitor_break_insert(struct monitor *m, unsigned id, uint32_t vaddr)
{
    struct vm *vm = vm_of(m, id);
    if (vm == NULL || (vaddr & 3))
        return -1;
    int pid = m->next_point_id + 1;
    if (cpu_points_add_break(&vm->dbg.points, vaddr, pid) < 0)
        return -1;
    m->next_point_id = pid;
    debug_update(m);
    return pid;
}

int monitor_watch_insert(struct monitor *m, unsigned id, uint32_t vaddr,
                         uint32_t len, unsigned access)
{
    struct vm *vm = vm_of(m, id);
    if (vm == NULL ||
        (access & ~(MMU_WATCH_READ | MMU_WATCH_WRITE | MMU_WATCH_BEFORE)) != 0)
        return -1;
    int pid = m->next_point_id + 1;
    if (cpu_points_add_watch(&vm->dbg.points, vaddr, len, access, pid) < 0)
        return -1;
    m->next_point_id = pid;
    points_changed(m, vm);
    debug_update(m);
    return pid;
}

bool monitor_point_remove(struct monitor *m, int pid)
{
    for (unsigned i = 0; i < m->nvms; i++) {
        if (cpu_points_remove(&m->vms[i]->dbg.points, pid)) {
            points_changed(m, m->vms[i]);
            debug_update(m);
            return true;
        }
    }
    return false;
}

void monitor_trap_stop(struct monitor *m, unsigned id, unsigned kinds)
{
    kinds &= (1u << TRAP_NKINDS) - 1;
    struct vm *vm = vm_of(m, id);
    if (id == 0)
        m->trap_stop_any = kinds;
    else if (vm != NULL)
        vm->dbg.trap_stop = kinds;
    debug_update(m);
}

void monitor_step(struct monitor *m, unsigned id, uint64_t n)
{
    struct vm *vm = vm_of(m, id);
    if (vm == NULL)
        return;
    vm->dbg.stepping = n > 0;
    vm->dbg.step_end = cpu_retired(vm->vcpu) + n;
    debug_update(m);
}

bool monitor_debug_stop(const struct monitor *m, struct monitor_debug_stop *s)
{
    if (!m->debug_reported)
        return false;
    *s = m->debug;
    return true;
}

/* ---- during the run -------------------------------------------------------- */

/* The watch promise for the physical CPU, whose run starts at seg_start:
 * only while the guest stands where it stopped (or has run just the
 * branch, if the access is in its delay slot). */
static void enter_watch_skip(struct monitor *m, struct vm *vm)
{
    struct vm_debug *d = &vm->dbg;
    bool armed = false;
    uint64_t at = m->seg_start;
    if (d->wskip_armed) {
        uint64_t g = cpu_icount(vm->vcpu);
        uint32_t pc = cpu_get_pc(vm->vcpu), target;
        bool slot = cpu_in_delay(vm->vcpu, &target);
        if (g == d->wskip_at && pc == d->wskip_pc && !slot) {
            armed = true;
        } else if (g == d->wskip_at + 1 && pc == d->wskip_pc + 4 && slot) {
            armed = true;
            at = m->seg_start - 1;       /* the branch ran before this run */
        } else {
            d->wskip_armed = false;      /* the guest has moved on */
        }
    }
    cpu_watch_skip(m->pcpu, armed, d->wskip_addr, d->wskip_write, at);
}

void debug_enter_pcpu(struct monitor *m, struct vm *vm)
{
    const struct cpu_points *p = &vm->dbg.points;
    cpu_set_points(m->pcpu, p->nbreak ? p : NULL, p);
    cpu_break_skip(m->pcpu, vm->dbg.skip_armed, vm->dbg.skip_pc);
    vm->dbg.skip_armed = false;          /* the physical CPU keeps it now */
    enter_watch_skip(m, vm);
}

bool debug_break_emulated(struct monitor *m, struct vm *vm)
{
    struct vm_debug *d = &vm->dbg;
    if (d->points.nbreak == 0) {
        d->skip_armed = false;
        return false;
    }
    uint32_t pc = cpu_get_pc(vm->vcpu);
    if (d->skip_armed) {
        d->skip_armed = false;
        if (pc == d->skip_pc)
            return false;
    }
    for (unsigned i = 0; i < d->points.nbreak; i++) {
        if (d->points.brk[i] == pc) {
            struct monitor_debug_stop s = { .kind = MONITOR_DEBUG_BREAK,
                                            .vm = vm->id,
                                            .id = d->points.brk_id[i] };
            make_pending(m, &s);
            d->skip_armed = true;
            d->skip_pc = pc;
            return true;
        }
    }
    return false;
}

void debug_cpu_stopped(struct monitor *m, struct vm *vm, struct cpu *c,
                       enum cpu_stop why)
{
    if (why != CPU_STOP_BREAKPOINT && why != CPU_STOP_WATCHPOINT)
        return;
    struct cpu_hit h;
    cpu_last_hit(c, &h);
    struct monitor_debug_stop s = { .vm = vm->id, .id = h.id };
    if (h.kind == CPU_HIT_BREAK) {
        s.kind = MONITOR_DEBUG_BREAK;
        vm->dbg.skip_armed = true;
        vm->dbg.skip_pc = h.pc;
    } else {
        s.kind = MONITOR_DEBUG_WATCH;
        s.addr = h.addr;
        s.write = h.write;
        if (h.before) {
            /* The guest stands at h.pc, which passed its breakpoint check
             * already, and must make this access once when it resumes.
             * The vCPU holds the guest's time and PC now (direct_leave or
             * the vCPU's own rewind). */
            struct vm_debug *d = &vm->dbg;
            d->skip_armed = true;
            d->skip_pc = h.pc;
            d->wskip_armed = true;
            d->wskip_addr = h.addr;
            d->wskip_write = h.write;
            d->wskip_pc = h.pc;
            d->wskip_at = cpu_icount(vm->vcpu);
            cpu_watch_skip(vm->vcpu, true, h.addr, h.write, d->wskip_at);
        }
    }
    make_pending(m, &s);
}

void debug_trap_event(struct monitor *m, struct vm *vm,
                      const struct trap_event *ev)
{
    if (!((vm->dbg.trap_stop | m->trap_stop_any) & (1u << ev->kind)))
        return;
    struct monitor_debug_stop s = { .kind = MONITOR_DEBUG_TRAP, .vm = vm->id,
                                    .event = *ev };
    make_pending(m, &s);
}

uint64_t debug_step_room(struct monitor *m, struct vm *vm)
{
    struct vm_debug *d = &vm->dbg;
    if (!d->stepping)
        return UINT64_MAX;
    uint64_t done = cpu_retired(vm->vcpu);
    if (done < d->step_end)
        return d->step_end - done;
    d->stepping = false;
    struct monitor_debug_stop s = { .kind = MONITOR_DEBUG_STEP, .vm = vm->id };
    make_pending(m, &s);
    return 0;
}

/* ---- registers and memory ------------------------------------------------- */

bool monitor_vm_get_context(const struct monitor *m, unsigned id,
                            struct cpu_context *ctx)
{
    struct vm *vm = vm_of(m, id);
    if (vm == NULL)
        return false;
    cpu_get_context(vm->on_pcpu ? m->pcpu : vm->vcpu, ctx);
    if (vm->on_pcpu)             /* the physical LLAddr is a machine address */
        ctx->lladdr = cpu_cp0_read(vm->vcpu, CP0_LLADDR, 0);
    return true;
}

bool monitor_vm_set_context(struct monitor *m, unsigned id,
                            const struct cpu_context *ctx)
{
    struct vm *vm = vm_of(m, id);
    if (vm == NULL)
        return false;
    struct cpu_context old;
    monitor_vm_get_context(m, id, &old);
    if (old.pc != ctx->pc || old.in_delay != ctx->in_delay) {
        vm->dbg.skip_armed = false;        /* a new PC: no promise holds */
        vm->dbg.wskip_armed = false;
        cpu_watch_skip(vm->vcpu, false, 0, false, 0);
    }
    if (vm->on_pcpu) {
        struct cpu_context phys = *ctx;
        phys.lladdr = 0xFFFFFFFFu;         /* as direct_enter() leaves it */
        cpu_set_context(m->pcpu, &phys);
    } else {
        cpu_set_context(vm->vcpu, ctx);
    }
    return true;
}

/* The host bytes of guest-physical page gpa (4 KiB aligned): RAM through
 * the pmap (NULL for an untouched page unless `give`), else ROM. */
static uint8_t *guest_page(struct monitor *m, struct vm *vm, uint32_t gpa,
                           bool give, bool *untouched)
{
    *untouched = false;
    if (gpa < vm->ram_size) {
        uint32_t gfn = gpa >> PAGE_SHIFT;
        uint32_t mfn = give ? pmap_frame(vm, gfn) : vm->pmap.mframe[gfn];
        if (mfn == NO_FRAME) {
            *untouched = !give;
            return NULL;
        }
        return m->frames.ram + (size_t)mfn * PAGE_SIZE;
    }
    return give ? NULL : bus_host_ptr(board_bus(vm->board), gpa, false);
}

/* Copy between guest-physical memory and buf, a page at a time: into buf
 * (out != NULL: untouched RAM reads as zeros and gets no frame), or from
 * it (in != NULL: RAM only, frames given on demand, decoded code there
 * forgotten by every CPU that shares it). */
static size_t copy_guest(struct monitor *m, unsigned id, uint32_t gpa,
                         uint8_t *out, const uint8_t *in, size_t len)
{
    struct vm *vm = vm_of(m, id);
    size_t done = 0;
    while (vm != NULL && done < len) {
        uint64_t a = (uint64_t)gpa + done;
        if (a > UINT32_MAX)
            break;
        uint32_t off = (uint32_t)a & (PAGE_SIZE - 1);
        size_t n = PAGE_SIZE - off < len - done ? PAGE_SIZE - off : len - done;
        bool untouched;
        uint8_t *page = guest_page(m, vm, (uint32_t)a - off, in != NULL,
                                   &untouched);
        if (page == NULL && (in != NULL || !untouched))
            break;
        if (in != NULL) {
            memcpy(page + off, in + done, n);
            uint32_t mpa = (uint32_t)(page - m->frames.ram) + off;
            cpu_invalidate_code(m->pcpu, mpa, (uint32_t)n);   /* every sharer */
            cpu_invalidate_code(vm->vcpu, (uint32_t)a, (uint32_t)n);
        } else if (page != NULL) {
            memcpy(out + done, page + off, n);
        } else {
            memset(out + done, 0, n);
        }
        done += n;
    }
    return done;
}

size_t monitor_vm_mem_read(struct monitor *m, unsigned id, uint32_t gpa,
                           void *buf, size_t len)
{
    return copy_guest(m, id, gpa, buf, NULL, len);
}

size_t monitor_vm_mem_write(struct monitor *m, unsigned id, uint32_t gpa,
                            const void *buf, size_t len)
{
    return copy_guest(m, id, gpa, NULL, buf, len);
}
