/*
 * memtouch [N] -- grow the heap by N pages (default 64) and touch them
 * all, four times over, in an order that defeats the TLB: each pass walks
 * every page, so with more pages than TLB entries almost every access is
 * a refill.  Each page gets its own pattern, and every pass checks the
 * word the previous pass wrote: the pages must be distinct and keep their
 * contents.  Prints a checksum.
 */
#include "ulib.h"

#define PAGE 4096
#define PASSES 4

static uint32_t pattern(int page, int pass)
{
    return (uint32_t)page * 2654435761u ^ (uint32_t)pass;
}

int main(int argc, char *argv[])
{
    int npages = argc > 1 ? atoi(argv[1]) : 64;
    if (npages <= 0) {
        printf("memtouch: bad page count\n");
        return 1;
    }
    uint8_t *base = sbrk(npages * PAGE);
    if ((int)base < 0) {
        printf("memtouch: sbrk(%d pages): %s\n", npages, errstr((int)base));
        return 1;
    }

    uint32_t sum = 0;
    int bad = 0;
    for (int pass = 0; pass < PASSES; pass++) {
        for (int i = 0; i < npages; i++) {
            /* This pass writes word `pass` of the page (256 bytes apart);
             * the previous pass wrote word pass-1; new memory is zero. */
            uint8_t *page = base + i * PAGE;
            volatile uint32_t *word = (uint32_t *)(page + pass * 256);
            volatile uint32_t *prev = (uint32_t *)(page + (pass > 0 ? pass - 1 : 0) * 256);
            uint32_t expect = pass == 0 ? 0 : pattern(i, pass - 1);
            if (*prev != expect)
                bad++;
            *word = pattern(i, pass);
            sum = sum * 31 + *word;
        }
    }
    printf("memtouch: %d pages, %d passes, checksum %08x, %s\n",
           npages, PASSES, sum, bad ? "MISMATCH" : "ok");
    return bad != 0;
}
