/*
 * trapkinds.c -- the trap kinds `break-trap` and `trace` accept, and how
 * each maps onto the monitor's events.
 *
 * The monitor records what it *did* (enum trap_kind: priv, shadow-fill,
 * reflect ...).  A student also asks in terms of what *happened*: "stop at
 * the next TLB miss", "at the next system call".  So a kind here is a set
 * of monitor kinds, narrowed (optionally) to physical exception codes:
 *
 *   cpu           any trap whose physical exception was Coprocessor
 *                 Unusable (a CP0 instruction in the guest kernel)
 *   tlb-refill    any trap on a physical TLB miss (TLBL or TLBS): shadow
 *                 fills, device accesses and refills reflected to the guest
 *   shadow-fill   monitor kind shadow-fill
 *   reflect       monitor kind reflect (an exception given to the guest)
 *   mmio          monitor kind io (a virtual device access emulated)
 *   syscall       a reflected system call (physical Sys)
 *   interrupt     monitor kind interrupt (a virtual interrupt injected)
 *   world-switch  monitor kind world-switch
 *   priv kseg timer wait halt   the monitor's kinds of the same names
 *
 * docs/debugger.md has this table too.
 */
#include <stdio.h>
#include <string.h>
#include "debugger.h"
#include "monitor/monitor.h"

#define K(kind) (1u << (kind))
#define ALL_KINDS ((1u << TRAP_NKINDS) - 1u)
#define EXC(code) (1u << (code))

struct trapkind {
    const char *name;
    unsigned kinds;             /* monitor kinds, 1u << TRAP_* */
    unsigned excs;              /* physical ExcCodes (0: any) */
    const char *help;
};

static const struct trapkind table[] = {
    { "cpu", ALL_KINDS, EXC(EXC_CPU), "physical Coprocessor Unusable (a CP0 instruction)" },
    { "tlb-refill", ALL_KINDS, EXC(EXC_TLBL) | EXC(EXC_TLBS), "physical TLB miss (TLBL, TLBS)" },
    { "shadow-fill", K(TRAP_SHADOW_FILL), 0, "a miss answered with a shadow entry" },
    { "reflect", K(TRAP_REFLECT), 0, "an exception reflected to the guest" },
    { "mmio", K(TRAP_IO), 0, "a virtual device access emulated" },
    { "syscall", K(TRAP_REFLECT), EXC(EXC_SYS), "a system call reflected to the guest" },
    { "interrupt", K(TRAP_INTERRUPT), 0, "a virtual interrupt injected" },
    { "world-switch", K(TRAP_WORLD_SWITCH), 0, "the CPU given to another VM" },
    { "priv", K(TRAP_PRIV), 0, "a privileged instruction emulated" },
    { "kseg", K(TRAP_KSEG), 0, "one kseg0/1/3 instruction emulated" },
    { "timer", K(TRAP_TIMER), 0, "the monitor's preemption timer" },
    { "wait", K(TRAP_WAIT), 0, "the guest executed wait" },
    { "halt", K(TRAP_HALT), 0, "the VM stopped" },
};
#define NROWS (sizeof table / sizeof table[0])

unsigned dbg_trapkind_count(void)
{
    return NROWS;
}

const char *dbg_trapkind_name(unsigned row)
{
    return row < NROWS ? table[row].name : NULL;
}

const char *dbg_trapkind_help(unsigned row)
{
    return row < NROWS ? table[row].help : NULL;
}

int dbg_trapkind_find(const char *name)
{
    for (unsigned i = 0; i < NROWS; i++)
        if (strcmp(name, table[i].name) == 0)
            return (int)i;
    return -1;
}

unsigned dbg_trapkind_monitor_mask(unsigned rows)
{
    unsigned mask = 0;
    for (unsigned i = 0; i < NROWS; i++)
        if (rows & (1u << i))
            mask |= table[i].kinds;
    return mask;
}

bool dbg_trapkind_matches(unsigned row, const struct trap_event *ev)
{
    if (row >= NROWS || !(table[row].kinds & K(ev->kind)))
        return false;
    if (table[row].excs == 0)
        return true;
    return ev->phys_exc >= 0 && ev->phys_exc < 32 &&
           (table[row].excs & EXC((unsigned)ev->phys_exc));
}

bool dbg_trapkind_list(const char *s, unsigned *rows, char *err, size_t errlen)
{
    *rows = 0;
    if (s == NULL || strcmp(s, "all") == 0) {
        *rows = (1u << NROWS) - 1u;
        return true;
    }
    char copy[256];
    snprintf(copy, sizeof copy, "%s", s);
    for (char *save = NULL, *k = strtok_r(copy, ",", &save); k;
         k = strtok_r(NULL, ",", &save)) {
        int row = dbg_trapkind_find(k);
        if (row < 0) {
            snprintf(err, errlen, "'%s' is not a trap kind (help break-trap "
                     "lists them)", k);
            return false;
        }
        *rows |= 1u << row;
    }
    if (*rows == 0) {
        snprintf(err, errlen, "'%s' names no trap kind", s);
        return false;
    }
    return true;
}
