/*
 * trap.c -- what happens after an exception: the dispatcher.
 *
 * vectors.S saves the interrupted registers in a trapframe and calls
 * trap(tf).  Cause.ExcCode says what happened:
 *
 *   Int      an interrupt: the timer (IP7) or the UART (IP2)
 *   Sys      a `syscall` instruction: syscall.c does the work
 *   anything else, from user mode: the process did something it may not --
 *            touched an address it has no mapping for, ran a privileged or
 *            reserved instruction, overflowed, misaligned a load.  It is
 *            killed with one line saying who, why and where; others go on.
 *   anything else, from kernel mode: a kernel bug -- panic.
 *
 * TLB refills for mapped user pages never get here: tlb_refill handles
 * them on its own.  A refill for an address the page table does not map
 * arrives here as TLBL/TLBS.
 */
#include "proc.h"

_Static_assert(sizeof(struct trapframe) == TF_SIZE, "trapframe.h disagrees with itself");
_Static_assert(__builtin_offsetof(struct trapframe, badvaddr) == TF_BADVADDR, "trapframe.h");

static const char *const exc_names[] = {
    "Int", "Mod", "TLBL", "TLBS", "AdEL", "AdES", "IBE", "DBE",
    "Sys", "Bp", "RI", "CpU", "Ov", "Tr",
};

static const char *exc_name(unsigned code)
{
    return code < sizeof exc_names / sizeof exc_names[0] ? exc_names[code] : "exception";
}

/* Copy the vector stubs to where the CPU looks for them (vectors.S), and
 * choose the interrupt lines we listen to.  The kernel writes physical
 * 0x000 and 0x180 through ksseg, as everything else.  (trapeze has no
 * caches; on a real 4Kc we would now write the data cache back and
 * invalidate the instruction cache for these lines.) */
void trap_init(void)
{
    size_t refill_len = vector_general_stub - vector_refill_stub;
    size_t general_len = vector_stub_end - vector_general_stub;
    memcpy((void *)P2K(0x000), vector_refill_stub, refill_len);
    memcpy((void *)P2K(0x180), vector_general_stub, general_len);
    mtc0(C0_STATUS, mfc0(C0_STATUS) | ST_IM_UART | ST_IM_TIMER);   /* IE stays 0 */
}

/* Say why the current process dies, and end it. */
static void kill_current(struct trapframe *tf)
{
    unsigned code = CAUSE_EXCCODE(tf->cause);
    /* In a branch delay slot, EPC is the branch; the culprit is next. */
    uint32_t pc = tf->epc + ((tf->cause & CAUSE_BD) ? 4 : 0);
    uint32_t addr = tf->badvaddr;
    const char *what;

    switch (code) {
    case EXC_MOD:
        what = "write to read-only address";
        break;
    case EXC_TLBL:
    case EXC_TLBS:
        what = "bad address";
        break;
    case EXC_ADEL:
    case EXC_ADES:
        what = addr < USER_TOP ? "unaligned address" : "kernel address";
        break;
    case EXC_CPU:
        what = ((tf->cause >> 28) & 3) == 0 ? "privileged instruction"
                                            : "coprocessor unusable";
        break;
    case EXC_RI: what = "reserved instruction"; break;
    case EXC_OV: what = "integer overflow";     break;
    case EXC_BP: what = "breakpoint";           break;
    case EXC_TR: what = "trap instruction";     break;
    default:     what = "unexpected exception"; break;
    }
    bool has_address = code == EXC_MOD || (code >= EXC_TLBL && code <= EXC_ADES);
    if (has_address)
        kprintf("minikern: killed pid %d (%s): %s (%s %p) at pc %p\n",
                current->pid, current->name, exc_name(code), what, (void *)addr, (void *)pc);
    else
        kprintf("minikern: killed pid %d (%s): %s (%s) at pc %p\n",
                current->pid, current->name, exc_name(code), what, (void *)pc);
    proc_exit(STATUS_KILLED);
}

static void kernel_fault(struct trapframe *tf)
{
    panic("%s in the kernel at pc %p (bad address %p, ra %p, status %p)",
          exc_name(CAUSE_EXCCODE(tf->cause)), (void *)tf->epc, (void *)tf->badvaddr,
          (void *)tf->regs[REG_RA], (void *)tf->status);
}

/* Serve the pending, enabled interrupt lines.  Returns whether the timer
 * ticked. */
static bool interrupt(struct trapframe *tf)
{
    uint32_t pending = tf->cause & tf->status & (CAUSE_IP_UART | CAUSE_IP_TIMER);

    /* Taken between idle_wait's "IE=1" and its `wait`: do not go back to
     * sleep in the `wait`, or we would miss what this interrupt woke. */
    if (tf->epc == (uint32_t)idle_wait_insn)
        tf->epc += 4;

    if (pending & CAUSE_IP_UART)
        console_intr();
    if (pending & CAUSE_IP_TIMER)
        timer_intr();
    return (pending & CAUSE_IP_TIMER) != 0;
}

void trap(struct trapframe *tf)
{
    unsigned code = CAUSE_EXCCODE(tf->cause);
    bool from_user = (tf->status & ST_KSU) == ST_KSU_USER;

    if (code == EXC_INT) {
        bool ticked = interrupt(tf);
        if (ticked && from_user)
            yield();                /* round robin: the time slice is over */
    } else if (code == EXC_SYS && from_user) {
        tf->epc += 4;               /* return past the syscall instruction */
        syscall(tf);
    } else if (from_user) {
        kill_current(tf);
    } else {
        kernel_fault(tf);
    }
}
