/*
 * kwork.c -- "kernel work" for lab 4 (examples/lab4-kseg0): one program
 * built twice from this file.
 *
 *   kwork_kseg0.elf   linked at kseg0 (0x80000000, unmapped) with the
 *                     bare-metal runtime of roms/common, like the kernels
 *                     MIPS operating systems were traditionally linked
 *   kwork_mapped.elf  linked at ksseg (0xC0010000, mapped) with the mapped
 *                     kernel runtime of roms/mapped, as minikern is
 *
 * On the bare machine both print the same lines.  Under the monitor the
 * guest kernel runs in supervisor mode, where kseg0 does not exist: every
 * instruction of the kseg0 build traps and is emulated, one at a time,
 * while the mapped build runs directly and traps only on its privileged
 * instructions.  `trapeze run --vm ... --stats` shows the difference; it is
 * why Disco had to relink IRIX out of kseg0.
 *
 * The work is what a kernel does a lot of: clearing and copying pages,
 * walking a table, and a little CP0 access.
 */
#ifdef KWORK_MAPPED
#include "mapped.h"
#define say mp_printf
#define done(code) return (code)
#else
#include "rt.h"
#define say rt_printf
#define done(code) rt_exit(code)
#endif

#define PAGE 4096u
#define NPAGES 4u
#define SIEVE 10000u
#define CP0_READS 200u

/* Each part is a function of its own (not inlined), so that the lab's
 * debugger script can stop at it by name: break copy_pages, and so on. */
#define PART __attribute__((noinline, noclone))

static uint32_t pages[2][NPAGES * PAGE / 4];
static unsigned char composite[SIEVE];

/* Clear one set of pages, fill it with a pattern, copy it to the other,
 * and fold the copy into a checksum: the page-handling part of a fork. */
PART static uint32_t copy_pages(unsigned rounds)
{
    uint32_t sum = 0;
    for (unsigned r = 0; r < rounds; r++) {
        for (unsigned i = 0; i < NPAGES * PAGE / 4; i++)
            pages[0][i] = i * 2654435761u + r;
        for (unsigned i = 0; i < NPAGES * PAGE / 4; i++)
            pages[1][i] = pages[0][i];
        for (unsigned i = 0; i < NPAGES * PAGE / 4; i += 16)
            sum = sum * 31u + pages[1][i];
    }
    return sum;
}

/* A table walk: the sieve of Eratosthenes over a byte table. */
PART static unsigned count_primes(void)
{
    unsigned n = 0;
    for (unsigned i = 2; i < SIEVE; i++) {
        if (composite[i])
            continue;
        n++;
        for (unsigned j = i * i; j < SIEVE; j += i)
            composite[j] = 1;
    }
    return n;
}

/* CP0 reads, which trap under the monitor whichever way the kernel is
 * linked: Status never changes here, so the sum is known. */
PART static uint32_t read_status(unsigned times)
{
    uint32_t sum = 0;
    for (unsigned i = 0; i < times; i++) {
        uint32_t st;
        __asm__ __volatile__("mfc0 %0, $12" : "=r"(st));
        sum += st & 0xFF00u;            /* the interrupt mask: 0 here */
    }
    return sum;
}

int main(void)
{
    say("kwork: page copies: checksum %08x\n", copy_pages(8));
    say("kwork: primes below %u: %u\n", SIEVE, count_primes());
    say("kwork: %u Status reads: interrupt mask sum %u\n", CP0_READS,
        read_status(CP0_READS));
    done(0);
}
