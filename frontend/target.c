/*
 * target.c -- the bare machine or the monitor behind one interface
 * (target.h), for the debugger console, the GDB stub and the window.
 *
 * Why one file with two halves: every call is "the same question asked of
 * a different machine".  The bare machine is frontend/machine.c's, with
 * console bytes going to the caller's callback (as guest 1).  Under the monitor each VM is a guest and
 * the monitor answers through its public API (monitor/monitor.h), which
 * keeps every VM's registers in its vCPU whenever monitor_run() has
 * returned.  Each function below first asks which half it is in.
 *
 * Running: machine time goes in chunks of HOST_SLICE instructions, the
 * same chunks the headless loops (run.c, run_vm.c) use, so a run under the
 * debugger schedules VMs exactly as `trapeze run` does; between chunks the
 * stop flag of target_request_stop() is polled (a sig_atomic_t, so a
 * SIGINT handler may set it).
 *
 * Breakpoints, watchpoints and stepping live in the core (cpu/debug.c,
 * monitor/debug.c); on the bare machine this file owns the one table of
 * points and keeps the promise that resuming at a breakpoint does not stop
 * there again at once.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "devices/board.h"
#include "hostio.h"
#include "machine.h"
#include "target.h"

_Static_assert(TARGET_WATCH_READ == MMU_WATCH_READ &&
               TARGET_WATCH_WRITE == MMU_WATCH_WRITE &&
               TARGET_WATCH_BEFORE == MMU_WATCH_BEFORE,
               "watch access masks are passed through unchanged");

#define PAGE 4096u

struct bare {
    struct machine *m;           /* its board and CPU; m->powered_off */
    bool halted, stuck;
    uint32_t exit_code;          /* after a UHI exit, or EXIT_STUCK */
    char reason[160];
    struct cpu_points points;
    int next_id;
    bool at_break;               /* stopped at a breakpoint at break_pc */
    uint32_t break_pc;
    bool at_watch;               /* stopped before a watched access ... */
    uint32_t watch_addr;         /* ... this one, its instruction (or */
    bool watch_write;            /* branch) at break_pc */
};

struct target {
    struct target_callbacks cb;
    char kernel[CLI_MAX_VMS][256];
    struct monitor *mon;         /* NULL: bare */
    struct bare bare;
    volatile sig_atomic_t stop_req;
};

/* ---- building ------------------------------------------------------------ */

static void bare_console(void *opaque, uint8_t byte)
{
    struct target *t = opaque;
    if (t->cb.console_out)
        t->cb.console_out(t->cb.opaque, 1, byte);
}

static void vm_console(void *opaque, unsigned vm, uint8_t byte)
{
    struct target *t = opaque;
    if (t->cb.console_out)
        t->cb.console_out(t->cb.opaque, vm, byte);
}

/* The CPU checks every instruction while it holds a breakpoint table:
 * lend it only while it has breakpoints. */
static void lend_points(struct bare *b)
{
    cpu_set_points(b->m->cpu, b->points.nbreak ? &b->points : NULL, &b->points);
}

static bool build_bare(struct target *t, const struct run_options *o,
                       char *err, size_t errlen)
{
    struct bare *b = &t->bare;
    struct machine_config mc = {
        .ram_mib = o->ram_mib, .tlb_entries = o->tlb_entries,
        .count_divisor = o->count_divisor, .kernel = o->kernel,
        .args = o->args, .console_out = bare_console, .console_opaque = t,
    };
    b->m = machine_new(&mc, err, errlen);
    if (b->m == NULL)
        return false;
    lend_points(b);
    return true;
}

static bool build_monitor(struct target *t, const struct run_options *o,
                          char *err, size_t errlen)
{
    struct monitor_config mc = {
        .nvms = o->nvms, .tlb_entries = o->tlb_entries,
        .count_divisor = o->count_divisor, .slice = o->slice,
    };
    for (unsigned i = 0; i < o->nvms && i < MONITOR_MAX_VMS; i++) {
        mc.vm[i].kernel = o->vms[i].kernel;
        mc.vm[i].args = o->vms[i].args;
        mc.vm[i].ram_mib = o->vms[i].ram_mib;
    }
    struct monitor_callbacks cb = { .console_out = vm_console, .opaque = t };
    t->mon = monitor_new(&mc, &cb, err, errlen);
    return t->mon != NULL;
}

struct target *target_new(const struct run_options *o,
                          const struct target_callbacks *cb,
                          char *err, size_t errlen)
{
    struct target *t = calloc(1, sizeof *t);
    if (t == NULL) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (cb)
        t->cb = *cb;
    if (o->nvms > CLI_MAX_VMS) {
        snprintf(err, errlen, "too many VMs (%u; at most %d)", o->nvms, CLI_MAX_VMS);
        free(t);
        return NULL;
    }
    if (o->nvms == 0)
        snprintf(t->kernel[0], sizeof t->kernel[0], "%s", o->kernel ? o->kernel : "");
    for (unsigned i = 0; i < o->nvms; i++)
        snprintf(t->kernel[i], sizeof t->kernel[i], "%s",
                 o->vms[i].kernel ? o->vms[i].kernel : "");
    bool ok = o->nvms ? build_monitor(t, o, err, errlen)
                      : build_bare(t, o, err, errlen);
    if (!ok) {
        target_free(t);
        return NULL;
    }
    return t;
}

void target_free(struct target *t)
{
    if (t == NULL)
        return;
    monitor_free(t->mon);
    machine_free(t->bare.m);
    free(t);
}

bool target_is_monitor(const struct target *t) { return t->mon != NULL; }
struct monitor *target_monitor(struct target *t) { return t->mon; }

unsigned target_nguests(const struct target *t)
{
    return t->mon ? monitor_nvms(t->mon) : 1;
}

static bool valid_vm(const struct target *t, unsigned vm)
{
    return vm >= 1 && vm <= target_nguests(t);
}

const char *target_kernel(const struct target *t, unsigned vm)
{
    return valid_vm(t, vm) ? t->kernel[vm - 1] : NULL;
}

/* ---- state ------------------------------------------------------------------ */

static bool bare_stopped(const struct bare *b)
{
    return b->m->powered_off || b->halted || b->stuck;
}

enum vm_state target_state(const struct target *t, unsigned vm)
{
    if (t->mon)
        return monitor_vm_state(t->mon, vm);
    if (bare_stopped(&t->bare))
        return VM_STOPPED;
    return cpu_waiting(t->bare.m->cpu) ? VM_WAITING : VM_RUNNING;
}

const char *target_reason(const struct target *t, unsigned vm)
{
    if (t->mon)
        return monitor_vm_reason(t->mon, vm);
    return bare_stopped(&t->bare) ? t->bare.reason : "";
}

int target_status(const struct target *t)
{
    if (t->mon)
        return monitor_exit_status(t->mon);
    if (t->bare.stuck)
        return EXIT_STUCK;
    if (t->bare.m->powered_off)
        return (int)(t->bare.m->exit_code & 0xFF);
    return bare_stopped(&t->bare) ? (int)(t->bare.exit_code & 0xFF) : 0;
}

uint64_t target_time(const struct target *t)
{
    return t->mon ? monitor_time(t->mon) : cpu_icount(t->bare.m->cpu);
}

/* The bare machine's `wait`: as run.c's handle_wait, without the host. */
uint64_t target_insns_to_wake(struct target *t, bool input_possible)
{
    if (t->mon)
        return monitor_insns_to_wake(t->mon, input_possible);
    struct bare *b = &t->bare;
    if (bare_stopped(b) || !cpu_waiting(b->m->cpu))
        return 0;
    uint32_t st = cpu_cp0_read(b->m->cpu, CP0_STATUS, 0);
    bool enabled = (st & ST_IE) && !(st & (ST_EXL | ST_ERL));
    bool timer = enabled && (st & (1u << (ST_IM_SHIFT + IRQ_TIMER)));
    bool uart = enabled && (st & (1u << (ST_IM_SHIFT + IRQ_UART))) && input_possible;
    if (timer)
        return cpu_insns_to_timer(b->m->cpu);
    if (!uart) {
        b->stuck = true;
        b->exit_code = EXIT_STUCK;
        snprintf(b->reason, sizeof b->reason, "stuck in wait at pc %08x: no "
                 "interrupt can wake it (Status %08x)",
                 cpu_get_pc(b->m->cpu) - 4, st);
    }
    return UINT64_MAX;
}

void target_skip(struct target *t, uint64_t insns)
{
    if (t->mon)
        monitor_skip(t->mon, insns);
    else
        cpu_skip_idle(t->bare.m->cpu, insns);
}

bool target_console_in(struct target *t, unsigned vm, uint8_t byte)
{
    if (!valid_vm(t, vm))
        return false;
    if (t->mon)
        return monitor_console_in(t->mon, vm, byte);
    return uart_rx_push(board_uart(t->bare.m->board), byte);
}

/* ---- running --------------------------------------------------------------- */

static uint32_t guest_pc(struct target *t, unsigned vm)
{
    uint32_t pc = 0;
    target_reg_read(t, vm, TARGET_REG_PC, &pc);
    return pc;
}

static void set_stop(struct target *t, struct target_stop *st,
                     enum target_stop_kind kind, unsigned vm)
{
    memset(st, 0, sizeof *st);
    st->kind = kind;
    st->vm = vm;
    st->id = -1;
    st->pc = vm ? guest_pc(t, vm) : 0;
}

static bool take_request(struct target *t, struct target_stop *st)
{
    if (!t->stop_req)
        return false;
    t->stop_req = 0;
    set_stop(t, st, TARGET_STOP_REQUEST, 0);
    return true;
}

/* One chunk of the bare CPU; true if it ended the run (st filled). */
static bool bare_chunk(struct target *t, uint64_t n, struct target_stop *st)
{
    struct bare *b = &t->bare;
    bool same_pc = cpu_get_pc(b->m->cpu) == b->break_pc;
    cpu_break_skip(b->m->cpu, b->at_break && same_pc, b->break_pc);
    b->at_break = false;
    if (b->at_watch)                     /* let that access through once */
        cpu_watch_skip(b->m->cpu, same_pc, b->watch_addr, b->watch_write,
                       cpu_icount(b->m->cpu));
    b->at_watch = false;
    uint64_t before = cpu_icount(b->m->cpu);
    enum cpu_stop why = cpu_run(b->m->cpu, n);
    struct cpu_hit h;
    switch (why) {
    case CPU_STOP_BUDGET:
        return false;
    case CPU_STOP_HALT:
        b->halted = true;
        b->exit_code = cpu_exit_code(b->m->cpu);
        snprintf(b->reason, sizeof b->reason, "exited with code %u (UHI exit)",
                 (unsigned)b->exit_code);
        set_stop(t, st, TARGET_STOP_DONE, 0);
        return true;
    case CPU_STOP_WAIT:
        set_stop(t, st, TARGET_STOP_IDLE, 0);
        return true;
    case CPU_STOP_BREAKPOINT:
    case CPU_STOP_WATCHPOINT:
        cpu_last_hit(b->m->cpu, &h);
        set_stop(t, st, why == CPU_STOP_BREAKPOINT ? TARGET_STOP_BREAKPOINT
                                                   : TARGET_STOP_WATCHPOINT, 1);
        st->id = h.id;
        st->addr = h.addr;
        st->write = h.write;
        if (why == CPU_STOP_BREAKPOINT || h.before) {
            /* at h.pc, which passed its breakpoint check already */
            b->at_break = true;
            b->break_pc = h.pc;
        }
        if (h.before) {
            b->at_watch = true;
            b->watch_addr = h.addr;
            b->watch_write = h.write;
        }
        return true;
    case CPU_STOP_REQUEST:
    default:
        if (b->m->powered_off) {
            snprintf(b->reason, sizeof b->reason, "powered off with code %u",
                     (unsigned)b->m->exit_code);
            set_stop(t, st, TARGET_STOP_DONE, 0);
            return true;
        }
        if (cpu_icount(b->m->cpu) == before) {    /* cannot happen; never spin */
            set_stop(t, st, TARGET_STOP_BUDGET, 0);
            return true;
        }
        return false;
    }
}

static void from_monitor_stop(struct target *t, struct target_stop *st)
{
    static const enum target_stop_kind kinds[] = {
        [MONITOR_DEBUG_BREAK] = TARGET_STOP_BREAKPOINT,
        [MONITOR_DEBUG_WATCH] = TARGET_STOP_WATCHPOINT,
        [MONITOR_DEBUG_TRAP] = TARGET_STOP_TRAP,
        [MONITOR_DEBUG_STEP] = TARGET_STOP_STEP,
    };
    struct monitor_debug_stop d;
    if (!monitor_debug_stop(t->mon, &d)) {
        set_stop(t, st, TARGET_STOP_BUDGET, 0);
        return;
    }
    set_stop(t, st, kinds[d.kind], d.vm);
    st->id = d.kind == MONITOR_DEBUG_BREAK || d.kind == MONITOR_DEBUG_WATCH ? d.id : -1;
    st->addr = d.addr;
    st->write = d.write;
    st->event = d.event;
}

/* One chunk of the monitor; true if it ended the run (st filled). */
static bool monitor_chunk(struct target *t, uint64_t n, struct target_stop *st)
{
    switch (monitor_run(t->mon, n)) {
    case MONITOR_BUDGET:
        return false;
    case MONITOR_IDLE:
        set_stop(t, st, TARGET_STOP_IDLE, 0);
        return true;
    case MONITOR_DONE:
        set_stop(t, st, TARGET_STOP_DONE, 0);
        return true;
    case MONITOR_DEBUG:
    default:
        from_monitor_stop(t, st);
        return true;
    }
}

void target_run(struct target *t, uint64_t max_insns, struct target_stop *st)
{
    uint64_t end = target_time(t) + max_insns;
    if (end < max_insns)
        end = UINT64_MAX;
    if (!t->mon && bare_stopped(&t->bare)) {
        set_stop(t, st, TARGET_STOP_DONE, 0);
        return;
    }
    for (;;) {
        if (take_request(t, st))
            return;
        uint64_t now = target_time(t);
        if (now >= end) {
            set_stop(t, st, TARGET_STOP_BUDGET, 0);
            return;
        }
        uint64_t n = end - now < HOST_SLICE ? end - now : HOST_SLICE;
        if (t->mon ? monitor_chunk(t, n, st) : bare_chunk(t, n, st))
            return;
    }
}

static void bare_step(struct target *t, uint64_t n, struct target_stop *st)
{
    struct cpu *c = t->bare.m->cpu;
    uint64_t end = cpu_retired(c) + n;
    if (bare_stopped(&t->bare)) {
        set_stop(t, st, TARGET_STOP_DONE, 0);
        return;
    }
    for (;;) {
        if (take_request(t, st))
            return;
        uint64_t done = cpu_retired(c);
        if (done >= end) {
            set_stop(t, st, TARGET_STOP_STEP, 1);
            return;
        }
        uint64_t k = end - done < HOST_SLICE ? end - done : HOST_SLICE;
        if (bare_chunk(t, k, st))
            return;
    }
}

static void monitor_step_vm(struct target *t, unsigned vm, uint64_t n,
                            struct target_stop *st)
{
    monitor_step(t->mon, vm, n);
    for (;;) {
        if (take_request(t, st))
            break;
        if (monitor_vm_state(t->mon, vm) == VM_STOPPED) {
            set_stop(t, st, TARGET_STOP_DONE, vm);
            break;
        }
        if (monitor_chunk(t, HOST_SLICE, st))
            break;
    }
    monitor_step(t->mon, vm, 0);
}

void target_step(struct target *t, unsigned vm, uint64_t n,
                 struct target_stop *st)
{
    if (!valid_vm(t, vm) || n == 0) {
        set_stop(t, st, n == 0 && valid_vm(t, vm) ? TARGET_STOP_STEP
                                                  : TARGET_STOP_BUDGET,
                 valid_vm(t, vm) ? vm : 0);
        return;
    }
    if (t->mon)
        monitor_step_vm(t, vm, n, st);
    else
        bare_step(t, n, st);
}

void target_request_stop(struct target *t)
{
    t->stop_req = 1;
}

/* ---- breakpoints, watchpoints, trap stops ------------------------------------ */

int target_break_insert(struct target *t, unsigned vm, uint32_t vaddr)
{
    if (!valid_vm(t, vm) || (vaddr & 3))
        return -1;
    if (t->mon)
        return monitor_break_insert(t->mon, vm, vaddr);
    struct bare *b = &t->bare;
    if (cpu_points_add_break(&b->points, vaddr, b->next_id + 1) < 0)
        return -1;
    lend_points(b);
    return ++b->next_id;
}

int target_watch_insert(struct target *t, unsigned vm, uint32_t vaddr,
                        uint32_t len, unsigned access)
{
    if (!valid_vm(t, vm) || len == 0 || (uint64_t)vaddr + len > UINT64_C(1) << 32 ||
        (access & (TARGET_WATCH_READ | TARGET_WATCH_WRITE)) == 0 ||
        (access & ~(TARGET_WATCH_READ | TARGET_WATCH_WRITE | TARGET_WATCH_BEFORE)))
        return -1;
    if (t->mon)
        return monitor_watch_insert(t->mon, vm, vaddr, len, access);
    struct bare *b = &t->bare;
    if (cpu_points_add_watch(&b->points, vaddr, len, access, b->next_id + 1) < 0)
        return -1;
    cpu_points_changed(b->m->cpu);
    return ++b->next_id;
}

bool target_point_remove(struct target *t, int id)
{
    if (id <= 0)
        return false;
    if (t->mon)
        return monitor_point_remove(t->mon, id);
    if (!cpu_points_remove(&t->bare.points, id))
        return false;
    lend_points(&t->bare);
    cpu_points_changed(t->bare.m->cpu);
    return true;
}

void target_trap_stop(struct target *t, unsigned vm, unsigned kinds)
{
    if (t->mon && (vm == 0 || valid_vm(t, vm)))
        monitor_trap_stop(t->mon, vm, kinds);
}

/* ---- registers ------------------------------------------------------------ */

struct cpu *target_guest_cpu(struct target *t, unsigned vm)
{
    if (!valid_vm(t, vm))
        return NULL;
    return t->mon ? monitor_vcpu(t->mon, vm) : t->bare.m->cpu;
}

struct cpu *target_phys_cpu(struct target *t)
{
    return t->mon ? monitor_pcpu(t->mon) : t->bare.m->cpu;
}

static bool get_context(struct target *t, unsigned vm, struct cpu_context *x)
{
    if (t->mon)
        return monitor_vm_get_context(t->mon, vm, x);
    cpu_get_context(t->bare.m->cpu, x);
    return true;
}

static void set_context(struct target *t, unsigned vm,
                        const struct cpu_context *x)
{
    if (t->mon)
        monitor_vm_set_context(t->mon, vm, x);
    else
        cpu_set_context(t->bare.m->cpu, x);
}

/* The CP0 register behind GDB numbers 32, 35, 36. */
static int cp0_of(unsigned reg)
{
    switch (reg) {
    case TARGET_REG_STATUS:   return CP0_STATUS;
    case TARGET_REG_BADVADDR: return CP0_BADVADDR;
    case TARGET_REG_CAUSE:    return CP0_CAUSE;
    default:                  return -1;
    }
}

bool target_reg_read(struct target *t, unsigned vm, unsigned reg, uint32_t *v)
{
    struct cpu_context x;
    if (!valid_vm(t, vm) || reg >= TARGET_NREGS || !get_context(t, vm, &x))
        return false;
    if (reg < 32)
        *v = x.gpr[reg];
    else if (reg == TARGET_REG_LO)
        *v = x.lo;
    else if (reg == TARGET_REG_HI)
        *v = x.hi;
    else if (reg == TARGET_REG_PC)
        *v = x.pc;
    else
        *v = cpu_cp0_read(target_guest_cpu(t, vm), (unsigned)cp0_of(reg), 0);
    return true;
}

/* $0 and BadVAddr cannot change: writing them succeeds only with the value
 * they hold (so a GDB 'G' packet of all registers is accepted). */
bool target_reg_write(struct target *t, unsigned vm, unsigned reg, uint32_t v)
{
    struct cpu_context x;
    if (!valid_vm(t, vm) || reg >= TARGET_NREGS || !get_context(t, vm, &x))
        return false;
    if (reg == 0 || reg == TARGET_REG_BADVADDR) {
        uint32_t now = 0;
        target_reg_read(t, vm, reg, &now);
        return now == v;
    }
    if (reg == TARGET_REG_STATUS || reg == TARGET_REG_CAUSE) {
        cpu_cp0_write(target_guest_cpu(t, vm), (unsigned)cp0_of(reg), 0, v);
        return true;
    }
    if (reg < 32)
        x.gpr[reg] = v;
    else if (reg == TARGET_REG_LO)
        x.lo = v;
    else if (reg == TARGET_REG_HI)
        x.hi = v;
    else if (reg == TARGET_REG_PC) {
        if (x.pc == v && !x.in_delay)
            return true;            /* keep any promise at a breakpoint */
        x.pc = v;
        x.in_delay = false;
        t->bare.at_break = t->bare.at_watch = false;
    }
    set_context(t, vm, &x);
    return true;
}

uint32_t target_cp0_read(struct target *t, unsigned vm, unsigned reg,
                         unsigned sel)
{
    struct cpu *c = target_guest_cpu(t, vm);
    if (c == NULL || reg >= 32 || sel >= 8)
        return 0;
    return cpu_cp0_read(c, reg, sel);
}

/* ---- memory -------------------------------------------------------------------- */

/* One page's worth of bytes at addr in space sp: returns how many were
 * copied (0: addr is not RAM/ROM, or does not translate). */
typedef size_t (*page_copy_fn)(struct target *t, unsigned vm, uint32_t addr,
                               uint8_t *buf, size_t n, bool write);

/* Physical memory of a bus (bare RAM, or machine RAM): RAM and ROM only. */
static size_t bus_copy(struct cpu *c, uint32_t addr, uint8_t *buf, size_t n,
                       bool write)
{
    uint8_t *page = bus_host_ptr(cpu_bus(c), addr & ~(PAGE - 1), write);
    if (page == NULL)
        return 0;
    if (write) {
        memcpy(page + (addr & (PAGE - 1)), buf, n);
        cpu_invalidate_code(c, addr, (uint32_t)n);
    } else {
        memcpy(buf, page + (addr & (PAGE - 1)), n);
    }
    return n;
}

static size_t copy_guest(struct target *t, unsigned vm, uint32_t addr,
                         uint8_t *buf, size_t n, bool write)
{
    if (!t->mon)
        return bus_copy(t->bare.m->cpu, addr, buf, n, write);
    return write ? monitor_vm_mem_write(t->mon, vm, addr, buf, n)
                 : monitor_vm_mem_read(t->mon, vm, addr, buf, n);
}

static size_t copy_machine(struct target *t, unsigned vm, uint32_t addr,
                           uint8_t *buf, size_t n, bool write)
{
    (void)vm;
    return bus_copy(target_phys_cpu(t), addr, buf, n, write);
}

/* Debugger writes ignore write protection (D=0), as they must to patch
 * code: both directions translate as a load. */
static size_t copy_virt(struct target *t, unsigned vm, uint32_t addr,
                        uint8_t *buf, size_t n, bool write)
{
    uint32_t pa;
    if (!cpu_virt_to_phys(target_guest_cpu(t, vm), addr, false, &pa))
        return 0;
    if ((pa & (PAGE - 1)) + n > PAGE)      /* a larger TLB page crossing */
        n = PAGE - (pa & (PAGE - 1));
    return copy_guest(t, vm, pa, buf, n, write);
}

static size_t mem_copy(struct target *t, unsigned vm, enum target_space sp,
                       uint32_t addr, uint8_t *buf, size_t len, bool write)
{
    static const page_copy_fn by_space[] = {
        [TARGET_SPACE_VIRT] = copy_virt,
        [TARGET_SPACE_GUEST] = copy_guest,
        [TARGET_SPACE_MACHINE] = copy_machine,
    };
    if (!valid_vm(t, vm) || (unsigned)sp > TARGET_SPACE_MACHINE)
        return 0;
    size_t done = 0;
    while (done < len) {
        uint64_t a = (uint64_t)addr + done;
        if (a > UINT32_MAX)
            break;
        size_t room = PAGE - ((uint32_t)a & (PAGE - 1));
        size_t n = len - done < room ? len - done : room;
        size_t got = by_space[sp](t, vm, (uint32_t)a, buf + done, n, write);
        done += got;
        if (got < n)
            break;
    }
    return done;
}

size_t target_mem_read(struct target *t, unsigned vm, enum target_space sp,
                       uint32_t addr, void *buf, size_t len)
{
    return mem_copy(t, vm, sp, addr, buf, len, false);
}

size_t target_mem_write(struct target *t, unsigned vm, enum target_space sp,
                        uint32_t addr, const void *buf, size_t len)
{
    /* mem_copy only reads from buf when writing */
    return mem_copy(t, vm, sp, addr, (uint8_t *)(uintptr_t)buf, len, true);
}

bool target_translate(struct target *t, unsigned vm, uint32_t vaddr,
                      uint32_t *gpa, uint32_t *mpa, bool *has_mpa)
{
    struct cpu *c = target_guest_cpu(t, vm);
    uint32_t pa;
    if (c == NULL || !cpu_virt_to_phys(c, vaddr, false, &pa))
        return false;
    *gpa = pa;
    *mpa = pa;
    *has_mpa = true;
    if (t->mon) {
        uint32_t frame;
        *has_mpa = monitor_pmap_lookup(t->mon, vm, pa & ~(PAGE - 1), &frame);
        *mpa = *has_mpa ? (frame & ~(PAGE - 1)) | (pa & (PAGE - 1)) : 0;
    }
    return true;
}
