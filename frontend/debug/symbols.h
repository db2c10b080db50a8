/*
 * symbols.h -- names for addresses, from the ELF files a guest runs.
 *
 * A guest has its kernel's .symtab, and, for minikern, the symbols of its
 * user programs.  minikern embeds stripped copies of them; the unstripped
 * ELFs are built beside the kernel, in KERNEL_DIR/user/NAME.elf (see
 * roms/minikern/Makefile), and that is where they are read from.  Every
 * program is linked at 0x00400000, so an address in kuseg could belong to
 * any of them: a program's symbol is used only if the guest's memory at
 * that symbol holds that program's own code (symtab_lookup_addr asks the
 * caller to compare).  Program symbols are named "PROG:NAME" (hello:main).
 */
#ifndef TRAPEZE_DEBUG_SYMBOLS_H
#define TRAPEZE_DEBUG_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct symtab;

struct symtab *symtab_new(void);
void symtab_free(struct symtab *s);

/* Add a kernel's symbols.  Returns how many, or -1 with err ("FILE: ..."). */
int symtab_load_kernel(struct symtab *s, const char *path, char *err,
                       size_t errlen);
/* Add the user programs DIR/NAME.elf (kuseg entry, with a .symtab).
 * Returns how many programs; a file that is not one is skipped. */
int symtab_load_programs(struct symtab *s, const char *dir);
/* The user-program directory of a kernel: KERNEL_DIR/user. */
void symtab_programs_dir(const char *kernel, char *dir, size_t len);

/* Name -> address ("kmain", "hello:main"). */
bool symtab_find(const struct symtab *s, const char *name, uint32_t *addr);

/* Does the guest now hold these bytes at addr?  (The caller reads guest-
 * virtual memory.)  NULL: trust every program. */
typedef bool (*symtab_code_check)(void *opaque, uint32_t addr,
                                  const uint8_t *bytes, size_t len);
/* Address -> the symbol at or before it that covers it, and the offset. */
bool symtab_lookup_addr(const struct symtab *s, uint32_t addr,
                        symtab_code_check check, void *opaque,
                        const char **name, uint32_t *offset);

/* For completion: every name, one by one (NULL past the end). */
const char *symtab_name(const struct symtab *s, size_t i);
size_t symtab_count(const struct symtab *s);

#endif
