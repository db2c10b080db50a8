/*
 * board.h -- the trapeze board: RAM, boot ROM, UART and system controller
 * on one physical bus, wired as SPEC §4 says.
 *
 * The board does not know the CPU (devices/ depends on nothing): interrupt
 * lines, power-off and the instruction counter go through callbacks the
 * caller provides.  frontend/machine.c joins a board and a CPU; the monitor
 * builds a board per VM the same way.
 */
#ifndef TRAPEZE_BOARD_H
#define TRAPEZE_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "board_map.h"
#include "bus.h"
#include "elf_loader.h"
#include "uart16550.h"

struct board;

struct board_callbacks {
    void (*set_irq)(void *opaque, unsigned line, bool level); /* Cause.IP line */
    void (*poweroff)(void *opaque, uint32_t code);
    void (*console_out)(void *opaque, uint8_t byte);          /* UART TX */
    uint64_t (*icount)(void *opaque);
    void *opaque;
};

struct board_config {
    uint32_t ram_mib;             /* RAM_MIN_MIB .. RAM_MAX_MIB */
    const uint8_t *firmware;      /* boot ROM image (NULL: the built-in one) */
    size_t firmware_len;
    /* A VM's board: RAM is found page by page through ram_page (the
     * monitor's pmap, see bus_map_paged) instead of being allocated flat. */
    bus_page_fn ram_page;
    void *ram_opaque;
};

/* NULL on a bad config, with the reason in err. */
struct board *board_new(const struct board_config *cfg,
                        const struct board_callbacks *cb,
                        char *err, size_t errlen);
void board_free(struct board *b);

struct bus *board_bus(struct board *b);
uint8_t *board_ram(struct board *b);       /* NULL for paged RAM */
uint32_t board_ram_size(const struct board *b);
struct uart16550 *board_uart(struct board *b);

/* Copy len bytes into RAM at offset (flat or paged); false if the range is
 * outside RAM or paged RAM cannot supply a page. */
bool board_write_ram(struct board *b, uint32_t offset, const uint8_t *src,
                     uint32_t len);

/* Load a kernel ELF (file) and write the boot-info block with its entry and
 * the boot argument string.  err gets "FILE: problem" on failure. */
int board_load_kernel(struct board *b, const char *path, const char *args,
                      struct elf_image *img, char *err, size_t errlen);

/* The firmware image compiled into the library (roms/firmware). */
extern const uint8_t trapeze_firmware[];
extern const size_t trapeze_firmware_len;

#endif
