#ifndef TRAPEZE_RUN_H
#define TRAPEZE_RUN_H
#include "cli.h"
/* Run one kernel on the bare machine; returns the process exit status. */
int run_bare(const struct run_options *o);
/* Run the --vm kernels under the monitor; returns the process exit status. */
int run_monitor(const struct run_options *o);
#endif
