/*
 * commands.c -- the command table: name, short forms, argument syntax,
 * help, handler (as MSIM does), and the dispatch from a typed line.
 *
 * A command is found by its name, by one of its short forms (gdb's: c, s,
 * b, x ...), or by any prefix of its name that no other command shares.
 * `help` prints the table; `help CMD` one command's syntax and text.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "cmds.h"

struct dbg_command {
    const char *name;
    const char *aliases;         /* short forms, separated by spaces */
    const char *args;            /* argument syntax */
    const char *help;            /* one line */
    const char *more;            /* more lines, or NULL */
    dbg_handler *run;
    unsigned completes;          /* DBG_COMPLETE_* for the arguments */
    bool takes_fmt;              /* accepts CMD/FMT */
};

static const struct dbg_command commands[] = {
    { "continue", "c cont run r", "[N]", "run the machine (at most N instructions)",
      "Runs until a breakpoint, a watchpoint, a trap asked for with break-trap,\n"
      "every guest stopped, or Ctrl-C.  Guests' output goes to the terminal\n"
      "(prefixed vmN| with several VMs); what you type goes to the selected VM.\n"
      "`run` is the same: the machine is booted when the console starts.",
      cmd_continue, DBG_COMPLETE_NONE, false },
    { "stop", NULL, "", "stop a running machine (Ctrl-C does it from the terminal)",
      NULL, cmd_stop, DBG_COMPLETE_NONE, false },
    { "step", "s si stepi", "[N]", "run N instructions (1) of the selected guest",
      "Other VMs may run meanwhile, as the scheduler decides.  A step onto an\n"
      "exception vector counts as one instruction.",
      cmd_step, DBG_COMPLETE_NONE, false },
    { "step-trap", "st", "", "run to the selected guest's next trap and narrate it",
      "Shows the guest PC and instruction, the physical exception, what the\n"
      "monitor did, and what it changed: CP0 fields before -> after, the TLB\n"
      "entry written, the exception reflected.  Under the monitor only.",
      cmd_step_trap, DBG_COMPLETE_NONE, false },
    { "break", "b br", "ADDR|SYMBOL", "stop before the selected guest runs ADDR",
      "ADDR is a number (0x... for hex), a symbol (kmain, hello:main), or\n"
      "SYMBOL+OFFSET; the breakpoint belongs to the selected VM.",
      cmd_break, DBG_COMPLETE_SYMBOL, false },
    { "break-trap", "bt", "KIND[,KIND...]", "stop after the selected guest's next trap of a kind",
      NULL, cmd_break_trap, DBG_COMPLETE_TRAPKIND, false },
    { "watch", "wa", "ADDR [r|w|rw] [LEN]", "stop after the selected guest accesses ADDR",
      "Guest-virtual; w (stores) unless r or rw is given; LEN bytes (4).",
      cmd_watch, DBG_COMPLETE_SYMBOL, false },
    { "delete", "d del", "N|all", "delete breakpoint, watchpoint or trap stop N",
      NULL, cmd_delete, DBG_COMPLETE_NONE, false },
    { "info", "i", "breakpoints", "list breakpoints, watchpoints and trap stops",
      NULL, cmd_info, DBG_COMPLETE_NONE, false },
    { "regs", "registers", "", "the selected guest's registers",
      NULL, cmd_regs, DBG_COMPLETE_NONE, false },
    { "cp0", NULL, "", "the physical CPU's CP0",
      NULL, cmd_cp0, DBG_COMPLETE_NONE, false },
    { "vcp0", NULL, "", "the selected guest's (virtual) CP0",
      NULL, cmd_vcp0, DBG_COMPLETE_NONE, false },
    { "tlb", NULL, "", "the real TLB, each entry with the VM and guest page it shadows",
      NULL, cmd_tlb, DBG_COMPLETE_NONE, false },
    { "vtlb", NULL, "", "the selected guest's virtual TLB",
      NULL, cmd_vtlb, DBG_COMPLETE_NONE, false },
    { "pmap", NULL, "[ADDR]", "the selected guest's pmap, or one address translated",
      "Without ADDR: the guest-physical pages that have machine frames, in\n"
      "runs.  With ADDR: v: -> g: -> m: for a guest-virtual address, or\n"
      "g: -> m: for a g: address.",
      cmd_pmap, DBG_COMPLETE_SYMBOL, false },
    { "x", NULL, "/FMT ADDR", "examine memory: x/[COUNT][FORMAT][SIZE] [v:|g:|m:]ADDR",
      "FORMAT: x hex, d signed, u unsigned, c char, s string, i instruction.\n"
      "SIZE: b byte, h halfword, w word.  Spaces: v: guest-virtual (the\n"
      "default, through the guest's own mappings), g: guest-physical,\n"
      "m: machine-physical.",
      cmd_x, DBG_COMPLETE_SYMBOL, true },
    { "disas", "disassemble", "[ADDR [N]]", "disassemble N instructions (10) at ADDR (the PC)",
      NULL, cmd_disas, DBG_COMPLETE_SYMBOL, false },
    { "trace", NULL, "on|off [KIND,...]", "narrate traps of these kinds while running",
      "With no kinds: all of them.  `trace` alone shows what is traced.",
      cmd_trace, DBG_COMPLETE_TRAPKIND, false },
    { "log", NULL, "[N]", "the last N trap events (10)",
      NULL, cmd_log, DBG_COMPLETE_NONE, false },
    { "stats", NULL, "", "statistics: instructions, traps by kind, per VM",
      NULL, cmd_stats, DBG_COMPLETE_NONE, false },
    { "vm", NULL, "[N]", "list the VMs, or select VM N",
      NULL, cmd_vm, DBG_COMPLETE_VM, false },
    { "help", "h ?", "[CMD]", "list the commands, or explain one",
      NULL, cmd_help, DBG_COMPLETE_COMMAND, false },
    { "quit", "q exit", "", "leave (exit status: the guests', or 0 if still running)",
      NULL, cmd_quit, DBG_COMPLETE_NONE, false },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static bool is_alias(const struct dbg_command *c, const char *name)
{
    if (c->aliases == NULL)
        return false;
    size_t n = strlen(name);
    for (const char *a = c->aliases; *a; ) {
        size_t l = strcspn(a, " ");
        if (l == n && strncmp(a, name, n) == 0)
            return true;
        a += l;
        while (*a == ' ')
            a++;
    }
    return false;
}

const struct dbg_command *dbg_find_command(const char *name, bool *ambiguous)
{
    *ambiguous = false;
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0 || is_alias(&commands[i], name))
            return &commands[i];
    const struct dbg_command *found = NULL;
    size_t n = strlen(name);
    for (size_t i = 0; i < NCOMMANDS && n > 0; i++)
        if (strncmp(commands[i].name, name, n) == 0) {
            if (found) {
                *ambiguous = true;
                return NULL;
            }
            found = &commands[i];
        }
    return found;
}

const char *dbg_command_name(size_t i)
{
    return i < NCOMMANDS ? commands[i].name : NULL;
}

unsigned dbg_command_completes(const struct dbg_command *c)
{
    return c->completes;
}

int dbg_error(struct debugger *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(d->out, "%s: ", d->cmd_name ? d->cmd_name : "trapeze");
    vfprintf(d->out, fmt, ap);
    fputc('\n', d->out);
    va_end(ap);
    return -1;
}

int dbg_execute(struct debugger *d, const char *line)
{
    char copy[DBG_LINE_MAX], err[160];
    struct dbg_words w;
    if (strlen(line) >= sizeof copy) {
        fprintf(d->out, "trapeze: the line is too long (at most %zu characters)\n",
                sizeof copy - 1);
        return -1;
    }
    strcpy(copy, line);
    if (!dbg_split(copy, &w, err, sizeof err)) {
        fprintf(d->out, "%s\n", err);
        return -1;
    }
    if (w.name == NULL)
        return 0;
    bool ambiguous;
    const struct dbg_command *c = dbg_find_command(w.name, &ambiguous);
    if (c == NULL) {
        fprintf(d->out, "trapeze: '%s' is %s command (try help)\n", w.name,
                ambiguous ? "an ambiguous" : "not a");
        return -1;
    }
    if (w.fmt && !c->takes_fmt) {
        fprintf(d->out, "%s: takes no /FORMAT\n", c->name);
        return -1;
    }
    d->cmd_name = c->name;
    int r = c->run(d, &w);
    d->cmd_name = NULL;
    return r;
}

static void help_one(struct debugger *d, const struct dbg_command *c)
{
    fprintf(d->out, "%s%s%s -- %s\n", c->name, c->args[0] ? " " : "", c->args,
            c->help);
    if (c->aliases)
        fprintf(d->out, "short forms: %s\n", c->aliases);
    if (c->more)
        fprintf(d->out, "%s\n", c->more);
    if (c->completes == DBG_COMPLETE_TRAPKIND)
        for (unsigned i = 0; i < dbg_trapkind_count(); i++)
            fprintf(d->out, "  %-13s %s\n", dbg_trapkind_name(i),
                    dbg_trapkind_help(i));
}

int cmd_help(struct debugger *d, const struct dbg_words *w)
{
    if (w->argc > 1)
        return dbg_error(d, "one command at a time");
    if (w->argc == 1) {
        bool ambiguous;
        const struct dbg_command *c = dbg_find_command(w->argv[0], &ambiguous);
        if (c == NULL)
            return dbg_error(d, "'%s' is %s command", w->argv[0],
                             ambiguous ? "an ambiguous" : "not a");
        help_one(d, c);
        return 0;
    }
    for (size_t i = 0; i < NCOMMANDS; i++) {
        char head[40];
        snprintf(head, sizeof head, "%s %s", commands[i].name, commands[i].args);
        fprintf(d->out, "  %-22s %s\n", head, commands[i].help);
    }
    fprintf(d->out, "Short forms as in gdb (help CMD shows them); "
            "docs/debugger.md is the manual.\n");
    return 0;
}
