/*
 * disasm.c -- a table-driven MIPS32 disassembler whose output matches GNU
 * objdump (mipsel-linux-gnu-objdump -d, binutils 2.40) character for
 * character, so traces can be diffed against it.
 *
 * How a MIPS32 instruction is encoded
 * -----------------------------------
 * Every instruction is one 32-bit word.  Bits 31..26 are the major opcode
 * ("op"); the rest is laid out in one of three formats:
 *
 *    31    26 25  21 20  16 15  11 10   6 5     0
 *   +--------+------+------+------+------+-------+
 *   |   op   |  rs  |  rt  |  rd  |  sa  | funct |   R-type (register)
 *   +--------+------+------+------+------+-------+
 *   |   op   |  rs  |  rt  |    immediate (16)   |   I-type (immediate)
 *   +--------+------+------+---------------------+
 *   |   op   |        instr_index (26)           |   J-type (jump)
 *   +--------+-----------------------------------+
 *
 * Most major opcodes are one instruction each (addiu, lw, beq, j, ...),
 * but a few open a sub-table whose members are told apart by another
 * field:
 *
 *   op 0x00 SPECIAL   R-type ALU ops, shifts, jr/jalr, mult/div, traps,
 *                     syscall/break/sync -- selected by funct (bits 5..0).
 *   op 0x01 REGIMM    bltz/bgez (+ "and link", + "likely") and the trap-
 *                     immediate instructions -- selected by rt (20..16).
 *   op 0x10 COP0      system control: mfc0/mtc0 by rs (25..21); when rs
 *                     bit 4 (the CO bit, bit 25) is set, funct selects
 *                     tlbr/tlbwi/tlbwr/tlbp/eret/wait.
 *   op 0x11 COP1      the FPU (not implemented by trapeze, but objdump
 *                     knows it, so we must too): rs is "fmt" (.s/.d/.w).
 *   op 0x12/0x13      COP2 / COP3 (coprocessor-defined).
 *   op 0x1C SPECIAL2  MIPS32 additions: madd/msub/mul/clz/clo/sdbbp, by
 *                     funct.
 *
 * The tables
 * ----------
 * Each sub-table below is a list of {mask, match, mnemonic, operands}: an
 * entry applies to `word` when (word & mask) == match, and the FIRST entry
 * that applies wins.  So a pseudo-instruction that objdump prefers is
 * listed before the real instruction it abbreviates: "nop" (sll zero,
 * zero,0) before "sll", "move" (or/addu with rt = zero) before "or"/"addu",
 * "b" (beq zero,zero) before "beqz" before "beq", "li" before "addiu".
 * The mask also holds the fields the architecture requires to be zero:
 * a word with such a field set matches nothing and prints as ".word".
 * The order within a table follows objdump's own opcode table, which
 * decides the cases where it is not obvious (e.g. "nor rd,rs,zero" stays
 * "nor", never "not").
 *
 * objdump disassembles an ELF marked -march=mips32 as MIPS32 + the
 * SmartMIPS ASE, and also knows the FPU and COP2/COP3 instructions of that
 * ISA, so the tables contain those too.  MIPS32R2 and 64-bit encodings
 * (ext, ins, rotr, seb, daddu, ...) print as ".word" -- except where
 * SmartMIPS reuses the encoding (ror/rorv are srl/srlv with a 1 in the
 * otherwise-zero rs/sa field).
 *
 * The operand string
 * ------------------
 * Each character of the operand string is either copied literally (',',
 * '(' and ')') or names one operand, printed by print_operand():
 *
 *   d s t   GPR in the rd / rs / rt field        Z   the GPR "zero"
 *   U       clz/clo destination (rd, which should equal rt)
 *   i       signed 16-bit immediate, decimal     x   16-bit immediate, hex
 *   h       shift amount (sa), hex
 *   b       branch target: pc + 4 + (simm16 << 2)
 *   j       jump target: the 256 MB region of pc + 4, + (instr_index << 2)
 *   c q     break / trap codes: bits 25..16, bits 15..6 (hex)
 *   C       20-bit syscall/sdbbp code, bits 25..6 (hex)
 *   w       19-bit wait code, bits 24..6 (hex)
 *   f       25-bit coprocessor function (c0/c1/c2/c3), hex
 *   k       cache/pref operation (the rt field), hex
 *   y       sync stype (the sa field), hex
 *   0       CP0 register by name (rd): c0_status, ...
 *   @       CP0 register and select (rd, bits 2..0) by name, or "$rd,sel"
 *   G E     coprocessor register "$n" in rd / rt        H  select, decimal
 *   g       FPU control register by name (rd): c1_fir, c1_fcsr, or "$n"
 *   D S T   FPU register "$fn" in the fd (10..6) / fs (15..11) / ft field
 *   N M     FP condition code "$fccn" in bits 20..18 / 10..8
 *   K       COP2 condition code "$ccn" in bits 20..18
 *
 * Numbers follow objdump: decimal for signed immediates and offsets, "0x%x"
 * for unsigned fields and codes, addresses in lower-case hex without
 * leading zeros.  Words that match no entry print as ".word\t0x%x".
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "cpu/disasm.h"

/* ---- the instruction tables ------------------------------------------- */

typedef struct insn_desc {
    uint32_t mask;      /* bits that must equal `match`            */
    uint32_t match;
    const char *name;   /* mnemonic                                 */
    const char *ops;    /* operand string (see above); "" = none    */
} insn_desc;

/* Masks shared by many entries. */
#define M_OP      0xfc000000u   /* op only: I-type and J-type              */
#define M_OP_RS   0xffe00000u   /* op + rs (li, lui: rs == 0)              */
#define M_OP_RT   0xfc1f0000u   /* op + rt (REGIMM selector; beqz: rt==0)  */
#define M_RTYPE   0xfc0007ffu   /* op + sa + funct: rd,rs,rt ops           */
#define M_SHIFT   0xffe0003fu   /* op + rs + funct: shift by sa            */
#define M_MULDIV  0xfc00ffffu   /* op + rd + sa + funct: rs,rt only        */
#define M_FUNCT   0xfc00003fu   /* op + funct: code fields free            */
#define M_RSONLY  0xfc1fffffu   /* op + rt + rd + sa + funct: rs only      */
#define M_RDONLY  0xffff07ffu   /* op + rs + rt + sa + funct: rd only      */
#define M_ALL     0xffffffffu   /* exact word                              */

/* op 0x00 SPECIAL */
static const insn_desc special_tab[] = {
    { M_ALL,    0x00000000, "nop",     ""      },  /* sll zero,zero,0   */
    { M_ALL,    0x00000040, "ssnop",   ""      },  /* sll zero,zero,1   */
    { M_ALL,    0x000000c0, "ehb",     ""      },  /* sll zero,zero,3   */
    { 0xfc1f07ff, 0x00000025, "move",  "d,s"   },  /* or rd,rs,zero     */
    { 0xfc1f07ff, 0x00000021, "move",  "d,s"   },  /* addu rd,rs,zero   */
    { M_RTYPE,  0x00000020, "add",     "d,s,t" },
    { M_RTYPE,  0x00000021, "addu",    "d,s,t" },
    { M_RTYPE,  0x00000024, "and",     "d,s,t" },
    { M_ALL,    0x0000000d, "break",   ""      },
    { 0xfc00ffff, 0x0000000d, "break", "c"     },
    { M_FUNCT,  0x0000000d, "break",   "c,q"   },
    { M_MULDIV, 0x0000001a, "div",     "Z,s,t" },
    { M_MULDIV, 0x0000001b, "divu",    "Z,s,t" },
    { M_RSONLY, 0x00000008, "jr",      "s"     },
    { M_RSONLY, 0x00000408, "jr.hb",   "s"     },  /* hint bit 10       */
    { M_RSONLY, 0x0000f809, "jalr",    "s"     },  /* rd == ra          */
    { 0xfc1f07ff, 0x00000009, "jalr",  "d,s"   },
    { M_RSONLY, 0x0000fc09, "jalr.hb", "s"     },
    { 0xfc1f07ff, 0x00000409, "jalr.hb", "d,s" },
    { M_RDONLY, 0x00000010, "mfhi",    "d"     },
    { M_RDONLY, 0x00000012, "mflo",    "d"     },
    { M_RDONLY, 0x00000052, "mflhxu",  "d"     },  /* SmartMIPS         */
    { 0xfc0307ff, 0x00000001, "movf",  "d,s,N" },  /* FP cc, tf = 0     */
    { M_RTYPE,  0x0000000b, "movn",    "d,s,t" },
    { 0xfc0307ff, 0x00010001, "movt",  "d,s,N" },  /* FP cc, tf = 1     */
    { M_RTYPE,  0x0000000a, "movz",    "d,s,t" },
    { M_RSONLY, 0x00000011, "mthi",    "s"     },
    { M_RSONLY, 0x00000013, "mtlo",    "s"     },
    { M_RSONLY, 0x00000053, "mtlhx",   "s"     },  /* SmartMIPS         */
    { M_MULDIV, 0x00000018, "mult",    "s,t"   },
    { M_MULDIV, 0x00000459, "multp",   "s,t"   },  /* SmartMIPS         */
    { M_MULDIV, 0x00000019, "multu",   "s,t"   },
    { 0xffe007ff, 0x00000022, "neg",   "d,t"   },  /* sub rd,zero,rt    */
    { 0xffe007ff, 0x00000023, "negu",  "d,t"   },  /* subu rd,zero,rt   */
    { M_RTYPE,  0x00000027, "nor",     "d,s,t" },  /* (never "not")     */
    { M_RTYPE,  0x00000025, "or",      "d,s,t" },
    { M_SHIFT,  0x00200002, "ror",     "d,t,h" },  /* SmartMIPS: rs = 1 */
    { M_RTYPE,  0x00000046, "rorv",    "d,t,s" },  /* SmartMIPS: sa = 1 */
    { M_RTYPE,  0x00000004, "sllv",    "d,t,s" },
    { M_SHIFT,  0x00000000, "sll",     "d,t,h" },
    { M_RTYPE,  0x0000002a, "slt",     "d,s,t" },
    { M_RTYPE,  0x0000002b, "sltu",    "d,s,t" },
    { M_RTYPE,  0x00000007, "srav",    "d,t,s" },
    { M_SHIFT,  0x00000003, "sra",     "d,t,h" },
    { M_RTYPE,  0x00000006, "srlv",    "d,t,s" },
    { M_SHIFT,  0x00000002, "srl",     "d,t,h" },
    { M_RTYPE,  0x00000022, "sub",     "d,s,t" },
    { M_RTYPE,  0x00000023, "subu",    "d,s,t" },
    { M_ALL,    0x0000000f, "sync",    ""      },
    { 0xfffff83f, 0x0000000f, "sync",  "y"     },
    { M_ALL,    0x0000000c, "syscall", ""      },
    { M_FUNCT,  0x0000000c, "syscall", "C"     },
    { M_MULDIV, 0x00000034, "teq",     "s,t"   },
    { M_FUNCT,  0x00000034, "teq",     "s,t,q" },
    { M_MULDIV, 0x00000030, "tge",     "s,t"   },
    { M_FUNCT,  0x00000030, "tge",     "s,t,q" },
    { M_MULDIV, 0x00000031, "tgeu",    "s,t"   },
    { M_FUNCT,  0x00000031, "tgeu",    "s,t,q" },
    { M_MULDIV, 0x00000032, "tlt",     "s,t"   },
    { M_FUNCT,  0x00000032, "tlt",     "s,t,q" },
    { M_MULDIV, 0x00000033, "tltu",    "s,t"   },
    { M_FUNCT,  0x00000033, "tltu",    "s,t,q" },
    { M_MULDIV, 0x00000036, "tne",     "s,t"   },
    { M_FUNCT,  0x00000036, "tne",     "s,t,q" },
    { M_RTYPE,  0x00000026, "xor",     "d,s,t" },
    { 0, 0, NULL, NULL }
};

/* op 0x01 REGIMM: the rt field selects the operation. */
static const insn_desc regimm_tab[] = {
    { 0xffff0000, 0x04010000, "b",       "b"   },  /* bgez zero,...     */
    { 0xffff0000, 0x04110000, "bal",     "b"   },  /* bgezal zero,...   */
    { M_OP_RT, 0x04010000, "bgez",      "s,b" },
    { M_OP_RT, 0x04030000, "bgezl",     "s,b" },
    { M_OP_RT, 0x04110000, "bgezal",    "s,b" },
    { M_OP_RT, 0x04130000, "bgezall",   "s,b" },
    { M_OP_RT, 0x04000000, "bltz",      "s,b" },
    { M_OP_RT, 0x04020000, "bltzl",     "s,b" },
    { M_OP_RT, 0x04100000, "bltzal",    "s,b" },  /* (never "nal")     */
    { M_OP_RT, 0x04120000, "bltzall",   "s,b" },
    { M_OP_RT, 0x040c0000, "teqi",      "s,i" },
    { M_OP_RT, 0x04080000, "tgei",      "s,i" },
    { M_OP_RT, 0x04090000, "tgeiu",     "s,i" },
    { M_OP_RT, 0x040a0000, "tlti",      "s,i" },
    { M_OP_RT, 0x040b0000, "tltiu",     "s,i" },
    { M_OP_RT, 0x040e0000, "tnei",      "s,i" },
    { 0, 0, NULL, NULL }
};

/* op 0x10 COP0 */
static const insn_desc cop0_tab[] = {
    { M_ALL,      0x4200001f, "deret", ""      },  /* EJTAG             */
    { M_ALL,      0x42000018, "eret",  ""      },
    { 0xffe007ff, 0x40000000, "mfc0",  "t,0"   },  /* select 0          */
    { 0xffe007f8, 0x40000000, "mfc0",  "t,@"   },  /* select 1..7       */
    { 0xffe007ff, 0x40800000, "mtc0",  "t,0"   },
    { 0xffe007f8, 0x40800000, "mtc0",  "t,@"   },
    { M_ALL,      0x42000008, "tlbp",  ""      },
    { M_ALL,      0x42000001, "tlbr",  ""      },
    { M_ALL,      0x42000002, "tlbwi", ""      },
    { M_ALL,      0x42000006, "tlbwr", ""      },
    { M_ALL,      0x42000020, "wait",  ""      },
    { 0xfe00003f, 0x42000020, "wait",  "w"     },
    { 0xfe000000, 0x42000000, "c0",    "f"     },  /* any other CO op   */
    { 0, 0, NULL, NULL }
};

/* op 0x11 COP1 (FPU).  fmt (bits 25..21) is 0x10 for .s, 0x11 for .d and
 * 0x14 for .w; the c.cond.fmt compares come from a macro below. */
#define FP_S 0x46000000u
#define FP_D 0x46200000u
#define FP_W 0x46800000u
#define M_FP2 0xffff003fu   /* fmt + ft==0 + funct: fd,fs         */
#define M_FP3 0xffe0003fu   /* fmt + funct: fd,fs,ft               */
#define CCOND(fn, nm)                                                       \
    { 0xffe007ff, FP_D | 0x30 | (fn), "c." nm ".d", "S,T"   },            \
    { 0xffe000ff, FP_D | 0x30 | (fn), "c." nm ".d", "M,S,T" },            \
    { 0xffe007ff, FP_S | 0x30 | (fn), "c." nm ".s", "S,T"   },            \
    { 0xffe000ff, FP_S | 0x30 | (fn), "c." nm ".s", "M,S,T" }

static const insn_desc cop1_tab[] = {
    { M_FP2, FP_S | 0x05, "abs.s",     "D,S"   },
    { M_FP2, FP_D | 0x05, "abs.d",     "D,S"   },
    { M_FP3, FP_S | 0x00, "add.s",     "D,S,T" },
    { M_FP3, FP_D | 0x00, "add.d",     "D,S,T" },
    { 0xffff0000, 0x45000000, "bc1f",  "b"     },  /* cc 0              */
    { 0xffe30000, 0x45000000, "bc1f",  "N,b"   },
    { 0xffff0000, 0x45020000, "bc1fl", "b"     },
    { 0xffe30000, 0x45020000, "bc1fl", "N,b"   },
    { 0xffff0000, 0x45010000, "bc1t",  "b"     },
    { 0xffe30000, 0x45010000, "bc1t",  "N,b"   },
    { 0xffff0000, 0x45030000, "bc1tl", "b"     },
    { 0xffe30000, 0x45030000, "bc1tl", "N,b"   },
    CCOND(0x0, "f"),   CCOND(0x1, "un"),  CCOND(0x2, "eq"),  CCOND(0x3, "ueq"),
    CCOND(0x4, "olt"), CCOND(0x5, "ult"), CCOND(0x6, "ole"), CCOND(0x7, "ule"),
    CCOND(0x8, "sf"),  CCOND(0x9, "ngle"), CCOND(0xa, "seq"), CCOND(0xb, "ngl"),
    CCOND(0xc, "lt"),  CCOND(0xd, "nge"), CCOND(0xe, "le"),  CCOND(0xf, "ngt"),
    { M_FP2, FP_D | 0x0e, "ceil.w.d",  "D,S"   },
    { M_FP2, FP_S | 0x0e, "ceil.w.s",  "D,S"   },
    { 0xffe007ff, 0x44400000, "cfc1",  "t,g"   },
    { 0xffe007ff, 0x44c00000, "ctc1",  "t,g"   },
    { M_FP2, FP_S | 0x21, "cvt.d.s",   "D,S"   },
    { M_FP2, FP_W | 0x21, "cvt.d.w",   "D,S"   },
    { M_FP2, FP_D | 0x20, "cvt.s.d",   "D,S"   },
    { M_FP2, FP_W | 0x20, "cvt.s.w",   "D,S"   },
    { M_FP2, FP_D | 0x24, "cvt.w.d",   "D,S"   },
    { M_FP2, FP_S | 0x24, "cvt.w.s",   "D,S"   },
    { M_FP3, FP_D | 0x03, "div.d",     "D,S,T" },
    { M_FP3, FP_S | 0x03, "div.s",     "D,S,T" },
    { M_FP2, FP_D | 0x0f, "floor.w.d", "D,S"   },
    { M_FP2, FP_S | 0x0f, "floor.w.s", "D,S"   },
    { 0xffe007ff, 0x44000000, "mfc1",  "t,S"   },
    { M_FP2, FP_D | 0x06, "mov.d",     "D,S"   },
    { M_FP2, FP_S | 0x06, "mov.s",     "D,S"   },
    { 0xffe3003f, FP_D | 0x11, "movf.d", "D,S,N" },
    { 0xffe3003f, FP_S | 0x11, "movf.s", "D,S,N" },
    { M_FP3, FP_D | 0x13, "movn.d",    "D,S,t" },
    { M_FP3, FP_S | 0x13, "movn.s",    "D,S,t" },
    { 0xffe3003f, FP_D | 0x10011, "movt.d", "D,S,N" },
    { 0xffe3003f, FP_S | 0x10011, "movt.s", "D,S,N" },
    { M_FP3, FP_D | 0x12, "movz.d",    "D,S,t" },
    { M_FP3, FP_S | 0x12, "movz.s",    "D,S,t" },
    { 0xffe007ff, 0x44800000, "mtc1",  "t,S"   },
    { M_FP3, FP_D | 0x02, "mul.d",     "D,S,T" },
    { M_FP3, FP_S | 0x02, "mul.s",     "D,S,T" },
    { M_FP2, FP_D | 0x07, "neg.d",     "D,S"   },
    { M_FP2, FP_S | 0x07, "neg.s",     "D,S"   },
    { M_FP2, FP_D | 0x0c, "round.w.d", "D,S"   },
    { M_FP2, FP_S | 0x0c, "round.w.s", "D,S"   },
    { M_FP2, FP_D | 0x04, "sqrt.d",    "D,S"   },
    { M_FP2, FP_S | 0x04, "sqrt.s",    "D,S"   },
    { M_FP3, FP_D | 0x01, "sub.d",     "D,S,T" },
    { M_FP3, FP_S | 0x01, "sub.s",     "D,S,T" },
    { M_FP2, FP_D | 0x0d, "trunc.w.d", "D,S"   },
    { M_FP2, FP_S | 0x0d, "trunc.w.s", "D,S"   },
    { 0xfe000000, 0x46000000, "c1",    "f"     },  /* any other CO op   */
    { 0, 0, NULL, NULL }
};

/* op 0x12 COP2 and op 0x13 COP3 (COP1X in MIPS IV/MIPS32R2: not here). */
static const insn_desc cop2_tab[] = {
    { 0xffff0000, 0x49000000, "bc2f",  "b"     },
    { 0xffe30000, 0x49000000, "bc2f",  "K,b"   },
    { 0xffff0000, 0x49020000, "bc2fl", "b"     },
    { 0xffe30000, 0x49020000, "bc2fl", "K,b"   },
    { 0xffff0000, 0x49010000, "bc2t",  "b"     },
    { 0xffe30000, 0x49010000, "bc2t",  "K,b"   },
    { 0xffff0000, 0x49030000, "bc2tl", "b"     },
    { 0xffe30000, 0x49030000, "bc2tl", "K,b"   },
    { 0xffe007ff, 0x48400000, "cfc2",  "t,G"   },
    { 0xffe007ff, 0x48c00000, "ctc2",  "t,G"   },
    { 0xffe007ff, 0x48000000, "mfc2",  "t,G"   },
    { 0xffe007f8, 0x48000000, "mfc2",  "t,G,H" },
    { 0xffe007ff, 0x48800000, "mtc2",  "t,G"   },
    { 0xffe007f8, 0x48800000, "mtc2",  "t,G,H" },
    { 0xfe000000, 0x4a000000, "c2",    "f"     },
    { 0, 0, NULL, NULL }
};

static const insn_desc cop3_tab[] = {
    { 0xffff0000, 0x4d000000, "bc3f",  "b"     },
    { 0xffff0000, 0x4d020000, "bc3fl", "b"     },
    { 0xffff0000, 0x4d010000, "bc3t",  "b"     },
    { 0xffff0000, 0x4d030000, "bc3tl", "b"     },
    { 0xffe007ff, 0x4c400000, "cfc3",  "t,G"   },
    { 0xffe007ff, 0x4cc00000, "ctc3",  "t,G"   },
    { 0xffe007ff, 0x4c000000, "mfc3",  "t,G"   },
    { 0xffe007f8, 0x4c000000, "mfc3",  "t,G,H" },
    { 0xffe007ff, 0x4c800000, "mtc3",  "t,G"   },
    { 0xffe007f8, 0x4c800000, "mtc3",  "t,G,H" },
    { 0xfe000000, 0x4e000000, "c3",    "f"     },
    { 0, 0, NULL, NULL }
};

/* op 0x1C SPECIAL2 */
static const insn_desc special2_tab[] = {
    { M_RTYPE,  0x70000021, "clo",     "U,s"   },
    { M_RTYPE,  0x70000020, "clz",     "U,s"   },
    { M_RTYPE,  0x70000088, "lwxs",    "d,t(s)" }, /* SmartMIPS         */
    { M_MULDIV, 0x70000000, "madd",    "s,t"   },
    { M_MULDIV, 0x70000441, "maddp",   "s,t"   },  /* SmartMIPS         */
    { M_MULDIV, 0x70000001, "maddu",   "s,t"   },
    { M_MULDIV, 0x70000004, "msub",    "s,t"   },
    { M_MULDIV, 0x70000005, "msubu",   "s,t"   },
    { M_RTYPE,  0x70000002, "mul",     "d,s,t" },
    { M_MULDIV, 0x70000481, "pperm",   "s,t"   },  /* SmartMIPS         */
    { M_ALL,    0x7000003f, "sdbbp",   ""      },
    { M_FUNCT,  0x7000003f, "sdbbp",   "C"     },
    { 0, 0, NULL, NULL }
};

/* All the other major opcodes: one instruction each, or an instruction
 * preceded by the pseudo-instructions objdump prefers for it. */
static const insn_desc main_tab[] = {
    { M_OP,     0x08000000, "j",       "j"     },
    { M_OP,     0x0c000000, "jal",     "j"     },
    { 0xffff0000, 0x10000000, "b",     "b"     },  /* beq zero,zero     */
    { M_OP_RT, 0x10000000, "beqz",    "s,b"   },  /* beq rs,zero       */
    { M_OP,     0x10000000, "beq",     "s,t,b" },
    { M_OP_RT, 0x14000000, "bnez",    "s,b"   },
    { M_OP,     0x14000000, "bne",     "s,t,b" },
    { M_OP_RT, 0x18000000, "blez",    "s,b"   },  /* rt must be 0      */
    { M_OP_RT, 0x1c000000, "bgtz",    "s,b"   },
    { M_OP,     0x20000000, "addi",    "t,s,i" },
    { M_OP_RS, 0x24000000, "li",      "t,i"   },  /* addiu rt,zero,imm */
    { M_OP,     0x24000000, "addiu",   "t,s,i" },
    { M_OP,     0x28000000, "slti",    "t,s,i" },
    { M_OP,     0x2c000000, "sltiu",   "t,s,i" },
    { M_OP,     0x30000000, "andi",    "t,s,x" },
    { M_OP_RS, 0x34000000, "li",      "t,x"   },  /* ori rt,zero,imm   */
    { M_OP,     0x34000000, "ori",     "t,s,x" },
    { M_OP,     0x38000000, "xori",    "t,s,x" },
    { M_OP_RS, 0x3c000000, "lui",     "t,x"   },  /* rs must be 0      */
    { M_OP_RT, 0x50000000, "beqzl",   "s,b"   },
    { M_OP,     0x50000000, "beql",    "s,t,b" },
    { M_OP_RT, 0x54000000, "bnezl",   "s,b"   },
    { M_OP,     0x54000000, "bnel",    "s,t,b" },
    { M_OP_RT, 0x58000000, "blezl",   "s,b"   },
    { M_OP_RT, 0x5c000000, "bgtzl",   "s,b"   },
    { M_OP,     0x74000000, "jalx",    "j"     },  /* MIPS16 jump       */
    { M_OP,     0x80000000, "lb",      "t,i(s)" },
    { M_OP,     0x84000000, "lh",      "t,i(s)" },
    { M_OP,     0x88000000, "lwl",     "t,i(s)" },
    { M_OP,     0x8c000000, "lw",      "t,i(s)" },
    { M_OP,     0x90000000, "lbu",     "t,i(s)" },
    { M_OP,     0x94000000, "lhu",     "t,i(s)" },
    { M_OP,     0x98000000, "lwr",     "t,i(s)" },
    { M_OP,     0xa0000000, "sb",      "t,i(s)" },
    { M_OP,     0xa4000000, "sh",      "t,i(s)" },
    { M_OP,     0xa8000000, "swl",     "t,i(s)" },
    { M_OP,     0xac000000, "sw",      "t,i(s)" },
    { M_OP,     0xb8000000, "swr",     "t,i(s)" },
    { M_OP,     0xbc000000, "cache",   "k,i(s)" },
    { M_OP,     0xc0000000, "ll",      "t,i(s)" },
    { M_OP,     0xc4000000, "lwc1",    "T,i(s)" },
    { M_OP,     0xc8000000, "lwc2",    "E,i(s)" },
    { M_OP,     0xcc000000, "pref",    "k,i(s)" },
    { M_OP,     0xd4000000, "ldc1",    "T,i(s)" },
    { M_OP,     0xd8000000, "ldc2",    "E,i(s)" },
    { M_OP,     0xe0000000, "sc",      "t,i(s)" },
    { M_OP,     0xe4000000, "swc1",    "T,i(s)" },
    { M_OP,     0xe8000000, "swc2",    "E,i(s)" },
    { M_OP,     0xf4000000, "sdc1",    "T,i(s)" },
    { M_OP,     0xf8000000, "sdc2",    "E,i(s)" },
    { 0, 0, NULL, NULL }
};

/* The table to search for each major opcode. */
static const insn_desc *table_for(uint32_t op)
{
    switch (op) {
    case 0x00: return special_tab;
    case 0x01: return regimm_tab;
    case 0x10: return cop0_tab;
    case 0x11: return cop1_tab;
    case 0x12: return cop2_tab;
    case 0x13: return cop3_tab;
    case 0x1c: return special2_tab;
    default:   return main_tab;
    }
}

/* ---- register names ---------------------------------------------------- */

static const char *const gpr_names[32] = {
    "zero", "at", "v0", "v1", "a0", "a1", "a2", "a3",
    "t0",   "t1", "t2", "t3", "t4", "t5", "t6", "t7",
    "s0",   "s1", "s2", "s3", "s4", "s5", "s6", "s7",
    "t8",   "t9", "k0", "k1", "gp", "sp", "s8", "ra",
};

/* CP0 registers at select 0, as objdump names them for MIPS32. */
static const char *const cp0_names[32] = {
    "c0_index",    "c0_random",  "c0_entrylo0", "c0_entrylo1",
    "c0_context",  "c0_pagemask", "c0_wired",   "$7",
    "c0_badvaddr", "c0_count",   "c0_entryhi",  "c0_compare",
    "c0_status",   "c0_cause",   "c0_epc",      "c0_prid",
    "c0_config",   "c0_lladdr",  "c0_watchlo",  "c0_watchhi",
    "c0_xcontext", "$21",        "$22",         "c0_debug",
    "c0_depc",     "c0_perfcnt", "c0_errctl",   "c0_cacheerr",
    "c0_taglo",    "c0_taghi",   "c0_errorepc", "c0_desave",
};

/* CP0 registers at a non-zero select that have a MIPS32 name. */
static const struct { uint8_t reg, sel; const char *name; } cp0sel_names[] = {
    { 16, 1, "c0_config1" },    { 16, 2, "c0_config2" },
    { 16, 3, "c0_config3" },
    { 18, 1, "c0_watchlo,1" },  { 18, 2, "c0_watchlo,2" },
    { 18, 3, "c0_watchlo,3" },  { 18, 4, "c0_watchlo,4" },
    { 18, 5, "c0_watchlo,5" },  { 18, 6, "c0_watchlo,6" },
    { 18, 7, "c0_watchlo,7" },
    { 19, 1, "c0_watchhi,1" },  { 19, 2, "c0_watchhi,2" },
    { 19, 3, "c0_watchhi,3" },  { 19, 4, "c0_watchhi,4" },
    { 19, 5, "c0_watchhi,5" },  { 19, 6, "c0_watchhi,6" },
    { 19, 7, "c0_watchhi,7" },
    { 25, 1, "c0_perfcnt,1" },  { 25, 2, "c0_perfcnt,2" },
    { 25, 3, "c0_perfcnt,3" },  { 25, 4, "c0_perfcnt,4" },
    { 25, 5, "c0_perfcnt,5" },  { 25, 6, "c0_perfcnt,6" },
    { 25, 7, "c0_perfcnt,7" },
    { 27, 1, "c0_cacheerr,1" }, { 27, 2, "c0_cacheerr,2" },
    { 27, 3, "c0_cacheerr,3" },
    { 28, 1, "c0_datalo" },     { 29, 1, "c0_datahi" },
};

/* FPU control registers (cfc1/ctc1). */
static const char *const cp1_ctrl_names[32] = {
    "c1_fir", "c1_ufr", "$2",  "$3",  "c1_unfr", "$5",  "$6",  "$7",
    "$8",     "$9",     "$10", "$11", "$12",     "$13", "$14", "$15",
    "$16",    "$17",    "$18", "$19", "$20",     "$21", "$22", "$23",
    "$24",    "c1_fccr", "c1_fexr", "$27", "c1_fenr", "$29", "$30", "c1_fcsr",
};

/* ---- output ------------------------------------------------------------ */

/* A bounded string builder: appends never overflow, the text is always
 * terminated, and whatever does not fit is dropped. */
typedef struct outbuf {
    char *buf;
    size_t len, pos;
} outbuf;

static void out(outbuf *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void out(outbuf *o, const char *fmt, ...)
{
    if (o->pos >= o->len)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->pos, o->len - o->pos, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->pos += (size_t)n;
    if (o->pos >= o->len)
        o->pos = o->len - 1;
}

/* ---- fields ------------------------------------------------------------ */

static uint32_t bits(uint32_t w, unsigned lo, unsigned n)
{
    return (w >> lo) & ((1u << n) - 1u);
}

#define RS(w)  bits((w), 21, 5)
#define RT(w)  bits((w), 16, 5)
#define RD(w)  bits((w), 11, 5)
#define SA(w)  bits((w), 6, 5)

static int32_t simm16(uint32_t w)
{
    return (int16_t)(uint16_t)(w & 0xffffu);
}

/* ---- operands ---------------------------------------------------------- */

static void print_operand(outbuf *o, char c, uint32_t pc, uint32_t w)
{
    switch (c) {
    case 'd': out(o, "%s", gpr_names[RD(w)]); break;
    case 's': out(o, "%s", gpr_names[RS(w)]); break;
    case 't': out(o, "%s", gpr_names[RT(w)]); break;
    case 'Z': out(o, "%s", gpr_names[0]); break;
    case 'U': {
        /* clz/clo write rd and require rt == rd; objdump names whichever
         * is non-zero, or both when they differ. */
        uint32_t rd = RD(w), rt = RT(w);
        if (rd == rt || rt == 0)
            out(o, "%s", gpr_names[rd]);
        else if (rd == 0)
            out(o, "%s", gpr_names[rt]);
        else
            out(o, "%s or %s", gpr_names[rd], gpr_names[rt]);
        break;
    }
    case 'i': out(o, "%d", (int)simm16(w)); break;
    case 'x': out(o, "0x%x", (unsigned)(w & 0xffffu)); break;
    case 'h': out(o, "0x%x", (unsigned)SA(w)); break;
    case 'b': {
        uint32_t target = pc + 4u + ((uint32_t)simm16(w) << 2);
        out(o, "%x", (unsigned)target);
        break;
    }
    case 'j': {
        uint32_t target = ((pc + 4u) & 0xf0000000u) | ((w & 0x03ffffffu) << 2);
        out(o, "%x", (unsigned)target);
        break;
    }
    case 'c': out(o, "0x%x", (unsigned)bits(w, 16, 10)); break;
    case 'q': out(o, "0x%x", (unsigned)bits(w, 6, 10)); break;
    case 'C': out(o, "0x%x", (unsigned)bits(w, 6, 20)); break;
    case 'w': out(o, "0x%x", (unsigned)bits(w, 6, 19)); break;
    case 'f': out(o, "0x%x", (unsigned)bits(w, 0, 25)); break;
    case 'k': out(o, "0x%x", (unsigned)RT(w)); break;
    case 'y': out(o, "0x%x", (unsigned)SA(w)); break;
    case '0': out(o, "%s", cp0_names[RD(w)]); break;
    case '@': {
        uint32_t reg = RD(w), sel = w & 7u;
        for (size_t i = 0; i < sizeof cp0sel_names / sizeof cp0sel_names[0]; i++) {
            if (cp0sel_names[i].reg == reg && cp0sel_names[i].sel == sel) {
                out(o, "%s", cp0sel_names[i].name);
                return;
            }
        }
        out(o, "$%u,%u", (unsigned)reg, (unsigned)sel);
        break;
    }
    case 'G': out(o, "$%u", (unsigned)RD(w)); break;
    case 'E': out(o, "$%u", (unsigned)RT(w)); break;
    case 'H': out(o, "%u", (unsigned)(w & 7u)); break;
    case 'g': out(o, "%s", cp1_ctrl_names[RD(w)]); break;
    case 'D': out(o, "$f%u", (unsigned)SA(w)); break;
    case 'S': out(o, "$f%u", (unsigned)RD(w)); break;
    case 'T': out(o, "$f%u", (unsigned)RT(w)); break;
    case 'N': out(o, "$fcc%u", (unsigned)bits(w, 18, 3)); break;
    case 'M': out(o, "$fcc%u", (unsigned)bits(w, 8, 3)); break;
    case 'K': out(o, "$cc%u", (unsigned)bits(w, 18, 3)); break;
    default:  out(o, "%c", c); break;   /* ',', '(' and ')' */
    }
}

/* ---- the disassembler -------------------------------------------------- */

static const insn_desc *lookup(uint32_t word)
{
    for (const insn_desc *d = table_for(word >> 26); d->name; d++)
        if ((word & d->mask) == d->match)
            return d;
    return NULL;
}

char *disasm(uint32_t pc, uint32_t word, char *buf, size_t len)
{
    if (buf == NULL || len == 0)
        return buf;
    outbuf o = { buf, len, 0 };
    buf[0] = '\0';

    const insn_desc *d = lookup(word);
    if (d == NULL) {
        out(&o, ".word\t0x%x", (unsigned)word);
        return buf;
    }
    out(&o, "%s", d->name);
    if (d->ops[0] != '\0') {
        out(&o, "\t");
        for (const char *p = d->ops; *p; p++)
            print_operand(&o, *p, pc, word);
    }
    return buf;
}
