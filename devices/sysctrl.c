/*
 * sysctrl.c -- the system controller (SPEC §4, board_map.h).
 *
 * Real boards have a grab-bag device for the things that are not a UART or
 * a disk: how much RAM there is, how to turn the machine off, a free-running
 * counter.  Ours has four 32-bit registers:
 *
 *     +0x0 POWEROFF   write: power off; the value is the exit code
 *     +0x4 RAMSIZE    read:  RAM size in bytes
 *     +0x8 ICOUNT_LO  read:  retired instructions, low word
 *     +0xC ICOUNT_HI  read:  retired instructions, high word
 *
 * The controller knows neither the CPU nor the front end: powering off and
 * counting instructions are callbacks.  The two counter halves are read
 * independently (there is no latch), so a guest that wants a consistent
 * 64-bit value reads HI, LO, HI and retries if HI changed -- the usual idiom.
 *
 * Access sizes.  The bus may read a byte or a halfword: it gets those bytes
 * of the little-endian register word, as a memory would give them.  A
 * narrower write to POWEROFF powers off too; its bytes land at their place
 * in the word (a byte store of 3 at +0x0 exits with 3).  Unknown offsets
 * and read-only registers read 0 / ignore writes: a stray access must not
 * crash the machine.
 */
#include "sysctrl.h"

#include <stdlib.h>

#include "board_map.h"

struct sysctrl {
    struct sysctrl_callbacks cb;
    uint32_t ram_bytes;
};

struct sysctrl *sysctrl_new(uint32_t ram_bytes, const struct sysctrl_callbacks *cb)
{
    struct sysctrl *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    if (cb)
        s->cb = *cb;
    s->ram_bytes = ram_bytes;
    return s;
}

void sysctrl_free(struct sysctrl *s)
{
    free(s);
}

static uint64_t current_icount(const struct sysctrl *s)
{
    return s->cb.icount ? s->cb.icount(s->cb.opaque) : 0;
}

/* The whole 32-bit register at a word-aligned offset. */
static uint32_t register_word(const struct sysctrl *s, uint32_t word_offset)
{
    switch (word_offset) {
    case SYSCTRL_RAMSIZE:   return s->ram_bytes;
    case SYSCTRL_ICOUNT_LO: return (uint32_t)current_icount(s);
    case SYSCTRL_ICOUNT_HI: return (uint32_t)(current_icount(s) >> 32);
    default:                return 0;   /* POWEROFF is write-only */
    }
}

/* Mask for the low `size` bytes (1, 2, 4). */
static uint32_t size_mask(unsigned size)
{
    return size >= 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
}

static uint32_t sysctrl_read(void *opaque, uint32_t offset, unsigned size)
{
    const struct sysctrl *s = opaque;
    uint32_t byte_shift = 8 * (offset & 3);
    uint32_t word = register_word(s, offset & ~3u);
    return (word >> byte_shift) & size_mask(size);
}

static void sysctrl_write(void *opaque, uint32_t offset, uint32_t value,
                          unsigned size)
{
    struct sysctrl *s = opaque;
    if ((offset & ~3u) != SYSCTRL_POWEROFF)
        return;                          /* everything else is read-only */
    uint32_t code = (value & size_mask(size)) << (8 * (offset & 3));
    if (s->cb.poweroff)
        s->cb.poweroff(s->cb.opaque, code);
}

static const struct bus_device_ops sysctrl_ops = {
    .read = sysctrl_read,
    .write = sysctrl_write,
};

const struct bus_device_ops *sysctrl_bus_ops(void)
{
    return &sysctrl_ops;
}
