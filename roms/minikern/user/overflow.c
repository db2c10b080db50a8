/*
 * overflow -- `add` (not addu) of 0x7fffffff + 1: Integer Overflow.
 * C compilers use addu, which wraps silently; add traps.
 */
#include "ulib.h"

int main(void)
{
    int r;
    printf("overflow: adding 1 to 0x7fffffff with add\n");
    __asm__ volatile("li %0, 0x7fffffff\n\taddi %0, %0, 1" : "=r"(r));
    printf("overflow: got %d -- this is wrong\n", r);
    return 1;
}
