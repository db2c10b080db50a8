/*
 * main.c -- boot: from the firmware's jump to the first process.
 *
 * entry.S has set up a stack and called kmain() with the ksseg address of
 * the boot-info block (devices/bootinfo.h): RAM size and the boot argument
 * string from `trapeze run --args "..."`.  kmain brings the kernel up one
 * subsystem at a time, starts the first process ("init") and becomes the
 * scheduler.
 *
 * Boot arguments, separated by spaces:
 *   init=PROG       the first process runs PROG (default: sh, the shell)
 *   run=LIST        the first process is `run LIST`: it runs the programs
 *                   of the comma-separated LIST one after the other, e.g.
 *                   run=hello,counter,memtouch 64, then exits.  run= takes
 *                   the rest of the argument string, spaces and all.
 * When the first process exits, the kernel powers the machine off with its
 * exit status, so a scripted run ends by itself.
 */
#include "kernel.h"

static char bootargs[256];

static uint32_t bootinfo_word(uint32_t bootinfo, unsigned offset)
{
    return *(volatile uint32_t *)(bootinfo + offset);
}

/* The value of "key=" in the boot arguments, or NULL.  The key must start
 * a word. */
static const char *bootarg(const char *key)
{
    size_t len = strlen(key);
    for (const char *s = bootargs; *s; s++) {
        bool word_start = (s == bootargs || s[-1] == ' ');
        if (word_start && strncmp(s, key, len) == 0)
            return s + len;
    }
    return NULL;
}

/* Start the first process, as the boot arguments say. */
static void start_init(void)
{
    char name[PROGNAME_MAX];
    const char *run = bootarg("run=");
    int pid;

    if (run) {
        char *argv[] = { "run", (char *)run };
        pid = proc_spawn("run", 2, argv);
        strlcpy(name, "run", sizeof name);
    } else {
        const char *init = bootarg("init=");
        size_t n = 0;
        if (init)
            while (init[n] && init[n] != ' ' && n < sizeof name - 1)
                n++;
        if (n == 0) {
            init = "sh";
            n = 2;
        }
        memcpy(name, init, n);
        name[n] = '\0';
        char *argv[] = { name };
        pid = proc_spawn(name, 1, argv);
    }
    if (pid < 0)
        panic("cannot start init program \"%s\" (error %d)", name, pid);
}

void kmain(uint32_t bootinfo)
{
    /* The console first: the host may have typed ahead, and those bytes
     * wait in the UART's FIFO (console_init explains). */
    console_init();

    if (bootinfo_word(bootinfo, BOOTINFO_OFF_MAGIC) != BOOTINFO_MAGIC)
        panic("no boot-info block at %p", (void *)bootinfo);
    uint32_t ram_size = bootinfo_word(bootinfo, BOOTINFO_OFF_RAMSIZE);
    strlcpy(bootargs, (const char *)(bootinfo + BOOTINFO_OFF_ARGS), sizeof bootargs);

    tlb_init();
    kprintf("minikern: %u MiB RAM, %u TLB entries (%u wired), tick %u cycles\n",
            ram_size >> 20, tlb_entries(), tlb_wired(), TICK_CYCLES);
    kprintf("minikern: boot args \"%s\"\n", bootargs);

    /* Free memory: the pages between the vectors and the kernel, and
     * everything from the kernel's end up to the boot-info block (whose
     * arguments we have just copied). */
    extern char _end[];
    kalloc_init(PAGE_SIZE, KERNEL_PA);
    kalloc_add_range(K2P(_end), ram_size - BOOTINFO_SIZE);

    trap_init();
    proc_init();
    start_init();
    timer_init();
    scheduler();
}

/* Power off through the system controller: the machine stops, and the
 * value written is the exit code of `trapeze run`. */
void poweroff(int code)
{
    *(volatile uint32_t *)(SYSCTRL_VA + SYSCTRL_POWEROFF) = (uint32_t)code;
    for (;;)
        ;
}
