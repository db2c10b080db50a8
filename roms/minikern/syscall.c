/*
 * syscall.c -- the system calls.
 *
 * A user program puts the call number in v0 and the arguments in a0..a3
 * and executes `syscall` (user/usys.S).  The CPU traps, vectors.S saves
 * the registers in the trapframe, trap() sees ExcCode Sys, moves EPC past
 * the syscall instruction and calls syscall(), which looks the number up
 * in the table below.  The result goes into the trapframe's v0, and the
 * process finds it in v0 when vectors.S restores its registers.
 *
 * Arguments that are pointers are user addresses: they are only ever
 * used through vm_copyin/vm_copyout (vm.c), which check them.
 */
#include "proc.h"

#define CHUNK 128       /* bytes copied at a time by write() */

static int sys_exit(uint32_t status, uint32_t a1, uint32_t a2)
{
    (void)a1, (void)a2;
    proc_exit((int)status);
}

static int sys_write(uint32_t fd, uint32_t buf, uint32_t n)
{
    char kbuf[CHUNK];
    if (fd != 1 && fd != 2)
        return E_INVAL;
    for (uint32_t done = 0; done < n; ) {
        uint32_t len = n - done < CHUNK ? n - done : CHUNK;
        if (vm_copyin(current->pgdir, kbuf, buf + done, len))
            return done ? (int)done : E_FAULT;
        console_write(kbuf, (int)len);
        done += len;
    }
    return (int)n;
}

static int sys_read(uint32_t fd, uint32_t buf, uint32_t n)
{
    char kbuf[CHUNK];
    if (fd != 0)
        return E_INVAL;
    if (n == 0)
        return 0;
    int got = console_read(kbuf, n < CHUNK ? (int)n : CHUNK);
    if (vm_copyout(current->pgdir, buf, kbuf, (uint32_t)got))
        return E_FAULT;
    return got;
}

static int sys_getpid(uint32_t a0, uint32_t a1, uint32_t a2)
{
    (void)a0, (void)a1, (void)a2;
    return current->pid;
}

static int sys_yield(uint32_t a0, uint32_t a1, uint32_t a2)
{
    (void)a0, (void)a1, (void)a2;
    yield();
    return 0;
}

static int sys_sleep(uint32_t n, uint32_t a1, uint32_t a2)
{
    (void)a1, (void)a2;
    uint32_t until = ticks + n;
    while ((int32_t)(ticks - until) < 0)
        sleep_on(&ticks);
    return 0;
}

/* spawn(name, argv): argv is a NULL-terminated array of user strings, or
 * NULL for just { name }.  Everything is copied into the kernel first. */
static int sys_spawn(uint32_t uname, uint32_t uargv, uint32_t a2)
{
    (void)a2;
    char name[PROGNAME_MAX];
    char text[MAXARGBYTES];
    char *argv[MAXARGS];
    int argc = 0, used = 0;

    int len = vm_copyinstr(current->pgdir, name, uname, sizeof name);
    if (len < 0)
        return len == E_2BIG ? E_NOPROG : len;
    if (uargv == 0) {
        argv[argc++] = name;
    } else {
        for (;; argc++) {
            uint32_t uarg;
            if (vm_copyin(current->pgdir, &uarg, uargv + 4 * argc, 4))
                return E_FAULT;
            if (uarg == 0)
                break;
            if (argc == MAXARGS)
                return E_2BIG;
            int n = vm_copyinstr(current->pgdir, text + used, uarg, sizeof text - used);
            if (n < 0)
                return n;
            argv[argc] = text + used;
            used += n + 1;
        }
    }
    return proc_spawn(name, argc, argv);
}

static int sys_wait(uint32_t ustatus, uint32_t a1, uint32_t a2)
{
    (void)a1, (void)a2;
    int status;
    int pid = proc_wait(&status);
    if (pid > 0 && ustatus != 0 && vm_copyout(current->pgdir, ustatus, &status, 4))
        return E_FAULT;
    return pid;
}

static int sys_uptime(uint32_t a0, uint32_t a1, uint32_t a2)
{
    (void)a0, (void)a1, (void)a2;
    return (int)ticks;
}

static int sys_sbrk(uint32_t n, uint32_t a1, uint32_t a2)
{
    (void)a1, (void)a2;
    return proc_sbrk((int)n);
}

/* progname(i, buf, n): the name of embedded program i, for the shell's
 * `help`.  E_INVAL past the last one. */
static int sys_progname(uint32_t i, uint32_t buf, uint32_t n)
{
    for (uint32_t k = 0; k < i; k++)
        if (programs[k].name == NULL)
            return E_INVAL;
    const char *name = programs[i].name;
    if (name == NULL)
        return E_INVAL;
    uint32_t len = strlen(name) + 1;
    if (len > n)
        return E_2BIG;
    return vm_copyout(current->pgdir, buf, name, len) ? E_FAULT : 0;
}

static int (*const syscalls[NSYSCALLS])(uint32_t, uint32_t, uint32_t) = {
    [SYS_exit]     = sys_exit,
    [SYS_write]    = sys_write,
    [SYS_read]     = sys_read,
    [SYS_getpid]   = sys_getpid,
    [SYS_yield]    = sys_yield,
    [SYS_sleep]    = sys_sleep,
    [SYS_spawn]    = sys_spawn,
    [SYS_wait]     = sys_wait,
    [SYS_uptime]   = sys_uptime,
    [SYS_sbrk]     = sys_sbrk,
    [SYS_progname] = sys_progname,
};

void syscall(struct trapframe *tf)
{
    uint32_t num = tf->regs[REG_V0];
    int ret = E_NOSYS;
    if (num < NSYSCALLS && syscalls[num])
        ret = syscalls[num](tf->regs[REG_A0], tf->regs[REG_A1], tf->regs[REG_A2]);
    tf->regs[REG_V0] = (uint32_t)ret;
}
