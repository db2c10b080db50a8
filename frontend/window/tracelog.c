/*
 * tracelog.c -- the trap-log panel's lines (see tracelog.h).
 */
#include <string.h>
#include "tracelog.h"

bool tracelog_update(struct tracelog *l, const struct monitor *m, unsigned vm)
{
    struct trap_event ev;
    uint64_t newest = monitor_log_get(m, 0, &ev) ? ev.seq : 0;
    if (newest == l->newest_seq && vm == l->vm)
        return false;
    l->newest_seq = newest;
    l->vm = vm;
    /* newest first into a scratch list, then reversed into place */
    unsigned found[LAYOUT_LOG_ROWS];
    unsigned n = 0;
    for (unsigned back = 0; back < MONITOR_LOG_SIZE && n < LAYOUT_LOG_ROWS; back++) {
        if (!monitor_log_get(m, back, &ev))
            break;
        if (ev.vm == vm)
            found[n++] = back;
    }
    l->nlines = n;
    for (unsigned i = 0; i < n; i++) {
        monitor_log_get(m, found[n - 1 - i], &ev);
        monitor_format_event(m, &ev, l->line[i], sizeof l->line[i]);
    }
    return true;
}
