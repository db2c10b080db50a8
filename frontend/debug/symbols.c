/*
 * symbols.c -- symbol tables for the debugger (see symbols.h for where
 * they come from and why user programs need their code compared).
 *
 * The table is a flat array: a kernel has a few hundred symbols, so a
 * linear scan per lookup costs nothing a person could notice, and it keeps
 * the code readable.  Files are hostile: elf_symbols() checks the table;
 * the text segments read here for the code comparison are bounds-checked.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "devices/elf_loader.h"
#include "symbols.h"

#define SYM_NAME_MAX 96
#define PROG_MAX 64
#define CHECK_PAGE 4096u    /* code compared to tell programs apart */
#define NOSIZE_REACH 0x1000u  /* a symbol without a size covers this far */

struct symbol {
    char *name;
    uint32_t value, size;
    int prog;               /* -1: the kernel; else index into progs */
};

struct program {
    uint8_t *text;          /* the file's executable segment */
    uint32_t vaddr, len;
};

struct symtab {
    struct symbol *sym;
    size_t n, cap;
    struct program prog[PROG_MAX];
    unsigned nprogs;
};

struct symtab *symtab_new(void)
{
    return calloc(1, sizeof(struct symtab));
}

void symtab_free(struct symtab *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->sym[i].name);
    for (unsigned i = 0; i < s->nprogs; i++)
        free(s->prog[i].text);
    free(s->sym);
    free(s);
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    uint8_t *data = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            if (cap >= (64u << 20))
                break;                       /* no ELF of ours is that big */
            cap = cap ? cap * 2 : 65536;
            uint8_t *more = realloc(data, cap);
            if (more == NULL)
                break;
            data = more;
        }
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            fclose(f);
            *len = n;
            return data;
        }
    }
    fclose(f);
    free(data);
    return NULL;
}

struct adder {
    struct symtab *s;
    int prog;
    const char *prefix;
};

static void add_symbol(void *opaque, const char *name, uint32_t value,
                       uint32_t size, int is_func)
{
    (void)is_func;
    struct adder *a = opaque;
    struct symtab *s = a->s;
    if (name[0] == '$' || name[0] == '.' || strlen(name) > SYM_NAME_MAX / 2)
        return;                              /* assembler-local labels */
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        struct symbol *more = realloc(s->sym, cap * sizeof *more);
        if (more == NULL)
            return;
        s->sym = more;
        s->cap = cap;
    }
    char full[SYM_NAME_MAX];
    if (a->prefix)
        snprintf(full, sizeof full, "%s:%s", a->prefix, name);
    else
        snprintf(full, sizeof full, "%s", name);
    char *copy = strdup(full);
    if (copy == NULL)
        return;
    s->sym[s->n++] = (struct symbol){ copy, value, size, a->prog };
}

int symtab_load_kernel(struct symtab *s, const char *path, char *err,
                       size_t errlen)
{
    size_t len;
    uint8_t *data = read_file(path, &len);
    if (data == NULL) {
        snprintf(err, errlen, "%s: cannot read the file", path);
        return -1;
    }
    size_t before = s->n;
    struct adder a = { s, -1, NULL };
    int r = elf_symbols(data, len, add_symbol, &a);
    free(data);
    if (r < 0) {
        snprintf(err, errlen, "%s: malformed symbol table", path);
        return -1;
    }
    return (int)(s->n - before);
}

static uint32_t le32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The first executable PT_LOAD segment of an ELF32 LE file, checked. */
static bool text_segment(const uint8_t *d, size_t len, struct program *p)
{
    if (len < 52 || memcmp(d, "\177ELF\001\001", 6) != 0)
        return false;
    uint32_t phoff = le32(d + 28);
    unsigned phentsize = d[42] | d[43] << 8, phnum = d[44] | d[45] << 8;
    if (phentsize < 32 || phoff > len)
        return false;
    for (unsigned i = 0; i < phnum; i++) {
        size_t at = phoff + (size_t)i * phentsize;
        if (at + 32 > len)
            return false;
        const uint8_t *ph = d + at;
        uint32_t off = le32(ph + 4), vaddr = le32(ph + 8), filesz = le32(ph + 16);
        if (le32(ph) != 1 || !(le32(ph + 24) & 1))
            continue;                        /* not PT_LOAD with PF_X */
        if (off > len || filesz > len - off || filesz == 0)
            return false;
        p->text = malloc(filesz);
        if (p->text == NULL)
            return false;
        memcpy(p->text, d + off, filesz);
        p->vaddr = vaddr;
        p->len = filesz;
        return true;
    }
    return false;
}

static bool load_program(struct symtab *s, const char *path, const char *name)
{
    size_t len;
    uint8_t *data = read_file(path, &len);
    if (data == NULL)
        return false;
    struct program *p = &s->prog[s->nprogs];
    bool ok = len >= 28 && le32(data + 24) < 0x80000000u &&
              text_segment(data, len, p);
    if (ok) {
        struct adder a = { s, (int)s->nprogs, name };
        size_t before = s->n;
        if (elf_symbols(data, len, add_symbol, &a) <= 0) {
            for (size_t i = before; i < s->n; i++)
                free(s->sym[i].name);
            s->n = before;
            free(p->text);
            p->text = NULL;
            ok = false;
        }
    }
    free(data);
    if (ok)
        s->nprogs++;
    return ok;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int symtab_load_programs(struct symtab *s, const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    /* Sorted, so the numbering (and any tie) is the same on every host. */
    char *names[PROG_MAX];
    unsigned n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < PROG_MAX) {
        size_t l = strlen(e->d_name);
        if (l > 4 && l < 40 && strcmp(e->d_name + l - 4, ".elf") == 0)
            names[n++] = strdup(e->d_name);
        if (n && names[n - 1] == NULL)
            n--;
    }
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);
    int loaded = 0;
    for (unsigned i = 0; i < n; i++) {
        char path[4096], prog[40];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(prog, sizeof prog, "%.*s", (int)(strlen(names[i]) - 4), names[i]);
        if (s->nprogs < PROG_MAX && load_program(s, path, prog))
            loaded++;
        free(names[i]);
    }
    return loaded;
}

void symtab_programs_dir(const char *kernel, char *dir, size_t len)
{
    const char *slash = strrchr(kernel, '/');
    if (slash == NULL)
        snprintf(dir, len, "user");
    else
        snprintf(dir, len, "%.*s/user", (int)(slash - kernel), kernel);
}

bool symtab_find(const struct symtab *s, const char *name, uint32_t *addr)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->sym[i].name, name) == 0) {
            *addr = s->sym[i].value;
            return true;
        }
    return false;
}

static bool covers(const struct symbol *y, uint32_t addr)
{
    if (addr < y->value)
        return false;
    return y->size ? addr - y->value < y->size : addr - y->value < NOSIZE_REACH;
}

/* Is a better cover than b? (closer; then with a size; then first) */
static bool better(const struct symbol *a, const struct symbol *b)
{
    if (b == NULL || a->value != b->value)
        return b == NULL || a->value > b->value;
    return a->size && !b->size;
}

/* Does the guest run program p's code at symbol y?  Small stubs (write,
 * exit ...) are the same in every program, so the whole page of the
 * program's text around the symbol is compared, not just the symbol. */
static bool program_here(const struct symtab *s, const struct symbol *y,
                         symtab_code_check check, void *opaque)
{
    const struct program *p = &s->prog[y->prog];
    if (check == NULL)
        return true;
    if (y->value < p->vaddr || y->value - p->vaddr >= p->len)
        return false;                        /* data: cannot tell; say nothing */
    uint32_t page = y->value & ~(CHECK_PAGE - 1u);
    uint32_t from = page > p->vaddr ? page : p->vaddr;
    uint32_t to = page + CHECK_PAGE;
    if (to - p->vaddr > p->len || to < page)
        to = p->vaddr + p->len;
    return check(opaque, from, p->text + (from - p->vaddr), to - from);
}

bool symtab_lookup_addr(const struct symtab *s, uint32_t addr,
                        symtab_code_check check, void *opaque,
                        const char **name, uint32_t *offset)
{
    const struct symbol *best = NULL;
    const struct symbol *per_prog[PROG_MAX] = { 0 };
    for (size_t i = 0; i < s->n; i++) {
        const struct symbol *y = &s->sym[i];
        if (!covers(y, addr))
            continue;
        if (y->prog < 0 && better(y, best))
            best = y;
        else if (y->prog >= 0 && better(y, per_prog[y->prog]))
            per_prog[y->prog] = y;
    }
    for (unsigned p = 0; p < s->nprogs; p++)
        if (per_prog[p] && (best == NULL || per_prog[p]->value > best->value) &&
            program_here(s, per_prog[p], check, opaque)) {
            best = per_prog[p];
            break;
        }
    if (best == NULL)
        return false;
    *name = best->name;
    *offset = addr - best->value;
    return true;
}

const char *symtab_name(const struct symtab *s, size_t i)
{
    return i < s->n ? s->sym[i].name : NULL;
}

size_t symtab_count(const struct symtab *s)
{
    return s->n;
}
