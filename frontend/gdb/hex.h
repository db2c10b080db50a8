/*
 * hex.h -- the hex numbers and hex-encoded bytes of GDB packets.
 *
 * Every number in a packet is hex text of any length, so parsing is strict:
 * a parser consumes digits from a cursor, refuses a number with no digits
 * or one that overflows 64 bits, and the caller checks what follows.  That
 * is where malformed packets are caught; nothing here can read past the
 * NUL at the end of a payload.
 */
#ifndef TRAPEZE_GDB_HEX_H
#define TRAPEZE_GDB_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int hex_digit(int c);            /* 0..15, or -1 if c is not a hex digit */
char hex_char(unsigned v);       /* the lowercase digit for v & 15 */

/* Parse a hex number at *p, advancing *p past it.  false: no digits, or
 * more than 16 significant digits. */
bool hex_u64(const char **p, uint64_t *v);
/* A guest address: 32 bits, or a 64-bit sign extension of one (GDB may
 * sign-extend kseg addresses).  false if it is neither. */
bool hex_addr(const char **p, uint32_t *addr);
/* Expect the character c at *p and step over it. */
bool expect_char(const char **p, char c);

/* n bytes as 2n hex digits (no NUL added). */
void hex_encode(const void *bytes, size_t n, char *out);
/* 2n hex digits into n bytes; false on a non-hex digit. */
bool hex_decode(const char *text, size_t n, void *bytes);
/* A 32-bit value as 8 hex digits in target (little-endian) byte order,
 * as registers travel in 'g' and 'p'. */
void hex_le32(uint32_t v, char *out);
bool unhex_le32(const char *text, uint32_t *v);

#endif
