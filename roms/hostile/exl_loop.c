/*
 * exl_loop.c -- exceptions taken while Status.EXL is already 1.
 *
 * What the hardware does (MIPS32 PRA, "General exception processing"):
 * when an exception occurs with EXL = 1 -- normally only inside a handler
 * -- the CPU does NOT write EPC or Cause.BD, so the first exception's
 * return address survives; it still writes Cause.ExcCode, BadVAddr (and
 * for TLB exceptions Context and EntryHi), and it always goes to the
 * general vector base + 0x180: even a TLB refill, which with EXL = 0
 * would use base + 0x000.  EXL stays 1.
 *
 * The guest sets EXL itself with mtc0 (kernel mode: EXL only keeps it
 * there) and then, 1000 times in a loop, takes one of
 *   - syscall,
 *   - break,
 *   - a load from an unmapped kuseg address (a TLB refill),
 * after planting in EPC the address to come back to.  Since EPC is not
 * overwritten, the handler's eret returns exactly there (and clears EXL).
 * The handler checks that EPC is still the planted value, that the vector
 * is 0x180, the ExcCode and, for the refill, BadVAddr.  It prints a count
 * every 100 exceptions and powers off with 0 (1 if any check failed).
 *
 * Under the monitor the guest runs with virtual EXL = 1 in ksseg: when it
 * reflects these exceptions it must do what the hardware does (EPC kept,
 * vector +0x180, refill included), and never fail or lose the VM.
 */
#include "mapped.h"

#define ROUNDS     1000
#define UNMAPPED   0x00001000u           /* kuseg; no TLB entry maps it */

enum { K_SYS, K_BP, K_TLBL, NKINDS };
static const unsigned kind_code[NKINDS] = { EXC_SYS, EXC_BP, EXC_TLBL };

static volatile uint32_t planted, expect_code;
static volatile uint32_t n_taken[NKINDS], n_epc_kept, n_vector_180, n_code_ok;
static volatile uint32_t n_badvaddr_ok, n_bad;

static void handler(struct mp_frame *f)
{
    unsigned code = CAUSE_CODE(f->cause);
    for (unsigned k = 0; k < NKINDS; k++)
        if (kind_code[k] == code)
            n_taken[k]++;
    n_code_ok += code == expect_code;
    n_epc_kept += f->epc == planted;
    n_vector_180 += f->vector == 0x180;
    if (code == EXC_TLBL)
        n_badvaddr_ok += f->badvaddr == UNMAPPED;
    if (f->epc != planted) {
        n_bad++;
        f->epc = planted;                /* go back where we meant to anyway */
    }
}

/* Plant EPC = the label after the trigger, set EXL, trigger.  In the
 * trigger, %1 is the unmapped address. */
#define TAKE(trigger) __asm__ __volatile__( \
    ".set push\n\t.set noreorder\n\t" \
    "la      $8, 1f\n\t" \
    "sw      $8, 0(%0)\n\t"              /* planted = 1f (for the handler) */ \
    "mtc0    $8, $14\n\t"                /* EPC = 1f */ \
    "mfc0    $8, $12\n\t" \
    "ori     $8, $8, 0x2\n\t" \
    "mtc0    $8, $12\n\t"                /* Status.EXL = 1 */ \
    "nop\n\tnop\n\t" \
    trigger "\n\t" \
    "nop\n" \
    "1:\n\t" \
    ".set pop" \
    : : "r"(&planted), "r"(UNMAPPED) : "$8", "memory")

int main(void)
{
    mp_puts("hostile exl_loop: start\n");
    mp_set_handler(handler);

    for (uint32_t i = 1; i <= ROUNDS; i++) {
        unsigned kind = i % NKINDS;
        expect_code = kind_code[kind];
        switch (kind) {
        case K_SYS:  TAKE("syscall"); break;
        case K_BP:   TAKE("break 7"); break;
        default:     TAKE("lw $8, 0(%1)"); break;
        }
        if (MFC0(C0_STATUS, 0) & ST_EXL)
            n_bad++;                     /* eret must have cleared it */
        if (i % 100 == 0)
            mp_printf("exl_loop: %u exceptions (syscall %u, break %u, TLB refill %u): "
                      "EPC kept %u, vector 0x180 %u, ExcCode right %u\n",
                      i, n_taken[K_SYS], n_taken[K_BP], n_taken[K_TLBL],
                      n_epc_kept, n_vector_180, n_code_ok);
    }
    mp_printf("exl_loop: BadVAddr right in %u of %u refills; %u wrong\n",
              n_badvaddr_ok, n_taken[K_TLBL], n_bad);
    return n_bad ? 1 : 0;
}
