/*
 * bootinfo.h -- the block the loader leaves for the firmware and the kernel.
 *
 * The loader writes it into the last 4 KiB of RAM.  The firmware finds it
 * there (RAM size comes from the system controller), and passes its kseg0
 * address to the kernel in $a0.  All fields are 32-bit little-endian words.
 *
 * This header is included by C (the loader) and by assembly (the firmware),
 * so it holds only #defines.
 */
#ifndef TRAPEZE_BOOTINFO_H
#define TRAPEZE_BOOTINFO_H

#define BOOTINFO_SIZE        4096        /* bytes; at RAM size - BOOTINFO_SIZE */
#define BOOTINFO_MAGIC       0x5A504154  /* "TAPZ" read as a little-endian word */
#define BOOTINFO_VERSION     1

#define BOOTINFO_OFF_MAGIC    0    /* BOOTINFO_MAGIC */
#define BOOTINFO_OFF_VERSION  4    /* BOOTINFO_VERSION */
#define BOOTINFO_OFF_ENTRY    8    /* kernel entry point (virtual) */
#define BOOTINFO_OFF_RAMSIZE 12    /* RAM size in bytes */
#define BOOTINFO_OFF_KEND    16    /* first physical byte after the kernel image */
#define BOOTINFO_OFF_ARGS    64    /* NUL-terminated boot argument string */
#define BOOTINFO_ARGS_MAX   (BOOTINFO_SIZE - BOOTINFO_OFF_ARGS)   /* incl. NUL */

/* A kernel whose entry lies in ksseg gets wired TLB entries from the firmware
 * mapping KSSEG_BASE + pa -> pa for RAM and for the I/O window. */
#define KSSEG_BASE           0xC0000000
#define IO_WINDOW_BASE       0x1F000000
#define IO_WINDOW_SIZE       0x01000000

#endif
