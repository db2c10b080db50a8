/*
 * cmd_run.c -- continue, stop, step, step-trap, quit: the commands that
 * make the machine go (the going itself is runloop.c).
 */
#include <stdio.h>
#include "cmds.h"

#define MAX_STEPS 1000000000ull
#define MAX_RUN 1000000000000000ull     /* 10^15 instructions */

/* An optional count argument: `step`, `step 5`, `continue 100000`. */
static bool count_arg(struct debugger *d, const struct dbg_words *w,
                      uint64_t dflt, uint64_t max, uint64_t *n)
{
    *n = dflt;
    if (w->argc > 1) {
        dbg_error(d, "takes at most one number");
        return false;
    }
    if (w->argc == 1 && (!dbg_number(w->argv[0], max, n) || *n == 0)) {
        dbg_error(d, "'%s' is not a count from 1 to %llu", w->argv[0],
                  (unsigned long long)max);
        return false;
    }
    return true;
}

static bool alive(struct debugger *d)
{
    for (unsigned vm = 1; vm <= d->nguests; vm++)
        if (target_state(d->t, vm) != VM_STOPPED)
            return true;
    dbg_error(d, "every guest has stopped; nothing can run (quit ends)");
    return false;
}

int cmd_continue(struct debugger *d, const struct dbg_words *w)
{
    uint64_t n;
    if (!count_arg(d, w, 0, MAX_RUN, &n) || !alive(d))
        return -1;
    dbg_go(d, 0, 0, n);
    return 0;
}

int cmd_stop(struct debugger *d, const struct dbg_words *w)
{
    (void)w;
    fprintf(d->out, "the machine is not running (Ctrl-C stops it while it runs)\n");
    return 0;
}

int cmd_step(struct debugger *d, const struct dbg_words *w)
{
    uint64_t n;
    if (!count_arg(d, w, 1, MAX_STEPS, &n) || !alive(d))
        return -1;
    if (target_state(d->t, d->vm) == VM_STOPPED)
        return dbg_error(d, "vm%u has stopped: %s", d->vm,
                         target_reason(d->t, d->vm));
    dbg_go(d, d->vm, n, 0);
    return 0;
}

int cmd_step_trap(struct debugger *d, const struct dbg_words *w)
{
    if (w->argc)
        return dbg_error(d, "takes no arguments");
    if (!target_is_monitor(d->t))
        return dbg_error(d, "the bare machine has no monitor and no traps "
                         "(run with --vm)");
    if (!alive(d))
        return -1;
    if (target_state(d->t, d->vm) == VM_STOPPED)
        return dbg_error(d, "vm%u has stopped: %s", d->vm,
                         target_reason(d->t, d->vm));
    dbg_step_trap(d);
    return 0;
}

int cmd_quit(struct debugger *d, const struct dbg_words *w)
{
    (void)w;
    d->quit = true;
    return 0;
}
