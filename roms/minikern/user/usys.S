/*
 * usys.S -- the system call stubs: put the number in v0, trap.
 * Arguments are already in a0..a3 (the C calling convention puts them
 * there), and the result comes back in v0, where C expects it.
 * The syscall instruction is never in a delay slot: the kernel resumes
 * at EPC + 4, which would be wrong for a delay slot.
 */
#include "syscall.h"

    .set noreorder
    .text

#define SYSCALL(name, number) \
    .globl name;              \
name:                         \
    li      $v0, number;      \
    syscall;                  \
    jr      $ra;              \
    nop

SYSCALL(exit, SYS_exit)
SYSCALL(write, SYS_write)
SYSCALL(read, SYS_read)
SYSCALL(getpid, SYS_getpid)
SYSCALL(yield, SYS_yield)
SYSCALL(sleep, SYS_sleep)
SYSCALL(spawn, SYS_spawn)
SYSCALL(wait, SYS_wait)
SYSCALL(uptime, SYS_uptime)
SYSCALL(sbrk, SYS_sbrk)
SYSCALL(progname, SYS_progname)
