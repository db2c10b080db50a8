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
#define DECODE_PAGE_INSNS 1024  /* instruction words in a 4 KiB code page */

/* Every operation the interpreter knows, in one list, so the enum and the
 * interpreter's dispatch tables cannot drift apart.
 *
 * X names an operation; S names one that a branch handler may run itself
 * as its delay slot (exec.c, "Branch delay slots"): it cannot raise an
 * exception, change the PC or end the block, except that a load or store
 * may fall back to the general way when the translation cache misses.
 * exec.c must give each S operation a delay-slot variant (slot_NAME);
 * the compiler refuses the build if one is missing. */
#define DECODED_OPS(X, S) \
    X(DECODE) X(PAGE_END) X(RI) X(CPU1) X(CPU2) S(NOP) \
    S(SLL) S(SRL) S(SRA) S(SLLV) S(SRLV) S(SRAV) X(JR) X(JALR) \
    S(MOVZ) S(MOVN) X(SYSCALL) X(BREAK) S(MFHI) S(MTHI) S(MFLO) S(MTLO) \
    S(MULT) S(MULTU) S(DIV) S(DIVU) X(ADD) S(ADDU) X(SUB) S(SUBU) \
    S(AND) S(OR) S(XOR) S(NOR) S(SLT) S(SLTU) \
    X(TGE) X(TGEU) X(TLT) X(TLTU) X(TEQ) X(TNE) \
    X(BLTZ) X(BGEZ) X(BLTZL) X(BGEZL) X(BLTZAL) X(BGEZAL) X(BLTZALL) X(BGEZALL) \
    X(TGEI) X(TGEIU) X(TLTI) X(TLTIU) X(TEQI) X(TNEI) \
    X(J) X(JAL) X(BEQ) X(BNE) X(BLEZ) X(BGTZ) X(BEQL) X(BNEL) X(BLEZL) X(BGTZL) \
    X(ADDI) S(ADDIU) S(SLTI) S(SLTIU) S(ANDI) S(ORI) S(XORI) S(LUI) \
    X(MFC0) X(MTC0) X(TLBR) X(TLBWI) X(TLBWR) X(TLBP) X(ERET) X(WAIT) X(CACHE) \
    S(MADD) S(MADDU) S(MUL) S(MSUB) S(MSUBU) S(CLZ) S(CLO) X(SDBBP) \
    S(LB) S(LH) X(LWL) S(LW) S(LBU) S(LHU) X(LWR) X(LL) \
    S(SB) S(SH) X(SWL) S(SW) X(SWR) X(SC)

enum dop {
#define DOP_ENUM(name) DOP_##name,
    DECODED_OPS(DOP_ENUM, DOP_ENUM)
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
    uint8_t rs, rt, rd;  /* sources; destination (never 0: CPU_GPR_SINK),
                            but see DINSN_FAR for conditional branches */
    uint32_t imm;        /* immediate, shift amount, branch offset + 4
                            (scaled for a branch within its page: see
                            decode_place), jump index << 2,
                            CP0 reg << 3 | sel, or code */
};

/* A conditional branch (beq ... bgezall) writes no register named by a
 * field (the linking ones write $31 by name), so its rd says instead where
 * its target lies: 0 in the same code page, where the interpreter finds
 * the target's entry by pointer arithmetic alone; DINSN_FAR on another page
 * or not known.  decode_insn() says DINSN_FAR; decode_place() can tell,
 * as only the branch's own position in its page decides it (the target is
 * relative, so every virtual alias of the page agrees). */
#define DINSN_FAR 1

/* Decode one instruction word. */
void decode_insn(uint32_t word, struct dinsn *d);
/* d was decoded from word number index (0..DECODE_PAGE_INSNS-1) of its
 * page: mark a conditional branch whose target is in that page, and turn
 * its imm into the distance in bytes between the two struct dinsn
 * (imm / 4 * sizeof(struct dinsn)), which is all the interpreter needs. */
void decode_place(struct dinsn *d, unsigned index);

#endif
