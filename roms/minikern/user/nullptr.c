/*
 * nullptr -- read address 0.  It is a user address, but nothing is
 * mapped there: the refill handler finds no page table, and the kernel
 * kills us with TLBL.
 */
#include "ulib.h"

int main(void)
{
    printf("nullptr: reading address 0\n");
    volatile uint32_t *null = (uint32_t *)0;
    uint32_t v = *null;
    printf("nullptr: read %08x -- this is wrong\n", v);
    return 1;
}
