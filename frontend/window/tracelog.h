/*
 * tracelog.h -- the lines of the trap-log panel: the newest narrated trap
 * events of one VM.
 *
 * The monitor keeps its last MONITOR_LOG_SIZE events of all VMs in a ring
 * (monitor_log_get).  Between slices the window looks at the newest
 * sequence number; if it moved, it walks back from the newest event,
 * keeps the focused VM's, and formats only as many as the panel shows
 * (monitor_format_event).  A VM that traps rarely beside a busy one may
 * have no events left in the ring: the panel then says so.
 */
#ifndef TRAPEZE_WINDOW_TRACELOG_H
#define TRAPEZE_WINDOW_TRACELOG_H

#include <stdbool.h>
#include <stdint.h>
#include "layout.h"
#include "monitor/monitor.h"

#define TRACELOG_LINE 160

struct tracelog {
    unsigned vm;                 /* whose lines these are */
    uint64_t newest_seq;         /* the ring's newest event when gathered */
    unsigned nlines;             /* oldest first */
    char line[LAYOUT_LOG_ROWS][TRACELOG_LINE];
};

/* Gather again if the ring moved or the VM changed; true if it did. */
bool tracelog_update(struct tracelog *l, const struct monitor *m, unsigned vm);

#endif
