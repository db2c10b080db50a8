/*
 * monitor.h -- the virtual machine monitor (SPEC §5): several guest kernels
 * side by side on one physical trapeze machine, by trap-and-emulate.
 *
 * The monitor owns the physical machine: one physical CPU, its real TLB,
 * and machine RAM.  Each VM has
 *   - a virtual CPU, a full struct cpu holding what the guest believes it
 *     has (registers, CP0, its own virtual TLB), on a guest-physical bus;
 *   - a pmap from guest frame to machine frame, filled on first touch;
 *   - virtual devices: UART, system controller, Count/Compare, boot ROM.
 * The guest runs directly on the physical CPU (virtual kernel mode in
 * physical supervisor mode, virtual user mode in user mode) while its PC is
 * in kuseg or ksseg, and is emulated, one instruction at a time on its
 * virtual CPU, while it runs kernel code in kseg0/kseg1/kseg3.  Every
 * exception of the physical CPU reaches the monitor (cpu_set_exception_hook)
 * and becomes a trap event: see docs/monitor.md for how one flows.
 *
 * Like the rest of the core, a monitor is an object with no global state,
 * and it neither reads the host clock for guest-visible time nor prints
 * except to the FILE the caller gives for traces.
 */
#ifndef TRAPEZE_MONITOR_H
#define TRAPEZE_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "../cpu/cpu.h"
#include "../tlb/tlb.h"

#define MONITOR_MAX_VMS 8
#define MONITOR_RESERVED_MIB 1       /* machine RAM the monitor keeps for itself */
#define MONITOR_DEFAULT_SLICE 100000 /* instructions per time slice */

struct monitor;

struct monitor_vm_config {
    const char *kernel;          /* ELF path */
    const char *args;            /* boot argument string (NULL: "") */
    uint32_t ram_mib;            /* guest RAM */
};

/* What the monitor tells the front end. */
struct trap_event;
struct monitor_callbacks {
    void (*console_out)(void *opaque, unsigned vm, uint8_t byte);
    void (*vm_stopped)(void *opaque, unsigned vm);   /* may be NULL */
    void *opaque;
};

struct monitor_config {
    unsigned nvms;
    struct monitor_vm_config vm[MONITOR_MAX_VMS];
    unsigned tlb_entries;        /* real and virtual TLBs (0: default) */
    unsigned count_divisor;      /* the guests' Count (0: 1) */
    uint64_t slice;              /* instructions per time slice (0: default) */
};

/* Trap kinds: what the monitor did about a trap. */
enum trap_kind {
    TRAP_PRIV = 0,      /* a privileged instruction emulated on the vCPU */
    TRAP_SHADOW_FILL,   /* a TLB miss answered from the virtual TLB */
    TRAP_IO,            /* a load/store to a virtual device, emulated */
    TRAP_REFLECT,       /* an exception delivered to the guest */
    TRAP_KSEG,          /* one instruction of kseg0/1/3 kernel code emulated */
    TRAP_INTERRUPT,     /* a virtual interrupt injected */
    TRAP_WORLD_SWITCH,  /* the physical CPU given to another VM */
    TRAP_TIMER,         /* the monitor's preemption timer fired */
    TRAP_WAIT,          /* the guest executed wait: the VM sleeps */
    TRAP_HALT,          /* the VM stopped (power-off, exit, contained) */
    TRAP_NKINDS
};
const char *trap_kind_name(enum trap_kind k);   /* "priv", "shadow-fill", ... */

#define TRAP_MAX_CHANGES 8
/* One trap, as SPEC §5 records it. */
struct trap_event {            /* events.c's event_new() sets each field
                                  up to cp0: a new one goes there too */
    uint64_t seq;                /* 1, 2, ... over the whole monitor */
    unsigned vm;                 /* 1-based */
    uint64_t guest_icount;       /* the VM's time at the trap */
    uint32_t pc;                 /* guest PC of the trapping instruction */
    enum cpu_mode vmode;         /* the guest's (virtual) mode */
    uint32_t insn;               /* the instruction word (0 if none) */
    bool has_insn;
    int phys_exc;                /* the physical exception's ExcCode, or -1 */
    uint32_t badvaddr;
    bool has_badvaddr;
    enum trap_kind kind;
    int reflected;               /* ExcCode given to the guest, or -1 */
    uint32_t new_pc;             /* where the guest goes on */
    /* what changed: CP0 registers, and a TLB entry written */
    unsigned nchanges;
    int gpr;                     /* register an emulated instruction wrote, or -1 */
    uint32_t gpr_before, gpr_after;
    int tlb_index;               /* real (shadow fill) or virtual (tlbw*) index, or -1 */
    bool tlb_virtual;
    uint32_t gpa, mpa;           /* shadow fill: guest-physical and machine page */
    uint32_t other_vm;           /* world switch: the incoming VM */
    /* Last, and not cleared by event_begin: read only up to nchanges, and
     * only when tlb_index >= 0. */
    struct { uint8_t reg, sel; uint32_t before, after; } cp0[TRAP_MAX_CHANGES];
    struct tlb_entry tlb;
};

/* Per-VM counters for --stats and --stats-json. */
#define MONITOR_NPRIV 10
const char *monitor_priv_name(unsigned i);   /* mfc0 mtc0 tlbr ... other */
struct vm_stats {
    uint64_t insns_kernel, insns_super, insns_user, idle;
    uint64_t direct_insns, emulated_insns;
    uint64_t traps[TRAP_NKINDS];
    uint64_t priv[MONITOR_NPRIV];
    uint64_t reflected[EXC_NCODES];
    uint64_t frames;             /* machine frames given (demand-zero) */
    uint64_t host_ns;            /* host time spent in the monitor for it */
};

struct monitor *monitor_new(const struct monitor_config *cfg,
                            const struct monitor_callbacks *cb,
                            char *err, size_t errlen);
void monitor_free(struct monitor *m);

enum monitor_stop {
    MONITOR_BUDGET = 0,   /* ran the instructions asked for */
    MONITOR_IDLE,         /* every VM still alive is waiting (see below) */
    MONITOR_DONE,         /* every VM has stopped */
    MONITOR_DEBUG,        /* a debug event: see monitor_debug_stop() */
};
/* Run the machine for at most max_insns instructions of machine time
 * (physical instructions, emulated ones and idle time). */
enum monitor_stop monitor_run(struct monitor *m, uint64_t max_insns);
/* Machine time so far. */
uint64_t monitor_time(const struct monitor *m);
/* How many guest COP0 instructions the COP0 assist emulated (trap.c): the
 * traps that took the short way, not an exception.  0 while anyone looks
 * at single events (debugger, trace, detail), which see the long way. */
uint64_t monitor_assisted(const struct monitor *m);
/* With every VM waiting: instructions of machine time until the earliest
 * virtual timer is due (UINT64_MAX if no VM waits on an enabled timer), and
 * skipping that time ahead.  A VM that waits with nothing that could ever
 * wake it is stopped ("stuck in wait").  wake_on_input: a VM whose UART
 * interrupt is enabled may still be woken by console input. */
uint64_t monitor_insns_to_wake(struct monitor *m, bool input_possible);
void monitor_skip(struct monitor *m, uint64_t insns);

/* Console input for VM `vm` (1-based); false if its UART FIFO is full. */
bool monitor_console_in(struct monitor *m, unsigned vm, uint8_t byte);
unsigned monitor_console_room(struct monitor *m, unsigned vm);

unsigned monitor_nvms(const struct monitor *m);
enum vm_state { VM_RUNNING = 0, VM_WAITING, VM_STOPPED };
enum vm_state monitor_vm_state(const struct monitor *m, unsigned vm);
/* Why a stopped VM stopped ("powered off with code 0", ...). */
const char *monitor_vm_reason(const struct monitor *m, unsigned vm);
uint32_t monitor_vm_exit_code(const struct monitor *m, unsigned vm);
const char *monitor_vm_kernel(const struct monitor *m, unsigned vm);
void monitor_vm_stats(const struct monitor *m, unsigned vm, struct vm_stats *s);
/* The first non-zero exit code of the VMs, or 0. */
int monitor_exit_status(const struct monitor *m);

/* The objects behind a VM, for the debugger: its virtual CPU, and the
 * physical CPU (whose TLB holds the shadows). */
struct cpu *monitor_vcpu(struct monitor *m, unsigned vm);
struct cpu *monitor_pcpu(struct monitor *m);
/* Guest-physical page -> machine address, or false if untouched. */
bool monitor_pmap_lookup(const struct monitor *m, unsigned vm, uint32_t gpa,
                         uint32_t *mpa);
/* Which VM and guest page a real TLB entry shadows (false: none). */
bool monitor_shadow_owner(const struct monitor *m, unsigned index,
                          unsigned *vm, uint32_t *guest_va, int *vtlb_index);

/* Isolation checks: an FNV-1a digest of a VM's guest RAM (untouched pages
 * count as zeros), and the number of machine pages owned by no VM that are
 * not all zero (the monitor never writes them, so it must stay 0). */
uint64_t monitor_vm_digest(const struct monitor *m, unsigned vm);
uint64_t monitor_unowned_dirty_pages(const struct monitor *m);

/* Trap events.  Every trap fills one; trace_out (NULL: off) gets each as a
 * narrated line; the last MONITOR_LOG_SIZE are kept for the debugger.
 * detail: record CP0 and register changes (costs a little per trap; on
 * while tracing). */
#define MONITOR_LOG_SIZE 256
void monitor_set_trace(struct monitor *m, FILE *trace_out);
void monitor_set_detail(struct monitor *m, bool on);
void monitor_set_timing(struct monitor *m, bool on);   /* host_ns in stats */
/* Event n back (0: the newest); false if not kept. */
bool monitor_log_get(const struct monitor *m, unsigned back,
                     struct trap_event *ev);
/* One narrated line, no newline. */
void monitor_format_event(const struct monitor *m, const struct trap_event *ev,
                          char *buf, size_t len);

/* ---- debugging (monitor/debug.c) -------------------------------------------
 * Breakpoints and watchpoints belong to one VM and use its guest-virtual
 * addresses.  They hold whether the guest's instruction runs directly (the
 * VM's table is lent to the physical CPU only while that VM is on it) or is
 * emulated on its vCPU (kseg0 code, trapped instructions).  A breakpoint
 * stops before the instruction, a watchpoint after the access, a trap stop
 * after the monitor has handled the trap.  monitor_run() then returns
 * MONITOR_DEBUG with every guest's registers in its vCPU.  Resuming at the
 * breakpoint a VM stopped at does not stop there again at once.  A
 * breakpoint that is never hit changes nothing: the same instructions
 * retire in the same order as without it. */
enum monitor_debug_kind {
    MONITOR_DEBUG_BREAK = 1,  /* vm's PC is at breakpoint id, not yet run */
    MONITOR_DEBUG_WATCH,      /* vm accessed addr under watchpoint id */
    MONITOR_DEBUG_TRAP,       /* a trap of a kind in the stop mask: event */
    MONITOR_DEBUG_STEP,       /* the VM being stepped retired its count */
};
struct monitor_debug_stop {
    enum monitor_debug_kind kind;
    unsigned vm;
    int id;
    uint32_t addr;
    bool write;
    struct trap_event event;
};
/* The stop behind the last MONITOR_DEBUG; false if there was none. */
bool monitor_debug_stop(const struct monitor *m, struct monitor_debug_stop *s);
/* Ids are > 0 and unique over the monitor; -1: bad vm, len 0, bad access
 * (a mask of 1 read, 2 write) or the VM's table is full. */
int monitor_break_insert(struct monitor *m, unsigned vm, uint32_t vaddr);
int monitor_watch_insert(struct monitor *m, unsigned vm, uint32_t vaddr,
                         uint32_t len, unsigned access);
bool monitor_point_remove(struct monitor *m, int id);
/* Stop after each trap whose kind is in `kinds` (1u << TRAP_*) in VM vm,
 * or in any VM (vm 0); 0 clears. */
void monitor_trap_stop(struct monitor *m, unsigned vm, unsigned kinds);
/* Stop (MONITOR_DEBUG_STEP) once VM vm has retired n more instructions
 * (n 0: stepping off).  An exception counts as the instruction that took
 * it; an interrupt taken between instructions counts nothing. */
void monitor_step(struct monitor *m, unsigned vm, uint64_t n);
/* A VM's registers wherever they are (the physical CPU while it runs
 * directly, its vCPU otherwise); false for a bad vm. */
bool monitor_vm_get_context(const struct monitor *m, unsigned vm,
                            struct cpu_context *ctx);
bool monitor_vm_set_context(struct monitor *m, unsigned vm,
                            const struct cpu_context *ctx);
/* Guest-physical memory of a VM, RAM and ROM only (untouched RAM reads as
 * zeros without being given a frame); returns the bytes copied. */
size_t monitor_vm_mem_read(struct monitor *m, unsigned vm, uint32_t gpa,
                           void *buf, size_t len);
size_t monitor_vm_mem_write(struct monitor *m, unsigned vm, uint32_t gpa,
                            const void *buf, size_t len);

/* --stats and --stats-json. */
void monitor_print_stats(const struct monitor *m, FILE *out, double host_seconds);
void monitor_write_stats_json(const struct monitor *m, FILE *out,
                              double host_seconds);

#endif
