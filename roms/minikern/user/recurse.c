/*
 * recurse -- recurse without end.  The stack is 16 KiB; the first push
 * below it touches an unmapped page, and the kernel kills us with TLBS.
 */
#include "ulib.h"

static volatile int bottom = -1;     /* never reached: n only grows */

static int depth(int n)
{
    volatile char frame[256];
    frame[0] = (char)n;
    if (n == bottom)
        return 0;
    return depth(n + 1) + frame[0];
}

int main(void)
{
    printf("recurse: recursing forever\n");
    return depth(0);
}
