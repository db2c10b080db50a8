/*
 * seg_modes.c -- the segments from kernel, supervisor and user mode, and
 * the CP0 instructions outside kernel mode.
 *
 * The program's own physical memory (PA 0..16M) is mapped twice through
 * global 16M TLB pages: at kuseg VA 0x10000000 (user code runs there) and
 * at ksseg VA 0xC0000000 (supervisor code runs there); kseg3 VA 0xE0000000
 * maps a 4K pair.  run_mode() sets EPC to a small position-independent
 * routine in one of these windows, Status to KSU=user/supervisor with
 * EXL=1, and erets.  The routine does one access (or one CP0 instruction)
 * and then `syscall`; any exception taken in user or supervisor mode ends
 * the run: the handler records it and returns to kernel mode inside
 * run_mode() by rewriting the frame (EPC, $sp, Status.KSU = 0).
 *
 *  - user: kuseg mapped works, kuseg unmapped is a TLB refill (vector
 *    0x000), kseg0/kseg1/ksseg/kseg3 raise AdEL/AdES with BadVAddr, a jump
 *    into kseg0 or ksseg raises AdEL on the fetch (EPC = BadVAddr = the
 *    target); mfc0/mtc0/tlbr/tlbwi/tlbwr/tlbp/eret/wait/cache raise CpU
 *    with CE=0; with Status.CU0=1, mfc0/mtc0 work in user mode; the timer
 *    interrupt is taken from user mode (Status.KSU still 2 in the handler;
 *    the user loop, run with CU0=1, reads Count to bound itself);
 *  - supervisor: kuseg and ksseg work, kseg0/kseg1/kseg3 raise
 *    AdEL/AdES, a jump into kseg0 raises AdEL, mfc0 raises CpU CE=0;
 *  - kernel: kseg3 and ksseg are mapped, kseg3 unmapped is a refill; with
 *    Status.ERL=1 kuseg is unmapped (VA = PA).
 * Every exception from user/supervisor mode reports the mode it came from
 * (Status.KSU, which the exception does not change) and Status.EXL.
 */
#include "rt.h"
#include "rt_tlb.h"

#define EXC_CODE(c) (((c) >> 2) & 0x1Fu)
#define LO(pa, c, d, v, g) ((((pa) >> 12) << 6) | ((c) << 3) | ((d) << 2) | ((v) << 1) | (g))
#define KSEG0(pa) (0x80000000u + (pa))

#define ST_IE  0x1u
#define ST_EXL 0x2u
#define ST_ERL 0x4u
#define ST_CU0 0x10000000u
#define KSU_USER 2u
#define KSU_SUPER 1u

#define USER_WINDOW  0x10000000u  /* kuseg VA of PA 0 */
#define SUPER_WINDOW 0xC0000000u  /* ksseg VA of PA 0 */
#define TO_USER(p)  ((uint32_t)(p) - 0x80000000u + USER_WINDOW)
#define TO_SUPER(p) ((uint32_t)(p) - 0x80000000u + SUPER_WINDOW)

/* ---- TLB ---------------------------------------------------------------- */

/* ---- user/supervisor routines (position independent) ---------------- */

__asm__(".pushsection .text\n"
        ".set push\n.set noreorder\n.set noat\n"
        ".balign 16\n"
        "r_load:   lw $2, 0($4)\n\tsyscall\n"
        "r_store:  sw $5, 0($4)\n\tli $2, 1\n\tsyscall\n"
        "r_jump:   jr $4\n\tnop\n"
        "r_mfc0:   mfc0 $2, $12\n\tsyscall\n"
        "r_mtc0:   mtc0 $5, $2\n\tmfc0 $2, $2\n\tsyscall\n"
        "r_tlbr:   tlbr\n\tsyscall\n"
        "r_tlbwi:  tlbwi\n\tsyscall\n"
        "r_tlbwr:  tlbwr\n\tsyscall\n"
        "r_tlbp:   tlbp\n\tsyscall\n"
        "r_eret:   eret\n\tsyscall\n"
        "r_wait:   wait\n\tsyscall\n"
        "r_cache:  cache 0x14, 0($4)\n\tsyscall\n"
        "r_break:  break 3\n\tsyscall\n"
        "r_lwl:    lwl $2, 0($4)\n\tsyscall\n"
        "r_spin:   mfc0 $9, $9\n\tli $10, 18000000\n"
        "1:\tmfc0 $8, $9\n\tsubu $8, $8, $9\n\tsltu $8, $8, $10\n\tbnez $8, 1b\n\tnop\n\tsyscall\n"
        "r_spin_end:\n"
        ".globl r_load, r_store, r_jump, r_mfc0, r_mtc0, r_tlbr, r_tlbwi, r_tlbwr\n"
        ".globl r_tlbp, r_eret, r_wait, r_cache, r_break, r_spin, r_spin_end, r_lwl\n"
        ".set pop\n"
        ".popsection\n");
extern char r_load[], r_store[], r_jump[], r_mfc0[], r_mtc0[], r_tlbr[], r_tlbwi[],
    r_tlbwr[], r_tlbp[], r_eret[], r_wait[], r_cache[], r_break[], r_spin[], r_spin_end[], r_lwl[];

/* uint32_t run_mode(entry, a0, a1, status): run at `entry` with $4 = a0,
 * $5 = a1 and Status = status (EXL=1 added) until the first exception;
 * returns $2 as it was then. */
uint32_t run_mode(uint32_t entry, uint32_t a0, uint32_t a1, uint32_t status);
extern char run_mode_return[];
uint32_t saved_sp;

__asm__(".pushsection .text\n"
        ".set push\n.set noreorder\n.set noat\n"
        ".globl run_mode\n.ent run_mode\n"
        "run_mode:\n"
        "\taddiu $29, $29, -48\n"
        "\tsw $31, 44($29)\n\tsw $30, 40($29)\n\tsw $23, 36($29)\n\tsw $22, 32($29)\n"
        "\tsw $21, 28($29)\n\tsw $20, 24($29)\n\tsw $19, 20($29)\n\tsw $18, 16($29)\n"
        "\tsw $17, 12($29)\n\tsw $16, 8($29)\n"
        "\tlui $8, %hi(saved_sp)\n\tsw $29, %lo(saved_sp)($8)\n"
        "\tmtc0 $4, $14\n"
        "\tori $7, $7, 2\n"
        "\tmtc0 $7, $12\n"
        "\tnop\n\tnop\n"
        "\tmove $4, $5\n\tmove $5, $6\n"
        "\teret\n\tnop\n"
        ".globl run_mode_return\n"
        "run_mode_return:\n"
        "\tlw $31, 44($29)\n\tlw $30, 40($29)\n\tlw $23, 36($29)\n\tlw $22, 32($29)\n"
        "\tlw $21, 28($29)\n\tlw $20, 24($29)\n\tlw $19, 20($29)\n\tlw $18, 16($29)\n"
        "\tlw $17, 12($29)\n\tlw $16, 8($29)\n"
        "\tjr $31\n\taddiu $29, $29, 48\n"
        ".end run_mode\n"
        ".set pop\n"
        ".popsection\n");

/* Set Compare = Count + delta, making sure the write happened before Count
 * got there (QEMU's Count follows host time; a Compare written after Count
 * passed it fires only after Count wraps). */
static void arm_timer(uint32_t delta)
{
    for (;;) {
        uint32_t start = MFC0(9, 0);
        MTC0(11, 0, start + delta);
        if (MFC0(9, 0) - start < delta)
            return;
        delta *= 2;
    }
}

/* ---- exception handler ------------------------------------------------ */

static volatile uint32_t n_exc, x_epc, x_cause, x_status, x_badvaddr, x_vector;
static volatile uint32_t kernel_ret_ra;

static void handler(struct rt_frame *f)
{
    n_exc++;
    x_epc = f->epc;
    x_cause = f->cause;
    x_status = f->status;
    x_badvaddr = f->badvaddr;
    x_vector = f->vector;
    if (f->status & 0x18u) {
        /* From user or supervisor mode: back to kernel mode in run_mode,
         * interrupts off; a timer interrupt is acknowledged. */
        if (EXC_CODE(f->cause) == 0 && (f->cause & 0x8000u))
            MTC0(11, 0, MFC0(9, 0) + 0x40000000u);
        f->epc = (uint32_t)run_mode_return;
        f->r[29] = saved_sp;
        f->status &= ~(0x18u | ST_CU0 | ST_IE);
    } else if (kernel_ret_ra) {
        f->epc = f->r[31];      /* a kernel-mode call: return to the caller */
    } else {
        f->epc += 4;
    }
}

static uint32_t cur_ksu;

static uint32_t run(uint32_t entry, uint32_t a0, uint32_t a1, uint32_t ksu, uint32_t extra)
{
    n_exc = 0;
    cur_ksu = ksu;
    return run_mode(entry, a0, a1, (ksu << 3) | extra);
}

static void expect_common(uint32_t code)
{
    rt_check("  exceptions taken", n_exc, 1);
    rt_check("  Cause.ExcCode", EXC_CODE(x_cause), code);
    rt_check("  Status.KSU at the exception", (x_status >> 3) & 3, cur_ksu);
    rt_check("  Status.EXL in handler", (x_status >> 1) & 1, 1);
}

/* The run ended with the routine's syscall: the access worked. */
static void expect_done(uint32_t entry, uint32_t syscall_off, uint32_t v0, uint32_t want)
{
    expect_common(8);
    rt_check("  EPC - routine (at its syscall)", x_epc - entry, syscall_off);
    rt_check("  result", v0, want);
}

static void expect_fault(uint32_t code, uint32_t epc, uint32_t badvaddr, uint32_t vector)
{
    expect_common(code);
    rt_check("  EPC - faulting address", x_epc - epc, 0);
    rt_check("  Cause.BD", x_cause >> 31, 0);
    rt_check("  BadVAddr", x_badvaddr, badvaddr);
    rt_check("  vector", x_vector, vector);
}

static void expect_cpu(uint32_t entry)
{
    expect_common(11);
    rt_check("  Cause.CE", (x_cause >> 28) & 3, 0);
    rt_check("  EPC - routine", x_epc - entry, 0);
}

/* ---- tests ----------------------------------------------------------------- */

static void load_test(const char *mode, uint32_t window, uint32_t ksu, uint32_t va,
                      uint32_t want, uint32_t fault, uint32_t vector)
{
    uint32_t e = (uint32_t)r_load - 0x80000000u + window, v;
    rt_printf("-- %s: lw from 0x%08x\n", mode, va);
    v = run(e, va, 0, ksu, 0);
    if (fault)
        expect_fault(fault, e, va, vector);
    else
        expect_done(e, 4, v, want);
}

static void store_test(const char *mode, uint32_t window, uint32_t ksu, uint32_t va,
                       uint32_t pa_check, uint32_t fault, uint32_t vector)
{
    uint32_t e = (uint32_t)r_store - 0x80000000u + window, v;
    volatile uint32_t *k = (volatile uint32_t *)KSEG0(pa_check);
    uint32_t tag = 0x5700F000u | (va >> 20);
    *k = 0;
    rt_printf("-- %s: sw to 0x%08x\n", mode, va);
    v = run(e, va, tag, ksu, 0);
    if (fault) {
        expect_fault(fault, e, va, vector);
        rt_check("  memory unchanged", *k, 0);
    } else {
        expect_done(e, 8, v, 1);
        rt_check("  stored word, read through kseg0", *k, tag);
    }
}

static void fetch_test(const char *mode, uint32_t window, uint32_t ksu, uint32_t target)
{
    uint32_t e = (uint32_t)r_jump - 0x80000000u + window;
    rt_printf("-- %s: jr to 0x%08x\n", mode, target);
    run(e, target, 0, ksu, 0);
    expect_fault(4, target, target, 0x180);
}

static void cp0_test(const char *mode, uint32_t window, uint32_t ksu, const char *what, char *routine)
{
    uint32_t e = (uint32_t)routine - 0x80000000u + window;
    rt_printf("-- %s: %s\n", mode, what);
    run(e, 0x80400000u, 0, ksu, 0);
    expect_cpu(e);
}

static void test_user(void)
{
    const char *m = "user";
    rt_puts("== user mode (KSU=2)\n");
    load_test(m, USER_WINDOW, KSU_USER, 0x10400000u, 0xABCD0001, 0, 0);
    load_test(m, USER_WINDOW, KSU_USER, 0x30000000u, 0, 2, 0x000);
    load_test(m, USER_WINDOW, KSU_USER, 0x7FFFFFFCu, 0, 2, 0x000);
    load_test(m, USER_WINDOW, KSU_USER, 0x80000000u, 0, 4, 0x180);
    load_test(m, USER_WINDOW, KSU_USER, 0x80400000u, 0, 4, 0x180);
    load_test(m, USER_WINDOW, KSU_USER, 0xA0400000u, 0, 4, 0x180);
    load_test(m, USER_WINDOW, KSU_USER, 0xC0400000u, 0, 4, 0x180);
    load_test(m, USER_WINDOW, KSU_USER, 0xE0000000u, 0, 4, 0x180);
    load_test(m, USER_WINDOW, KSU_USER, 0xFFFFFFFCu, 0, 4, 0x180);
    store_test(m, USER_WINDOW, KSU_USER, 0x10400010u, 0x400010, 0, 0);
    store_test(m, USER_WINDOW, KSU_USER, 0x30000000u, 0x400020, 3, 0x000);
    store_test(m, USER_WINDOW, KSU_USER, 0x80400020u, 0x400020, 5, 0x180);
    store_test(m, USER_WINDOW, KSU_USER, 0xA0400020u, 0x400020, 5, 0x180);
    store_test(m, USER_WINDOW, KSU_USER, 0xC0400020u, 0x400020, 5, 0x180);
    store_test(m, USER_WINDOW, KSU_USER, 0xE0000020u, 0x440020, 5, 0x180);
    {
        uint32_t e = TO_USER(r_lwl);
        rt_puts("-- user: lwl from 0x80400001 (unaligned loads check the segment too)\n");
        run(e, 0x80400001u, 0, KSU_USER, 0);
        expect_fault(4, e, 0x80400001u, 0x180);
    }
    fetch_test(m, USER_WINDOW, KSU_USER, (uint32_t)r_load);
    fetch_test(m, USER_WINDOW, KSU_USER, TO_SUPER(r_load));

    cp0_test(m, USER_WINDOW, KSU_USER, "mfc0 Status (CU0=0)", r_mfc0);
    cp0_test(m, USER_WINDOW, KSU_USER, "mtc0 EntryLo0 (CU0=0)", r_mtc0);
    cp0_test(m, USER_WINDOW, KSU_USER, "tlbr (CU0=0)", r_tlbr);
    cp0_test(m, USER_WINDOW, KSU_USER, "tlbwi (CU0=0)", r_tlbwi);
    cp0_test(m, USER_WINDOW, KSU_USER, "tlbwr (CU0=0)", r_tlbwr);
    cp0_test(m, USER_WINDOW, KSU_USER, "tlbp (CU0=0)", r_tlbp);
    cp0_test(m, USER_WINDOW, KSU_USER, "eret (CU0=0)", r_eret);
    cp0_test(m, USER_WINDOW, KSU_USER, "wait (CU0=0)", r_wait);
    cp0_test(m, USER_WINDOW, KSU_USER, "cache (CU0=0)", r_cache);

    {
        uint32_t e = TO_USER(r_mfc0), v;
        rt_puts("-- user: mfc0 Status with CU0=1\n");
        v = run(e, 0, 0, KSU_USER, ST_CU0);
        expect_done(e, 4, v & 0xF000001Fu, ST_CU0 | KSU_USER << 3);
        e = TO_USER(r_mtc0);
        rt_puts("-- user: mtc0/mfc0 EntryLo0 with CU0=1\n");
        v = run(e, 0, 0x00001234, KSU_USER, ST_CU0);
        expect_done(e, 8, v, 0x00001234);
        MTC0(2, 0, 0);
    }
    {
        uint32_t e = TO_USER(r_spin);
        rt_puts("-- user: the timer interrupts a loop in user mode\n");
        arm_timer(20000);
        run(e, 0, 0, KSU_USER, ST_CU0 | 0x8000u | ST_IE);
        expect_common(0);
        rt_check("  Cause.IP7", (x_cause >> 15) & 1, 1);
        rt_check("  vector", x_vector, 0x180);
        rt_check("  EPC inside the user loop", x_epc - e < (uint32_t)(r_spin_end - r_spin), 1);
        rt_check("  Status.IE after return to kernel", MFC0(12, 0) & ST_IE, 0);
    }
    {
        uint32_t e = TO_USER(r_break);
        rt_puts("-- user: break 3\n");
        run(e, 0, 0, KSU_USER, 0);
        expect_common(9);
        rt_check("  EPC - routine", x_epc - e, 0);
        rt_check("  break code", (*(volatile uint32_t *)r_break >> 16) & 0x3FF, 3);
    }
}

static void test_super(void)
{
    const char *m = "supervisor";
    rt_puts("== supervisor mode (KSU=1)\n");
    load_test(m, SUPER_WINDOW, KSU_SUPER, 0x10400000u, 0xABCD0001, 0, 0);
    load_test(m, SUPER_WINDOW, KSU_SUPER, 0xC0400004u, 0xABCD0002, 0, 0);
    load_test(m, SUPER_WINDOW, KSU_SUPER, 0xD0000000u, 0, 2, 0x000);
    load_test(m, SUPER_WINDOW, KSU_SUPER, 0x30000000u, 0, 2, 0x000);
    load_test(m, SUPER_WINDOW, KSU_SUPER, 0x80400000u, 0, 4, 0x180);
    load_test(m, SUPER_WINDOW, KSU_SUPER, 0x9FFFFFFCu, 0, 4, 0x180);
    load_test(m, SUPER_WINDOW, KSU_SUPER, 0xA0400000u, 0, 4, 0x180);
    load_test(m, SUPER_WINDOW, KSU_SUPER, 0xBFFFFFFCu, 0, 4, 0x180);
    load_test(m, SUPER_WINDOW, KSU_SUPER, 0xDFFFFFFCu, 0, 2, 0x000);
    load_test(m, SUPER_WINDOW, KSU_SUPER, 0xE0000000u, 0, 4, 0x180);
    store_test(m, SUPER_WINDOW, KSU_SUPER, 0x10400030u, 0x400030, 0, 0);
    store_test(m, SUPER_WINDOW, KSU_SUPER, 0xC0400040u, 0x400040, 0, 0);
    store_test(m, SUPER_WINDOW, KSU_SUPER, 0x80400050u, 0x400050, 5, 0x180);
    store_test(m, SUPER_WINDOW, KSU_SUPER, 0xA0400050u, 0x400050, 5, 0x180);
    store_test(m, SUPER_WINDOW, KSU_SUPER, 0xE0000050u, 0x440050, 5, 0x180);
    fetch_test(m, SUPER_WINDOW, KSU_SUPER, (uint32_t)r_load);
    fetch_test(m, SUPER_WINDOW, KSU_SUPER, 0xA0001000u);
    cp0_test(m, SUPER_WINDOW, KSU_SUPER, "mfc0 Status (CU0=0)", r_mfc0);
    cp0_test(m, SUPER_WINDOW, KSU_SUPER, "tlbp (CU0=0)", r_tlbp);
    {
        uint32_t e = TO_SUPER(r_load), v;
        rt_puts("-- supervisor runs user code's window too: lw via kuseg routine\n");
        e = TO_USER(r_load);
        v = run(e, 0xC0400000u, 0, KSU_SUPER, 0);
        expect_done(e, 4, v, 0xABCD0001);
    }
}

#define KLOAD(addr) ({ uint32_t _r = 0x5A5A5A5Au; \
    __asm__ __volatile__("lw %0, 0(%1)" : "+r"(_r) : "r"((uint32_t)(addr)) : "memory"); _r; })

static void test_kernel(void)
{
    uint32_t v, st;

    rt_puts("== kernel mode\n");
    n_exc = 0;
    v = KLOAD(0xE0000000u);
    rt_check("kseg3 0xe0000000 (mapped): value", v, 0xE3E3E3E3);
    v = KLOAD(0xE0001004u);
    rt_check("kseg3 0xe0001004 (mapped, odd page): value", v, 0xE3E3E3E4);
    v = KLOAD(0xC0400004u);
    rt_check("ksseg 0xc0400004 (mapped): value", v, 0xABCD0002);
    v = KLOAD(0x10400000u);
    rt_check("kuseg 0x10400000 (mapped): value", v, 0xABCD0001);
    v = KLOAD(0xA0400004u);
    rt_check("kseg1 0xa0400004: value", v, 0xABCD0002);
    rt_check("  exceptions taken", n_exc, 0);
    {
        /* r_mfc0 through kseg1: mfc0 $2, Status; syscall. */
        uint32_t e = (uint32_t)r_mfc0 + 0x20000000u;
        n_exc = 0;
        kernel_ret_ra = 1;
        __asm__ __volatile__(".set push\n\t.set noreorder\n\tjalr %0\n\tnop\n\t.set pop"
                             : : "r"(e)
                             : "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10",
                               "$11", "$12", "$13", "$14", "$15", "$24", "$25", "$31", "memory");
        kernel_ret_ra = 0;
        rt_check("kernel code fetched through kseg1: its syscall taken", n_exc, 1);
        rt_check("  EPC - routine in kseg1", x_epc - e, 4);
    }
    n_exc = 0;
    v = KLOAD(0xE0100000u);
    rt_check("kseg3 0xe0100000 (unmapped): exceptions", n_exc, 1);
    rt_check("  Cause.ExcCode", EXC_CODE(x_cause), 2);
    rt_check("  vector", x_vector, 0x000);
    rt_check("  BadVAddr", x_badvaddr, 0xE0100000);

    n_exc = 0;
    v = KLOAD(0x00400008u);
    rt_check("kuseg 0x00400008 with ERL=0 (unmapped): exceptions", n_exc, 1);
    rt_check("  Cause.ExcCode", EXC_CODE(x_cause), 2);
    rt_check("  vector", x_vector, 0x000);
    n_exc = 0;
    st = MFC0(12, 0);
    MTC0(12, 0, st | ST_ERL);
    v = KLOAD(0x00400008u);
    MTC0(12, 0, st);
    rt_check("kuseg 0x00400008 with ERL=1 (VA = PA): exceptions", n_exc, 0);
    rt_check("  value", v, 0xABCD0003);
}

int main(void)
{
    volatile uint32_t *pa = (volatile uint32_t *)KSEG0(0x400000);
    volatile uint32_t *pa3 = (volatile uint32_t *)KSEG0(0x440000);

    rt_set_handler(handler);
    pa[0] = 0xABCD0001;
    pa[1] = 0xABCD0002;
    pa[2] = 0xABCD0003;
    pa3[0] = 0xE3E3E3E3;
    pa3[0x1004 / 4] = 0xE3E3E3E4;

    tlb_set(0, 0x01FFE000u, USER_WINDOW, LO(0, 3, 1, 1, 1), LO(0, 3, 1, 1, 1));
    tlb_set(1, 0x01FFE000u, SUPER_WINDOW, LO(0, 3, 1, 1, 1), LO(0, 3, 1, 1, 1));
    tlb_set(2, 0, 0xE0000000u, LO(0x440000, 3, 1, 1, 1), LO(0x441000, 3, 1, 1, 1));

    test_user();
    test_super();
    test_kernel();

    rt_summary("seg_modes");
}
