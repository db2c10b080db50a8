/*
 * reserved_ops.c -- every reserved instruction encoding, in kernel mode.
 *
 * The guest runs tables of encodings that a MIPS32 Release 1 CPU without
 * an FPU must refuse:
 *   - 64-bit MIPS III/IV instructions (daddi, ld, dsll, dmult, dclz, ...)
 *   - Release 2 additions a 4Kc lacks (ext, ins, seb, rdhwr, synci, di, ...)
 *   - the reserved slots of the primary opcode table (jalx, MDMX, 0x3b)
 *   - the reserved SPECIAL, SPECIAL2 and REGIMM functions
 *   - the reserved COP0 forms: unknown rs fields and unknown CO functions
 *     (deret included: there is no debug mode to return from)
 * which must raise Reserved Instruction (RI), and
 *   - COP1, COP1X, lwc1/ldc1/swc1/sdc1 and movf/movt: Coprocessor
 *     Unusable with CE=1 (no FPU, CU1 = 0)
 *   - COP2, lwc2/ldc2/swc2/sdc2: Coprocessor Unusable with CE=2.
 * Every field but the opcode bits is 0, so an encoding that a CPU did
 * execute would at worst write $0 or touch address 0.  Each encoding is
 * followed by a nop and never sits in a delay slot; the handler logs the
 * exception and resumes after it (EPC + 4).  The guest prints, per table,
 * how each encoding ended and any that did not end as it should.
 *
 * Under the monitor these run in virtual kernel mode on a CPU in physical
 * supervisor mode.  The COP0 forms trap there as CpU (CE=0): the monitor
 * steps them on the virtual CPU, which must raise RI, and reflects that.
 * A CpU with CE=1 or CE=2 is not a privileged instruction at all: it must
 * be reflected as it is, never emulated.  Everything else raises RI on
 * the physical CPU and is reflected.
 */
#include "mapped.h"

__asm__(
    ".text\n"
    ".set push\n"
    ".set noreorder\n"
    ".macro TRY enc\n"
    "    .word \\enc\n"
    "    nop\n"
    ".endm\n"

    /* 64-bit: daddi daddiu ldl ldr lwu sdl sdr lld ld scd sd; dsllv dsrlv
     * dsrav dmult dmultu ddiv ddivu dadd daddu dsub dsubu dsll dsrl dsra
     * dsll32 dsrl32 dsra32; dclz dclo. */
    "tab_64:\n"
    ".irp o, 0x18,0x19,0x1a,0x1b,0x27,0x2c,0x2d,0x34,0x37,0x3c,0x3f\n"
    "    TRY (\\o << 26)\n"
    ".endr\n"
    ".irp f, 0x14,0x16,0x17,0x1c,0x1d,0x1e,0x1f,0x2c,0x2d,0x2e,0x2f,0x38,0x3a,0x3b,0x3c,0x3e,0x3f\n"
    "    TRY \\f\n"
    ".endr\n"
    "    TRY 0x70000024\n"
    "    TRY 0x70000025\n"
    "tab_64_end:\n"
    "    jr $ra\n"
    "    nop\n"

    /* Release 2: ext ins seb seh wsbh rdhwr; synci; di ei rdpgpr wrpgpr. */
    "tab_r2:\n"
    "    TRY 0x7c000000\n"
    "    TRY 0x7c000004\n"
    "    TRY 0x7c000420\n"
    "    TRY 0x7c000620\n"
    "    TRY 0x7c0000a0\n"
    "    TRY 0x7c00003b\n"
    "    TRY 0x041f0000\n"
    "    TRY 0x41606000\n"
    "    TRY 0x41606020\n"
    "    TRY 0x41400000\n"
    "    TRY 0x41c00000\n"
    "tab_r2_end:\n"
    "    jr $ra\n"
    "    nop\n"

    /* Primary opcodes: jalx (MIPS16e), MDMX, 0x3b (was swc3). */
    "tab_primary:\n"
    ".irp o, 0x1d,0x1e,0x3b\n"
    "    TRY (\\o << 26)\n"
    ".endr\n"
    "tab_primary_end:\n"
    "    jr $ra\n"
    "    nop\n"

    "tab_special:\n"
    ".irp f, 0x05,0x0e,0x15,0x28,0x29,0x35,0x37,0x39,0x3d\n"
    "    TRY \\f\n"
    ".endr\n"
    "tab_special_end:\n"
    "    jr $ra\n"
    "    nop\n"

    "tab_special2:\n"
    ".irp f, 0x03,0x06,0x07,0x08,0x09,0x0a,0x0b,0x0c,0x0d,0x0e,0x0f,"
    "0x10,0x11,0x12,0x13,0x14,0x15,0x16,0x17,0x18,0x19,0x1a,0x1b,0x1c,0x1d,0x1e,0x1f,"
    "0x22,0x23,0x26,0x27,0x28,0x29,0x2a,0x2b,0x2c,0x2d,0x2e,0x2f,"
    "0x30,0x31,0x32,0x33,0x34,0x35,0x36,0x37,0x38,0x39,0x3a,0x3b,0x3c,0x3d,0x3e\n"
    "    TRY (0x1c << 26) | \\f\n"
    ".endr\n"
    "tab_special2_end:\n"
    "    jr $ra\n"
    "    nop\n"

    "tab_regimm:\n"
    ".irp rt, 0x04,0x05,0x06,0x07,0x0d,0x0f,0x14,0x15,0x16,0x17,0x18,0x19,0x1a,0x1b,0x1c,0x1d,0x1e\n"
    "    TRY (1 << 26) | (\\rt << 16)\n"
    ".endr\n"
    "tab_regimm_end:\n"
    "    jr $ra\n"
    "    nop\n"

    /* COP0: rs other than MF/MT/CO (and the R2 ones above); CO functions
     * other than tlbr tlbwi tlbwr tlbp eret wait. */
    "tab_cop0:\n"
    ".irp rs, 0x01,0x02,0x03,0x05,0x06,0x07,0x08,0x09,0x0c,0x0d,0x0f\n"
    "    TRY (0x10 << 26) | (\\rs << 21)\n"
    ".endr\n"
    ".irp f, 0x00,0x03,0x04,0x05,0x07,0x09,0x0a,0x0b,0x0c,0x0d,0x0e,0x0f,"
    "0x10,0x11,0x12,0x13,0x14,0x15,0x16,0x17,0x19,0x1a,0x1b,0x1c,0x1d,0x1e,0x1f,"
    "0x21,0x22,0x23,0x24,0x25,0x26,0x27,0x28,0x29,0x2a,0x2b,0x2c,0x2d,0x2e,0x2f,"
    "0x30,0x31,0x32,0x33,0x34,0x35,0x36,0x37,0x38,0x39,0x3a,0x3b,0x3c,0x3d,0x3e,0x3f\n"
    "    TRY (0x10 << 26) | (1 << 25) | \\f\n"
    ".endr\n"
    "tab_cop0_end:\n"
    "    jr $ra\n"
    "    nop\n"

    /* COP1, COP1X, lwc1 ldc1 swc1 sdc1, movf. */
    "tab_cop1:\n"
    ".irp o, 0x11,0x13,0x31,0x35,0x39,0x3d\n"
    "    TRY (\\o << 26)\n"
    ".endr\n"
    "    TRY 0x00000001\n"
    "tab_cop1_end:\n"
    "    jr $ra\n"
    "    nop\n"

    /* COP2, lwc2 ldc2 swc2 sdc2. */
    "tab_cop2:\n"
    ".irp o, 0x12,0x32,0x36,0x3a,0x3e\n"
    "    TRY (\\o << 26)\n"
    ".endr\n"
    "tab_cop2_end:\n"
    "    jr $ra\n"
    "    nop\n"

    /* run_table(t): call the table at t, keeping our return address in
     * s0, which no encoding can touch (every register field is 0). */
    "run_table:\n"
    "    addiu $sp, $sp, -8\n"
    "    sw    $16, 0($sp)\n"
    "    sw    $31, 4($sp)\n"
    "    jalr  $4\n"
    "    nop\n"
    "    lw    $16, 0($sp)\n"
    "    lw    $31, 4($sp)\n"
    "    jr    $31\n"
    "    addiu $sp, $sp, 8\n"
    ".purgem TRY\n"
    ".set pop\n");

void run_table(const uint32_t *t);
extern const uint32_t tab_64[], tab_64_end[], tab_r2[], tab_r2_end[],
    tab_primary[], tab_primary_end[], tab_special[], tab_special_end[],
    tab_special2[], tab_special2_end[], tab_regimm[], tab_regimm_end[],
    tab_cop0[], tab_cop0_end[], tab_cop1[], tab_cop1_end[],
    tab_cop2[], tab_cop2_end[];

struct table {
    const char *name;
    const uint32_t *start, *end;
    unsigned want_code, want_ce;
};

static const struct table tables[] = {
    { "64-bit MIPS III/IV",     tab_64,       tab_64_end,       EXC_RI, 0 },
    { "MIPS32 Release 2",       tab_r2,       tab_r2_end,       EXC_RI, 0 },
    { "reserved primary",       tab_primary,  tab_primary_end,  EXC_RI, 0 },
    { "reserved SPECIAL",       tab_special,  tab_special_end,  EXC_RI, 0 },
    { "reserved SPECIAL2",      tab_special2, tab_special2_end, EXC_RI, 0 },
    { "reserved REGIMM",        tab_regimm,   tab_regimm_end,   EXC_RI, 0 },
    { "reserved COP0",          tab_cop0,     tab_cop0_end,     EXC_RI, 0 },
    { "COP1 (no FPU)",          tab_cop1,     tab_cop1_end,     EXC_CPU, 1 },
    { "COP2",                   tab_cop2,     tab_cop2_end,     EXC_CPU, 2 },
};
#define NTABLES (sizeof tables / sizeof tables[0])

/* The handler's log of one table run. */
#define LOGMAX 128
static struct { uint32_t epc, code, ce; } xlog[LOGMAX];
static volatile uint32_t nlog;

static void handler(struct mp_frame *f)
{
    if (f->cause & CAUSE_BD) {
        mp_printf("reserved_ops: exception in a delay slot at 0x%08x\n", f->epc);
        mp_poweroff(3);
    }
    if (nlog < LOGMAX) {
        xlog[nlog].epc = f->epc;
        xlog[nlog].code = CAUSE_CODE(f->cause);
        xlog[nlog].ce = CAUSE_CE(f->cause);
        nlog++;
    }
    f->epc += 4;
}

static void describe(uint32_t code, uint32_t ce)
{
    if (code == EXC_CPU)
        mp_printf("CpU (CE=%u)", ce);
    else
        mp_puts(mp_exc_name(code));
}

int main(void)
{
    mp_puts("hostile reserved_ops: start\n");
    mp_set_handler(handler);
    uint32_t total = 0, total_bad = 0;

    for (unsigned t = 0; t < NTABLES; t++) {
        const struct table *tb = &tables[t];
        uint32_t n = (uint32_t)(tb->end - tb->start) / 2, good = 0, j = 0;
        nlog = 0;
        run_table(tb->start);
        mp_printf("reserved_ops: %s: %u encodings, ", tb->name, n);

        /* The log is in address order: match each encoding (a word and
         * its nop) with the entry for its address, if any. */
        for (uint32_t i = 0; i < n; i++) {
            uint32_t pc = (uint32_t)&tb->start[2 * i];
            if (j < nlog && xlog[j].epc == pc) {
                if (xlog[j].code == tb->want_code &&
                    (tb->want_code != EXC_CPU || xlog[j].ce == tb->want_ce))
                    good++;
                j++;
            }
        }
        mp_printf("%u ", good);
        describe(tb->want_code, tb->want_ce);
        mp_puts("\n");

        /* Then every one that did something else. */
        j = 0;
        for (uint32_t i = 0; i < n; i++) {
            uint32_t pc = (uint32_t)&tb->start[2 * i];
            if (j < nlog && xlog[j].epc == pc) {
                if (xlog[j].code != tb->want_code ||
                    (tb->want_code == EXC_CPU && xlog[j].ce != tb->want_ce)) {
                    mp_printf("  0x%08x raised ", tb->start[2 * i]);
                    describe(xlog[j].code, xlog[j].ce);
                    mp_puts("\n");
                }
                j++;
            } else {
                mp_printf("  0x%08x raised nothing\n", tb->start[2 * i]);
            }
        }
        if (j != nlog)
            mp_printf("  and %u exceptions elsewhere\n", nlog - j);
        total += n;
        total_bad += n - good;
    }
    mp_printf("reserved_ops: %u encodings, %u did not raise what they should\n",
              total, total_bad);
    return 0;
}
