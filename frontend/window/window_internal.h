/*
 * window_internal.h -- the window's state, shared by its files:
 *   window.c      creating it, the struct ui it is, events and keys
 *   draw.c        drawing panes, titles, status lines and the trap log
 *                 onto the canvas, and showing the canvas in the window
 *   shot.c        screenshots of the canvas (TRAPEZE_SCREENSHOT)
 *   run_window.c  the window's own run loop, without the debugger
 *
 * Everything is drawn onto one canvas texture at the layout's fixed size
 * (layout.h) and only what changed is drawn again: a guest printing a
 * character redraws one row of its pane.  Presenting copies the canvas into
 * the window, scaled to fit.  Nothing is presented while nothing changed.
 * An idle guest still takes its timer ticks, a few dozen traps each, so
 * the trap log and the status lines are refreshed on a slow clock of their
 * own (RATE_PERIOD) rather than at every tick: a window over
 * idle guests costs almost no CPU.
 */
#ifndef TRAPEZE_WINDOW_INTERNAL_H
#define TRAPEZE_WINDOW_INTERNAL_H

#include <SDL.h>
#include "layout.h"
#include "rates.h"
#include "textgrid.h"
#include "tracelog.h"
#include "ui.h"
#include "target.h"

#define FRAME_SECONDS (1.0 / 60)    /* at most this often while guests run */
#define LOOK_SECONDS 0.004          /* poll(0) looks at events at most this often */
#define KERNEL_NAME_MAX 48

struct pane {
    struct textgrid grid;
    struct pane_rates rates;
    char kernel[KERNEL_NAME_MAX];    /* the ELF's file name */
    enum vm_state state;
    char reason[64];                 /* why it halted */
    bool title_dirty, status_dirty;
};

struct window {
    struct ui ui;                    /* first: a struct ui * is the window */
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *canvas, *glyphs;
    struct layout lay;
    unsigned npanes, focus;          /* focus: 1-based */
    bool bare;                       /* the bare machine: one pane, no traps */
    bool paused;
    struct pane pane[LAYOUT_MAX_PANES];
    struct tracelog log;
    bool log_dirty, all_dirty, present_pending;
    double slow_next;                /* host time of the next rates and log */
    double last_look;                /* host time poll last handled events */
    double last_present;
    /* screenshots */
    const char *shot_prefix;
    unsigned shots;
    uint64_t shot_at;
};

static inline struct window *window_of(struct ui *ui)
{
    return (struct window *)ui;
}

/* draw.c */
bool draw_init(struct window *w);            /* the glyph atlas */
void draw_dirty(struct window *w);           /* what changed, onto the canvas */
void draw_present(struct window *w);         /* the canvas into the window */

/* window.c */
void window_refresh(struct window *w, struct target *t);  /* states, rates, log */

#endif
