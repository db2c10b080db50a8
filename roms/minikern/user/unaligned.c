/*
 * unaligned -- load a word from an address that is not a multiple of 4:
 * Address Error.
 */
#include "ulib.h"

static uint32_t words[2];

int main(void)
{
    uint32_t v;
    printf("unaligned: loading a word from %p\n", (void *)((char *)words + 1));
    __asm__ volatile("lw %0, 1(%1)" : "=r"(v) : "r"(words));
    printf("unaligned: read %08x -- this is wrong\n", v);
    return 1;
}
