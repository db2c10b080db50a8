/*
 * shot.c -- screenshots of the canvas, for tests and for the docs.
 *
 * The pixels are read back from the renderer (SDL_RenderReadPixels on the
 * canvas texture), so a screenshot is exactly what the window draws, at
 * the layout's own size whatever the window's size, and it needs no X
 * tool.  Files are TRAPEZE_SCREENSHOT-1.bmp, -2.bmp ... in order; each
 * saved file is announced on stderr, which a test can wait for.
 */
#include <stdio.h>
#include "window.h"
#include "window_internal.h"

bool window_screenshot(struct window *w, struct target *t)
{
    if (w->shot_prefix == NULL)
        return false;
    w->slow_next = 0;                   /* rates and trap log as of now */
    window_refresh(w, t);
    draw_dirty(w);                      /* everything the canvas owes */
    SDL_SetRenderTarget(w->ren, w->canvas);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w->lay.width, w->lay.height,
                                                    32, SDL_PIXELFORMAT_ARGB8888);
    char path[4096];
    snprintf(path, sizeof path, "%s-%u.bmp", w->shot_prefix, ++w->shots);
    bool ok = s != NULL &&
              SDL_RenderReadPixels(w->ren, NULL, SDL_PIXELFORMAT_ARGB8888,
                                   s->pixels, s->pitch) == 0 &&
              SDL_SaveBMP(s, path) == 0;
    if (s)
        SDL_FreeSurface(s);
    fprintf(stderr, ok ? "trapeze: screenshot %s\n"
                       : "trapeze: screenshot %s: cannot save it\n", path);
    return ok;
}

bool window_shot_due(struct window *w, struct target *t)
{
    if (target_time(t) < w->shot_at)
        return false;
    w->shot_at = UINT64_MAX;            /* once */
    window_screenshot(w, t);
    return true;
}
