/*
 * trapframe.h -- what the exception entry code saves.
 *
 * When an exception or interrupt arrives, vectors.S pushes one struct
 * trapframe onto the kernel stack: every general register the interrupted
 * code could be using, HI/LO, and the CP0 registers that describe the
 * exception.  The C code (trap.c) reads and changes the frame: a syscall
 * puts its result into regs[2] (v0) and moves epc past the syscall
 * instruction.  The exit path restores everything from the frame, so
 * whatever the frame says when trap() returns is what the interrupted
 * code sees.
 *
 * The offsets are #defines because the assembly needs them; the C struct
 * below must agree, and trap.c checks that it does.
 */
#ifndef MINIKERN_TRAPFRAME_H
#define MINIKERN_TRAPFRAME_H

#define TF_REG(n)    ((n) * 4)      /* regs[n], n = 0..31 ($0 slot unused) */
#define TF_HI        128
#define TF_LO        132
#define TF_EPC       136
#define TF_STATUS    140
#define TF_CAUSE     144
#define TF_BADVADDR  148
#define TF_SIZE      152            /* a multiple of 8, as the ABI wants */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct trapframe {
    uint32_t regs[32];   /* regs[29] is the interrupted sp */
    uint32_t hi, lo;
    uint32_t epc;        /* where to resume */
    uint32_t status;     /* Status at the exception (EXL=1; KSU says the mode) */
    uint32_t cause;
    uint32_t badvaddr;
};

/* Register numbers used by the syscall convention. */
enum { REG_V0 = 2, REG_A0 = 4, REG_A1 = 5, REG_A2 = 6, REG_A3 = 7,
       REG_SP = 29, REG_RA = 31 };
#endif

#endif
