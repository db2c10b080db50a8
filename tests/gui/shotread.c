/*
 * shotread.c -- read a window screenshot back as text, glyph by glyph.
 *
 *   shotread SHOT.bmp NPANES
 *
 * The GUI tests need to know that each guest's text is in its own pane,
 * drawn with the compiled-in font.  So this reads every character cell of
 * the screenshot (where the layout says panes, titles, status lines and the
 * trap log are) and compares its pixels with each glyph of the font: a
 * cell is taken as a character only if its pixels are exactly that glyph's
 * bitmap in two colours (the cell's most common colour being the
 * background).  Anything else reads as '?'.  It prints
 *
 *   pane1.title: vm1  minikern.elf  idle
 *   pane1.00: minikern: 64 MiB RAM, ...        (rows 00..24)
 *   pane1.status0: ...   pane1.status1: ...
 *   log.title: ...       log.00: ... log.09: ...
 *
 * with trailing blanks removed, for the test script to grep.  Exit status 2
 * if the file cannot be read or its size is not the layout's for NPANES.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <SDL.h>
#include "window/font.h"
#include "window/layout.h"

#define MAX_LINE 400

static uint32_t pixel(const SDL_Surface *s, int x, int y)
{
    return ((const uint32_t *)((const uint8_t *)s->pixels + y * s->pitch))[x] & 0xFFFFFFu;
}

/* The cell's most common colour. */
static uint32_t background(const SDL_Surface *s, int x0, int y0)
{
    uint32_t colour[FONT_W * FONT_H];
    unsigned count[FONT_W * FONT_H], n = 0, best = 0;
    for (int y = 0; y < FONT_H; y++)
        for (int x = 0; x < FONT_W; x++) {
            uint32_t c = pixel(s, x0 + x, y0 + y);
            unsigned i = 0;
            while (i < n && colour[i] != c)
                i++;
            if (i == n) {
                colour[n] = c;
                count[n++] = 0;
            }
            if (++count[i] > count[best])
                best = i;
        }
    return colour[best];
}

static char read_cell(const SDL_Surface *s, int x0, int y0)
{
    uint32_t bg = background(s, x0, y0);
    uint8_t rows[FONT_H];
    uint32_t fg = bg;
    for (int y = 0; y < FONT_H; y++) {
        rows[y] = 0;
        for (int x = 0; x < FONT_W; x++) {
            uint32_t c = pixel(s, x0 + x, y0 + y);
            if (c == bg)
                continue;
            if (fg != bg && c != fg)
                return '?';                 /* a third colour: not text */
            fg = c;
            rows[y] |= (uint8_t)(0x80 >> x);
        }
    }
    for (unsigned c = 0x20; c < 0x7F; c++)
        if (memcmp(rows, font_glyphs[c], FONT_H) == 0)
            return (char)c;
    return '?';
}

static void print_row(const SDL_Surface *s, const char *name, int x, int y,
                      unsigned cols)
{
    char line[MAX_LINE + 1];
    unsigned n = 0, end = 0;
    for (unsigned c = 0; c < cols && c < MAX_LINE; c++) {
        line[n] = read_cell(s, x + (int)c * FONT_W, y);
        if (line[n++] != ' ')
            end = n;
    }
    line[end] = '\0';
    printf("%s: %s\n", name, line);
}

static void print_pane(const SDL_Surface *s, const struct layout *l, unsigned i)
{
    const struct pane_rects *p = &l->pane[i];
    char name[32];
    snprintf(name, sizeof name, "pane%u.title", i + 1);
    print_row(s, name, p->title.x, p->title.y, GRID_COLS);
    for (int r = 0; r < GRID_ROWS; r++) {
        snprintf(name, sizeof name, "pane%u.%02d", i + 1, r);
        print_row(s, name, p->text.x, p->text.y + r * FONT_H, GRID_COLS);
    }
    for (int r = 0; r < LAYOUT_STATUS_ROWS; r++) {
        snprintf(name, sizeof name, "pane%u.status%d", i + 1, r);
        print_row(s, name, p->status.x, p->status.y + r * FONT_H, GRID_COLS);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: shotread SHOT.bmp NPANES\n");
        return 2;
    }
    struct layout l;
    layout_compute(&l, (unsigned)atoi(argv[2]));
    SDL_Surface *raw = SDL_LoadBMP(argv[1]);
    SDL_Surface *s = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
    if (s == NULL) {
        fprintf(stderr, "shotread: %s: %s\n", argv[1], SDL_GetError());
        return 2;
    }
    if (s->w != l.width || s->h != l.height) {
        fprintf(stderr, "shotread: %s is %dx%d, the layout of %s panes is %dx%d\n",
                argv[1], s->w, s->h, argv[2], l.width, l.height);
        return 2;
    }
    for (unsigned i = 0; i < l.npanes; i++)
        print_pane(s, &l, i);
    print_row(s, "log.title", l.log_title.x, l.log_title.y, l.log_cols);
    for (int r = 0; r < LAYOUT_LOG_ROWS; r++) {
        char name[16];
        snprintf(name, sizeof name, "log.%02d", r);
        print_row(s, name, l.log_text.x, l.log_text.y + r * FONT_H, l.log_cols);
    }
    SDL_FreeSurface(s);
    SDL_FreeSurface(raw);
    return 0;
}
