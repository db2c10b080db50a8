/*
 * test_target.c -- frontend/target.c and the debug core behind it
 * (cpu/debug.c, monitor/debug.c), with minikern, bare and under the monitor.
 *
 * Every address comes from minikern's ELF symbols at test time.  What is
 * checked:
 *   - breakpoints stop before the instruction, at the right PC and id, in
 *     code that runs directly (ksseg) and in code the monitor emulates (the
 *     kseg0 exception vector), and continuing does not stop at once again;
 *   - a breakpoint in vm2 never stops vm1 running the same kernel;
 *   - watchpoints report the address and whether it was a store, after the
 *     access (the stored value is already in memory);
 *   - stepping N instructions at once ends exactly where N single steps do;
 *   - a trap stop returns the trap's event;
 *   - a breakpoint that is never hit changes nothing about the run;
 *   - registers round-trip; memory in v:, g: and m: agrees with the pmap;
 *   - bad ids, guests and addresses are refused.
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

#include "devices/elf_loader.h"
#include "target.h"

#define MINIKERN ROMS_OUT "/minikern/minikern.elf"
#define GENERAL_VECTOR 0x80000180u
#define LONG_RUN 20000000u

/* ---- symbols -------------------------------------------------------------- */

struct sym_query { const char *name; uint32_t value; bool found; };

static void on_symbol(void *opaque, const char *name, uint32_t value,
                      uint32_t size, int is_func)
{
    struct sym_query *q = opaque;
    (void)size;
    (void)is_func;
    if (strcmp(name, q->name) == 0) {
        q->value = value;
        q->found = true;
    }
}

static uint32_t sym(const char *name)
{
    FILE *f = fopen(MINIKERN, "rb");
    assert_non_null(f);
    static uint8_t data[1 << 20];
    size_t len = fread(data, 1, sizeof data, f);
    fclose(f);
    struct sym_query q = { .name = name };
    assert_true(elf_symbols(data, len, on_symbol, &q) > 0);
    if (!q.found)
        fail_msg("no symbol %s in %s", name, MINIKERN);
    return q.value;
}

/* ---- building targets ------------------------------------------------------ */

struct console { char text[4][1 << 15]; size_t len[4]; };

static void on_console(void *opaque, unsigned vm, uint8_t byte)
{
    struct console *c = opaque;
    if (vm >= 1 && vm <= 4 && c->len[vm - 1] + 1 < sizeof c->text[0])
        c->text[vm - 1][c->len[vm - 1]++] = (char)byte;
}

/* nvms 0: the bare machine */
static struct target *make(struct console *con, unsigned nvms, const char *args)
{
    struct run_options o;
    memset(&o, 0, sizeof o);
    o.ram_mib = 16;
    o.kernel = MINIKERN;
    o.args = args;
    o.nvms = nvms;
    for (unsigned i = 0; i < nvms; i++) {
        o.vms[i].kernel = MINIKERN;
        o.vms[i].args = args;
        o.vms[i].ram_mib = 16;
    }
    memset(con, 0, sizeof *con);
    struct target_callbacks cb = { .console_out = on_console, .opaque = con };
    char err[256];
    struct target *t = target_new(&o, &cb, err, sizeof err);
    if (t == NULL)
        fail_msg("target_new: %s", err);
    return t;
}

static uint32_t reg(struct target *t, unsigned vm, unsigned r)
{
    uint32_t v = 0xDEADBEEF;
    assert_true(target_reg_read(t, vm, r, &v));
    return v;
}

/* Run until something other than the budget stops it, skipping idle time
 * (no input can come). */
static void run_until_stop(struct target *t, struct target_stop *st)
{
    uint64_t end = target_time(t) + LONG_RUN;
    for (;;) {
        target_run(t, end > target_time(t) ? end - target_time(t) : 0, st);
        if (st->kind != TARGET_STOP_IDLE)
            return;
        uint64_t skip = target_insns_to_wake(t, false);
        if (skip == UINT64_MAX)
            return;
        target_skip(t, skip ? skip : 1);
    }
}

/* ---- breakpoints -------------------------------------------------------------- */

static void check_break_twice(struct target *t, unsigned vm, uint32_t addr)
{
    int id = target_break_insert(t, vm, addr);
    assert_true(id > 0);
    struct target_stop st;
    run_until_stop(t, &st);
    assert_int_equal(st.kind, TARGET_STOP_BREAKPOINT);
    assert_int_equal(st.vm, vm);
    assert_int_equal(st.id, id);
    assert_int_equal(st.pc, addr);
    assert_int_equal(reg(t, vm, TARGET_REG_PC), addr);
    uint64_t t0 = target_time(t);
    /* continuing goes on past it, and comes back later */
    run_until_stop(t, &st);
    assert_int_equal(st.kind, TARGET_STOP_BREAKPOINT);
    assert_int_equal(st.pc, addr);
    assert_true(target_time(t) > t0 + 100);
    assert_true(target_point_remove(t, id));
    assert_false(target_point_remove(t, id));
}

static void test_break_bare(void **state)
{
    (void)state;
    struct console con;
    struct target *t = make(&con, 0, "run=counter");
    check_break_twice(t, 1, sym("timer_intr"));        /* mfc0: privileged */
    check_break_twice(t, 1, sym("timer_intr") + 4);
    check_break_twice(t, 1, GENERAL_VECTOR);
    target_free(t);
}

static void test_break_monitor(void **state)
{
    (void)state;
    struct console con;
    struct target *t = make(&con, 1, "run=counter");
    check_break_twice(t, 1, sym("timer_intr"));        /* traps to the monitor */
    check_break_twice(t, 1, sym("timer_intr") + 4);    /* runs directly */
    check_break_twice(t, 1, GENERAL_VECTOR);           /* emulated (kseg0) */
    target_free(t);
}

static void test_break_only_in_vm2(void **state)
{
    (void)state;
    struct console con;
    struct target *t = make(&con, 2, "run=counter");
    uint32_t addr = sym("timer_intr") + 4;
    int id = target_break_insert(t, 2, addr);
    assert_true(id > 0);
    uint64_t vm1_start = cpu_icount(target_guest_cpu(t, 1));
    for (int i = 0; i < 5; i++) {
        struct target_stop st;
        run_until_stop(t, &st);
        assert_int_equal(st.kind, TARGET_STOP_BREAKPOINT);
        assert_int_equal(st.vm, 2);
        assert_int_equal(st.pc, addr);
        assert_int_equal(reg(t, 2, TARGET_REG_PC), addr);
    }
    /* vm1 ran the same kernel meanwhile, through several ticks */
    assert_true(cpu_icount(target_guest_cpu(t, 1)) - vm1_start > 300000);
    target_free(t);
}

/* ---- watchpoints ------------------------------------------------------------- */

static void check_watch(struct target *t, unsigned vm, unsigned access)
{
    uint32_t ticks = sym("ticks");
    int id = target_watch_insert(t, vm, ticks, 4, access);
    assert_true(id > 0);
    struct target_stop st;
    run_until_stop(t, &st);
    assert_int_equal(st.kind, TARGET_STOP_WATCHPOINT);
    assert_int_equal(st.vm, vm);
    assert_int_equal(st.id, id);
    assert_int_equal(st.addr, ticks);
    assert_int_equal(st.write, access == TARGET_WATCH_WRITE);
    /* the first store is the kernel clearing its BSS; then the ticks */
    for (int i = 0; i < 100 && access == TARGET_WATCH_WRITE &&
                    st.pc != sym("wakeup"); i++) {
        run_until_stop(t, &st);
        assert_int_equal(st.kind, TARGET_STOP_WATCHPOINT);
        assert_int_equal(st.addr, ticks);
    }
    uint32_t before = 0;
    assert_int_equal(target_mem_read(t, vm, TARGET_SPACE_VIRT, ticks, &before, 4), 4);
    if (access == TARGET_WATCH_WRITE) {
        /* the store is in the delay slot of `j wakeup`: done, at the target */
        assert_int_equal(st.pc, sym("wakeup"));
        run_until_stop(t, &st);
        assert_int_equal(st.kind, TARGET_STOP_WATCHPOINT);
        uint32_t after = 0;
        target_mem_read(t, vm, TARGET_SPACE_VIRT, ticks, &after, 4);
        assert_int_equal(after, before + 1);    /* the next tick's store */
    }
    assert_true(target_point_remove(t, id));
}

static void test_watch_bare(void **state)
{
    (void)state;
    struct console con;
    struct target *t = make(&con, 0, "run=counter");
    check_watch(t, 1, TARGET_WATCH_WRITE);
    check_watch(t, 1, TARGET_WATCH_READ);
    target_free(t);
}

static void test_watch_monitor(void **state)
{
    (void)state;
    struct console con;
    struct target *t = make(&con, 2, "run=counter");
    check_watch(t, 2, TARGET_WATCH_WRITE);
    check_watch(t, 1, TARGET_WATCH_READ);
    target_free(t);
}

/* ---- stepping -------------------------------------------------------------------- */

static void same_registers(struct target *a, struct target *b, unsigned vm)
{
    for (unsigned r = 0; r < TARGET_NREGS; r++)
        assert_int_equal(reg(a, vm, r), reg(b, vm, r));
}

static void check_steps(unsigned nvms, unsigned vm)
{
    struct console ca, cb;
    struct target *a = make(&ca, nvms, "run=hello");
    struct target *b = make(&cb, nvms, "run=hello");
    struct cpu *ga = target_guest_cpu(a, vm), *gb = target_guest_cpu(b, vm);
    struct target_stop st;
    /* into the kernel, past the firmware, the same in both */
    target_step(a, vm, 150000, &st);
    assert_int_equal(st.kind, TARGET_STOP_STEP);
    assert_int_equal(cpu_retired(ga), 150000);
    target_step(b, vm, 150000, &st);
    same_registers(a, b, vm);
    for (unsigned i = 0; i < 3000; i++) {
        target_step(a, vm, 1, &st);
        assert_int_equal(st.kind, TARGET_STOP_STEP);
        assert_int_equal(st.vm, vm);
    }
    target_step(b, vm, 3000, &st);
    assert_int_equal(st.kind, TARGET_STOP_STEP);
    assert_int_equal(cpu_retired(ga), 153000);
    assert_int_equal(cpu_retired(gb), 153000);
    same_registers(a, b, vm);
    target_free(a);
    target_free(b);
}

static void test_step_bare(void **state)
{
    (void)state;
    check_steps(0, 1);
}

static void test_step_monitor(void **state)
{
    (void)state;
    check_steps(2, 2);
}

static void test_step_from_breakpoint(void **state)
{
    (void)state;
    struct console con;
    struct target *t = make(&con, 1, "run=counter");
    uint32_t addr = sym("timer_intr");
    assert_true(target_break_insert(t, 1, addr) > 0);
    struct target_stop st;
    run_until_stop(t, &st);
    assert_int_equal(st.kind, TARGET_STOP_BREAKPOINT);
    target_step(t, 1, 1, &st);                      /* the emulated mfc0 */
    assert_int_equal(st.kind, TARGET_STOP_STEP);
    assert_int_equal(st.pc, addr + 4);
    target_step(t, 1, 1, &st);                      /* a direct lui */
    assert_int_equal(st.kind, TARGET_STOP_STEP);
    assert_int_equal(st.pc, addr + 8);
    target_free(t);
}

/* ---- trap stops ---------------------------------------------------------------------- */

static void test_trap_stop(void **state)
{
    (void)state;
    struct console con;
    struct target *t = make(&con, 2, "run=counter");
    struct target_stop st;
    target_run(t, 3000000, &st);                     /* past the firmware */
    target_trap_stop(t, 2, 1u << TRAP_PRIV);
    run_until_stop(t, &st);
    assert_int_equal(st.kind, TARGET_STOP_TRAP);
    assert_int_equal(st.vm, 2);
    assert_int_equal(st.event.vm, 2);
    assert_int_equal(st.event.kind, TRAP_PRIV);
    assert_int_equal(st.pc, st.event.new_pc);
    struct trap_event last;
    assert_true(monitor_log_get(target_monitor(t), 0, &last));
    assert_int_equal(last.seq, st.event.seq);
    target_trap_stop(t, 2, 0);
    target_run(t, 1000000, &st);
    assert_int_not_equal(st.kind, TARGET_STOP_TRAP);
    target_free(t);
}

/* A stop at every world switch: each continue must let the VM switched in
 * run its slice before the next switch stops again.  (A resume once
 * switched to the next VM straight away, forever, and time stood still.) */
static void test_world_switch_stops(void **state)
{
    (void)state;
    struct console con;
    struct target *t = make(&con, 2, "run=counter");
    struct target_stop st;
    target_run(t, 3000000, &st);                     /* both VMs booted */
    target_trap_stop(t, 0, 1u << TRAP_WORLD_SWITCH);
    uint64_t before = target_time(t);
    unsigned last_in = 0;
    for (int i = 0; i < 6; i++) {
        run_until_stop(t, &st);
        assert_int_equal(st.kind, TARGET_STOP_TRAP);
        assert_int_equal(st.event.kind, TRAP_WORLD_SWITCH);
        unsigned in = st.event.other_vm;
        assert_true(in == 1 || in == 2);
        assert_int_not_equal(in, last_in);           /* they alternate */
        if (i > 0)                                   /* someone ran a slice */
            assert_true(target_time(t) > before + 1000);
        before = target_time(t);
        last_in = in;
    }
    target_trap_stop(t, 0, 0);
    target_free(t);
}

/* ---- a breakpoint never hit changes nothing ------------------------------------------ */

static void check_unhit_break(unsigned nvms)
{
    struct console ca, cb;
    struct target *a = make(&ca, nvms, "run=hello,counter");
    struct target *b = make(&cb, nvms, "run=hello,counter");
    unsigned last = nvms ? nvms : 1;
    struct target_stop sa, sb;
    target_run(a, 1000000, &sa);          /* past the kernel's BSS clearing */
    target_run(b, 1000000, &sb);
    assert_true(target_break_insert(b, last, sym("panic")) > 0);
    assert_true(target_watch_insert(b, last, sym("nwired"), 4, TARGET_WATCH_WRITE) > 0);
    target_run(a, 4000000, &sa);
    target_run(b, 4000000, &sb);
    assert_int_equal(sa.kind, sb.kind);
    assert_int_equal(target_time(a), target_time(b));
    for (unsigned vm = 1; vm <= last; vm++) {
        same_registers(a, b, vm);
        assert_int_equal(cpu_icount(target_guest_cpu(a, vm)),
                         cpu_icount(target_guest_cpu(b, vm)));
        assert_int_equal(ca.len[vm - 1], cb.len[vm - 1]);
        assert_memory_equal(ca.text[vm - 1], cb.text[vm - 1], ca.len[vm - 1]);
    }
    assert_true(ca.len[0] > 0);
    target_free(a);
    target_free(b);
}

static void test_unhit_break_bare(void **state)
{
    (void)state;
    check_unhit_break(0);
}

static void test_unhit_break_monitor(void **state)
{
    (void)state;
    check_unhit_break(2);
}

/* ---- registers and memory -------------------------------------------------------------- */

static void check_registers(struct target *t, unsigned vm)
{
    uint32_t old = reg(t, vm, 8);
    assert_true(target_reg_write(t, vm, 8, 0x12345678u));
    assert_int_equal(reg(t, vm, 8), 0x12345678u);
    assert_true(target_reg_write(t, vm, TARGET_REG_HI, 0xCAFEF00Du));
    assert_int_equal(reg(t, vm, TARGET_REG_HI), 0xCAFEF00Du);
    assert_true(target_reg_write(t, vm, 8, old));
    assert_true(target_reg_write(t, vm, 0, 0));
    assert_false(target_reg_write(t, vm, 0, 5));
    assert_int_equal(reg(t, vm, 0), 0);
    assert_false(target_reg_write(t, vm, TARGET_NREGS, 1));
    uint32_t v;
    assert_false(target_reg_read(t, vm, TARGET_NREGS, &v));
    assert_false(target_reg_read(t, 9, 1, &v));
    assert_int_equal(reg(t, vm, TARGET_REG_STATUS),
                     target_cp0_read(t, vm, CP0_STATUS, 0));
}

static void check_memory(struct target *t, unsigned vm)
{
    uint32_t va = sym("timer_intr");
    uint8_t v[64], g[64], m[64];
    assert_int_equal(target_mem_read(t, vm, TARGET_SPACE_VIRT, va, v, sizeof v), sizeof v);
    uint32_t gpa, mpa;
    bool has_mpa;
    assert_true(target_translate(t, vm, va, &gpa, &mpa, &has_mpa));
    assert_true(has_mpa);
    assert_int_equal(gpa, va - 0xC0000000u);    /* the firmware's ksseg map */
    assert_int_equal(target_mem_read(t, vm, TARGET_SPACE_GUEST, gpa, g, sizeof g), sizeof g);
    assert_int_equal(target_mem_read(t, vm, TARGET_SPACE_MACHINE, mpa, m, sizeof m), sizeof m);
    assert_memory_equal(v, g, sizeof v);
    assert_memory_equal(v, m, sizeof v);
    assert_int_equal(v[3], 0x40);               /* mfc0 v0,c0_compare */
    if (target_is_monitor(t)) {
        uint32_t frame;
        assert_true(monitor_pmap_lookup(target_monitor(t), vm, gpa, &frame));
        assert_int_equal(frame, mpa);
        assert_int_not_equal(mpa, gpa);         /* frames go in touch order */
    } else {
        assert_int_equal(mpa, gpa);
    }
    /* a write shows in every space; the code is decoded again */
    uint32_t word = 0x11223344u, back = 0;
    assert_int_equal(target_mem_write(t, vm, TARGET_SPACE_VIRT, va + 8, &word, 4), 4);
    assert_int_equal(target_mem_read(t, vm, TARGET_SPACE_MACHINE, mpa + 8, &back, 4), 4);
    assert_int_equal(back, word);
    assert_int_equal(target_mem_write(t, vm, TARGET_SPACE_GUEST, gpa + 8, v + 8, 4), 4);
    /* what is not memory */
    assert_int_equal(target_mem_read(t, vm, TARGET_SPACE_GUEST, 0x1F000000u, v, 4), 0);
    assert_int_equal(target_mem_read(t, vm, TARGET_SPACE_VIRT, 0xFFFFF000u, v, 4), 0);
    assert_int_equal(target_mem_read(t, vm, TARGET_SPACE_GUEST, 0xFFFFFFFEu, v, 4), 0);
    assert_int_equal(target_mem_read(t, 9, TARGET_SPACE_GUEST, 0, v, 4), 0);
    assert_false(target_translate(t, vm, 0xFFFFF000u, &gpa, &mpa, &has_mpa));
}

static void check_bad_points(struct target *t)
{
    assert_int_equal(target_break_insert(t, 0, 0xC0010000u), -1);
    assert_int_equal(target_break_insert(t, 9, 0xC0010000u), -1);
    assert_int_equal(target_break_insert(t, 1, 0xC0010002u), -1);
    assert_int_equal(target_watch_insert(t, 1, 0xC0010000u, 0, TARGET_WATCH_READ), -1);
    assert_int_equal(target_watch_insert(t, 1, 0xC0010000u, 4, 0), -1);
    assert_int_equal(target_watch_insert(t, 1, 0xC0010000u, 4, 8), -1);
    assert_int_equal(target_watch_insert(t, 1, 0xFFFFFFFEu, 4, TARGET_WATCH_READ), -1);
    assert_false(target_point_remove(t, 0));
    assert_false(target_point_remove(t, 12345));
    int ids = 0;
    while (target_break_insert(t, 1, 0x80001000u) > 0 && ids < 100)
        ids++;
    assert_int_equal(ids, CPU_MAX_BREAKPOINTS);       /* the table fills */
}

static void test_regs_mem_bare(void **state)
{
    (void)state;
    struct console con;
    struct target *t = make(&con, 0, "run=hello");
    struct target_stop st;
    target_run(t, 200000, &st);
    check_registers(t, 1);
    check_memory(t, 1);
    check_bad_points(t);
    assert_int_equal(target_nguests(t), 1);
    assert_false(target_is_monitor(t));
    assert_null(target_kernel(t, 2));
    run_until_stop(t, &st);
    assert_int_equal(st.kind, TARGET_STOP_DONE);
    assert_int_equal(target_state(t, 1), VM_STOPPED);
    assert_int_equal(target_status(t), 0);
    assert_non_null(strstr(con.text[0], "hello"));
    target_free(t);
}

static void test_regs_mem_monitor(void **state)
{
    (void)state;
    struct console con;
    struct target *t = make(&con, 2, "run=hello");
    struct target_stop st;
    target_run(t, 600000, &st);
    check_registers(t, 2);
    check_memory(t, 2);
    check_bad_points(t);
    assert_int_equal(target_nguests(t), 2);
    assert_ptr_equal(target_phys_cpu(t), monitor_pcpu(target_monitor(t)));
    run_until_stop(t, &st);
    assert_int_equal(st.kind, TARGET_STOP_DONE);
    assert_int_equal(target_status(t), 0);
    target_free(t);
}

static void test_request_stop(void **state)
{
    (void)state;
    struct console con;
    struct target *t = make(&con, 1, "run=counter");
    target_request_stop(t);
    struct target_stop st;
    uint64_t t0 = target_time(t);
    target_run(t, 1000000, &st);
    assert_int_equal(st.kind, TARGET_STOP_REQUEST);
    assert_int_equal(target_time(t), t0);
    target_run(t, 1000, &st);                         /* the flag is spent */
    assert_int_equal(st.kind, TARGET_STOP_BUDGET);
    target_free(t);
}

static void test_bad_options(void **state)
{
    (void)state;
    struct run_options o;
    memset(&o, 0, sizeof o);
    o.ram_mib = 16;
    o.kernel = "/nonexistent.elf";
    char err[256] = "";
    assert_null(target_new(&o, NULL, err, sizeof err));
    assert_non_null(strstr(err, "nonexistent"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_break_bare),
        cmocka_unit_test(test_break_monitor),
        cmocka_unit_test(test_break_only_in_vm2),
        cmocka_unit_test(test_watch_bare),
        cmocka_unit_test(test_watch_monitor),
        cmocka_unit_test(test_step_bare),
        cmocka_unit_test(test_step_monitor),
        cmocka_unit_test(test_step_from_breakpoint),
        cmocka_unit_test(test_trap_stop),
        cmocka_unit_test(test_world_switch_stops),
        cmocka_unit_test(test_unhit_break_bare),
        cmocka_unit_test(test_unhit_break_monitor),
        cmocka_unit_test(test_regs_mem_bare),
        cmocka_unit_test(test_regs_mem_monitor),
        cmocka_unit_test(test_request_stop),
        cmocka_unit_test(test_bad_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
