/*
 * events.c -- trap events: recording, the log, and narration.
 *
 * Every trap becomes one struct trap_event (SPEC §5): sequence number, VM,
 * guest PC and mode, the instruction, the physical exception, what the
 * monitor did and what that changed.  The newest MONITOR_LOG_SIZE are kept
 * in a ring for the debugger; with --trace traps each is narrated as it
 * happens, one line:
 *
 *   #17 vm1 kernel c0011c3c mfc0 k1,c0_epc | CpU | priv: emulated mfc0 | k1 00000000 -> 00400124
 *
 * Recording what changed (CP0 before and after, the register written)
 * costs a little per trap, so it is done only while someone looks
 * (monitor_set_detail; tracing turns it on).
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "monitor_internal.h"
#include "../cpu/disasm.h"

static const char *const kind_names[TRAP_NKINDS] = {
    [TRAP_PRIV] = "priv", [TRAP_SHADOW_FILL] = "shadow-fill", [TRAP_IO] = "io",
    [TRAP_REFLECT] = "reflect", [TRAP_KSEG] = "kseg",
    [TRAP_INTERRUPT] = "interrupt", [TRAP_WORLD_SWITCH] = "world-switch",
    [TRAP_TIMER] = "timer", [TRAP_WAIT] = "wait", [TRAP_HALT] = "halt",
};

const char *trap_kind_name(enum trap_kind k)
{
    return (unsigned)k < TRAP_NKINDS ? kind_names[k] : "?";
}

/* ---- privileged instructions by name ------------------------------------ */

static const char *const priv_names[MONITOR_NPRIV] = {
    [PRIV_MFC0] = "mfc0", [PRIV_MTC0] = "mtc0", [PRIV_TLBR] = "tlbr",
    [PRIV_TLBWI] = "tlbwi", [PRIV_TLBWR] = "tlbwr", [PRIV_TLBP] = "tlbp",
    [PRIV_ERET] = "eret", [PRIV_WAIT] = "wait", [PRIV_CACHE] = "cache",
    [PRIV_OTHER] = "other",
};

const char *monitor_priv_name(unsigned i)
{
    return i < MONITOR_NPRIV ? priv_names[i] : "?";
}

/* Which privileged instruction a word is (its row in priv_names). */
unsigned priv_index(uint32_t insn)
{
    static const struct { uint8_t funct, idx; } co[] = {
        { 0x01, PRIV_TLBR }, { 0x02, PRIV_TLBWI }, { 0x06, PRIV_TLBWR },
        { 0x08, PRIV_TLBP }, { 0x18, PRIV_ERET }, { 0x20, PRIV_WAIT },
    };
    unsigned op = insn >> 26, rs = (insn >> 21) & 31;
    if (op == 0x2F)
        return PRIV_CACHE;
    if (op != 0x10)
        return PRIV_OTHER;
    if (rs == 0)
        return PRIV_MFC0;
    if (rs == 4)
        return PRIV_MTC0;
    if (rs & 0x10)
        for (unsigned i = 0; i < sizeof co / sizeof co[0]; i++)
            if ((insn & 0x3F) == co[i].funct)
                return co[i].idx;
    return PRIV_OTHER;
}

/* ---- CP0 snapshots -------------------------------------------------------- */

static const uint8_t snap_regs[] = {
    CP0_STATUS, CP0_CAUSE, CP0_EPC, CP0_BADVADDR, CP0_ENTRYHI, CP0_CONTEXT,
    CP0_ENTRYLO0, CP0_ENTRYLO1, CP0_INDEX, CP0_PAGEMASK, CP0_WIRED,
    CP0_COMPARE, CP0_ERROREPC,
};
#define NSNAP (sizeof snap_regs / sizeof snap_regs[0])
_Static_assert(NSNAP <= sizeof(struct cp0_snapshot) / sizeof(uint32_t),
               "cp0_snapshot too small");

void cp0_snap(struct cpu *c, struct cp0_snapshot *s)
{
    for (unsigned i = 0; i < NSNAP; i++)
        s->r[i] = cpu_cp0_read(c, snap_regs[i], 0);
}

void event_cp0_diff(struct trap_event *ev, const struct cp0_snapshot *before,
                    const struct cp0_snapshot *after)
{
    for (unsigned i = 0; i < NSNAP && ev->nchanges < TRAP_MAX_CHANGES; i++) {
        if (before->r[i] == after->r[i])
            continue;
        ev->cp0[ev->nchanges].reg = snap_regs[i];
        ev->cp0[ev->nchanges].sel = 0;
        ev->cp0[ev->nchanges].before = before->r[i];
        ev->cp0[ev->nchanges].after = after->r[i];
        ev->nchanges++;
    }
}

/* ---- recording ---------------------------------------------------------- */

/* A new event in the ring, every field set: the blank values (-1 for "none")
 * but for what is given.  Field by field rather than a copy of a blank
 * event, which the compiler makes a string move: this runs on every trap.
 * The change arrays are left alone; they are read only up to nchanges and
 * when tlb_index says there is an entry. */
static inline struct trap_event *event_new(struct monitor *m, struct vm *vm,
                                           enum trap_kind kind, uint32_t pc,
                                           uint64_t guest_icount,
                                           enum cpu_mode vmode)
{
    struct trap_event *ev = &m->log[m->seq % MONITOR_LOG_SIZE];
    ev->seq = ++m->seq;
    ev->vm = vm->id;
    ev->guest_icount = guest_icount;
    ev->pc = pc;
    ev->vmode = vmode;
    ev->insn = 0;
    ev->has_insn = false;
    ev->phys_exc = -1;
    ev->badvaddr = 0;
    ev->has_badvaddr = false;
    ev->kind = kind;
    ev->reflected = -1;
    ev->new_pc = pc;
    ev->nchanges = 0;
    ev->gpr = -1;
    ev->gpr_before = ev->gpr_after = 0;
    ev->tlb_index = -1;
    ev->tlb_virtual = false;
    ev->gpa = ev->mpa = 0;
    ev->other_vm = 0;
    return ev;
}

struct trap_event *event_begin(struct monitor *m, struct vm *vm,
                               enum trap_kind kind, uint32_t pc)
{
    return event_new(m, vm, kind, pc, cpu_icount(vm->vcpu), cpu_mode(vm->vcpu));
}

/* The instruction at ev->pc as the guest sees it (emulation mode). */
void event_fetch_insn(struct vm *vm, struct trap_event *ev)
{
    uint32_t w;
    if (cpu_peek(vm->vcpu, ev->pc, 4, &w)) {
        ev->insn = w;
        ev->has_insn = true;
    }
}

/* The rare listeners of an event, out of event_end's line: the trace and
 * the debugger's trap stops (debug.c). */
static void event_hooks(struct monitor *m, struct vm *vm,
                        const struct trap_event *ev)
{
    if (m->trace_out) {
        char line[512];
        monitor_format_event(m, ev, line, sizeof line);
        fprintf(m->trace_out, "%s\n", line);
    }
    if (m->debugging)
        debug_trap_event(m, vm, ev);      /* stop after this kind? */
}

void event_end(struct monitor *m, struct vm *vm, struct trap_event *ev)
{
    struct vm_stats *s = &vm->stats;
    s->traps[ev->kind]++;
    if (ev->reflected >= 0 && ev->reflected < EXC_NCODES &&
        ev->reflected != EXC_INT)
        s->reflected[ev->reflected]++;
    if (ev->kind == TRAP_PRIV && ev->has_insn)
        s->priv[priv_index(ev->insn)]++;
    if (m->event_hooks)
        event_hooks(m, vm, ev);
}

void event_assisted(struct monitor *m, struct vm *vm, uint32_t pc,
                    uint32_t insn, unsigned priv, uint64_t guest_icount,
                    enum cpu_mode vmode, uint32_t new_pc)
{
    struct trap_event *ev = event_new(m, vm, TRAP_PRIV, pc, guest_icount, vmode);
    ev->phys_exc = EXC_CPU;
    ev->insn = insn;
    ev->has_insn = true;
    ev->new_pc = new_pc;
    vm->stats.traps[TRAP_PRIV]++;
    vm->stats.priv[priv]++;
}

void event_cancel(struct monitor *m, struct trap_event *ev)
{
    if (ev->seq == m->seq)       /* the last one begun: its slot is reused */
        m->seq--;
}

bool monitor_log_get(const struct monitor *m, unsigned back,
                     struct trap_event *ev)
{
    if (back >= MONITOR_LOG_SIZE || back >= m->seq)
        return false;
    *ev = m->log[(m->seq - 1 - back) % MONITOR_LOG_SIZE];
    return true;
}

/* ---- narration ----------------------------------------------------------- */

static const char *gpr_name(int r)
{
    static const char *const names[32] = {
        "zero", "at", "v0", "v1", "a0", "a1", "a2", "a3", "t0", "t1", "t2",
        "t3", "t4", "t5", "t6", "t7", "s0", "s1", "s2", "s3", "s4", "s5",
        "s6", "s7", "t8", "t9", "k0", "k1", "gp", "sp", "s8", "ra",
    };
    return r >= 0 && r < 32 ? names[r] : "?";
}

/* Append to buf (a small bounded printf). */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void put(char *buf, size_t len, size_t *at, const char *fmt, ...)
{
    if (*at >= len)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *at, len - *at, fmt, ap);
    va_end(ap);
    if (n > 0)
        *at = *at + (size_t)n < len ? *at + (size_t)n : len;
}

static const char *vm_reason_of(const struct monitor *m, unsigned vm)
{
    return vm >= 1 && vm <= m->nvms ? m->vms[vm - 1]->reason : "?";
}

static void narrate_action(const struct monitor *m, const struct trap_event *ev,
                           char *buf, size_t len, size_t *at)
{
    switch (ev->kind) {
    case TRAP_PRIV:
        put(buf, len, at, "emulated %s",
            ev->has_insn ? monitor_priv_name(priv_index(ev->insn)) : "?");
        break;
    case TRAP_SHADOW_FILL:
        put(buf, len, at, "shadow fill: tlb[%d] va %08x asid %02x -> machine "
            "%08x (guest %08x)%s", ev->tlb_index,
            ev->badvaddr & ~0xFFFu, (unsigned)(ev->tlb.entryhi & 0xFF),
            (unsigned)ev->mpa, (unsigned)ev->gpa,
            ((ev->badvaddr >> 12) & 1 ? ev->tlb.entrylo1 : ev->tlb.entrylo0) &
                    ENTRYLO_D ? " D" : "");
        break;
    case TRAP_IO:
        put(buf, len, at, "emulated I/O access at %08x", (unsigned)ev->badvaddr);
        break;
    case TRAP_REFLECT:
        put(buf, len, at, "reflected %s", cpu_exc_name((unsigned)ev->reflected));
        break;
    case TRAP_KSEG:
        put(buf, len, at, "emulated (kseg)");
        if (ev->reflected >= 0)
            put(buf, len, at, ", raised %s", cpu_exc_name((unsigned)ev->reflected));
        break;
    case TRAP_INTERRUPT:
        put(buf, len, at, "injected interrupt");
        break;
    case TRAP_WORLD_SWITCH:
        put(buf, len, at, "world switch to vm%u (shadows retired)", ev->other_vm);
        break;
    case TRAP_TIMER:
        put(buf, len, at, "preemption timer: back to the scheduler");
        break;
    case TRAP_HALT:
        put(buf, len, at, "halt: %s", vm_reason_of(m, ev->vm));
        break;
    case TRAP_WAIT:
        put(buf, len, at, "wait: the VM sleeps until its next interrupt");
        break;
    default:
        put(buf, len, at, "%s", trap_kind_name(ev->kind));
        break;
    }
}

void monitor_format_event(const struct monitor *m, const struct trap_event *ev,
                          char *buf, size_t len)
{
    size_t at = 0;
    char text[64] = "-";
    if (len == 0)
        return;
    buf[0] = '\0';
    if (ev->has_insn)
        disasm(ev->pc, ev->insn, text, sizeof text);
    put(buf, len, &at, "#%" PRIu64 " vm%u %-6s %08x %-26s | %-5s | ", ev->seq,
        ev->vm, cpu_mode_name(ev->vmode), (unsigned)ev->pc, text,
        ev->phys_exc >= 0 ? cpu_exc_name((unsigned)ev->phys_exc) : "-");
    narrate_action(m, ev, buf, len, &at);
    const char *sep = " | ";
    if (ev->gpr > 0) {
        put(buf, len, &at, "%s%s %08x -> %08x", sep, gpr_name(ev->gpr),
            (unsigned)ev->gpr_before, (unsigned)ev->gpr_after);
        sep = ", ";
    }
    for (unsigned i = 0; i < ev->nchanges; i++) {
        const char *name = cpu_cp0_name(ev->cp0[i].reg);
        put(buf, len, &at, "%s%s %08x -> %08x", sep, name ? name : "?",
            (unsigned)ev->cp0[i].before, (unsigned)ev->cp0[i].after);
        sep = ", ";
    }
    if (ev->kind != TRAP_WORLD_SWITCH && ev->new_pc != ev->pc &&
        ev->kind != TRAP_SHADOW_FILL)
        put(buf, len, &at, "%spc -> %08x", sep, (unsigned)ev->new_pc);
}

void monitor_set_trace(struct monitor *m, FILE *trace_out)
{
    m->trace_out = trace_out;
    m->event_hooks = trace_out != NULL || m->debugging;
    if (trace_out)
        m->detail = true;
}

void monitor_set_detail(struct monitor *m, bool on) { m->detail = on; }
void monitor_set_timing(struct monitor *m, bool on) { m->timing = on; }
