/*
 * test_disasm.c -- the disassembler against GNU objdump.
 *
 * cpu/disasm.c promises the exact text mipsel-linux-gnu-objdump -d prints
 * for an instruction.  These tests hold it to that:
 *
 *   known_words   a few hand-checked words (documents the format);
 *   elf_files     every ELF under ROMS_OUT/{corpus,tests,firmware}: run
 *                 objdump -d on it and compare each instruction line
 *                 (roms/corpus/all_insns.S holds every instruction form);
 *   random_words  pseudo-random words (fixed seed), some fully random and
 *                 some built from plausible fields, assembled as .word at
 *                 two load addresses, objdump'ed and compared.
 *
 * Every mismatch is printed with its address, word and both texts.  Each
 * test also requires a minimum number of compared words, so a missing
 * corpus or a parsing slip cannot make it pass vacuously.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpu/disasm.h"

#ifndef ROMS_OUT
#error "ROMS_OUT must name the directory the guest software is built in"
#endif

#define CROSS "mipsel-linux-gnu-"
#define MAX_REPORTED 300    /* mismatches printed per test; all are counted */

/* ---- comparing objdump's output with ours ------------------------------ */

typedef struct tally {
    unsigned long compared;
    unsigned long mismatches;
} tally;

static void report_mismatch(tally *t, const char *where, uint32_t addr,
                            uint32_t word, const char *want, const char *got)
{
    t->mismatches++;
    if (t->mismatches <= MAX_REPORTED)
        print_error("MISMATCH %s %08" PRIx32 ": %08" PRIx32
                    "\n   objdump: %s\n   disasm:  %s\n",
                    where, addr, word, want, got);
    else if (t->mismatches == MAX_REPORTED + 1)
        print_error("(further mismatches are counted, not printed)\n");
}

/* Parse one line of objdump -d:  "<spaces>addr:\tword \ttext"  where text
 * is "mnemonic\toperands" and a branch target may be followed by
 * " <symbol+off>".  Returns 1 and fills the outputs for instruction lines,
 * 0 for everything else (headers, symbol labels, "\t..." for skipped
 * zeros). */
static int parse_objdump_line(char *line, uint32_t *addr, uint32_t *word,
                              char **text)
{
    char *p = line, *end;
    while (*p == ' ')
        p++;
    errno = 0;
    unsigned long a = strtoul(p, &end, 16);
    if (end == p || *end != ':' || end[1] != '\t' || errno)
        return 0;
    p = end + 2;
    unsigned long w = strtoul(p, &end, 16);
    if (end - p != 8 || strncmp(end, " \t", 2) != 0)
        return 0;
    p = end + 2;

    size_t n = strlen(p);
    while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
        p[--n] = '\0';
    /* Drop a trailing " <symbol>" (only branch/jump targets have one). */
    if (n > 0 && p[n - 1] == '>') {
        char *lt = strstr(p, " <");
        if (lt)
            *lt = '\0';
    }
    *addr = (uint32_t)a;
    *word = (uint32_t)w;
    *text = p;
    return 1;
}

/* objdump -d `path` and compare every instruction line.  Returns the
 * number of lines compared, or -1 if objdump could not be run. */
static long compare_with_objdump(const char *path, tally *t)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, CROSS "objdump -d '%s' 2>/dev/null", path);
    FILE *f = popen(cmd, "r");
    if (f == NULL)
        return -1;
    char line[1024], mine[256];
    long n = 0;
    while (fgets(line, sizeof line, f)) {
        uint32_t addr, word;
        char *want;
        if (!parse_objdump_line(line, &addr, &word, &want))
            continue;
        disasm(addr, word, mine, sizeof mine);
        n++;
        if (strcmp(mine, want) != 0)
            report_mismatch(t, path, addr, word, want, mine);
    }
    int st = pclose(f);
    if (st != 0)
        return -1;
    t->compared += (unsigned long)n;
    return n;
}

/* ---- hand-written cases -------------------------------------------------- */

static void check(uint32_t pc, uint32_t word, const char *want)
{
    char buf[128];
    assert_ptr_equal(disasm(pc, word, buf, sizeof buf), buf);
    if (strcmp(buf, want) != 0)
        print_error("%08" PRIx32 ": %08" PRIx32 " want \"%s\" got \"%s\"\n",
                    pc, word, want, buf);
    assert_string_equal(buf, want);
}

static void known_words(void **state)
{
    (void)state;
    const uint32_t pc = 0x80001000u;
    check(pc, 0x00000000, "nop");
    check(pc, 0x00000040, "ssnop");
    check(pc, 0x000000c0, "ehb");
    check(pc, 0x00801025, "move\tv0,a0");          /* or v0,a0,zero   */
    check(pc, 0x00041025, "or\tv0,zero,a0");       /* not a move      */
    check(pc, 0x00801021, "move\tv0,a0");          /* addu v0,a0,zero */
    check(pc, 0x00851021, "addu\tv0,a0,a1");
    check(pc, 0x00041023, "negu\tv0,a0");
    check(pc, 0x00801027, "nor\tv0,a0,zero");      /* never "not"     */
    check(pc, 0x00021080, "sll\tv0,v0,0x2");
    check(pc, 0x00221082, "ror\tv0,v0,0x2");       /* SmartMIPS       */
    check(pc, 0x2402ffff, "li\tv0,-1");
    check(pc, 0x34021234, "li\tv0,0x1234");
    check(pc, 0x3c028000, "lui\tv0,0x8000");
    check(pc, 0x3c228000, ".word\t0x3c228000");    /* lui with rs != 0 */
    check(pc, 0x8fbf001c, "lw\tra,28(sp)");
    check(pc, 0xafa4fff8, "sw\ta0,-8(sp)");
    check(pc, 0x03e00008, "jr\tra");
    check(pc, 0x0320f809, "jalr\tt9");
    check(pc, 0x03201809, "jalr\tv1,t9");
    check(pc, 0x1000ffff, "b\t80001000");
    check(pc, 0x04110003, "bal\t80001010");
    check(pc, 0x10400002, "beqz\tv0,8000100c");
    check(pc, 0x14430002, "bne\tv0,v1,8000100c");
    check(pc, 0x08000400, "j\t80001000");
    check(pc, 0x0c000000, "jal\t80000000");
    check(0x00000000, 0x1000ffff, "b\t0");          /* no leading zeros */
    check(0x00000000, 0x1000fffe, "b\tfffffffc");
    check(0x00400000, 0x0c000004, "jal\t10");
    check(pc, 0x0000000d, "break");
    check(pc, 0x0007000d, "break\t0x7");
    check(pc, 0x0007008d, "break\t0x7,0x2");
    check(pc, 0x0000000c, "syscall");
    check(pc, 0x0000030c, "syscall\t0xc");
    check(pc, 0x00000000 | 0x0000000f, "sync");
    check(pc, 0x0000040f, "sync\t0x10");
    check(pc, 0x00850034, "teq\ta0,a1");
    check(pc, 0x008501f4, "teq\ta0,a1,0x7");
    check(pc, 0x048c0005, "teqi\ta0,5");
    check(pc, 0x0085001a, "div\tzero,a0,a1");
    check(pc, 0x70851002, "mul\tv0,a0,a1");
    check(pc, 0x70821020, "clz\tv0,a0");
    check(pc, 0x70831020, "clz\tv0 or v1,a0");      /* rt != rd        */
    check(pc, 0x7000003f, "sdbbp");
    check(pc, 0x40026000, "mfc0\tv0,c0_status");
    check(pc, 0x40028000, "mfc0\tv0,c0_config");
    check(pc, 0x40028001, "mfc0\tv0,c0_config1");
    check(pc, 0x40026001, "mfc0\tv0,$12,1");
    check(pc, 0x40823800, "mtc0\tv0,$7");
    check(pc, 0x42000001, "tlbr");
    check(pc, 0x42000002, "tlbwi");
    check(pc, 0x42000006, "tlbwr");
    check(pc, 0x42000008, "tlbp");
    check(pc, 0x42000018, "eret");
    check(pc, 0x42000020, "wait");
    check(pc, 0x42000003, "c0\t0x3");
    check(pc, 0xbc810010, "cache\t0x1,16(a0)");
    check(pc, 0xcc800000, "pref\t0x0,0(a0)");
    check(pc, 0xc0820000, "ll\tv0,0(a0)");
    check(pc, 0x44c2f800, "ctc1\tv0,c1_fcsr");
    check(pc, 0x46041000, "add.s\t$f0,$f2,$f4");
    check(pc, 0x46041132, "c.eq.s\t$fcc1,$f2,$f4");
    check(pc, 0x7c010000, ".word\t0x7c010000");     /* SPECIAL3: R2     */
    check(pc, 0x0000002d, ".word\t0x2d");           /* daddu: 64-bit    */

    /* A short buffer truncates and stays terminated. */
    char small[6];
    disasm(pc, 0x00851021, small, sizeof small);
    assert_string_equal(small, "addu\t");
    assert_null(disasm(pc, 0, NULL, 0));
}

/* ---- the ELF files the build produced ----------------------------------- */

static int is_elf(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    unsigned char m[4] = { 0 };
    size_t n = fread(m, 1, 4, f);
    fclose(f);
    return n == 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Compare every ELF file in `dir`; returns the number of lines compared,
 * or -1 if the directory does not exist. */
static long compare_dir(const char *dir, tally *t, int *files)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char *names[512];
    size_t count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && count < sizeof names / sizeof names[0]) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".elf") == 0) {
            names[count] = strdup(e->d_name);
            assert_non_null(names[count]);
            count++;
        }
    }
    closedir(d);
    qsort(names, count, sizeof names[0], cmp_str);

    long total = 0;
    for (size_t i = 0; i < count; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        free(names[i]);
        if (!is_elf(path))
            continue;
        long n = compare_with_objdump(path, t);
        if (n < 0)
            fail_msg("could not run " CROSS "objdump -d %s", path);
        total += n;
        (*files)++;
    }
    return total;
}

static void elf_files(void **state)
{
    (void)state;
    tally t = { 0, 0 };
    int files = 0;

    long corpus = compare_dir(ROMS_OUT "/corpus", &t, &files);
    if (corpus < 0)
        fail_msg("%s is missing: build roms/ first", ROMS_OUT "/corpus");
    static const char *const optional[] = { ROMS_OUT "/tests", ROMS_OUT "/firmware" };
    for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++)
        if (compare_dir(optional[i], &t, &files) < 0)
            print_message("(skipping %s: not built)\n", optional[i]);

    print_message("elf_files: %d files, %lu words compared, %lu mismatches "
                  "(corpus: %ld words)\n", files, t.compared, t.mismatches, corpus);
    if (corpus < 200)
        fail_msg("the corpus gave only %ld words: is roms/corpus/all_insns.S built?",
                 corpus);
    assert_int_equal(t.mismatches, 0);
}

/* ---- random words ------------------------------------------------------- */

static uint32_t xorshift32(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

/* Half the words are uniformly random; the other half pick a major opcode
 * that opens a sub-table, or any opcode, and clear each field with
 * probability 1/2, so that "must be zero" fields, register-zero aliases
 * and sub-opcodes are all hit often. */
static uint32_t random_word(uint32_t *s)
{
    static const uint8_t ops[] = { 0x00, 0x00, 0x00, 0x01, 0x10, 0x10, 0x11,
                                   0x12, 0x13, 0x1c, 0x1c, 0x1f };
    uint32_t r = xorshift32(s);
    uint32_t w = xorshift32(s);
    if (r & 1)
        return w;
    uint32_t op = (r >> 1) & 1 ? ops[(r >> 2) % sizeof ops] : (r >> 8) & 63;
    static const uint32_t fields[] = { 0x03e00000, 0x001f0000, 0x0000f800,
                                       0x000007c0, 0x0000003f };
    for (unsigned i = 0; i < 5; i++)
        if ((r >> (12 + i)) & 1)
            w &= ~fields[i];
    if (op == 0x10 && ((r >> 20) & 1))
        w = (w & 0xfe00003f) | 0x02000000;      /* a plain COP0 CO op */
    return (op << 26) | (w & 0x03ffffffu);
}

static int run(const char *cmd)
{
    int st = system(cmd);
    if (st != 0)
        print_error("command failed (%d): %s\n", st, cmd);
    return st;
}

/* Assemble `n` random words at `base`, objdump them and compare. */
static long random_at(const char *dir, uint32_t base, uint32_t seed, int n,
                      tally *t)
{
    char src[4096], elf[4096], cmd[16384];
    snprintf(src, sizeof src, "%s/rand_%08" PRIx32 ".S", dir, base);
    snprintf(elf, sizeof elf, "%s/rand_%08" PRIx32 ".elf", dir, base);

    FILE *f = fopen(src, "w");
    assert_non_null(f);
    fprintf(f, "\t.set noreorder\n\t.text\n\t.globl _start\n_start:\n");
    for (int i = 0; i < n; i++)
        fprintf(f, "\t.word 0x%08" PRIx32 "\n", random_word(&seed));
    assert_int_equal(fclose(f), 0);

    snprintf(cmd, sizeof cmd,
             CROSS "gcc -march=mips32 -EL -mno-abicalls -fno-pic -nostdlib "
             "-static -Wl,--build-id=none -Wl,-Ttext=0x%08" PRIx32
             " -Wl,-e,0x%08" PRIx32 " -o '%s' '%s'", base, base, elf, src);
    if (run(cmd) != 0)
        fail_msg("could not assemble the random words (is the mipsel cross "
                 "toolchain installed?)");
    long got = compare_with_objdump(elf, t);
    unlink(src);
    unlink(elf);
    return got;
}

static void random_words(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_disasm.XXXXXX";
    assert_non_null(mkdtemp(dir));
    tally t = { 0, 0 };
    enum { N = 20000 };
    long a = random_at(dir, 0x80001000u, 0x2545f491u, N, &t);
    long b = random_at(dir, 0x00000000u, 0x9e3779b9u, N / 4, &t);
    rmdir(dir);
    print_message("random_words: %lu words compared, %lu mismatches\n",
                  t.compared, t.mismatches);
    /* objdump elides runs of zero words, so allow a few missing lines. */
    assert_true(a > N * 9 / 10);
    assert_true(b > N / 4 * 9 / 10);
    assert_int_equal(t.mismatches, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_words),
        cmocka_unit_test(elf_files),
        cmocka_unit_test(random_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
