/*
 * debug.h -- the debugger console: `trapeze run --debug ...` (SPEC §6,
 * docs/debugger.md).
 *
 * The console owns the target (frontend/target.h: the bare machine or the
 * monitor) and drives it from a command line: readline at a terminal, or
 * lines read from --script FILE or a non-terminal stdin, echoed after the
 * prompt so a session's output is a transcript.
 */
#ifndef TRAPEZE_DEBUG_H
#define TRAPEZE_DEBUG_H

#include "cli.h"
#include "ui.h"

/* Run the console until `quit` or end of input; returns the exit status:
 * the guests' status (target_status) if every guest has stopped, else 0.
 * ui may be NULL (no window). */
int run_debug(const struct run_options *o, struct ui *ui);

#endif
