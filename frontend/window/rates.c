/*
 * rates.c -- status-line arithmetic (see rates.h).
 */
#include <math.h>
#include "rates.h"

static const char *const labels[TRAP_NKINDS] = {
    [TRAP_PRIV] = "priv",
    [TRAP_SHADOW_FILL] = "fill",
    [TRAP_IO] = "io",
    [TRAP_REFLECT] = "refl",
    [TRAP_KSEG] = "kseg",
    [TRAP_INTERRUPT] = "irq",
    [TRAP_WORLD_SWITCH] = "wsw",
    [TRAP_TIMER] = "tmr",
    [TRAP_WAIT] = "wait",
    [TRAP_HALT] = "halt",
};

const char *rates_label(enum trap_kind k)
{
    return (unsigned)k < TRAP_NKINDS ? labels[k] : "?";
}

bool rates_sample(struct pane_rates *r, double now, uint64_t insns,
                  const uint64_t traps[TRAP_NKINDS])
{
    if (r->sampled && now - r->t_last < RATE_PERIOD)
        return false;
    if (r->sampled) {
        double dt = now - r->t_last;
        r->mips = (double)(insns - r->insns_last) / dt / 1e6;
        r->all_traps_per_s = 0;
        for (unsigned k = 0; k < TRAP_NKINDS; k++) {
            uint64_t d = traps ? traps[k] - r->traps_last[k] : 0;
            r->traps_per_s[k] = (double)d / dt;
            r->all_traps_per_s += r->traps_per_s[k];
        }
    }
    r->sampled = true;
    r->t_last = now;
    r->insns_last = insns;
    for (unsigned k = 0; k < TRAP_NKINDS; k++)
        r->traps_last[k] = traps ? traps[k] : 0;
    return true;
}

unsigned rates_bar_px(double per_s, unsigned max_px)
{
    if (!(per_s > 0))                    /* also NaN */
        return 0;
    double frac = log10(1.0 + per_s) / RATE_BAR_DECADES;
    if (frac > 1)
        frac = 1;
    unsigned px = (unsigned)(frac * max_px + 0.5);
    return px ? px : 1;                  /* any trap at all shows */
}
