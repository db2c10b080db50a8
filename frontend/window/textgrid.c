/*
 * textgrid.c -- a glass terminal's screen memory (see textgrid.h).
 *
 * Control codes go through a table of handlers, one short function each,
 * so what the console understands can be read off one list.  Escape
 * sequences are recognized only far enough to be swallowed; the two that
 * clear the screen are honoured because a kernel that clears at boot should
 * not leave the previous run's text behind.
 */
#include <string.h>
#include "textgrid.h"

#define ESC 0x1B
#define ALL_ROWS ((1u << GRID_ROWS) - 1)

void grid_init(struct textgrid *g)
{
    memset(g, 0, sizeof *g);
    memset(g->cell, ' ', sizeof g->cell);
    g->dirty = ALL_ROWS;
}

uint32_t grid_take_dirty(struct textgrid *g)
{
    uint32_t d = g->dirty;
    g->dirty = 0;
    return d;
}

void grid_row_text(const struct textgrid *g, unsigned r, char *buf)
{
    unsigned n = 0;
    if (r < GRID_ROWS) {
        memcpy(buf, g->cell[r], GRID_COLS);
        for (unsigned c = 0; c < GRID_COLS; c++)
            if (g->cell[r][c] != ' ')
                n = c + 1;
    }
    buf[n] = '\0';
}

static void scroll_up(struct textgrid *g)
{
    memmove(g->cell[0], g->cell[1], (GRID_ROWS - 1) * GRID_COLS);
    memset(g->cell[GRID_ROWS - 1], ' ', GRID_COLS);
    g->dirty = ALL_ROWS;
}

static void line_feed(struct textgrid *g)
{
    g->wrap_pending = false;
    if (g->row + 1 < GRID_ROWS)
        g->row++;
    else
        scroll_up(g);
}

static void carriage_return(struct textgrid *g)
{
    g->col = 0;
    g->wrap_pending = false;
}

static void backspace(struct textgrid *g)
{
    if (g->wrap_pending)
        g->wrap_pending = false;     /* the cursor still sits on the last cell */
    else if (g->col > 0)
        g->col--;
}

static void tab(struct textgrid *g)
{
    if (g->wrap_pending)
        return;
    unsigned next = (g->col / GRID_TAB + 1) * GRID_TAB;
    g->col = next < GRID_COLS ? next : GRID_COLS - 1;
}

static void start_escape(struct textgrid *g)
{
    g->esc = ESC_SEEN;
    g->csi_len = 0;
}

static void clear_screen(struct textgrid *g)
{
    memset(g->cell, ' ', sizeof g->cell);
    g->dirty = ALL_ROWS;
}

static void home(struct textgrid *g)
{
    g->row = g->col = 0;
    g->wrap_pending = false;
}

typedef void (*control_fn)(struct textgrid *g);
static const control_fn controls[0x20] = {
    ['\b'] = backspace,
    ['\t'] = tab,
    ['\n'] = line_feed,
    ['\v'] = line_feed,
    ['\f'] = line_feed,
    ['\r'] = carriage_return,
    [ESC]  = start_escape,
};

/* ESC [ params final: the final byte (0x40..0x7E) ends it. */
static void escape_byte(struct textgrid *g, uint8_t b)
{
    if (g->esc == ESC_SEEN) {
        g->esc = b == '[' ? ESC_CSI : ESC_NONE;   /* ESC x: two bytes, dropped */
        return;
    }
    if (b >= 0x40 && b <= 0x7E) {
        g->csi[g->csi_len] = '\0';
        if (b == 'J' && strcmp(g->csi, "2") == 0)
            clear_screen(g);
        else if (b == 'H' && g->csi_len == 0)
            home(g);
        g->esc = ESC_NONE;
    } else if (g->csi_len < GRID_CSI_MAX) {
        g->csi[g->csi_len++] = (char)b;
    } else {
        g->esc = ESC_NONE;          /* absurdly long: give up on it */
    }
}

static void printable(struct textgrid *g, uint8_t b)
{
    if (g->wrap_pending) {
        carriage_return(g);
        line_feed(g);
    }
    g->cell[g->row][g->col] = b;
    g->dirty |= 1u << g->row;
    if (g->col + 1 < GRID_COLS)
        g->col++;
    else
        g->wrap_pending = true;
}

void grid_putc(struct textgrid *g, uint8_t b)
{
    unsigned before = g->row;
    if (g->esc != ESC_NONE)
        escape_byte(g, b);
    else if (b < 0x20) {
        if (controls[b])
            controls[b](g);
    } else if (b != 0x7F)
        printable(g, b);
    /* the cursor is drawn in its cell: both rows it touched need redrawing */
    g->dirty |= 1u << before | 1u << g->row;
}
