/*
 * bus.h -- the physical address space of one machine.
 *
 * Like TinyEMU's phys_mem_map, the bus is a list of regions.  RAM and ROM
 * regions are plain host memory, so the MMU can cache a host pointer to one
 * of their pages and never come back here on the fast path.  Device regions
 * have read/write callbacks and are reached only through bus_read/bus_write.
 *
 * Physical addresses are 32 bits.  Accesses are 1, 2 or 4 bytes, naturally
 * aligned (the CPU checks alignment before it gets here).  Values are in the
 * guest's byte order, which is little-endian, as is every supported host.
 */
#ifndef TRAPEZE_BUS_H
#define TRAPEZE_BUS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "trapeze needs a little-endian host"
#endif

#define BUS_PAGE_SIZE 4096u
#define BUS_MAX_REGIONS 16

struct bus;

struct bus_device_ops {
    /* Read `size` bytes (1, 2, 4) at `offset` within the region. */
    uint32_t (*read)(void *opaque, uint32_t offset, unsigned size);
    /* Write the low `size` bytes of `value` at `offset`. */
    void (*write)(void *opaque, uint32_t offset, uint32_t value, unsigned size);
};

struct bus *bus_new(void);
void bus_free(struct bus *b);

/* Map host memory [host, host+size) at physical base.  size and base are
 * multiples of BUS_PAGE_SIZE.  A read-only region ignores writes (a boot
 * ROM).  Returns 0, or -1 if the range overlaps another region, is
 * misaligned, wraps, or the table is full. */
int bus_map_memory(struct bus *b, const char *name, uint32_t base,
                   uint32_t size, uint8_t *host, bool readonly);

/* Map memory that is found page by page (a VM's guest-physical RAM, whose
 * frames the monitor's pmap places anywhere in machine RAM): page() gets
 * the offset of a BUS_PAGE_SIZE page within the region and returns its
 * host memory, allocating it on first touch, or NULL if it cannot (the
 * access is then a bus error).  base and size are page multiples. */
typedef uint8_t *(*bus_page_fn)(void *opaque, uint32_t offset);
int bus_map_paged(struct bus *b, const char *name, uint32_t base,
                  uint32_t size, bus_page_fn page, void *opaque);

/* Map a device.  base/size need not be page multiples. Same errors. */
int bus_map_device(struct bus *b, const char *name, uint32_t base,
                   uint32_t size, const struct bus_device_ops *ops,
                   void *opaque);

/* A host pointer to the byte at paddr if it lies in a memory region (and,
 * for want_write, a writable one); NULL otherwise.  The pointer is good up
 * to the end of its BUS_PAGE_SIZE page. */
uint8_t *bus_host_ptr(struct bus *b, uint32_t paddr, bool want_write);

/* Access any region.  Return false on a bus error (nothing mapped there).
 * Writes to read-only memory are ignored and return true. */
bool bus_read(struct bus *b, uint32_t paddr, unsigned size, uint32_t *value);
bool bus_write(struct bus *b, uint32_t paddr, unsigned size, uint32_t value);

/* The name of the region containing paddr, or NULL. */
const char *bus_region_name(const struct bus *b, uint32_t paddr);

/* Trace every device (not memory) access to `out` (NULL: off), one line
 * each:  "mmio R uart+0x5 -> 0x60 (1)". */
void bus_set_mmio_trace(struct bus *b, FILE *out);

#endif
