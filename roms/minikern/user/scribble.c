/*
 * scribble -- write over our own code.  Program text is mapped read-only
 * (its TLB entries have D=0), so the store raises TLB Modified.
 */
#include "ulib.h"

int main(void)
{
    uint32_t *code = (uint32_t *)(uintptr_t)main;
    printf("scribble: writing to main at %p\n", (void *)code);
    __asm__ volatile("sw $zero, 0(%0)" :: "r"(code) : "memory");
    printf("scribble: still alive -- this is wrong\n");
    return 1;
}
