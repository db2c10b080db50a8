/*
 * parse.c -- cutting a command line into words and checking them.
 *
 * Why a file of its own: the console, the script reader and the unit tests
 * all need the same answer to "what did the user type?", and none of it
 * needs a machine.  Numbers follow gdb: decimal unless they start with 0x.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "parse.h"

bool dbg_split(char *line, struct dbg_words *w, char *err, size_t errlen)
{
    memset(w, 0, sizeof *w);
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    char *p = line;
    bool first = true;
    for (;;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        if (*p == '\0')
            return true;
        char *word = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        if (*p)
            *p++ = '\0';
        if (first) {
            char *slash = strchr(word, '/');
            if (slash) {
                *slash = '\0';
                w->fmt = slash + 1;
            }
            w->name = word;
            first = false;
            continue;
        }
        if (w->argc == DBG_MAX_WORDS) {
            snprintf(err, errlen, "%s: too many words (at most %d arguments)",
                     w->name, DBG_MAX_WORDS);
            return false;
        }
        w->argv[w->argc++] = word;
    }
}

bool dbg_number(const char *s, uint64_t max, uint64_t *out)
{
    return cli_parse_u64(s, 0, max, out);
}

bool dbg_parse_xfmt(const char *s, struct dbg_xfmt *f, char *err, size_t errlen)
{
    f->count = 1;
    f->format = 'x';
    f->size = 4;
    if (s == NULL)
        return true;
    const char *p = s;
    if (isdigit((unsigned char)*p)) {
        unsigned long n = 0;
        while (isdigit((unsigned char)*p)) {
            n = n * 10 + (unsigned long)(*p++ - '0');
            if (n > DBG_X_MAX_COUNT) {
                snprintf(err, errlen, "x/%s: count is at most %d", s,
                         DBG_X_MAX_COUNT);
                return false;
            }
        }
        if (n == 0) {
            snprintf(err, errlen, "x/%s: count must be at least 1", s);
            return false;
        }
        f->count = (unsigned)n;
    }
    bool size_given = false;
    for (; *p; p++) {
        if (strchr("xducsi", *p) && *p != '\0')
            f->format = *p;
        else if (*p == 'b' || *p == 'h' || *p == 'w') {
            f->size = *p == 'b' ? 1 : *p == 'h' ? 2 : 4;
            size_given = true;
        } else {
            snprintf(err, errlen, "x/%s: '%c' is not a format (x d u c s i) "
                     "or a size (b h w)", s, *p);
            return false;
        }
    }
    if (f->format == 'i')
        f->size = 4;
    if (f->format == 's' || (f->format == 'c' && !size_given))
        f->size = 1;
    return true;
}

enum target_space dbg_space_prefix(const char **s)
{
    static const struct { const char *prefix; enum target_space sp; } spaces[] = {
        { "v:", TARGET_SPACE_VIRT }, { "g:", TARGET_SPACE_GUEST },
        { "m:", TARGET_SPACE_MACHINE },
    };
    for (size_t i = 0; i < sizeof spaces / sizeof spaces[0]; i++)
        if (strncmp(*s, spaces[i].prefix, 2) == 0) {
            *s += 2;
            return spaces[i].sp;
        }
    return TARGET_SPACE_VIRT;
}

const char *dbg_space_name(enum target_space sp)
{
    return sp == TARGET_SPACE_GUEST ? "g" : sp == TARGET_SPACE_MACHINE ? "m" : "v";
}

bool dbg_parse_access(const char *s, unsigned *access)
{
    if (s == NULL || strcmp(s, "w") == 0)
        *access = TARGET_WATCH_WRITE;
    else if (strcmp(s, "r") == 0)
        *access = TARGET_WATCH_READ;
    else if (strcmp(s, "rw") == 0 || strcmp(s, "wr") == 0)
        *access = TARGET_WATCH_READ | TARGET_WATCH_WRITE;
    else
        return false;
    return true;
}

static const char *const gpr_names[32] = {
    "zero", "at", "v0", "v1", "a0", "a1", "a2", "a3", "t0", "t1", "t2",
    "t3", "t4", "t5", "t6", "t7", "s0", "s1", "s2", "s3", "s4", "s5",
    "s6", "s7", "t8", "t9", "k0", "k1", "gp", "sp", "s8", "ra",
};

const char *dbg_gpr_name(unsigned r)
{
    return r < 32 ? gpr_names[r] : "?";
}

int dbg_gpr_number(const char *name)
{
    bool dollar = name[0] == '$';
    if (dollar)
        name++;
    for (int r = 0; r < 32; r++)
        if (strcmp(name, gpr_names[r]) == 0)
            return r;
    if (strcmp(name, "fp") == 0)
        return 30;
    uint64_t n;
    if (dollar && isdigit((unsigned char)name[0]) && dbg_number(name, 31, &n) &&
        strncmp(name, "0x", 2) != 0)
        return (int)n;
    return -1;
}
