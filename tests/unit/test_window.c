/*
 * test_window.c -- the window's parts that need no display: the text grid
 * (control codes, wrapping, scrolling, escape sequences, hostile bytes),
 * the layout (grids of panes, hit tests, fitting into a resized window),
 * the key tables, the status-line rates, and the compiled-in font.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "window/font.h"
#include "window/keymap.h"
#include "window/layout.h"
#include "window/rates.h"
#include "window/textgrid.h"

static void put(struct textgrid *g, const char *s)
{
    while (*s)
        grid_putc(g, (uint8_t)*s++);
}

static void assert_row(const struct textgrid *g, unsigned r, const char *want)
{
    char buf[GRID_COLS + 1];
    grid_row_text(g, r, buf);
    assert_string_equal(buf, want);
}

static void grid_prints_and_moves(void **state)
{
    (void)state;
    struct textgrid g;
    grid_init(&g);
    assert_int_equal(grid_take_dirty(&g), (1u << GRID_ROWS) - 1);
    put(&g, "hello\r\nworld");
    assert_row(&g, 0, "hello");
    assert_row(&g, 1, "world");
    assert_int_equal(g.row, 1);
    assert_int_equal(g.col, 5);
    assert_int_equal(grid_take_dirty(&g), 0x3);
    assert_int_equal(grid_take_dirty(&g), 0);
    put(&g, "\b \b\bX");               /* minikern's erase, then overwrite */
    assert_row(&g, 1, "worX");
    put(&g, "\rA");
    assert_row(&g, 1, "AorX");
    put(&g, "\tB");
    assert_row(&g, 1, "AorX    B");
    put(&g, "\a\x01\x7f");               /* ignored */
    assert_row(&g, 1, "AorX    B");
    assert_int_equal(grid_take_dirty(&g), 0x2);
}

static void grid_wraps_and_scrolls(void **state)
{
    (void)state;
    struct textgrid g;
    grid_init(&g);
    for (int i = 0; i < GRID_COLS; i++)
        grid_putc(&g, 'a' + i % 26);
    assert_int_equal(g.row, 0);          /* the wrap waits for the next byte */
    assert_int_equal(g.col, GRID_COLS - 1);
    put(&g, "Z");
    assert_int_equal(g.row, 1);
    assert_row(&g, 1, "Z");
    /* a newline right after a full line wraps once, not twice */
    grid_init(&g);
    for (int i = 0; i < GRID_COLS; i++)
        grid_putc(&g, 'x');
    put(&g, "\r\nnext");
    assert_row(&g, 1, "next");
    /* scrolling */
    grid_init(&g);
    char line[16];
    for (int i = 0; i < GRID_ROWS + 3; i++) {
        snprintf(line, sizeof line, "line %d\r\n", i);
        put(&g, line);
    }
    assert_row(&g, 0, "line 4");
    assert_row(&g, GRID_ROWS - 2, "line 27");
    assert_row(&g, GRID_ROWS - 1, "");
    assert_int_equal(g.row, GRID_ROWS - 1);
}

static void grid_swallows_escapes(void **state)
{
    (void)state;
    struct textgrid g;
    grid_init(&g);
    put(&g, "a\x1b[1;31mred\x1b[0m b");
    assert_row(&g, 0, "ared b");
    put(&g, "\x1b[2J\x1b[Htop");
    assert_row(&g, 0, "top");
    /* an endless escape sequence gives up, it does not eat the console */
    grid_init(&g);
    grid_putc(&g, 0x1b);
    grid_putc(&g, '[');
    for (int i = 0; i < 1000; i++)
        grid_putc(&g, ';');
    put(&g, "ok");                       /* the rest printed; ok follows it */
    assert_int_equal(g.cell[g.row][g.col - 2], 'o');
    assert_int_equal(g.cell[g.row][g.col - 1], 'k');
    assert_int_equal(g.cell[0][0], ';');
}

static void grid_survives_any_bytes(void **state)
{
    (void)state;
    struct textgrid g;
    grid_init(&g);
    uint32_t x = 12345;
    for (int i = 0; i < 200000; i++) {
        x = x * 1103515245u + 12345u;
        grid_putc(&g, (uint8_t)(x >> 16));
        assert_true(g.row < GRID_ROWS);
        assert_true(g.col < GRID_COLS);
        assert_true(g.csi_len <= GRID_CSI_MAX);
    }
}

static void layout_grids(void **state)
{
    (void)state;
    static const struct { unsigned n, cols, rows; } want[] = {
        { 0, 1, 1 }, { 1, 1, 1 }, { 2, 2, 1 }, { 3, 2, 2 }, { 4, 2, 2 },
        { 5, 3, 2 }, { 8, 3, 3 }, { 99, 3, 3 },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        struct layout l;
        layout_compute(&l, want[i].n);
        assert_int_equal(l.cols, want[i].cols);
        assert_int_equal(l.rows, want[i].rows);
        /* every pane's text area is exactly 80x25 cells, inside the canvas,
         * and no two panes overlap */
        for (unsigned p = 0; p < l.npanes; p++) {
            struct rect t = l.pane[p].text;
            assert_int_equal(t.w, GRID_COLS * FONT_W);
            assert_int_equal(t.h, GRID_ROWS * FONT_H);
            assert_true(l.pane[p].outer.x + l.pane[p].outer.w <= l.width);
            assert_true(l.log_outer.y >= l.pane[p].outer.y + l.pane[p].outer.h);
            assert_int_equal(layout_pane_at(&l, t.x + 1, t.y + 1), p + 1);
            assert_int_equal(layout_pane_at(&l, t.x + t.w - 1, t.y + t.h - 1), p + 1);
        }
        assert_true(l.log_outer.y + l.log_outer.h <= l.height);
        assert_int_equal(layout_pane_at(&l, 0, 0), 0);
        assert_int_equal(layout_pane_at(&l, l.log_text.x, l.log_text.y), 0);
    }
    struct layout two;
    layout_compute(&two, 2);
    assert_true(two.pane[1].outer.x > two.pane[0].outer.x);   /* side by side */
    assert_int_equal(two.pane[1].outer.y, two.pane[0].outer.y);
    struct layout four;
    layout_compute(&four, 4);
    assert_int_equal(four.pane[2].outer.x, four.pane[0].outer.x);  /* 2x2 */
    assert_true(four.pane[2].outer.y > four.pane[0].outer.y);
}

static void layout_fits_any_window(void **state)
{
    (void)state;
    struct layout l;
    layout_compute(&l, 2);
    struct rect f = layout_fit(&l, l.width, l.height);     /* 1:1 */
    assert_int_equal(f.x, 0);
    assert_int_equal(f.w, l.width);
    assert_int_equal(f.h, l.height);
    f = layout_fit(&l, l.width * 2, l.height);             /* too wide */
    assert_int_equal(f.h, l.height);
    assert_int_equal(f.w, l.width);
    assert_int_equal(f.x, l.width / 2);
    f = layout_fit(&l, l.width / 2, l.height * 3);         /* too tall */
    assert_int_equal(f.w, l.width / 2);
    assert_true(f.y > 0);
    f = layout_fit(&l, 0, -5);                             /* degenerate */
    assert_int_equal(f.w, 1);
    /* a click in a half-size window lands in the same pane */
    int cx, cy;
    struct rect t = l.pane[1].text;
    assert_true(layout_window_to_canvas(&l, l.width / 2, l.height / 2,
                                        (t.x + 40) / 2, (t.y + 40) / 2, &cx, &cy));
    assert_int_equal(layout_pane_at(&l, cx, cy), 2);
    assert_false(layout_window_to_canvas(&l, l.width, l.height * 2, 5, 1, &cx, &cy));
}

static void keys_match_the_terminal(void **state)
{
    (void)state;
    uint8_t b[2];
    unsigned arg = 0;
    assert_int_equal(keymap_key_bytes(SDLK_RETURN, 0, b), 1);
    assert_int_equal(b[0], '\n');
    assert_int_equal(keymap_key_bytes(SDLK_BACKSPACE, 0, b), 1);
    assert_int_equal(b[0], 0x7F);
    assert_int_equal(keymap_key_bytes(SDLK_d, KMOD_LCTRL, b), 1);
    assert_int_equal(b[0], 4);
    assert_int_equal(keymap_key_bytes(SDLK_u, KMOD_RCTRL, b), 1);
    assert_int_equal(b[0], 0x15);
    assert_int_equal(keymap_key_bytes(SDLK_a, 0, b), 0);   /* text event's job */
    assert_int_equal(keymap_action(SDLK_F2, 0, &arg), KEY_FOCUS);
    assert_int_equal(arg, 2);
    assert_int_equal(keymap_action(SDLK_F5, 0, &arg), KEY_PAUSE);
    assert_int_equal(keymap_action(SDLK_F10, 0, &arg), KEY_STEP);
    assert_int_equal(keymap_action(SDLK_F12, 0, &arg), KEY_SCREENSHOT);
    assert_int_equal(keymap_action(SDLK_F2, KMOD_LCTRL, &arg), KEY_NONE);
    assert_int_equal(keymap_action(SDLK_a, 0, &arg), KEY_NONE);
    uint8_t t[8];
    assert_int_equal(keymap_text_bytes("h\xc3\xa9!", t, sizeof t), 2);
    assert_memory_equal(t, "h!", 2);
    assert_int_equal(keymap_text_bytes("abcdef", t, 3), 3);
}

static void rates_and_bars(void **state)
{
    (void)state;
    struct pane_rates r;
    memset(&r, 0, sizeof r);
    uint64_t traps[TRAP_NKINDS] = { 0 };
    assert_true(rates_sample(&r, 10.0, 1000, traps));
    traps[TRAP_PRIV] = 500;
    assert_false(rates_sample(&r, 10.1, 2000, traps));   /* too soon */
    assert_true(rates_sample(&r, 11.0, 5001000, traps));
    assert_true(r.mips > 4.99 && r.mips < 5.01);
    assert_true(r.traps_per_s[TRAP_PRIV] > 499 && r.traps_per_s[TRAP_PRIV] < 501);
    assert_true(r.all_traps_per_s > 499 && r.all_traps_per_s < 501);
    assert_true(rates_sample(&r, 12.0, 5001000, NULL));  /* the bare machine */
    assert_true(r.mips == 0);
    assert_int_equal(rates_bar_px(0, 30), 0);
    assert_int_equal(rates_bar_px(0.01, 30), 1);
    assert_int_equal(rates_bar_px(1e9, 30), 30);
    assert_true(rates_bar_px(100, 30) < rates_bar_px(10000, 30));
    assert_string_equal(rates_label(TRAP_SHADOW_FILL), "fill");
}

static void font_is_compiled_in(void **state)
{
    (void)state;
    /* 'H' has two vertical strokes: pixels lit at both sides, somewhere */
    bool left = false, right = false, any_blank = true;
    for (unsigned y = 0; y < FONT_H; y++) {
        left |= font_pixel('H', 1, y);
        right |= font_pixel('H', 6, y);
        for (unsigned x = 0; x < FONT_W; x++)
            any_blank &= !font_pixel(' ', x, y) && !font_pixel('\n', x, y);
    }
    assert_true(left && right && any_blank);
    /* every printable ASCII glyph is distinct, so a screenshot can be read */
    for (unsigned a = 0x21; a < 0x7F; a++)
        for (unsigned b = a + 1; b < 0x7F; b++)
            assert_true(memcmp(font_glyphs[a], font_glyphs[b], FONT_H) != 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grid_prints_and_moves),
        cmocka_unit_test(grid_wraps_and_scrolls),
        cmocka_unit_test(grid_swallows_escapes),
        cmocka_unit_test(grid_survives_any_bytes),
        cmocka_unit_test(layout_grids),
        cmocka_unit_test(layout_fits_any_window),
        cmocka_unit_test(keys_match_the_terminal),
        cmocka_unit_test(rates_and_bars),
        cmocka_unit_test(font_is_compiled_in),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
