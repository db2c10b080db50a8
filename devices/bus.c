/*
 * bus.c -- the physical address space: a small table of regions.
 *
 * Design
 * ------
 * A board has a handful of regions (RAM, boot ROM, three or four devices),
 * so the bus is an unsorted array of at most BUS_MAX_REGIONS entries and
 * every lookup is a linear scan.  Two things keep that cheap:
 *
 *   - The CPU almost never comes here for RAM: the MMU caches a host
 *     pointer per page and only calls bus_host_ptr() on a cache miss.
 *   - bus_host_ptr() remembers the region of its last hit and tries it
 *     first; consecutive misses nearly always land in the same region
 *     (RAM), so the common case is one range check.
 *
 * Safety: every access is checked to lie *entirely* inside one region
 * before any byte is touched.  The CPU aligns its accesses, but a device
 * region need not be a multiple of 4 bytes (the UART is 8, a region could
 * be 6), so an access that starts inside a region and runs past its end is
 * a bus error rather than a read or write beyond the host buffer.  Sizes
 * other than 1, 2 and 4 are bus errors too.
 *
 * Ranges are compared with offsets (paddr - base < size) in unsigned
 * arithmetic, which is exact for regions that end at 4 GiB as well.
 */
#include "bus.h"

#include <stdlib.h>
#include <string.h>

#define BUS_NAME_MAX 24

enum region_kind { REGION_MEMORY, REGION_PAGED, REGION_DEVICE };

struct bus_region {
    char name[BUS_NAME_MAX];
    uint32_t base;
    uint32_t size;                      /* bytes; never 0 */
    enum region_kind kind;
    /* REGION_MEMORY */
    uint8_t *host;
    bool readonly;
    /* REGION_PAGED */
    bus_page_fn page;
    /* REGION_DEVICE */
    const struct bus_device_ops *ops;
    void *opaque;                       /* REGION_PAGED and REGION_DEVICE */
};

struct bus {
    struct bus_region regions[BUS_MAX_REGIONS];
    unsigned nregions;
    unsigned last_memory_hit;           /* a guess for bus_host_ptr */
    FILE *mmio_trace;                   /* NULL: tracing off */
};

/* ---- region table ------------------------------------------------------ */

static bool region_contains(const struct bus_region *r, uint32_t paddr)
{
    return paddr - r->base < r->size;
}

/* Does [paddr, paddr+size) lie entirely inside r?  (paddr is inside.) */
static bool region_fits(const struct bus_region *r, uint32_t paddr,
                        unsigned size)
{
    uint32_t offset = paddr - r->base;
    return size <= r->size && offset <= r->size - size;
}

static const struct bus_region *find_region(const struct bus *b,
                                            uint32_t paddr)
{
    for (unsigned i = 0; i < b->nregions; i++) {
        if (region_contains(&b->regions[i], paddr))
            return &b->regions[i];
    }
    return NULL;
}

static bool ranges_overlap(uint32_t base_a, uint32_t size_a,
                           uint32_t base_b, uint32_t size_b)
{
    uint64_t end_a = (uint64_t)base_a + size_a;
    uint64_t end_b = (uint64_t)base_b + size_b;
    return base_a < end_b && base_b < end_a;
}

/* Check a new range against the table; 0 if it may be added. */
static int check_new_range(const struct bus *b, uint32_t base, uint32_t size)
{
    if (b->nregions >= BUS_MAX_REGIONS)
        return -1;
    if (size == 0)
        return -1;
    if ((uint64_t)base + size > UINT64_C(0x100000000))
        return -1;                      /* wraps past 4 GiB */
    for (unsigned i = 0; i < b->nregions; i++) {
        const struct bus_region *r = &b->regions[i];
        if (ranges_overlap(base, size, r->base, r->size))
            return -1;
    }
    return 0;
}

static struct bus_region *add_region(struct bus *b, const char *name,
                                     uint32_t base, uint32_t size,
                                     enum region_kind kind)
{
    struct bus_region *r = &b->regions[b->nregions++];
    memset(r, 0, sizeof *r);
    /* Keep our own copy, so the caller's string need not outlive us. */
    snprintf(r->name, sizeof r->name, "%s", name != NULL ? name : "?");
    r->base = base;
    r->size = size;
    r->kind = kind;
    return r;
}

/* ---- public: construction and mapping ---------------------------------- */

struct bus *bus_new(void)
{
    return calloc(1, sizeof(struct bus));
}

void bus_free(struct bus *b)
{
    free(b);
}

int bus_map_memory(struct bus *b, const char *name, uint32_t base,
                   uint32_t size, uint8_t *host, bool readonly)
{
    if (host == NULL)
        return -1;
    if (base % BUS_PAGE_SIZE != 0 || size % BUS_PAGE_SIZE != 0)
        return -1;
    if (check_new_range(b, base, size) != 0)
        return -1;
    struct bus_region *r = add_region(b, name, base, size, REGION_MEMORY);
    r->host = host;
    r->readonly = readonly;
    return 0;
}

int bus_map_paged(struct bus *b, const char *name, uint32_t base,
                  uint32_t size, bus_page_fn page, void *opaque)
{
    if (page == NULL)
        return -1;
    if (base % BUS_PAGE_SIZE != 0 || size % BUS_PAGE_SIZE != 0)
        return -1;
    if (check_new_range(b, base, size) != 0)
        return -1;
    struct bus_region *r = add_region(b, name, base, size, REGION_PAGED);
    r->page = page;
    r->opaque = opaque;
    return 0;
}

int bus_map_device(struct bus *b, const char *name, uint32_t base,
                   uint32_t size, const struct bus_device_ops *ops,
                   void *opaque)
{
    if (ops == NULL)
        return -1;
    if (check_new_range(b, base, size) != 0)
        return -1;
    struct bus_region *r = add_region(b, name, base, size, REGION_DEVICE);
    r->ops = ops;
    r->opaque = opaque;
    return 0;
}

/* ---- public: host pointers for the MMU's fast path ---------------------- */

static uint8_t *memory_host_ptr(const struct bus_region *r, uint32_t paddr,
                                bool want_write)
{
    uint32_t offset = paddr - r->base;
    if (r->kind == REGION_PAGED) {
        uint32_t in_page = offset % BUS_PAGE_SIZE;
        uint8_t *page = r->page(r->opaque, offset - in_page);
        return page ? page + in_page : NULL;
    }
    if (r->kind != REGION_MEMORY || (want_write && r->readonly))
        return NULL;
    return r->host + offset;
}

static bool is_memory(const struct bus_region *r)
{
    return r->kind != REGION_DEVICE;
}

/* The host pointer for an access of `size` bytes, or NULL (bus error).  In
 * paged memory the next page may be anywhere, so an access may not cross
 * a page boundary there (aligned accesses never do). */
static uint8_t *access_ptr(const struct bus_region *r, uint32_t paddr,
                           unsigned size, bool want_write)
{
    if (r->kind == REGION_PAGED &&
        (paddr - r->base) % BUS_PAGE_SIZE + size > BUS_PAGE_SIZE)
        return NULL;
    return memory_host_ptr(r, paddr, want_write);
}

uint8_t *bus_host_ptr(struct bus *b, uint32_t paddr, bool want_write)
{
    if (b->last_memory_hit < b->nregions) {
        const struct bus_region *r = &b->regions[b->last_memory_hit];
        if (region_contains(r, paddr))
            return memory_host_ptr(r, paddr, want_write);
    }
    for (unsigned i = 0; i < b->nregions; i++) {
        const struct bus_region *r = &b->regions[i];
        if (region_contains(r, paddr)) {
            if (is_memory(r))
                b->last_memory_hit = i;
            return memory_host_ptr(r, paddr, want_write);
        }
    }
    return NULL;
}

/* ---- public: accesses ---------------------------------------------------- */

static bool valid_size(unsigned size)
{
    return size == 1 || size == 2 || size == 4;
}

static uint32_t low_bytes(uint32_t value, unsigned size)
{
    return size == 4 ? value : value & ((UINT32_C(1) << (8 * size)) - 1);
}

static void trace_mmio(const struct bus *b, const struct bus_region *r,
                       char dir, uint32_t offset, uint32_t value,
                       unsigned size)
{
    if (b->mmio_trace == NULL)
        return;
    fprintf(b->mmio_trace, "mmio %c %s+0x%x %s 0x%x (%u)\n", dir, r->name,
            (unsigned)offset, dir == 'R' ? "->" : "<-", (unsigned)value,
            size);
}

bool bus_read(struct bus *b, uint32_t paddr, unsigned size, uint32_t *value)
{
    const struct bus_region *r = find_region(b, paddr);
    if (r == NULL || !valid_size(size) || !region_fits(r, paddr, size)) {
        *value = 0;
        return false;
    }
    uint32_t offset = paddr - r->base;
    if (is_memory(r)) {
        /* aligned accesses never cross a page, so one host pointer serves */
        const uint8_t *h = access_ptr(r, paddr, size, false);
        uint32_t v = 0;
        if (h == NULL) {
            *value = 0;
            return false;
        }
        memcpy(&v, h, size);                    /* little-endian host */
        *value = v;
        return true;
    }
    uint32_t v = 0;
    if (r->ops->read != NULL)
        v = low_bytes(r->ops->read(r->opaque, offset, size), size);
    trace_mmio(b, r, 'R', offset, v, size);
    *value = v;
    return true;
}

bool bus_write(struct bus *b, uint32_t paddr, unsigned size, uint32_t value)
{
    const struct bus_region *r = find_region(b, paddr);
    if (r == NULL || !valid_size(size) || !region_fits(r, paddr, size))
        return false;
    uint32_t offset = paddr - r->base;
    value = low_bytes(value, size);
    if (is_memory(r)) {
        if (r->readonly)
            return true;                /* a ROM ignores writes */
        uint8_t *h = access_ptr(r, paddr, size, true);
        if (h == NULL)
            return false;
        memcpy(h, &value, size);
        return true;
    }
    trace_mmio(b, r, 'W', offset, value, size);
    if (r->ops->write != NULL)
        r->ops->write(r->opaque, offset, value, size);
    return true;
}

const char *bus_region_name(const struct bus *b, uint32_t paddr)
{
    const struct bus_region *r = find_region(b, paddr);
    return r != NULL ? r->name : NULL;
}

void bus_set_mmio_trace(struct bus *b, FILE *out)
{
    b->mmio_trace = out;
}
