/*
 * mips.h -- the few facts about the MIPS32 CPU that the kernel needs:
 * coprocessor 0 register numbers, the bits of Status and Cause, the
 * exception codes, and the layout of a TLB entry.
 *
 * Why one header: every other file speaks in these names, never in raw
 * numbers, so a reader can look each one up here and in the MIPS32
 * Privileged Resource Architecture.  It is included by C and by assembly,
 * so the C-only parts sit under #ifndef __ASSEMBLER__.
 */
#ifndef MINIKERN_MIPS_H
#define MINIKERN_MIPS_H

/* Coprocessor 0 registers (select 0 unless noted). */
#define CP0_INDEX     $0
#define CP0_RANDOM    $1
#define CP0_ENTRYLO0  $2
#define CP0_ENTRYLO1  $3
#define CP0_CONTEXT   $4
#define CP0_PAGEMASK  $5
#define CP0_WIRED     $6
#define CP0_BADVADDR  $8
#define CP0_COUNT     $9
#define CP0_ENTRYHI   $10
#define CP0_COMPARE   $11
#define CP0_STATUS    $12
#define CP0_CAUSE     $13
#define CP0_EPC       $14
#define CP0_CONFIG    $16     /* select 1 is Config1 */

/* Status */
#define ST_IE         0x00000001   /* interrupts enabled */
#define ST_EXL        0x00000002   /* exception level: kernel mode, no interrupts */
#define ST_ERL        0x00000004
#define ST_KSU        0x00000018   /* mode when EXL=ERL=0: 0 kernel, 8 supervisor, 16 user */
#define ST_KSU_USER   0x00000010
#define ST_IM_UART    0x00000400   /* IM2: the UART's interrupt line */
#define ST_IM_TIMER   0x00008000   /* IM7: the Count/Compare timer */

/* Cause */
#define CAUSE_BD      0x80000000   /* the exception hit a branch delay slot */
#define CAUSE_IP_UART 0x00000400   /* IP2 pending */
#define CAUSE_IP_TIMER 0x00008000  /* IP7 pending */
#define CAUSE_EXCCODE(c) (((c) >> 2) & 0x1F)

/* Exception codes (Cause.ExcCode) */
#define EXC_INT   0    /* interrupt */
#define EXC_MOD   1    /* store to a TLB entry with D=0 */
#define EXC_TLBL  2    /* TLB miss or invalid entry, load or fetch */
#define EXC_TLBS  3    /* TLB miss or invalid entry, store */
#define EXC_ADEL  4    /* address error, load or fetch */
#define EXC_ADES  5    /* address error, store */
#define EXC_IBE   6
#define EXC_DBE   7
#define EXC_SYS   8    /* syscall instruction */
#define EXC_BP    9
#define EXC_RI    10   /* reserved instruction */
#define EXC_CPU   11   /* coprocessor unusable: e.g. mtc0 in user mode */
#define EXC_OV    12   /* integer overflow */
#define EXC_TR    13

/* TLB entries.  EntryLo holds the physical frame number at bits 29..6
 * and the flags below; a page-table entry in minikern IS an EntryLo
 * value, so the refill handler copies it into the TLB as it is. */
#define ENTRYLO_G        0x01      /* global: ignore the ASID */
#define ENTRYLO_V        0x02      /* valid */
#define ENTRYLO_D        0x04      /* "dirty": writes allowed */
#define ENTRYLO_CACHED   (3 << 3)  /* cacheability 3: cacheable */
#define ENTRYLO_PFN_SHIFT 6
#define ENTRYHI_ASID_MASK 0xFF

#ifndef __ASSEMBLER__
#include <stdint.h>

/* mfc0/mtc0 as C expressions: mfc0(C0_STATUS), mtc0(C0_COMPARE, v).
 * (Two levels of macros so that C0_STATUS becomes 12 before "#".) */
#define mfc0(reg)            mfc0_sel_(reg, 0)
#define mfc0_sel(reg, sel)   mfc0_sel_(reg, sel)
#define mfc0_sel_(reg, sel)  ({ uint32_t v_; \
        __asm__ volatile("mfc0 %0, $" #reg ", " #sel : "=r"(v_)); v_; })
#define mtc0(reg, val)       mtc0_(reg, val)
#define mtc0_(reg, val) \
        __asm__ volatile("mtc0 %0, $" #reg "\n\tnop" :: "r"((uint32_t)(val)) : "memory")

#define C0_INDEX    0
#define C0_ENTRYLO0 2
#define C0_ENTRYLO1 3
#define C0_PAGEMASK 5
#define C0_WIRED    6
#define C0_BADVADDR 8
#define C0_COUNT    9
#define C0_ENTRYHI  10
#define C0_COMPARE  11
#define C0_STATUS   12
#define C0_CAUSE    13
#define C0_EPC      14
#define C0_CONFIG   16
#endif

#endif
