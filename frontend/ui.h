/*
 * ui.h -- how a run loop keeps a window alive without knowing SDL.
 *
 * The debugger's loop (and the window's own loop when there is no debugger)
 * owns the target.  Between slices of machine time, and while it waits at
 * the debugger's prompt, it calls ui->poll, which handles the window's
 * events, redraws what changed, and tells the loop what the user asked for
 * with the window's keys.  Guests' console output goes to ui->console_out
 * instead of the terminal.  A NULL struct ui pointer means no window.
 */
#ifndef TRAPEZE_UI_H
#define TRAPEZE_UI_H

#include <stdbool.h>
#include <stdint.h>

struct target;

/* What poll reports (a mask). */
#define UI_QUIT   0x1u   /* the window was closed */
#define UI_PAUSE  0x2u   /* the pause key: stop a running target */
#define UI_RESUME 0x4u   /* the pause key again: go on running */
#define UI_STEP   0x8u   /* the step key: one instruction of the focused VM */
#define UI_INPUT  0x10u  /* keys were typed into a pane (sent to its guest) */

struct ui {
    void (*console_out)(struct ui *ui, unsigned vm, uint8_t byte);
    /* Handle window events for up to timeout_ms (0: just look).  Keys typed
     * into a pane go to that guest through target_console_in. */
    unsigned (*poll)(struct ui *ui, struct target *t, int timeout_ms);
    /* The guest whose pane has the focus (1-based). */
    unsigned (*focus)(struct ui *ui);
    /* Tell the window the target is paused (at the prompt) or running. */
    void (*set_paused)(struct ui *ui, bool paused);
};

#endif
