/*
 * syscall.h -- the system call interface: numbers, error codes, limits.
 * Shared by the kernel (syscall.c) and the user library (user/usys.S,
 * user/ulib.h), so the two can never disagree.
 *
 * Convention (the usual MIPS one): the call number in v0, arguments in
 * a0..a3, then the `syscall` instruction; the result comes back in v0.
 * A negative result is one of the E_* errors below.
 */
#ifndef MINIKERN_SYSCALL_H
#define MINIKERN_SYSCALL_H

#define SYS_exit      1   /* exit(status): never returns */
#define SYS_write     2   /* write(fd, buf, n) -> n; fd 1 and 2 are the console */
#define SYS_read      3   /* read(fd, buf, n) -> bytes of one line, 0 at ^D; fd 0 */
#define SYS_getpid    4   /* getpid() -> pid */
#define SYS_yield     5   /* yield(): let another process run */
#define SYS_sleep     6   /* sleep(ticks) */
#define SYS_spawn     7   /* spawn(name, argv) -> pid of the new child */
#define SYS_wait      8   /* wait(&status) -> pid of a child that ended */
#define SYS_uptime    9   /* uptime() -> timer ticks since boot */
#define SYS_sbrk     10   /* sbrk(n) -> old end of the heap; grows it by n bytes */
#define SYS_progname 11   /* progname(i, buf, n): name of embedded program i */
#define NSYSCALLS    12

#define E_FAULT   (-1)    /* a bad user address */
#define E_NOPROG  (-2)    /* no program of that name */
#define E_NOPROC  (-3)    /* the process table is full */
#define E_NOMEM   (-4)    /* out of physical memory */
#define E_CHILD   (-5)    /* no children to wait for */
#define E_INVAL   (-6)    /* a bad argument */
#define E_2BIG    (-7)    /* argument list too long */
#define E_NOSYS   (-8)    /* no such system call */

#define STATUS_KILLED (-1) /* what wait() reports for a process the kernel killed */

#define MAXARGS      16   /* spawn: at most this many arguments ... */
#define MAXARGBYTES 512   /* ... with at most this many bytes of text */
#define PROGNAME_MAX 16   /* program and process names, with the NUL */

#endif
