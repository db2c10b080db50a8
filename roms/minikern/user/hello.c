/*
 * hello -- the smallest program: say hello, with our pid and arguments.
 */
#include "ulib.h"

int main(int argc, char *argv[])
{
    printf("hello, world from pid %d", getpid());
    for (int i = 1; i < argc; i++)
        printf("%s %s", i == 1 ? ", args:" : "", argv[i]);
    printf("\n");
    return 0;
}
