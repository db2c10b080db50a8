/*
 * cmds.h -- the command handlers, one group per file (cmd_*.c), listed in
 * the command table of commands.c.  Each prints to d->out and returns 0,
 * or -1 after one error line.
 */
#ifndef TRAPEZE_DEBUG_CMDS_H
#define TRAPEZE_DEBUG_CMDS_H

#include "debugger.h"

typedef int dbg_handler(struct debugger *d, const struct dbg_words *w);

/* cmd_run.c */
dbg_handler cmd_continue, cmd_stop, cmd_step, cmd_step_trap, cmd_quit;
/* cmd_points.c */
dbg_handler cmd_break, cmd_break_trap, cmd_watch, cmd_delete, cmd_info;
/* cmd_state.c */
dbg_handler cmd_regs, cmd_cp0, cmd_vcp0, cmd_tlb, cmd_vtlb, cmd_pmap;
/* cmd_mem.c */
dbg_handler cmd_x, cmd_disas;
/* cmd_info.c */
dbg_handler cmd_trace, cmd_log, cmd_stats, cmd_vm;
/* commands.c */
dbg_handler cmd_help;

/* `info breakpoints` (cmd_points.c) */
void dbg_list_points(struct debugger *d);

#endif
