/*
 * firmware.S -- the trapeze boot ROM (SPEC §4).
 *
 * The CPU comes out of reset at 0xBFC00000 in kernel mode with Status.BEV=1
 * and ERL=1: exceptions would go to the ROM's own vectors, kuseg is
 * unmapped, and nothing in RAM can be trusted.  The firmware's job is
 * small:
 *
 *   1. Find the boot-info block the loader left in the last 4 KiB of RAM
 *      (the RAM size comes from the system controller).
 *   2. Put the TLB into a known state: every entry invalid, each with a
 *      distinct VPN2 in kseg0, an address the TLB is never asked about, so no
 *      two entries can ever match the same address.
 *   3. If the kernel's entry point is in ksseg (a "mapped kernel"), write
 *      wired entries mapping 0xC0000000+pa -> pa for all of RAM and for the
 *      I/O window 0x1F000000-0x1FFFFFFF (uncached), in 16 MiB pages.  This is
 *      what lets the same kernel run on the bare machine and under the
 *      monitor: the kernel never uses kseg0, so the monitor can run it in
 *      supervisor mode.
 *   4. Leave Status = 0 (kernel mode, BEV=0, ERL=0, interrupts off) and jump
 *      to the entry with $a0 = the kseg0 address of the boot-info block and
 *      $sp just below it.
 *
 * It touches nothing else in RAM, so a kernel linked at 0x80000000 owns the
 * exception vectors.  Exceptions in the firmware itself would go to
 * 0xBFC00380; there is nothing there but a message and a power-off.
 */
#include "bootinfo.h"
#include "board_map.h"

#define KSEG1(pa)   (0xA0000000 + (pa))
#define PAGEMASK_16M 0x01FFE000
#define LO_RAM       ((3 << 3) | 0x7)      /* C=3 cacheable, D, V, G */
#define LO_IO        ((2 << 3) | 0x7)      /* C=2 uncached,  D, V, G */
#define LO_GLOBAL    0x1                   /* invalid, G (pairs with a G half) */

    .set noreorder
    .set noat
    .section .text.reset, "ax"
    .globl _start
_start:
    mtc0    $0, $13                     /* Cause: clear software interrupts */
    mtc0    $0, $11                     /* Compare: clear a stale timer interrupt */

    /* 1. The boot-info block: RAM size - 4 KiB, seen through kseg0. */
    li      $8, KSEG1(SYSCTRL_BASE)
    lw      $9, SYSCTRL_RAMSIZE($8)     /* $9 = RAM size in bytes */
    li      $4, 0x80000000 - BOOTINFO_SIZE
    addu    $4, $4, $9                  /* $a0 = kseg0 address of the block */
    lw      $10, BOOTINFO_OFF_MAGIC($4)
    li      $11, BOOTINFO_MAGIC
    bne     $10, $11, no_kernel
    nop
    lw      $25, BOOTINFO_OFF_ENTRY($4) /* $t9 = entry point */

    /* 2. Every TLB entry invalid with its own kseg0 VPN2.
     *    Config1.MMUSize (bits 30..25) = entries - 1. */
    mfc0    $12, $16, 1
    srl     $12, $12, 25
    andi    $12, $12, 0x3F
    addiu   $12, $12, 1                 /* $12 = number of entries */
    mtc0    $0, $6                      /* Wired = 0 */
    mtc0    $0, $5                      /* PageMask = 4 KiB */
    mtc0    $0, $2                      /* EntryLo0 = 0 */
    mtc0    $0, $3                      /* EntryLo1 = 0 */
    li      $13, 0x80000000
    move    $14, $0
1:  mtc0    $14, $0                     /* Index */
    mtc0    $13, $10                    /* EntryHi = 0x80000000 + i * 8 KiB */
    nop
    tlbwi
    addiu   $14, $14, 1
    bne     $14, $12, 1b
    addiu   $13, $13, 0x2000

    /* 3. A mapped kernel: entry in ksseg, 0xC0000000..0xDFFFFFFF. */
    srl     $10, $25, 29
    li      $11, 6
    bne     $10, $11, enter
    nop

    li      $10, PAGEMASK_16M
    mtc0    $10, $5
    move    $14, $0                     /* $14 = index, also the Wired count */
    move    $15, $0                     /* $15 = pa of the pair being mapped */
2:  li      $10, KSSEG_BASE
    addu    $10, $10, $15
    mtc0    $10, $10                    /* EntryHi = 0xC0000000 + pa, ASID 0 */
    srl     $10, $15, 6                 /* PFN field = (pa >> 12) << 6 */
    ori     $10, $10, LO_RAM
    mtc0    $10, $2                     /* EntryLo0: pa .. pa + 16 MiB */
    li      $11, 0x01000000
    addu    $11, $11, $15
    srl     $11, $11, 6
    ori     $11, $11, LO_RAM
    mtc0    $11, $3                     /* EntryLo1: pa + 16 MiB .. pa + 32 MiB */
    mtc0    $14, $0
    nop
    tlbwi
    addiu   $14, $14, 1
    li      $10, 0x02000000
    addu    $15, $15, $10
    sltu    $10, $15, $9
    bne     $10, $0, 2b
    nop

    /* The I/O window: the odd half of the pair at 0xDE000000. */
    li      $10, KSSEG_BASE + IO_WINDOW_BASE - 0x01000000
    mtc0    $10, $10
    li      $10, LO_GLOBAL
    mtc0    $10, $2
    li      $10, ((IO_WINDOW_BASE >> 12) << 6) | LO_IO
    mtc0    $10, $3
    mtc0    $14, $0
    nop
    tlbwi
    addiu   $14, $14, 1
    mtc0    $14, $6                     /* Wired: the firmware's entries stay */
    mtc0    $0, $5                      /* PageMask back to 4 KiB */
    mtc0    $0, $10                     /* EntryHi: ASID 0 */

    /* 4. Enter the kernel. */
enter:
    mtc0    $0, $12                     /* Status = 0: kernel, BEV=0, ERL=0 */
    move    $29, $4                     /* $sp just below the block */
    move    $5, $0
    move    $6, $0
    move    $7, $0
    jr      $25
    nop

no_kernel:
    la      $10, msg_nokernel
    li      $8, KSEG1(UART_BASE)
3:  lbu     $11, 0($10)
    beq     $11, $0, 4f
    nop
    sb      $11, 0($8)
    b       3b
    addiu   $10, $10, 1
4:  li      $8, KSEG1(SYSCTRL_BASE)
    li      $9, 1
    sw      $9, SYSCTRL_POWEROFF($8)
5:  b       5b
    nop

    /* BEV=1 general exception vector: the firmware itself faulted. */
    .org    0x380
    la      $10, msg_exception
    li      $8, KSEG1(UART_BASE)
    b       3b
    nop

msg_nokernel:
    .asciz  "trapeze firmware: no kernel loaded (no boot-info block)\r\n"
msg_exception:
    .asciz  "trapeze firmware: unexpected exception during boot\r\n"
