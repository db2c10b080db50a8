/*
 * board.c -- the trapeze board: RAM, boot ROM, UART and system controller
 * on one physical bus (SPEC §4, board_map.h).
 *
 * A board is the part of a machine that is not the CPU.  Building one is
 * plain wiring, done in the order of the address map:
 *
 *     0x00000000  RAM            calloc'd host memory, zero at power-on
 *     0x1F000000  sysctrl        power-off, RAM size, instruction counter
 *     0x1FC00000  boot ROM       a copy of the firmware image, read-only
 *     0x1FD003F8  UART 16550     the console
 *
 * The board does not know the CPU.  Whatever a device needs from the rest
 * of the machine -- raising an interrupt line, powering off, the retired
 * instruction count, somewhere to send console output -- comes in as a
 * callback in struct board_callbacks.  That is what lets the monitor build
 * one board per VM with the same code: its callbacks go to a virtual CPU.
 *
 * Loading a kernel is the loader's job (elf_loader.c); the board adds the
 * one thing the firmware needs to find it, the boot-info block in the last
 * 4 KiB of RAM (bootinfo.h).  The kernel may use all RAM below that block,
 * and nothing else in RAM is written: a kernel linked at 0x80000000 finds
 * zeros wherever it did not put something itself.
 */
#include "board.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootinfo.h"
#include "sysctrl.h"

#define MIB (1024u * 1024u)

struct board {
    struct board_callbacks cb;
    struct bus *bus;
    uint8_t *ram;
    uint32_t ram_size;               /* bytes */
    uint8_t *rom;                    /* BOOTROM_SIZE bytes */
    struct uart16550 *uart;
    struct sysctrl *sysctrl;
};

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void set_error(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* The UART's INTR pin is wired to CPU interrupt line IRQ_UART. */
static void uart_irq_to_cpu(void *opaque, bool level)
{
    struct board *b = opaque;
    if (b->cb.set_irq)
        b->cb.set_irq(b->cb.opaque, IRQ_UART, level);
}

/* What the UART transmits goes to the front end's console. */
static void uart_tx_to_console(void *opaque, uint8_t byte)
{
    struct board *b = opaque;
    if (b->cb.console_out)
        b->cb.console_out(b->cb.opaque, byte);
}

/* ---- construction ----------------------------------------------------- */

/* The boot ROM image: the caller's, or the one built into the library. */
static const uint8_t *firmware_image(const struct board_config *cfg,
                                     size_t *len)
{
    if (cfg->firmware) {
        *len = cfg->firmware_len;
        return cfg->firmware;
    }
    *len = trapeze_firmware_len;
    return trapeze_firmware;
}

static int check_config(const struct board_config *cfg,
                        char *err, size_t errlen)
{
    if (!cfg) {
        set_error(err, errlen, "no board configuration");
        return -1;
    }
    if (cfg->ram_mib < RAM_MIN_MIB || cfg->ram_mib > RAM_MAX_MIB) {
        set_error(err, errlen, "RAM size %u MiB out of range (%u..%u MiB)",
                  (unsigned)cfg->ram_mib, RAM_MIN_MIB, RAM_MAX_MIB);
        return -1;
    }
    size_t fw_len;
    if (!firmware_image(cfg, &fw_len) || fw_len == 0) {
        set_error(err, errlen, "firmware image is empty");
        return -1;
    }
    if (fw_len > BOOTROM_SIZE) {
        set_error(err, errlen, "firmware image too large (%zu bytes, the "
                  "boot ROM holds %u)", fw_len, (unsigned)BOOTROM_SIZE);
        return -1;
    }
    return 0;
}

/* Allocate the memories and the devices; NULL members mean out of memory. */
static bool allocate_parts(struct board *b, const struct board_config *cfg)
{
    b->ram_size = cfg->ram_mib * MIB;
    b->bus = bus_new();
    if (cfg->ram_page == NULL)
        b->ram = calloc(b->ram_size, 1);
    b->rom = calloc(BOOTROM_SIZE, 1);

    struct uart_callbacks ucb = {
        .tx = uart_tx_to_console, .irq = uart_irq_to_cpu, .opaque = b,
    };
    b->uart = uart_new(&ucb);

    struct sysctrl_callbacks scb = {
        .poweroff = b->cb.poweroff, .icount = b->cb.icount,
        .opaque = b->cb.opaque,
    };
    b->sysctrl = sysctrl_new(b->ram_size, &scb);
    return b->bus && (b->ram || cfg->ram_page) && b->rom && b->uart &&
           b->sysctrl;
}

static bool map_ram(struct board *b, const struct board_config *cfg)
{
    if (cfg->ram_page)
        return bus_map_paged(b->bus, "ram", RAM_BASE, b->ram_size,
                             cfg->ram_page, cfg->ram_opaque) == 0;
    return bus_map_memory(b->bus, "ram", RAM_BASE, b->ram_size,
                          b->ram, false) == 0;
}

static bool map_parts(struct board *b, const struct board_config *cfg)
{
    return map_ram(b, cfg) &&
           bus_map_device(b->bus, "sysctrl", SYSCTRL_BASE, SYSCTRL_SIZE,
                          sysctrl_bus_ops(), b->sysctrl) == 0 &&
           bus_map_memory(b->bus, "bootrom", BOOTROM_BASE, BOOTROM_SIZE,
                          b->rom, true) == 0 &&
           bus_map_device(b->bus, "uart", UART_BASE, UART_SIZE,
                          uart_bus_ops(), b->uart) == 0;
}

struct board *board_new(const struct board_config *cfg,
                        const struct board_callbacks *cb,
                        char *err, size_t errlen)
{
    if (check_config(cfg, err, errlen) < 0)
        return NULL;
    struct board *b = calloc(1, sizeof *b);
    if (!b) {
        set_error(err, errlen, "out of memory for the board");
        return NULL;
    }
    if (cb)
        b->cb = *cb;
    if (!allocate_parts(b, cfg)) {
        set_error(err, errlen, "out of memory for %u MiB of RAM",
                  (unsigned)cfg->ram_mib);
        board_free(b);
        return NULL;
    }
    size_t fw_len;
    const uint8_t *fw = firmware_image(cfg, &fw_len);
    memcpy(b->rom, fw, fw_len);            /* the rest of the ROM reads 0 */
    if (!map_parts(b, cfg)) {
        set_error(err, errlen, "internal error: the board's address map "
                  "does not fit on the bus");
        board_free(b);
        return NULL;
    }
    return b;
}

void board_free(struct board *b)
{
    if (!b)
        return;
    bus_free(b->bus);
    uart_free(b->uart);
    sysctrl_free(b->sysctrl);
    free(b->rom);
    free(b->ram);
    free(b);
}

struct bus *board_bus(struct board *b) { return b->bus; }
uint8_t *board_ram(struct board *b) { return b->ram; }
uint32_t board_ram_size(const struct board *b) { return b->ram_size; }
struct uart16550 *board_uart(struct board *b) { return b->uart; }

/* ---- loading a kernel ---------------------------------------------------- */

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t round_up_page(uint32_t x)
{
    return (x + 4095u) & ~4095u;
}

/* The block the firmware looks for (bootinfo.h), at RAM size - 4 KiB. */
/* The block is built in a buffer and copied, so paged RAM works too. */
static bool write_bootinfo(struct board *b, const struct elf_image *img,
                           const char *args)
{
    uint8_t block[BOOTINFO_SIZE];
    memset(block, 0, BOOTINFO_SIZE);
    put32(block + BOOTINFO_OFF_MAGIC, BOOTINFO_MAGIC);
    put32(block + BOOTINFO_OFF_VERSION, BOOTINFO_VERSION);
    put32(block + BOOTINFO_OFF_ENTRY, img->entry);
    put32(block + BOOTINFO_OFF_RAMSIZE, b->ram_size);
    put32(block + BOOTINFO_OFF_KEND, round_up_page(img->phys_end));
    memcpy(block + BOOTINFO_OFF_ARGS, args, strlen(args) + 1);
    return board_write_ram(b, b->ram_size - BOOTINFO_SIZE, block,
                           BOOTINFO_SIZE);
}

bool board_write_ram(struct board *b, uint32_t offset, const uint8_t *src,
                     uint32_t len)
{
    if (offset > b->ram_size || len > b->ram_size - offset)
        return false;
    if (b->ram) {
        memcpy(b->ram + offset, src, len);
        return true;
    }
    while (len > 0) {                  /* paged: one page at a time */
        uint32_t in_page = offset % BUS_PAGE_SIZE;
        uint32_t n = BUS_PAGE_SIZE - in_page < len ? BUS_PAGE_SIZE - in_page : len;
        uint8_t *h = bus_host_ptr(b->bus, RAM_BASE + offset, true);
        if (h == NULL)
            return false;
        memcpy(h, src, n);
        offset += n;
        src += n;
        len -= n;
    }
    return true;
}

/* Paged RAM: load into a scratch image (untouched pages of a calloc'd
 * buffer cost the host nothing), then copy just the segments across, so
 * only the kernel's own pages are touched in the VM. */
static int load_paged(struct board *b, const char *path, uint32_t limit,
                      struct elf_image *img, char *err, size_t errlen)
{
    uint8_t *scratch = calloc(limit, 1);
    if (scratch == NULL) {
        set_error(err, errlen, "%s: out of memory loading the kernel", path);
        return -1;
    }
    int rc = elf_load_file(path, scratch, limit, img, err, errlen);
    for (unsigned i = 0; rc == 0 && i < img->nsegments; i++) {
        uint32_t pa = img->seg[i].paddr;          /* already physical */
        if (!board_write_ram(b, pa, scratch + pa, img->seg[i].memsz)) {
            set_error(err, errlen, "%s: guest RAM unavailable for the kernel",
                      path);
            rc = -1;
        }
    }
    free(scratch);
    return rc;
}

int board_load_kernel(struct board *b, const char *path, const char *args,
                      struct elf_image *img, char *err, size_t errlen)
{
    struct elf_image local;
    if (!img)
        img = &local;
    if (!args)
        args = "";
    size_t args_len = strlen(args);
    if (args_len > BOOTINFO_ARGS_MAX - 1) {
        set_error(err, errlen, "boot arguments too long (%zu bytes, at most "
                  "%u)", args_len, (unsigned)(BOOTINFO_ARGS_MAX - 1));
        return -1;
    }
    uint32_t limit = b->ram_size - BOOTINFO_SIZE;
    int rc = b->ram ? elf_load_file(path, b->ram, limit, img, err, errlen)
                    : load_paged(b, path, limit, img, err, errlen);
    if (rc < 0)
        return -1;
    if (!write_bootinfo(b, img, args)) {
        set_error(err, errlen, "%s: guest RAM unavailable for the boot-info "
                  "block", path);
        return -1;
    }
    return 0;
}
