/*
 * debugger.h -- the debugger's state, shared by the files of frontend/debug/
 * (not a public interface: the front end sees only debug.h).
 *
 * Each file has one job: parse.c the words, symbols.c names, commands.c the
 * command table, cmd_*.c the commands, trapkinds.c what `break-trap` and
 * `trace` accept, narrate.c how stops and traps are told, runloop.c running
 * the machine, console.c guests' output, rl.c readline, debug.c the loop.
 * Every command prints to d->out, so tests can capture it.
 */
#ifndef TRAPEZE_DEBUGGER_H
#define TRAPEZE_DEBUGGER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "hostio.h"
#include "parse.h"
#include "symbols.h"
#include "target.h"
#include "ui.h"

#define DBG_MAX_POINTS 64
#define DBG_LINE_MAX 1024
#define DBG_MAX_GUESTS MONITOR_MAX_VMS

enum dbg_point_type { PT_BREAK, PT_WATCH, PT_TRAP };

struct dbg_point {
    int num;                    /* the number `info breakpoints` shows */
    enum dbg_point_type type;
    unsigned vm;                /* the guest it belongs to */
    uint32_t addr, len;         /* break, watch */
    unsigned access;            /* watch: TARGET_WATCH_* */
    unsigned kind;              /* trap: a row of the trap-kind table */
    int target_id;              /* break, watch: the target's id */
    char what[64];              /* as typed ("kmain", "hello:main") */
    uint64_t hits;
};

/* A guest's console while the machine runs (console.c). */
struct dbg_guest_console {
    char line[DBG_LINE_MAX];
    size_t len;
};

struct debugger {
    struct target *t;
    struct ui *ui;
    FILE *out;                  /* command output */
    bool scripted;              /* deterministic: no host times */
    double started;             /* host_seconds() at start, for stats */
    bool quit;
    const char *cmd_name;       /* the command running, for error lines */
    unsigned vm;                /* the selected guest, 1-based */
    unsigned nguests;
    uint64_t max_insns;         /* --max-insns (0: none) */
    struct symtab *syms[DBG_MAX_GUESTS + 1];   /* by guest */
    uint32_t ram_mib[DBG_MAX_GUESTS + 1];
    struct dbg_point points[DBG_MAX_POINTS];
    unsigned npoints;
    int next_num;
    unsigned trace_kinds;       /* trap-kind rows narrated while running */
    /* while running */
    bool input_from_stdin;      /* typed input goes to the selected guest */
    struct hostin in;
    struct idle_pacer pace;
    struct dbg_guest_console con[DBG_MAX_GUESTS + 1];
    unsigned mid_line;          /* guest whose partial line ends the terminal */
};

/* ---- debug.c ---- */
/* Build the target and load symbols into a zeroed debugger whose out (and
 * ui, scripted) are set; false after one line on stderr.  The unit tests
 * use these with out a memory stream. */
bool dbg_open(struct debugger *d, const struct run_options *o);
void dbg_close(struct debugger *d);

/* ---- commands.c ---- */
int dbg_execute(struct debugger *d, const char *line);
struct dbg_command;
const struct dbg_command *dbg_find_command(const char *name, bool *ambiguous);
/* For completion: the i-th command name (NULL past the end). */
const char *dbg_command_name(size_t i);
/* What a command's arguments complete to (DBG_COMPLETE_*). */
#define DBG_COMPLETE_NONE 0
#define DBG_COMPLETE_SYMBOL 1
#define DBG_COMPLETE_VM 2
#define DBG_COMPLETE_TRAPKIND 3
#define DBG_COMPLETE_COMMAND 4
unsigned dbg_command_completes(const struct dbg_command *c);

/* ---- messages ---- */
#if defined(__GNUC__)
#define DBG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define DBG_PRINTF(a, b)
#endif
/* One line "CMD: message" to d->out; returns -1 (the failed command). */
int dbg_error(struct debugger *d, const char *fmt, ...) DBG_PRINTF(2, 3);

/* ---- addresses and symbols (addr.c) ---- */
/* "[v:|g:|m:](NUMBER | SYMBOL[+OFF] | $REG)" for the selected guest. */
bool dbg_address(struct debugger *d, const char *s, enum target_space *sp,
                 uint32_t *addr, char *err, size_t errlen);
/* " <name+off>" for a guest-virtual address of guest vm, or "". */
void dbg_symbolize(struct debugger *d, unsigned vm, uint32_t addr,
                   char *buf, size_t len);

/* ---- trapkinds.c ---- */
struct trap_event;
unsigned dbg_trapkind_count(void);
const char *dbg_trapkind_name(unsigned row);
const char *dbg_trapkind_help(unsigned row);
int dbg_trapkind_find(const char *name);          /* row or -1 */
unsigned dbg_trapkind_monitor_mask(unsigned rows); /* 1u << TRAP_* */
bool dbg_trapkind_matches(unsigned row, const struct trap_event *ev);
/* "KIND,KIND" or "all" -> rows mask; false with err. */
bool dbg_trapkind_list(const char *s, unsigned *rows, char *err, size_t errlen);

/* ---- narrate.c ---- */
void dbg_show_location(struct debugger *d, unsigned vm);
void dbg_narrate_trap(struct debugger *d, const struct trap_event *ev,
                      bool detail);
void dbg_report_stop(struct debugger *d, const struct target_stop *st);

/* ---- runloop.c ---- */
/* Run (step_vm 0) or step guest step_vm by n, until a stop worth the
 * prompt; reports it.  budget: machine time at most (0: no limit). */
void dbg_go(struct debugger *d, unsigned step_vm, uint64_t n, uint64_t budget);
/* Run until the next trap of the selected guest, and narrate it. */
void dbg_step_trap(struct debugger *d);
void dbg_sigint_install(struct debugger *d);
bool dbg_sigint_take(void);     /* true once per Ctrl-C */
/* Re-arm the target's trap stops from breakpoints and trace settings. */
void dbg_sync_trap_stops(struct debugger *d);

/* ---- console.c ---- */
void dbg_console_out(void *opaque, unsigned vm, uint8_t byte);
void dbg_console_flush(struct debugger *d, bool partial);

#endif
