/*
 * layout.c -- pane grid, trap-log panel, and fitting the canvas into the
 * window (see layout.h).  All sizes derive from the font's cell size, so
 * a different font size would still lay out on whole cells.
 */
#include "layout.h"

#define PANE_INNER_W (GRID_COLS * FONT_W)
#define PANE_INNER_H ((1 + GRID_ROWS + LAYOUT_STATUS_ROWS) * FONT_H)
#define PANE_W (PANE_INNER_W + 2 * LAYOUT_BORDER)
#define PANE_H (PANE_INNER_H + 2 * LAYOUT_BORDER)
#define LOG_H ((1 + LAYOUT_LOG_ROWS) * FONT_H + 2 * LAYOUT_BORDER)

static unsigned columns_for(unsigned n)
{
    unsigned c = 1;
    while (c * c < n)
        c++;
    return c;
}

static struct rect rect(int x, int y, int w, int h)
{
    struct rect r = { x, y, w, h };
    return r;
}

static void place_pane(struct pane_rects *p, int x, int y)
{
    int ix = x + LAYOUT_BORDER, iy = y + LAYOUT_BORDER;
    p->outer = rect(x, y, PANE_W, PANE_H);
    p->title = rect(ix, iy, PANE_INNER_W, FONT_H);
    p->text = rect(ix, iy + FONT_H, PANE_INNER_W, GRID_ROWS * FONT_H);
    p->status = rect(ix, iy + (1 + GRID_ROWS) * FONT_H, PANE_INNER_W,
                     LAYOUT_STATUS_ROWS * FONT_H);
}

void layout_compute(struct layout *l, unsigned npanes)
{
    if (npanes < 1)
        npanes = 1;
    if (npanes > LAYOUT_MAX_PANES)
        npanes = LAYOUT_MAX_PANES;
    l->npanes = npanes;
    l->cols = columns_for(npanes);
    l->rows = (npanes + l->cols - 1) / l->cols;
    l->width = LAYOUT_GAP + (int)l->cols * (PANE_W + LAYOUT_GAP);
    int panes_h = LAYOUT_GAP + (int)l->rows * (PANE_H + LAYOUT_GAP);
    l->height = panes_h + LOG_H + LAYOUT_GAP;
    for (unsigned i = 0; i < npanes; i++) {
        int col = (int)(i % l->cols), row = (int)(i / l->cols);
        place_pane(&l->pane[i], LAYOUT_GAP + col * (PANE_W + LAYOUT_GAP),
                   LAYOUT_GAP + row * (PANE_H + LAYOUT_GAP));
    }
    int lw = l->width - 2 * LAYOUT_GAP;
    l->log_outer = rect(LAYOUT_GAP, panes_h, lw, LOG_H);
    l->log_title = rect(LAYOUT_GAP + LAYOUT_BORDER, panes_h + LAYOUT_BORDER,
                        lw - 2 * LAYOUT_BORDER, FONT_H);
    l->log_text = rect(l->log_title.x, l->log_title.y + FONT_H, l->log_title.w,
                       LAYOUT_LOG_ROWS * FONT_H);
    l->log_cols = (unsigned)l->log_text.w / FONT_W;
}

static bool inside(struct rect r, int x, int y)
{
    return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

unsigned layout_pane_at(const struct layout *l, int x, int y)
{
    for (unsigned i = 0; i < l->npanes; i++)
        if (inside(l->pane[i].outer, x, y))
            return i + 1;
    return 0;
}

struct rect layout_fit(const struct layout *l, int win_w, int win_h)
{
    if (win_w < 1 || win_h < 1)
        return rect(0, 0, 1, 1);
    /* the larger of the two scales that still fit: compare w/W with h/H */
    long long w = win_w, h = (long long)win_w * l->height / l->width;
    if (h > win_h) {
        h = win_h;
        w = (long long)win_h * l->width / l->height;
    }
    if (w < 1)
        w = 1;
    if (h < 1)
        h = 1;
    return rect((int)((win_w - w) / 2), (int)((win_h - h) / 2), (int)w, (int)h);
}

bool layout_window_to_canvas(const struct layout *l, int win_w, int win_h,
                             int x, int y, int *cx, int *cy)
{
    struct rect f = layout_fit(l, win_w, win_h);
    if (!inside(f, x, y))
        return false;
    *cx = (int)((long long)(x - f.x) * l->width / f.w);
    *cy = (int)((long long)(y - f.y) * l->height / f.h);
    return true;
}
