/*
 * isa_llsc.c -- ll/sc: a plain ll/sc pair succeeds (rt = 1, memory
 * written); ll sign-extends like lw and sets LLAddr (CP0 17) to the
 * physical address >> 4; an exception (syscall, break) taken between ll
 * and sc -- whose eret clears LLbit -- makes the sc fail (rt = 0, memory
 * not written); an atomic-increment retry loop makes progress; an
 * unaligned ll raises AdEL.
 */
#include "rt.h"

static volatile uint32_t cell[4] __attribute__((aligned(16)));
static volatile uint32_t n_exc, exc_code, exc_bad;

static void skip_handler(struct rt_frame *f)
{
    n_exc++;
    exc_code = (f->cause >> 2) & 0x1F;
    exc_bad = f->badvaddr;
    f->epc += 4;
}

int main(void)
{
    uint32_t v, ok;

    rt_set_handler(skip_handler);

    rt_puts("-- ll/sc without interference\n");
    cell[0] = 0x80000005;
    __asm__ __volatile__(".set push\n\t.set noreorder\n\t"
                         "ll %0, 0(%2)\n\taddiu %1, %0, 1\n\tsc %1, 0(%2)\n\t.set pop"
                         : "=&r"(v), "=&r"(ok) : "r"(cell) : "memory");
    rt_check("ll value (sign as lw)", v, 0x80000005);
    rt_check("sc result", ok, 1);
    rt_check("memory after sc", cell[0], 0x80000006);

    cell[1] = 0x1234;
    __asm__ __volatile__("ll %0, 4(%1)" : "=r"(v) : "r"(cell) : "memory");
    rt_check("LLAddr after ll at cell+4, minus (its PA >> 4)",
             MFC0(17, 0) - ((((uint32_t)cell + 4) & 0x1FFFFFFFu) >> 4), 0);
    __asm__ __volatile__("sc %0, 4(%1)" : "=r"(ok) : "r"(cell), "0"(0x4321u) : "memory");
    rt_check("sc at cell+4 result", ok, 1);
    rt_check("  memory", cell[1], 0x4321);

    rt_puts("-- an exception between ll and sc clears LLbit (eret)\n");
    cell[0] = 100;
    n_exc = 0;
    __asm__ __volatile__(".set push\n\t.set noreorder\n\t"
                         "ll %0, 0(%2)\n\tsyscall\n\tli %1, 0x77\n\tsc %1, 0(%2)\n\t.set pop"
                         : "=&r"(v), "=&r"(ok) : "r"(cell) : "memory");
    rt_check("ll value", v, 100);
    rt_check("exceptions taken", n_exc, 1);
    rt_check("  ExcCode (8 = Sys)", exc_code, 8);
    rt_check("sc result after syscall", ok, 0);
    rt_check("  memory unchanged", cell[0], 100);

    n_exc = 0;
    __asm__ __volatile__(".set push\n\t.set noreorder\n\t"
                         "ll %0, 0(%2)\n\tbreak 3\n\tli %1, 0x77\n\tsc %1, 0(%2)\n\t.set pop"
                         : "=&r"(v), "=&r"(ok) : "r"(cell) : "memory");
    rt_check("sc result after break", ok, 0);
    rt_check("  ExcCode (9 = Bp)", exc_code, 9);
    rt_check("  memory unchanged", cell[0], 100);

    rt_puts("-- a fresh ll/sc after the failure succeeds\n");
    __asm__ __volatile__(".set push\n\t.set noreorder\n\t"
                         "ll %0, 0(%2)\n\tli %1, 0x99\n\tsc %1, 0(%2)\n\t.set pop"
                         : "=&r"(v), "=&r"(ok) : "r"(cell) : "memory");
    rt_check("sc result", ok, 1);
    rt_check("  memory", cell[0], 0x99);

    rt_puts("-- retry loop: atomic add, with a syscall in the first attempt\n");
    {
        uint32_t tries = 0, first = 1, t;
        cell[2] = 40;
        __asm__ __volatile__(".set push\n\t.set noreorder\n"
                             "1:\tll %0, 0(%3)\n\t"
                             "addiu %1, %1, 1\n\t"
                             "beqz %2, 2f\n\t"
                             "addiu %0, %0, 2\n\t"
                             "syscall\n\t"
                             "move %2, $0\n"
                             "2:\tsc %0, 0(%3)\n\t"
                             "beqz %0, 1b\n\t"
                             "nop\n\t.set pop"
                             : "=&r"(t), "+r"(tries), "+r"(first) : "r"(&cell[2]) : "memory");
        rt_check("attempts", tries, 2);
        rt_check("memory", cell[2], 42);
    }

    rt_puts("-- unaligned ll/sc\n");
    n_exc = 0;
    v = 0x5A5A5A5A;
    __asm__ __volatile__("ll %0, 2(%1)" : "+r"(v) : "r"(cell) : "memory");
    rt_check("ll at cell+2: exceptions", n_exc, 1);
    rt_check("  ExcCode (4 = AdEL)", exc_code, 4);
    rt_check("  BadVAddr - cell", exc_bad - (uint32_t)cell, 2);
    rt_check("  destination not written", v, 0x5A5A5A5A);
    /* An unaligned sc (AdES) is checked in isa_archonly: QEMU compares the
     * address with the ll's first and just fails the sc. */

    rt_summary("isa_llsc");
}
