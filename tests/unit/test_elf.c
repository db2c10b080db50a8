/*
 * test_elf.c -- the ELF loader (devices/elf_loader.c).
 *
 * The tests build ELF images in memory: build_elf() writes a valid minimal
 * ELF32 little-endian MIPS executable with the segments asked for, and each
 * bad case then breaks one field of it.  Every failure must return -1, say
 * what is wrong (checked by substring), and leave RAM untouched.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devices/elf_loader.h"

#define RAM_SIZE   (1u << 20)          /* 1 MiB is plenty for the tests */
#define RAM_FILL   0xEE                /* what "untouched" RAM holds */
#define BUF_SIZE   16384
#define ENTRY      0x80001000u

/* ELF32 field offsets, from the gABI (duplicated on purpose: the test does
 * not trust the loader's own constants). */
enum {
    E_TYPE = 16, E_MACHINE = 18, E_VERSION = 20, E_ENTRY = 24, E_PHOFF = 28,
    E_SHOFF = 32, E_EHSIZE = 40, E_PHENTSIZE = 42, E_PHNUM = 44,
    E_SHENTSIZE = 46, E_SHNUM = 48, E_SHSTRNDX = 50, EHDR = 52,
    P_TYPE = 0, P_OFFSET = 4, P_VADDR = 8, P_PADDR = 12, P_FILESZ = 16,
    P_MEMSZ = 20, P_FLAGS = 24, P_ALIGN = 28, PHDR = 32,
    SHDR = 40, SYM = 16,
};

struct seg {
    uint32_t type;        /* 0 means PT_LOAD */
    uint32_t paddr, filesz, memsz;
};

/* ---- building ELF files ------------------------------------------------ */

static void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v & 0xFFFF);
    put16(p + 2, v >> 16);
}

/* The byte at position i of segment s's file data. */
static uint8_t pattern(unsigned s, uint32_t i)
{
    return (uint8_t)(0x11 * (s + 1) + i);
}

/* A valid ELF32 LE MIPS executable: header, n program headers, then each
 * segment's file bytes.  Returns its length. */
static size_t build_elf(uint8_t *buf, const struct seg *segs, unsigned n)
{
    memset(buf, 0, BUF_SIZE);
    memcpy(buf, "\177ELF", 4);
    buf[4] = 1;                       /* ELFCLASS32 */
    buf[5] = 1;                       /* ELFDATA2LSB */
    buf[6] = 1;                       /* EV_CURRENT */
    put16(buf + E_TYPE, 2);           /* ET_EXEC */
    put16(buf + E_MACHINE, 8);        /* EM_MIPS */
    put32(buf + E_VERSION, 1);
    put32(buf + E_ENTRY, ENTRY);
    put32(buf + E_PHOFF, EHDR);
    put16(buf + E_EHSIZE, EHDR);
    put16(buf + E_PHENTSIZE, PHDR);
    put16(buf + E_PHNUM, n);
    put16(buf + E_SHENTSIZE, SHDR);

    size_t at = EHDR + (size_t)n * PHDR;
    for (unsigned s = 0; s < n; s++) {
        uint8_t *ph = buf + EHDR + s * PHDR;
        put32(ph + P_TYPE, segs[s].type ? segs[s].type : 1);
        put32(ph + P_OFFSET, (uint32_t)at);
        put32(ph + P_VADDR, segs[s].paddr);
        put32(ph + P_PADDR, segs[s].paddr);
        put32(ph + P_FILESZ, segs[s].filesz);
        put32(ph + P_MEMSZ, segs[s].memsz);
        put32(ph + P_FLAGS, 7);
        put32(ph + P_ALIGN, 4);
        assert_true(at + segs[s].filesz <= BUF_SIZE);
        for (uint32_t i = 0; i < segs[s].filesz; i++)
            buf[at + i] = pattern(s, i);
        at += segs[s].filesz;
    }
    return at;
}

static uint8_t *phdr(uint8_t *buf, unsigned i)
{
    return buf + EHDR + i * PHDR;
}

/* ---- fixtures ----------------------------------------------------------- */

struct fixture {
    uint8_t file[BUF_SIZE];
    uint8_t *ram;
    char err[256];
    struct elf_image img;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->ram = malloc(RAM_SIZE);
    assert_non_null(f->ram);
    memset(f->ram, RAM_FILL, RAM_SIZE);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    free(f->ram);
    free(f);
    return 0;
}

static bool ram_untouched(const struct fixture *f)
{
    for (size_t i = 0; i < RAM_SIZE; i++)
        if (f->ram[i] != RAM_FILL)
            return false;
    return true;
}

/* Loading must fail with a message containing `want`, and touch no RAM. */
static void expect_failure(struct fixture *f, size_t len, const char *want)
{
    f->err[0] = '\0';
    int rc = elf_load(f->file, len, f->ram, RAM_SIZE, &f->img,
                      f->err, sizeof f->err);
    if (rc != -1 || !strstr(f->err, want))
        fail_msg("expected failure \"%s\", got rc %d \"%s\"", want, rc, f->err);
    assert_null(strchr(f->err, '\n'));
    assert_true(ram_untouched(f));
}

static size_t one_segment(struct fixture *f)
{
    const struct seg s[] = { { 0, 0x1000, 0x40, 0x80 } };
    return build_elf(f->file, s, 1);
}

/* ---- the happy path ------------------------------------------------------ */

static void test_load_kseg0_kseg1_and_bss(void **state)
{
    struct fixture *f = *state;
    const struct seg s[] = {
        { 0, 0x80001000, 0x100, 0x100 },    /* kseg0 text */
        { 0, 0xA0004000, 0x10, 0x1000 },    /* kseg1 data + bss */
        { 4, 0x00008000, 0x8, 0x8 },        /* PT_NOTE: ignored */
        { 0, 0x00009000, 0, 0 },            /* empty PT_LOAD: ignored */
    };
    size_t len = build_elf(f->file, s, 4);
    assert_int_equal(elf_load(f->file, len, f->ram, RAM_SIZE, &f->img,
                              f->err, sizeof f->err), 0);

    assert_int_equal(f->img.entry, ENTRY);
    assert_int_equal(f->img.nsegments, 2);
    assert_int_equal(f->img.phys_end, 0x5000);
    assert_int_equal(f->img.seg[0].paddr, 0x1000);
    assert_int_equal(f->img.seg[0].vaddr, 0x80001000);
    assert_int_equal(f->img.seg[0].filesz, 0x100);
    assert_int_equal(f->img.seg[1].paddr, 0x4000);
    assert_int_equal(f->img.seg[1].vaddr, 0xA0004000);
    assert_int_equal(f->img.seg[1].memsz, 0x1000);

    for (uint32_t i = 0; i < 0x100; i++)
        assert_int_equal(f->ram[0x1000 + i], pattern(0, i));
    for (uint32_t i = 0; i < 0x10; i++)
        assert_int_equal(f->ram[0x4000 + i], pattern(1, i));
    for (uint32_t i = 0x10; i < 0x1000; i++)
        assert_int_equal(f->ram[0x4000 + i], 0);          /* bss zeroed */
    /* Nothing else was touched. */
    assert_int_equal(f->ram[0x0FFF], RAM_FILL);
    assert_int_equal(f->ram[0x1100], RAM_FILL);
    assert_int_equal(f->ram[0x3FFF], RAM_FILL);
    assert_int_equal(f->ram[0x5000], RAM_FILL);
    assert_int_equal(f->ram[0x8000], RAM_FILL);
}

static void test_load_up_to_limit(void **state)
{
    struct fixture *f = *state;
    const struct seg s[] = { { 0, RAM_SIZE - 0x100, 0x80, 0x100 } };
    size_t len = build_elf(f->file, s, 1);
    assert_int_equal(elf_load(f->file, len, f->ram, RAM_SIZE, &f->img,
                              f->err, sizeof f->err), 0);
    assert_int_equal(f->img.phys_end, RAM_SIZE);
    assert_int_equal(f->ram[RAM_SIZE - 1], 0);
}

static void test_max_segments_ok(void **state)
{
    struct fixture *f = *state;
    struct seg s[ELF_MAX_SEGMENTS];
    for (unsigned i = 0; i < ELF_MAX_SEGMENTS; i++)
        s[i] = (struct seg){ 0, 0x1000 * (i + 1), 0x10, 0x10 };
    size_t len = build_elf(f->file, s, ELF_MAX_SEGMENTS);
    assert_int_equal(elf_load(f->file, len, f->ram, RAM_SIZE, &f->img,
                              f->err, sizeof f->err), 0);
    assert_int_equal(f->img.nsegments, ELF_MAX_SEGMENTS);
    assert_int_equal(f->ram[0x1000 * ELF_MAX_SEGMENTS], pattern(31, 0));
}

static void test_adjacent_segments_ok(void **state)
{
    struct fixture *f = *state;
    const struct seg s[] = { { 0, 0x2000, 0x10, 0x1000 },
                             { 0, 0x1000, 0x10, 0x1000 } };
    size_t len = build_elf(f->file, s, 2);
    assert_int_equal(elf_load(f->file, len, f->ram, RAM_SIZE, &f->img,
                              f->err, sizeof f->err), 0);
    assert_int_equal(f->img.phys_end, 0x3000);
}

static void test_null_out_and_err(void **state)
{
    struct fixture *f = *state;
    size_t len = one_segment(f);
    assert_int_equal(elf_load(f->file, len, f->ram, RAM_SIZE, NULL, NULL, 0), 0);
    assert_int_equal(elf_load(f->file, 3, f->ram, RAM_SIZE, NULL, NULL, 0), -1);
}

/* ---- identification errors --------------------------------------------- */

static void test_not_elf(void **state)
{
    struct fixture *f = *state;
    memcpy(f->file, "#!/bin/sh\necho hello\n", 21);
    expect_failure(f, 21, "not an ELF file");
    expect_failure(f, 0, "not an ELF file");
    memcpy(f->file, "\177EL", 3);
    expect_failure(f, 3, "not an ELF file");
}

static void test_big_endian(void **state)
{
    struct fixture *f = *state;
    size_t len = one_segment(f);
    f->file[5] = 2;
    expect_failure(f, len, "big-endian ELF (trapeze is little-endian MIPS)");
}

static void test_64_bit(void **state)
{
    struct fixture *f = *state;
    size_t len = one_segment(f);
    f->file[4] = 2;
    expect_failure(f, len, "64-bit ELF (trapeze runs 32-bit MIPS)");
}

static void test_bad_class_encoding_version(void **state)
{
    struct fixture *f = *state;
    size_t len = one_segment(f);
    f->file[4] = 7;
    expect_failure(f, len, "bad ELF class 7");
    len = one_segment(f);
    f->file[5] = 0;
    expect_failure(f, len, "bad ELF data encoding 0");
    len = one_segment(f);
    f->file[6] = 2;
    expect_failure(f, len, "unsupported ELF version 2");
}

static void test_wrong_machine(void **state)
{
    struct fixture *f = *state;
    size_t len = one_segment(f);
    put16(f->file + E_MACHINE, 62);
    expect_failure(f, len, "wrong machine: x86-64 (e_machine 62), expected MIPS");
    put16(f->file + E_MACHINE, 40);
    expect_failure(f, len, "wrong machine: ARM (e_machine 40)");
    put16(f->file + E_MACHINE, 0x1234);
    expect_failure(f, len, "wrong machine: unknown (e_machine 4660)");
}

static void test_not_executable(void **state)
{
    struct fixture *f = *state;
    size_t len = one_segment(f);
    put16(f->file + E_TYPE, 1);
    expect_failure(f, len, "not an executable: e_type 1 (relocatable");
    put16(f->file + E_TYPE, 3);
    expect_failure(f, len, "e_type 3 (shared object");
}

static void test_truncated_header(void **state)
{
    struct fixture *f = *state;
    one_segment(f);
    expect_failure(f, 40, "truncated: ELF header needs 52 bytes, the file has 40");
    expect_failure(f, 10, "truncated: ELF header");
}

/* ---- program header errors ---------------------------------------------- */

static void test_bad_phentsize(void **state)
{
    struct fixture *f = *state;
    size_t len = one_segment(f);
    put16(f->file + E_PHENTSIZE, 56);
    expect_failure(f, len, "bad program header size 56 (expected 32)");
}

static void test_phoff_beyond_file(void **state)
{
    struct fixture *f = *state;
    size_t len = one_segment(f);
    put32(f->file + E_PHOFF, (uint32_t)len + 100);
    expect_failure(f, len, "program header table at offset");
    put32(f->file + E_PHOFF, 0xFFFFFFF0);        /* would wrap in 32 bits */
    expect_failure(f, len, "lies outside the file");
}

static void test_truncated_program_header(void **state)
{
    struct fixture *f = *state;
    /* Segment 0 is all bss (no file bytes), so the file can end inside
     * program header 1 without segment 0's data being cut too. */
    const struct seg s[] = { { 0, 0x1000, 0, 0x100 },
                             { 0, 0x2000, 0x10, 0x10 },
                             { 0, 0x3000, 0x10, 0x10 } };
    build_elf(f->file, s, 3);
    expect_failure(f, EHDR + PHDR + 10,
                   "truncated: program header 1 lies beyond the end of the file");
    /* A huge e_phnum: the table runs off the end. */
    size_t len = one_segment(f);
    put16(f->file + E_PHNUM, 0xFFFF);
    expect_failure(f, len, "lies beyond the end of the file");
}

static void test_truncated_segment_data(void **state)
{
    struct fixture *f = *state;
    const struct seg s[] = { { 0, 0x1000, 0x40, 0x40 },
                             { 0, 0x2000, 0x40, 0x40 } };
    size_t len = build_elf(f->file, s, 2);
    expect_failure(f, len - 1, "truncated: segment 1 data");
    /* An offset that wraps a 32-bit sum. */
    len = build_elf(f->file, s, 2);
    put32(phdr(f->file, 0) + P_OFFSET, 0xFFFFFFF0);
    expect_failure(f, len, "truncated: segment 0 data (offset 0xfffffff0");
}

static void test_filesz_exceeds_memsz(void **state)
{
    struct fixture *f = *state;
    size_t len = one_segment(f);
    put32(phdr(f->file, 0) + P_MEMSZ, 0x20);
    expect_failure(f, len, "segment 0: file size 0x40 exceeds its memory size 0x20");
}

static void test_segment_outside_ram(void **state)
{
    struct fixture *f = *state;
    const struct seg s[] = { { 0, 0x1000, 0x10, 0x10 },
                             { 0, 0x000F0000, 0x10, 0x20000 } };
    size_t len = build_elf(f->file, s, 2);
    expect_failure(f, len, "segment 1 (0x000f0000..0x00110000) lies outside RAM (1 MiB");
    /* Entirely above RAM, via kseg1. */
    const struct seg t[] = { { 0, 0xA1000000, 0x10, 0x10 } };
    len = build_elf(f->file, t, 1);
    expect_failure(f, len, "segment 0 (0x01000000..0x01000010) lies outside RAM");
    /* Above the limit the caller gave (RAM minus a reserved tail). */
    const struct seg u[] = { { 0, RAM_SIZE - 0x800, 0x10, 0x10 } };
    len = build_elf(f->file, u, 1);
    f->err[0] = '\0';
    assert_int_equal(elf_load(f->file, len, f->ram, RAM_SIZE - 4096, &f->img,
                              f->err, sizeof f->err), -1);
    assert_non_null(strstr(f->err, "lies outside RAM"));
    assert_non_null(strstr(f->err, "loadable below 0x000ff000"));
    assert_true(ram_untouched(f));
}

static void test_wrapping_address(void **state)
{
    struct fixture *f = *state;
    const struct seg s[] = { { 0, 0xFFFFF000, 0x10, 0x2000 } };
    size_t len = build_elf(f->file, s, 1);
    expect_failure(f, len, "segment 0 (0xfffff000 + 0x2000 bytes) wraps around");
}

static void test_overlapping_segments(void **state)
{
    struct fixture *f = *state;
    const struct seg s[] = { { 0, 0x1000, 0x10, 0x1000 },
                             { 0, 0x1800, 0x10, 0x1000 } };
    size_t len = build_elf(f->file, s, 2);
    expect_failure(f, len, "segments 0 and 1 overlap at 0x00001800");
    /* The same physical page through kseg0 and kseg1. */
    const struct seg t[] = { { 0, 0x80002000, 0x10, 0x10 },
                             { 0, 0x00005000, 0x10, 0x10 },
                             { 0, 0xA0002008, 0x10, 0x10 } };
    len = build_elf(f->file, t, 3);
    expect_failure(f, len, "segments 0 and 2 overlap at 0x00002008");
    /* One segment wholly inside another. */
    const struct seg u[] = { { 0, 0x1000, 0x10, 0x4000 },
                             { 0, 0x2000, 0x10, 0x10 } };
    len = build_elf(f->file, u, 2);
    expect_failure(f, len, "segments 0 and 1 overlap at 0x00002000");
}

static void test_no_pt_load(void **state)
{
    struct fixture *f = *state;
    size_t len = one_segment(f);
    put32(phdr(f->file, 0) + P_TYPE, 4);         /* PT_NOTE */
    expect_failure(f, len, "no loadable segments");
    put16(f->file + E_PHNUM, 0);
    expect_failure(f, len, "no loadable segments (no program headers)");
}

static void test_too_many_segments(void **state)
{
    struct fixture *f = *state;
    struct seg s[ELF_MAX_SEGMENTS + 1];
    for (unsigned i = 0; i <= ELF_MAX_SEGMENTS; i++)
        s[i] = (struct seg){ 0, 0x1000 * (i + 1), 0x10, 0x10 };
    size_t len = build_elf(f->file, s, ELF_MAX_SEGMENTS + 1);
    expect_failure(f, len, "too many loadable segments (more than 32)");
}

static void test_failure_after_good_segment(void **state)
{
    struct fixture *f = *state;
    /* Segment 0 is fine; segment 1 is not: nothing at all may be loaded. */
    const struct seg s[] = { { 0, 0x1000, 0x100, 0x200 },
                             { 0, 0x2000, 0x10, 0x10 } };
    size_t len = build_elf(f->file, s, 2);
    put32(phdr(f->file, 1) + P_PADDR, 0x00800000 + RAM_SIZE);
    expect_failure(f, len, "segment 1");
}

/* ---- elf_load_file --------------------------------------------------- */

static void write_temp(char *path, const uint8_t *data, size_t len)
{
    strcpy(path, "/tmp/trapeze_test_elf_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
}

static void test_load_file(void **state)
{
    struct fixture *f = *state;
    size_t len = one_segment(f);
    char path[64];
    write_temp(path, f->file, len);
    assert_int_equal(elf_load_file(path, f->ram, RAM_SIZE, &f->img,
                                   f->err, sizeof f->err), 0);
    assert_int_equal(f->ram[0x1000], pattern(0, 0));
    assert_int_equal(f->ram[0x107F], 0);
    unlink(path);
}

static void test_load_file_errors_name_the_file(void **state)
{
    struct fixture *f = *state;
    char want[128];

    assert_int_equal(elf_load_file("/nonexistent/kernel.elf", f->ram, RAM_SIZE,
                                   &f->img, f->err, sizeof f->err), -1);
    assert_string_equal(f->err,
        "/nonexistent/kernel.elf: cannot open: No such file or directory");

    assert_int_equal(elf_load_file("/tmp", f->ram, RAM_SIZE, &f->img,
                                   f->err, sizeof f->err), -1);
    assert_string_equal(f->err, "/tmp: cannot open: Is a directory");

    size_t len = one_segment(f);
    f->file[5] = 2;
    char path[64];
    write_temp(path, f->file, len);
    assert_int_equal(elf_load_file(path, f->ram, RAM_SIZE, &f->img,
                                   f->err, sizeof f->err), -1);
    snprintf(want, sizeof want, "%s: big-endian ELF", path);
    assert_non_null(strstr(f->err, want));

    /* Unreadable: only meaningful when not running as root. */
    if (geteuid() != 0) {
        assert_int_equal(chmod(path, 0), 0);
        assert_int_equal(elf_load_file(path, f->ram, RAM_SIZE, &f->img,
                                       f->err, sizeof f->err), -1);
        snprintf(want, sizeof want, "%s: cannot open: Permission denied", path);
        assert_string_equal(f->err, want);
    }
    unlink(path);

    write_temp(path, (const uint8_t *)"", 0);
    assert_int_equal(elf_load_file(path, f->ram, RAM_SIZE, &f->img,
                                   f->err, sizeof f->err), -1);
    snprintf(want, sizeof want, "%s: not an ELF file", path);
    assert_string_equal(f->err, want);
    unlink(path);
    assert_true(ram_untouched(f));
}

static void test_load_file_too_large(void **state)
{
    struct fixture *f = *state;
    char path[64];
    write_temp(path, (const uint8_t *)"\177ELF", 4);
    /* A sparse file: costs no disk space. */
    if (truncate(path, (off_t)513 << 20) != 0) {
        unlink(path);
        skip();
    }
    assert_int_equal(elf_load_file(path, f->ram, RAM_SIZE, &f->img,
                                   f->err, sizeof f->err), -1);
    assert_non_null(strstr(f->err, ": too large ("));
    assert_non_null(strstr(f->err, "at most 512 MiB"));
    unlink(path);
}

/* ---- symbols ------------------------------------------------------------ */

struct symbol_log {
    unsigned n;
    char names[8][16];
    uint32_t values[8], sizes[8];
    int is_func[8];
};

static void record_symbol(void *opaque, const char *name, uint32_t value,
                          uint32_t size, int is_func)
{
    struct symbol_log *log = opaque;
    if (log->n < 8) {
        snprintf(log->names[log->n], sizeof log->names[0], "%s", name);
        log->values[log->n] = value;
        log->sizes[log->n] = size;
        log->is_func[log->n] = is_func;
    }
    log->n++;
}

static const char strtab_bytes[] = "\0main\0counter\0marker\0ext\0crt.c\0";
enum { NAME_MAIN = 1, NAME_COUNTER = 6, NAME_MARKER = 14, NAME_EXT = 21,
       NAME_FILE = 25 };

struct symbol_file {
    size_t len;
    uint32_t shoff, symoff, stroff;
};

static void put_sym(uint8_t *p, uint32_t name, uint32_t value, uint32_t size,
                    uint8_t type, uint16_t shndx)
{
    put32(p + 0, name);
    put32(p + 4, value);
    put32(p + 8, size);
    p[12] = (uint8_t)(0x10 | type);     /* STB_GLOBAL */
    p[13] = 0;
    put16(p + 14, shndx);
}

static void put_section(uint8_t *sh, uint32_t type, uint32_t offset,
                        uint32_t size, uint32_t link, uint32_t entsize)
{
    put32(sh + 4, type);
    put32(sh + 16, offset);
    put32(sh + 20, size);
    put32(sh + 24, link);
    put32(sh + 36, entsize);
}

#define NSYMS 8

/* One segment, then .strtab, .symtab and the section headers:
 * [0] null, [1] .symtab (link 2), [2] .strtab. */
static struct symbol_file build_elf_with_symbols(uint8_t *buf)
{
    const struct seg s[] = { { 0, 0x80001000, 0x40, 0x40 } };
    struct symbol_file sf;
    size_t at = build_elf(buf, s, 1);

    sf.stroff = (uint32_t)at;
    memcpy(buf + at, strtab_bytes, sizeof strtab_bytes);
    at += sizeof strtab_bytes;
    at = (at + 3) & ~(size_t)3;

    sf.symoff = (uint32_t)at;
    uint8_t *sym = buf + at;
    memset(sym, 0, NSYMS * SYM);                                   /* 0: null */
    put_sym(sym + 1 * SYM, NAME_MAIN, 0x80001000, 0x40, 2, 1);     /* FUNC */
    put_sym(sym + 2 * SYM, NAME_COUNTER, 0x80001040, 4, 1, 1);     /* OBJECT */
    put_sym(sym + 3 * SYM, NAME_MARKER, 0x80001100, 0, 0, 1);      /* NOTYPE */
    put_sym(sym + 4 * SYM, NAME_EXT, 0, 0, 2, 0);                  /* undefined */
    put_sym(sym + 5 * SYM, NAME_FILE, 0, 0, 4, 0xFFF1);            /* FILE */
    put_sym(sym + 6 * SYM, 0, 0x80001000, 0, 3, 1);                /* SECTION */
    put_sym(sym + 7 * SYM, 0, 0x80001020, 0, 2, 1);                /* no name */
    at += NSYMS * SYM;

    sf.shoff = (uint32_t)at;
    uint8_t *sh = buf + at;
    memset(sh, 0, 3 * SHDR);
    put_section(sh + 1 * SHDR, 2, sf.symoff, NSYMS * SYM, 2, SYM);
    put_section(sh + 2 * SHDR, 3, sf.stroff, sizeof strtab_bytes, 0, 0);
    at += 3 * SHDR;

    put32(buf + E_SHOFF, sf.shoff);
    put16(buf + E_SHNUM, 3);
    put16(buf + E_SHSTRNDX, 0);
    sf.len = at;
    assert_true(at <= BUF_SIZE);
    return sf;
}

static void test_symbols(void **state)
{
    struct fixture *f = *state;
    struct symbol_file sf = build_elf_with_symbols(f->file);
    struct symbol_log log = { 0 };
    assert_int_equal(elf_symbols(f->file, sf.len, record_symbol, &log), 3);
    assert_int_equal(log.n, 3);
    assert_string_equal(log.names[0], "main");
    assert_int_equal(log.values[0], 0x80001000);
    assert_int_equal(log.sizes[0], 0x40);
    assert_int_equal(log.is_func[0], 1);
    assert_string_equal(log.names[1], "counter");
    assert_int_equal(log.values[1], 0x80001040);
    assert_int_equal(log.is_func[1], 0);
    assert_string_equal(log.names[2], "marker");
    assert_int_equal(log.is_func[2], 0);

    /* The same file still loads, and a NULL callback just counts. */
    assert_int_equal(elf_symbols(f->file, sf.len, NULL, NULL), 3);
    assert_int_equal(elf_load(f->file, sf.len, f->ram, RAM_SIZE, &f->img,
                              f->err, sizeof f->err), 0);
}

static void test_symbols_none(void **state)
{
    struct fixture *f = *state;
    size_t len = one_segment(f);                 /* no section headers */
    assert_int_equal(elf_symbols(f->file, len, record_symbol, NULL), 0);
    /* Sections, but no symbol table (stripped). */
    struct symbol_file sf = build_elf_with_symbols(f->file);
    put32(f->file + sf.shoff + 1 * SHDR + 4, 1);  /* .symtab -> PROGBITS */
    assert_int_equal(elf_symbols(f->file, sf.len, record_symbol, NULL), 0);
}

/* Each malformation, applied to a fresh good file, must give -1. */
static void test_symbols_malformed(void **state)
{
    struct fixture *f = *state;
    struct symbol_log log;
    struct symbol_file sf;
    uint8_t *symtab_sh, *strtab_sh;

#define FRESH() (sf = build_elf_with_symbols(f->file), \
                 symtab_sh = f->file + sf.shoff + SHDR, \
                 strtab_sh = f->file + sf.shoff + 2 * SHDR, \
                 memset(&log, 0, sizeof log))
#define EXPECT_MALFORMED(len) \
    assert_int_equal(elf_symbols(f->file, (len), record_symbol, &log), -1)

    FRESH(); put32(f->file + E_SHOFF, (uint32_t)sf.len);       /* past end */
    EXPECT_MALFORMED(sf.len);
    FRESH(); put32(f->file + E_SHOFF, 0xFFFFFFF0);              /* wraps */
    EXPECT_MALFORMED(sf.len);
    FRESH(); put16(f->file + E_SHENTSIZE, 64);
    EXPECT_MALFORMED(sf.len);
    FRESH(); put16(f->file + E_SHNUM, 0xFFFF);                  /* runs off */
    EXPECT_MALFORMED(sf.len);
    FRESH(); EXPECT_MALFORMED(sf.len - 1);                      /* truncated */
    FRESH(); put32(symtab_sh + 24, 7);                          /* bad link */
    EXPECT_MALFORMED(sf.len);
    FRESH(); put32(symtab_sh + 24, 0);
    EXPECT_MALFORMED(sf.len);
    FRESH(); put32(strtab_sh + 4, 1);                   /* link not STRTAB */
    EXPECT_MALFORMED(sf.len);
    FRESH(); put32(symtab_sh + 16, 0xFFFFFFF8);                 /* offset */
    EXPECT_MALFORMED(sf.len);
    FRESH(); put32(symtab_sh + 20, 0xFFFFFFF0);                 /* size */
    EXPECT_MALFORMED(sf.len);
    FRESH(); put32(symtab_sh + 20, NSYMS * SYM - 3);        /* partial entry */
    EXPECT_MALFORMED(sf.len);
    FRESH(); put32(symtab_sh + 36, 24);                         /* entsize */
    EXPECT_MALFORMED(sf.len);
    FRESH(); put32(strtab_sh + 16, (uint32_t)sf.len);           /* strtab off */
    EXPECT_MALFORMED(sf.len);
    FRESH(); put32(f->file + sf.symoff + 2 * SYM, 0x7FFFFFFF);  /* st_name */
    EXPECT_MALFORMED(sf.len);
    /* A string table whose last string is not NUL-terminated. */
    FRESH(); put32(strtab_sh + 20, NAME_FILE + 2);
    put32(f->file + sf.symoff + 3 * SYM, NAME_FILE);
    EXPECT_MALFORMED(sf.len);
    /* Not an ELF file at all. */
    EXPECT_MALFORMED(3);
    FRESH(); f->file[5] = 2;
    EXPECT_MALFORMED(sf.len);
#undef FRESH
#undef EXPECT_MALFORMED
}

/* Every prefix of a valid file must be handled without reading past it
 * (run under ASan this catches any missing bounds check). */
static void test_every_truncation(void **state)
{
    struct fixture *f = *state;
    struct symbol_file sf = build_elf_with_symbols(f->file);
    for (size_t len = 0; len < sf.len; len++) {
        uint8_t *copy = malloc(len ? len : 1);
        assert_non_null(copy);
        memcpy(copy, f->file, len);
        int rc = elf_load(copy, len, f->ram, RAM_SIZE, &f->img,
                          f->err, sizeof f->err);
        if (len < EHDR + PHDR + 0x40)
            assert_int_equal(rc, -1);
        (void)elf_symbols(copy, len, NULL, NULL);
        free(copy);
    }
}

/* A deterministic xorshift generator; its state lives in the caller. */
static uint32_t next_random(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/* Random corruptions of a good file's headers: the loader must answer 0 or
 * -1 with a message, and never read or write out of bounds (ASan). */
static void test_random_corruption(void **state)
{
    struct fixture *f = *state;
    uint8_t good[BUF_SIZE];
    struct symbol_file sf = build_elf_with_symbols(good);
    uint32_t rng = 0x2545F491;
    for (unsigned round = 0; round < 20000; round++) {
        memcpy(f->file, good, sf.len);
        unsigned flips = 1 + next_random(&rng) % 4;
        for (unsigned k = 0; k < flips; k++) {
            uint32_t r = next_random(&rng);
            /* Mostly the headers, sometimes the tables at the end. */
            size_t at = (r & 1) ? (r >> 8) % (EHDR + PHDR)
                                : (r >> 8) % sf.len;
            f->file[at] = (uint8_t)next_random(&rng);
        }
        f->err[0] = '\0';
        int rc = elf_load(f->file, sf.len, f->ram, RAM_SIZE, &f->img,
                          f->err, sizeof f->err);
        assert_true(rc == 0 || rc == -1);
        if (rc == -1)
            assert_true(f->err[0] != '\0');
        else
            assert_true(f->img.phys_end <= RAM_SIZE);
        int n = elf_symbols(f->file, sf.len, NULL, NULL);
        assert_true(n >= -1 && n <= NSYMS);
    }
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_load_kseg0_kseg1_and_bss),
        T(test_load_up_to_limit),
        T(test_max_segments_ok),
        T(test_adjacent_segments_ok),
        T(test_null_out_and_err),
        T(test_not_elf),
        T(test_big_endian),
        T(test_64_bit),
        T(test_bad_class_encoding_version),
        T(test_wrong_machine),
        T(test_not_executable),
        T(test_truncated_header),
        T(test_bad_phentsize),
        T(test_phoff_beyond_file),
        T(test_truncated_program_header),
        T(test_truncated_segment_data),
        T(test_filesz_exceeds_memsz),
        T(test_segment_outside_ram),
        T(test_wrapping_address),
        T(test_overlapping_segments),
        T(test_no_pt_load),
        T(test_too_many_segments),
        T(test_failure_after_good_segment),
        T(test_load_file),
        T(test_load_file_errors_name_the_file),
        T(test_load_file_too_large),
        T(test_symbols),
        T(test_symbols_none),
        T(test_symbols_malformed),
        T(test_every_truncation),
        T(test_random_corruption),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
