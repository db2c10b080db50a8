/*
 * font.h -- the window's 8x16 bitmap font, compiled in.
 *
 * font_glyphs is generated at build time (cmake/font.cmake, cmake/fontgen.c)
 * from a Debian console font, so no font file is read at run time.  It is
 * indexed by Latin-1 code point, which for 0x20..0x7E is ASCII: the bytes a
 * guest prints.  Control codes are blank.  Row r of glyph c is
 * font_glyphs[c][r]; bit 7 is the leftmost pixel.
 */
#ifndef TRAPEZE_WINDOW_FONT_H
#define TRAPEZE_WINDOW_FONT_H

#include <stdbool.h>
#include <stdint.h>

#define FONT_W 8
#define FONT_H 16

extern const uint8_t font_glyphs[256][FONT_H];

static inline bool font_pixel(uint8_t c, unsigned x, unsigned y)
{
    return x < FONT_W && y < FONT_H && (font_glyphs[c][y] >> (7 - x)) & 1;
}

#endif
