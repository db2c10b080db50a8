/*
 * machine.c -- assemble a bare machine from a board and a CPU.
 */
#include <stdlib.h>
#include "machine.h"

static void on_irq(void *opaque, unsigned line, bool level)
{
    struct machine *m = opaque;
    if (m->cpu)
        cpu_set_irq(m->cpu, line, level);
}

static void on_poweroff(void *opaque, uint32_t code)
{
    struct machine *m = opaque;
    m->powered_off = true;
    m->exit_code = code;
    if (m->cpu)
        cpu_request_stop(m->cpu);
}

static void on_console(void *opaque, uint8_t byte)
{
    struct machine *m = opaque;
    if (m->console_out)
        m->console_out(m->console_opaque, byte);
    else
        putc(byte, m->console);
}

static uint64_t on_icount(void *opaque)
{
    struct machine *m = opaque;
    return m->cpu ? cpu_icount(m->cpu) : 0;
}

struct machine *machine_new(const struct machine_config *cfg,
                            char *err, size_t errlen)
{
    struct machine *m = calloc(1, sizeof *m);
    if (m == NULL) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    m->console = cfg->console ? cfg->console : stdout;
    m->console_out = cfg->console_out;
    m->console_opaque = cfg->console_opaque;
    struct board_config bc = { .ram_mib = cfg->ram_mib };
    struct board_callbacks cb = {
        .set_irq = on_irq, .poweroff = on_poweroff,
        .console_out = on_console, .icount = on_icount, .opaque = m,
    };
    m->board = board_new(&bc, &cb, err, errlen);
    if (m->board == NULL)
        goto fail;
    struct cpu_config cc = {
        .tlb_entries = cfg->tlb_entries, .count_divisor = cfg->count_divisor,
        .semihosting = true,
    };
    m->cpu = cpu_new(&cc, board_bus(m->board));
    if (m->cpu == NULL) {
        snprintf(err, errlen, "cannot create the CPU (TLB entries %u: must be %d..%d)",
                 cfg->tlb_entries, TLB_MIN_ENTRIES, TLB_MAX_ENTRIES);
        goto fail;
    }
    if (board_load_kernel(m->board, cfg->kernel, cfg->args ? cfg->args : "",
                          &m->image, err, errlen) != 0)
        goto fail;
    cpu_reset(m->cpu);
    return m;
fail:
    machine_free(m);
    return NULL;
}

void machine_free(struct machine *m)
{
    if (m == NULL)
        return;
    cpu_free(m->cpu);
    board_free(m->board);
    free(m);
}
