/*
 * test_sysctrl.c -- the system controller (devices/sysctrl.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>

#include "devices/board_map.h"
#include "devices/sysctrl.h"

struct harness {
    struct sysctrl *sc;
    uint64_t icount;
    unsigned npoweroff;
    uint32_t last_code;
};

static void on_poweroff(void *opaque, uint32_t code)
{
    struct harness *h = opaque;
    h->npoweroff++;
    h->last_code = code;
}

static uint64_t on_icount(void *opaque)
{
    const struct harness *h = opaque;
    return h->icount;
}

static int setup(void **state)
{
    struct harness *h = calloc(1, sizeof *h);
    assert_non_null(h);
    struct sysctrl_callbacks cb = { on_poweroff, on_icount, h };
    h->sc = sysctrl_new(64u << 20, &cb);
    assert_non_null(h->sc);
    *state = h;
    return 0;
}

static int teardown(void **state)
{
    struct harness *h = *state;
    sysctrl_free(h->sc);
    free(h);
    return 0;
}

static uint32_t rd(struct harness *h, uint32_t off, unsigned size)
{
    return sysctrl_bus_ops()->read(h->sc, off, size);
}

static void wr(struct harness *h, uint32_t off, uint32_t value, unsigned size)
{
    sysctrl_bus_ops()->write(h->sc, off, value, size);
}

static void test_ramsize(void **state)
{
    struct harness *h = *state;
    assert_int_equal(rd(h, SYSCTRL_RAMSIZE, 4), 0x04000000);
}

static void test_ramsize_narrow_reads(void **state)
{
    struct sysctrl *sc = sysctrl_new(0x12345678, NULL);
    assert_non_null(sc);
    const struct bus_device_ops *ops = sysctrl_bus_ops();
    assert_int_equal(ops->read(sc, SYSCTRL_RAMSIZE + 0, 1), 0x78);
    assert_int_equal(ops->read(sc, SYSCTRL_RAMSIZE + 1, 1), 0x56);
    assert_int_equal(ops->read(sc, SYSCTRL_RAMSIZE + 2, 1), 0x34);
    assert_int_equal(ops->read(sc, SYSCTRL_RAMSIZE + 3, 1), 0x12);
    assert_int_equal(ops->read(sc, SYSCTRL_RAMSIZE + 0, 2), 0x5678);
    assert_int_equal(ops->read(sc, SYSCTRL_RAMSIZE + 2, 2), 0x1234);
    sysctrl_free(sc);
    (void)state;
}

static void test_icount_halves(void **state)
{
    struct harness *h = *state;
    h->icount = 0x0000000123456789ull;
    assert_int_equal(rd(h, SYSCTRL_ICOUNT_LO, 4), 0x23456789);
    assert_int_equal(rd(h, SYSCTRL_ICOUNT_HI, 4), 0x00000001);
    h->icount = 0xFEDCBA9876543210ull;           /* read live, not latched */
    assert_int_equal(rd(h, SYSCTRL_ICOUNT_LO, 4), 0x76543210);
    assert_int_equal(rd(h, SYSCTRL_ICOUNT_HI, 4), 0xFEDCBA98);
    assert_int_equal(rd(h, SYSCTRL_ICOUNT_HI + 2, 2), 0xFEDC);
    assert_int_equal(rd(h, SYSCTRL_ICOUNT_LO + 1, 1), 0x32);
}

static void test_poweroff_word(void **state)
{
    struct harness *h = *state;
    wr(h, SYSCTRL_POWEROFF, 42, 4);
    assert_int_equal(h->npoweroff, 1);
    assert_int_equal(h->last_code, 42);
    wr(h, SYSCTRL_POWEROFF, 0xDEADBEEF, 4);
    assert_int_equal(h->npoweroff, 2);
    assert_int_equal(h->last_code, 0xDEADBEEF);
}

static void test_poweroff_narrow(void **state)
{
    struct harness *h = *state;
    wr(h, SYSCTRL_POWEROFF, 0x103, 1);           /* a byte: only 0x03 */
    assert_int_equal(h->npoweroff, 1);
    assert_int_equal(h->last_code, 3);
    wr(h, SYSCTRL_POWEROFF, 0x10203, 2);         /* a halfword */
    assert_int_equal(h->last_code, 0x0203);
    wr(h, SYSCTRL_POWEROFF + 1, 0x01, 1);        /* byte 1 of the word */
    assert_int_equal(h->last_code, 0x100);
    assert_int_equal(h->npoweroff, 3);
}

static void test_poweroff_reads_zero(void **state)
{
    struct harness *h = *state;
    assert_int_equal(rd(h, SYSCTRL_POWEROFF, 4), 0);
    assert_int_equal(h->npoweroff, 0);
}

static void test_read_only_and_unknown(void **state)
{
    struct harness *h = *state;
    wr(h, SYSCTRL_RAMSIZE, 1, 4);
    wr(h, SYSCTRL_ICOUNT_LO, 1, 4);
    wr(h, SYSCTRL_ICOUNT_HI, 1, 4);
    wr(h, 0x40, 1, 4);
    assert_int_equal(h->npoweroff, 0);
    assert_int_equal(rd(h, SYSCTRL_RAMSIZE, 4), 0x04000000);
    assert_int_equal(rd(h, 0x10, 4), 0);
    assert_int_equal(rd(h, 0xFFC, 4), 0);
}

static void test_null_callbacks(void **state)
{
    (void)state;
    struct sysctrl *sc = sysctrl_new(4096, NULL);
    assert_non_null(sc);
    assert_int_equal(sysctrl_bus_ops()->read(sc, SYSCTRL_ICOUNT_LO, 4), 0);
    sysctrl_bus_ops()->write(sc, SYSCTRL_POWEROFF, 1, 4);   /* no crash */
    sysctrl_free(sc);
    sysctrl_free(NULL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_ramsize),
        cmocka_unit_test(test_ramsize_narrow_reads),
        T(test_icount_halves),
        T(test_poweroff_word),
        T(test_poweroff_narrow),
        T(test_poweroff_reads_zero),
        T(test_read_only_and_unknown),
        cmocka_unit_test(test_null_callbacks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
