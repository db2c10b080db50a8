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
 * and the bad configurations monitor_new() must refuse.  Also the trap
 * path's short cuts, cpu_step_cop0() and cpu_step_syscall(), against
 * cpu_run(c, 1): two CPUs run the same code, one always through the
 * interpreter, and must agree after every step.  And the monitor's two short ways (a CP0 move's trap
 * resumed inline, kseg0 code emulated in batches), which are taken only
 * while nobody looks at single events, against the long ways they stand
 * for: the same run with detail on must agree with it at every step.
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
#include "devices/bus.h"

#define MINIKERN ROMS_OUT "/minikern/minikern.elf"
#define ISA_ARITH ROMS_OUT "/tests/isa_arith.elf"
#define TIMER_ROM ROMS_OUT "/tests/timer.elf"
#define EXC_BASIC ROMS_OUT "/tests/exc_basic.elf"
#define VMTESTS ROMS_OUT "/vmtests"

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

/* ---- the short ways against the long ways ------------------------------ */

static void assert_same_stats(const struct vm_stats *a, const struct vm_stats *b)
{
    struct vm_stats x = *a, y = *b;
    x.host_ns = y.host_ns = 0;            /* host time: never the same */
    assert_memory_equal(&x, &y, sizeof x);
}

/* Run the same guests twice: with detail on, every trap takes the long
 * way and emulation goes one instruction per event; without, the COP0
 * assist emulates the guest kernels' COP0 instructions without an
 * exception, and kseg0 code runs in batches.  Machine time and every
 * counter must agree after every slice of the run, and the consoles and
 * guest memory at its end.  Returns the short run's monitor, for more
 * checks; *assisted is how many traps it took the assist's way. */
static struct monitor *both_ways(unsigned n, const char *const k[],
                                 const char *const a[], struct console *con,
                                 uint64_t *assisted)
{
    static struct console con_long;
    memset(&con_long, 0, sizeof con_long);
    memset(con, 0, sizeof *con);
    struct monitor *lm = make(&con_long, n, k, a);
    struct monitor *sm = make(con, n, k, a);
    monitor_set_detail(lm, true);
    enum monitor_stop ls = MONITOR_BUDGET, ss = MONITOR_BUDGET;
    int chunks = 0;
    while (ls != MONITOR_DONE && chunks++ < 20000) {
        ls = monitor_run(lm, 7919);       /* a prime: slices end anywhere */
        ss = monitor_run(sm, 7919);
        assert_int_equal(ls, ss);
        if (ls == MONITOR_IDLE) {         /* skip the idle time alike */
            uint64_t w = monitor_insns_to_wake(lm, false);
            assert_int_equal(w, monitor_insns_to_wake(sm, false));
            if (w != UINT64_MAX) {
                monitor_skip(lm, w);
                monitor_skip(sm, w);
            }
        }
        assert_int_equal(monitor_time(lm), monitor_time(sm));
        for (unsigned id = 1; id <= n; id++) {
            struct vm_stats x, y;
            monitor_vm_stats(lm, id, &x);
            monitor_vm_stats(sm, id, &y);
            assert_same_stats(&x, &y);
        }
    }
    assert_int_equal(ls, MONITOR_DONE);
    assert_int_equal(monitor_assisted(lm), 0);
    *assisted = monitor_assisted(sm);
    for (unsigned id = 1; id <= n; id++) {
        assert_int_equal(con_long.len[id - 1], con->len[id - 1]);
        assert_memory_equal(con_long.text[id - 1], con->text[id - 1],
                            con_long.len[id - 1]);
        assert_true(monitor_vm_digest(lm, id) == monitor_vm_digest(sm, id));
    }
    monitor_free(lm);
    return sm;
}

/* Three guests: minikern's system calls, TLB refills and timer ticks; a
 * kseg0 program taking timer interrupts; one taking exceptions in kseg0. */
static void short_ways_exact(void **state)
{
    (void)state;
    static struct console con;
    const char *k[] = { MINIKERN, TIMER_ROM, EXC_BASIC };
    const char *a[] = { "run=sysbench 2000,memtouch 200,spawner,hello x", "", "" };
    uint64_t assisted;
    struct monitor *sm = both_ways(3, k, a, &con, &assisted);
    struct vm_stats s;
    monitor_vm_stats(sm, 1, &s);
    assert_true(s.priv[0] > 2000 && s.priv[1] > 2000);   /* mfc0, mtc0 */
    assert_true(s.traps[TRAP_KSEG] > 1000);
    /* the short way is the COP0 assist's: most privileged traps took it */
    assert_true(assisted > 4000);
    assert_non_null(strstr(con.text[0], "sysbench: 2000 getpid calls"));
    monitor_free(sm);
}

/* The guests written to trap the monitor's corners: COP0 registers, delay
 * slots, EXL already set, ll/sc across traps, the timer, the TLB.  Their
 * erets and Status writes lead into kseg0 code and user mode, where the
 * assist must end the long way's way. */
static void short_ways_exact_vmtests(void **state)
{
    (void)state;
    static struct console con;
    const char *k[] = { VMTESTS "/vt_cp0.elf", VMTESTS "/vt_delay.elf",
                        VMTESTS "/vt_exl.elf", VMTESTS "/vt_llsc.elf",
                        VMTESTS "/vt_timer.elf", VMTESTS "/vt_tlb.elf" };
    const char *a[] = { "", "", "", "", "", "" };
    uint64_t assisted;
    struct monitor *sm = both_ways(6, k, a, &con, &assisted);
    print_message("vmtests: %llu traps assisted\n", (unsigned long long)assisted);
    assert_true(assisted > 100);
    for (unsigned id = 1; id <= 6; id++) {
        con.text[id - 1][con.len[id - 1]] = '\0';
        assert_non_null(strstr(con.text[id - 1], ": OK ("));
    }
    monitor_free(sm);
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

/* ---- cpu_step_cop0(), cpu_step_syscall() == cpu_run(c, 1) --------------- */

#define STEP_RAM (64u << 10)
#define C0_MFC0(rt, rd, sel) (0x40000000u | (rt) << 16 | (rd) << 11 | (sel))
#define C0_MTC0(rt, rd, sel) (0x40800000u | (rt) << 16 | (rd) << 11 | (sel))
#define C0_ADDIU(rt, rs, imm) (0x24000000u | (rs) << 21 | (rt) << 16 | ((imm) & 0xFFFFu))
#define C0_ORI(rt, rs, imm) (0x34000000u | (rs) << 21 | (rt) << 16 | ((imm) & 0xFFFFu))
#define C0_BEQ0(off) (0x10000000u | ((uint32_t)(off) & 0xFFFFu))   /* beq $0,$0 */
#define C0_ERET 0x42000018u
#define C0_TLBR 0x42000001u
#define C0_TLBP 0x42000008u
#define C0_LUI(rt, imm) (0x3C000000u | (rt) << 16 | ((imm) & 0xFFFFu))

struct step_cpu { uint8_t *ram; struct bus *bus; struct cpu *c; };

static void step_cpu_new(struct step_cpu *s, const uint32_t *code, size_t n,
                         const uint32_t *vec, size_t nvec)
{
    s->ram = calloc(1, STEP_RAM);
    assert_non_null(s->ram);
    memcpy(s->ram + 0x1000, code, n * 4);
    memcpy(s->ram + 0x180, vec, nvec * 4);
    s->bus = bus_new();
    assert_non_null(s->bus);
    assert_int_equal(bus_map_memory(s->bus, "ram", 0, STEP_RAM, s->ram, false), 0);
    struct cpu_config cfg = { .tlb_entries = 16 };
    s->c = cpu_new(&cfg, s->bus);
    assert_non_null(s->c);
    cpu_cp0_write(s->c, CP0_STATUS, 0, 0);          /* kernel, BEV=ERL=0 */
    cpu_set_pc(s->c, 0x80001000u);
}

static void step_cpu_free(struct step_cpu *s)
{
    cpu_free(s->c);
    bus_free(s->bus);
    free(s->ram);
}

/* cpu_mode() is kept, not computed: it must always be what Status says. */
static void assert_mode_is_status(struct cpu *c)
{
    uint32_t st = cpu_cp0_read(c, CP0_STATUS, 0);
    unsigned ksu = (st & ST_KSU) >> ST_KSU_SHIFT;
    enum cpu_mode m = (st & (ST_EXL | ST_ERL)) || ksu == 0 ? CPU_KERNEL :
                      ksu == 1 ? CPU_SUPERVISOR : CPU_USER;
    assert_int_equal(cpu_mode(c), m);
}

static void assert_same_cpu(struct cpu *a, struct cpu *b)
{
    assert_mode_is_status(a);
    assert_mode_is_status(b);
    struct cpu_context x, y;
    cpu_get_context(a, &x);
    cpu_get_context(b, &y);
    assert_memory_equal(x.gpr, y.gpr, sizeof x.gpr);
    assert_int_equal(x.hi, y.hi);
    assert_int_equal(x.lo, y.lo);
    assert_int_equal(x.pc, y.pc);
    assert_int_equal(x.in_delay, y.in_delay);
    assert_int_equal(x.llbit, y.llbit);
    assert_int_equal(cpu_icount(a), cpu_icount(b));
    assert_int_equal(cpu_insns_to_timer(a), cpu_insns_to_timer(b));
    for (unsigned r = 0; r < 32; r++)
        for (unsigned sel = 0; sel < 2; sel++)
            assert_int_equal(cpu_cp0_read(a, r, sel), cpu_cp0_read(b, r, sel));
}

enum { T0 = 8, T1, T2, T3, T4, T5, K0 = 26, K1 };

/* Every CP0 register read and written, a timer that fires while
 * interrupts are masked and is taken right after the mtc0 that
 * unmasks them, mfc0 into $0, a select that does not exist, and a
 * COP0 word with bits 10..3 set (RI: the short cut must decline). */
static const uint32_t move_code[] = {
    C0_ADDIU(T0, 0, 40),
    C0_MTC0(T0, CP0_COMPARE, 0),
    C0_MFC0(T1, CP0_COUNT, 0),
    C0_MFC0(T2, CP0_RANDOM, 0),
    C0_MFC0(0, CP0_STATUS, 0),
    C0_MFC0(T3, CP0_CONFIG, 1),
    C0_MTC0(T0, CP0_CONFIG, 1),
    C0_ADDIU(T1, 0, 0x1234),
    C0_MTC0(T1, CP0_ENTRYHI, 0),
    C0_MTC0(T1, CP0_CONTEXT, 0),
    C0_MTC0(T1, CP0_WIRED, 0),
    C0_MFC0(T2, CP0_RANDOM, 0),
    C0_MTC0(T1, CP0_COUNT, 0),
    C0_MFC0(T4, CP0_CAUSE, 0),
    C0_ADDIU(T2, T0, -3),
    C0_MTC0(T2, CP0_COUNT, 0),            /* Compare in 3, masked */
    C0_MFC0(T4, CP0_CAUSE, 0),
    C0_ORI(T3, 0, 0x8001),                /* IM7 | IE */
    C0_MFC0(T5, CP0_COUNT, 0),
    C0_MTC0(T3, CP0_STATUS, 0),           /* the pending timer: taken */
    C0_MFC0(T5, CP0_COUNT, 0),
    C0_ADDIU(T1, 0, 3),
    C0_MTC0(T1, CP0_INDEX, 0),
    C0_TLBR,                              /* entry 3 into EntryHi/Lo */
    C0_TLBP,                              /* and found again */
    C0_MTC0(0, CP0_ENTRYHI, 0),
    C0_TLBP,                              /* not found: Index.P */
    C0_MFC0(T2, CP0_INDEX, 0),
    C0_LUI(T1, 0x8000),
    C0_ORI(T1, T1, 0x1000 + 4 * 33),      /* past the skipped word */
    C0_MTC0(T1, CP0_EPC, 0),
    C0_ERET,                              /* EXL=0: to EPC all the same */
    C0_ADDIU(T0, 0, 999),                 /* (skipped) */
    0x40001008u,                          /* mfc0 with bits 10..3 set */
    0x0000000Cu,                          /* syscall */
    0x0000000Du,                          /* break */
    C0_MFC0(T5, CP0_EPC, 0),
    C0_BEQ0(-5),
    C0_MFC0(T4, CP0_CAUSE, 0),            /* in a delay slot */
};
static const uint32_t move_vec[] = {           /* at 0x80000180 */
    C0_MFC0(K1, CP0_CAUSE, 0),
    0x30000000u | K1 << 21 | K1 << 16 | 0x7C,   /* andi k1,k1,ExcCode */
    0x14000004u | K1 << 21,               /* bne k1,$0,+4: not Int */
    C0_MFC0(K0, CP0_EPC, 0),              /* in a delay slot */
    C0_MFC0(K1, CP0_COUNT, 0),            /* Int: the next tick */
    C0_ADDIU(K1, K1, 30),
    C0_MTC0(K1, CP0_COMPARE, 0),          /* (and the acknowledge) */
    C0_MFC0(K0, CP0_EPC, 0),
    C0_ADDIU(K0, K0, 4),                  /* past it (RI, or not) */
    C0_MTC0(K0, CP0_EPC, 0),
    C0_ERET,
    0,
};
static void cp0_move_step_exact(void **state)
{
    (void)state;
    struct step_cpu a, b;
    step_cpu_new(&a, move_code, sizeof move_code / 4, move_vec, sizeof move_vec / 4);
    step_cpu_new(&b, move_code, sizeof move_code / 4, move_vec, sizeof move_vec / 4);
    unsigned shortcut = 0;
    for (unsigned i = 0; i < 600; i++) {
        enum cpu_stop wa = cpu_run(a.c, 1), wb;
        uint32_t pc = cpu_get_pc(b.c), w = 0;
        if (pc >= 0x80000000u && pc - 0x80000000u < STEP_RAM)
            memcpy(&w, b.ram + (pc - 0x80000000u), 4);
        if (cpu_step_cop0(b.c, w, &wb) || cpu_step_syscall(b.c, w, &wb))
            shortcut++;
        else
            wb = cpu_run(b.c, 1);
        assert_int_equal(wa, wb);
        assert_same_cpu(a.c, b.c);
    }
    struct cpu_stats sa, sb;
    cpu_get_stats(a.c, &sa);
    cpu_get_stats(b.c, &sb);
    assert_memory_equal(sa.exceptions, sb.exceptions, sizeof sa.exceptions);
    print_message("cp0 steps: %u of 600 the short way; Int %u, RI %u\n",
                  shortcut, (unsigned)sa.exceptions[EXC_INT],
                  (unsigned)sa.exceptions[EXC_RI]);
    assert_true(sa.exceptions[EXC_INT] >= 3);      /* the timer was taken */
    assert_true(sa.exceptions[EXC_RI] >= 1);       /* the word it declines */
    assert_true(sa.exceptions[EXC_SYS] >= 1 && sa.exceptions[EXC_BP] >= 1);
    assert_true(shortcut > 100);                   /* and the short cut ran */
    assert_int_not_equal(cpu_get_gpr(a.c, T0), 999);   /* eret jumped */
    step_cpu_free(&a);
    step_cpu_free(&b);
}

/* The assist's short steps, cpu_step_mfc0(), cpu_step_mtc0() and
 * cpu_step_eret(), == cpu_advance() and cpu_run(c, 1): the same program,
 * with `ran` instructions of time credited before each step (0 to 6, so
 * the timer falls due inside the credit, at the instruction and after
 * it).  The register an mtc0 writes and the PC come from outside, as the
 * physical CPU holds them, and what an mfc0 reads goes out.  Where a
 * short step declines, the general way runs and the two stay the same. */
static bool short_step(struct cpu *c, uint64_t ran, uint32_t pc, uint32_t w,
                       uint32_t *value)
{
    switch (cpu_cop0_op(w)) {
    case COP0_MFC0: return cpu_step_mfc0(c, ran, pc, w, value);
    case COP0_MTC0: return cpu_step_mtc0(c, ran, pc, w, *value);
    case COP0_ERET: return cpu_step_eret(c, ran, w);
    default:        return false;
    }
}

static void moves_step_after_exact(void **state)
{
    (void)state;
    struct step_cpu a, b;
    step_cpu_new(&a, move_code, sizeof move_code / 4, move_vec, sizeof move_vec / 4);
    step_cpu_new(&b, move_code, sizeof move_code / 4, move_vec, sizeof move_vec / 4);
    unsigned taken[COP0_ERET + 1] = { 0 }, declined[COP0_ERET + 1] = { 0 };
    for (unsigned i = 0; i < 600; i++) {
        uint64_t ran = i % 7;
        cpu_advance(a.c, ran);
        enum cpu_stop wa = cpu_run(a.c, 1), wb = CPU_STOP_BUDGET;
        uint32_t pc = cpu_get_pc(b.c), w = 0, target;
        if (pc >= 0x80000000u && pc - 0x80000000u < STEP_RAM)
            memcpy(&w, b.ram + (pc - 0x80000000u), 4);
        enum cpu_cop0_op op = cpu_cop0_op(w);
        unsigned rt = (w >> 16) & 31;
        /* b's own copies are spoilt first, so that only the arguments can
         * give the right ones (not a branch's PC: that must decline as it
         * is). */
        uint32_t held = cpu_get_gpr(b.c, rt), value = held;
        bool spoil_pc = op != COP0_ERET && !cpu_in_delay(b.c, &target);
        if (op == COP0_MTC0 && rt != 0)
            cpu_set_gpr(b.c, rt, ~held);
        if (spoil_pc)
            cpu_set_pc(b.c, pc + 0x100);
        if (short_step(b.c, ran, pc, w, &value)) {
            taken[op]++;
            if (op == COP0_MFC0 && rt != 0)     /* what the interpreter read */
                assert_int_equal(value, cpu_get_gpr(a.c, rt));
        } else {
            declined[op]++;
            assert_int_equal(value, held);      /* nothing changed */
            if (op == COP0_MTC0 && rt != 0)
                cpu_set_gpr(b.c, rt, held);
            if (spoil_pc)
                cpu_set_pc(b.c, pc);
            cpu_advance(b.c, ran);
            wb = cpu_run(b.c, 1);
        }
        assert_int_equal(wa, wb);
        assert_same_cpu(a.c, b.c);
    }
    print_message("short steps taken/declined: mfc0 %u/%u, mtc0 %u/%u, "
                  "eret %u/%u\n", taken[COP0_MFC0], declined[COP0_MFC0],
                  taken[COP0_MTC0], declined[COP0_MTC0], taken[COP0_ERET],
                  declined[COP0_ERET]);
    /* each ran the short way, and each declined: the timer, a delay
     * slot, a write that raises an interrupt */
    assert_true(taken[COP0_MFC0] > 50 && declined[COP0_MFC0] > 5);
    assert_true(taken[COP0_MTC0] > 20 && declined[COP0_MTC0] > 5);
    assert_true(taken[COP0_ERET] > 10 && declined[COP0_ERET] > 0);
    /* Not the instruction each is for: declined. */
    uint32_t v = 0;
    uint32_t pc = cpu_get_pc(b.c);
    assert_false(cpu_step_mfc0(b.c, 0, pc, C0_MTC0(T0, CP0_EPC, 0), &v));
    assert_false(cpu_step_mfc0(b.c, 0, pc, 0x40001008u, &v));
    assert_false(cpu_step_mtc0(b.c, 0, pc, C0_MFC0(T0, CP0_EPC, 0), v));
    assert_false(cpu_step_eret(b.c, 0, C0_TLBP));
    step_cpu_free(&a);
    step_cpu_free(&b);
}

/* A pending interrupt: one the CPU would take before the move, or one the
 * move would unmask, is for the general way; a masked one changes nothing. */
static void moves_step_interrupts(void **state)
{
    (void)state;
    static const uint32_t one[] = { C0_MFC0(T1, CP0_EPC, 0) };
    const uint32_t pc = 0x80001000u, im2 = 1u << (ST_IM_SHIFT + 2);
    struct step_cpu a;
    uint32_t v = 0;
    step_cpu_new(&a, one, 1, move_vec, sizeof move_vec / 4);
    cpu_set_irq(a.c, 2, true);            /* a device's line, IP2 */
    cpu_cp0_write(a.c, CP0_STATUS, 0, ST_IE | im2);
    assert_false(cpu_step_mfc0(a.c, 0, pc, one[0], &v));
    assert_false(cpu_step_mtc0(a.c, 0, pc, C0_MTC0(T0, CP0_EPC, 0), 0x1234));
    assert_int_equal(cpu_get_pc(a.c), pc);
    assert_int_not_equal(cpu_cp0_read(a.c, CP0_EPC, 0), 0x1234);
    /* masked by EXL: the moves go; an eret would unmask it */
    cpu_cp0_write(a.c, CP0_STATUS, 0, ST_IE | ST_EXL | im2);
    assert_false(cpu_step_eret(a.c, 0, C0_ERET));
    assert_true(cpu_step_mtc0(a.c, 0, pc, C0_MTC0(T0, CP0_EPC, 0), pc));
    assert_int_equal(cpu_cp0_read(a.c, CP0_EPC, 0), pc);
    assert_int_equal(cpu_get_gpr(a.c, T0), pc);
    /* a Status write that would unmask it: declined, Status as it was */
    uint32_t st = cpu_cp0_read(a.c, CP0_STATUS, 0);
    assert_false(cpu_step_mtc0(a.c, 0, pc + 4, C0_MTC0(T0, CP0_STATUS, 0),
                               ST_IE | im2));
    assert_int_equal(cpu_cp0_read(a.c, CP0_STATUS, 0), st);
    /* ... and one that keeps it masked goes */
    assert_true(cpu_step_mtc0(a.c, 0, pc + 4, C0_MTC0(T0, CP0_STATUS, 0), im2));
    assert_int_equal(cpu_get_pc(a.c), pc + 8);
    /* the timer's registers and Cause: always the general way */
    assert_false(cpu_step_mtc0(a.c, 0, pc, C0_MTC0(T0, CP0_COMPARE, 0), 0));
    assert_false(cpu_step_mtc0(a.c, 0, pc, C0_MTC0(T0, CP0_COUNT, 0), 0));
    assert_false(cpu_step_mtc0(a.c, 0, pc, C0_MTC0(T0, CP0_CAUSE, 0), 0));
    step_cpu_free(&a);

    /* The timer, enabled, due d instructions on: a credit of d - 1 leaves
     * the move's end at it, which is for the general way too (the timer
     * fires after the move); d - 2 goes. */
    step_cpu_new(&a, one, 1, move_vec, sizeof move_vec / 4);
    cpu_cp0_write(a.c, CP0_STATUS, 0, ST_IE | 1u << (ST_IM_SHIFT + 7));
    cpu_cp0_write(a.c, CP0_COMPARE, 0, cpu_cp0_read(a.c, CP0_COUNT, 0) + 5);
    uint64_t d = cpu_insns_to_timer(a.c);
    assert_true(d >= 5);
    assert_false(cpu_step_mfc0(a.c, d - 1, pc, one[0], &v));
    assert_int_equal(cpu_insns_to_timer(a.c), d);   /* nothing changed */
    assert_true(cpu_step_mfc0(a.c, d - 2, pc, one[0], &v));
    assert_int_equal(cpu_insns_to_timer(a.c), 1);
    assert_int_equal(cpu_get_pc(a.c), pc + 4);
    step_cpu_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_configs),
        cmocka_unit_test(minikern_invariants),
        cmocka_unit_test(side_by_side_isolation),
        cmocka_unit_test(trap_log),
        cmocka_unit_test(fair_slices),
        cmocka_unit_test(cp0_move_step_exact),
        cmocka_unit_test(moves_step_after_exact),
        cmocka_unit_test(moves_step_interrupts),
        cmocka_unit_test(short_ways_exact),
        cmocka_unit_test(short_ways_exact_vmtests),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
