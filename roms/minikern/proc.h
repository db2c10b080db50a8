/*
 * proc.h -- the process table entry.
 */
#ifndef MINIKERN_PROC_H
#define MINIKERN_PROC_H

#include "kernel.h"
#include "trapframe.h"

enum proc_state {
    UNUSED,       /* a free slot */
    RUNNABLE,     /* ready: waits for the scheduler to pick it */
    RUNNING,      /* on the CPU (that is `current`) */
    SLEEPING,     /* waits for an event: chan says which */
    ZOMBIE,       /* has exited; the parent has not collected it yet */
};

/* Registers that swtch() saves: those a C function must preserve. */
struct context {
    uint32_t s[8];        /* s0..s7 */
    uint32_t fp;          /* s8 */
    uint32_t sp;
    uint32_t ra;          /* where swtch() returns to */
};

struct proc {
    enum proc_state state;
    int pid;
    char name[PROGNAME_MAX];
    struct proc *parent;
    void *chan;               /* SLEEPING: the event it waits for */
    int exit_status;          /* ZOMBIE: what wait() will report */
    unsigned asid;            /* tags this address space's TLB entries */
    uint32_t *pgdir;          /* page directory (vm.c) */
    uint32_t brk;             /* end of the heap */
    uint8_t *kstack;          /* one page: this process's kernel stack */
    struct trapframe *tf;     /* at the top of kstack: the user registers */
    struct context context;   /* where it stopped in the kernel (swtch) */
};

/* swtch.S: save the current context in *old, continue from *new. */
void swtch(struct context *old, struct context *new);

#endif
