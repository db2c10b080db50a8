/*
 * rl.h -- the interactive console: readline with history and completion.
 */
#ifndef TRAPEZE_DEBUG_RL_H
#define TRAPEZE_DEBUG_RL_H

#include <stddef.h>
#include "debugger.h"

/* Read and run commands from the terminal until quit or Ctrl-D. */
void dbg_readline_loop(struct debugger *d);
/* "(trapeze vm1) " under the monitor, "(trapeze) " on the bare machine. */
void dbg_prompt(const struct debugger *d, char *buf, size_t len);
/* $TRAPEZE_HISTORY, else ~/.trapeze_history ("" if neither is known). */
void dbg_history_path(char *buf, size_t len);

#endif
