/*
 * check.c -- the checks of the vmtests programs (vt.h).  Not in the
 * mapped runtime: the hostile guests print what they see, they check
 * nothing.
 */
#include "vt.h"

static uint32_t checks, failures;

void vt_count(int ok)
{
    checks++;
    if (!ok)
        failures++;
}

void vt_check(const char *what, uint32_t got, uint32_t want)
{
    mp_printf("%s: 0x%x", what, got);
    if (got != want)
        mp_printf(" FAIL (want 0x%x)", want);
    mp_putc('\n');
    vt_count(got == want);
}

int vt_summary(const char *name)
{
    if (failures == 0)
        mp_printf("TEST %s: OK (%u checks)\n", name, checks);
    else
        mp_printf("TEST %s: FAIL (%u of %u checks failed)\n", name, failures,
                  checks);
    return failures != 0;
}
