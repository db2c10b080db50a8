/*
 * monitor_internal.h -- the inside of the monitor, shared by the files of
 * monitor/ and by nothing else:
 *
 *   monitor.c  creating the machine and the VMs; accessors
 *   pmap.c     machine frames and each VM's guest frame -> machine frame map
 *   shadow.c   the real TLB: which VM and virtual entry each entry shadows
 *   trap.c     the exception hook: what each physical trap does (SPEC §5)
 *   sched.c    time slices, world switches, waiting VMs, emulation mode
 *   events.c   trap events: the log, narration
 *   stats.c    --stats and --stats-json
 */
#ifndef TRAPEZE_MONITOR_INTERNAL_H
#define TRAPEZE_MONITOR_INTERNAL_H

#include "monitor.h"
#include "../devices/board.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE 4096u
#define NO_FRAME UINT32_MAX

/* Machine RAM is handed out a frame at a time, never taken back. */
struct frame_pool {
    uint8_t *ram;                /* machine RAM (the physical board's) */
    uint32_t nframes;            /* all frames of machine RAM */
    uint32_t next;               /* the next free frame */
    uint8_t *owner;              /* per frame: owning VM id, 0 = none */
    uint32_t *gfn;               /* per frame: the guest frame it holds */
};

/* A VM's pmap: guest frame number -> machine frame number. */
struct pmap {
    uint32_t npages;
    uint32_t *mframe;            /* NO_FRAME until first touch */
};

/* What a real TLB entry is doing for the monitor. */
struct shadow_slot {
    unsigned vm;                 /* 0: free (unmatchable) */
    uint32_t va;                 /* VPN2 of the pair, guest-virtual */
    uint8_t asid;
    int vindex[2];               /* virtual TLB entry behind each half, -1 */
};

struct vm {
    unsigned id;                 /* 1-based */
    struct monitor *mon;
    char kernel[256];
    struct board *board;         /* guest-physical devices and RAM */
    struct cpu *vcpu;
    struct pmap pmap;
    uint32_t ram_size;
    enum vm_state state;
    uint32_t exit_code;
    char reason[160];
    bool on_pcpu;                /* its registers live on the physical CPU */
    bool halt_unreported;        /* stopped; its halt event still to record */
    bool wait_unreported;        /* went to sleep; its wait event likewise */
    uint64_t wait_since;         /* machine time its wait began */
    struct vm_stats stats;
    struct vm_debug {            /* debug.c */
        struct cpu_points points;    /* breakpoints and watchpoints */
        bool skip_armed;             /* resuming at the breakpoint at ... */
        uint32_t skip_pc;            /* ... skip_pc: do not stop there */
        /* Resuming after a stop before a watched access (the guest is at
         * wskip_pc at guest time wskip_at, the vCPU's icount): that access
         * happens once without a stop, on whichever CPU runs it.  The vCPU
         * holds its own promise from the stop on; the physical CPU gets
         * one on each direct_enter() while the guest has not moved. */
        bool wskip_armed;
        bool wskip_write;
        uint32_t wskip_addr, wskip_pc;
        uint64_t wskip_at;
        bool watch_cut;              /* a trap's vCPU step stopped before
                                        an access; until reported (trap.c) */
        bool stepping;
        uint64_t step_end;           /* cpu_retired(vcpu) to stop at */
        unsigned trap_stop;          /* trap kinds to stop after */
    } dbg;
    /* the exception the vCPU took during the last step (reflection) */
    bool in_batch;               /* in emulate_batch(): count reflections */
    bool took_exception;
    int last_exc;
};

struct monitor {
    struct monitor_callbacks cb;
    struct board *machine;       /* the physical board: machine RAM */
    struct cpu *pcpu;
    unsigned ntlb;
    struct vm *vms[MONITOR_MAX_VMS];
    unsigned nvms;
    struct vm *cur;              /* the VM the physical CPU holds */
    unsigned rr;                 /* round-robin position */
    uint64_t slice;
    struct frame_pool frames;
    struct shadow_slot *shadow;  /* one per real TLB entry */
    unsigned shadow_next;        /* round-robin replacement */

    /* time */
    uint64_t emulated;           /* instructions stepped on vCPUs */
    struct vm *assist_vm;        /* on the physical CPU, and its COP0
                                    traps may take the assist (trap.c) */
    uint64_t assisted;           /* instructions emulated by the COP0
                                    assist (trap.c): the physical CPU's
                                    icount has them, not `emulated` */
    uint64_t idle;               /* machine time skipped while all idle */
    uint64_t seg_start;          /* physical icount matching the guest's at resume */
    bool seg_delay;              /* the run began in a delay slot ... */
    uint32_t seg_delay_target;   /* ... of a branch to here */
    uint64_t slice_end;          /* machine time the running slice ends */
    uint64_t trap_insn;          /* 1 while the exception hook runs the guest
                                    on (trap.c): the trapping instruction,
                                    which the physical CPU counts only when
                                    the hook returns */

    /* events */
    uint64_t seq;
    struct trap_event log[MONITOR_LOG_SIZE];
    FILE *trace_out;
    bool detail;
    bool timing;
    uint64_t timing_tick;        /* traps seen while timing (sampling) */
    int first_error;             /* the first non-zero exit code, or 0 */

    /* debugging (debug.c) */
    bool debugging;              /* any point, trap stop or step is set:
                                    without it the trap path skips debug.c */
    bool event_hooks;            /* debugging or trace_out: event_end calls out */
    int next_point_id;
    unsigned trap_stop_any;      /* trap kinds to stop after in any VM */
    bool debug_pending;          /* a debug stop to report ... */
    struct monitor_debug_stop debug;   /* ... this one, or the last one */
    bool debug_reported;
};

/* monitor.c */
uint64_t machine_time(const struct monitor *m);
void vm_stop(struct vm *vm, uint32_t code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Record the wait or halt event of a VM that went to sleep or stopped
 * during the trap just recorded (so the log reads cause, then effect). */
void vm_report_halt(struct vm *vm);

/* pmap.c */
int frame_pool_init(struct frame_pool *fp, uint8_t *ram, uint32_t bytes,
                    uint32_t reserved_bytes);
void frame_pool_free(struct frame_pool *fp);
int pmap_init(struct pmap *p, uint32_t bytes);
void pmap_free(struct pmap *p);
/* The machine frame behind guest frame gfn, given (zeroed) on first touch;
 * NO_FRAME if gfn is outside the VM's RAM or machine RAM is exhausted. */
uint32_t pmap_frame(struct vm *vm, uint32_t gfn);
uint8_t *pmap_page(void *opaque, uint32_t offset);   /* bus_page_fn */
/* The reverse: the guest-physical address behind machine address mpa in
 * VM vm's memory; false if that frame is not the VM's. */
bool pmap_guest_address(const struct vm *vm, uint32_t mpa, uint32_t *gpa);

/* shadow.c */
void shadow_init(struct monitor *m);
/* Install the shadow of guest page va (guest frame in machine frame mfn,
 * writable if dirty) under asid, from virtual entry vindex; returns the
 * real index written. */
int shadow_fill(struct monitor *m, struct vm *vm, uint32_t va, uint8_t asid,
                uint32_t mfn, bool dirty, int vindex, struct tlb_entry *out);
void shadow_retire_ventry(struct monitor *m, struct vm *vm, int vindex);
void shadow_flush(struct monitor *m);

/* trap.c */
bool monitor_on_exception(void *opaque, struct cpu *pcpu,
                          const struct cpu_exception *e);
bool vcpu_on_exception(void *opaque, struct cpu *vcpu,
                       const struct cpu_exception *e);
void vcpu_on_tlb_write(void *opaque, struct cpu *vcpu, unsigned index);
bool vm_runs_direct(struct vm *vm);
/* Offer the physical CPU's COP0 traps to the monitor first (the assist). */
void monitor_attach_assist(struct monitor *m);
/* Load the VM into the physical CPU to run up to n guest instructions. */
void direct_enter(struct monitor *m, struct vm *vm, uint64_t n, uint64_t redo);
/* The guest's registers back from the physical CPU (after an interrupt). */
void direct_leave(struct monitor *m, struct vm *vm);
/* Step the VM's vCPU over one instruction in emulation mode. */
void emulate_one(struct monitor *m, struct vm *vm);
/* Run it in emulation mode for up to n instructions, as that many
 * emulate_one() calls would, but without an event each (m->detail off). */
void emulate_batch(struct monitor *m, struct vm *vm, uint64_t n);
/* Deliver a pending, enabled virtual interrupt; true if one was. */
bool inject_interrupt(struct monitor *m, struct vm *vm);

/* debug.c */
/* Recompute m->debugging after a change of points, trap stops or steps. */
void debug_update(struct monitor *m);
/* The physical CPU takes on (or gives back) a VM's breakpoints and
 * watchpoints, and the promise not to stop at the breakpoint it resumes at. */
void debug_enter_pcpu(struct monitor *m, struct vm *vm);   /* after seg_start is set */
/* Before the vCPU runs an instruction of kseg0/1/3 code: a breakpoint there?
 * (then a debug stop is pending) */
bool debug_break_emulated(struct monitor *m, struct vm *vm);
/* cpu_run of the physical CPU or a vCPU returned a debug stop for vm. */
void debug_cpu_stopped(struct monitor *m, struct vm *vm, struct cpu *c,
                       enum cpu_stop why);
/* An event just ended: stop after it if its kind is asked for. */
void debug_trap_event(struct monitor *m, struct vm *vm,
                      const struct trap_event *ev);
/* How many instructions the VM may still run before its step ends
 * (UINT64_MAX when not stepping); 0 makes the step's stop pending. */
uint64_t debug_step_room(struct monitor *m, struct vm *vm);

/* events.c */
struct trap_event *event_begin(struct monitor *m, struct vm *vm,
                               enum trap_kind kind, uint32_t pc);
void event_fetch_insn(struct vm *vm, struct trap_event *ev);
struct cp0_snapshot { uint32_t r[16]; };   /* the registers of events.c's snap_regs */
void cp0_snap(struct cpu *c, struct cp0_snapshot *s);
void event_cp0_diff(struct trap_event *ev, const struct cp0_snapshot *before,
                    const struct cp0_snapshot *after);
void event_end(struct monitor *m, struct vm *vm, struct trap_event *ev);
/* event_begin() and event_end() in one, for a guest kernel's COP0
 * instruction the assist emulated and that changed nothing else (priv:
 * its row, priv_index(insn)). */
void event_assisted(struct monitor *m, struct vm *vm, uint32_t pc,
                    uint32_t insn, unsigned priv, uint64_t guest_icount,
                    enum cpu_mode vmode, uint32_t new_pc);
/* The event just begun did not happen after all (a vCPU step a watchpoint
 * stopped before it began): forget it, counted nowhere. */
void event_cancel(struct monitor *m, struct trap_event *ev);
/* The rows of vm_stats.priv (monitor_priv_name). */
enum priv_row {
    PRIV_MFC0, PRIV_MTC0, PRIV_TLBR, PRIV_TLBWI, PRIV_TLBWR, PRIV_TLBP,
    PRIV_ERET, PRIV_WAIT, PRIV_CACHE, PRIV_OTHER,
};
_Static_assert(PRIV_OTHER + 1 == MONITOR_NPRIV, "a row per privileged kind");
unsigned priv_index(uint32_t insn);

#endif
