/*
 * test_bus.c -- unit tests of the physical bus (devices/bus.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/bus.h"

/* ---- a fake device that records what it was asked ------------------------ */

struct fake_device {
    unsigned reads, writes;
    uint32_t last_offset;
    unsigned last_size;
    uint32_t last_value;
    uint32_t read_value;        /* what a read returns */
};

static uint32_t fake_read(void *opaque, uint32_t offset, unsigned size)
{
    struct fake_device *d = opaque;
    d->reads++;
    d->last_offset = offset;
    d->last_size = size;
    return d->read_value;
}

static void fake_write(void *opaque, uint32_t offset, uint32_t value,
                       unsigned size)
{
    struct fake_device *d = opaque;
    d->writes++;
    d->last_offset = offset;
    d->last_size = size;
    d->last_value = value;
}

static const struct bus_device_ops fake_ops = { fake_read, fake_write };

/* ---- fixture: RAM at 0, ROM at 0x1FC00000, a device at 0x1FD003F8 --------- */

#define RAM_SIZE  (64u * 1024)
#define ROM_BASE  0x1FC00000u
#define ROM_SIZE  (8u * 1024)
#define DEV_BASE  0x1FD003F8u
#define DEV_SIZE  8u

struct fixture {
    struct bus *bus;
    uint8_t *ram;
    uint8_t *rom;
    struct fake_device dev;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    f->bus = bus_new();
    f->ram = calloc(1, RAM_SIZE);
    f->rom = malloc(ROM_SIZE);
    if (f->bus == NULL || f->ram == NULL || f->rom == NULL)
        return -1;
    for (unsigned i = 0; i < ROM_SIZE; i++)
        f->rom[i] = (uint8_t)(i * 7 + 1);
    if (bus_map_memory(f->bus, "ram", 0, RAM_SIZE, f->ram, false) != 0 ||
        bus_map_memory(f->bus, "rom", ROM_BASE, ROM_SIZE, f->rom, true) != 0 ||
        bus_map_device(f->bus, "uart", DEV_BASE, DEV_SIZE, &fake_ops,
                       &f->dev) != 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    bus_free(f->bus);
    free(f->ram);
    free(f->rom);
    free(f);
    return 0;
}

/* ---- mapping errors ------------------------------------------------------- */

static void test_map_errors(void **state)
{
    struct fixture *f = *state;
    static uint8_t host[3 * BUS_PAGE_SIZE];

    /* Overlaps: inside RAM, straddling its end, covering the device. */
    assert_int_equal(bus_map_memory(f->bus, "x", 0x1000, 0x1000, host, false), -1);
    assert_int_equal(bus_map_memory(f->bus, "x", RAM_SIZE - 0x1000, 0x2000,
                                    host, false), -1);
    assert_int_equal(bus_map_memory(f->bus, "x", 0x1FD00000u, 0x1000, host,
                                    false), -1);
    assert_int_equal(bus_map_device(f->bus, "x", DEV_BASE + 7, 1, &fake_ops,
                                    NULL), -1);
    assert_int_equal(bus_map_device(f->bus, "x", DEV_BASE - 1, 2, &fake_ops,
                                    NULL), -1);
    /* Misaligned memory. */
    assert_int_equal(bus_map_memory(f->bus, "x", 0x20000800u, 0x1000, host,
                                    false), -1);
    assert_int_equal(bus_map_memory(f->bus, "x", 0x20000000u, 0x800, host,
                                    false), -1);
    /* Wrap past 4 GiB, for memory and devices; empty regions. */
    assert_int_equal(bus_map_memory(f->bus, "x", 0xFFFFF000u, 0x2000, host,
                                    false), -1);
    assert_int_equal(bus_map_device(f->bus, "x", 0xFFFFFFF0u, 0x20, &fake_ops,
                                    NULL), -1);
    assert_int_equal(bus_map_device(f->bus, "x", 0x30000000u, 0, &fake_ops,
                                    NULL), -1);
    /* No host memory or no ops. */
    assert_int_equal(bus_map_memory(f->bus, "x", 0x20000000u, 0x1000, NULL,
                                    false), -1);
    assert_int_equal(bus_map_device(f->bus, "x", 0x30000000u, 4, NULL, NULL),
                     -1);

    /* None of the failures mapped anything. */
    assert_null(bus_region_name(f->bus, 0x20000000u));
    assert_null(bus_region_name(f->bus, 0xFFFFF000u));
    assert_string_equal(bus_region_name(f->bus, 0x1000), "ram");

    /* Right up to the last byte of the address space is fine, and a region
     * that merely touches another is fine. */
    assert_int_equal(bus_map_memory(f->bus, "top", 0xFFFFE000u, 0x2000, host,
                                    false), 0);
    assert_int_equal(bus_map_device(f->bus, "after", DEV_BASE + DEV_SIZE, 4,
                                    &fake_ops, NULL), 0);
    assert_string_equal(bus_region_name(f->bus, 0xFFFFFFFFu), "top");
    assert_string_equal(bus_region_name(f->bus, DEV_BASE + DEV_SIZE), "after");
    assert_string_equal(bus_region_name(f->bus, DEV_BASE + DEV_SIZE - 1),
                        "uart");
}

static void test_table_full(void **state)
{
    (void)state;
    struct bus *b = bus_new();
    assert_non_null(b);
    for (unsigned i = 0; i < BUS_MAX_REGIONS; i++)
        assert_int_equal(bus_map_device(b, "d", i * 0x10, 0x10, &fake_ops,
                                        NULL), 0);
    assert_int_equal(bus_map_device(b, "d", 0x1000, 0x10, &fake_ops, NULL), -1);
    bus_free(b);
}

/* ---- memory ---------------------------------------------------------------- */

static void test_ram_all_sizes(void **state)
{
    struct fixture *f = *state;
    uint32_t v;

    assert_true(bus_write(f->bus, 0x100, 4, 0x11223344u));
    /* Little-endian in host memory. */
    assert_int_equal(f->ram[0x100], 0x44);
    assert_int_equal(f->ram[0x103], 0x11);

    assert_true(bus_read(f->bus, 0x100, 4, &v));
    assert_int_equal(v, 0x11223344u);
    assert_true(bus_read(f->bus, 0x102, 2, &v));
    assert_int_equal(v, 0x1122u);
    assert_true(bus_read(f->bus, 0x101, 1, &v));
    assert_int_equal(v, 0x33u);

    /* Narrow writes touch only their bytes and use the low bits. */
    assert_true(bus_write(f->bus, 0x100, 1, 0xFFFFFFAAu));
    assert_true(bus_write(f->bus, 0x102, 2, 0xFFFFBBCCu));
    assert_true(bus_read(f->bus, 0x100, 4, &v));
    assert_int_equal(v, 0xBBCC33AAu);

    /* The last word of RAM. */
    assert_true(bus_write(f->bus, RAM_SIZE - 4, 4, 0xCAFEF00Du));
    assert_true(bus_read(f->bus, RAM_SIZE - 4, 4, &v));
    assert_int_equal(v, 0xCAFEF00Du);
}

static void test_rom_ignores_writes(void **state)
{
    struct fixture *f = *state;
    uint32_t before, after;
    assert_true(bus_read(f->bus, ROM_BASE + 8, 4, &before));
    assert_int_equal(before, (uint32_t)f->rom[8] | (uint32_t)f->rom[9] << 8 |
                             (uint32_t)f->rom[10] << 16 |
                             (uint32_t)f->rom[11] << 24);
    assert_true(bus_write(f->bus, ROM_BASE + 8, 4, ~before));
    assert_true(bus_write(f->bus, ROM_BASE + 9, 1, 0));
    assert_true(bus_read(f->bus, ROM_BASE + 8, 4, &after));
    assert_int_equal(after, before);
}

/* Never outside a region: an access running past a region's end is a bus
 * error and touches nothing. */
static void test_no_overrun(void **state)
{
    struct fixture *f = *state;
    uint32_t v = 0x12345678u;
    assert_false(bus_read(f->bus, RAM_SIZE - 1, 4, &v));
    assert_false(bus_write(f->bus, RAM_SIZE - 2, 4, 0));
    assert_false(bus_read(f->bus, RAM_SIZE - 1, 2, &v));
    assert_false(bus_read(f->bus, DEV_BASE + DEV_SIZE - 2, 4, &v));
    assert_false(bus_write(f->bus, DEV_BASE + DEV_SIZE - 1, 2, 0));
    assert_int_equal(f->dev.reads + f->dev.writes, 0);
    /* Sizes other than 1, 2, 4. */
    assert_false(bus_read(f->bus, 0, 3, &v));
    assert_false(bus_write(f->bus, 0, 8, 0));
    assert_false(bus_read(f->bus, 0, 0, &v));
}

static void test_bus_error_when_unmapped(void **state)
{
    struct fixture *f = *state;
    uint32_t v = 0xDEADBEEFu;
    assert_false(bus_read(f->bus, RAM_SIZE, 4, &v));
    assert_false(bus_write(f->bus, 0x1F000000u, 4, 1));
    assert_false(bus_read(f->bus, 0xFFFFFFFCu, 4, &v));
    assert_false(bus_read(f->bus, DEV_BASE - 4, 4, &v));
    assert_null(bus_region_name(f->bus, RAM_SIZE));
    assert_null(bus_host_ptr(f->bus, RAM_SIZE, false));
}

/* ---- devices ----------------------------------------------------------- */

static void test_device_callbacks(void **state)
{
    struct fixture *f = *state;
    uint32_t v = 0;

    f->dev.read_value = 0x60;
    assert_true(bus_read(f->bus, DEV_BASE + 5, 1, &v));
    assert_int_equal(v, 0x60);
    assert_int_equal(f->dev.reads, 1);
    assert_int_equal(f->dev.last_offset, 5);
    assert_int_equal(f->dev.last_size, 1);

    assert_true(bus_write(f->bus, DEV_BASE + 0, 1, 0x41));
    assert_int_equal(f->dev.writes, 1);
    assert_int_equal(f->dev.last_offset, 0);
    assert_int_equal(f->dev.last_size, 1);
    assert_int_equal(f->dev.last_value, 0x41);

    assert_true(bus_write(f->bus, DEV_BASE + 4, 4, 0x87654321u));
    assert_int_equal(f->dev.last_offset, 4);
    assert_int_equal(f->dev.last_size, 4);
    assert_int_equal(f->dev.last_value, 0x87654321u);

    /* A 2-byte write passes only the low 2 bytes; a 2-byte read returns
     * only the low 2 bytes of what the device answered. */
    assert_true(bus_write(f->bus, DEV_BASE + 2, 2, 0xAAAA1234u));
    assert_int_equal(f->dev.last_value, 0x1234u);
    assert_int_equal(f->dev.last_size, 2);
    f->dev.read_value = 0xFFFF5678u;
    assert_true(bus_read(f->bus, DEV_BASE + 6, 2, &v));
    assert_int_equal(v, 0x5678u);
    assert_int_equal(f->dev.last_offset, 6);

    /* Device regions have no host pointer. */
    assert_null(bus_host_ptr(f->bus, DEV_BASE, false));
    assert_string_equal(bus_region_name(f->bus, DEV_BASE + 3), "uart");
}

static void test_mmio_trace(void **state)
{
    struct fixture *f = *state;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);

    bus_set_mmio_trace(f->bus, out);
    uint32_t v;
    f->dev.read_value = 0x4000000u;
    assert_true(bus_write(f->bus, DEV_BASE + 0, 1, 0x41));
    assert_true(bus_read(f->bus, DEV_BASE + 4, 4, &v));
    assert_true(bus_write(f->bus, 0x10, 4, 5));         /* RAM: not traced */
    bus_set_mmio_trace(f->bus, NULL);
    assert_true(bus_write(f->bus, DEV_BASE + 1, 1, 0x42)); /* off */
    fclose(out);

    assert_string_equal(text, "mmio W uart+0x0 <- 0x41 (1)\n"
                              "mmio R uart+0x4 -> 0x4000000 (4)\n");
    free(text);
}

/* ---- host pointers ------------------------------------------------------- */

static void test_host_ptr(void **state)
{
    struct fixture *f = *state;
    assert_ptr_equal(bus_host_ptr(f->bus, 0, false), f->ram);
    assert_ptr_equal(bus_host_ptr(f->bus, 0x1234, true), f->ram + 0x1234);
    assert_ptr_equal(bus_host_ptr(f->bus, RAM_SIZE - 1, true),
                     f->ram + RAM_SIZE - 1);
    assert_ptr_equal(bus_host_ptr(f->bus, ROM_BASE + 0x1004, false),
                     f->rom + 0x1004);
    /* ROM is not writable memory. */
    assert_null(bus_host_ptr(f->bus, ROM_BASE, true));
    /* Alternating regions exercises the last-hit guess both ways. */
    assert_ptr_equal(bus_host_ptr(f->bus, 8, false), f->ram + 8);
    assert_null(bus_host_ptr(f->bus, ROM_BASE + ROM_SIZE, false));
    assert_ptr_equal(bus_host_ptr(f->bus, 16, false), f->ram + 16);
    assert_null(bus_host_ptr(f->bus, DEV_BASE, false));
    assert_null(bus_host_ptr(f->bus, RAM_SIZE, false));

    /* A write through the host pointer is what the bus reads back. */
    uint8_t *p = bus_host_ptr(f->bus, 0x2000, true);
    assert_non_null(p);
    p[0] = 0x5A;
    uint32_t v;
    assert_true(bus_read(f->bus, 0x2000, 1, &v));
    assert_int_equal(v, 0x5A);
}

static void test_names_are_copied(void **state)
{
    (void)state;
    struct bus *b = bus_new();
    char name[16];
    static uint8_t page[BUS_PAGE_SIZE];
    strcpy(name, "scratch");
    assert_int_equal(bus_map_memory(b, name, 0x40000000u, BUS_PAGE_SIZE,
                                    page, false), 0);
    strcpy(name, "changed");
    assert_string_equal(bus_region_name(b, 0x40000FFFu), "scratch");
    bus_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_map_errors, setup, teardown),
        cmocka_unit_test(test_table_full),
        cmocka_unit_test_setup_teardown(test_ram_all_sizes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rom_ignores_writes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_no_overrun, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bus_error_when_unmapped, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_device_callbacks, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_mmio_trace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_host_ptr, setup, teardown),
        cmocka_unit_test(test_names_are_copied),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
