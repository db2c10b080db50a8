/*
 * board_map.h -- the physical address map of the trapeze board (SPEC §4).
 * Included by C and by assembly.
 */
#ifndef TRAPEZE_BOARD_MAP_H
#define TRAPEZE_BOARD_MAP_H

#define RAM_BASE             0x00000000
#define RAM_DEFAULT_MIB      64
#define RAM_MIN_MIB          1
#define RAM_MAX_MIB          448

#define SYSCTRL_BASE         0x1F000000
#define SYSCTRL_SIZE         0x10
#define SYSCTRL_POWEROFF     0x0   /* write: power off; value = exit code */
#define SYSCTRL_RAMSIZE      0x4   /* read: RAM size in bytes */
#define SYSCTRL_ICOUNT_LO    0x8   /* read: retired instructions, low word */
#define SYSCTRL_ICOUNT_HI    0xC   /* read: high word */

#define BLOCKDEV_BASE        0x1F100000
#define BLOCKDEV_SIZE        0x1000

#define BOOTROM_BASE         0x1FC00000
#define BOOTROM_SIZE         0x00100000  /* 1 MiB window; firmware at the start */

#define UART_BASE            0x1FD003F8
#define UART_SIZE            8

/* CPU interrupt lines (Cause.IP bits) of the devices. */
#define IRQ_UART             2
#define IRQ_BLOCKDEV         3
#define IRQ_SYSCTRL          4
#define IRQ_TIMER            7

#endif
