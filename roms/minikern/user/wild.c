/*
 * wild -- read a kernel address (the exception vector at 0x80000000).
 * User mode may only use kuseg: the CPU raises an address error.
 */
#include "ulib.h"

int main(void)
{
    printf("wild: reading 0x80000000\n");
    volatile uint32_t *kernel = (uint32_t *)0x80000000;
    uint32_t v = *kernel;
    printf("wild: read %08x -- this is wrong\n", v);
    return 1;
}
