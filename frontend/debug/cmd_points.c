/*
 * cmd_points.c -- break, break-trap, watch, delete, info breakpoints.
 *
 * The target keeps breakpoints and watchpoints by its own ids; the console
 * keeps a table of what the user asked for (the text typed, the VM, the
 * hits) under its own numbers, which `delete` and `info` use.  Trap stops
 * live only here: runloop.c turns them into the target's trap mask and
 * decides, per event, which ones stop.
 */
#include <stdio.h>
#include <string.h>
#include "cmds.h"

static struct dbg_point *new_point(struct debugger *d, enum dbg_point_type type,
                                   const char *what)
{
    if (d->npoints == DBG_MAX_POINTS) {
        dbg_error(d, "at most %d breakpoints, watchpoints and trap stops",
                  DBG_MAX_POINTS);
        return NULL;
    }
    struct dbg_point *p = &d->points[d->npoints];
    memset(p, 0, sizeof *p);
    p->type = type;
    p->vm = d->vm;
    p->num = ++d->next_num;
    snprintf(p->what, sizeof p->what, "%s", what);
    return p;
}

static bool virtual_address(struct debugger *d, const char *text, uint32_t *addr)
{
    enum target_space sp;
    char err[160];
    if (!dbg_address(d, text, &sp, addr, err, sizeof err)) {
        dbg_error(d, "%s", err);
        return false;
    }
    if (sp != TARGET_SPACE_VIRT) {
        dbg_error(d, "'%s': breakpoints and watchpoints take guest-virtual "
                  "addresses (v:)", text);
        return false;
    }
    return true;
}

int cmd_break(struct debugger *d, const struct dbg_words *w)
{
    uint32_t addr;
    if (w->argc != 1)
        return dbg_error(d, "needs one address or symbol (break kmain)");
    if (!virtual_address(d, w->argv[0], &addr))
        return -1;
    if (addr & 3)
        return dbg_error(d, "%08x is not word-aligned: no instruction starts there",
                         addr);
    struct dbg_point *p = new_point(d, PT_BREAK, w->argv[0]);
    if (p == NULL)
        return -1;
    p->addr = addr;
    p->target_id = target_break_insert(d->t, d->vm, addr);
    if (p->target_id < 0) {
        d->next_num--;
        return dbg_error(d, "the target refused a breakpoint at %08x", addr);
    }
    d->npoints++;
    char sym[128];
    dbg_symbolize(d, d->vm, addr, sym, sizeof sym);
    fprintf(d->out, "breakpoint %d at vm%u %08x%s\n", p->num, p->vm, addr, sym);
    return 0;
}

int cmd_break_trap(struct debugger *d, const struct dbg_words *w)
{
    if (w->argc != 1)
        return dbg_error(d, "needs one KIND or KIND,KIND... (help break-trap)");
    if (!target_is_monitor(d->t))
        return dbg_error(d, "the bare machine has no monitor and no traps "
                         "(run with --vm)");
    unsigned rows;
    char err[160];
    if (strcmp(w->argv[0], "all") == 0)
        return dbg_error(d, "'all' is not a trap kind (step-trap stops at "
                         "every trap)");
    if (!dbg_trapkind_list(w->argv[0], &rows, err, sizeof err))
        return dbg_error(d, "%s", err);
    for (unsigned row = 0; row < dbg_trapkind_count(); row++) {
        if (!(rows & (1u << row)))
            continue;
        struct dbg_point *p = new_point(d, PT_TRAP, dbg_trapkind_name(row));
        if (p == NULL)
            return -1;
        p->kind = row;
        d->npoints++;
        fprintf(d->out, "trap stop %d: vm%u %s\n", p->num, p->vm, p->what);
    }
    dbg_sync_trap_stops(d);
    return 0;
}

int cmd_watch(struct debugger *d, const struct dbg_words *w)
{
    uint32_t addr;
    uint64_t len = 4;
    unsigned access = TARGET_WATCH_WRITE;
    if (w->argc < 1 || w->argc > 3)
        return dbg_error(d, "needs an address, then optionally r|w|rw and a length");
    if (!virtual_address(d, w->argv[0], &addr))
        return -1;
    if (w->argc >= 2 && !dbg_parse_access(w->argv[1], &access))
        return dbg_error(d, "'%s' is not an access: r, w or rw", w->argv[1]);
    if (w->argc == 3 && (!dbg_number(w->argv[2], 4096, &len) || len == 0))
        return dbg_error(d, "'%s' is not a length from 1 to 4096", w->argv[2]);
    struct dbg_point *p = new_point(d, PT_WATCH, w->argv[0]);
    if (p == NULL)
        return -1;
    p->addr = addr;
    p->len = (uint32_t)len;
    p->access = access;
    p->target_id = target_watch_insert(d->t, d->vm, addr, p->len, access);
    if (p->target_id < 0) {
        d->next_num--;
        return dbg_error(d, "the target refused a watchpoint at %08x", addr);
    }
    d->npoints++;
    fprintf(d->out, "watchpoint %d at vm%u %08x (%u bytes, %s)\n", p->num, p->vm,
            addr, p->len, access == TARGET_WATCH_WRITE ? "w" :
            access == TARGET_WATCH_READ ? "r" : "rw");
    return 0;
}

static void remove_at(struct debugger *d, unsigned i)
{
    if (d->points[i].type != PT_TRAP)
        target_point_remove(d->t, d->points[i].target_id);
    memmove(&d->points[i], &d->points[i + 1],
            (d->npoints - i - 1) * sizeof d->points[0]);
    d->npoints--;
}

int cmd_delete(struct debugger *d, const struct dbg_words *w)
{
    if (w->argc != 1)
        return dbg_error(d, "needs a number from info breakpoints, or all");
    if (strcmp(w->argv[0], "all") == 0) {
        while (d->npoints)
            remove_at(d, d->npoints - 1);
        dbg_sync_trap_stops(d);
        fprintf(d->out, "deleted all\n");
        return 0;
    }
    uint64_t n;
    if (!dbg_number(w->argv[0], 1000000, &n))
        return dbg_error(d, "'%s' is not a number", w->argv[0]);
    for (unsigned i = 0; i < d->npoints; i++)
        if (d->points[i].num == (int)n) {
            remove_at(d, i);
            dbg_sync_trap_stops(d);
            fprintf(d->out, "deleted %d\n", (int)n);
            return 0;
        }
    return dbg_error(d, "there is no breakpoint, watchpoint or trap stop %s",
                     w->argv[0]);
}

void dbg_list_points(struct debugger *d)
{
    static const char *const types[] = { "break", "watch", "trap" };
    if (d->npoints == 0) {
        fprintf(d->out, "no breakpoints, watchpoints or trap stops\n");
        return;
    }
    fprintf(d->out, "num  type   vm   where                      hits\n");
    for (unsigned i = 0; i < d->npoints; i++) {
        const struct dbg_point *p = &d->points[i];
        char where[96];
        if (p->type == PT_TRAP)
            snprintf(where, sizeof where, "%s", p->what);
        else if (p->type == PT_BREAK)
            snprintf(where, sizeof where, "%08x %s", p->addr, p->what);
        else
            snprintf(where, sizeof where, "%08x/%u %s %s", p->addr, p->len,
                     p->access == TARGET_WATCH_WRITE ? "w" :
                     p->access == TARGET_WATCH_READ ? "r" : "rw", p->what);
        fprintf(d->out, "%-4d %-6s vm%-2u %-26s %llu\n", p->num, types[p->type],
                p->vm, where, (unsigned long long)p->hits);
    }
}

int cmd_info(struct debugger *d, const struct dbg_words *w)
{
    if (w->argc != 1 || (strcmp(w->argv[0], "breakpoints") != 0 &&
                         strcmp(w->argv[0], "b") != 0 &&
                         strcmp(w->argv[0], "break") != 0))
        return dbg_error(d, "info breakpoints (or info b) is the one info "
                         "command; see help for the others");
    dbg_list_points(d);
    return 0;
}
