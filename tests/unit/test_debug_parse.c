/*
 * test_debug_parse.c -- the debugger console's parser, command table,
 * trap-kind table and symbol tables (frontend/debug/), without a machine.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include "debug/debugger.h"
#include "monitor/monitor.h"

#define MINIKERN ROMS_OUT "/minikern/minikern.elf"

static void split_words_and_format(void **state)
{
    (void)state;
    char line[] = "  x/4wx   v:0x80000000  # a comment";
    struct dbg_words w;
    char err[128];
    assert_true(dbg_split(line, &w, err, sizeof err));
    assert_string_equal(w.name, "x");
    assert_string_equal(w.fmt, "4wx");
    assert_int_equal(w.argc, 1);
    assert_string_equal(w.argv[0], "v:0x80000000");

    char empty[] = "   # only a comment";
    assert_true(dbg_split(empty, &w, err, sizeof err));
    assert_null(w.name);

    char many[200] = "b";
    for (int i = 0; i < DBG_MAX_WORDS + 1; i++)
        strcat(many, " 1");
    assert_false(dbg_split(many, &w, err, sizeof err));
    assert_non_null(strstr(err, "too many words"));
}

static void numbers(void **state)
{
    (void)state;
    uint64_t n;
    assert_true(dbg_number("0x80000180", UINT32_MAX, &n));
    assert_int_equal(n, 0x80000180u);
    assert_true(dbg_number("42", 100, &n));
    assert_int_equal(n, 42);
    assert_false(dbg_number("0x100000000", UINT32_MAX, &n));   /* too big */
    assert_false(dbg_number("-1", UINT32_MAX, &n));
    assert_false(dbg_number("12abc", UINT32_MAX, &n));
    assert_false(dbg_number("0x", UINT32_MAX, &n));
    assert_false(dbg_number("", UINT32_MAX, &n));
    assert_false(dbg_number("99999999999999999999999", UINT64_MAX, &n));
}

static void xfmt(void **state)
{
    (void)state;
    struct dbg_xfmt f;
    char err[128];
    assert_true(dbg_parse_xfmt(NULL, &f, err, sizeof err));
    assert_int_equal(f.count, 1);
    assert_int_equal(f.format, 'x');
    assert_int_equal(f.size, 4);
    assert_true(dbg_parse_xfmt("16xb", &f, err, sizeof err));
    assert_int_equal(f.count, 16);
    assert_int_equal(f.size, 1);
    assert_true(dbg_parse_xfmt("3i", &f, err, sizeof err));
    assert_int_equal(f.format, 'i');
    assert_int_equal(f.size, 4);
    assert_true(dbg_parse_xfmt("hd", &f, err, sizeof err));
    assert_int_equal(f.format, 'd');
    assert_int_equal(f.size, 2);
    assert_true(dbg_parse_xfmt("s", &f, err, sizeof err));
    assert_int_equal(f.size, 1);
    assert_false(dbg_parse_xfmt("4q", &f, err, sizeof err));
    assert_string_equal(err, "x/4q: 'q' is not a format (x d u c s i) or a size (b h w)");
    assert_false(dbg_parse_xfmt("0x", &f, err, sizeof err));
    assert_non_null(strstr(err, "at least 1"));
    assert_false(dbg_parse_xfmt("99999999999w", &f, err, sizeof err));
    assert_non_null(strstr(err, "at most"));
}

static void spaces_access_registers(void **state)
{
    (void)state;
    const char *s = "g:0x1000";
    assert_int_equal(dbg_space_prefix(&s), TARGET_SPACE_GUEST);
    assert_string_equal(s, "0x1000");
    s = "m:5";
    assert_int_equal(dbg_space_prefix(&s), TARGET_SPACE_MACHINE);
    s = "kmain";
    assert_int_equal(dbg_space_prefix(&s), TARGET_SPACE_VIRT);
    assert_string_equal(s, "kmain");
    s = "v:kmain";
    assert_int_equal(dbg_space_prefix(&s), TARGET_SPACE_VIRT);
    assert_string_equal(s, "kmain");

    unsigned a;
    assert_true(dbg_parse_access(NULL, &a));
    assert_int_equal(a, TARGET_WATCH_WRITE);
    assert_true(dbg_parse_access("rw", &a));
    assert_int_equal(a, TARGET_WATCH_READ | TARGET_WATCH_WRITE);
    assert_false(dbg_parse_access("x", &a));

    assert_int_equal(dbg_gpr_number("$sp"), 29);
    assert_int_equal(dbg_gpr_number("ra"), 31);
    assert_int_equal(dbg_gpr_number("$fp"), 30);
    assert_int_equal(dbg_gpr_number("$4"), 4);
    assert_int_equal(dbg_gpr_number("$32"), -1);
    assert_int_equal(dbg_gpr_number("4"), -1);
    assert_int_equal(dbg_gpr_number("$pc"), -1);
}

static void command_table(void **state)
{
    (void)state;
    bool amb;
    assert_string_equal(dbg_command_name(0), "continue");
    const struct dbg_command *c = dbg_find_command("c", &amb);
    assert_non_null(c);
    assert_true(c == dbg_find_command("continue", &amb));
    assert_true(c == dbg_find_command("run", &amb));
    assert_true(c == dbg_find_command("cont", &amb));
    assert_true(dbg_find_command("s", &amb) == dbg_find_command("step", &amb));
    assert_true(dbg_find_command("st", &amb) == dbg_find_command("step-trap", &amb));
    assert_true(dbg_find_command("b", &amb) == dbg_find_command("break", &amb));
    assert_true(dbg_find_command("disassemble", &amb) == dbg_find_command("disas", &amb));
    assert_true(dbg_find_command("vtl", &amb) == dbg_find_command("vtlb", &amb));
    /* a prefix two commands share is ambiguous; nonsense is nothing */
    assert_null(dbg_find_command("v", &amb));
    assert_true(amb);
    assert_null(dbg_find_command("frobnicate", &amb));
    assert_false(amb);
    assert_int_equal(dbg_command_completes(dbg_find_command("break", &amb)),
                     DBG_COMPLETE_SYMBOL);
    assert_int_equal(dbg_command_completes(dbg_find_command("vm", &amb)),
                     DBG_COMPLETE_VM);
}

static void trap_kinds(void **state)
{
    (void)state;
    unsigned rows;
    char err[128];
    assert_true(dbg_trapkind_list("syscall,mmio", &rows, err, sizeof err));
    int sys = dbg_trapkind_find("syscall"), mmio = dbg_trapkind_find("mmio");
    int refill = dbg_trapkind_find("tlb-refill"), cpu = dbg_trapkind_find("cpu");
    assert_true(sys >= 0 && mmio >= 0 && refill >= 0 && cpu >= 0);
    assert_int_equal(rows, (1u << sys) | (1u << mmio));
    assert_int_equal(dbg_trapkind_monitor_mask(rows),
                     (1u << TRAP_REFLECT) | (1u << TRAP_IO));
    assert_false(dbg_trapkind_list("syscall,bogus", &rows, err, sizeof err));
    assert_non_null(strstr(err, "'bogus' is not a trap kind"));
    assert_false(dbg_trapkind_list(",", &rows, err, sizeof err));

    struct trap_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = TRAP_REFLECT;
    ev.phys_exc = EXC_SYS;
    assert_true(dbg_trapkind_matches((unsigned)sys, &ev));
    assert_false(dbg_trapkind_matches((unsigned)refill, &ev));
    ev.phys_exc = EXC_TLBL;                   /* a refill reflected */
    assert_false(dbg_trapkind_matches((unsigned)sys, &ev));
    assert_true(dbg_trapkind_matches((unsigned)refill, &ev));
    ev.kind = TRAP_SHADOW_FILL;
    assert_true(dbg_trapkind_matches((unsigned)refill, &ev));
    assert_true(dbg_trapkind_matches((unsigned)dbg_trapkind_find("shadow-fill"), &ev));
    ev.kind = TRAP_PRIV;
    ev.phys_exc = EXC_CPU;
    assert_true(dbg_trapkind_matches((unsigned)cpu, &ev));
    ev.phys_exc = -1;
    assert_false(dbg_trapkind_matches((unsigned)cpu, &ev));
}

/* Every program's code matches: the first program wins a tie. */
static bool any_code(void *opaque, uint32_t addr, const uint8_t *b, size_t n)
{
    (void)opaque; (void)addr; (void)b; (void)n;
    return true;
}

/* Only code whose first word is the one given matches. */
static bool first_word_is(void *opaque, uint32_t addr, const uint8_t *b, size_t n)
{
    (void)addr;
    uint32_t want = *(const uint32_t *)opaque, got;
    if (n < 4)
        return false;
    memcpy(&got, b, 4);
    return got == want;
}

static void symbols(void **state)
{
    (void)state;
    struct symtab *s = symtab_new();
    char err[256], dir[512];
    assert_true(symtab_load_kernel(s, MINIKERN, err, sizeof err) > 50);
    uint32_t a, off;
    const char *name;
    assert_true(symtab_find(s, "kmain", &a));
    assert_int_equal(a, 0xc0010388u);
    assert_true(symtab_lookup_addr(s, a + 8, NULL, NULL, &name, &off));
    assert_string_equal(name, "kmain");
    assert_int_equal(off, 8);
    assert_false(symtab_find(s, "hello:main", &a));

    symtab_programs_dir(MINIKERN, dir, sizeof dir);
    assert_string_equal(dir, ROMS_OUT "/minikern/user");
    assert_true(symtab_load_programs(s, dir) >= 10);
    assert_true(symtab_find(s, "hello:main", &a));
    assert_int_equal(a, 0x00400020u);
    /* Which program is at 0x00400020 is the guest's code's to say. */
    assert_true(symtab_lookup_addr(s, 0x00400024, any_code, NULL, &name, &off));
    assert_non_null(strchr(name, ':'));        /* PROG:SYMBOL */
    uint32_t nothing = 0xdeadbeef;
    assert_false(symtab_lookup_addr(s, 0x00400024, first_word_is, &nothing,
                                    &name, &off));
    assert_false(symtab_load_kernel(s, "/nonexistent.elf", err, sizeof err) >= 0);
    assert_string_equal(err, "/nonexistent.elf: cannot read the file");
    assert_false(symtab_load_kernel(s, SOURCE_DIR "/README.md", err, sizeof err) >= 0);
    assert_non_null(strstr(err, "malformed"));
    symtab_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(split_words_and_format),
        cmocka_unit_test(numbers),
        cmocka_unit_test(xfmt),
        cmocka_unit_test(spaces_access_registers),
        cmocka_unit_test(command_table),
        cmocka_unit_test(trap_kinds),
        cmocka_unit_test(symbols),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
