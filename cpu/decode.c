/*
 * decode.c -- turn an instruction word into a struct dinsn.
 *
 * A MIPS32 instruction has one of three layouts:
 *
 *   R: | op 6 | rs 5 | rt 5 | rd 5 | sa 5 | funct 6 |   register operations
 *   I: | op 6 | rs 5 | rt 5 |     immediate 16      |   immediates, loads, branches
 *   J: | op 6 |          index 26                   |   j, jal
 *
 * The major opcode (bits 31..26) picks the instruction, except for a few
 * opcodes that open a sub-table: SPECIAL (0) by funct, REGIMM (1) by rt,
 * COP0 (16) by rs and then funct, SPECIAL2 (28) by funct.  Each table row
 * names the operation and the *format* that says which fields it uses;
 * decode_fields() then copies exactly those fields.
 */
#include <stdbool.h>
#include "decode.h"

enum format {
    F_NONE,      /* no operands (syscall, eret, reserved) */
    F_RRR,       /* rd = rs op rt */
    F_SHIFT,     /* rd = rt op sa */
    F_RR,        /* rs, rt: mult, div, traps */
    F_RS,        /* rs only: jr, mthi, mtlo */
    F_RD,        /* rd only: mfhi, mflo */
    F_JALR,      /* rd = link, jump to rs */
    F_BRANCH,    /* compare rs, rt; offset */
    F_BRANCH_LINK, /* compare rs; offset; $31 = link */
    F_JUMP,      /* 26-bit index */
    F_JAL,       /* index; $31 = link */
    F_IMM_S,     /* rt = rs op sign-extended immediate */
    F_IMM_U,     /* rt = rs op zero-extended immediate */
    F_LUI,       /* rt = immediate << 16 */
    F_TRAP_IMM,  /* compare rs with sign-extended immediate */
    F_LOAD,      /* rt = memory[rs + offset] */
    F_LOAD_MERGE, /* lwl/lwr: rt is read and written */
    F_STORE,     /* memory[rs + offset] = rt */
    F_SC,        /* sc: rt is stored, then written with the result */
    F_MFC0,      /* rt = CP0[rd, sel] */
    F_MTC0,      /* CP0[rd, sel] = rt */
    F_CODE,      /* 20-bit code field (sdbbp) */
};

struct row { uint8_t op; uint8_t format; };

#define R(op, f) { DOP_##op, f }
#define RESERVED { DOP_RI, F_NONE }

static const struct row major[64] = {
    [0x02] = R(J, F_JUMP),       [0x03] = R(JAL, F_JAL),
    [0x04] = R(BEQ, F_BRANCH),   [0x05] = R(BNE, F_BRANCH),
    [0x06] = R(BLEZ, F_BRANCH),  [0x07] = R(BGTZ, F_BRANCH),
    [0x08] = R(ADDI, F_IMM_S),   [0x09] = R(ADDIU, F_IMM_S),
    [0x0A] = R(SLTI, F_IMM_S),   [0x0B] = R(SLTIU, F_IMM_S),
    [0x0C] = R(ANDI, F_IMM_U),   [0x0D] = R(ORI, F_IMM_U),
    [0x0E] = R(XORI, F_IMM_U),   [0x0F] = R(LUI, F_LUI),
    [0x11] = R(CPU1, F_NONE),    [0x12] = R(CPU2, F_NONE),
    [0x13] = R(CPU1, F_NONE),    /* COP1X */
    [0x14] = R(BEQL, F_BRANCH),  [0x15] = R(BNEL, F_BRANCH),
    [0x16] = R(BLEZL, F_BRANCH), [0x17] = R(BGTZL, F_BRANCH),
    [0x20] = R(LB, F_LOAD),      [0x21] = R(LH, F_LOAD),
    [0x22] = R(LWL, F_LOAD_MERGE), [0x23] = R(LW, F_LOAD),
    [0x24] = R(LBU, F_LOAD),     [0x25] = R(LHU, F_LOAD),
    [0x26] = R(LWR, F_LOAD_MERGE),
    [0x28] = R(SB, F_STORE),     [0x29] = R(SH, F_STORE),
    [0x2A] = R(SWL, F_STORE),    [0x2B] = R(SW, F_STORE),
    [0x2E] = R(SWR, F_STORE),    [0x2F] = R(CACHE, F_NONE),
    [0x30] = R(LL, F_LOAD),      [0x31] = R(CPU1, F_NONE),   /* lwc1 */
    [0x32] = R(CPU2, F_NONE),    [0x33] = R(NOP, F_NONE),    /* pref */
    [0x35] = R(CPU1, F_NONE),    [0x36] = R(CPU2, F_NONE),   /* ldc1, ldc2 */
    [0x38] = R(SC, F_SC),        [0x39] = R(CPU1, F_NONE),   /* swc1 */
    [0x3A] = R(CPU2, F_NONE),    [0x3D] = R(CPU1, F_NONE),   /* swc2, sdc1 */
    [0x3E] = R(CPU2, F_NONE),                                /* sdc2 */
};

static const struct row special[64] = {
    [0x00] = R(SLL, F_SHIFT),    [0x01] = R(CPU1, F_NONE),   /* movf/movt */
    [0x02] = R(SRL, F_SHIFT),    [0x03] = R(SRA, F_SHIFT),
    [0x04] = R(SLLV, F_RRR),     [0x06] = R(SRLV, F_RRR),
    [0x07] = R(SRAV, F_RRR),     [0x08] = R(JR, F_RS),
    [0x09] = R(JALR, F_JALR),    [0x0A] = R(MOVZ, F_RRR),
    [0x0B] = R(MOVN, F_RRR),     [0x0C] = R(SYSCALL, F_NONE),
    [0x0D] = R(BREAK, F_NONE),   [0x0F] = R(NOP, F_NONE),    /* sync */
    [0x10] = R(MFHI, F_RD),      [0x11] = R(MTHI, F_RS),
    [0x12] = R(MFLO, F_RD),      [0x13] = R(MTLO, F_RS),
    [0x18] = R(MULT, F_RR),      [0x19] = R(MULTU, F_RR),
    [0x1A] = R(DIV, F_RR),       [0x1B] = R(DIVU, F_RR),
    [0x20] = R(ADD, F_RRR),      [0x21] = R(ADDU, F_RRR),
    [0x22] = R(SUB, F_RRR),      [0x23] = R(SUBU, F_RRR),
    [0x24] = R(AND, F_RRR),      [0x25] = R(OR, F_RRR),
    [0x26] = R(XOR, F_RRR),      [0x27] = R(NOR, F_RRR),
    [0x2A] = R(SLT, F_RRR),      [0x2B] = R(SLTU, F_RRR),
    [0x30] = R(TGE, F_RR),       [0x31] = R(TGEU, F_RR),
    [0x32] = R(TLT, F_RR),       [0x33] = R(TLTU, F_RR),
    [0x34] = R(TEQ, F_RR),       [0x36] = R(TNE, F_RR),
};

static const struct row regimm[32] = {
    [0x00] = R(BLTZ, F_BRANCH),  [0x01] = R(BGEZ, F_BRANCH),
    [0x02] = R(BLTZL, F_BRANCH), [0x03] = R(BGEZL, F_BRANCH),
    [0x08] = R(TGEI, F_TRAP_IMM), [0x09] = R(TGEIU, F_TRAP_IMM),
    [0x0A] = R(TLTI, F_TRAP_IMM), [0x0B] = R(TLTIU, F_TRAP_IMM),
    [0x0C] = R(TEQI, F_TRAP_IMM), [0x0E] = R(TNEI, F_TRAP_IMM),
    [0x10] = R(BLTZAL, F_BRANCH_LINK), [0x11] = R(BGEZAL, F_BRANCH_LINK),
    [0x12] = R(BLTZALL, F_BRANCH_LINK), [0x13] = R(BGEZALL, F_BRANCH_LINK),
};

static const struct row special2[64] = {
    [0x00] = R(MADD, F_RR),      [0x01] = R(MADDU, F_RR),
    [0x02] = R(MUL, F_RRR),      [0x04] = R(MSUB, F_RR),
    [0x05] = R(MSUBU, F_RR),     [0x20] = R(CLZ, F_RRR),
    [0x21] = R(CLO, F_RRR),      [0x3F] = R(SDBBP, F_CODE),
};

/* COP0 "CO" operations (rs bit 4 set), by funct. */
static const struct row cop0_co[64] = {
    [0x01] = R(TLBR, F_NONE),    [0x02] = R(TLBWI, F_NONE),
    [0x06] = R(TLBWR, F_NONE),   [0x08] = R(TLBP, F_NONE),
    [0x18] = R(ERET, F_NONE),    [0x20] = R(WAIT, F_NONE),
};

static uint8_t dest(unsigned reg)
{
    return reg ? (uint8_t)reg : CPU_GPR_SINK;
}

static struct row lookup(uint32_t w)
{
    unsigned op = w >> 26, rs = (w >> 21) & 31, rt = (w >> 16) & 31;
    struct row r;
    switch (op) {
    case 0x00: r = special[w & 63]; break;
    case 0x01: r = regimm[rt]; break;
    case 0x1C: r = special2[w & 63]; break;
    case 0x10:                                /* COP0 */
        if ((rs == 0x00 || rs == 0x04) && (w & 0x7F8) == 0)
            r = rs == 0 ? (struct row)R(MFC0, F_MFC0) : (struct row)R(MTC0, F_MTC0);
        else if (rs & 0x10)
            r = cop0_co[w & 63];
        else
            r = (struct row)RESERVED;
        break;
    default: r = major[op]; break;
    }
    if (r.op == DOP_DECODE)                   /* an empty table slot */
        r = (struct row)RESERVED;
    return r;
}

void decode_insn(uint32_t w, struct dinsn *d)
{
    unsigned rs = (w >> 21) & 31, rt = (w >> 16) & 31, rd = (w >> 11) & 31;
    uint32_t simm = (uint32_t)(int32_t)(int16_t)w, uimm = w & 0xFFFF;
    struct row r = lookup(w);

    d->op = r.op;
    d->rs = d->rt = 0;
    d->rd = CPU_GPR_SINK;
    d->imm = 0;
    switch ((enum format)r.format) {
    case F_NONE: break;
    case F_RRR:   d->rs = rs; d->rt = rt; d->rd = dest(rd); break;
    case F_SHIFT: d->rt = rt; d->rd = dest(rd); d->imm = (w >> 6) & 31; break;
    case F_RR:    d->rs = rs; d->rt = rt; break;
    case F_RS:    d->rs = rs; break;
    case F_RD:    d->rd = dest(rd); break;
    case F_JALR:  d->rs = rs; d->rd = dest(rd); break;
    case F_BRANCH: d->rs = rs; d->rt = rt; d->rd = DINSN_FAR;
                   d->imm = (simm << 2) + 4; break;
    case F_BRANCH_LINK: d->rs = rs; d->rd = DINSN_FAR;
                   d->imm = (simm << 2) + 4; break;
    case F_JUMP:  d->imm = (w & 0x03FFFFFFu) << 2; break;
    case F_JAL:   d->imm = (w & 0x03FFFFFFu) << 2; d->rd = 31; break;
    case F_IMM_S: d->rs = rs; d->rd = dest(rt); d->imm = simm; break;
    case F_IMM_U: d->rs = rs; d->rd = dest(rt); d->imm = uimm; break;
    case F_LUI:   d->rd = dest(rt); d->imm = uimm << 16; break;
    case F_TRAP_IMM: d->rs = rs; d->imm = simm; break;
    case F_LOAD:  d->rs = rs; d->rd = dest(rt); d->imm = simm; break;
    case F_LOAD_MERGE: d->rs = rs; d->rt = rt; d->rd = dest(rt); d->imm = simm; break;
    case F_STORE: d->rs = rs; d->rt = rt; d->imm = simm; break;
    case F_SC:    d->rs = rs; d->rt = rt; d->rd = dest(rt); d->imm = simm; break;
    case F_MFC0:  d->rd = dest(rt); d->imm = (rd << 3) | (w & 7); break;
    case F_MTC0:  d->rt = rt; d->imm = (rd << 3) | (w & 7); break;
    case F_CODE:  d->imm = (w >> 6) & 0xFFFFF; break;
    }
    /* A shift into $0 is how MIPS spells nop: skip the work. */
    if (d->op == DOP_SLL && d->rd == CPU_GPR_SINK)
        d->op = DOP_NOP;
}

static bool conditional_branch(enum dop op)
{
    switch (op) {
    case DOP_BLTZ: case DOP_BGEZ: case DOP_BLTZL: case DOP_BGEZL:
    case DOP_BLTZAL: case DOP_BGEZAL: case DOP_BLTZALL: case DOP_BGEZALL:
    case DOP_BEQ: case DOP_BNE: case DOP_BLEZ: case DOP_BGTZ:
    case DOP_BEQL: case DOP_BNEL: case DOP_BLEZL: case DOP_BGTZL:
        return true;
    default:
        return false;
    }
}

void decode_place(struct dinsn *d, unsigned index)
{
    if (!conditional_branch((enum dop)d->op))
        return;
    /* imm is the byte distance from the branch to its target */
    int64_t target = (int64_t)index + ((int32_t)d->imm >> 2);
    if (target >= 0 && target < DECODE_PAGE_INSNS) {
        d->rd = 0;
        d->imm = (uint32_t)((int32_t)d->imm / 4 * (int32_t)sizeof(struct dinsn));
    }
}
