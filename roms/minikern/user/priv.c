/*
 * priv -- execute a privileged instruction (mtc0 Status) in user mode.
 * The CPU refuses with Coprocessor Unusable, and the kernel kills us.
 */
#include "ulib.h"

int main(void)
{
    printf("priv: writing Status with mtc0 in user mode\n");
    __asm__ volatile("mtc0 $zero, $12");
    printf("priv: still alive -- this is wrong\n");
    return 1;
}
