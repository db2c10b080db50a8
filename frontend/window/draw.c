/*
 * draw.c -- the window's pixels (see window_internal.h).
 *
 * Text is drawn from a glyph atlas: one texture holding all 256 glyphs of
 * the compiled-in font, white on transparent, tinted per call with
 * SDL_SetTextureColorMod.  A cell is its background rectangle plus one
 * copy from the atlas, so the pixels of a glyph on the canvas are exactly
 * the font's bits in two colours; the screenshot checker relies on that.
 * Colours are a table so the look can be changed in one place.
 */
#include <stdio.h>
#include <string.h>
#include "font.h"
#include "window_internal.h"

enum colour {
    C_CANVAS, C_TEXT_BG, C_TEXT_FG, C_TITLE_BG, C_TITLE_FOCUS_BG, C_TITLE_FG,
    C_BORDER_FOCUS, C_STATUS_BG, C_STATUS_FG, C_LOG_BG, C_LOG_FG,
    C_LOG_TITLE_BG, C_PAUSED, C_NCOLOURS
};
static const SDL_Color colours[C_NCOLOURS] = {
    [C_CANVAS] = { 40, 40, 48, 255 },
    [C_TEXT_BG] = { 0, 0, 0, 255 },
    [C_TEXT_FG] = { 210, 210, 210, 255 },
    [C_TITLE_BG] = { 70, 70, 84, 255 },
    [C_TITLE_FOCUS_BG] = { 30, 90, 180, 255 },
    [C_TITLE_FG] = { 255, 255, 255, 255 },
    [C_BORDER_FOCUS] = { 255, 200, 40, 255 },
    [C_STATUS_BG] = { 24, 24, 32, 255 },
    [C_STATUS_FG] = { 170, 170, 180, 255 },
    [C_LOG_BG] = { 12, 16, 12, 255 },
    [C_LOG_FG] = { 150, 220, 150, 255 },
    [C_LOG_TITLE_BG] = { 50, 70, 50, 255 },
    [C_PAUSED] = { 200, 60, 40, 255 },
};
/* one colour per trap kind, for the bars */
static const SDL_Color bar_colours[TRAP_NKINDS] = {
    [TRAP_PRIV] = { 240, 120, 60, 255 },
    [TRAP_SHADOW_FILL] = { 80, 200, 240, 255 },
    [TRAP_IO] = { 240, 220, 80, 255 },
    [TRAP_REFLECT] = { 220, 90, 200, 255 },
    [TRAP_KSEG] = { 160, 160, 255, 255 },
    [TRAP_INTERRUPT] = { 120, 230, 120, 255 },
    [TRAP_WORLD_SWITCH] = { 255, 255, 255, 255 },
    [TRAP_TIMER] = { 180, 180, 120, 255 },
    [TRAP_WAIT] = { 120, 140, 160, 255 },
    [TRAP_HALT] = { 255, 70, 70, 255 },
};
#define BAR_CELL_W (GRID_COLS * FONT_W / TRAP_NKINDS)   /* 64 px per kind */
#define BAR_LABEL_CHARS 4
#define BAR_H 8

static void fill(struct window *w, struct rect r, SDL_Color c)
{
    SDL_Rect sr = { r.x, r.y, r.w, r.h };
    SDL_SetRenderDrawColor(w->ren, c.r, c.g, c.b, 255);
    SDL_RenderFillRect(w->ren, &sr);
}

static void glyph(struct window *w, int x, int y, uint8_t c, SDL_Color fg)
{
    SDL_Rect src = { c * FONT_W, 0, FONT_W, FONT_H };
    SDL_Rect dst = { x, y, FONT_W, FONT_H };
    SDL_SetTextureColorMod(w->glyphs, fg.r, fg.g, fg.b);
    SDL_RenderCopy(w->ren, w->glyphs, &src, &dst);
}

/* One row of text: background over the whole width, then the glyphs. */
static void text_row(struct window *w, struct rect r, const char *s,
                     SDL_Color fg, SDL_Color bg)
{
    fill(w, r, bg);
    int maxc = r.w / FONT_W;
    for (int i = 0; i < maxc && s[i]; i++)
        if (s[i] != ' ')
            glyph(w, r.x + i * FONT_W, r.y, (uint8_t)s[i], fg);
}

bool draw_init(struct window *w)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 256 * FONT_W, FONT_H, 32,
                                                    SDL_PIXELFORMAT_ARGB8888);
    if (s == NULL)
        return false;
    for (unsigned c = 0; c < 256; c++)
        for (unsigned y = 0; y < FONT_H; y++)
            for (unsigned x = 0; x < FONT_W; x++) {
                uint32_t *px = (uint32_t *)((uint8_t *)s->pixels + y * s->pitch) +
                               c * FONT_W + x;
                *px = font_pixel((uint8_t)c, x, y) ? 0xFFFFFFFFu : 0x00FFFFFFu;
            }
    w->glyphs = SDL_CreateTextureFromSurface(w->ren, s);
    SDL_FreeSurface(s);
    if (w->glyphs == NULL)
        return false;
    SDL_SetTextureBlendMode(w->glyphs, SDL_BLENDMODE_BLEND);
    return true;
}

static void grid_rows(struct window *w, unsigned i, uint32_t rows)
{
    struct pane *p = &w->pane[i];
    struct rect t = w->lay.pane[i].text;
    bool cursor = i + 1 == w->focus;
    for (unsigned r = 0; r < GRID_ROWS; r++) {
        if (!(rows >> r & 1))
            continue;
        char line[GRID_COLS + 1];
        memcpy(line, p->grid.cell[r], GRID_COLS);
        line[GRID_COLS] = '\0';
        struct rect rr = { t.x, t.y + (int)r * FONT_H, t.w, FONT_H };
        text_row(w, rr, line, colours[C_TEXT_FG], colours[C_TEXT_BG]);
        if (cursor && r == p->grid.row) {        /* a block cursor, inverted */
            struct rect c = { t.x + (int)p->grid.col * FONT_W, rr.y, FONT_W, FONT_H };
            fill(w, c, colours[C_TEXT_FG]);
            glyph(w, c.x, c.y, p->grid.cell[r][p->grid.col], colours[C_TEXT_BG]);
        }
    }
}

static const char *state_name(const struct window *w, const struct pane *p)
{
    static const char *const names[] = {
        [VM_RUNNING] = "running", [VM_WAITING] = "idle", [VM_STOPPED] = "halted",
    };
    if (p->state != VM_STOPPED && w->paused)
        return "paused";
    return (unsigned)p->state < 3 ? names[p->state] : "?";
}

static void title(struct window *w, unsigned i)
{
    struct pane *p = &w->pane[i];
    bool focused = i + 1 == w->focus;
    char s[GRID_COLS + 1];
    if (w->bare)
        snprintf(s, sizeof s, " %s  %s", p->kernel, state_name(w, p));
    else
        snprintf(s, sizeof s, " vm%u  %s  %s", i + 1, p->kernel, state_name(w, p));
    if (p->state == VM_STOPPED && p->reason[0])
        snprintf(s + strlen(s), sizeof s - strlen(s), ": %s", p->reason);
    fill(w, w->lay.pane[i].outer,
         focused ? colours[C_BORDER_FOCUS] : colours[C_CANVAS]);
    text_row(w, w->lay.pane[i].title, s, colours[C_TITLE_FG],
             colours[focused ? C_TITLE_FOCUS_BG : C_TITLE_BG]);
}

static void bars(struct window *w, unsigned i, struct rect row)
{
    const struct pane_rates *r = &w->pane[i].rates;
    for (unsigned k = 0; k < TRAP_NKINDS; k++) {
        int x = row.x + (int)k * BAR_CELL_W;
        struct rect label = { x, row.y, BAR_LABEL_CHARS * FONT_W, FONT_H };
        text_row(w, label, rates_label(k), colours[C_STATUS_FG], colours[C_STATUS_BG]);
        unsigned max = BAR_CELL_W - BAR_LABEL_CHARS * FONT_W - 4;
        struct rect bar = { label.x + label.w + 1, row.y + (FONT_H - BAR_H) / 2,
                            (int)rates_bar_px(r->traps_per_s[k], max), BAR_H };
        if (bar.w > 0)
            fill(w, bar, bar_colours[k]);
    }
}

static void status(struct window *w, unsigned i)
{
    const struct pane_rates *r = &w->pane[i].rates;
    struct rect s = w->lay.pane[i].status;
    struct rect row0 = { s.x, s.y, s.w, FONT_H }, row1 = { s.x, s.y + FONT_H, s.w, FONT_H };
    char line[GRID_COLS + 1];
    snprintf(line, sizeof line, " %8.2f MIPS  %12llu insns  %10.0f traps/s",
             r->mips, (unsigned long long)r->insns_last, r->all_traps_per_s);
    text_row(w, row0, line, colours[C_STATUS_FG], colours[C_STATUS_BG]);
    if (w->bare) {
        text_row(w, row1, " the bare machine: no monitor, no traps",
                 colours[C_STATUS_FG], colours[C_STATUS_BG]);
        return;
    }
    fill(w, row1, colours[C_STATUS_BG]);
    bars(w, i, row1);
}

static void trap_log(struct window *w)
{
    char s[256];
    const struct layout *l = &w->lay;
    if (w->bare)
        snprintf(s, sizeof s, " trap log: none on the bare machine");
    else
        snprintf(s, sizeof s, " trap log of vm%u%s", w->focus,
                 w->paused ? "  [PAUSED: F5 continues, F10 steps]" : "");
    snprintf(s + strlen(s), sizeof s - strlen(s),
             "     keys: F1-F4 focus  F5 pause  F10 step  F12 screenshot");
    fill(w, l->log_outer, colours[C_CANVAS]);
    text_row(w, l->log_title, s, colours[C_TITLE_FG],
             colours[w->paused ? C_PAUSED : C_LOG_TITLE_BG]);
    for (unsigned r = 0; r < LAYOUT_LOG_ROWS; r++) {
        struct rect rr = { l->log_text.x, l->log_text.y + (int)r * FONT_H,
                           l->log_text.w, FONT_H };
        const char *line = r < w->log.nlines ? w->log.line[r] : "";
        if (!w->bare && w->log.nlines == 0 && r == 0)
            line = " (no trap of this VM among the monitor's latest events)";
        text_row(w, rr, line, colours[C_LOG_FG], colours[C_LOG_BG]);
    }
}

void draw_dirty(struct window *w)
{
    SDL_SetRenderTarget(w->ren, w->canvas);
    if (w->all_dirty) {
        struct rect all = { 0, 0, w->lay.width, w->lay.height };
        fill(w, all, colours[C_CANVAS]);
    }
    for (unsigned i = 0; i < w->npanes; i++) {
        struct pane *p = &w->pane[i];
        uint32_t rows = grid_take_dirty(&p->grid);
        if (w->all_dirty || p->title_dirty) {
            title(w, i);                 /* with the border: then all of it */
            p->status_dirty = true;
            rows = (1u << GRID_ROWS) - 1;
        }
        if (rows)
            grid_rows(w, i, rows);
        if (p->status_dirty)
            status(w, i);
        if (rows || p->title_dirty || p->status_dirty)
            w->present_pending = true;
        p->title_dirty = p->status_dirty = false;
    }
    if (w->all_dirty || w->log_dirty) {
        trap_log(w);
        w->present_pending = true;
    }
    w->all_dirty = w->log_dirty = false;
}

void draw_present(struct window *w)
{
    int ww, wh;
    SDL_SetRenderTarget(w->ren, NULL);
    SDL_GetRendererOutputSize(w->ren, &ww, &wh);
    struct rect f = layout_fit(&w->lay, ww, wh);
    SDL_Rect dst = { f.x, f.y, f.w, f.h };
    SDL_SetRenderDrawColor(w->ren, 0, 0, 0, 255);
    SDL_RenderClear(w->ren);
    SDL_RenderCopy(w->ren, w->canvas, NULL, &dst);
    SDL_RenderPresent(w->ren);
    SDL_SetRenderTarget(w->ren, w->canvas);
    w->present_pending = false;
}
