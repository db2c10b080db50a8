/*
 * machine.h -- a bare trapeze machine: one CPU joined to one board.
 *
 * The board (devices/) does not know the CPU and the CPU does not know the
 * devices; this file is where their wires meet: the UART's interrupt goes
 * to a Cause.IP line, the system controller's power-off stops the CPU, the
 * console bytes go to a FILE.
 */
#ifndef TRAPEZE_MACHINE_H
#define TRAPEZE_MACHINE_H

#include <stdbool.h>
#include <stdio.h>
#include "cpu/cpu.h"
#include "devices/board.h"

struct machine_config {
    uint32_t ram_mib;
    unsigned tlb_entries;
    unsigned count_divisor;
    const char *kernel;       /* ELF path */
    const char *args;         /* boot argument string */
    FILE *console;            /* where the UART's output goes, or ... */
    void (*console_out)(void *opaque, uint8_t byte);   /* ... this, if set */
    void *console_opaque;
};

struct machine {
    struct board *board;
    struct cpu *cpu;
    FILE *console;
    void (*console_out)(void *opaque, uint8_t byte);
    void *console_opaque;
    bool powered_off;
    uint32_t exit_code;
    struct elf_image image;
};

/* Build, load the kernel and reset.  On failure returns NULL with one line
 * in err naming the file or value and the problem. */
struct machine *machine_new(const struct machine_config *cfg,
                            char *err, size_t errlen);
void machine_free(struct machine *m);

#endif
