/*
 * keymap.c -- key tables (see keymap.h).  Two small tables say it all:
 * the window's own keys, and the special keys that become bytes.
 */
#include "keymap.h"

#define CTRL_CODE(c) ((uint8_t)((c) & 0x1F))

static const struct {
    SDL_Keycode sym;
    enum key_action action;
    unsigned arg;
} window_keys[] = {
    { SDLK_F1, KEY_FOCUS, 1 },
    { SDLK_F2, KEY_FOCUS, 2 },
    { SDLK_F3, KEY_FOCUS, 3 },
    { SDLK_F4, KEY_FOCUS, 4 },
    { SDLK_F5, KEY_PAUSE, 0 },
    { SDLK_F10, KEY_STEP, 0 },
    { SDLK_F12, KEY_SCREENSHOT, 0 },
};

static const struct {
    SDL_Keycode sym;
    uint8_t byte;
} special_keys[] = {
    { SDLK_RETURN, '\n' },
    { SDLK_KP_ENTER, '\n' },
    { SDLK_BACKSPACE, 0x7F },
    { SDLK_TAB, '\t' },
    { SDLK_ESCAPE, 0x1B },
};

enum key_action keymap_action(SDL_Keycode sym, uint16_t mod, unsigned *arg)
{
    if (mod & (KMOD_CTRL | KMOD_ALT | KMOD_SHIFT | KMOD_GUI))
        return KEY_NONE;
    for (size_t i = 0; i < sizeof window_keys / sizeof window_keys[0]; i++)
        if (window_keys[i].sym == sym) {
            *arg = window_keys[i].arg;
            return window_keys[i].action;
        }
    return KEY_NONE;
}

size_t keymap_key_bytes(SDL_Keycode sym, uint16_t mod, uint8_t out[2])
{
    for (size_t i = 0; i < sizeof special_keys / sizeof special_keys[0]; i++)
        if (special_keys[i].sym == sym) {
            out[0] = special_keys[i].byte;
            return 1;
        }
    /* Ctrl+letter, and Ctrl+@ [ \ ] ^ _ : the codes 0x00..0x1F */
    if ((mod & KMOD_CTRL) && !(mod & (KMOD_ALT | KMOD_GUI))) {
        if (sym >= SDLK_a && sym <= SDLK_z) {
            out[0] = CTRL_CODE(sym);
            return 1;
        }
        if (sym == SDLK_LEFTBRACKET || sym == SDLK_BACKSLASH ||
            sym == SDLK_RIGHTBRACKET || sym == SDLK_SPACE) {
            out[0] = sym == SDLK_SPACE ? 0 : CTRL_CODE(sym);
            return 1;
        }
    }
    return 0;
}

size_t keymap_text_bytes(const char *utf8, uint8_t *out, size_t cap)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)utf8; *p && n < cap; p++)
        if (*p >= 0x20 && *p < 0x7F)
            out[n++] = *p;
    return n;
}
