/*
 * idle [TICKS] [quiet] -- sleep for TICKS timer ticks (default 3).  While
 * every process sleeps, the kernel idles in `wait`.
 */
#include "ulib.h"

int main(int argc, char *argv[])
{
    int n = argc > 1 ? atoi(argv[1]) : 3;
    int start = uptime();
    sleep(n);
    int slept = uptime() - start;
    if (argc > 2)
        return slept >= n ? 0 : 1;
    printf("idle (pid %d): slept %d ticks, %s\n", getpid(), n,
           slept >= n ? "ok" : "woke too early");
    return 0;
}
