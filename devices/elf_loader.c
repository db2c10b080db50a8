/*
 * elf_loader.c -- load a little-endian MIPS32 ELF executable into RAM.
 *
 * A kernel file comes from a student's build directory, or from a fuzzer,
 * so every number in it is a claim to be checked before it is believed: an
 * offset may point past the end of the file, a size may make an addition
 * wrap, a segment may land on top of another or outside RAM.  The loader
 * therefore works in two passes:
 *
 *   1. check: read the ELF header and every program header, validate each
 *      field, and build a list of the segments to load (struct elf_image);
 *   2. copy: only if everything checked out, copy each segment's file bytes
 *      to its physical address and zero the rest of it (the .bss).
 *
 * So a bad file never leaves a half-loaded kernel in RAM.  All header
 * fields are read byte by byte as little-endian (get16/get32), which is
 * alignment-safe and independent of the host's struct layout; all sums
 * of file-supplied numbers are done in 64 bits so none can wrap.
 *
 * Where a segment goes: its physical address p_paddr.  A kernel linked for
 * kseg0 (0x80000000) or kseg1 (0xA0000000) often carries that virtual
 * address in p_paddr too; like QEMU, we take the physical address behind
 * it (& 0x1FFFFFFF).
 *
 * Error messages are one line naming the thing and the problem ("segment
 * 1 (0x01000000..0x05000000) lies outside RAM (64 MiB; ...)"); the file
 * name is prefixed by elf_load_file or the caller.
 *
 * elf_symbols walks the symbol table (SHT_SYMTAB and the string table its
 * sh_link names) with the same distrust: a malformed table is reported as
 * -1, never followed.
 */
#include "elf_loader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the parts of the ELF32 format we use (System V gABI) ------------- */

#define EI_NIDENT      16
#define EI_CLASS       4
#define EI_DATA        5
#define EI_VERSION     6
#define ELFCLASS32     1
#define ELFCLASS64     2
#define ELFDATA2LSB    1
#define ELFDATA2MSB    2
#define EV_CURRENT     1
#define ET_EXEC        2
#define EM_MIPS        8

/* ELF header field offsets */
#define EHDR_SIZE      52
#define E_TYPE         16
#define E_MACHINE      18
#define E_ENTRY        24
#define E_PHOFF        28
#define E_SHOFF        32
#define E_PHENTSIZE    42
#define E_PHNUM        44
#define E_SHENTSIZE    46
#define E_SHNUM        48

/* program header */
#define PHDR_SIZE      32
#define P_TYPE         0
#define P_OFFSET       4
#define P_VADDR        8
#define P_PADDR        12
#define P_FILESZ       16
#define P_MEMSZ        20
#define PT_LOAD        1

/* section header */
#define SHDR_SIZE      40
#define SH_TYPE        4
#define SH_OFFSET      16
#define SH_SIZE        20
#define SH_LINK        24
#define SH_ENTSIZE     36
#define SHT_SYMTAB     2
#define SHT_STRTAB     3

/* symbol */
#define SYM_SIZE       16
#define ST_NAME        0
#define ST_VALUE       4
#define ST_SIZE        8
#define ST_INFO        12
#define ST_SHNDX       14
#define STT_NOTYPE     0
#define STT_OBJECT     1
#define STT_FUNC       2
#define SHN_UNDEF      0

/* kseg0 and kseg1: unmapped windows onto the low 512 MiB */
#define KSEG0_BASE     0x80000000u
#define KSEG2_BASE     0xC0000000u
#define KSEG_PHYS_MASK 0x1FFFFFFFu

#define MIB            (1024u * 1024u)
#define ELF_FILE_MAX   (512u * MIB)    /* elf_load_file refuses bigger files */

/* ---- small helpers ------------------------------------------------------ */

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 |
           (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Does [offset, offset+size) lie within a file of len bytes?  64-bit sums
 * of 32-bit numbers cannot wrap. */
static bool in_file(uint64_t offset, uint64_t size, size_t len)
{
    return offset <= len && size <= len - offset;
}

/* Write a one-line error message; always returns -1. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Names of the machines someone is likely to hand us by mistake. */
static const struct { uint16_t number; const char *name; } machine_names[] = {
    {   2, "SPARC" },        {   3, "Intel 80386" },  {   8, "MIPS" },
    {  10, "MIPS RS3000 LE" }, { 20, "PowerPC" },     {  21, "PowerPC64" },
    {  22, "S/390" },        {  40, "ARM" },          {  43, "SPARC V9" },
    {  62, "x86-64" },       { 183, "AArch64" },      { 243, "RISC-V" },
    { 258, "LoongArch" },
};

static const char *machine_name(uint16_t number)
{
    for (size_t i = 0; i < sizeof machine_names / sizeof machine_names[0]; i++)
        if (machine_names[i].number == number)
            return machine_names[i].name;
    return "unknown";
}

static const char *type_name(uint16_t e_type)
{
    switch (e_type) {
    case 0:  return "no file type";
    case 1:  return "relocatable object, not linked";
    case 3:  return "shared object or position-independent executable";
    case 4:  return "core dump";
    default: return "unknown type";
    }
}

/* ---- pass 1: checking ------------------------------------------------- */

/* e_ident and the fixed fields every use of the file relies on. */
static int check_ident(const uint8_t *data, size_t len, char *err, size_t errlen)
{
    if (!data || len < 4 || memcmp(data, "\177ELF", 4) != 0)
        return fail(err, errlen, "not an ELF file");
    if (len < EI_NIDENT)
        return fail(err, errlen, "truncated: ELF header needs %u bytes, "
                    "the file has %zu", EHDR_SIZE, len);
    if (data[EI_CLASS] == ELFCLASS64)
        return fail(err, errlen, "64-bit ELF (trapeze runs 32-bit MIPS)");
    if (data[EI_CLASS] != ELFCLASS32)
        return fail(err, errlen, "bad ELF class %u", data[EI_CLASS]);
    if (data[EI_DATA] == ELFDATA2MSB)
        return fail(err, errlen,
                    "big-endian ELF (trapeze is little-endian MIPS)");
    if (data[EI_DATA] != ELFDATA2LSB)
        return fail(err, errlen, "bad ELF data encoding %u", data[EI_DATA]);
    if (data[EI_VERSION] != EV_CURRENT)
        return fail(err, errlen, "unsupported ELF version %u",
                    data[EI_VERSION]);
    if (len < EHDR_SIZE)
        return fail(err, errlen, "truncated: ELF header needs %u bytes, "
                    "the file has %zu", EHDR_SIZE, len);
    return 0;
}

static int check_header(const uint8_t *data, size_t len,
                        char *err, size_t errlen)
{
    if (check_ident(data, len, err, errlen) < 0)
        return -1;
    uint16_t machine = get16(data + E_MACHINE);
    if (machine != EM_MIPS)
        return fail(err, errlen, "wrong machine: %s (e_machine %u), "
                    "expected MIPS", machine_name(machine), machine);
    uint16_t type = get16(data + E_TYPE);
    if (type != ET_EXEC)
        return fail(err, errlen, "not an executable: e_type %u (%s)",
                    type, type_name(type));
    uint16_t phnum = get16(data + E_PHNUM);
    if (phnum == 0)
        return fail(err, errlen, "no loadable segments (no program headers)");
    uint16_t phentsize = get16(data + E_PHENTSIZE);
    if (phentsize != PHDR_SIZE)
        return fail(err, errlen, "bad program header size %u (expected %u)",
                    phentsize, PHDR_SIZE);
    uint32_t phoff = get32(data + E_PHOFF);
    if (phoff >= len)
        return fail(err, errlen, "truncated: program header table at offset "
                    "0x%x lies outside the file (%zu bytes)", phoff, len);
    return 0;
}

/* The physical address behind p_paddr: kseg0/kseg1 lose their top bits. */
static uint32_t physical_address(uint32_t paddr)
{
    if (paddr >= KSEG0_BASE && paddr < KSEG2_BASE)
        return paddr & KSEG_PHYS_MASK;
    return paddr;
}

/* One PT_LOAD program header (number `index`), checked on its own. */
static int check_segment(const uint8_t *ph, unsigned index, size_t len,
                         uint32_t limit, char *err, size_t errlen)
{
    uint32_t offset = get32(ph + P_OFFSET);
    uint32_t filesz = get32(ph + P_FILESZ);
    uint32_t memsz = get32(ph + P_MEMSZ);
    uint32_t start = physical_address(get32(ph + P_PADDR));
    uint64_t end = (uint64_t)start + memsz;

    if (filesz > memsz)
        return fail(err, errlen, "segment %u: file size 0x%x exceeds its "
                    "memory size 0x%x", index, filesz, memsz);
    if (filesz != 0 && !in_file(offset, filesz, len))   /* pure bss: no data */
        return fail(err, errlen, "truncated: segment %u data (offset 0x%x, "
                    "0x%x bytes) lies beyond the end of the file (%zu bytes)",
                    index, offset, filesz, len);
    if (end > 0xFFFFFFFFull + 1)
        return fail(err, errlen, "segment %u (0x%08x + 0x%x bytes) wraps "
                    "around the end of the address space", index, start, memsz);
    if (end > limit)
        return fail(err, errlen, "segment %u (0x%08x..0x%08llx) lies outside "
                    "RAM (%llu MiB; loadable below 0x%08x)", index, start,
                    (unsigned long long)end,
                    ((unsigned long long)limit + MIB - 1) / MIB, limit);
    return 0;
}

/* Do any two segments claim the same physical byte? */
static int check_overlaps(const struct elf_image *img, const unsigned *phindex,
                          char *err, size_t errlen)
{
    for (unsigned i = 0; i < img->nsegments; i++) {
        uint64_t a0 = img->seg[i].paddr, a1 = a0 + img->seg[i].memsz;
        for (unsigned j = i + 1; j < img->nsegments; j++) {
            uint64_t b0 = img->seg[j].paddr, b1 = b0 + img->seg[j].memsz;
            if (a0 < b1 && b0 < a1)
                return fail(err, errlen, "segments %u and %u overlap at "
                            "0x%08llx", phindex[i], phindex[j],
                            (unsigned long long)(a0 > b0 ? a0 : b0));
        }
    }
    return 0;
}

/* Pass 1: validate the whole file and describe what to load in img.
 * offsets[i] is where segment i's bytes are in the file. */
static int plan_load(const uint8_t *data, size_t len, uint32_t limit,
                     struct elf_image *img, uint32_t *offsets,
                     char *err, size_t errlen)
{
    if (check_header(data, len, err, errlen) < 0)
        return -1;
    uint32_t phoff = get32(data + E_PHOFF);
    unsigned phnum = get16(data + E_PHNUM);
    unsigned phindex[ELF_MAX_SEGMENTS];

    memset(img, 0, sizeof *img);
    img->entry = get32(data + E_ENTRY);
    for (unsigned i = 0; i < phnum; i++) {
        uint64_t at = (uint64_t)phoff + (uint64_t)i * PHDR_SIZE;
        if (!in_file(at, PHDR_SIZE, len))
            return fail(err, errlen, "truncated: program header %u lies "
                        "beyond the end of the file", i);
        const uint8_t *ph = data + at;
        if (get32(ph + P_TYPE) != PT_LOAD)
            continue;
        if (check_segment(ph, i, len, limit, err, errlen) < 0)
            return -1;
        if (get32(ph + P_MEMSZ) == 0)
            continue;                         /* nothing to put anywhere */
        if (img->nsegments == ELF_MAX_SEGMENTS)
            return fail(err, errlen, "too many loadable segments (more "
                        "than %u)", ELF_MAX_SEGMENTS);
        unsigned n = img->nsegments++;
        img->seg[n].paddr = physical_address(get32(ph + P_PADDR));
        img->seg[n].vaddr = get32(ph + P_VADDR);
        img->seg[n].filesz = get32(ph + P_FILESZ);
        img->seg[n].memsz = get32(ph + P_MEMSZ);
        offsets[n] = get32(ph + P_OFFSET);
        phindex[n] = i;
        uint32_t end = img->seg[n].paddr + img->seg[n].memsz; /* <= limit */
        if (end > img->phys_end)
            img->phys_end = end;
    }
    if (img->nsegments == 0)
        return fail(err, errlen, "no loadable segments (no non-empty "
                    "PT_LOAD program header)");
    return check_overlaps(img, phindex, err, errlen);
}

/* ---- pass 2: copying -------------------------------------------------- */

static void copy_segments(const uint8_t *data, const struct elf_image *img,
                          const uint32_t *offsets, uint8_t *ram)
{
    for (unsigned i = 0; i < img->nsegments; i++) {
        uint8_t *dst = ram + img->seg[i].paddr;
        if (img->seg[i].filesz)          /* a bss-only offset may be junk */
            memcpy(dst, data + offsets[i], img->seg[i].filesz);
        memset(dst + img->seg[i].filesz, 0,
               img->seg[i].memsz - img->seg[i].filesz);   /* the .bss */
    }
}

int elf_load(const uint8_t *data, size_t len, uint8_t *ram, uint32_t limit,
             struct elf_image *out, char *err, size_t errlen)
{
    struct elf_image img;
    uint32_t offsets[ELF_MAX_SEGMENTS];

    if (plan_load(data, len, limit, &img, offsets, err, errlen) < 0)
        return -1;
    copy_segments(data, &img, offsets, ram);
    if (out)
        *out = img;
    return 0;
}

/* ---- reading the file ------------------------------------------------- */

/* Read all of fd into a malloc'd buffer, at most ELF_FILE_MAX bytes.
 * Returns 0, or -1 with errno set (EFBIG when too large). */
static int read_all(int fd, size_t size_hint, uint8_t **bufp, size_t *lenp)
{
    size_t cap = size_hint + 1, len = 0;     /* +1 to see EOF in one read */
    uint8_t *buf = malloc(cap);
    if (!buf)
        return -1;
    for (;;) {
        if (len == cap) {
            if (cap > ELF_FILE_MAX) {
                free(buf);
                errno = EFBIG;
                return -1;
            }
            uint8_t *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                return -1;
            }
            buf = bigger;
            cap *= 2;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int saved = errno;
            free(buf);
            errno = saved;
            return -1;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    if (len > ELF_FILE_MAX) {
        free(buf);
        errno = EFBIG;
        return -1;
    }
    *bufp = buf;
    *lenp = len;
    return 0;
}

/* Open path for reading and say why not: a directory opens fine with
 * open(2) on Linux, so it is refused here with EISDIR. */
static int open_for_reading(const char *path, struct stat *st)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    int problem = 0;
    if (fstat(fd, st) < 0)
        problem = errno;
    else if (S_ISDIR(st->st_mode))
        problem = EISDIR;
    if (problem) {
        close(fd);
        errno = problem;
        return -1;
    }
    return fd;
}

int elf_load_file(const char *path, uint8_t *ram, uint32_t limit,
                  struct elf_image *out, char *err, size_t errlen)
{
    struct stat st;
    int fd = open_for_reading(path, &st);
    if (fd < 0)
        return fail(err, errlen, "%s: cannot open: %s", path, strerror(errno));
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > ELF_FILE_MAX) {
        close(fd);
        return fail(err, errlen, "%s: too large (%lld bytes, at most %u MiB)",
                    path, (long long)st.st_size, ELF_FILE_MAX / MIB);
    }
    size_t hint = S_ISREG(st.st_mode) ? (size_t)st.st_size : 65536;
    uint8_t *data;
    size_t len;
    int rc = read_all(fd, hint, &data, &len);
    int saved = errno;
    close(fd);
    if (rc < 0 && saved == EFBIG)
        return fail(err, errlen, "%s: too large (more than %u MiB)",
                    path, ELF_FILE_MAX / MIB);
    if (rc < 0)
        return fail(err, errlen, "%s: cannot read: %s", path, strerror(saved));

    char why[256];
    rc = elf_load(data, len, ram, limit, out, why, sizeof why);
    free(data);
    if (rc < 0)
        return fail(err, errlen, "%s: %s", path, why);
    return 0;
}

/* ---- symbols ------------------------------------------------------------ */

struct section {
    uint32_t type, offset, size, link, entsize;
};

/* Section header `index`, or false if it lies outside the file. */
static bool read_section(const uint8_t *data, size_t len, uint32_t shoff,
                         unsigned index, struct section *s)
{
    uint64_t at = (uint64_t)shoff + (uint64_t)index * SHDR_SIZE;
    if (!in_file(at, SHDR_SIZE, len))
        return false;
    const uint8_t *sh = data + at;
    s->type = get32(sh + SH_TYPE);
    s->offset = get32(sh + SH_OFFSET);
    s->size = get32(sh + SH_SIZE);
    s->link = get32(sh + SH_LINK);
    s->entsize = get32(sh + SH_ENTSIZE);
    return true;
}

/* Find the symbol table and its string table.  Returns 1 if found, 0 if
 * the file has none (stripped), -1 if the section headers are malformed. */
static int find_symtab(const uint8_t *data, size_t len,
                       struct section *symtab, struct section *strtab)
{
    uint32_t shoff = get32(data + E_SHOFF);
    unsigned shnum = get16(data + E_SHNUM);
    if (shnum == 0)
        return 0;
    if (get16(data + E_SHENTSIZE) != SHDR_SIZE ||
        !in_file(shoff, (uint64_t)shnum * SHDR_SIZE, len))
        return -1;                     /* the whole table must be there */
    for (unsigned i = 0; i < shnum; i++) {
        if (!read_section(data, len, shoff, i, symtab))
            return -1;
        if (symtab->type != SHT_SYMTAB)
            continue;
        if (symtab->link == 0 || symtab->link >= shnum ||
            !read_section(data, len, shoff, symtab->link, strtab) ||
            strtab->type != SHT_STRTAB)
            return -1;
        if (symtab->entsize != SYM_SIZE || symtab->size % SYM_SIZE != 0 ||
            !in_file(symtab->offset, symtab->size, len) ||
            !in_file(strtab->offset, strtab->size, len))
            return -1;
        return 1;
    }
    return 0;
}

/* Calls fn for every defined FUNC/OBJECT/NOTYPE symbol with a non-empty
 * name (undefined symbols have no address worth showing). */
int elf_symbols(const uint8_t *data, size_t len,
                void (*fn)(void *opaque, const char *name, uint32_t value,
                           uint32_t size, int is_func),
                void *opaque)
{
    if (check_ident(data, len, NULL, 0) < 0)
        return -1;
    struct section symtab, strtab;
    int found = find_symtab(data, len, &symtab, &strtab);
    if (found <= 0)
        return found;

    const char *strings = (const char *)data + strtab.offset;
    unsigned nsyms = symtab.size / SYM_SIZE;
    int count = 0;
    for (unsigned i = 1; i < nsyms; i++) {          /* 0 is the null symbol */
        const uint8_t *sym = data + symtab.offset + (size_t)i * SYM_SIZE;
        uint32_t name = get32(sym + ST_NAME);
        unsigned type = sym[ST_INFO] & 0xF;
        if (name >= strtab.size ||
            !memchr(strings + name, '\0', strtab.size - name))
            return -1;                             /* name not inside strtab */
        if (type != STT_NOTYPE && type != STT_OBJECT && type != STT_FUNC)
            continue;
        if (strings[name] == '\0' || get16(sym + ST_SHNDX) == SHN_UNDEF)
            continue;
        if (fn)
            fn(opaque, strings + name, get32(sym + ST_VALUE),
               get32(sym + ST_SIZE), type == STT_FUNC);
        count++;
    }
    return count;
}
