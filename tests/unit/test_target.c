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
 *   - "stop before" watchpoints (TARGET_WATCH_BEFORE, the GDB stub's) stop
 *     with the guest exactly where a breakpoint on the accessing
 *     instruction (or on its branch, for a delay slot) stops it: same PC,
 *     registers, memory, time, trap log; nothing written, even to a
 *     device; continuing makes the access once and goes on.  Bare, and
 *     under the monitor both on the physical CPU (a store in a delay slot)
 *     and on the vCPU (a trapped store to the UART, emulated);
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

static void same_registers(struct target *a, struct target *b, unsigned vm)
{
    for (unsigned r = 0; r < TARGET_NREGS; r++)
        assert_int_equal(reg(a, vm, r), reg(b, vm, r));
}

/* ---- watchpoints that stop before the access ------------------------------------ */

static uint32_t word_at(struct target *t, unsigned vm, uint32_t va)
{
    uint32_t w = 0;
    assert_int_equal(target_mem_read(t, vm, TARGET_SPACE_VIRT, va, &w, 4), 4);
    return w;
}

/* Run until watchpoint `id` stops at pc (or, pc 0, at any PC). */
static void run_to_watch(struct target *t, int id, uint32_t pc,
                         struct target_stop *st)
{
    for (int i = 0; i < 200; i++) {
        run_until_stop(t, st);
        assert_int_equal(st->kind, TARGET_STOP_WATCHPOINT);
        assert_int_equal(st->id, id);
        if (pc == 0 || st->pc == pc)
            return;
    }
    fail_msg("watchpoint %d never stopped at %08x", id, pc);
}

/* b, stopped at a breakpoint at a's PC, is where a must be: the accessing
 * instruction (or branch) has not begun in a. */
static void same_as_break(struct target *a, struct target *b, unsigned vm,
                          uint32_t watched)
{
    same_registers(a, b, vm);
    assert_int_equal(cpu_icount(target_guest_cpu(a, vm)),
                     cpu_icount(target_guest_cpu(b, vm)));
    assert_int_equal(cpu_cp0_read(target_guest_cpu(a, vm), CP0_COUNT, 0),
                     cpu_cp0_read(target_guest_cpu(b, vm), CP0_COUNT, 0));
    uint32_t wa = 0, wb = 1;
    if (watched < 0xD0000000u) {           /* RAM; the UART is not read */
        target_mem_read(a, vm, TARGET_SPACE_VIRT, watched, &wa, 4);
        target_mem_read(b, vm, TARGET_SPACE_VIRT, watched, &wb, 4);
        assert_int_equal(wa, wb);
    }
    if (target_is_monitor(a)) {            /* no trap event for the stop */
        struct trap_event ea, eb;
        assert_true(monitor_log_get(target_monitor(a), 0, &ea));
        assert_true(monitor_log_get(target_monitor(b), 0, &eb));
        assert_int_equal(ea.seq, eb.seq);
        assert_int_equal(ea.kind, eb.kind);
        assert_int_equal(ea.pc, eb.pc);
    }
}

static void snapshot(struct target *t, uint32_t *r)
{
    for (unsigned i = 0; i < TARGET_NREGS; i++)
        r[i] = reg(t, 1, i);
}

/* ticks++ is the store in the delay slot of `j wakeup` (timer_intr, kernel
 * code in ksseg: directly on the physical CPU under the monitor).  The stop
 * is at the j, not retired; continuing stores once and stops at the next
 * tick's store. */
static void check_watch_before_slot(unsigned nvms)
{
    struct console ca, cb;
    struct target *a = make(&ca, nvms, "run=counter");
    struct target *b = make(&cb, nvms, "run=counter");
    uint32_t ticks = sym("ticks"), wakeup = sym("wakeup");
    uint32_t j_wakeup = (2u << 26) | ((wakeup >> 2) & 0x03FFFFFFu);
    int id = target_watch_insert(a, 1, ticks, 4,
                                 TARGET_WATCH_WRITE | TARGET_WATCH_BEFORE);
    assert_true(id > 0);
    struct target_stop st;
    /* the kernel's BSS clearing stores first: each resume gets past one */
    for (int i = 0; i < 200; i++) {
        run_until_stop(a, &st);
        assert_int_equal(st.kind, TARGET_STOP_WATCHPOINT);
        assert_int_equal(st.id, id);
        assert_int_equal(st.addr, ticks);
        assert_true(st.write);
        if (word_at(a, 1, st.pc) == j_wakeup)
            break;
    }
    uint32_t pc = st.pc;
    assert_int_equal(word_at(a, 1, pc), j_wakeup);   /* at the branch */
    assert_int_equal(reg(a, 1, TARGET_REG_PC), pc);
    uint32_t old = 0;
    target_mem_read(a, 1, TARGET_SPACE_VIRT, ticks, &old, 4);
    /* b, with a breakpoint on that j instead, stops at the same moment */
    int bid = target_break_insert(b, 1, pc);
    run_until_stop(b, &st);
    assert_int_equal(st.kind, TARGET_STOP_BREAKPOINT);
    assert_int_equal(st.id, bid);
    same_as_break(a, b, 1, ticks);
    /* continuing: the store happens (no stop again at once), then the
     * next tick's store stops at the same j */
    run_to_watch(a, id, pc, &st);
    uint32_t now = 0;
    target_mem_read(a, 1, TARGET_SPACE_VIRT, ticks, &now, 4);
    assert_int_equal(now, old + 1);
    run_until_stop(b, &st);                          /* b: its next tick */
    assert_int_equal(st.kind, TARGET_STOP_BREAKPOINT);
    same_as_break(a, b, 1, ticks);
    /* b: between the j and its slot, then a run that starts in the slot
     * (under the monitor, directly: the physical CPU takes back a branch
     * an earlier run retired, and so does the guest's time) */
    assert_true(target_point_remove(b, bid));
    uint32_t before[TARGET_NREGS], after[TARGET_NREGS];
    snapshot(b, before);
    uint64_t t0 = cpu_icount(target_guest_cpu(b, 1));
    uint32_t count0 = cpu_cp0_read(target_guest_cpu(b, 1), CP0_COUNT, 0);
    target_mem_read(b, 1, TARGET_SPACE_VIRT, ticks, &old, 4);
    target_step(b, 1, 1, &st);
    assert_int_equal(reg(b, 1, TARGET_REG_PC), pc + 4);  /* the slot is due */
    id = target_watch_insert(b, 1, ticks, 4, TARGET_WATCH_WRITE | TARGET_WATCH_BEFORE);
    run_until_stop(b, &st);
    assert_int_equal(st.kind, TARGET_STOP_WATCHPOINT);
    assert_int_equal(st.pc, pc);
    snapshot(b, after);
    assert_memory_equal(before, after, sizeof before);
    assert_int_equal(cpu_icount(target_guest_cpu(b, 1)), t0);
    assert_int_equal(cpu_cp0_read(target_guest_cpu(b, 1), CP0_COUNT, 0), count0);
    target_mem_read(b, 1, TARGET_SPACE_VIRT, ticks, &now, 4);
    assert_int_equal(now, old);
    run_to_watch(b, id, pc, &st);
    target_mem_read(b, 1, TARGET_SPACE_VIRT, ticks, &now, 4);
    assert_int_equal(now, old + 1);
    target_free(a);
    target_free(b);
}

static void test_watch_before_slot_bare(void **state)
{
    (void)state;
    check_watch_before_slot(0);
}

static void test_watch_before_slot_monitor(void **state)
{
    (void)state;
    check_watch_before_slot(1);
}

/* console_putc's `sb a0,THR`: under the monitor a store to a device traps
 * and the vCPU emulates it.  Stopped before it, nothing was sent; after
 * continuing, exactly that byte was. */
static void check_watch_before_uart(unsigned nvms)
{
    struct console ca, cb;
    struct target *a = make(&ca, nvms, "run=hello");
    struct target *b = make(&cb, nvms, "run=hello");
    const uint32_t thr = 0xDFD003F8u;      /* minikern's UART, mapped */
    int id = target_watch_insert(a, 1, thr, 1,
                                 TARGET_WATCH_WRITE | TARGET_WATCH_BEFORE);
    assert_true(id > 0);
    struct target_stop st;
    uint32_t putc_lo = sym("console_putc"), putc_hi = sym("console_write");
    size_t sent = 0;
    unsigned in_putc = 0;
    for (unsigned n = 0; in_putc < 40; n++) {
        assert_true(n < 200);
        run_to_watch(a, id, 0, &st);
        assert_int_equal(st.addr, thr);
        assert_int_equal(reg(a, 1, TARGET_REG_PC), st.pc);
        uint32_t insn = word_at(a, 1, st.pc);
        assert_int_equal(insn >> 26, 0x28);          /* sb: not a branch */
        uint8_t byte = (uint8_t)reg(a, 1, (insn >> 16) & 31);
        assert_int_equal(ca.len[0], sent);           /* nothing sent since */
        if (n == 0) {
            int bid = target_break_insert(b, 1, st.pc);
            run_until_stop(b, &st);
            assert_int_equal(st.kind, TARGET_STOP_BREAKPOINT);
            assert_int_equal(st.id, bid);
            same_as_break(a, b, 1, thr);
        }
        /* one step runs the store, and only it */
        uint32_t pc = reg(a, 1, TARGET_REG_PC);
        target_step(a, 1, 1, &st);
        assert_int_equal(st.kind, TARGET_STOP_STEP);
        assert_int_equal(reg(a, 1, TARGET_REG_PC), pc + 4);
        if (pc >= putc_lo && pc < putc_hi) {         /* (not the divisor) */
            assert_int_equal(ca.len[0], sent + 1);
            assert_int_equal((uint8_t)ca.text[0][sent], byte);
            in_putc++;
        }
        sent = ca.len[0];
    }
    assert_true(target_point_remove(a, id));
    run_until_stop(a, &st);
    assert_non_null(strstr(ca.text[0], "hello, world"));
    target_free(a);
    target_free(b);
}

static void test_watch_before_uart_bare(void **state)
{
    (void)state;
    check_watch_before_uart(0);
}

static void test_watch_before_uart_monitor(void **state)
{
    (void)state;
    check_watch_before_uart(1);
}

/* The same store in a delay slot, and a run that starts in that slot.
 * console_putc is patched: its `andi a0,a0,0xff` becomes `b .+8`, so the
 * `sb a0,THR` is the slot of a branch whose target is the `jr ra` after it.
 * a stops before the store at the branch (under the monitor: the trap of
 * the slot, emulated by the vCPU, which runs the branch again and then
 * takes it back).  b first stands between the branch and its slot (a step
 * from a breakpoint), then runs: the slot is the first instruction of the
 * run, and the stop takes back the branch retired before (trap.c). */
static void patch_putc(struct target *t, uint32_t at)
{
    uint32_t w = 0;
    assert_int_equal(target_mem_read(t, 1, TARGET_SPACE_GUEST, at - 0xC0000000u, &w, 4), 4);
    assert_int_equal(w, 0x308400FFu);               /* andi a0,a0,0xff */
    w = 0x10000001u;                                /* beq zero,zero,.+8 */
    assert_int_equal(target_mem_write(t, 1, TARGET_SPACE_GUEST, at - 0xC0000000u, &w, 4), 4);
}

static void check_watch_before_uart_slot(unsigned nvms)
{
    struct console ca, cb;
    struct target *a = make(&ca, nvms, "run=hello");
    struct target *b = make(&cb, nvms, "run=hello");
    const uint32_t thr = 0xDFD003F8u;
    uint32_t br = sym("console_putc") + 0x1C;
    patch_putc(a, br);
    patch_putc(b, br);
    int id = target_watch_insert(a, 1, thr, 1,
                                 TARGET_WATCH_WRITE | TARGET_WATCH_BEFORE);
    int bid = target_break_insert(b, 1, br);
    struct target_stop st;
    run_to_watch(a, id, br, &st);                    /* at the branch */
    run_until_stop(b, &st);
    assert_int_equal(st.kind, TARGET_STOP_BREAKPOINT);
    assert_int_equal(st.id, bid);
    same_as_break(a, b, 1, thr);
    assert_int_equal(ca.len[0], cb.len[0]);
    /* as gdb does: over the branch and its slot; the byte goes out once */
    size_t sent = ca.len[0];
    uint8_t byte = (uint8_t)reg(a, 1, 4);
    target_step(a, 1, 2, &st);
    assert_int_equal(st.kind, TARGET_STOP_STEP);
    assert_int_equal(reg(a, 1, TARGET_REG_PC), br + 8);
    assert_int_equal(ca.len[0], sent + 1);
    assert_int_equal((uint8_t)ca.text[0][sent], byte);
    run_to_watch(a, id, br, &st);                    /* the next byte */
    assert_int_equal(ca.len[0], sent + 1);

    /* b: between the branch and its slot, then a run that starts there */
    assert_true(target_point_remove(b, bid));
    uint32_t before[TARGET_NREGS];
    snapshot(b, before);
    uint64_t t0 = cpu_icount(target_guest_cpu(b, 1));
    uint32_t count0 = cpu_cp0_read(target_guest_cpu(b, 1), CP0_COUNT, 0);
    target_step(b, 1, 1, &st);
    assert_int_equal(reg(b, 1, TARGET_REG_PC), br + 4);  /* the slot is due */
    id = target_watch_insert(b, 1, thr, 1, TARGET_WATCH_WRITE | TARGET_WATCH_BEFORE);
    sent = cb.len[0];
    run_until_stop(b, &st);
    assert_int_equal(st.kind, TARGET_STOP_WATCHPOINT);
    assert_int_equal(st.id, id);
    assert_int_equal(st.pc, br);                     /* back at the branch */
    uint32_t after[TARGET_NREGS];
    snapshot(b, after);
    assert_memory_equal(before, after, sizeof before);
    assert_int_equal(cpu_icount(target_guest_cpu(b, 1)), t0);
    assert_int_equal(cpu_cp0_read(target_guest_cpu(b, 1), CP0_COUNT, 0), count0);
    assert_int_equal(cb.len[0], sent);
    run_to_watch(b, id, br, &st);                    /* once, then the next */
    assert_int_equal(cb.len[0], sent + 1);
    assert_int_equal((uint8_t)cb.text[0][sent], byte);
    target_free(a);
    target_free(b);
}

static void test_watch_before_uart_slot_bare(void **state)
{
    (void)state;
    check_watch_before_uart_slot(0);
}

static void test_watch_before_uart_slot_monitor(void **state)
{
    (void)state;
    check_watch_before_uart_slot(1);
}

/* ---- stepping -------------------------------------------------------------------- */

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
    assert_true(target_watch_insert(b, last, sym("nwired"), 4, TARGET_WATCH_WRITE |
                                    TARGET_WATCH_BEFORE) > 0);
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
    assert_int_equal(target_watch_insert(t, 1, 0xC0010000u, 4, TARGET_WATCH_BEFORE), -1);
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
        cmocka_unit_test(test_watch_before_slot_bare),
        cmocka_unit_test(test_watch_before_slot_monitor),
        cmocka_unit_test(test_watch_before_uart_bare),
        cmocka_unit_test(test_watch_before_uart_monitor),
        cmocka_unit_test(test_watch_before_uart_slot_bare),
        cmocka_unit_test(test_watch_before_uart_slot_monitor),
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
