/*
 * hex.c -- hex text of GDB packets (see hex.h).
 */
#include "hex.h"

int hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char hex_char(unsigned v)
{
    return "0123456789abcdef"[v & 15];
}

bool hex_u64(const char **p, uint64_t *v)
{
    const char *s = *p;
    uint64_t x = 0;
    unsigned significant = 0;    /* digits after the leading zeros */
    int d;
    for (; (d = hex_digit((unsigned char)*s)) >= 0; s++) {
        if (significant > 0 || d > 0)
            significant++;
        if (significant > 16)
            return false;
        x = x << 4 | (uint64_t)d;
    }
    if (s == *p)
        return false;
    *p = s;
    *v = x;
    return true;
}

bool hex_addr(const char **p, uint32_t *addr)
{
    uint64_t v;
    if (!hex_u64(p, &v))
        return false;
    uint32_t high = (uint32_t)(v >> 32);
    uint32_t low = (uint32_t)v;
    if (high != 0 && !(high == 0xFFFFFFFFu && (low & 0x80000000u)))
        return false;
    *addr = low;
    return true;
}

bool expect_char(const char **p, char c)
{
    if (**p != c)
        return false;
    (*p)++;
    return true;
}

void hex_encode(const void *bytes, size_t n, char *out)
{
    const uint8_t *b = bytes;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex_char(b[i] >> 4);
        out[2 * i + 1] = hex_char(b[i]);
    }
}

bool hex_decode(const char *text, size_t n, void *bytes)
{
    uint8_t *b = bytes;
    for (size_t i = 0; i < n; i++) {
        int hi = hex_digit((unsigned char)text[2 * i]);
        if (hi < 0)
            return false;
        int lo = hex_digit((unsigned char)text[2 * i + 1]);
        if (lo < 0)
            return false;
        b[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

void hex_le32(uint32_t v, char *out)
{
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
                     (uint8_t)(v >> 24) };
    hex_encode(b, 4, out);
}

bool unhex_le32(const char *text, uint32_t *v)
{
    uint8_t b[4];
    if (!hex_decode(text, 4, b))
        return false;
    *v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
         (uint32_t)b[3] << 24;
    return true;
}
