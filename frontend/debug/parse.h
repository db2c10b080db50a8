/*
 * parse.h -- the words of a debugger command line, checked.
 *
 * Everything typed at the prompt is hostile: a number that overflows, an
 * x/FMT with a letter that means nothing, an address space that does not
 * exist.  Each function here says yes or no and, on no, leaves one line in
 * err naming the text and the problem; none of them touches the target, so
 * they are unit-tested on their own (tests/unit/test_debug_parse.c).
 */
#ifndef TRAPEZE_DEBUG_PARSE_H
#define TRAPEZE_DEBUG_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "target.h"

#define DBG_MAX_WORDS 16

/* A command line cut into words (in place).  "x/4wx v:0x80000000" gives
 * name "x", fmt "4wx" and one argument.  '#' starts a comment. */
struct dbg_words {
    const char *name;          /* NULL: an empty line */
    const char *fmt;           /* after '/' in the name, or NULL */
    int argc;
    char *argv[DBG_MAX_WORDS];
};
/* false: too many words (err says so). */
bool dbg_split(char *line, struct dbg_words *w, char *err, size_t errlen);

/* A number: decimal, or hex with 0x; no sign; at most max. */
bool dbg_number(const char *s, uint64_t max, uint64_t *out);

/* x/FMT: [COUNT][FORMAT][SIZE] in any order after the count.
 * FORMAT: x hex, d signed, u unsigned, c char, s string, i instruction.
 * SIZE: b byte, h halfword, w word.  Defaults: 1, x, w (i and s imply
 * their own size). */
struct dbg_xfmt {
    unsigned count;
    char format;
    unsigned size;             /* bytes: 1, 2, 4 */
};
#define DBG_X_MAX_COUNT 4096
bool dbg_parse_xfmt(const char *s, struct dbg_xfmt *f, char *err, size_t errlen);

/* Strip an address-space prefix "v:", "g:" or "m:" from *s (none: v:). */
enum target_space dbg_space_prefix(const char **s);
const char *dbg_space_name(enum target_space sp);   /* "v", "g", "m" */

/* Watch access "r", "w" or "rw" (NULL: "w") -> TARGET_WATCH_* mask. */
bool dbg_parse_access(const char *s, unsigned *access);

/* A general register by name: "sp", "$sp", "$29", "29" is not one. */
int dbg_gpr_number(const char *name);
const char *dbg_gpr_name(unsigned r);

#endif
