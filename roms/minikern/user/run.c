/*
 * run -- run a list of programs, one after the other: the first process
 * when minikern boots with run=LIST (main.c).
 *
 *   run "hello,counter,memtouch 64"
 *
 * Programs are separated by commas, arguments by spaces.  For each one it
 * prints "run: <command>", runs it, waits for it and prints how it ended.
 * Then it exits with status 0, and the kernel powers off.
 */
#include "ulib.h"

static void run_one(char *command)
{
    char *argv[MAXARGS + 1];

    printf("run: %s\n", command);
    int argc = split(command, argv, MAXARGS + 1, " ");
    if (argc == 0)
        return;
    int pid = spawn(argv[0], argv);
    if (pid < 0) {
        printf("run: %s: %s\n", argv[0], errstr(pid));
        return;
    }
    int status, done;
    while ((done = wait(&status)) >= 0 && done != pid)
        ;                               /* an orphan handed to us: ignore */
    if (status == STATUS_KILLED)
        printf("run: %s was killed\n", argv[0]);
    else
        printf("run: %s exited with status %d\n", argv[0], status);
}

int main(int argc, char *argv[])
{
    char *commands[32];

    if (argc < 2) {
        printf("usage: run \"prog args,prog args,...\"\n");
        return 1;
    }
    int n = split(argv[1], commands, 32, ",");
    for (int i = 0; i < n; i++)
        run_one(commands[i]);
    return 0;
}
