/*
 * badcall -- hand the kernel bad pointers and bad numbers.  Every call
 * must fail with an error code, and the kernel must not be hurt: a
 * pointer into the kernel, into nothing, or into our read-only code is
 * refused (E_FAULT), an unknown call number gives E_NOSYS.
 */
#include "ulib.h"

static int raw_syscall(int number)
{
    register int v0 __asm__("v0") = number;
    __asm__ volatile("syscall" : "+r"(v0) :: "memory");
    return v0;
}

static void show(const char *what, int result)
{
    printf("badcall: %-32s -> %d (%s)\n", what, result,
           result >= 0 ? "ok" : errstr(result));
}

int main(void)
{
    char *code = (char *)(uintptr_t)main;
    char *argv[] = { "hello", (char *)0x80000000, NULL };

    show("write(1, 0x80000000, 4)", write(1, (void *)0x80000000, 4));
    show("write(1, 0x10000000, 4)", write(1, (void *)0x10000000, 4));
    show("write(7, \"x\", 1)", write(7, "x", 1));
    char *idle[] = { "idle", "1", "quiet", NULL };
    show("spawn(\"idle\", {\"1\", \"quiet\"})", spawn("idle", idle) > 0 ? 0 : -1);
    show("wait(code)", wait((int *)code));
    show("wait(NULL)", wait(NULL));
    show("spawn(0xc0010000, NULL)", spawn((char *)0xC0010000, NULL));
    show("spawn(\"hello\", bad argv[1])", spawn("hello", argv));
    show("spawn(\"nosuchprogram\", NULL)", spawn("nosuchprogram", NULL));
    show("sbrk(-4096)", (int)sbrk(-4096));
    show("syscall 99", raw_syscall(99));
    show("progname(1000, ...)", progname(1000, code, 16));
    show("progname(0, code, 16)", progname(0, code, 16));
    printf("badcall: still alive\n");
    return 0;
}
