/*
 * proc.c -- processes: creating them, ending them, and sharing the CPU.
 *
 * A process is a slot in proc_table: an address space (pgdir, with its
 * own ASID), a kernel stack, and a state.  The design is xv6's:
 *
 *  - Each process has its own kernel stack.  When it enters the kernel (a
 *    syscall, a fault, an interrupt) its user registers are saved in the
 *    trapframe at the top of that stack, and the kernel code that runs on
 *    its behalf may block -- sleep_on() -- in the middle of a syscall.
 *
 *  - The scheduler is a loop on the boot stack.  A process gives up the
 *    CPU by swtch()ing to it (sched()); the scheduler picks the next
 *    RUNNABLE process in table order (round robin) and swtch()es to it.
 *    When nothing is runnable it idles in `wait` until an interrupt.
 *
 *  - The kernel runs with interrupts off, so nothing here can be
 *    interrupted halfway and no locks are needed.  Preemption happens only
 *    at the boundary with user mode: the timer interrupt calls yield()
 *    (trap.c) when it interrupted a user process.
 *
 *  - A process that exits becomes a ZOMBIE: its memory is freed at once,
 *    but the slot (with its exit status and kernel stack) stays until its
 *    parent collects it with wait().  Orphans are given to init.
 */
#include "proc.h"

struct proc proc_table[NPROC];
struct proc *current;            /* the RUNNING process; NULL in the scheduler */

/* Read by vectors.S on every exception and TLB refill. */
uint32_t kstack_top;             /* top of current's kernel stack */
uint32_t *current_pgdir;         /* current's page directory */

static struct context scheduler_context;
static struct proc *init_proc;   /* the first process: adopts orphans */
static int next_pid = 1;
static uint32_t *empty_pgdir;    /* current_pgdir when no process runs */

void proc_init(void)
{
    empty_pgdir = vm_create();
    if (empty_pgdir == NULL)
        panic("out of memory at boot");
    current_pgdir = empty_pgdir;
}

/* ---- creating a process ------------------------------------------------ */

/* A new process starts in the kernel, in this function (its context says
 * so), and leaves for user mode through its trapframe. */
static void first_return(void)
{
    trap_return(current->tf);
}

/* Put the arguments on the new process's stack the way main(argc, argv)
 * wants them: the strings at the very top, below them the argv array,
 * below that the 16-byte area the calling convention reserves. */
static int push_args(uint32_t *pgdir, int argc, char *const argv[],
                     uint32_t *sp_out, uint32_t *argv_out)
{
    uint32_t uargv[MAXARGS + 1];
    uint32_t sp = USER_TOP;

    if (argc > MAXARGS)
        return E_2BIG;
    for (int i = argc - 1; i >= 0; i--) {
        uint32_t len = strlen(argv[i]) + 1;
        sp -= len;
        if (sp < USER_TOP - USER_STACK_SIZE / 2 || vm_copyout(pgdir, sp, argv[i], len))
            return E_2BIG;
        uargv[i] = sp;
    }
    uargv[argc] = 0;
    sp &= ~3u;
    sp -= (argc + 1) * 4;
    if (vm_copyout(pgdir, sp, uargv, (argc + 1) * 4))
        return E_2BIG;
    *argv_out = sp;
    *sp_out = (sp & ~7u) - 16;
    return 0;
}

/* Build the user address space of p: program, stack, arguments. */
static int setup_user(struct proc *p, const struct program *prog,
                      int argc, char *const argv[])
{
    uint32_t entry, sp, uargv;
    int err;

    if ((p->pgdir = vm_create()) == NULL)
        return E_NOMEM;
    if ((err = program_load(p->pgdir, prog, &entry, &p->brk)) != 0 ||
        (err = vm_alloc(p->pgdir, USER_STACK, USER_TOP, true)) != 0 ||
        (err = push_args(p->pgdir, argc, argv, &sp, &uargv)) != 0)
        return err;

    /* What eret will load: user mode, interrupts on, at the entry point,
     * with main(argc, argv)'s arguments in a0 and a1. */
    p->tf = (struct trapframe *)(p->kstack + PAGE_SIZE - TF_SIZE);
    memset(p->tf, 0, sizeof *p->tf);
    p->tf->epc = entry;
    p->tf->status = ST_KSU_USER | ST_EXL | ST_IE | ST_IM_UART | ST_IM_TIMER;
    p->tf->regs[REG_SP] = sp;
    p->tf->regs[REG_A0] = (uint32_t)argc;
    p->tf->regs[REG_A1] = uargv;
    return 0;
}

/* Start program `name` as a child of the current process (of nobody, for
 * init) with the given arguments (kernel strings).  Returns the new pid,
 * or E_NOPROG, E_NOPROC (the table is full), E_NOMEM, E_2BIG, E_INVAL. */
int proc_spawn(const char *name, int argc, char *const argv[])
{
    const struct program *prog = program_find(name);
    if (prog == NULL)
        return E_NOPROG;

    struct proc *p = proc_table;
    while (p < &proc_table[NPROC] && p->state != UNUSED)
        p++;
    if (p == &proc_table[NPROC])
        return E_NOPROC;

    memset(p, 0, sizeof *p);
    p->asid = (unsigned)(p - proc_table) + 1;
    int err = (p->kstack = kalloc()) ? setup_user(p, prog, argc, argv) : E_NOMEM;
    if (err) {
        if (p->pgdir)
            vm_free(p->pgdir);
        if (p->kstack)
            kfree(p->kstack);
        memset(p, 0, sizeof *p);            /* the slot stays UNUSED */
        return err;
    }

    p->pid = next_pid++;
    strlcpy(p->name, name, sizeof p->name);
    p->parent = current;
    p->context.ra = (uint32_t)first_return;
    p->context.sp = (uint32_t)p->tf;        /* its kernel stack, below the tf */
    p->state = RUNNABLE;
    if (init_proc == NULL)
        init_proc = p;
    return p->pid;
}

/* ---- giving up the CPU --------------------------------------------------- */

/* Back to the scheduler.  The caller has set current->state. */
static void sched(void)
{
    swtch(&current->context, &scheduler_context);
}

void yield(void)
{
    current->state = RUNNABLE;
    sched();
}

/* Sleep until wakeup(chan).  chan is any address that names the event:
 * &ticks for the clock, the console's buffer for input, a proc for "one of
 * my children exited".  Callers re-check their condition in a loop, since
 * a wakeup only says "something happened". */
void sleep_on(void *chan)
{
    current->chan = chan;
    current->state = SLEEPING;
    sched();
    current->chan = NULL;
}

void wakeup(void *chan)
{
    for (struct proc *p = proc_table; p < &proc_table[NPROC]; p++)
        if (p->state == SLEEPING && p->chan == chan)
            p->state = RUNNABLE;
}

void scheduler(void)
{
    for (;;) {
        bool ran = false;
        for (struct proc *p = proc_table; p < &proc_table[NPROC]; p++) {
            if (p->state != RUNNABLE)
                continue;
            /* Make p's world the current one: its kernel stack for the
             * next exception, its page table for the refill handler, its
             * ASID for the TLB. */
            current = p;
            p->state = RUNNING;
            kstack_top = (uint32_t)p->kstack + PAGE_SIZE;
            current_pgdir = p->pgdir;
            tlb_set_asid(p->asid);
            swtch(&scheduler_context, &p->context);
            /* p gave the CPU back: it yielded, slept or exited. */
            current = NULL;
            current_pgdir = empty_pgdir;
            ran = true;
        }
        if (!ran)
            idle_wait();        /* nothing to do until an interrupt */
    }
}

/* ---- ending a process ------------------------------------------------------ */

void proc_exit(int status)
{
    struct proc *p = current;

    if (p == init_proc) {
        kprintf("minikern: init (%s, pid %d) exited with status %d: power off\n",
                p->name, p->pid, status);
        poweroff(status);
    }
    for (struct proc *q = proc_table; q < &proc_table[NPROC]; q++) {
        if (q->state != UNUSED && q->parent == p) {
            q->parent = init_proc;
            if (q->state == ZOMBIE)
                wakeup(init_proc);
        }
    }
    /* Free the address space now; the kernel stack we are running on is
     * freed by the parent's wait(). */
    current_pgdir = empty_pgdir;
    vm_free(p->pgdir);
    p->pgdir = NULL;
    tlb_invalidate_asid(p->asid);   /* the ASID will be reused */

    p->exit_status = status;
    p->state = ZOMBIE;
    wakeup(p->parent);
    sched();
    panic("a zombie ran");
}

/* Wait for a child to exit; free its slot.  Returns its pid and status,
 * or E_CHILD if there are no children. */
int proc_wait(int *status)
{
    for (;;) {
        bool have_children = false;
        for (struct proc *q = proc_table; q < &proc_table[NPROC]; q++) {
            if (q->state == UNUSED || q->parent != current)
                continue;
            have_children = true;
            if (q->state == ZOMBIE) {
                int pid = q->pid;
                *status = q->exit_status;
                kfree(q->kstack);
                memset(q, 0, sizeof *q);    /* UNUSED */
                return pid;
            }
        }
        if (!have_children)
            return E_CHILD;
        sleep_on(current);                  /* proc_exit wakes the parent */
    }
}

/* Grow the heap by n bytes (rounded up to whole pages) of zeroed memory.
 * Returns the old end of the heap. */
int proc_sbrk(int n)
{
    struct proc *p = current;
    uint32_t old = p->brk;
    uint32_t new = old + (((uint32_t)n + PAGE_SIZE - 1) & ~(uint32_t)(PAGE_SIZE - 1));

    if (n < 0)
        return E_INVAL;             /* the heap never shrinks */
    if (new < old || new > USER_STACK)
        return E_NOMEM;
    int err = vm_alloc(p->pgdir, old, new, true);
    if (err)
        return err;
    /* The TLB may hold an entry for a new page's even/odd pair, loaded
     * while the page was still unmapped, saying "invalid": forget it. */
    for (uint32_t va = old; va < new; va += PAGE_SIZE)
        tlb_invalidate_page(p->asid, va);
    p->brk = new;
    return (int)old;
}
