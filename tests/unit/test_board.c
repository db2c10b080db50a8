/*
 * test_board.c -- board assembly (devices/board.c): the configuration
 * checks, the physical address map as the CPU sees it through the bus, and
 * the boot-info block board_load_kernel leaves for the firmware.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devices/board.h"
#include "devices/bootinfo.h"
#include "tests/unit/fake_firmware.h"

#define MIB (1024u * 1024u)

/* ---- a harness recording what the board tells the machine ------------- */

struct harness {
    struct board *board;
    char err[256];
    bool irq[8];
    unsigned nirq_calls;
    unsigned npoweroff;
    uint32_t exit_code;
    uint64_t icount;
    char console[64];
    unsigned nconsole;
};

static void on_set_irq(void *opaque, unsigned line, bool level)
{
    struct harness *h = opaque;
    assert_true(line < 8);
    h->irq[line] = level;
    h->nirq_calls++;
}

static void on_poweroff(void *opaque, uint32_t code)
{
    struct harness *h = opaque;
    h->npoweroff++;
    h->exit_code = code;
}

static void on_console(void *opaque, uint8_t byte)
{
    struct harness *h = opaque;
    if (h->nconsole < sizeof h->console - 1)
        h->console[h->nconsole++] = (char)byte;
}

static uint64_t on_icount(void *opaque)
{
    const struct harness *h = opaque;
    return h->icount;
}

static struct board *make_board(struct harness *h, uint32_t ram_mib)
{
    struct board_config cfg = { .ram_mib = ram_mib, fake_firmware, fake_firmware_len };
    struct board_callbacks cb = { on_set_irq, on_poweroff, on_console,
                                  on_icount, h };
    return board_new(&cfg, &cb, h->err, sizeof h->err);
}

static int setup(void **state)
{
    struct harness *h = calloc(1, sizeof *h);
    assert_non_null(h);
    h->board = make_board(h, 1);
    if (!h->board)
        fail_msg("board_new: %s", h->err);
    *state = h;
    return 0;
}

static int teardown(void **state)
{
    struct harness *h = *state;
    board_free(h->board);
    free(h);
    return 0;
}

static uint32_t bus_rd(struct harness *h, uint32_t paddr, unsigned size)
{
    uint32_t v = 0xBADBAD;
    assert_true(bus_read(board_bus(h->board), paddr, size, &v));
    return v;
}

static void bus_wr(struct harness *h, uint32_t paddr, unsigned size, uint32_t v)
{
    assert_true(bus_write(board_bus(h->board), paddr, size, v));
}

/* ---- configuration ---------------------------------------------------- */

static void expect_bad_ram(uint32_t mib, const char *want)
{
    struct harness h = { 0 };
    assert_null(make_board(&h, mib));
    if (!strstr(h.err, want))
        fail_msg("RAM %u: expected \"%s\", got \"%s\"", mib, want, h.err);
    assert_non_null(strstr(h.err, "(1..448 MiB)"));
}

static void test_bad_ram_sizes(void **state)
{
    (void)state;
    expect_bad_ram(0, "RAM size 0 MiB out of range");
    expect_bad_ram(RAM_MAX_MIB + 1, "RAM size 449 MiB out of range");
    expect_bad_ram(4096, "RAM size 4096 MiB out of range");
    expect_bad_ram(0xFFFFFFFF, "RAM size 4294967295 MiB out of range");
}

static void test_bad_firmware_and_config(void **state)
{
    (void)state;
    char err[128];
    uint8_t *big = calloc(BOOTROM_SIZE + 1, 1);
    assert_non_null(big);
    struct board_config cfg = { .ram_mib = 4, big, BOOTROM_SIZE + 1 };
    assert_null(board_new(&cfg, NULL, err, sizeof err));
    assert_non_null(strstr(err, "firmware image too large (1048577 bytes"));

    cfg.firmware_len = BOOTROM_SIZE;                  /* exactly fits */
    struct board *b = board_new(&cfg, NULL, err, sizeof err);
    assert_non_null(b);
    board_free(b);
    free(big);

    cfg.firmware = fake_firmware;
    cfg.firmware_len = 0;
    assert_null(board_new(&cfg, NULL, err, sizeof err));
    assert_non_null(strstr(err, "firmware image is empty"));

    assert_null(board_new(NULL, NULL, err, sizeof err));
    assert_non_null(strstr(err, "configuration"));
    board_free(NULL);
}

static void test_ram_size_limits(void **state)
{
    (void)state;
    struct harness h = { 0 };
    struct board *b = make_board(&h, RAM_MIN_MIB);
    assert_non_null(b);
    assert_int_equal(board_ram_size(b), RAM_MIN_MIB * MIB);
    board_free(b);
    b = make_board(&h, RAM_MAX_MIB);                  /* calloc: lazy pages */
    assert_non_null(b);
    assert_int_equal(board_ram_size(b), RAM_MAX_MIB * MIB);
    uint32_t v;
    assert_true(bus_read(board_bus(b), RAM_MAX_MIB * MIB - 4, 4, &v));
    assert_int_equal(v, 0);
    assert_false(bus_read(board_bus(b), RAM_MAX_MIB * MIB, 4, &v));
    board_free(b);
}

static void test_builtin_firmware(void **state)
{
    (void)state;
    char err[128];
    struct board_config cfg = { .ram_mib = 2, NULL, 0 };
    struct board *b = board_new(&cfg, NULL, err, sizeof err);
    assert_non_null(b);
    assert_true(trapeze_firmware_len > 0);
    const uint8_t *rom = bus_host_ptr(board_bus(b), BOOTROM_BASE, false);
    assert_non_null(rom);
    size_t n = trapeze_firmware_len < BUS_PAGE_SIZE ? trapeze_firmware_len
                                                    : BUS_PAGE_SIZE;
    assert_memory_equal(rom, trapeze_firmware, n);
    board_free(b);
}

/* ---- the address map --------------------------------------------------- */

static void test_region_names(void **state)
{
    struct harness *h = *state;
    struct bus *bus = board_bus(h->board);
    assert_string_equal(bus_region_name(bus, RAM_BASE), "ram");
    assert_string_equal(bus_region_name(bus, MIB - 1), "ram");
    assert_null(bus_region_name(bus, MIB));
    assert_string_equal(bus_region_name(bus, SYSCTRL_BASE), "sysctrl");
    assert_string_equal(bus_region_name(bus, BOOTROM_BASE), "bootrom");
    assert_string_equal(bus_region_name(bus, BOOTROM_BASE + BOOTROM_SIZE - 1),
                        "bootrom");
    assert_string_equal(bus_region_name(bus, UART_BASE), "uart");
    assert_string_equal(bus_region_name(bus, UART_BASE + 7), "uart");
}

static void test_ram_through_bus(void **state)
{
    struct harness *h = *state;
    assert_int_equal(board_ram_size(h->board), MIB);
    assert_ptr_equal(bus_host_ptr(board_bus(h->board), 0, true),
                     board_ram(h->board));
    assert_int_equal(bus_rd(h, 0x100, 4), 0);         /* zero at power-on */
    bus_wr(h, 0x100, 4, 0x11223344);
    assert_int_equal(board_ram(h->board)[0x100], 0x44);
    assert_int_equal(bus_rd(h, 0x102, 2), 0x1122);
}

static void test_sysctrl_through_bus(void **state)
{
    struct harness *h = *state;
    assert_int_equal(bus_rd(h, SYSCTRL_BASE + SYSCTRL_RAMSIZE, 4), MIB);
    h->icount = 0x0000000500000007ull;
    assert_int_equal(bus_rd(h, SYSCTRL_BASE + SYSCTRL_ICOUNT_LO, 4), 7);
    assert_int_equal(bus_rd(h, SYSCTRL_BASE + SYSCTRL_ICOUNT_HI, 4), 5);
    bus_wr(h, SYSCTRL_BASE + SYSCTRL_POWEROFF, 4, 3);
    assert_int_equal(h->npoweroff, 1);
    assert_int_equal(h->exit_code, 3);
}

static void test_rom_through_bus(void **state)
{
    struct harness *h = *state;
    assert_int_equal(bus_rd(h, BOOTROM_BASE, 4), 0x1000FFFF);
    assert_int_equal(bus_rd(h, BOOTROM_BASE + 8, 1), 0xDE);
    assert_int_equal(bus_rd(h, BOOTROM_BASE + 12, 4), 0x454B4146);  /* FAKE */
    assert_int_equal(bus_rd(h, BOOTROM_BASE + fake_firmware_len, 4), 0);
    assert_int_equal(bus_rd(h, BOOTROM_BASE + BOOTROM_SIZE - 4, 4), 0);
    bus_wr(h, BOOTROM_BASE, 4, 0);                    /* read-only */
    assert_int_equal(bus_rd(h, BOOTROM_BASE, 4), 0x1000FFFF);
    assert_null(bus_host_ptr(board_bus(h->board), BOOTROM_BASE, true));
}

static void test_uart_through_bus(void **state)
{
    struct harness *h = *state;
    assert_int_equal(bus_rd(h, UART_BASE + UART_LSR, 1),
                     UART_LSR_THRE | UART_LSR_TEMT);
    bus_wr(h, UART_BASE + UART_THR, 1, 'o');
    bus_wr(h, UART_BASE + UART_THR, 1, 'k');
    assert_string_equal(h->console, "ok");

    /* The UART interrupt reaches CPU line IRQ_UART, and only that line. */
    bus_wr(h, UART_BASE + UART_IER, 1, UART_IER_ERBFI);
    assert_int_equal(h->nirq_calls, 0);
    assert_true(uart_rx_push(board_uart(h->board), 'x'));
    assert_true(h->irq[IRQ_UART]);
    assert_int_equal(h->nirq_calls, 1);
    assert_int_equal(bus_rd(h, UART_BASE + UART_LSR, 1) & UART_LSR_DR,
                     UART_LSR_DR);
    assert_int_equal(bus_rd(h, UART_BASE + UART_RBR, 1), 'x');
    assert_false(h->irq[IRQ_UART]);
    assert_int_equal(h->nirq_calls, 2);
    for (unsigned line = 0; line < 8; line++)
        if (line != IRQ_UART)
            assert_false(h->irq[line]);
}

static void test_unmapped_is_bus_error(void **state)
{
    struct harness *h = *state;
    uint32_t v;
    assert_false(bus_read(board_bus(h->board), 0x10000000, 4, &v));
    assert_false(bus_read(board_bus(h->board), SYSCTRL_BASE + SYSCTRL_SIZE,
                          4, &v));
    assert_false(bus_write(board_bus(h->board), UART_BASE + UART_SIZE, 1, 0));
}

static void test_null_callbacks(void **state)
{
    (void)state;
    char err[64];
    struct board_config cfg = { .ram_mib = 1, fake_firmware, fake_firmware_len };
    struct board *b = board_new(&cfg, NULL, err, sizeof err);
    assert_non_null(b);
    struct bus *bus = board_bus(b);
    uint32_t v;
    assert_true(bus_write(bus, UART_BASE + UART_IER, 1, 0x0F));
    assert_true(bus_write(bus, UART_BASE + UART_THR, 1, 'x'));
    assert_true(bus_write(bus, SYSCTRL_BASE + SYSCTRL_POWEROFF, 4, 1));
    assert_true(bus_read(bus, SYSCTRL_BASE + SYSCTRL_ICOUNT_LO, 4, &v));
    assert_int_equal(v, 0);
    board_free(b);
}

/* ---- loading a kernel and the boot-info block ----------------------------- */

/* A minimal ELF32 LE MIPS executable: one segment at kseg0 0x80001000 with
 * 0x20 bytes of text and 0x1000 bytes in memory (the rest is bss). */
#define KERNEL_ENTRY  0x80001000u
#define KERNEL_PADDR  0x1000u
#define KERNEL_FILESZ 0x20u
#define KERNEL_MEMSZ  0x1010u

static void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, v); put16(p + 2, v >> 16); }
static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static size_t build_kernel(uint8_t *buf, uint32_t paddr)
{
    memset(buf, 0, 52 + 32 + KERNEL_FILESZ);
    memcpy(buf, "\177ELF\1\1\1", 7);
    put16(buf + 16, 2);                     /* ET_EXEC */
    put16(buf + 18, 8);                     /* EM_MIPS */
    put32(buf + 20, 1);
    put32(buf + 24, KERNEL_ENTRY);
    put32(buf + 28, 52);                    /* e_phoff */
    put16(buf + 40, 52);
    put16(buf + 42, 32);
    put16(buf + 44, 1);
    uint8_t *ph = buf + 52;
    put32(ph + 0, 1);                       /* PT_LOAD */
    put32(ph + 4, 52 + 32);
    put32(ph + 8, paddr);
    put32(ph + 12, paddr);
    put32(ph + 16, KERNEL_FILESZ);
    put32(ph + 20, KERNEL_MEMSZ);
    for (unsigned i = 0; i < KERNEL_FILESZ; i++)
        buf[52 + 32 + i] = (uint8_t)(0xA0 + i);
    return 52 + 32 + KERNEL_FILESZ;
}

static void write_kernel_file(char *path, uint32_t paddr)
{
    uint8_t buf[256];
    size_t len = build_kernel(buf, paddr);
    strcpy(path, "/tmp/trapeze_test_board_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, buf, len), (ssize_t)len);
    close(fd);
}

static bool ram_all_zero(const uint8_t *ram, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (ram[i])
            return false;
    return true;
}

static void test_load_kernel_bootinfo(void **state)
{
    struct harness *h = *state;
    char path[64];
    write_kernel_file(path, 0x80000000 + KERNEL_PADDR);
    struct elf_image img;
    int rc = board_load_kernel(h->board, path, "console=uart verbose", &img,
                               h->err, sizeof h->err);
    unlink(path);
    if (rc != 0)
        fail_msg("board_load_kernel: %s", h->err);
    assert_int_equal(img.entry, KERNEL_ENTRY);
    assert_int_equal(img.phys_end, KERNEL_PADDR + KERNEL_MEMSZ);

    const uint8_t *ram = board_ram(h->board);
    uint32_t bi = MIB - BOOTINFO_SIZE;
    assert_int_equal(get32(ram + bi + BOOTINFO_OFF_MAGIC), BOOTINFO_MAGIC);
    assert_memory_equal(ram + bi, "TAPZ", 4);
    assert_int_equal(get32(ram + bi + BOOTINFO_OFF_VERSION), BOOTINFO_VERSION);
    assert_int_equal(get32(ram + bi + BOOTINFO_OFF_ENTRY), KERNEL_ENTRY);
    assert_int_equal(get32(ram + bi + BOOTINFO_OFF_RAMSIZE), MIB);
    assert_int_equal(get32(ram + bi + BOOTINFO_OFF_KEND), 0x3000); /* 0x2010 up */
    assert_string_equal((const char *)ram + bi + BOOTINFO_OFF_ARGS,
                        "console=uart verbose");
    /* The firmware reads it through the bus, at the RAMSIZE it reports. */
    uint32_t ramsize = bus_rd(h, SYSCTRL_BASE + SYSCTRL_RAMSIZE, 4);
    assert_int_equal(bus_rd(h, ramsize - BOOTINFO_SIZE, 4), BOOTINFO_MAGIC);
    assert_int_equal(bus_rd(h, ramsize - BOOTINFO_SIZE + BOOTINFO_OFF_ENTRY, 4),
                     KERNEL_ENTRY);

    /* The kernel's bytes, its bss, and nothing else. */
    for (unsigned i = 0; i < KERNEL_FILESZ; i++)
        assert_int_equal(ram[KERNEL_PADDR + i], 0xA0 + i);
    assert_true(ram_all_zero(ram, 0, KERNEL_PADDR));
    assert_true(ram_all_zero(ram, KERNEL_PADDR + KERNEL_FILESZ, bi));
    assert_true(ram_all_zero(ram, bi + 20, bi + BOOTINFO_OFF_ARGS));
    assert_true(ram_all_zero(ram, bi + BOOTINFO_OFF_ARGS + 21, MIB));
}

static void test_load_kernel_null_args(void **state)
{
    struct harness *h = *state;
    char path[64];
    write_kernel_file(path, KERNEL_PADDR);
    int rc = board_load_kernel(h->board, path, NULL, NULL, h->err,
                               sizeof h->err);
    unlink(path);
    assert_int_equal(rc, 0);
    const uint8_t *ram = board_ram(h->board);
    assert_int_equal(ram[MIB - BOOTINFO_SIZE + BOOTINFO_OFF_ARGS], 0);
    assert_int_equal(get32(ram + MIB - BOOTINFO_SIZE + BOOTINFO_OFF_MAGIC),
                     BOOTINFO_MAGIC);
}

static void test_args_too_long(void **state)
{
    struct harness *h = *state;
    char path[64];
    write_kernel_file(path, KERNEL_PADDR);
    char *args = malloc(BOOTINFO_ARGS_MAX + 1);
    assert_non_null(args);
    memset(args, 'a', BOOTINFO_ARGS_MAX);
    args[BOOTINFO_ARGS_MAX] = '\0';                   /* one too many */
    assert_int_equal(board_load_kernel(h->board, path, args, NULL,
                                       h->err, sizeof h->err), -1);
    assert_string_equal(h->err, "boot arguments too long (4032 bytes, at most 4031)");
    assert_true(ram_all_zero(board_ram(h->board), 0, MIB));  /* nothing loaded */

    args[BOOTINFO_ARGS_MAX - 1] = '\0';               /* exactly the most */
    assert_int_equal(board_load_kernel(h->board, path, args, NULL,
                                       h->err, sizeof h->err), 0);
    const char *stored = (const char *)board_ram(h->board) + MIB
                         - BOOTINFO_SIZE + BOOTINFO_OFF_ARGS;
    assert_int_equal(strlen(stored), BOOTINFO_ARGS_MAX - 1);
    free(args);
    unlink(path);
}

static void test_kernel_over_bootinfo(void **state)
{
    struct harness *h = *state;
    char path[64], want[128];
    /* The segment would reach into the boot-info block. */
    write_kernel_file(path, MIB - BOOTINFO_SIZE - 0x1000);
    assert_int_equal(board_load_kernel(h->board, path, "", NULL,
                                       h->err, sizeof h->err), -1);
    snprintf(want, sizeof want, "%s: segment 0", path);
    assert_non_null(strstr(h->err, want));
    assert_non_null(strstr(h->err, "lies outside RAM (1 MiB"));
    assert_true(ram_all_zero(board_ram(h->board), 0, MIB));
    unlink(path);
}

static void test_missing_kernel(void **state)
{
    struct harness *h = *state;
    assert_int_equal(board_load_kernel(h->board, "/nonexistent/k.elf", "",
                                       NULL, h->err, sizeof h->err), -1);
    assert_string_equal(h->err,
                        "/nonexistent/k.elf: cannot open: No such file or directory");
    assert_true(ram_all_zero(board_ram(h->board), 0, MIB));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_ram_sizes),
        cmocka_unit_test(test_bad_firmware_and_config),
        cmocka_unit_test(test_ram_size_limits),
        cmocka_unit_test(test_builtin_firmware),
        T(test_region_names),
        T(test_ram_through_bus),
        T(test_sysctrl_through_bus),
        T(test_rom_through_bus),
        T(test_uart_through_bus),
        T(test_unmapped_is_bus_error),
        cmocka_unit_test(test_null_callbacks),
        T(test_load_kernel_bootinfo),
        T(test_load_kernel_null_args),
        T(test_args_too_long),
        T(test_kernel_over_bootinfo),
        T(test_missing_kernel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
