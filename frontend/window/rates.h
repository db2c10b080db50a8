/*
 * rates.h -- the numbers on a pane's status line: guest MIPS and traps per
 * second by kind, and how long each kind's bar is.
 *
 * Rates are differences of the guest's counters (retired instructions,
 * monitor_vm_stats traps) over host wall time between two samples at least
 * RATE_PERIOD apart.  Host time is used for this display only; nothing the
 * guest sees depends on it.  Bars are log-scaled, so 10 traps/s and
 * 100,000 traps/s are both visible: each decade is a sixth of the bar.
 */
#ifndef TRAPEZE_WINDOW_RATES_H
#define TRAPEZE_WINDOW_RATES_H

#include <stdbool.h>
#include <stdint.h>
#include "monitor/monitor.h"

#define RATE_PERIOD 0.5          /* seconds between samples */
#define RATE_BAR_DECADES 6       /* a full bar: 10^6 traps/s and more */

struct pane_rates {
    bool sampled;                /* t_last and the counters below are set */
    double t_last;
    uint64_t insns_last, traps_last[TRAP_NKINDS];
    double mips;
    double traps_per_s[TRAP_NKINDS];
    double all_traps_per_s;
};

/* Take a sample if RATE_PERIOD has passed since the last (or none yet);
 * true if the rates changed.  traps may be NULL (the bare machine). */
bool rates_sample(struct pane_rates *r, double now, uint64_t insns,
                  const uint64_t traps[TRAP_NKINDS]);
/* Bar length in pixels for a rate, 0..max_px. */
unsigned rates_bar_px(double per_s, unsigned max_px);
/* A short label for a trap kind, at most 4 characters. */
const char *rates_label(enum trap_kind k);

#endif
