/*
 * keymap.h -- SDL keyboard events to what they mean: bytes for the focused
 * guest, or one of the window's own keys.
 *
 * The bytes are those the terminal sends in the headless run (hostio.c
 * leaves the tty's ICRNL on): Enter is '\n', Backspace is DEL (0x7F), Tab
 * is '\t', Escape is 0x1B, Ctrl+letter is its control code (Ctrl-C too:
 * in the window it goes to the guest; the terminal's Ctrl-C still stops
 * trapeze).  Printable characters come from SDL's text-input events, so
 * the keyboard layout is the host's; only ASCII reaches the guest.
 *
 * The window's keys:
 *   F1..F4  focus pane 1..4 (a click focuses any pane)
 *   F5      pause / continue
 *   F10     step one instruction of the focused guest (while paused)
 *   F12     save a screenshot (TRAPEZE_SCREENSHOT, docs/window.md)
 */
#ifndef TRAPEZE_WINDOW_KEYMAP_H
#define TRAPEZE_WINDOW_KEYMAP_H

#include <stddef.h>
#include <stdint.h>
#include <SDL.h>

enum key_action {
    KEY_NONE = 0,     /* not one of the window's keys */
    KEY_FOCUS,        /* arg: the pane, 1-based */
    KEY_PAUSE,
    KEY_STEP,
    KEY_SCREENSHOT,
};

enum key_action keymap_action(SDL_Keycode sym, uint16_t mod, unsigned *arg);
/* Bytes for a key that produces no text event (Enter, Ctrl+x, ...):
 * returns how many were written to out[0..1]. */
size_t keymap_key_bytes(SDL_Keycode sym, uint16_t mod, uint8_t out[2]);
/* The ASCII bytes of a text-input event's UTF-8; others are dropped. */
size_t keymap_text_bytes(const char *utf8, uint8_t *out, size_t cap);

#endif
