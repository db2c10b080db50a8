/*
 * textgrid.h -- one guest's text console: 80x25 cells, a cursor, scrolling.
 *
 * A pane of the window shows a textgrid.  Bytes the guest's UART sends are
 * fed in one at a time, as a glass terminal would take them from a serial
 * line: printable bytes land at the cursor, and the control codes a kernel
 * uses move it (\r, \n, \b, \t; \a and the rest are ignored).  A line that
 * fills up wraps; a newline on the last row scrolls everything up.
 * minikern prints no escape sequences, but any guest may: ESC [ ... final
 * is swallowed whole (and "ESC [ 2 J" / "ESC [ H" clear and home), so a
 * guest that colours its output shows plain text instead of garbage.
 *
 * The grid records which rows changed since the window last drew it, so a
 * guest printing one character costs one row of redraw.  No SDL here: the
 * unit tests drive it directly.
 */
#ifndef TRAPEZE_WINDOW_TEXTGRID_H
#define TRAPEZE_WINDOW_TEXTGRID_H

#include <stdbool.h>
#include <stdint.h>

#define GRID_COLS 80
#define GRID_ROWS 25
#define GRID_TAB 8
#define GRID_CSI_MAX 16        /* parameter bytes kept of one escape sequence */

enum grid_escape { ESC_NONE = 0, ESC_SEEN, ESC_CSI };

struct textgrid {
    uint8_t cell[GRID_ROWS][GRID_COLS];
    unsigned row, col;         /* the cursor */
    bool wrap_pending;         /* the last column was written: wrap on the next */
    uint32_t dirty;            /* bit r: row r changed since grid_take_dirty */
    enum grid_escape esc;
    char csi[GRID_CSI_MAX + 1];
    unsigned csi_len;
};

void grid_init(struct textgrid *g);
void grid_putc(struct textgrid *g, uint8_t byte);
/* The rows changed since the last call (bit r = row r), and forget them. */
uint32_t grid_take_dirty(struct textgrid *g);
/* Row r as a C string with trailing blanks removed (buf >= GRID_COLS+1). */
void grid_row_text(const struct textgrid *g, unsigned r, char *buf);

#endif
