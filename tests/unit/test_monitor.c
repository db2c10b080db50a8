/*
 * test_monitor.c -- the monitor (monitor/) through its public API, with
 * real guests: minikern and the bare-metal test programs built in roms/.
 *
 * What a console transcript cannot show is checked here, between slices of
 * a real run:
 *   - the physical CPU never runs a guest with CU0, EXL or ERL set;
 *   - every valid real TLB entry is a shadow the monitor knows about, never
 *     G, pointing at exactly the machine frame the guest's own virtual TLB
 *     entry and pmap give, and writable only if the guest's entry is (D);
 *   - machine memory nobody owns stays zero; a VM's memory ends the same
 *     whether it ran alone or beside another VM;
 * and the bad configurations monitor_new() must refuse.
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

#include "monitor/monitor.h"

#define MINIKERN ROMS_OUT "/minikern/minikern.elf"
#define ISA_ARITH ROMS_OUT "/tests/isa_arith.elf"

struct console {
    char text[MONITOR_MAX_VMS][1 << 16];
    size_t len[MONITOR_MAX_VMS];
};

static void on_console(void *opaque, unsigned vm, uint8_t byte)
{
    struct console *c = opaque;
    if (vm >= 1 && vm <= MONITOR_MAX_VMS && c->len[vm - 1] + 1 < sizeof c->text[0])
        c->text[vm - 1][c->len[vm - 1]++] = (char)byte;
}

static struct monitor *make(struct console *con, unsigned n,
                            const char *const kernels[], const char *const args[])
{
    struct monitor_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.nvms = n;
    for (unsigned i = 0; i < n; i++) {
        cfg.vm[i].kernel = kernels[i];
        cfg.vm[i].args = args[i];
        cfg.vm[i].ram_mib = 16;
    }
    struct monitor_callbacks cb = { .console_out = on_console, .opaque = con };
    char err[256];
    struct monitor *m = monitor_new(&cfg, &cb, err, sizeof err);
    if (m == NULL)
        fail_msg("monitor_new: %s", err);
    return m;
}

/* ---- invariants, checked between slices -------------------------------- */

static void check_physical_status(struct monitor *m)
{
    uint32_t st = cpu_cp0_read(monitor_pcpu(m), CP0_STATUS, 0);
    assert_int_equal(st & (ST_CU0 | ST_EXL | ST_ERL), 0);
    assert_int_not_equal(st & ST_KSU, 0);          /* supervisor or user */
}

/* One half of a real entry against the guest's own view of that page. */
static void check_half(struct monitor *m, unsigned vm, uint32_t va,
                       uint8_t asid, uint32_t lo)
{
    if (!(lo & ENTRYLO_V))
        return;
    struct tlb_match g;
    assert_true(tlb_lookup(cpu_tlb(monitor_vcpu(m, vm)), va, asid, &g));
    assert_true(g.entrylo & ENTRYLO_V);
    uint32_t mpa;
    assert_true(monitor_pmap_lookup(m, vm, g.paddr & ~0xFFFu, &mpa));
    uint32_t pfn_pa = ((lo & ENTRYLO_PFN_MASK) >> ENTRYLO_PFN_SHIFT) << 12;
    assert_int_equal(pfn_pa, mpa);
    if (lo & ENTRYLO_D)
        assert_true(g.entrylo & ENTRYLO_D);
}

static unsigned check_shadows(struct monitor *m)
{
    struct tlb *real = cpu_tlb(monitor_pcpu(m));
    unsigned valid = 0;
    for (unsigned i = 0; i < tlb_size(real); i++) {
        struct tlb_entry e = tlb_read(real, i);
        bool v0 = e.entrylo0 & ENTRYLO_V, v1 = e.entrylo1 & ENTRYLO_V;
        unsigned vm;
        uint32_t va;
        int vindex;
        if (!v0 && !v1)
            continue;
        valid++;
        assert_true(monitor_shadow_owner(m, i, &vm, &va, &vindex));
        assert_int_equal(e.entrylo0 & e.entrylo1 & ENTRYLO_G, 0);
        assert_int_equal(e.pagemask, 0);           /* 4 KiB: the pmap's unit */
        assert_int_equal(e.entryhi & ENTRYHI_VPN2_MASK, va);
        uint8_t asid = (uint8_t)(e.entryhi & ENTRYHI_ASID_MASK);
        check_half(m, vm, va, asid, e.entrylo0);
        check_half(m, vm, va | 0x1000u, asid, e.entrylo1);
    }
    return valid;
}

static void run_checked(struct monitor *m, unsigned *slices_with_shadows)
{
    for (int guard = 0; guard < 100000; guard++) {
        enum monitor_stop why = monitor_run(m, 20011);
        check_physical_status(m);
        if (check_shadows(m) > 0)
            (*slices_with_shadows)++;
        if (why == MONITOR_DONE)
            return;
        if (why == MONITOR_IDLE) {
            uint64_t skip = monitor_insns_to_wake(m, false);
            assert_true(skip != UINT64_MAX);
            monitor_skip(m, skip ? skip : 1);
        }
    }
    fail_msg("the guests did not finish");
}

static void minikern_invariants(void **state)
{
    (void)state;
    static struct console con;
    memset(&con, 0, sizeof con);
    const char *k[] = { MINIKERN };
    const char *a[] = { "run=hello a,memtouch 32,spawner,faultz,idle" };
    struct monitor *m = make(&con, 1, k, a);
    unsigned slices = 0;
    run_checked(m, &slices);
    assert_true(slices > 10);              /* the shadow check had work */
    assert_int_equal(monitor_exit_status(m), 0);
    assert_int_equal(monitor_vm_state(m, 1), VM_STOPPED);
    assert_string_equal(monitor_vm_reason(m, 1), "powered off with code 0");
    assert_int_equal(monitor_unowned_dirty_pages(m), 0);
    struct vm_stats s;
    monitor_vm_stats(m, 1, &s);
    assert_true(s.traps[TRAP_SHADOW_FILL] > 0);
    assert_true(s.traps[TRAP_PRIV] > 0);
    assert_true(s.traps[TRAP_IO] > 0);     /* the UART */
    assert_true(s.traps[TRAP_KSEG] > 0);   /* firmware, vector stubs */
    assert_true(s.reflected[EXC_SYS] > 0);
    assert_true(s.priv[1] > 0);            /* mtc0 */
    assert_non_null(strstr(con.text[0], "hello"));
    monitor_free(m);
}

/* Two VMs: each one's memory and console end as they do alone. */
static void side_by_side_isolation(void **state)
{
    (void)state;
    static struct console alone, both;
    memset(&alone, 0, sizeof alone);
    memset(&both, 0, sizeof both);
    const char *k1[] = { MINIKERN };
    const char *a1[] = { "run=hello x,counter" };
    struct monitor *m = make(&alone, 1, k1, a1);
    unsigned slices = 0;
    run_checked(m, &slices);
    uint64_t digest_alone = monitor_vm_digest(m, 1);
    monitor_free(m);

    const char *k2[] = { ISA_ARITH, MINIKERN };
    const char *a2[] = { "", "run=hello x,counter" };
    m = make(&both, 2, k2, a2);
    run_checked(m, &slices);
    assert_int_equal(monitor_vm_digest(m, 2), digest_alone);
    assert_int_equal(both.len[1], alone.len[0]);
    assert_memory_equal(both.text[1], alone.text[0], alone.len[0]);
    assert_int_equal(monitor_unowned_dirty_pages(m), 0);
    struct vm_stats s;
    monitor_vm_stats(m, 2, &s);
    assert_true(s.traps[TRAP_WORLD_SWITCH] > 0 ||
                (monitor_vm_stats(m, 1, &s), s.traps[TRAP_WORLD_SWITCH] > 0));
    monitor_free(m);
}

/* Round robin: with budgets of exactly one slice at a time (what the front
 * end does), every VM still gets its turns. */
static void fair_slices(void **state)
{
    (void)state;
    static struct console con;
    memset(&con, 0, sizeof con);
    const char *k[] = { MINIKERN, MINIKERN };
    const char *a[] = { "run=counter 5000000", "run=counter 5000000" };
    struct monitor *m = make(&con, 2, k, a);
    for (int i = 0; i < 60; i++)
        monitor_run(m, MONITOR_DEFAULT_SLICE);
    uint64_t insns[2];
    for (unsigned id = 1; id <= 2; id++) {
        struct vm_stats s;
        monitor_vm_stats(m, id, &s);
        insns[id - 1] = s.insns_kernel + s.insns_user;
        assert_true(s.traps[TRAP_WORLD_SWITCH] >= 15);
    }
    for (unsigned i = 0; i < 2; i++) {     /* each within 20% of an equal share */
        assert_true(insns[i] > 60 * MONITOR_DEFAULT_SLICE / 2 * 8 / 10);
        assert_true(insns[i] < 60 * MONITOR_DEFAULT_SLICE / 2 * 12 / 10);
    }
    monitor_free(m);
}

/* The trap log keeps the newest events, numbered without gaps. */
static void trap_log(void **state)
{
    (void)state;
    static struct console con;
    memset(&con, 0, sizeof con);
    const char *k[] = { MINIKERN };
    const char *a[] = { "run=hello" };
    struct monitor *m = make(&con, 1, k, a);
    monitor_set_detail(m, true);
    monitor_run(m, 3000000);
    struct trap_event newest, older;
    assert_true(monitor_log_get(m, 0, &newest));
    assert_true(monitor_log_get(m, 10, &older));
    assert_int_equal(newest.seq, older.seq + 10);
    assert_false(monitor_log_get(m, MONITOR_LOG_SIZE, &older));
    char line[512];
    monitor_format_event(m, &newest, line, sizeof line);
    assert_non_null(strstr(line, " vm1 "));
    monitor_free(m);
}

static void bad_configs(void **state)
{
    (void)state;
    char err[256];
    struct monitor_config cfg;
    memset(&cfg, 0, sizeof cfg);
    assert_null(monitor_new(&cfg, NULL, err, sizeof err));      /* no VMs */
    assert_non_null(strstr(err, "0 VMs"));

    cfg.nvms = 4;
    for (unsigned i = 0; i < 4; i++) {
        cfg.vm[i].kernel = MINIKERN;
        cfg.vm[i].ram_mib = 128;
    }
    assert_null(monitor_new(&cfg, NULL, err, sizeof err));      /* 513 MiB */
    assert_non_null(strstr(err, "more than the machine's 448 MiB"));

    cfg.nvms = 1;
    cfg.vm[0].ram_mib = 0;
    assert_null(monitor_new(&cfg, NULL, err, sizeof err));
    assert_non_null(strstr(err, "vm1: RAM size 0 MiB"));

    cfg.vm[0].ram_mib = 16;
    cfg.vm[0].kernel = "/nonexistent/kernel.elf";
    assert_null(monitor_new(&cfg, NULL, err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/kernel.elf"));

    cfg.vm[0].kernel = SOURCE_DIR "/README.md";                /* not ELF */
    assert_null(monitor_new(&cfg, NULL, err, sizeof err));
    assert_non_null(strstr(err, "README.md"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_configs),
        cmocka_unit_test(minikern_invariants),
        cmocka_unit_test(side_by_side_isolation),
        cmocka_unit_test(trap_log),
        cmocka_unit_test(fair_slices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
