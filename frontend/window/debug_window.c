/*
 * debug_window.c -- `trapeze run --debug` with a display: the debugger
 * console stays in the terminal that launched trapeze, and the guests'
 * consoles are panes of the window.  The debugger's loop owns the target
 * and polls the window between slices and while at its prompt (ui.h);
 * F5/F10 in the window pause, continue and step as its commands do.
 */
#include <stdio.h>
#include "debug/debug.h"
#include "window.h"

bool window_wanted(const struct run_options *o)
{
    return !o->headless && window_display_available();
}

int run_debug_window(const struct run_options *o)
{
    char err[512];
    struct window *w = window_new(o, err, sizeof err);
    if (w == NULL) {
        fprintf(stderr, "trapeze: %s; using the terminal\n", err);
        return run_debug(o, NULL);
    }
    int status = run_debug(o, window_ui(w));
    window_free(w);
    return status;
}
