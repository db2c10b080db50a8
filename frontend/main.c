/*
 * main.c -- the `trapeze` program: subcommand dispatch.
 */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "run.h"
#include "debug/debug.h"
#include "gdb/run_gdb.h"
#include "window/window.h"

#ifndef TRAPEZE_VERSION
#define TRAPEZE_VERSION "0.0.0"
#endif

int main(int argc, char **argv)
{
    if (argc < 2) {
        cli_usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        cli_usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("trapeze %s (MIPS32 Release 1, little-endian)\n", TRAPEZE_VERSION);
        return 0;
    }
    if (strcmp(cmd, "run") == 0) {
        struct run_options o;
        if (!cli_parse_run(argc - 2, argv + 2, &o))
            return EXIT_USAGE;
        if (o.gdb_port)
            return run_gdb(&o);
        /* The window when there is a display and no --headless
         * (window_wanted); everything in the terminal otherwise. */
        bool window = window_wanted(&o);
        if (o.debug)
            return window ? run_debug_window(&o) : run_debug(&o, NULL);
        if (window)
            return run_window(&o);
        return o.nvms ? run_monitor(&o) : run_bare(&o);
    }
    fprintf(stderr, "trapeze: unknown command '%s' (try trapeze --help)\n", cmd);
    return EXIT_USAGE;
}
