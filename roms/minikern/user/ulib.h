/*
 * ulib.h -- the user programs' C library: system calls and a little more.
 */
#ifndef MINIKERN_ULIB_H
#define MINIKERN_ULIB_H

#include <stdarg.h>
#include <stdint.h>
#include <stddef.h>
#include "syscall.h"
#include "lib/string.h"

/* System calls (usys.S); see syscall.h for what each does. */
void exit(int status) __attribute__((noreturn));
int write(int fd, const void *buf, int n);
int read(int fd, void *buf, int n);
int getpid(void);
int yield(void);
int sleep(int ticks);
int spawn(const char *name, char *const argv[]);
int wait(int *status);
int uptime(void);
void *sbrk(int n);
int progname(int i, char *buf, int n);

/* ulib.c */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int atoi(const char *s);
const char *errstr(int err);      /* "process table full" for E_NOPROC, ... */
int split(char *line, char *argv[], int max, const char *seps);

#endif
