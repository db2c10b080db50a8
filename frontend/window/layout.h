/*
 * layout.h -- where everything sits in the window.
 *
 * The window is drawn on a fixed-size canvas at one font pixel per screen
 * pixel; the canvas is then scaled into the window, keeping its aspect
 * ratio (letterboxed).  So resizing the window never reflows anything:
 * the layout depends only on the number of panes, and a screenshot of the
 * canvas is the same at any window size.
 *
 *   +------------+------------+     one pane per guest, in a grid of
 *   | vm1 title  | vm2 title  |     ceil(sqrt(n)) columns: 1, 2 side by
 *   | 80x25 text | 80x25 text |     side, 2x2 for 3 or 4, 3 columns for
 *   | status (2) | status (2) |     5 to 8.  Each pane: a title row, the
 *   +------------+------------+     guest's 80x25 text, two status rows
 *   | trap log of the focused VM |  (counters, then trap-rate bars).
 *   +---------------------------+
 *
 * No SDL here: the unit tests and the screenshot checker use it too.
 */
#ifndef TRAPEZE_WINDOW_LAYOUT_H
#define TRAPEZE_WINDOW_LAYOUT_H

#include <stdbool.h>
#include "font.h"
#include "textgrid.h"

#define LAYOUT_BORDER 2        /* the focus highlight around a pane */
#define LAYOUT_GAP 4           /* between panes and around the edge */
#define LAYOUT_STATUS_ROWS 2
#define LAYOUT_LOG_ROWS 10     /* trap-log lines shown */
#define LAYOUT_MAX_PANES 8

struct rect { int x, y, w, h; };

struct pane_rects {
    struct rect outer;         /* with the border */
    struct rect title;         /* one text row */
    struct rect text;          /* GRID_COLS x GRID_ROWS cells */
    struct rect status;        /* LAYOUT_STATUS_ROWS text rows */
};

struct layout {
    unsigned npanes, cols, rows;
    int width, height;         /* the canvas */
    struct pane_rects pane[LAYOUT_MAX_PANES];
    struct rect log_outer, log_title, log_text;
    unsigned log_cols;         /* characters per trap-log line */
};

/* npanes is clamped to 1..LAYOUT_MAX_PANES. */
void layout_compute(struct layout *l, unsigned npanes);
/* The pane (1-based) under canvas point (x, y), or 0. */
unsigned layout_pane_at(const struct layout *l, int x, int y);
/* Where the canvas goes in a window of w x h: as large as fits, aspect
 * kept, centred.  A degenerate window gives a 1x1 rectangle. */
struct rect layout_fit(const struct layout *l, int win_w, int win_h);
/* A window point back to canvas coordinates (false: outside the canvas). */
bool layout_window_to_canvas(const struct layout *l, int win_w, int win_h,
                             int x, int y, int *cx, int *cy);

#endif
