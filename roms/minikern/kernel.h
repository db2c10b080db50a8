/*
 * kernel.h -- what each kernel file offers the others.
 *
 * One header for the whole kernel, grouped by the file that implements
 * each function (as xv6's defs.h does), so a reader can find anything
 * from here.  Structures shared by several files live in their own
 * headers: proc.h, trapframe.h, memlayout.h, mips.h.
 */
#ifndef MINIKERN_KERNEL_H
#define MINIKERN_KERNEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/string.h"
#include "memlayout.h"
#include "mips.h"
#include "syscall.h"

struct proc;
struct trapframe;

/* Tunables. */
#define NPROC        16        /* process slots (ASIDs 1..NPROC) */
#define TICK_CYCLES  100000    /* timer period in Count cycles (= instructions) */

#define POWEROFF_PANIC 99      /* the exit code of a kernel panic */

/* main.c */
void poweroff(int code) __attribute__((noreturn));

/* console.c: the UART */
void console_init(void);
void console_intr(void);
void console_putc(char c);
void console_write(const char *buf, int n);
int console_read(char *buf, int n);

/* printf.c */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* kalloc.c: physical pages */
void kalloc_init(uint32_t start_pa, uint32_t end_pa);
void kalloc_add_range(uint32_t start_pa, uint32_t end_pa);
void *kalloc(void);
void kfree(void *page);

/* tlb.c */
void tlb_init(void);
unsigned tlb_entries(void);
unsigned tlb_wired(void);
void tlb_set_asid(unsigned asid);
void tlb_invalidate_asid(unsigned asid);
void tlb_invalidate_page(unsigned asid, uint32_t va);

/* vm.c: page tables and user memory */
typedef uint32_t pte_t;
uint32_t *vm_create(void);
void vm_free(uint32_t *pgdir);
int vm_alloc(uint32_t *pgdir, uint32_t start, uint32_t end, bool writable);
int vm_copyin(uint32_t *pgdir, void *dst, uint32_t va, uint32_t n);
int vm_copyout(uint32_t *pgdir, uint32_t va, const void *src, uint32_t n);
int vm_load(uint32_t *pgdir, uint32_t va, const void *src, uint32_t n);
int vm_copyinstr(uint32_t *pgdir, char *dst, uint32_t va, uint32_t max);

/* exec.c: programs embedded in the kernel image */
struct program {
    const char *name;
    const uint8_t *elf;
    uint32_t size;
};
extern const struct program programs[];     /* programs.S; ends with a NULL name */
const struct program *program_find(const char *name);
int program_load(uint32_t *pgdir, const struct program *prog,
                 uint32_t *entry, uint32_t *brk);

/* proc.c */
void proc_init(void);
int proc_spawn(const char *name, int argc, char *const argv[]);
void proc_exit(int status) __attribute__((noreturn));
int proc_wait(int *status);
int proc_sbrk(int n);
void yield(void);
void sleep_on(void *chan);
void wakeup(void *chan);
void scheduler(void) __attribute__((noreturn));
extern struct proc *current;

/* trap.c */
void trap_init(void);
void trap(struct trapframe *tf);

/* timer.c */
extern uint32_t ticks;
void timer_init(void);
void timer_intr(void);

/* syscall.c */
void syscall(struct trapframe *tf);

/* vectors.S, swtch.S */
extern const char vector_refill_stub[], vector_general_stub[], vector_stub_end[];
extern const char idle_wait_insn[];
void idle_wait(void);
void trap_return(struct trapframe *tf) __attribute__((noreturn));

#endif
