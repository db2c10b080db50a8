/*
 * sysbench [N] -- a storm of system calls: N getpid() calls (default
 * 100000).  Each one is a full round trip through the kernel: exception,
 * save all registers, dispatch, restore, eret.
 */
#include "ulib.h"

int main(int argc, char *argv[])
{
    int n = argc > 1 ? atoi(argv[1]) : 100000;
    int me = getpid(), same = 0;
    for (int i = 0; i < n; i++)
        if (getpid() == me)
            same++;
    printf("sysbench: %d getpid calls, %d returned %d\n", n, same, me);
    return same == n ? 0 : 1;
}
