/*
 * run_gdb.h -- `trapeze run --gdb PORT ...`: the machine under GDB.
 */
#ifndef TRAPEZE_RUN_GDB_H
#define TRAPEZE_RUN_GDB_H

#include "cli.h"

/* The exit status when GDB kills the run (128 + SIGKILL, as a shell
 * reports a killed process): the guest never powered off. */
#define EXIT_GDB_KILLED 137

/* Build the machine (bare, or the monitor with --vm), wait for GDB on
 * 127.0.0.1:PORT with the debugged guest stopped at reset, and serve it.
 * Returns the process exit status. */
int run_gdb(const struct run_options *o);

#endif
