/*
 * regs.h -- the registers GDB sees, and the target description that names
 * them.
 *
 * gdb-multiarch's MIPS support insists on three features in a target
 * description: org.gnu.gdb.mips.cpu (r0..r31, lo, hi, pc), .cp0 (status,
 * badvaddr, cause) and .fpu (f0..f31, fcsr, fir); it refuses a description
 * without the FPU.  The machine has no FPU (Config1.FP = 0), so those 34
 * registers read as zero and writes to them are ignored.  The numbering is
 * GDB's own for MIPS, which is also target.h's for the first 38.
 */
#ifndef TRAPEZE_GDB_REGS_H
#define TRAPEZE_GDB_REGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct target;

#define GDB_NREGS 72                 /* 38 machine registers + 34 FPU */

/* Read register regnum of guest vm; false if there is no such register. */
bool gdb_reg_read(struct target *t, unsigned vm, unsigned regnum, uint32_t *v);
/* Write it; FPU registers accept and ignore any value.  false: no such
 * register, or one the target refuses to change. */
bool gdb_reg_write(struct target *t, unsigned vm, unsigned regnum, uint32_t v);

/* Write the target description (target.xml) into out; returns its length,
 * or 0 if cap is too small. */
size_t gdb_target_xml(char *out, size_t cap);

#endif
