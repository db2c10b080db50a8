/*
 * spawner -- fill the process table: spawn children (idle, sleeping a
 * few ticks) until spawn() fails, report why, then wait for all of them.
 */
#include "ulib.h"

int main(void)
{
    char *child[] = { "idle", "5", "quiet", NULL };
    int n = 0, err;

    while ((err = spawn("idle", child)) > 0)
        n++;
    printf("spawner: spawned %d children, then: %s\n", n, errstr(err));

    int reaped = 0, status;
    while (wait(&status) > 0)
        reaped++;
    printf("spawner: reaped %d children\n", reaped);
    return reaped == n ? 0 : 1;
}
