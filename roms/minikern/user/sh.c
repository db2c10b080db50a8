/*
 * sh -- the shell: read a line, run the program it names, wait for it.
 *
 *   $ hello a b        run hello with arguments a and b, wait for it
 *   $ counter &        run counter in the background
 *   $ help             list the programs
 *   $ exit [n]         leave the shell (if it is init: power off with n)
 *
 * Ctrl-D on an empty line also ends the shell.
 */
#include "ulib.h"

#define LINE 128

static void help(void)
{
    char name[PROGNAME_MAX];
    printf("builtins: help, exit [status]; append & to run in the background\n");
    printf("programs:");
    for (int i = 0; progname(i, name, sizeof name) == 0; i++)
        printf(" %s", name);
    printf("\n");
}

/* Wait for pid; report background children that finish meanwhile. */
static void wait_for(int pid, const char *name)
{
    for (;;) {
        int status;
        int done = wait(&status);
        if (done < 0)
            return;
        if (done == pid) {
            if (status != 0 && status != STATUS_KILLED)
                printf("sh: %s: exit status %d\n", name, status);
            return;
        }
        printf("[%d] done, status %d\n", done, status);
    }
}

int main(void)
{
    char line[LINE];
    char *argv[MAXARGS + 1];

    for (;;) {
        printf("$ ");
        int n = read(0, line, sizeof line - 1);
        if (n <= 0) {
            printf("\n");
            return 0;                   /* end of input */
        }
        line[n] = '\0';
        int argc = split(line, argv, MAXARGS + 1, " \t\n");
        int background = 0;
        if (argc > 0 && strcmp(argv[argc - 1], "&") == 0) {
            background = 1;
            argv[--argc] = NULL;
        }
        if (argc == 0)
            continue;

        if (strcmp(argv[0], "exit") == 0)
            return argc > 1 ? atoi(argv[1]) : 0;
        if (strcmp(argv[0], "help") == 0) {
            help();
            continue;
        }
        int pid = spawn(argv[0], argv);
        if (pid < 0) {
            printf("sh: %s: %s\n", argv[0], errstr(pid));
            continue;
        }
        if (background)
            printf("[%d]\n", pid);
        else
            wait_for(pid, argv[0]);
    }
}
