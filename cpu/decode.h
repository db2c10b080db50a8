/*
 * decode.h -- MIPS32 instructions predecoded for the interpreter.
 *
 * Decoding a MIPS instruction (which opcode, which sub-table, which fields)
 * costs more than executing most of them.  So the interpreter decodes each
 * instruction of a code page once, into a struct dinsn: the operation and
 * its operands already extracted, and runs from that array afterwards.
 *
 * Register fields are ready to index the register file: rs and rt are the
 * source registers, rd the destination.  A destination of $0 is rewritten
 * to CPU_GPR_SINK (register 32, a scratch slot nobody reads), so no
 * handler needs to special-case writes to $0.
 */
#ifndef TRAPEZE_DECODE_H
#define TRAPEZE_DECODE_H

#include <stdint.h>

#define CPU_GPR_SINK 32

/* Every operation the interpreter knows, in one list, so the enum and the
 * interpreter's dispatch table cannot drift apart. */
#define DECODED_OPS(X) \
    X(DECODE) X(PAGE_END) X(RI) X(CPU1) X(CPU2) X(NOP) \
    X(SLL) X(SRL) X(SRA) X(SLLV) X(SRLV) X(SRAV) X(JR) X(JALR) \
    X(MOVZ) X(MOVN) X(SYSCALL) X(BREAK) X(MFHI) X(MTHI) X(MFLO) X(MTLO) \
    X(MULT) X(MULTU) X(DIV) X(DIVU) X(ADD) X(ADDU) X(SUB) X(SUBU) \
    X(AND) X(OR) X(XOR) X(NOR) X(SLT) X(SLTU) \
    X(TGE) X(TGEU) X(TLT) X(TLTU) X(TEQ) X(TNE) \
    X(BLTZ) X(BGEZ) X(BLTZL) X(BGEZL) X(BLTZAL) X(BGEZAL) X(BLTZALL) X(BGEZALL) \
    X(TGEI) X(TGEIU) X(TLTI) X(TLTIU) X(TEQI) X(TNEI) \
    X(J) X(JAL) X(BEQ) X(BNE) X(BLEZ) X(BGTZ) X(BEQL) X(BNEL) X(BLEZL) X(BGTZL) \
    X(ADDI) X(ADDIU) X(SLTI) X(SLTIU) X(ANDI) X(ORI) X(XORI) X(LUI) \
    X(MFC0) X(MTC0) X(TLBR) X(TLBWI) X(TLBWR) X(TLBP) X(ERET) X(WAIT) X(CACHE) \
    X(MADD) X(MADDU) X(MUL) X(MSUB) X(MSUBU) X(CLZ) X(CLO) X(SDBBP) \
    X(LB) X(LH) X(LWL) X(LW) X(LBU) X(LHU) X(LWR) X(LL) \
    X(SB) X(SH) X(SWL) X(SW) X(SWR) X(SC)

enum dop {
#define DOP_ENUM(name) DOP_##name,
    DECODED_OPS(DOP_ENUM)
#undef DOP_ENUM
    DOP_COUNT
};

/* One predecoded instruction: 16 bytes.  DOP_DECODE (0) means "not decoded
 * yet".
 *
 * run is the address of op's handler inside the interpreter (cpu/exec.c),
 * so dispatching is one indirect jump through the instruction itself
 * (`goto *di->run`) rather than a load of op and then of a table entry:
 * one host instruction less for every guest instruction.  decode_insn()
 * fills op only; whoever stores a dinsn the interpreter will run sets run
 * to match (exec.c, and dcache.c from the table the interpreter lends it
 * in struct cpu), so the two never disagree. */
struct dinsn {
    const void *run;     /* the handler of op (a label in exec.c) */
    uint8_t op;          /* enum dop */
    uint8_t rs, rt, rd;  /* sources; destination (never 0: CPU_GPR_SINK) */
    uint32_t imm;        /* immediate, shift amount, branch offset + 4,
                            jump index << 2, CP0 reg << 3 | sel, or code */
};

/* Decode one instruction word. */
void decode_insn(uint32_t word, struct dinsn *d);

#endif
