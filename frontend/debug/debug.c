/*
 * debug.c -- run_debug(): build the target, load symbols, and read
 * commands until quit.
 *
 * Where commands come from:
 *   - --script FILE: that file, each line echoed after the prompt, so the
 *     output is a transcript (tests/debug/ compares them byte for byte);
 *     the guests' console input comes from stdin meanwhile;
 *   - stdin, when it is not a terminal: the same, and guests get no input;
 *   - the terminal: readline (rl.c).
 * Scripted output is deterministic: no host times, no host pointers.
 * At the end of the commands the console quits.  The exit status is the
 * guests' (target_status) if every guest has stopped, else 0.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "debug.h"
#include "debugger.h"
#include "rl.h"

static void load_symbols(struct debugger *d, unsigned vm)
{
    const char *kernel = target_kernel(d->t, vm);
    char err[512], dir[4096];
    d->syms[vm] = symtab_new();
    if (d->syms[vm] == NULL || kernel == NULL)
        return;
    if (symtab_load_kernel(d->syms[vm], kernel, err, sizeof err) < 0)
        fprintf(stderr, "trapeze: no symbols: %s\n", err);
    symtab_programs_dir(kernel, dir, sizeof dir);
    symtab_load_programs(d->syms[vm], dir);
}

bool dbg_open(struct debugger *d, const struct run_options *o)
{
    struct target_callbacks cb = { .console_out = dbg_console_out, .opaque = d };
    char err[512];
    d->t = target_new(o, &cb, err, sizeof err);
    if (d->t == NULL) {
        fprintf(stderr, "trapeze: %s\n", err);
        return false;
    }
    d->nguests = target_nguests(d->t);
    if (d->nguests > DBG_MAX_GUESTS)
        d->nguests = DBG_MAX_GUESTS;
    d->vm = 1;
    d->max_insns = o->max_insns;
    for (unsigned vm = 1; vm <= d->nguests; vm++) {
        d->ram_mib[vm] = o->nvms ? o->vms[vm - 1].ram_mib : o->ram_mib;
        load_symbols(d, vm);
    }
    struct monitor *m = target_monitor(d->t);
    if (m) {
        monitor_set_detail(m, true);            /* step-trap shows changes */
        if (o->trace_traps)
            monitor_set_trace(m, stderr);
    }
    return true;
}

void dbg_close(struct debugger *d)
{
    for (unsigned vm = 0; vm <= DBG_MAX_GUESTS; vm++)
        symtab_free(d->syms[vm]), d->syms[vm] = NULL;
    if (d->t)
        target_free(d->t);
    d->t = NULL;
}

/* Commands from a file or a pipe, each echoed after the prompt. */
static void script_loop(struct debugger *d, FILE *in)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while (!d->quit && (n = getline(&line, &cap, in)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        char prompt[32];
        dbg_prompt(d, prompt, sizeof prompt);
        fprintf(d->out, "%s%s\n", prompt, line);
        dbg_execute(d, line);
        fflush(d->out);
    }
    free(line);
}

static int exit_status(struct debugger *d)
{
    for (unsigned vm = 1; vm <= d->nguests; vm++)
        if (target_state(d->t, vm) != VM_STOPPED)
            return 0;
    return target_status(d->t);
}

/* --script FILE: a file of commands (a pipe will do); a directory would
 * read as an empty script and end the session silently, so say so. */
static FILE *open_script(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "trapeze: --script %s: cannot open the file (%s)\n",
                path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "trapeze: --script %s: is a directory, not a file of "
                "commands\n", path);
        fclose(f);
        return NULL;
    }
    return f;
}

int run_debug(const struct run_options *o, struct ui *ui)
{
    FILE *script = NULL;
    if (o->script && (script = open_script(o->script)) == NULL)
        return EXIT_USAGE;
    struct debugger *d = calloc(1, sizeof *d);
    if (d == NULL) {
        if (script)
            fclose(script);
        return EXIT_USAGE;
    }
    d->out = stdout;
    d->ui = ui;
    d->in.fd = -1;
    d->started = host_seconds();
    bool interactive = script == NULL && isatty(STDIN_FILENO);
    d->scripted = !interactive;
    d->input_from_stdin = script != NULL || interactive;
    int status = EXIT_USAGE;
    if (dbg_open(d, o)) {
        dbg_sigint_install(d);
        if (interactive) {
            fprintf(d->out, "trapeze debugger: %u guest%s; help lists the "
                    "commands, quit leaves\n", d->nguests, d->nguests == 1 ? "" : "s");
            dbg_readline_loop(d);
        } else
            script_loop(d, script ? script : stdin);
        fflush(d->out);
        status = exit_status(d);
    }
    dbg_close(d);
    free(d);
    if (script)
        fclose(script);
    return status;
}
