/*
 * exec.c -- the interpreter: run predecoded MIPS32 instructions.
 *
 * How it is fast
 * --------------
 * Instructions are decoded once per code page (decode.c, dcache.c) into an
 * array of struct dinsn.  The interpreter walks that array with *threaded
 * dispatch*: every handler ends by jumping straight to the handler of the
 * next instruction (`goto *di->run`: each dinsn carries its handler's
 * address, filled from the table `dispatch` when it is decoded), so there
 * is no central switch and the host's branch predictor learns each
 * handler's successor.
 * The PC is not kept per instruction: it is implied by the position in the
 * page (PC_OF), and computed only by the instructions that need it.
 *
 * Time and interruptions
 * ----------------------
 * icount (retired instructions) and stop (where this block must end) live
 * in local variables; each handler ends with NEXT, which counts the
 * instruction and compares once.  Before any call out of this function
 * that may read the time or end the block (CP0, devices, exceptions), the
 * count is written back (SYNC_OUT) and the stop re-read (RELOAD_STOP): a
 * callee ends the block after the current instruction with
 * cpu_sync_point(), e.g. when an interrupt may have become pending or a
 * translation changed.  cpu.c's run loop then looks at interrupts.
 *
 * Branch delay slots
 * ------------------
 * A branch decides where to go (tdi, the target's entry in this page, or
 * btarget, its address) and then runs its delay slot in one of two ways.
 *
 * The fast way (DELAY_SLOT): when both the branch and its slot retire well
 * before stop, and the slot is an operation that cannot fault or end the
 * block (the S operations of decode.h), the branch jumps to the slot's
 * *slot variant* (slot_NAME, from the table in_slot): the same work as the
 * ordinary handler, which then goes straight to the target (SLOT_DONE).
 * A load or store in the slot takes this way while the translation cache
 * hits; on a miss it turns to the general way before touching anything.
 * No pending flag, no lowered stop, no pass through slice_end: that
 * bookkeeping was about 12 host instructions per branch.  A target outside
 * the page is tdi = &elsewhere, whose "handler" goes on at btarget.
 *
 * The general way: the branch records that it is pending and lowers stop
 * so that NEXT leaves the handler chain right after the slot has run;
 * slice_end then continues at the target.  If the block must end between a
 * branch and its slot, the pending branch is saved in c->delay_slot/
 * c->delay_target and resumed by the next block, which is how an interrupt
 * can be taken on a delay-slot instruction (EPC = the branch, Cause.BD =
 * 1); a slot that faults sees pending (IN_SLOT) and reports the same.  The
 * one compare in NEXT therefore serves both purposes.
 *
 * Self-modifying code
 * -------------------
 * A store into a decoded page goes through the MMU's slow path, which tells
 * dcache.c to forget the words written (DOP_DECODE); they are decoded again
 * when reached, even within the running block.
 */
#include <string.h>
#include "cpu_internal.h"
#include "disasm.h"

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
static bool uhi_exit(struct cpu *c, uint32_t code)
{
    if (!c->semihosting || code != 1 || c->gpr[25] != 1)
        return false;
    c->halted = true;
    c->exit_code = c->gpr[4];
    cpu_sync_point(c);
    return true;
}

/* The word behind a decoded instruction, for the exception hook: from the
 * page, or the one word fetched from a device. */
static uint32_t insn_word(const struct dpage *dp, const struct dinsn *di,
                          uint32_t scratch_word)
{
    uint32_t w = scratch_word;
    if (dp->host)
        memcpy(&w, dp->host + ((di - dp->d) << 2), 4);
    return w;
}

/* An exception raised by a memory access (fetch, load or store) at pc:
 * the block ends; the CPU or the monitor's hook sets the new PC.  Or no
 * exception at all: a debugger's "stop before" watchpoint refused the
 * access (debug.c); then the instruction has not begun and costs nothing. */
static void raise_mem_fault(struct cpu *c, uint64_t icount, enum mmu_fault f,
                            enum mmu_access acc, uint32_t va, uint32_t pc,
                            bool in_slot)
{
    if (unlikely(f == MMU_WATCH_STOP)) {
        cpu_watch_rewind(c, icount, pc, in_slot);
        return;
    }
    c->icount = icount;
    c->pc = pc;
    c->delay_slot = false;
    cpu_raise_mem(c, f, acc, va, pc, in_slot);
    c->icount++;                     /* an exception costs one instruction */
}

void cpu_exec_block(struct cpu *c)
{
    static const void *const dispatch[DOP_COUNT] = {
#define DOP_LABEL(name) [DOP_##name] = &&op_##name,
        DECODED_OPS(DOP_LABEL, DOP_LABEL)
    };
    /* The delay-slot variant of each operation (see the top of the file);
     * slot_other, the general way, for those without one. */
    static const void *const in_slot[DOP_COUNT] = {
#define SLOT_OTHER(name) [DOP_##name] = &&slot_other,
#define SLOT_LABEL(name) [DOP_##name] = &&slot_##name,
        DECODED_OPS(SLOT_OTHER, SLOT_LABEL)
#undef SLOT_OTHER
#undef SLOT_LABEL
#undef DOP_LABEL
    };
    uint32_t *const r = c->gpr;
    struct mmu *const mmu = &c->mmu;
    /* One instruction per dispatch check while tracing or while a
     * breakpoint is set (debug.c); otherwise the threaded fast path. */
    const bool tracing = c->one_by_one;
    uint64_t icount = c->icount, stop = 0;
    struct dpage *dp = NULL;
    struct dinsn *di = NULL;
    uint32_t vbase = 0;             /* virtual address of dp's page */
    uint32_t jump_vpage = 1;        /* vbase if a jump may stay in dp, else 1 */
    uint32_t scratch_word = 0;      /* code fetched from a device */
    bool pending = c->delay_slot;   /* a branch waits for its delay slot */
    uint32_t btarget = c->delay_target;
    /* tdi's value when a branch target is not an entry of dp: "running"
     * it continues at btarget (op_ELSEWHERE), so that going to a target
     * needs no test for this case. */
    struct dinsn elsewhere = { .run = &&op_ELSEWHERE };
    struct dinsn *tdi = &elsewhere; /* the branch target inside dp, or
                                       &elsewhere: then btarget holds it */
    uint64_t fast_stop = 0;         /* c->stop_at, or 0 while tracing */
    uint64_t branch_icount = icount;/* icount right after that branch */
    uint32_t pc = c->pc, va, v;
    enum mmu_fault f;
    /* This block's view of the MMU's translation cache.  The context (mode,
     * ASID, generation) cannot change inside a block: whatever changes it
     * ends the block (cpu_sync_point). */
    const struct mmu_tc_entry *const tc_load = mmu->tc[mmu->mode][MMU_LOAD];
    const struct mmu_tc_entry *const tc_store = mmu->tc[mmu->mode][MMU_STORE];
    const uint64_t gen_tag = mmu->gen_tag;

    c->handlers = dispatch;         /* for dcache.c (struct dinsn's run) */
    if (icount >= c->stop_at)
        return;

#define PC_OF(p)    (vbase + (uint32_t)(((p) - dp->d) << 2))
#define SYNC_OUT()  (c->icount = icount)
#define RELOAD_STOP() do { stop = c->stop_at; fast_stop = tracing ? 0 : stop; \
        if (pending && stop > branch_icount + 1) stop = branch_icount + 1; \
        if (tracing && stop > icount + 1) stop = icount + 1; } while (0)
#define NEXT do { di++; if (unlikely(++icount >= stop)) goto slice_end; \
        goto *di->run; } while (0)
#define IN_SLOT     (pending && icount == branch_icount)
#define TARGET_PC() (tdi != &elsewhere ? PC_OF(tdi) : btarget)
    /* An exception ends the block; the CPU (or the monitor's hook) has set
     * the PC.  It costs one instruction of time. */
#define NOTE_INSN() (c->exc_insn = insn_word(dp, di, scratch_word), \
        c->exc_has_insn = true)
#define RAISE_CE(code_, ce_) do { bool slot_ = IN_SLOT; SYNC_OUT(); \
        c->pc = PC_OF(di); c->delay_slot = false; NOTE_INSN(); \
        cpu_raise(c, (code_), (ce_), PC_OF(di), slot_); \
        c->icount++; \
        if (RESUMED_INLINE(slot_)) { icount++; RELOAD_STOP(); di++; \
            goto dispatch_di; } \
        return; } while (0)
/* The exception hook emulated the instruction and resumed the CPU at the
 * next one without asking for a sync point (the monitor's long way for a
 * guest kernel's tlbwi, say): the block goes on, as if the instruction had
 * run here.  Taking the exception, or anything that ends the block, moves the
 * PC elsewhere or lowers stop_at to icount. */
#define RESUMED_INLINE(slot_) (!(slot_) && c->pc == PC_OF(di) + 4 && \
        !c->delay_slot && c->stop_at > c->icount)
#define RAISE(code_) RAISE_CE(code_, 0)
#define MEM_FAULT(f_, va_, acc_) do { NOTE_INSN(); \
        raise_mem_fault(c, icount, (f_), (acc_), (va_), PC_OF(di), IN_SLOT); \
        return; } while (0)
/* Loads and stores: the translation cache hit is the whole fast path.
 * The slow path's value lives in its own variable (v_): a variable whose
 * address is passed to mmu_access would otherwise be kept in memory on the
 * fast path too. */
#define LOAD(size_, conv_) do { uint8_t *h_; va = r[di->rs] + di->imm; \
        if (unlikely(va & ((size_) - 1))) MEM_FAULT(MMU_ADDRESS_ERROR, va, MMU_LOAD); \
        if (likely(mmu_tc_find(tc_load, gen_tag, va, &h_))) { \
            r[di->rd] = conv_(mmu_host_read(h_, (size_))); NEXT; } \
        uint32_t v_; SYNC_OUT(); f = mmu_access(mmu, va, (size_), MMU_LOAD, &v_); \
        RELOAD_STOP(); if (unlikely(f)) { MEM_FAULT(f, va, MMU_LOAD); } \
        r[di->rd] = conv_(v_); NEXT; } while (0)
#define STORE(size_) do { uint8_t *h_; va = r[di->rs] + di->imm; \
        if (unlikely(va & ((size_) - 1))) MEM_FAULT(MMU_ADDRESS_ERROR, va, MMU_STORE); \
        if (likely(mmu_tc_find(tc_store, gen_tag, va, &h_))) { \
            mmu_host_write(h_, (size_), r[di->rt]); NEXT; } \
        uint32_t v_ = r[di->rt]; SYNC_OUT(); \
        f = mmu_access(mmu, va, (size_), MMU_STORE, &v_); \
        RELOAD_STOP(); if (unlikely(f)) { MEM_FAULT(f, va, MMU_STORE); } \
        NEXT; } while (0)
/* Run a branch's delay slot, the branch having set tdi or btarget.  The
 * fast way needs the branch and the slot both to retire before stop (so
 * no interrupt, time limit or single step can fall between them or right
 * after them) and the slot to have a variant.  Otherwise the branch is
 * left pending (the general way): stop <= icount + 1 already, so the
 * slot's NEXT leaves the chain at the latest (or this one, as NEXT
 * would, if the block must end before the slot). */
#define DELAY_SLOT() do { di++; icount++;      /* the branch retires */ \
        if (likely(icount + 1 < stop)) goto *in_slot[di->op]; \
        pending = true; branch_icount = icount; \
        if (unlikely(icount >= stop)) goto slice_end; \
        goto *di->run; } while (0)
/* The end of a slot variant: the slot retires, the branch's target next.
 * No compare with stop: DELAY_SLOT checked there was room. */
#define SLOT_DONE do { icount++; di = tdi; goto *di->run; } while (0)
/* An operation that cannot fault or end the block (an S operation of
 * decode.h): its handler, and its delay-slot variant. */
#define SIMPLE(name_, ...) \
    op_##name_:   __VA_ARGS__; NEXT; \
    slot_##name_: __VA_ARGS__; SLOT_DONE;
/* A load or store in a delay slot: the translation cache hit path only;
 * anything else (unaligned, a miss, a device, a watched page) runs the
 * ordinary handler the general way. */
#define SLOT_LOAD(size_, conv_) do { uint8_t *h_; va = r[di->rs] + di->imm; \
        if (unlikely((va & ((size_) - 1)) || \
                     !mmu_tc_find(tc_load, gen_tag, va, &h_))) goto slot_other; \
        r[di->rd] = conv_(mmu_host_read(h_, (size_))); SLOT_DONE; } while (0)
#define SLOT_STORE(size_) do { uint8_t *h_; va = r[di->rs] + di->imm; \
        if (unlikely((va & ((size_) - 1)) || \
                     !mmu_tc_find(tc_store, gen_tag, va, &h_))) goto slot_other; \
        mmu_host_write(h_, (size_), r[di->rt]); SLOT_DONE; } while (0)
#define BRANCH_TO(target_) do { btarget = (target_); tdi = &elsewhere; \
        DELAY_SLOT(); } while (0)
/* A conditional branch finds its target in the same decoded page when it
 * can (no PC arithmetic at all); not taken, it continues two entries on
 * (the sentinels make that safe at the end of the page).  Whether the
 * target is in the page was found when the branch was decoded (rd is not
 * DINSN_FAR, see decode.h); imm is then the host byte distance between the
 * two entries, else the guest byte distance between the two words. */
#define BRANCH(cond_) do { \
        if (cond_) { \
            if (likely(di->rd != DINSN_FAR)) \
                tdi = (struct dinsn *)((char *)di + (int32_t)di->imm); \
            else { tdi = &elsewhere; btarget = PC_OF(di) + di->imm; } \
        } else { \
            tdi = di + 2; \
        } \
        DELAY_SLOT(); } while (0)
#define BRANCH_LIKELY(cond_) do { if (cond_) { BRANCH(1); } \
        di++; NEXT; } while (0)          /* not taken: the slot is skipped */
#define PRIVILEGED() do { if (unlikely(!kernel_or_cu0(c))) RAISE_CE(EXC_CPU, 0); } while (0)
/* The same for the instructions cpu_cop0_op() names, which the monitor's
 * assist may do without an exception (cpu_set_cop0_assist: a guest
 * kernel's mfc0 runs here in supervisor mode, and this is where it would
 * trap).  NEXT goes on in this block, as a plain mfc0 would. */
#define PRIVILEGED_COP0() do { if (unlikely(!kernel_or_cu0(c))) { \
        if (c->cop0_assist != NULL && !IN_SLOT) { \
            SYNC_OUT(); c->pc = PC_OF(di); c->delay_slot = false; \
            switch (c->cop0_assist(c->cop0_assist_opaque, c, PC_OF(di), \
                                   insn_word(dp, di, scratch_word))) { \
            case CPU_ASSIST_NEXT: \
                icount += CPU_ASSIST_INSNS - 1; RELOAD_STOP(); NEXT; \
            case CPU_ASSIST_JUMP: c->icount = icount + CPU_ASSIST_INSNS; return; \
            case CPU_ASSIST_TRAPPED: c->icount = icount + 1; return; \
            case CPU_ASSIST_DECLINED: break; \
            } \
        } \
        RAISE_CE(EXC_CPU, 0); } } while (0)
#define SX8(x)  ((uint32_t)(int32_t)(int8_t)(x))
#define SX16(x) ((uint32_t)(int32_t)(int16_t)(x))
#define ZX(x)   (x)

    RELOAD_STOP();
    goto lookup;

/* ---- finding code ------------------------------------------------------ */

lookup: {   /* start running at pc: find (or make) the decoded page */
    const uint8_t *host;
    if (unlikely(c->kseg_only) && !cpu_kernel_only_code(c->cp0.status, pc)) {
        /* cpu_set_kseg_only(): stop before an instruction the physical
         * CPU could run.  Leaving kseg0/1/3 means a jump, a page change,
         * or a mode change (which ends the block): all come through here. */
        c->pc = pc;
        c->delay_slot = pending;
        c->delay_target = btarget;      /* tdi is &elsewhere here when pending */
        c->left_kseg = true;
        c->stop_requested = true;
        goto out;
    }
    if (unlikely(pc & 3)) {
        f = MMU_ADDRESS_ERROR;
        goto fetch_fault;
    }
    host = mmu_fast_host(mmu, pc & ~0xFFFu, MMU_FETCH);
    if (unlikely(host == NULL)) {
        SYNC_OUT();
        f = mmu_access(mmu, pc, 4, MMU_FETCH, &scratch_word);
        RELOAD_STOP();
        if (f != MMU_OK)
            goto fetch_fault;
        host = mmu_fast_host(mmu, pc & ~0xFFFu, MMU_FETCH);
    }
    vbase = pc & ~0xFFFu;
    dp = host ? dcache_get(c, host) : NULL;
    if (unlikely(dp == NULL)) {
        /* Code outside RAM and ROM (a device), or no memory for a page:
         * run this one word from a scratch page; its successor entry
         * sends us back here for the next one. */
        if (host)
            memcpy(&scratch_word, host + (pc & 0xFFF), 4);
        dp = &c->scratch;
        di = &dp->d[(pc & 0xFFF) >> 2];
        decode_insn(scratch_word, di);
        di->run = dispatch[di->op];
        di[1].op = DOP_PAGE_END;        /* the slot, or the next word */
        di[2].op = DOP_PAGE_END;        /* past a nullified slot */
        di[1].run = di[2].run = dispatch[DOP_PAGE_END];
        jump_vpage = 1;
        goto dispatch_di;
    }
    jump_vpage = vbase;
    di = &dp->d[(pc & 0xFFF) >> 2];
    goto dispatch_di;
}

fetch_fault:
    raise_mem_fault(c, icount, f, MMU_FETCH, pc, pc, IN_SLOT);
    return;

dispatch_di:
    if (unlikely(tracing) && di->op != DOP_PAGE_END) {
        if (c->brk != NULL && cpu_break_check(c, PC_OF(di))) {
            c->stop_at = icount;        /* stop before it runs: slice_end */
            goto slice_end;             /* saves the PC and any pending branch */
        }
        if (c->trace & CPU_TRACE_INSN) {
            uint32_t w = scratch_word;
            if (dp->host)
                memcpy(&w, dp->host + ((di - dp->d) << 2), 4);
            trace_insn(c, PC_OF(di), w);
        }
    }
    goto *di->run;

jump:       /* continue at pc, which is not a delay slot */
    if (icount >= c->stop_at) {
        c->pc = pc;
        c->delay_slot = false;
        goto out;
    }
    RELOAD_STOP();
    if (likely((pc & 0xFFFFF003u) == jump_vpage)) {
        di = &dp->d[(pc & 0xFFF) >> 2];
        goto dispatch_di;
    }
    goto lookup;

slot_other: /* DELAY_SLOT's general way, decided at the slot: the branch
             * has retired (icount counts it) and stop > icount + 1 */
    pending = true;
    branch_icount = icount;
    stop = icount + 1;
    goto *di->run;

far_target: /* a delay slot is done; continue at pc, with icount < stop
             * <= c->stop_at, and not tracing (see DELAY_SLOT, slice_end) */
    if (likely((pc & 0xFFFFF003u) == jump_vpage)) {
        di = &dp->d[(pc & 0xFFF) >> 2];
        goto *di->run;
    }
    goto lookup;

slice_end:  /* NEXT reached stop: a delay slot is due or done, or time is up */
    if (likely(pending) && icount != branch_icount) {
        /* The common case: a branch's slot has run; go to its target. */
        pending = false;
        stop = fast_stop;
        if (likely(icount < fast_stop)) {
            di = tdi;                           /* in this page: no lookup */
            goto *di->run;                      /* (or op_ELSEWHERE) */
        }
        pc = TARGET_PC();
        goto jump;
    }
    if (pending) {
        if (icount == branch_icount) {          /* the slot has not run */
            if (icount >= c->stop_at) {
                c->pc = PC_OF(di);
                c->delay_slot = true;
                c->delay_target = TARGET_PC();
                goto out;
            }
            stop = branch_icount + 1;
            goto dispatch_di;
        }
        pending = false;                        /* the slot has run */
        pc = btarget;
        goto jump;
    }
    if (icount >= c->stop_at) {
        c->pc = PC_OF(di);
        c->delay_slot = false;
        goto out;
    }
    RELOAD_STOP();                              /* single-stepping a trace */
    goto dispatch_di;

out:
    c->icount = icount;
    return;

/* ---- the instructions -------------------------------------------------- */

op_DECODE: {
    uint32_t w;
    memcpy(&w, dp->host + ((di - dp->d) << 2), 4);
    decode_insn(w, di);
    decode_place(di, (unsigned)(di - dp->d));
    di->run = dispatch[di->op];
    goto *di->run;
}
op_PAGE_END:
    pc = PC_OF(di);                 /* vbase + 4096 (or + 4100 past a slot) */
    if (pending) {                  /* a slot on the next page: the target */
        btarget = TARGET_PC();      /* must not point into this page's */
        tdi = &elsewhere;           /* decodings once we leave it */
    }
    goto lookup;
op_ELSEWHERE:   /* tdi was &elsewhere: a branch's target outside dp */
    pc = btarget;
    goto far_target;

SIMPLE(NOP, (void)0)
op_RI:    RAISE(EXC_RI);
op_CPU1:  RAISE_CE(EXC_CPU, 1);
op_CPU2:  RAISE_CE(EXC_CPU, 2);

SIMPLE(SLL,  r[di->rd] = r[di->rt] << di->imm)
SIMPLE(SRL,  r[di->rd] = r[di->rt] >> di->imm)
SIMPLE(SRA,  r[di->rd] = (uint32_t)((int32_t)r[di->rt] >> di->imm))
SIMPLE(SLLV, r[di->rd] = r[di->rt] << (r[di->rs] & 31))
SIMPLE(SRLV, r[di->rd] = r[di->rt] >> (r[di->rs] & 31))
SIMPLE(SRAV, r[di->rd] = (uint32_t)((int32_t)r[di->rt] >> (r[di->rs] & 31)))
op_JR:    BRANCH_TO(r[di->rs]);
op_JALR: {
    uint32_t t = r[di->rs];                 /* read before the link write */
    r[di->rd] = PC_OF(di) + 8;
    BRANCH_TO(t);
}
SIMPLE(MOVZ, if (r[di->rt] == 0) { r[di->rd] = r[di->rs]; })
SIMPLE(MOVN, if (r[di->rt] != 0) { r[di->rd] = r[di->rs]; })
op_SYSCALL: RAISE(EXC_SYS);
op_BREAK: RAISE(EXC_BP);
SIMPLE(MFHI, r[di->rd] = c->hi)
SIMPLE(MTHI, c->hi = r[di->rs])
SIMPLE(MFLO, r[di->rd] = c->lo)
SIMPLE(MTLO, c->lo = r[di->rs])
SIMPLE(MULT, {
    int64_t p = (int64_t)(int32_t)r[di->rs] * (int32_t)r[di->rt];
    c->lo = (uint32_t)p; c->hi = (uint32_t)((uint64_t)p >> 32);
})
SIMPLE(MULTU, {
    uint64_t p = (uint64_t)r[di->rs] * r[di->rt];
    c->lo = (uint32_t)p; c->hi = (uint32_t)(p >> 32);
})
SIMPLE(DIV, {
    int32_t n = (int32_t)r[di->rs], d = (int32_t)r[di->rt];
    if (d == 0) {
        /* HI, LO unchanged */
    } else if (n == INT32_MIN && d == -1) {
        c->lo = (uint32_t)n; c->hi = 0;
    } else {
        c->lo = (uint32_t)(n / d); c->hi = (uint32_t)(n % d);
    }
})
SIMPLE(DIVU, {
    if (r[di->rt] != 0) {
        c->lo = r[di->rs] / r[di->rt]; c->hi = r[di->rs] % r[di->rt];
    }
})
op_ADD: {
    uint32_t a = r[di->rs], b = r[di->rt], s = a + b;
    if (unlikely(((s ^ a) & (s ^ b)) >> 31)) RAISE(EXC_OV);
    r[di->rd] = s;
    NEXT;
}
SIMPLE(ADDU, r[di->rd] = r[di->rs] + r[di->rt])
op_SUB: {
    uint32_t a = r[di->rs], b = r[di->rt], s = a - b;
    if (unlikely(((a ^ b) & (s ^ a)) >> 31)) RAISE(EXC_OV);
    r[di->rd] = s;
    NEXT;
}
SIMPLE(SUBU, r[di->rd] = r[di->rs] - r[di->rt])
SIMPLE(AND,  r[di->rd] = r[di->rs] & r[di->rt])
SIMPLE(OR,   r[di->rd] = r[di->rs] | r[di->rt])
SIMPLE(XOR,  r[di->rd] = r[di->rs] ^ r[di->rt])
SIMPLE(NOR,  r[di->rd] = ~(r[di->rs] | r[di->rt]))
SIMPLE(SLT,  r[di->rd] = (int32_t)r[di->rs] < (int32_t)r[di->rt])
SIMPLE(SLTU, r[di->rd] = r[di->rs] < r[di->rt])
op_TGE:   if ((int32_t)r[di->rs] >= (int32_t)r[di->rt]) { RAISE(EXC_TR); } NEXT;
op_TGEU:  if (r[di->rs] >= r[di->rt]) { RAISE(EXC_TR); } NEXT;
op_TLT:   if ((int32_t)r[di->rs] < (int32_t)r[di->rt]) { RAISE(EXC_TR); } NEXT;
op_TLTU:  if (r[di->rs] < r[di->rt]) { RAISE(EXC_TR); } NEXT;
op_TEQ:   if (r[di->rs] == r[di->rt]) { RAISE(EXC_TR); } NEXT;
op_TNE:   if (r[di->rs] != r[di->rt]) { RAISE(EXC_TR); } NEXT;

op_BLTZ:  BRANCH((int32_t)r[di->rs] < 0);
op_BGEZ:  BRANCH((int32_t)r[di->rs] >= 0);
op_BLTZL: BRANCH_LIKELY((int32_t)r[di->rs] < 0);
op_BGEZL: BRANCH_LIKELY((int32_t)r[di->rs] >= 0);
op_BLTZAL: { bool t = (int32_t)r[di->rs] < 0; r[31] = PC_OF(di) + 8; BRANCH(t); }
op_BGEZAL: { bool t = (int32_t)r[di->rs] >= 0; r[31] = PC_OF(di) + 8; BRANCH(t); }
op_BLTZALL: { bool t = (int32_t)r[di->rs] < 0; r[31] = PC_OF(di) + 8; BRANCH_LIKELY(t); }
op_BGEZALL: { bool t = (int32_t)r[di->rs] >= 0; r[31] = PC_OF(di) + 8; BRANCH_LIKELY(t); }
op_TGEI:  if ((int32_t)r[di->rs] >= (int32_t)di->imm) { RAISE(EXC_TR); } NEXT;
op_TGEIU: if (r[di->rs] >= di->imm) { RAISE(EXC_TR); } NEXT;
op_TLTI:  if ((int32_t)r[di->rs] < (int32_t)di->imm) { RAISE(EXC_TR); } NEXT;
op_TLTIU: if (r[di->rs] < di->imm) { RAISE(EXC_TR); } NEXT;
op_TEQI:  if (r[di->rs] == di->imm) { RAISE(EXC_TR); } NEXT;
op_TNEI:  if (r[di->rs] != di->imm) { RAISE(EXC_TR); } NEXT;

op_J:     BRANCH_TO(((PC_OF(di) + 4) & 0xF0000000u) | di->imm);
op_JAL:   r[31] = PC_OF(di) + 8;
          BRANCH_TO(((PC_OF(di) + 4) & 0xF0000000u) | di->imm);
op_BEQ:   BRANCH(r[di->rs] == r[di->rt]);
op_BNE:   BRANCH(r[di->rs] != r[di->rt]);
op_BLEZ:  BRANCH((int32_t)r[di->rs] <= 0);
op_BGTZ:  BRANCH((int32_t)r[di->rs] > 0);
op_BEQL:  BRANCH_LIKELY(r[di->rs] == r[di->rt]);
op_BNEL:  BRANCH_LIKELY(r[di->rs] != r[di->rt]);
op_BLEZL: BRANCH_LIKELY((int32_t)r[di->rs] <= 0);
op_BGTZL: BRANCH_LIKELY((int32_t)r[di->rs] > 0);

op_ADDI: {
    uint32_t a = r[di->rs], s = a + di->imm;
    if (unlikely(((s ^ a) & (s ^ di->imm)) >> 31)) RAISE(EXC_OV);
    r[di->rd] = s;
    NEXT;
}
SIMPLE(ADDIU, r[di->rd] = r[di->rs] + di->imm)
SIMPLE(SLTI,  r[di->rd] = (int32_t)r[di->rs] < (int32_t)di->imm)
SIMPLE(SLTIU, r[di->rd] = r[di->rs] < di->imm)
SIMPLE(ANDI,  r[di->rd] = r[di->rs] & di->imm)
SIMPLE(ORI,   r[di->rd] = r[di->rs] | di->imm)
SIMPLE(XORI,  r[di->rd] = r[di->rs] ^ di->imm)
SIMPLE(LUI,   r[di->rd] = di->imm)

op_MFC0:
    PRIVILEGED_COP0();
    SYNC_OUT();                             /* Count and Random read the time */
    r[di->rd] = cpu_cp0_read(c, di->imm >> 3, di->imm & 7);
    NEXT;
op_MTC0:
    PRIVILEGED_COP0();
    SYNC_OUT();
    cpu_cp0_write(c, di->imm >> 3, di->imm & 7, r[di->rt]);
    RELOAD_STOP();
    NEXT;
op_TLBR:
    PRIVILEGED_COP0();
    SYNC_OUT();
    cp0_tlbr(c);
    RELOAD_STOP();
    NEXT;
op_TLBWI:
    PRIVILEGED();
    SYNC_OUT();
    if (!cp0_tlbwi(c)) RAISE(EXC_MCHECK);
    RELOAD_STOP();
    NEXT;
op_TLBWR:
    PRIVILEGED();
    SYNC_OUT();
    if (!cp0_tlbwr(c)) RAISE(EXC_MCHECK);
    RELOAD_STOP();
    NEXT;
op_TLBP:
    PRIVILEGED_COP0();
    cp0_tlbp(c);
    NEXT;
op_ERET:
    PRIVILEGED_COP0();
    if (unlikely(IN_SLOT)) RAISE(EXC_RI);   /* eret in a slot: undefined */
    SYNC_OUT();
    cpu_eret(c);                            /* sets the PC, ends the block */
    c->icount = icount + 1;
    return;
op_WAIT:
    PRIVILEGED();
    SYNC_OUT();
    c->pc = PC_OF(di) + 4;
    c->delay_slot = false;
    c->waiting = true;
    c->icount = icount + 1;
    cpu_sync_point(c);
    return;
op_CACHE:
    PRIVILEGED();
    NEXT;                                   /* no caches: nothing to do */

SIMPLE(MADD, {
    uint64_t a = ((uint64_t)c->hi << 32) | c->lo;   /* wraps, as HW */
    a += (uint64_t)((int64_t)(int32_t)r[di->rs] * (int32_t)r[di->rt]);
    c->lo = (uint32_t)a; c->hi = (uint32_t)(a >> 32);
})
SIMPLE(MADDU, {
    uint64_t a = (((uint64_t)c->hi << 32) | c->lo) + (uint64_t)r[di->rs] * r[di->rt];
    c->lo = (uint32_t)a; c->hi = (uint32_t)(a >> 32);
})
SIMPLE(MUL, r[di->rd] = (uint32_t)((int64_t)(int32_t)r[di->rs] * (int32_t)r[di->rt]))
SIMPLE(MSUB, {
    uint64_t a = ((uint64_t)c->hi << 32) | c->lo;
    a -= (uint64_t)((int64_t)(int32_t)r[di->rs] * (int32_t)r[di->rt]);
    c->lo = (uint32_t)a; c->hi = (uint32_t)(a >> 32);
})
SIMPLE(MSUBU, {
    uint64_t a = (((uint64_t)c->hi << 32) | c->lo) - (uint64_t)r[di->rs] * r[di->rt];
    c->lo = (uint32_t)a; c->hi = (uint32_t)(a >> 32);
})
SIMPLE(CLZ, r[di->rd] = r[di->rs] ? (uint32_t)__builtin_clz(r[di->rs]) : 32)
SIMPLE(CLO, r[di->rd] = ~r[di->rs] ? (uint32_t)__builtin_clz(~r[di->rs]) : 32)
op_SDBBP:
    if (!uhi_exit(c, di->imm))
        RAISE(EXC_RI);
    c->pc = PC_OF(di) + 4;
    c->delay_slot = false;
    c->icount = icount + 1;
    return;

op_LB:    LOAD(1, SX8);
op_LBU:   LOAD(1, ZX);
op_LH:    LOAD(2, SX16);
op_LHU:   LOAD(2, ZX);
op_LW:    LOAD(4, ZX);
slot_LB:  SLOT_LOAD(1, SX8);
slot_LBU: SLOT_LOAD(1, ZX);
slot_LH:  SLOT_LOAD(2, SX16);
slot_LHU: SLOT_LOAD(2, ZX);
slot_LW:  SLOT_LOAD(4, ZX);
op_LWL:
op_LWR: {
    va = r[di->rs] + di->imm;
    SYNC_OUT();
    f = mmu_access(mmu, va & ~3u, 4, MMU_LOAD, &v);
    RELOAD_STOP();
    if (unlikely(f)) MEM_FAULT(f, va, MMU_LOAD);
    r[di->rd] = di->op == DOP_LWL ? merge_lwl(r[di->rt], v, va & 3)
                                  : merge_lwr(r[di->rt], v, va & 3);
    NEXT;
}
op_LL: {
    struct mmu_translation t;
    va = r[di->rs] + di->imm;
    if (unlikely(va & 3)) MEM_FAULT(MMU_ADDRESS_ERROR, va, MMU_LOAD);
    SYNC_OUT();
    f = mmu_access(mmu, va, 4, MMU_LOAD, &v);
    RELOAD_STOP();
    if (unlikely(f)) MEM_FAULT(f, va, MMU_LOAD);
    if (mmu_translate(mmu, va, MMU_LOAD, &t) == MMU_OK)
        c->cp0.lladdr = t.paddr >> 4;
    c->llbit = true;
    r[di->rd] = v;
    NEXT;
}
op_SB:    STORE(1);
op_SH:    STORE(2);
op_SW:    STORE(4);
slot_SB:  SLOT_STORE(1);
slot_SH:  SLOT_STORE(2);
slot_SW:  SLOT_STORE(4);
op_SWL:
op_SWR:
    va = r[di->rs] + di->imm;
    SYNC_OUT();
    f = store_partial(c, va, r[di->rt], di->op == DOP_SWL);
    RELOAD_STOP();
    if (unlikely(f)) MEM_FAULT(f, va, MMU_STORE);
    NEXT;
op_SC:
    va = r[di->rs] + di->imm;
    if (unlikely(va & 3)) MEM_FAULT(MMU_ADDRESS_ERROR, va, MMU_STORE);
    if (c->llbit) {
        v = r[di->rt];
        SYNC_OUT();
        f = mmu_access(mmu, va, 4, MMU_STORE, &v);
        RELOAD_STOP();
        if (unlikely(f)) MEM_FAULT(f, va, MMU_STORE);
    }
    r[di->rd] = c->llbit;
    c->llbit = false;
    NEXT;

#undef PC_OF
#undef SYNC_OUT
#undef RELOAD_STOP
#undef NEXT
#undef IN_SLOT
#undef TARGET_PC
#undef RAISE_CE
#undef RAISE
#undef MEM_FAULT
#undef LOAD
#undef STORE
#undef BRANCH_TO
#undef DELAY_SLOT
#undef SLOT_DONE
#undef SIMPLE
#undef SLOT_LOAD
#undef SLOT_STORE
#undef BRANCH
#undef BRANCH_LIKELY
#undef PRIVILEGED
#undef SX8
#undef SX16
#undef ZX
}
