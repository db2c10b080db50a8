/*
 * target.h -- what the debugger console, the GDB stub and the window drive:
 * the bare machine or the monitor, behind one interface.
 *
 * A target holds one or more guests, numbered from 1.  The bare machine is
 * a target with one guest (its CPU); under the monitor each VM is a guest.
 * Everything here speaks of a guest's own view: its registers wherever they
 * live at the moment (the physical CPU while it runs directly, its virtual
 * CPU otherwise), its virtual CP0, its guest-virtual addresses.  The
 * physical CPU (real CP0, real TLB with its shadows) is reached through
 * target_phys_cpu() for the debugger's `cp0` and `tlb`.
 *
 * Running: target_run() runs machine time until the budget is spent, every
 * guest waits, every guest has stopped, or a debug event stops it: a
 * breakpoint (before the instruction runs), a watchpoint (after the access,
 * or before it for one inserted with TARGET_WATCH_BEFORE),
 * a trap of a kind asked for (after the monitor has handled it: the event
 * says what it did), or the end of a step.  The idle handling of the
 * headless loops (skip to the next timer, or sleep on the host) is the
 * caller's, with target_insns_to_wake() and target_skip().
 *
 * Breakpoints and watchpoints belong to one guest: under the monitor a
 * breakpoint in VM 2 never stops VM 1, even at the same address, whether
 * the instruction runs directly or is emulated.
 */
#ifndef TRAPEZE_TARGET_H
#define TRAPEZE_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cli.h"
#include "cpu/cpu.h"
#include "monitor/monitor.h"

struct target;

struct target_callbacks {
    /* a byte the guest's UART sent (vm: 1-based; 1 on the bare machine) */
    void (*console_out)(void *opaque, unsigned vm, uint8_t byte);
    void *opaque;
};

/* Build the bare machine (o->nvms == 0) or the monitor from parsed
 * options.  On failure returns NULL with one line in err. */
struct target *target_new(const struct run_options *o,
                          const struct target_callbacks *cb,
                          char *err, size_t errlen);
void target_free(struct target *t);

bool target_is_monitor(const struct target *t);
struct monitor *target_monitor(struct target *t);    /* NULL when bare */
unsigned target_nguests(const struct target *t);      /* 1 when bare */
const char *target_kernel(const struct target *t, unsigned vm);  /* ELF path */

/* ---- running ------------------------------------------------------------ */

enum target_stop_kind {
    TARGET_STOP_BUDGET = 0,  /* ran the instructions asked for */
    TARGET_STOP_IDLE,        /* every guest still alive waits */
    TARGET_STOP_DONE,        /* every guest has stopped (see target_status) */
    TARGET_STOP_BREAKPOINT,  /* vm's PC is at breakpoint `id`, not yet run */
    TARGET_STOP_WATCHPOINT,  /* vm accessed `addr` under watchpoint `id` */
    TARGET_STOP_TRAP,        /* a trap of a kind in the trap mask: `event` */
    TARGET_STOP_STEP,        /* target_step() finished its instructions */
    TARGET_STOP_REQUEST,     /* target_request_stop() (Ctrl-C, a pause key) */
};

struct target_stop {
    enum target_stop_kind kind;
    unsigned vm;             /* the guest it concerns (0 for BUDGET/IDLE/DONE) */
    uint32_t pc;             /* that guest's PC now */
    int id;                  /* breakpoint or watchpoint id */
    uint32_t addr;           /* watchpoint: the guest-virtual address touched */
    bool write;              /* watchpoint: a store (false: a load) */
    struct trap_event event; /* TRAP: what the monitor did */
};

/* Run at most max_insns instructions of machine time. */
void target_run(struct target *t, uint64_t max_insns, struct target_stop *st);
/* Run until guest vm has retired n more instructions (other VMs may run
 * meanwhile, as the scheduler decides), or something above stops it first.
 * A step onto an exception vector counts as one instruction, as on a real
 * CPU with a hardware debugger.  Ends with TARGET_STOP_DONE (vm set) if
 * that guest stops meanwhile; a bad vm runs nothing (BUDGET, vm 0).
 * Resuming (run or step) at the breakpoint a guest stopped at does not stop
 * there again at once.  A pending target_request_stop() is honoured before
 * anything runs, then forgotten. */
void target_step(struct target *t, unsigned vm, uint64_t n,
                 struct target_stop *st);
/* Ask a running target_run/target_step to return (async-signal-safe). */
void target_request_stop(struct target *t);

uint64_t target_time(const struct target *t);        /* machine time */
/* With every guest waiting: instructions until the earliest timer is due
 * (UINT64_MAX: none), and skipping that time; as monitor_insns_to_wake. */
uint64_t target_insns_to_wake(struct target *t, bool input_possible);
void target_skip(struct target *t, uint64_t insns);

bool target_console_in(struct target *t, unsigned vm, uint8_t byte);
enum vm_state target_state(const struct target *t, unsigned vm);
const char *target_reason(const struct target *t, unsigned vm);
int target_status(const struct target *t);          /* the run's exit status */

/* ---- breakpoints, watchpoints, trap stops ------------------------------- */

#define TARGET_WATCH_READ   1u
#define TARGET_WATCH_WRITE  2u
/* A flag of the access mask: stop *before* the access, as a real MIPS's
 * WatchLo/WatchHi do (the GDB stub, because gdb steps over the access
 * itself).  The stop leaves the guest as if the instruction had not begun:
 * at its PC, or at its branch (not retired) if it sits in a delay slot; no
 * register or memory written.  Resuming from there makes that access once
 * without stopping again.  Without it (the debugger console) the access
 * completes first and the stop is after it, so the new value is in memory
 * and the PC is past the instruction (at the branch target, for a slot). */
#define TARGET_WATCH_BEFORE 4u

/* Each returns an id > 0, or -1 (bad vm, address or length; table full). */
int target_break_insert(struct target *t, unsigned vm, uint32_t vaddr);
int target_watch_insert(struct target *t, unsigned vm, uint32_t vaddr,
                        uint32_t len, unsigned access);
bool target_point_remove(struct target *t, int id);
/* Stop after each trap of a kind in `kinds` (a mask of 1u << TRAP_*) in
 * guest vm (0: any VM).  0 clears.  Meaningless on the bare machine. */
void target_trap_stop(struct target *t, unsigned vm, unsigned kinds);

/* ---- registers ---------------------------------------------------------- */

/* GDB's MIPS numbering: 0..31 GPRs, 32 status, 33 lo, 34 hi, 35 badvaddr,
 * 36 cause, 37 pc.  Status, badvaddr and cause are the guest's (virtual
 * under the monitor).  false: no such register (or, for a write, one that
 * cannot be written). */
#define TARGET_NREGS 38
#define TARGET_REG_STATUS 32
#define TARGET_REG_LO 33
#define TARGET_REG_HI 34
#define TARGET_REG_BADVADDR 35
#define TARGET_REG_CAUSE 36
#define TARGET_REG_PC 37
bool target_reg_read(struct target *t, unsigned vm, unsigned reg, uint32_t *v);
bool target_reg_write(struct target *t, unsigned vm, unsigned reg, uint32_t v);
/* The guest's CP0 (virtual under the monitor) as mfc0 would read it. */
uint32_t target_cp0_read(struct target *t, unsigned vm, unsigned reg,
                         unsigned sel);
/* The guest's CPU object (the vCPU under the monitor, for its TLB) and the
 * physical CPU (real CP0 and real TLB).  On the bare machine both are the
 * one CPU.  Read-only use: registers through target_reg_*. */
struct cpu *target_guest_cpu(struct target *t, unsigned vm);
struct cpu *target_phys_cpu(struct target *t);

/* ---- memory --------------------------------------------------------------- */

enum target_space {
    TARGET_SPACE_VIRT = 0,   /* v: guest-virtual, through the guest's own
                                mappings (its TLB, kseg0/1) */
    TARGET_SPACE_GUEST,      /* g: guest-physical */
    TARGET_SPACE_MACHINE,    /* m: machine-physical (= g: on the bare machine) */
};
/* Copy up to len bytes; returns how many were copied before the first
 * address that does not translate or is not RAM/ROM (device registers are
 * not read: reading a UART's receive register would eat input). */
size_t target_mem_read(struct target *t, unsigned vm, enum target_space sp,
                       uint32_t addr, void *buf, size_t len);
/* Writes RAM only (decoded code there is forgotten). */
size_t target_mem_write(struct target *t, unsigned vm, enum target_space sp,
                        uint32_t addr, const void *buf, size_t len);
/* Translate a guest-virtual address as the guest would now: false if it
 * does not translate.  *gpa: guest-physical; *mpa: machine (= *gpa bare;
 * false there if the guest page has no machine frame yet). */
bool target_translate(struct target *t, unsigned vm, uint32_t vaddr,
                      uint32_t *gpa, uint32_t *mpa, bool *has_mpa);

#endif
