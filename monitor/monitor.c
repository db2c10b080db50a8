/*
 * monitor.c -- building the physical machine and the VMs; accessors.
 *
 * The physical machine is an ordinary trapeze board and CPU.  Its RAM is
 * sized for the monitor's own reserve plus every VM's RAM, so the pmap can
 * never run out of frames.  Its CPU never boots firmware: the monitor sets
 * it up as hypervisor code would (every exception comes to the hook,
 * Status = supervisor or user with the preemption timer enabled, and the
 * real TLB holding only shadow entries).
 *
 * Each VM is a second board built by the same code as the bare machine's
 * (devices/board.c), except that its RAM is a paged region served by the
 * VM's pmap, and its callbacks go to the VM's virtual CPU: the UART's
 * interrupt to the vCPU's IP2, power-off to vm_stop(), console bytes to the
 * front end with the VM's number.  The kernel is loaded into guest memory
 * through the pmap, and the vCPU is reset: it starts at 0xBFC00000 in the
 * same firmware as the bare machine, emulated, since that is kseg1.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "monitor_internal.h"

#define MIB (1024u * 1024u)

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void set_error(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* ---- stopping a VM ----------------------------------------------------- */

void vm_stop(struct vm *vm, uint32_t code, const char *fmt, ...)
{
    if (vm->state == VM_STOPPED)
        return;
    struct monitor *m = vm->mon;
    vm->state = VM_STOPPED;
    vm->exit_code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(vm->reason, sizeof vm->reason, fmt, ap);
    va_end(ap);
    if (code != 0 && m->first_error == 0)
        m->first_error = (int)(code & 0xFF) ? (int)(code & 0xFF) : 1;
    cpu_request_stop(vm->vcpu);
    vm->halt_unreported = true;
    if (m->cb.vm_stopped)
        m->cb.vm_stopped(m->cb.opaque, vm->id);
}

void vm_report_halt(struct vm *vm)
{
    if (vm->wait_unreported) {
        vm->wait_unreported = false;
        struct trap_event *ev = event_begin(vm->mon, vm, TRAP_WAIT,
                                            cpu_get_pc(vm->vcpu) - 4);
        event_end(vm->mon, vm, ev);
    }
    if (!vm->halt_unreported)
        return;
    vm->halt_unreported = false;
    struct trap_event *ev = event_begin(vm->mon, vm, TRAP_HALT,
                                        cpu_get_pc(vm->vcpu));
    event_end(vm->mon, vm, ev);
}

/* ---- the VM's board callbacks ------------------------------------------ */

static void vm_irq(void *opaque, unsigned line, bool level)
{
    struct vm *vm = opaque;
    if (vm->vcpu)
        cpu_set_irq(vm->vcpu, line, level);
}

static void vm_poweroff(void *opaque, uint32_t code)
{
    vm_stop(opaque, code, "powered off with code %u", (unsigned)code);
}

static void vm_console(void *opaque, uint8_t byte)
{
    struct vm *vm = opaque;
    if (vm->mon->cb.console_out)
        vm->mon->cb.console_out(vm->mon->cb.opaque, vm->id, byte);
}

static uint64_t vm_icount(void *opaque)
{
    struct vm *vm = opaque;
    return vm->vcpu ? cpu_icount(vm->vcpu) : 0;
}

/* ---- construction ------------------------------------------------------ */

static struct vm *vm_new(struct monitor *m, unsigned id,
                         const struct monitor_vm_config *vc,
                         const struct monitor_config *cfg,
                         char *err, size_t errlen)
{
    struct vm *vm = calloc(1, sizeof *vm);
    if (vm == NULL) {
        set_error(err, errlen, "out of memory for a VM");
        return NULL;
    }
    vm->id = id;
    vm->mon = m;
    vm->last_exc = -1;
    vm->ram_size = vc->ram_mib * MIB;
    snprintf(vm->kernel, sizeof vm->kernel, "%s", vc->kernel);
    m->vms[id - 1] = vm;             /* freed with the monitor from here on */
    if (pmap_init(&vm->pmap, vm->ram_size) < 0) {
        set_error(err, errlen, "out of memory for the pmap of vm%u", id);
        return NULL;
    }
    struct board_config bc = {
        .ram_mib = vc->ram_mib, .ram_page = pmap_page, .ram_opaque = vm,
    };
    struct board_callbacks cb = {
        .set_irq = vm_irq, .poweroff = vm_poweroff, .console_out = vm_console,
        .icount = vm_icount, .opaque = vm,
    };
    char why[400];
    vm->board = board_new(&bc, &cb, why, sizeof why);
    if (vm->board == NULL) {
        set_error(err, errlen, "vm%u (%s): %s", id, vc->kernel, why);
        return NULL;
    }
    struct cpu_config cc = {
        .tlb_entries = cfg->tlb_entries, .count_divisor = cfg->count_divisor,
        .semihosting = true,
    };
    vm->vcpu = cpu_new(&cc, board_bus(vm->board));
    if (vm->vcpu == NULL) {
        set_error(err, errlen, "cannot create the virtual CPU of vm%u", id);
        return NULL;
    }
    cpu_set_exception_hook(vm->vcpu, vcpu_on_exception, vm);
    cpu_set_tlb_hook(vm->vcpu, vcpu_on_tlb_write, vm);
    cpu_share_code(m->pcpu, vm->vcpu);
    if (board_load_kernel(vm->board, vc->kernel, vc->args ? vc->args : "",
                          NULL, why, sizeof why) != 0) {
        set_error(err, errlen, "%s", why);
        return NULL;
    }
    cpu_reset(vm->vcpu);                 /* 0xBFC00000: the firmware */
    vm->state = VM_RUNNING;
    return vm;
}

static void vm_free(struct vm *vm)
{
    if (vm == NULL)
        return;
    cpu_free(vm->vcpu);
    board_free(vm->board);
    pmap_free(&vm->pmap);
    free(vm);
}

static int check_config(const struct monitor_config *cfg, uint32_t *total_mib,
                        char *err, size_t errlen)
{
    if (cfg->nvms == 0 || cfg->nvms > MONITOR_MAX_VMS) {
        set_error(err, errlen, "%u VMs: the monitor runs 1 to %u", cfg->nvms,
                  MONITOR_MAX_VMS);
        return -1;
    }
    uint32_t total = MONITOR_RESERVED_MIB;
    for (unsigned i = 0; i < cfg->nvms; i++) {
        uint32_t r = cfg->vm[i].ram_mib;
        if (cfg->vm[i].kernel == NULL) {
            set_error(err, errlen, "vm%u: no kernel given", i + 1);
            return -1;
        }
        if (r < RAM_MIN_MIB || r > RAM_MAX_MIB) {
            set_error(err, errlen, "vm%u: RAM size %u MiB out of range "
                      "(%u..%u MiB)", i + 1, (unsigned)r, RAM_MIN_MIB,
                      RAM_MAX_MIB);
            return -1;
        }
        total += r;
    }
    if (total > RAM_MAX_MIB) {
        set_error(err, errlen, "the VMs need %u MiB of machine RAM with the "
                  "monitor's %u MiB, more than the machine's %u MiB",
                  (unsigned)total, MONITOR_RESERVED_MIB, RAM_MAX_MIB);
        return -1;
    }
    *total_mib = total;
    return 0;
}

/* The physical CPU as the monitor keeps it: every exception to the hook,
 * out of reset state, timer enabled for preemption. */
static int make_physical(struct monitor *m, const struct monitor_config *cfg,
                         uint32_t total_mib, char *err, size_t errlen)
{
    struct board_config bc = { .ram_mib = total_mib };
    char why[256];
    m->machine = board_new(&bc, NULL, why, sizeof why);
    if (m->machine == NULL) {
        set_error(err, errlen, "machine: %s", why);
        return -1;
    }
    struct cpu_config cc = { .tlb_entries = cfg->tlb_entries };
    m->pcpu = cpu_new(&cc, board_bus(m->machine));
    if (m->pcpu == NULL) {
        set_error(err, errlen, "cannot create the CPU (TLB entries %u: must "
                  "be %d..%d)", cfg->tlb_entries, TLB_MIN_ENTRIES,
                  TLB_MAX_ENTRIES);
        return -1;
    }
    m->ntlb = tlb_size(cpu_tlb(m->pcpu));
    cpu_set_exception_hook(m->pcpu, monitor_on_exception, m);
    monitor_attach_assist(m);
    cpu_cp0_write(m->pcpu, CP0_STATUS, 0, 1u << ST_KSU_SHIFT);
    m->shadow = calloc(m->ntlb, sizeof *m->shadow);
    if (m->shadow == NULL ||
        frame_pool_init(&m->frames, board_ram(m->machine),
                        board_ram_size(m->machine),
                        MONITOR_RESERVED_MIB * MIB) < 0) {
        set_error(err, errlen, "out of memory for the monitor's tables");
        return -1;
    }
    shadow_init(m);
    return 0;
}

struct monitor *monitor_new(const struct monitor_config *cfg,
                            const struct monitor_callbacks *cb,
                            char *err, size_t errlen)
{
    uint32_t total_mib;
    if (check_config(cfg, &total_mib, err, errlen) < 0)
        return NULL;
    struct monitor *m = calloc(1, sizeof *m);
    if (m == NULL) {
        set_error(err, errlen, "out of memory for the monitor");
        return NULL;
    }
    if (cb)
        m->cb = *cb;
    m->slice = cfg->slice ? cfg->slice : MONITOR_DEFAULT_SLICE;
    m->rr = cfg->nvms - 1;               /* so vm1 runs first */
    if (make_physical(m, cfg, total_mib, err, errlen) < 0) {
        monitor_free(m);
        return NULL;
    }
    m->nvms = cfg->nvms;
    for (unsigned i = 0; i < cfg->nvms; i++) {
        if (vm_new(m, i + 1, &cfg->vm[i], cfg, err, errlen) == NULL) {
            monitor_free(m);
            return NULL;
        }
    }
    return m;
}

void monitor_free(struct monitor *m)
{
    if (m == NULL)
        return;
    for (unsigned i = 0; i < MONITOR_MAX_VMS; i++)
        vm_free(m->vms[i]);
    cpu_free(m->pcpu);
    board_free(m->machine);
    frame_pool_free(&m->frames);
    free(m->shadow);
    free(m);
}

/* ---- accessors ---------------------------------------------------------- */

static struct vm *vm_at(const struct monitor *m, unsigned id)
{
    return id >= 1 && id <= m->nvms ? m->vms[id - 1] : NULL;
}

bool monitor_console_in(struct monitor *m, unsigned id, uint8_t byte)
{
    struct vm *vm = vm_at(m, id);
    return vm && vm->state != VM_STOPPED &&
           uart_rx_push(board_uart(vm->board), byte);
}

unsigned monitor_console_room(struct monitor *m, unsigned id)
{
    struct vm *vm = vm_at(m, id);
    return vm && vm->state != VM_STOPPED ? uart_rx_room(board_uart(vm->board)) : 0;
}

unsigned monitor_nvms(const struct monitor *m) { return m->nvms; }

enum vm_state monitor_vm_state(const struct monitor *m, unsigned id)
{
    struct vm *vm = vm_at(m, id);
    return vm ? vm->state : VM_STOPPED;
}

const char *monitor_vm_reason(const struct monitor *m, unsigned id)
{
    struct vm *vm = vm_at(m, id);
    return vm ? vm->reason : "";
}

uint32_t monitor_vm_exit_code(const struct monitor *m, unsigned id)
{
    struct vm *vm = vm_at(m, id);
    return vm ? vm->exit_code : 0;
}

const char *monitor_vm_kernel(const struct monitor *m, unsigned id)
{
    struct vm *vm = vm_at(m, id);
    return vm ? vm->kernel : "";
}

void monitor_vm_stats(const struct monitor *m, unsigned id, struct vm_stats *s)
{
    struct vm *vm = vm_at(m, id);
    memset(s, 0, sizeof *s);
    if (vm == NULL)
        return;
    *s = vm->stats;
    struct cpu_stats cs;
    cpu_get_stats(vm->vcpu, &cs);
    s->insns_kernel = cs.insns_by_mode[CPU_KERNEL];
    s->insns_super = cs.insns_by_mode[CPU_SUPERVISOR];
    s->insns_user = cs.insns_by_mode[CPU_USER];
}

int monitor_exit_status(const struct monitor *m)
{
    return m->first_error;
}

struct cpu *monitor_vcpu(struct monitor *m, unsigned id)
{
    struct vm *vm = vm_at(m, id);
    return vm ? vm->vcpu : NULL;
}

struct cpu *monitor_pcpu(struct monitor *m) { return m->pcpu; }

bool monitor_pmap_lookup(const struct monitor *m, unsigned id, uint32_t gpa,
                         uint32_t *mpa)
{
    struct vm *vm = vm_at(m, id);
    uint32_t gfn = gpa >> PAGE_SHIFT;
    if (vm == NULL || gfn >= vm->pmap.npages || vm->pmap.mframe[gfn] == NO_FRAME)
        return false;
    *mpa = (vm->pmap.mframe[gfn] << PAGE_SHIFT) | (gpa & (PAGE_SIZE - 1));
    return true;
}

/* ---- isolation checks ----------------------------------------------------- */

static uint64_t fnv1a(uint64_t h, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

uint64_t monitor_vm_digest(const struct monitor *m, unsigned id)
{
    static const uint8_t zeros[PAGE_SIZE];
    struct vm *vm = vm_at(m, id);
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    if (vm == NULL)
        return 0;
    for (uint32_t g = 0; g < vm->pmap.npages; g++) {
        uint32_t mfn = vm->pmap.mframe[g];
        const uint8_t *p = mfn == NO_FRAME ? zeros
                         : m->frames.ram + ((size_t)mfn << PAGE_SHIFT);
        h = fnv1a(h, p, PAGE_SIZE);
    }
    return h;
}

uint64_t monitor_unowned_dirty_pages(const struct monitor *m)
{
    uint64_t dirty = 0;
    for (uint32_t f = 0; f < m->frames.nframes; f++) {
        if (m->frames.owner[f] != 0)
            continue;
        const uint8_t *p = m->frames.ram + ((size_t)f << PAGE_SHIFT);
        for (unsigned i = 0; i < PAGE_SIZE; i++) {
            if (p[i]) {
                dirty++;
                break;
            }
        }
    }
    return dirty;
}
