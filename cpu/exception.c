/*
 * exception.c -- taking exceptions and interrupts, and eret.
 *
 * On MIPS an exception is simple for the hardware and careful for software.
 * The CPU
 *   - records where it was: EPC = the faulting instruction, or the branch
 *     before it if it sat in a delay slot (then Cause.BD = 1, so the handler
 *     knows to re-execute the branch).  If Status.EXL was already 1 (we are
 *     in a handler), EPC and BD are left alone: the first exception's
 *     return address must not be lost;
 *   - records why: Cause.ExcCode, and for address and TLB exceptions the
 *     virtual address in BadVAddr (TLB exceptions also load Context.BadVPN2
 *     and EntryHi.VPN2, ready for the refill handler's tlbwr);
 *   - sets Status.EXL, which forces kernel mode and masks interrupts;
 *   - jumps to a vector: base + 0x000 for a TLB refill taken with EXL=0,
 *     base + 0x200 for an interrupt when Cause.IV=1, else base + 0x180.
 *     The base is 0x80000000, or 0xBFC00200 while Status.BEV=1 (boot).
 *
 * The monitor gets the first look at every exception through the hook:
 * that is the "one hook in the exception path" of SPEC §5.
 */
#include "cpu_internal.h"

static const char *const exc_names[EXC_NCODES] = {
    [EXC_INT] = "Int", [EXC_MOD] = "Mod", [EXC_TLBL] = "TLBL",
    [EXC_TLBS] = "TLBS", [EXC_ADEL] = "AdEL", [EXC_ADES] = "AdES",
    [EXC_IBE] = "IBE", [EXC_DBE] = "DBE", [EXC_SYS] = "Sys", [EXC_BP] = "Bp",
    [EXC_RI] = "RI", [EXC_CPU] = "CpU", [EXC_OV] = "Ov", [EXC_TR] = "Tr",
    [EXC_MCHECK] = "MCheck",
};

const char *cpu_exc_name(unsigned code)
{
    if (code < EXC_NCODES && exc_names[code])
        return exc_names[code];
    return "?";
}

static bool is_tlb_exception(enum exc_code code)
{
    return code == EXC_MOD || code == EXC_TLBL || code == EXC_TLBS;
}

void cpu_exception(struct cpu *c, const struct cpu_exception *e)
{
    struct cp0 *p = &c->cp0;

    if (c->exc_hook && c->exc_hook(c->exc_hook_opaque, c, e))
        return;

    c->stats.exceptions[e->code]++;
    if (e->refill)
        c->stats.tlb_refills++;
    if (c->trace & CPU_TRACE_EXC)
        fprintf(c->trace_out, "exc: %s at pc=%08x%s badvaddr=%08x status=%08x\n",
                cpu_exc_name(e->code), e->pc, e->in_delay ? " (delay slot)" : "",
                e->badvaddr, p->status);

    unsigned offset = 0x180;
    if (!(p->status & ST_EXL)) {
        p->epc = e->pc;                /* already the branch if in_delay */
        p->cause = e->in_delay ? (p->cause | CAUSE_BD) : (p->cause & ~CAUSE_BD);
        if (e->refill)
            offset = 0x000;
        else if (e->code == EXC_INT && (p->cause & CAUSE_IV))
            offset = 0x200;
    }
    p->cause = (p->cause & ~CAUSE_EXC) | ((uint32_t)e->code << CAUSE_EXC_SHIFT);
    if (e->code == EXC_CPU)
        p->cause = (p->cause & ~CAUSE_CE) | ((uint32_t)e->ce << CAUSE_CE_SHIFT);

    if (e->has_badvaddr) {
        p->badvaddr = e->badvaddr;
        if (is_tlb_exception(e->code)) {
            p->context = (p->context & 0xFF800000u) |
                         ((e->badvaddr >> 9) & 0x007FFFF0u);
            p->entryhi = (p->entryhi & ENTRYHI_ASID_MASK) |
                         (e->badvaddr & ENTRYHI_VPN2_MASK);
        }
    }

    p->status |= ST_EXL;
    cp0_update_mmu_context(c);
    uint32_t base = (p->status & ST_BEV) ? 0xBFC00200u : 0x80000000u;
    c->pc = base + offset;
    c->delay_slot = false;
    c->waiting = false;
    cpu_sync_point(c);
}

/* The address an exception reports (and EPC gets): the instruction, or the
 * branch before it when it sits in a delay slot. */
static uint32_t restart_pc(uint32_t pc, bool in_delay)
{
    return in_delay ? pc - 4 : pc;
}

void cpu_raise(struct cpu *c, enum exc_code code, unsigned ce, uint32_t pc,
               bool in_delay)
{
    struct cpu_exception e = {
        .code = code, .pc = restart_pc(pc, in_delay), .in_delay = in_delay,
        .ce = ce, .insn = c->exc_insn, .has_insn = c->exc_has_insn,
    };
    c->exc_has_insn = false;
    cpu_exception(c, &e);
}

/* Turn an MMU fault into the architectural exception. */
void cpu_raise_mem(struct cpu *c, enum mmu_fault f, enum mmu_access acc,
                   uint32_t vaddr, uint32_t pc, bool in_delay)
{
    bool store = acc == MMU_STORE;
    struct cpu_exception e = {
        .pc = restart_pc(pc, in_delay), .in_delay = in_delay,
        .badvaddr = vaddr, .has_badvaddr = true,
        .insn = c->exc_insn, .has_insn = c->exc_has_insn,
    };
    c->exc_has_insn = false;
    switch (f) {
    case MMU_ADDRESS_ERROR: e.code = store ? EXC_ADES : EXC_ADEL; break;
    case MMU_TLB_REFILL:    e.code = store ? EXC_TLBS : EXC_TLBL; e.refill = true; break;
    case MMU_TLB_INVALID:   e.code = store ? EXC_TLBS : EXC_TLBL; break;
    case MMU_TLB_MODIFIED:  e.code = EXC_MOD; break;
    case MMU_BUS_ERROR:
    default:
        e.code = acc == MMU_FETCH ? EXC_IBE : EXC_DBE;
        e.has_badvaddr = false;       /* bus errors leave BadVAddr alone */
        break;
    }
    cpu_exception(c, &e);
}

bool cpu_interrupt_pending_under(const struct cpu *c, uint32_t st)
{
    if (!(st & ST_IE) || (st & (ST_EXL | ST_ERL)))
        return false;
    return (cp0_cause(c) & st & ST_IM) != 0;
}

bool cpu_interrupt_pending(const struct cpu *c)
{
    return cpu_interrupt_pending_under(c, c->cp0.status);
}

/* Take an interrupt between two instructions.  If the next instruction is
 * in a delay slot, EPC gets the branch and BD=1: eret re-executes it. */
void cpu_take_interrupt(struct cpu *c)
{
    struct cpu_exception e = {
        .code = EXC_INT, .pc = restart_pc(c->pc, c->delay_slot),
        .in_delay = c->delay_slot,
    };
    cpu_exception(c, &e);
}

/* eret: return from ERL (ErrorEPC) or EXL (EPC); clears LLbit. */
void cpu_eret(struct cpu *c)
{
    struct cp0 *p = &c->cp0;
    c->pc = (p->status & ST_ERL) ? p->errorepc : p->epc;
    p->status = status_after_eret(p->status);
    c->delay_slot = false;
    c->llbit = false;
    cp0_update_mmu_context(c);
    cpu_sync_point(c);
}
