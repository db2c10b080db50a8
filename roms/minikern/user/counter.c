/*
 * counter [N] -- a CPU-bound loop: N rounds (default 300000) of a
 * pseudo-random recurrence, then the checksum.  It never makes a system
 * call while it counts, so only the timer interrupt takes the CPU away
 * from it: run two at once (`counter &`) to watch round robin.
 */
#include "ulib.h"

int main(int argc, char *argv[])
{
    int n = argc > 1 ? atoi(argv[1]) : 300000;
    uint32_t x = 12345;
    for (int i = 0; i < n; i++)
        x = x * 1103515245u + 12345u + (uint32_t)i;
    printf("counter (pid %d): %d rounds, checksum %08x\n", getpid(), n, x);
    return 0;
}
