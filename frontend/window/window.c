/*
 * window.c -- the window as a struct ui: opening it, console bytes into
 * the panes, and poll, which refreshes what the panes show, draws what
 * changed and handles the user's events (see window_internal.h).
 *
 * poll draws at most FRAME_SECONDS apart while the loop is running guests
 * (timeout 0), so a guest printing fast costs a few frames a second, not a
 * frame per byte; when the loop is about to wait (timeout > 0) everything
 * pending is shown first, then SDL_WaitEventTimeout sleeps until an event
 * or the timeout, using no CPU.  A loop that polls with timeout 0 after
 * every short slice is answered at once, without looking at SDL, unless
 * LOOK_SECONDS have passed: asking the X server for events a thousand
 * times a second would cost more than idle guests do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hostio.h"
#include "keymap.h"
#include "window.h"
#include "window_internal.h"

bool window_display_available(void)
{
    const char *x = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
    if ((x == NULL || !*x) && (wl == NULL || !*wl))
        return false;
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
        return false;
    /* SDL falls back on its "offscreen" driver when the display cannot be
     * reached: that is no window anybody could see */
    const char *driver = SDL_GetCurrentVideoDriver();
    bool real = driver && (strcmp(driver, "x11") == 0 || strcmp(driver, "wayland") == 0);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    return real;
}

static void set_kernel_name(struct pane *p, const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    snprintf(p->kernel, sizeof p->kernel, "%s", slash ? slash + 1 : path ? path : "?");
}

/* ---- struct ui ---------------------------------------------------------- */

static void ui_console_out(struct ui *ui, unsigned vm, uint8_t byte)
{
    struct window *w = window_of(ui);
    if (vm >= 1 && vm <= w->npanes)
        grid_putc(&w->pane[vm - 1].grid, byte);
}

static unsigned ui_focus(struct ui *ui)
{
    return window_of(ui)->focus;
}

static void ui_set_paused(struct ui *ui, bool paused)
{
    struct window *w = window_of(ui);
    if (w->paused == paused)
        return;
    w->paused = paused;
    for (unsigned i = 0; i < w->npanes; i++)
        w->pane[i].title_dirty = true;
    w->log_dirty = true;
}

static void set_focus(struct window *w, unsigned vm)
{
    if (vm < 1 || vm > w->npanes || vm == w->focus)
        return;
    w->pane[w->focus - 1].title_dirty = true;   /* loses the highlight */
    w->focus = vm;
    w->pane[vm - 1].title_dirty = true;
    w->log_dirty = true;
    w->slow_next = 0;                   /* gather the new VM's log at once */
}

static void refresh_state(struct pane *p, struct target *t, unsigned vm)
{
    enum vm_state s = target_state(t, vm);
    if (s == p->state)
        return;
    p->state = s;
    const char *why = s == VM_STOPPED ? target_reason(t, vm) : "";
    snprintf(p->reason, sizeof p->reason, "%s", why ? why : "");
    p->title_dirty = true;
}

static void refresh_rates(struct pane *p, struct target *t, unsigned vm,
                          double now)
{
    struct monitor *m = target_monitor(t);
    struct vm_stats st;
    uint64_t insns = target_time(t);
    if (m) {
        monitor_vm_stats(m, vm, &st);
        insns = st.insns_kernel + st.insns_super + st.insns_user;
    }
    if (rates_sample(&p->rates, now, insns, m ? st.traps : NULL))
        p->status_dirty = true;
}

/* States at every look; rates and the trap log on the slow clock
 * (RATE_PERIOD), together, so an idle window presents twice a second. */
void window_refresh(struct window *w, struct target *t)
{
    for (unsigned i = 0; i < w->npanes; i++)
        refresh_state(&w->pane[i], t, i + 1);
    double now = host_seconds();
    if (now < w->slow_next)
        return;
    w->slow_next = now + RATE_PERIOD;
    for (unsigned i = 0; i < w->npanes; i++)
        refresh_rates(&w->pane[i], t, i + 1, now);
    struct monitor *m = target_monitor(t);
    if (m && tracelog_update(&w->log, m, w->focus))
        w->log_dirty = true;
}

static unsigned key_down(struct window *w, struct target *t,
                         const SDL_KeyboardEvent *k)
{
    unsigned arg = 0;
    uint8_t bytes[2];
    switch (keymap_action(k->keysym.sym, k->keysym.mod, &arg)) {
    case KEY_FOCUS:
        set_focus(w, arg);
        return 0;
    case KEY_PAUSE:
        return w->paused ? UI_RESUME : UI_PAUSE;
    case KEY_STEP:
        return UI_STEP;
    case KEY_SCREENSHOT:
        window_screenshot(w, t);
        return 0;
    case KEY_NONE:
        break;
    }
    size_t n = keymap_key_bytes(k->keysym.sym, k->keysym.mod, bytes);
    for (size_t i = 0; i < n; i++)
        target_console_in(t, w->focus, bytes[i]);
    return n ? UI_INPUT : 0;
}

static unsigned text_input(struct window *w, struct target *t, const char *utf8)
{
    uint8_t bytes[SDL_TEXTINPUTEVENT_TEXT_SIZE];
    size_t n = keymap_text_bytes(utf8, bytes, sizeof bytes);
    for (size_t i = 0; i < n; i++)
        target_console_in(t, w->focus, bytes[i]);
    return n ? UI_INPUT : 0;
}

static void click(struct window *w, int x, int y)
{
    int ww, wh, cx, cy;
    SDL_GetWindowSize(w->win, &ww, &wh);
    /* mouse coordinates are in window units; the renderer's output may be
     * larger on high-DPI screens, but the fit is the same proportionally */
    if (layout_window_to_canvas(&w->lay, ww, wh, x, y, &cx, &cy))
        set_focus(w, layout_pane_at(&w->lay, cx, cy));
}

static unsigned window_event(struct window *w, const SDL_WindowEvent *e)
{
    switch (e->event) {
    case SDL_WINDOWEVENT_CLOSE:
        return UI_QUIT;
    case SDL_WINDOWEVENT_EXPOSED:
    case SDL_WINDOWEVENT_SIZE_CHANGED:
    case SDL_WINDOWEVENT_RESTORED:
        w->present_pending = true;
        return 0;
    default:
        return 0;
    }
}

static unsigned one_event(struct window *w, struct target *t, const SDL_Event *e)
{
    switch (e->type) {
    case SDL_QUIT:
        return UI_QUIT;
    case SDL_WINDOWEVENT:
        return window_event(w, &e->window);
    case SDL_KEYDOWN:
        return key_down(w, t, &e->key);
    case SDL_TEXTINPUT:
        return text_input(w, t, e->text.text);
    case SDL_MOUSEBUTTONDOWN:
        click(w, e->button.x, e->button.y);
        return 0;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        w->all_dirty = true;
        return 0;
    default:
        return 0;
    }
}

static void show(struct window *w, bool now_anyway)
{
    double now = host_seconds();
    if (!now_anyway && now - w->last_present < FRAME_SECONDS)
        return;
    draw_dirty(w);
    if (w->present_pending) {
        draw_present(w);
        w->last_present = now;
    }
}

static unsigned ui_poll(struct ui *ui, struct target *t, int timeout_ms)
{
    struct window *w = window_of(ui);
    double now = host_seconds();
    if (timeout_ms == 0 && now - w->last_look < LOOK_SECONDS)
        return 0;                       /* looked a moment ago: not again yet */
    w->last_look = now;
    window_refresh(w, t);
    show(w, timeout_ms != 0);
    unsigned what = 0;
    SDL_Event e;
    bool got = timeout_ms != 0 ? SDL_WaitEventTimeout(&e, timeout_ms < 0 ? -1 : timeout_ms)
                               : SDL_PollEvent(&e);
    while (got) {
        what |= one_event(w, t, &e);
        got = SDL_PollEvent(&e);
    }
    show(w, what != 0 || timeout_ms != 0);
    return what;
}

/* ---- opening and closing ---------------------------------------------- */

static void window_size(const struct layout *l, int *ww, int *wh)
{
    SDL_Rect usable;
    *ww = l->width;
    *wh = l->height;
    if (SDL_GetDisplayUsableBounds(0, &usable) != 0 || usable.w <= 0 || usable.h <= 0)
        return;
    struct rect f = layout_fit(l, usable.w * 95 / 100, usable.h * 95 / 100);
    if (f.w < *ww) {
        *ww = f.w;
        *wh = f.h;
    }
}

static bool open_sdl(struct window *w, char *err, size_t errlen)
{
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
        return false;
    }
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
    int ww, wh;
    window_size(&w->lay, &ww, &wh);
    w->win = SDL_CreateWindow("trapeze", SDL_WINDOWPOS_CENTERED,
                              SDL_WINDOWPOS_CENTERED, ww, wh, SDL_WINDOW_RESIZABLE);
    if (w->win)
        w->ren = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_TARGETTEXTURE);
    if (w->ren)
        w->canvas = SDL_CreateTexture(w->ren, SDL_PIXELFORMAT_ARGB8888,
                                      SDL_TEXTUREACCESS_TARGET, w->lay.width,
                                      w->lay.height);
    if (w->canvas == NULL || !draw_init(w)) {
        snprintf(err, errlen, "cannot open a window: %s", SDL_GetError());
        return false;
    }
    SDL_SetWindowMinimumSize(w->win, 160, 100);
    SDL_StartTextInput();
    return true;
}

static void read_shot_env(struct window *w)
{
    const char *prefix = getenv("TRAPEZE_SCREENSHOT");
    const char *at = getenv("TRAPEZE_SCREENSHOT_AT");
    w->shot_prefix = prefix && *prefix ? prefix : NULL;
    w->shot_at = UINT64_MAX;
    uint64_t n;
    if (w->shot_prefix && at && cli_parse_u64(at, 0, UINT64_MAX - 1, &n))
        w->shot_at = n;
}

struct window *window_new(const struct run_options *o, char *err, size_t errlen)
{
    struct window *w = calloc(1, sizeof *w);
    if (w == NULL) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    w->bare = o->nvms == 0;
    w->npanes = w->bare ? 1 : o->nvms;
    if (w->npanes > LAYOUT_MAX_PANES)
        w->npanes = LAYOUT_MAX_PANES;
    w->focus = 1;
    layout_compute(&w->lay, w->npanes);
    for (unsigned i = 0; i < w->npanes; i++) {
        grid_init(&w->pane[i].grid);
        set_kernel_name(&w->pane[i], w->bare ? o->kernel : o->vms[i].kernel);
        w->pane[i].state = VM_RUNNING;
    }
    w->all_dirty = true;
    w->ui.console_out = ui_console_out;
    w->ui.poll = ui_poll;
    w->ui.focus = ui_focus;
    w->ui.set_paused = ui_set_paused;
    read_shot_env(w);
    if (!open_sdl(w, err, errlen)) {
        window_free(w);
        return NULL;
    }
    return w;
}

void window_free(struct window *w)
{
    if (w == NULL)
        return;
    if (w->glyphs)
        SDL_DestroyTexture(w->glyphs);
    if (w->canvas)
        SDL_DestroyTexture(w->canvas);
    if (w->ren)
        SDL_DestroyRenderer(w->ren);
    if (w->win)
        SDL_DestroyWindow(w->win);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    free(w);
}

struct ui *window_ui(struct window *w)
{
    return &w->ui;
}

uint64_t window_next_shot_at(const struct window *w)
{
    return w->shot_at;
}
