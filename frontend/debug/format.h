/*
 * format.h -- how machine state is printed: TLB entries, CP0 fields,
 * instructions.  Shared by the state commands (cmd_state.c), the trap
 * narration (narrate.c) and disassembly (cmd_mem.c), so one thing is
 * always shown one way.
 */
#ifndef TRAPEZE_DEBUG_FORMAT_H
#define TRAPEZE_DEBUG_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "tlb/tlb.h"

/* "hi c0012000 asid 02 4K  lo0 00102 c3 DV-  lo1 00103 c3 DV-" */
void dbg_format_tlb(const struct tlb_entry *e, char *buf, size_t len);
/* Is either half valid? */
int dbg_tlb_valid(const struct tlb_entry *e);

/* "mnemonic operands", tab replaced by padding. */
void dbg_disasm(uint32_t pc, uint32_t word, char *buf, size_t len);

/* The CP0 registers the console shows, in order: rows of (reg, sel). */
unsigned dbg_cp0_count(void);
void dbg_cp0_row(unsigned i, unsigned *reg, unsigned *sel, const char **name);
/* "(EXL 0 -> 1, KSU kernel -> user)" for a register's changed fields,
 * or "" when none of the decoded fields changed. */
void dbg_cp0_fields_diff(unsigned reg, uint32_t before, uint32_t after,
                         char *buf, size_t len);
/* "EXL IE KSU=user IM=84" for a register's current value ("" if none). */
void dbg_cp0_fields(unsigned reg, uint32_t v, char *buf, size_t len);

#endif
