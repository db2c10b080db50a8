/*
 * console.c -- guests' console output while the machine runs under the
 * debugger.
 *
 * With one guest its bytes go out untouched, as without the debugger.
 * With several, each line is printed whole with a "vmN| " prefix, as
 * frontend/run_vm.c does, so lines of different VMs never mix; a partial
 * line (a shell prompt) is shown when the machine stops or idles.  With a
 * window (struct ui) the bytes go to its panes instead.
 */
#include <stdio.h>
#include "debugger.h"

static void show_line(struct debugger *d, unsigned vm, bool complete)
{
    struct dbg_guest_console *c = &d->con[vm];
    if (d->mid_line && d->mid_line != vm)
        fputc('\n', d->out);
    if (d->mid_line != vm)
        fprintf(d->out, "vm%u| ", vm);
    fwrite(c->line, 1, c->len, d->out);
    c->len = 0;
    d->mid_line = complete ? 0 : vm;
}

void dbg_console_out(void *opaque, unsigned vm, uint8_t byte)
{
    struct debugger *d = opaque;
    if (vm == 0 || vm > DBG_MAX_GUESTS)
        return;
    if (d->ui) {
        d->ui->console_out(d->ui, vm, byte);
        return;
    }
    if (d->nguests <= 1) {
        fputc(byte, d->out);
        d->mid_line = byte == '\n' ? 0 : vm;
        return;
    }
    struct dbg_guest_console *c = &d->con[vm];
    c->line[c->len++] = (char)byte;
    if (byte == '\n' || c->len == sizeof c->line)
        show_line(d, vm, byte == '\n');
}

void dbg_console_flush(struct debugger *d, bool partial)
{
    if (partial)
        for (unsigned vm = 1; vm <= d->nguests && d->nguests > 1; vm++)
            if (d->con[vm].len > 0)
                show_line(d, vm, false);
    fflush(d->out);
}
