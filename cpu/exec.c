/*
 * exec.c -- the interpreter: fetch, decode and execute MIPS32 instructions.
 *
 * One function, exec_block(), runs instructions until the instruction
 * counter reaches c->stop_at.  The run loop in cpu.c sets stop_at to the
 * next moment something outside the instruction stream can happen (the
 * budget ends, Count reaches Compare), and any instruction that can change
 * whether an interrupt is pending (mtc0 Status/Cause/Compare, eret, a device
 * write) ends the block early with cpu_sync_point().  So interrupts are
 * checked where they can change, not on every instruction.
 *
 * Branch delay slots.  The instruction after a branch or jump always runs
 * (except after a likely branch that is not taken, which *nullifies* it).
 * A branch therefore does not change the PC directly; it sets
 * c->delay_slot and c->delay_target, and the next instruction, the slot,
 * continues at delay_target.  If the slot instruction takes an exception,
 * EPC must be the branch (slot - 4) with Cause.BD set, so that the handler's
 * eret re-executes the branch: exception.c does that when in_delay is set.
 *
 * Decoding follows the encoding: a switch on the major opcode (bits 31..26),
 * with sub-switches for SPECIAL (funct, bits 5..0), REGIMM (rt) and COP0
 * (rs, then funct).  Every encoding that is not a MIPS32 Release 1 integer
 * instruction raises Reserved Instruction; the FPU and COP2 opcodes raise
 * Coprocessor Unusable (there is no FPU).
 */
#include <string.h>
#include "cpu_internal.h"
#include "disasm.h"

/* ---- memory access helpers ------------------------------------------------
 * Each returns MMU_OK or the fault; the caller raises the exception so that
 * it knows the PC and delay-slot state. */

static inline enum mmu_fault load(struct cpu *c, uint32_t va, unsigned size,
                                  uint32_t *v)
{
    uint8_t *h = mmu_fast_host(&c->mmu, va, MMU_LOAD);
    if (likely(h != NULL)) {
        if (size == 4) { uint32_t w; memcpy(&w, h, 4); *v = w; }
        else if (size == 2) { uint16_t s; memcpy(&s, h, 2); *v = s; }
        else *v = *h;
        return MMU_OK;
    }
    return mmu_access(&c->mmu, va, size, MMU_LOAD, v);
}

static inline enum mmu_fault store(struct cpu *c, uint32_t va, unsigned size,
                                   uint32_t v)
{
    uint8_t *h = mmu_fast_host(&c->mmu, va, MMU_STORE);
    if (likely(h != NULL)) {
        if (size == 4) memcpy(h, &v, 4);
        else if (size == 2) { uint16_t s = (uint16_t)v; memcpy(h, &s, 2); }
        else *h = (uint8_t)v;
        return MMU_OK;
    }
    return mmu_access(&c->mmu, va, size, MMU_STORE, &v);
}

static inline enum mmu_fault fetch(struct cpu *c, uint32_t pc, uint32_t *insn)
{
    uint8_t *h = mmu_fast_host(&c->mmu, pc, MMU_FETCH);
    if (likely(h != NULL)) {
        memcpy(insn, h, 4);
        return MMU_OK;
    }
    return mmu_access(&c->mmu, pc, 4, MMU_FETCH, insn);
}

/* lwl/lwr/swl/swr on a little-endian CPU.  b = address & 3; w = the aligned
 * word in memory; r = the register.  LWL fills the register's high bytes
 * from memory bytes b..0; LWR its low bytes from bytes b..3. */
static inline uint32_t merge_lwl(uint32_t r, uint32_t w, unsigned b)
{
    unsigned sh = 8 * (3 - b);
    uint32_t keep = b == 3 ? 0 : 0xFFFFFFFFu >> (32 - sh);
    return (r & keep) | (w << sh);
}
static inline uint32_t merge_lwr(uint32_t r, uint32_t w, unsigned b)
{
    unsigned sh = 8 * b;
    uint32_t keep = b == 0 ? 0 : 0xFFFFFFFFu << (32 - sh);
    return (r & keep) | (w >> sh);
}
static inline uint32_t merge_swl(uint32_t w, uint32_t r, unsigned b)
{
    unsigned sh = 8 * (3 - b);
    uint32_t keep = b == 3 ? 0 : 0xFFFFFFFFu << (8 * (b + 1));
    return (w & keep) | (r >> sh);
}
static inline uint32_t merge_swr(uint32_t w, uint32_t r, unsigned b)
{
    unsigned sh = 8 * b;
    uint32_t keep = b == 0 ? 0 : 0xFFFFFFFFu >> (32 - sh);
    return (w & keep) | (r << sh);
}

/* Unaligned partial-word store: read-modify-write of the aligned word,
 * with the store's permission checked first so a fault is TLBS/Mod/AdES. */
static enum mmu_fault store_partial(struct cpu *c, uint32_t va, uint32_t r,
                                    bool left)
{
    uint32_t aligned = va & ~3u, w;
    struct mmu_translation t;
    enum mmu_fault f = mmu_translate(&c->mmu, aligned, MMU_STORE, &t);
    if (f != MMU_OK)
        return f;
    if ((f = mmu_access(&c->mmu, aligned, 4, MMU_LOAD, &w)) != MMU_OK)
        return f;
    w = left ? merge_swl(w, r, va & 3) : merge_swr(w, r, va & 3);
    return mmu_access(&c->mmu, aligned, 4, MMU_STORE, &w);
}

static inline bool kernel_or_cu0(const struct cpu *c)
{
    uint32_t st = c->cp0.status;
    return (st & ST_CU0) || cpu_mode_of(st) == CPU_KERNEL;
}

static void trace_insn(struct cpu *c, uint32_t pc, uint32_t insn)
{
    char text[64];
    disasm(pc, insn, text, sizeof text);
    fprintf(c->trace_out, "%08x: %08x  %s\n", pc, insn, text);
}

/* The semihosting call of QEMU's UHI: sdbbp 1 with $25 = 1 exits with $4. */
static bool uhi_exit(struct cpu *c, uint32_t insn)
{
    if (!c->semihosting || ((insn >> 6) & 0xFFFFF) != 1 || c->gpr[25] != 1)
        return false;
    c->halted = true;
    c->exit_code = c->gpr[4];
    cpu_sync_point(c);
    return true;
}

void cpu_exec_block(struct cpu *c)
{
    uint32_t *r = c->gpr;
    /* The page the PC is in, as a host pointer.  Valid for this block only:
     * anything that changes translations (a TLB write, a new ASID or mode)
     * ends the block with cpu_sync_point(). */
    uint32_t code_vpn = 0xFFFFFFFFu;     /* no page: vpns are 20 bits */
    const uint8_t *code_page = NULL;

    while (c->icount < c->stop_at) {
        const uint32_t pc = c->pc;
        const bool delay = c->delay_slot;
        uint32_t next = delay ? c->delay_target : pc + 4;
        uint32_t insn, va, v;
        enum mmu_fault f;
        enum mmu_access acc;
        enum exc_code code;
        unsigned ce = 0;

        c->delay_slot = false;
        if (unlikely(pc & 3)) {
            va = pc; f = MMU_ADDRESS_ERROR; acc = MMU_FETCH;
            goto mem_fault;
        }
        if (likely((pc >> 12) == code_vpn)) {
            memcpy(&insn, code_page + (pc & 0xFFF), 4);
        } else if (unlikely((f = fetch(c, pc, &insn)) != MMU_OK)) {
            va = pc; acc = MMU_FETCH;
            goto mem_fault;
        } else if ((code_page = mmu_fast_host(&c->mmu, pc & ~0xFFFu, MMU_FETCH))) {
            code_vpn = pc >> 12;             /* fetch from this page directly */
        }
        if (unlikely(c->trace & CPU_TRACE_INSN))
            trace_insn(c, pc, insn);

        /* Instruction fields, extracted only where an instruction uses them. */
#define rs ((insn >> 21) & 31)
#define rt ((insn >> 16) & 31)
#define rd ((insn >> 11) & 31)
#define sa ((insn >> 6) & 31)
#define simm ((uint32_t)(int32_t)(int16_t)insn)
#define uimm (insn & 0xFFFFu)
#define btarget (pc + 4 + (simm << 2))

#define BRANCH(cond) do { c->delay_slot = true; \
        c->delay_target = (cond) ? btarget : pc + 8; } while (0)
#define BRANCH_LIKELY(cond) do { if (cond) { c->delay_slot = true; \
        c->delay_target = btarget; } else next = pc + 8; } while (0)
#define RAISE(code_) do { code = (code_); goto raise; } while (0)
#define RAISE_CPU(unit) do { code = EXC_CPU; ce = (unit); goto raise; } while (0)
#define MEM(call, va_, acc_) do { va = (va_); acc = (acc_); \
        if (unlikely((f = (call)) != MMU_OK)) goto mem_fault; } while (0)
#define ALIGNED(va_, n, acc_) do { if (unlikely((va_) & ((n) - 1))) { \
        va = (va_); acc = (acc_); f = MMU_ADDRESS_ERROR; goto mem_fault; } } while (0)

        switch (insn >> 26) {
        case 0x00: /* SPECIAL */
            switch (insn & 63) {
            case 0x00: r[rd] = r[rt] << sa; break;                       /* sll */
            case 0x02: r[rd] = r[rt] >> sa; break;                       /* srl */
            case 0x03: r[rd] = (uint32_t)((int32_t)r[rt] >> sa); break;  /* sra */
            case 0x04: r[rd] = r[rt] << (r[rs] & 31); break;             /* sllv */
            case 0x06: r[rd] = r[rt] >> (r[rs] & 31); break;             /* srlv */
            case 0x07: r[rd] = (uint32_t)((int32_t)r[rt] >> (r[rs] & 31)); break;
            case 0x08: c->delay_slot = true; c->delay_target = r[rs]; break; /* jr */
            case 0x09: {                                                  /* jalr */
                uint32_t target = r[rs];
                r[rd] = pc + 8;
                c->delay_slot = true; c->delay_target = target;
                break;
            }
            case 0x0A: if (r[rt] == 0) r[rd] = r[rs]; break;             /* movz */
            case 0x0B: if (r[rt] != 0) r[rd] = r[rs]; break;             /* movn */
            case 0x0C: RAISE(EXC_SYS);                                    /* syscall */
            case 0x0D: RAISE(EXC_BP);                                     /* break */
            case 0x0F: break;                                             /* sync */
            case 0x10: r[rd] = c->hi; break;                              /* mfhi */
            case 0x11: c->hi = r[rs]; break;                              /* mthi */
            case 0x12: r[rd] = c->lo; break;                              /* mflo */
            case 0x13: c->lo = r[rs]; break;                              /* mtlo */
            case 0x18: {                                                  /* mult */
                int64_t p = (int64_t)(int32_t)r[rs] * (int32_t)r[rt];
                c->lo = (uint32_t)p; c->hi = (uint32_t)((uint64_t)p >> 32);
                break;
            }
            case 0x19: {                                                  /* multu */
                uint64_t p = (uint64_t)r[rs] * r[rt];
                c->lo = (uint32_t)p; c->hi = (uint32_t)(p >> 32);
                break;
            }
            case 0x1A: {                                                  /* div */
                int32_t n = (int32_t)r[rs], d = (int32_t)r[rt];
                if (d == 0) break;               /* HI, LO unchanged */
                if (n == INT32_MIN && d == -1) { c->lo = (uint32_t)n; c->hi = 0; break; }
                c->lo = (uint32_t)(n / d); c->hi = (uint32_t)(n % d);
                break;
            }
            case 0x1B:                                                    /* divu */
                if (r[rt] == 0) break;
                c->lo = r[rs] / r[rt]; c->hi = r[rs] % r[rt];
                break;
            case 0x20: {                                                  /* add */
                uint32_t s = r[rs] + r[rt];
                if (unlikely(((s ^ r[rs]) & (s ^ r[rt])) >> 31)) RAISE(EXC_OV);
                r[rd] = s;
                break;
            }
            case 0x21: r[rd] = r[rs] + r[rt]; break;                      /* addu */
            case 0x22: {                                                  /* sub */
                uint32_t s = r[rs] - r[rt];
                if (unlikely(((r[rs] ^ r[rt]) & (s ^ r[rs])) >> 31)) RAISE(EXC_OV);
                r[rd] = s;
                break;
            }
            case 0x23: r[rd] = r[rs] - r[rt]; break;                      /* subu */
            case 0x24: r[rd] = r[rs] & r[rt]; break;                      /* and */
            case 0x25: r[rd] = r[rs] | r[rt]; break;                      /* or */
            case 0x26: r[rd] = r[rs] ^ r[rt]; break;                      /* xor */
            case 0x27: r[rd] = ~(r[rs] | r[rt]); break;                   /* nor */
            case 0x2A: r[rd] = (int32_t)r[rs] < (int32_t)r[rt]; break;    /* slt */
            case 0x2B: r[rd] = r[rs] < r[rt]; break;                      /* sltu */
            case 0x30: if ((int32_t)r[rs] >= (int32_t)r[rt]) RAISE(EXC_TR); break; /* tge */
            case 0x31: if (r[rs] >= r[rt]) RAISE(EXC_TR); break;          /* tgeu */
            case 0x32: if ((int32_t)r[rs] < (int32_t)r[rt]) RAISE(EXC_TR); break;  /* tlt */
            case 0x33: if (r[rs] < r[rt]) RAISE(EXC_TR); break;           /* tltu */
            case 0x34: if (r[rs] == r[rt]) RAISE(EXC_TR); break;          /* teq */
            case 0x36: if (r[rs] != r[rt]) RAISE(EXC_TR); break;          /* tne */
            case 0x01: RAISE_CPU(1);                       /* movf/movt: FPU */
            default: RAISE(EXC_RI);
            }
            break;

        case 0x01: /* REGIMM */
            switch (rt) {
            case 0x00: BRANCH((int32_t)r[rs] < 0); break;                 /* bltz */
            case 0x01: BRANCH((int32_t)r[rs] >= 0); break;                /* bgez */
            case 0x02: BRANCH_LIKELY((int32_t)r[rs] < 0); break;          /* bltzl */
            case 0x03: BRANCH_LIKELY((int32_t)r[rs] >= 0); break;         /* bgezl */
            case 0x08: if ((int32_t)r[rs] >= (int32_t)simm) RAISE(EXC_TR); break; /* tgei */
            case 0x09: if (r[rs] >= simm) RAISE(EXC_TR); break;           /* tgeiu */
            case 0x0A: if ((int32_t)r[rs] < (int32_t)simm) RAISE(EXC_TR); break;  /* tlti */
            case 0x0B: if (r[rs] < simm) RAISE(EXC_TR); break;            /* tltiu */
            case 0x0C: if (r[rs] == simm) RAISE(EXC_TR); break;           /* teqi */
            case 0x0E: if (r[rs] != simm) RAISE(EXC_TR); break;           /* tnei */
            case 0x10: { bool t = (int32_t)r[rs] < 0; r[31] = pc + 8; BRANCH(t); break; }  /* bltzal */
            case 0x11: { bool t = (int32_t)r[rs] >= 0; r[31] = pc + 8; BRANCH(t); break; } /* bgezal */
            case 0x12: { bool t = (int32_t)r[rs] < 0; r[31] = pc + 8; BRANCH_LIKELY(t); break; }
            case 0x13: { bool t = (int32_t)r[rs] >= 0; r[31] = pc + 8; BRANCH_LIKELY(t); break; }
            default: RAISE(EXC_RI);
            }
            break;

        case 0x02:                                                        /* j */
            c->delay_slot = true;
            c->delay_target = ((pc + 4) & 0xF0000000u) | ((insn & 0x03FFFFFFu) << 2);
            break;
        case 0x03:                                                        /* jal */
            r[31] = pc + 8;
            c->delay_slot = true;
            c->delay_target = ((pc + 4) & 0xF0000000u) | ((insn & 0x03FFFFFFu) << 2);
            break;
        case 0x04: BRANCH(r[rs] == r[rt]); break;                         /* beq */
        case 0x05: BRANCH(r[rs] != r[rt]); break;                         /* bne */
        case 0x06: BRANCH((int32_t)r[rs] <= 0); break;                    /* blez */
        case 0x07: BRANCH((int32_t)r[rs] > 0); break;                     /* bgtz */
        case 0x08: {                                                      /* addi */
            uint32_t s = r[rs] + simm;
            if (unlikely(((s ^ r[rs]) & (s ^ simm)) >> 31)) RAISE(EXC_OV);
            r[rt] = s;
            break;
        }
        case 0x09: r[rt] = r[rs] + simm; break;                           /* addiu */
        case 0x0A: r[rt] = (int32_t)r[rs] < (int32_t)simm; break;         /* slti */
        case 0x0B: r[rt] = r[rs] < simm; break;                           /* sltiu */
        case 0x0C: r[rt] = r[rs] & uimm; break;                           /* andi */
        case 0x0D: r[rt] = r[rs] | uimm; break;                           /* ori */
        case 0x0E: r[rt] = r[rs] ^ uimm; break;                           /* xori */
        case 0x0F: r[rt] = uimm << 16; break;                             /* lui */

        case 0x10: /* COP0 */
            if (unlikely(!kernel_or_cu0(c))) RAISE_CPU(0);
            if (rs == 0x00 && (insn & 0x7F8) == 0) {                      /* mfc0 */
                r[rt] = cpu_cp0_read(c, rd, insn & 7);
            } else if (rs == 0x04 && (insn & 0x7F8) == 0) {               /* mtc0 */
                cpu_cp0_write(c, rd, insn & 7, r[rt]);
            } else if (rs & 0x10) {
                switch (insn & 63) {
                case 0x01: cp0_tlbr(c); break;
                case 0x02: if (!cp0_tlbwi(c)) RAISE(EXC_MCHECK); break;
                case 0x06: if (!cp0_tlbwr(c)) RAISE(EXC_MCHECK); break;
                case 0x08: cp0_tlbp(c); break;
                case 0x18:                                                /* eret */
                    if (unlikely(delay)) RAISE(EXC_RI);  /* eret in a slot: undefined */
                    cpu_eret(c);
                    c->icount++;
                    continue;
                case 0x20:                                                /* wait */
                    c->waiting = true;
                    cpu_sync_point(c);
                    break;
                default: RAISE(EXC_RI);
                }
            } else {
                RAISE(EXC_RI);
            }
            break;
        case 0x11: case 0x13: case 0x31: case 0x35: case 0x39: case 0x3D:
            RAISE_CPU(1);                    /* COP1, COP1X, lwc1, ldc1, swc1, sdc1 */
        case 0x12: case 0x32: case 0x36: case 0x3A: case 0x3E:
            RAISE_CPU(2);                    /* COP2, lwc2, ldc2, swc2, sdc2 */

        case 0x14: BRANCH_LIKELY(r[rs] == r[rt]); break;                  /* beql */
        case 0x15: BRANCH_LIKELY(r[rs] != r[rt]); break;                  /* bnel */
        case 0x16: BRANCH_LIKELY((int32_t)r[rs] <= 0); break;             /* blezl */
        case 0x17: BRANCH_LIKELY((int32_t)r[rs] > 0); break;              /* bgtzl */

        case 0x1C: /* SPECIAL2 */
            switch (insn & 63) {
            case 0x00: {                                                  /* madd */
                uint64_t a = ((uint64_t)c->hi << 32) | c->lo;   /* wraps, as HW */
                a += (uint64_t)((int64_t)(int32_t)r[rs] * (int32_t)r[rt]);
                c->lo = (uint32_t)a; c->hi = (uint32_t)(a >> 32);
                break;
            }
            case 0x01: {                                                  /* maddu */
                uint64_t a = (((uint64_t)c->hi << 32) | c->lo) + (uint64_t)r[rs] * r[rt];
                c->lo = (uint32_t)a; c->hi = (uint32_t)(a >> 32);
                break;
            }
            case 0x02: r[rd] = (uint32_t)((int32_t)r[rs] * (int64_t)(int32_t)r[rt]); break; /* mul */
            case 0x04: {                                                  /* msub */
                uint64_t a = ((uint64_t)c->hi << 32) | c->lo;
                a -= (uint64_t)((int64_t)(int32_t)r[rs] * (int32_t)r[rt]);
                c->lo = (uint32_t)a; c->hi = (uint32_t)(a >> 32);
                break;
            }
            case 0x05: {                                                  /* msubu */
                uint64_t a = (((uint64_t)c->hi << 32) | c->lo) - (uint64_t)r[rs] * r[rt];
                c->lo = (uint32_t)a; c->hi = (uint32_t)(a >> 32);
                break;
            }
            case 0x20: r[rd] = r[rs] ? (uint32_t)__builtin_clz(r[rs]) : 32; break;   /* clz */
            case 0x21: r[rd] = ~r[rs] ? (uint32_t)__builtin_clz(~r[rs]) : 32; break; /* clo */
            case 0x3F:                                                    /* sdbbp */
                if (uhi_exit(c, insn)) { next = pc + 4; break; }
                RAISE(EXC_RI);
            default: RAISE(EXC_RI);
            }
            break;

        case 0x20: va = r[rs] + simm;                                     /* lb */
                   MEM(load(c, va, 1, &v), va, MMU_LOAD);
                   r[rt] = (uint32_t)(int32_t)(int8_t)v; break;
        case 0x24: va = r[rs] + simm;                                     /* lbu */
                   MEM(load(c, va, 1, &v), va, MMU_LOAD);
                   r[rt] = v; break;
        case 0x21: va = r[rs] + simm; ALIGNED(va, 2, MMU_LOAD);           /* lh */
                   MEM(load(c, va, 2, &v), va, MMU_LOAD);
                   r[rt] = (uint32_t)(int32_t)(int16_t)v; break;
        case 0x25: va = r[rs] + simm; ALIGNED(va, 2, MMU_LOAD);           /* lhu */
                   MEM(load(c, va, 2, &v), va, MMU_LOAD);
                   r[rt] = v; break;
        case 0x23: va = r[rs] + simm; ALIGNED(va, 4, MMU_LOAD);           /* lw */
                   MEM(load(c, va, 4, &v), va, MMU_LOAD);
                   r[rt] = v; break;
        case 0x22: va = r[rs] + simm;                                     /* lwl */
                   MEM(load(c, va & ~3u, 4, &v), va, MMU_LOAD);
                   r[rt] = merge_lwl(r[rt], v, va & 3); break;
        case 0x26: va = r[rs] + simm;                                     /* lwr */
                   MEM(load(c, va & ~3u, 4, &v), va, MMU_LOAD);
                   r[rt] = merge_lwr(r[rt], v, va & 3); break;
        case 0x28: va = r[rs] + simm;                                     /* sb */
                   MEM(store(c, va, 1, r[rt]), va, MMU_STORE); break;
        case 0x29: va = r[rs] + simm; ALIGNED(va, 2, MMU_STORE);          /* sh */
                   MEM(store(c, va, 2, r[rt]), va, MMU_STORE); break;
        case 0x2B: va = r[rs] + simm; ALIGNED(va, 4, MMU_STORE);          /* sw */
                   MEM(store(c, va, 4, r[rt]), va, MMU_STORE); break;
        case 0x2A: va = r[rs] + simm;                                     /* swl */
                   MEM(store_partial(c, va, r[rt], true), va, MMU_STORE); break;
        case 0x2E: va = r[rs] + simm;                                     /* swr */
                   MEM(store_partial(c, va, r[rt], false), va, MMU_STORE); break;
        case 0x2F:                                                        /* cache */
            if (unlikely(!kernel_or_cu0(c))) RAISE_CPU(0);
            break;                           /* no caches: nothing to do */
        case 0x30: {                                                      /* ll */
            struct mmu_translation t;
            va = r[rs] + simm; ALIGNED(va, 4, MMU_LOAD);
            MEM(load(c, va, 4, &v), va, MMU_LOAD);
            if (mmu_translate(&c->mmu, va, MMU_LOAD, &t) == MMU_OK)
                c->cp0.lladdr = t.paddr >> 4;
            c->llbit = true;
            r[rt] = v;
            break;
        }
        case 0x38:                                                        /* sc */
            va = r[rs] + simm; ALIGNED(va, 4, MMU_STORE);
            if (c->llbit)
                MEM(store(c, va, 4, r[rt]), va, MMU_STORE);
            r[rt] = c->llbit;
            c->llbit = false;
            break;
        case 0x33: break;                                                 /* pref */
        default:
            RAISE(EXC_RI);
        }
        r[0] = 0;
        c->pc = next;
        c->icount++;
        continue;

mem_fault:
        cpu_raise_mem(c, f, acc, va, pc, delay);
        c->icount++;
        continue;
raise:
        r[0] = 0;
        {
            struct cpu_exception ex = { .code = code, .pc = delay ? pc - 4 : pc,
                                        .in_delay = delay, .ce = ce };
            cpu_exception(c, &ex);
        }
        c->icount++;
    }
#undef rs
#undef rt
#undef rd
#undef sa
#undef simm
#undef uimm
#undef btarget
#undef BRANCH
#undef BRANCH_LIKELY
#undef RAISE
#undef RAISE_CPU
#undef MEM
#undef ALIGNED
}
