/*
 * elf_loader.h -- load a little-endian MIPS32 ELF executable into RAM.
 *
 * Every PT_LOAD segment goes to its physical address p_paddr; a kseg0 or
 * kseg1 address (0x80000000..0xBFFFFFFF) is taken as the physical address
 * behind it (& 0x1FFFFFFF), as QEMU does.  The file is hostile until checked:
 * every header field is validated before it is used.
 */
#ifndef TRAPEZE_ELF_LOADER_H
#define TRAPEZE_ELF_LOADER_H

#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGMENTS 32

struct elf_image {
    uint32_t entry;          /* e_entry, virtual */
    uint32_t phys_end;       /* one past the highest byte loaded (physical) */
    unsigned nsegments;
    struct { uint32_t paddr, vaddr, filesz, memsz; } seg[ELF_MAX_SEGMENTS];
};

/* Load `data` (len bytes, the whole file) into ram (ram_size bytes at
 * physical 0).  `limit` is the highest physical address (exclusive) a
 * segment may reach (RAM size minus what the board reserves).  On error
 * returns -1 and writes one line (no newline) saying what is wrong into
 * err (errlen bytes); the caller prefixes the file name.  RAM is not touched
 * unless the whole file is valid. */
int elf_load(const uint8_t *data, size_t len, uint8_t *ram, uint32_t limit,
             struct elf_image *out, char *err, size_t errlen);

/* Read a file and load it: on error, err says "FILE: problem". */
int elf_load_file(const char *path, uint8_t *ram, uint32_t limit,
                  struct elf_image *out, char *err, size_t errlen);

/* Symbols (for traces and the debugger): iterate the .symtab of a file
 * already in memory.  Calls fn for each FUNC/OBJECT/NOTYPE symbol with a
 * name; returns the count or -1 if the table is malformed. */
int elf_symbols(const uint8_t *data, size_t len,
                void (*fn)(void *opaque, const char *name, uint32_t value,
                           uint32_t size, int is_func),
                void *opaque);

#endif
