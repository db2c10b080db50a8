/*
 * window.h -- the SDL window: one 80x25 console pane per guest, a status
 * line per pane, a trap-log panel, keyboard input to the focused pane.
 * docs/window.md describes it for users.
 *
 * The window is a struct ui (ui.h): whoever runs the target (the window's
 * own loop, run_window, or the debugger's) feeds it console bytes and calls
 * its poll between slices.  It never runs guest code itself.
 */
#ifndef TRAPEZE_WINDOW_WINDOW_H
#define TRAPEZE_WINDOW_WINDOW_H

#include <stdbool.h>
#include <stddef.h>
#include "cli.h"
#include "ui.h"

struct window;

/* Is there a display to open a window on?  DISPLAY or WAYLAND_DISPLAY
 * must be set and SDL's video must start; false means use the terminal. */
bool window_display_available(void);

/* Open the window for the guests of o (one pane on the bare machine).
 * NULL with a line in err if SDL cannot. */
struct window *window_new(const struct run_options *o, char *err, size_t errlen);
void window_free(struct window *w);
struct ui *window_ui(struct window *w);

/* Screenshot requests from the environment (docs/window.md):
 * TRAPEZE_SCREENSHOT=PREFIX names the files PREFIX-1.bmp, PREFIX-2.bmp ...;
 * TRAPEZE_SCREENSHOT_AT=N takes one when machine time reaches N.
 * The loop stops machine time exactly there: this is the next such point
 * (UINT64_MAX: none). */
uint64_t window_next_shot_at(const struct window *w);
/* Save the canvas now as the next numbered file; false if it failed. */
struct target;
bool window_screenshot(struct window *w, struct target *t);
/* Take the TRAPEZE_SCREENSHOT_AT screenshot if machine time has reached
 * it (once); true if it was taken now. */
bool window_shot_due(struct window *w, struct target *t);

/* The window's own run loop, without the debugger: runs the target in
 * slices, polls the window between them, idles without spinning.  Returns
 * the exit status, as run_bare/run_monitor. */
int run_window(const struct run_options *o);

/* Whether `trapeze run` opens the window: not --headless, and a display
 * (window_display_available).  Otherwise everything stays in the terminal. */
bool window_wanted(const struct run_options *o);
/* --debug with the window: the debugger console in the terminal, the
 * guests in the window (falls back to the terminal alone if SDL fails). */
int run_debug_window(const struct run_options *o);

#endif
