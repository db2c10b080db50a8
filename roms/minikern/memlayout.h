/*
 * memlayout.h -- where things are, physically and virtually.
 *
 * minikern is a "mapped kernel": it is linked in ksseg at 0xC0000000 + pa
 * and runs there, never in kseg0 or kseg1.  The firmware wired TLB entries
 * mapping ksseg 0xC0000000 + pa -> pa for all of RAM and 0xDF000000 -> the
 * I/O window at 0x1F000000 (uncached) before it jumped to us.  Why bother,
 * when kseg0 needs no TLB at all?  Because a virtual machine monitor can
 * run ksseg code directly in supervisor mode, but must emulate every
 * kseg0 instruction: the same kernel binary then runs fast under the
 * monitor too.  The only kseg0 code is the two 4-instruction exception
 * vector stubs, which the CPU insists on entering at 0x80000000.
 *
 * Virtual address space of a process (kuseg, 2 GiB, mapped by the
 * process's own page table, tagged in the TLB with its ASID):
 *
 *   0x00400000  program text (read-only), then data and bss (read-write)
 *   brk         heap: grows upwards with sbrk()
 *   0x7FFFC000  user stack, 16 KiB, growing down from 0x80000000
 *
 * Physical memory:
 *
 *   0x00000000  exception vectors (the stubs), then free pages
 *   0x00010000  the kernel image (text, data, bss), then free pages
 *   RAM - 4 KiB the boot-info block left by the loader
 */
#ifndef MINIKERN_MEMLAYOUT_H
#define MINIKERN_MEMLAYOUT_H

#include "bootinfo.h"     /* KSSEG_BASE, IO_WINDOW_BASE, boot-info offsets */
#include "board_map.h"    /* physical addresses of the devices */

#define PAGE_SIZE      4096
#define PAGE_SHIFT     12

#define KERNEL_PA      0x00010000   /* where kernel.ld loads the image */

/* A kernel virtual address (ksseg) for a physical one, and back. */
#define P2K(pa)        ((uint32_t)(pa) + KSSEG_BASE)
#define K2P(ka)        ((uint32_t)(ka) - KSSEG_BASE)

/* The firmware passes the boot-info block's kseg0 address; kseg0 is
 * 0x80000000 + pa, ksseg is 0xC0000000 + pa. */
#define KSEG0_TO_KSSEG(a) ((uint32_t)(a) + (KSSEG_BASE - 0x80000000))

/* Device registers, seen through ksseg. */
#define SYSCTRL_VA     P2K(SYSCTRL_BASE)
#define UART_VA        P2K(UART_BASE)

/* The user address space. */
#define USER_TEXT      0x00400000
#define USER_TOP       0x80000000   /* first address beyond kuseg */
#define USER_STACK_SIZE (4 * PAGE_SIZE)
#define USER_STACK     (USER_TOP - USER_STACK_SIZE)

#endif
