/*
 * cli.h -- the command line of `trapeze run` (SPEC §6).
 */
#ifndef TRAPEZE_CLI_H
#define TRAPEZE_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define EXIT_USAGE      2    /* bad flag, bad number, bad file */
#define EXIT_MAX_INSNS  124  /* --max-insns reached (as timeout(1)) */
#define EXIT_STUCK      125  /* the guest waits for an interrupt that cannot come */

#define CLI_MAX_VMS 8

/* One --vm and the options that follow it. */
struct vm_options {
    const char *kernel;
    const char *args;
    uint32_t ram_mib;
    const char *console;      /* also copy its console output here */
};

struct run_options {
    bool headless;
    bool stats;
    uint32_t ram_mib;
    unsigned tlb_entries;
    unsigned count_divisor;
    uint64_t max_insns;       /* 0: no limit */
    unsigned trace;           /* CPU_TRACE_* */
    bool trace_mmio;
    const char *args;
    const char *kernel;
    /* the monitor: --vm FILE [--ram] [--args] [--console] ... */
    unsigned nvms;
    struct vm_options vms[CLI_MAX_VMS];
    uint64_t slice;           /* 0: the monitor's default */
    bool trace_traps;
    const char *stats_json;
    /* debugging */
    bool debug;               /* --debug: the debugger console */
    const char *script;       /* --script FILE: its commands (implies debug) */
    unsigned gdb_port;        /* --gdb PORT (0: none) */
};

/* Parse argv (after "run").  On error prints one line to stderr naming the
 * flag or value and the problem, and returns false. */
bool cli_parse_run(int argc, char **argv, struct run_options *o);
void cli_usage(FILE *out);

/* Strict number parsing: decimal or 0x-hex, no sign, no trailing text,
 * within [min, max].  Exported for tests. */
bool cli_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

#endif
