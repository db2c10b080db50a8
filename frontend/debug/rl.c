/*
 * rl.c -- readline glue: the prompt, history in a file, tab completion,
 * Ctrl-C at the prompt.
 *
 * Why the callback interface and poll() instead of readline(): with a
 * window (struct ui) the prompt must not block, because the window needs
 * ui->poll about every 20 ms to stay alive.  readline's own signal
 * handlers are off (rl_catch_signals = 0): SIGINT is the console's
 * (runloop.c), which stops a running machine; at the prompt it clears
 * the line, as in a shell.
 *
 * Completion: the first word completes to command names; later words to
 * what the command takes (commands.c says which): the selected guest's
 * symbols, VM numbers, trap kinds, or command names for `help`.  readline
 * calls the generator with no context argument, so the debugger being
 * completed for is kept in a static here (the front end's, not the core's).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <readline/history.h>
#include <readline/readline.h>
#include "rl.h"

#define HISTORY_LINES 1000

static struct debugger *completing;   /* for the generators */

void dbg_prompt(const struct debugger *d, char *buf, size_t len)
{
    if (target_is_monitor(d->t))
        snprintf(buf, len, "(trapeze vm%u) ", d->vm);
    else
        snprintf(buf, len, "(trapeze) ");
}

void dbg_history_path(char *buf, size_t len)
{
    const char *env = getenv("TRAPEZE_HISTORY"), *home = getenv("HOME");
    if (env && *env)
        snprintf(buf, len, "%s", env);
    else if (home && *home)
        snprintf(buf, len, "%s/.trapeze_history", home);
    else
        buf[0] = '\0';
}

/* ---- completion ------------------------------------------------------------ */

static unsigned complete_what;

/* The i-th candidate of the current kind, or NULL past the end. */
static const char *candidate(size_t i, char *tmp, size_t len)
{
    struct debugger *d = completing;
    switch (complete_what) {
    case DBG_COMPLETE_COMMAND:
        return dbg_command_name(i);
    case DBG_COMPLETE_TRAPKIND:
        return dbg_trapkind_name((unsigned)i);
    case DBG_COMPLETE_VM:
        if (i >= d->nguests)
            return NULL;
        snprintf(tmp, len, "%zu", i + 1);
        return tmp;
    case DBG_COMPLETE_SYMBOL:
        return d->syms[d->vm] ? symtab_name(d->syms[d->vm], i) : NULL;
    default:
        return NULL;
    }
}

static char *generator(const char *text, int state)
{
    static size_t next;
    if (state == 0)
        next = 0;
    size_t n = strlen(text);
    char tmp[16];
    for (const char *c; (c = candidate(next, tmp, sizeof tmp)) != NULL; ) {
        next++;
        if (strncmp(c, text, n) == 0)
            return strdup(c);
    }
    return NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;          /* never file names */
    complete_what = DBG_COMPLETE_COMMAND;
    if (start > 0) {
        char first[64];
        const char *p = rl_line_buffer;
        while (*p == ' ')
            p++;
        size_t l = strcspn(p, " /");
        snprintf(first, sizeof first, "%.*s", (int)(l < 63 ? l : 63), p);
        bool ambiguous;
        const struct dbg_command *c = dbg_find_command(first, &ambiguous);
        complete_what = c ? dbg_command_completes(c) : DBG_COMPLETE_NONE;
    }
    if (complete_what == DBG_COMPLETE_SYMBOL && strchr(text, ':') &&
        text[1] == ':' && strchr("vgm", text[0]))
        return NULL;                           /* keep it simple: no v:sym */
    return rl_completion_matches(text, generator);
}

/* ---- the loop ------------------------------------------------------------- */

static void on_line(char *line)
{
    struct debugger *d = completing;
    if (line == NULL) {                        /* Ctrl-D */
        fputs("quit\n", d->out);
        d->quit = true;
    } else {
        if (*line)
            add_history(line);
        dbg_execute(d, line);
        free(line);
    }
    if (d->quit) {
        rl_callback_handler_remove();
        return;
    }
    char prompt[32];
    dbg_prompt(d, prompt, sizeof prompt);
    rl_set_prompt(prompt);
}

static void clear_line(void)
{
    rl_replace_line("", 0);
    fputs("^C\n", stdout);
    rl_on_new_line();
    rl_redisplay();
}

/* The window's keys at the prompt. */
static void window_keys(struct debugger *d)
{
    unsigned r = d->ui->poll(d->ui, d->t, 0);
    if (r & UI_QUIT)
        d->quit = true;
    else if (r & (UI_RESUME | UI_STEP)) {
        fputc('\n', d->out);
        dbg_execute(d, r & UI_RESUME ? "continue" : "step");
        rl_on_new_line();
        rl_redisplay();
    }
}

void dbg_readline_loop(struct debugger *d)
{
    char history[4096], prompt[32];
    completing = d;
    dbg_history_path(history, sizeof history);
    using_history();
    stifle_history(HISTORY_LINES);
    if (history[0])
        read_history(history);
    rl_readline_name = "trapeze";
    rl_catch_signals = 0;
    rl_attempted_completion_function = complete;
    dbg_prompt(d, prompt, sizeof prompt);
    rl_callback_handler_install(prompt, on_line);
    while (!d->quit) {
        struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
        int n = poll(&p, 1, d->ui ? 20 : -1);
        if (n < 0 && errno != EINTR)
            break;
        if (dbg_sigint_take())
            clear_line();
        if (n > 0)
            rl_callback_read_char();
        if (d->ui && !d->quit)
            window_keys(d);
    }
    if (!d->quit)
        rl_callback_handler_remove();
    if (history[0] && write_history(history) != 0)
        fprintf(stderr, "trapeze: %s: cannot write the history file\n", history);
    completing = NULL;
}
