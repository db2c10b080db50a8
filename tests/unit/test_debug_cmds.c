/*
 * test_debug_cmds.c -- each debugger command's output on a real target:
 * minikern under the monitor, and a bare-metal program on the bare
 * machine.  Commands run through dbg_execute() with the output captured,
 * exactly as the console would print it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "debug/debugger.h"

#define MINIKERN ROMS_OUT "/minikern/minikern.elf"
#define ISA_ARITH ROMS_OUT "/tests/isa_arith.elf"

static char *last;      /* the last command's output */

static const char *run(struct debugger *d, const char *line)
{
    size_t len;
    free(last);
    last = NULL;
    d->out = open_memstream(&last, &len);
    assert_non_null(d->out);
    dbg_execute(d, line);
    fclose(d->out);
    d->out = NULL;
    return last;
}

#define assert_has(text, want) do {                                       \
        const char *text_ = (text);                                       \
        if (strstr(text_, (want)) == NULL)                                \
            fail_msg("output lacks \"%s\":\n%s", (want), text_);         \
    } while (0)

static struct debugger *open_debugger(int argc, char **argv)
{
    struct run_options o;
    assert_true(cli_parse_run(argc, argv, &o));
    struct debugger *d = calloc(1, sizeof *d);
    d->scripted = true;
    d->in.fd = -1;
    assert_true(dbg_open(d, &o));
    return d;
}

static void close_debugger(struct debugger *d)
{
    dbg_close(d);
    free(d);
    free(last);
    last = NULL;
}

static struct debugger *minikern(void)
{
    static char *argv[] = { "--debug", "--vm", MINIKERN, "--args", "run=hello" };
    return open_debugger(5, argv);
}

static void help_and_bad_input(void **state)
{
    (void)state;
    struct debugger *d = minikern();
    assert_has(run(d, "help"), "step-trap              run to the selected guest's next trap");
    assert_has(run(d, "help c"), "continue [N] -- run the machine");
    assert_has(last, "short forms: c cont run r");
    assert_has(run(d, "help bt"), "syscall       a system call reflected to the guest");
    assert_string_equal(run(d, "frob"), "trapeze: 'frob' is not a command (try help)\n");
    assert_string_equal(run(d, "v"), "trapeze: 'v' is an ambiguous command (try help)\n");
    assert_string_equal(run(d, "regs/x"), "regs: takes no /FORMAT\n");
    assert_string_equal(run(d, "break"), "break: needs one address or symbol (break kmain)\n");
    assert_string_equal(run(d, "break nosuch"),
                        "break: 'nosuch' is not a symbol of vm1 (nor a number or $register)\n");
    assert_string_equal(run(d, "break 0x80000002"),
                        "break: 80000002 is not word-aligned: no instruction starts there\n");
    assert_string_equal(run(d, "break g:0x1000"),
                        "break: 'g:0x1000': breakpoints and watchpoints take guest-virtual addresses (v:)\n");
    assert_string_equal(run(d, "break kmain+zz"), "break: 'kmain+zz': 'zz' is not an offset\n");
    assert_string_equal(run(d, "step 0"), "step: '0' is not a count from 1 to 1000000000\n");
    assert_string_equal(run(d, "step 99999999999999999999"),
                        "step: '99999999999999999999' is not a count from 1 to 1000000000\n");
    assert_string_equal(run(d, "x/4q 0"),
                        "x: x/4q: 'q' is not a format (x d u c s i) or a size (b h w)\n");
    assert_string_equal(run(d, "x/w 0x2"), "x: 00000002 is not aligned to 4 bytes\n");
    assert_string_equal(run(d, "x 0xc0000000"),      /* no TLB entry yet */
                        "v:c0000000: cannot read: does not translate now, or not memory\n");
    assert_string_equal(run(d, "vm 2"), "vm: '2' is not a VM: there is 1 (1..1)\n");
    assert_string_equal(run(d, "vm x"), "vm: 'x' is not a VM: there is 1 (1..1)\n");
    assert_string_equal(run(d, "break-trap bogus"),
                        "break-trap: 'bogus' is not a trap kind (help break-trap lists them)\n");
    assert_string_equal(run(d, "watch kmain q"), "watch: 'q' is not an access: r, w or rw\n");
    assert_string_equal(run(d, "delete 7"),
                        "delete: there is no breakpoint, watchpoint or trap stop 7\n");
    assert_string_equal(run(d, "log 0"), "log: '0' is not a count from 1 to 256\n");
    assert_string_equal(run(d, "trace maybe"), "trace: trace on|off [KIND,KIND...]\n");
    assert_string_equal(run(d, "info"),
                        "info: info breakpoints (or info b) is the one info command; see help for the others\n");
    assert_string_equal(run(d, "info b"), "no breakpoints, watchpoints or trap stops\n");
    assert_has(run(d, "pmap m:0"), "pmap: 'm:0' is already a machine address");
    close_debugger(d);
}

static void breakpoint_step_and_state(void **state)
{
    (void)state;
    struct debugger *d = minikern();
    assert_string_equal(run(d, "break kmain"), "breakpoint 1 at vm1 c0010388 <kmain>\n");
    assert_has(run(d, "continue"), "breakpoint 1, vm1 c0010388 <kmain>: addiu   sp,sp,-64\n");
    assert_has(run(d, "regs"), "pc    c0010388");
    assert_has(run(d, "step 2"), "vm1 c0010390 <kmain+8>: move    s0,a0\n");
    assert_has(run(d, "disas kmain 3"),
               "   c0010388 <kmain>: 27bdffc0  addiu   sp,sp,-64\n"
               "   c001038c <kmain+4>: afb00030  sw      s0,48(sp)\n"
               "=> c0010390 <kmain+8>: 00808025  move    s0,a0\n");
    assert_has(run(d, "x/2xw kmain"), "v:c0010388 <kmain>: 27bdffc0 afb00030\n");
    assert_has(run(d, "x/2xh g:0x10388"), "g:00010388: ffc0 27bd\n");
    assert_has(run(d, "info breakpoints"), "1    break  vm1  c0010388 kmain             1\n");
    assert_has(run(d, "vtlb"), "w 0 hi c0000000 asid 00 16M  lo0 00000 c3 DVG  lo1 01000 c3 DVG\n");
    assert_has(run(d, "tlb"), "vm1 guest c0010000 vtlb[0]");
    assert_has(run(d, "vcp0"), "wired     00000003\n");
    assert_has(run(d, "cp0"), "physical CP0 (the monitor's machine)\n");
    assert_has(run(d, "pmap kmain"), "v:c0010388 -> g:00010388 -> m:");
    assert_has(run(d, "pmap"), "vm1 pmap: guest-physical -> machine, in runs\n");
    assert_has(run(d, "vm"), "* vm1 running  " MINIKERN "  pc c0010390 <kmain+8>\n");
    assert_string_equal(run(d, "delete 1"), "deleted 1\n");
    assert_has(run(d, "log 2"), "#");
    close_debugger(d);
}

/* The lab path: a user program's getpid() traps, step-trap narrates. */
static void syscall_step_trap(void **state)
{
    (void)state;
    struct debugger *d = minikern();
    assert_string_equal(run(d, "break hello:main"), "breakpoint 1 at vm1 00400020\n");
    /* `run` (pid 1) has its own main at the same address: not a stop */
    assert_has(run(d, "continue"), "breakpoint 1, vm1 00400020 <hello:main>: addiu   sp,sp,-40\n");
    assert_has(last, "run: hello");                   /* the guest's console */
    assert_string_equal(run(d, "break-trap syscall"), "trap stop 2: vm1 syscall\n");
    const char *out = run(d, "continue");
    assert_has(out, "#17331 vm1 user   00400104 syscall");
    assert_has(out, "  guest     vm1 user 00400104 <hello:getpid+4>: syscall\n");
    assert_has(out, "  physical  Sys (ExcCode 8)\n");
    assert_has(out, "  changed   status   00008411 -> 00008413  (EXL 0 -> 1)\n");
    assert_has(out, "            cause    0000000c -> 00000020  (ExcCode TLBS -> Sys)\n");
    assert_has(out, "  reflected Sys to the guest\n");
    assert_has(out, "  next pc   80000180\n");
    out = run(d, "step-trap");
    assert_has(out, "#17332 vm1 kernel 80000180 lui");
    assert_has(out, "  changed   k0       000ffb1e -> c0010000\n");
    assert_has(run(d, "trace on shadow-fill"), "tracing: shadow-fill\n");
    assert_string_equal(run(d, "delete 2"), "deleted 2\n");
    assert_has(run(d, "break trap"), "breakpoint 3 at vm1 c0011ff4 <trap>\n");
    out = run(d, "continue");
    assert_has(out, "breakpoint 3, vm1 c0011ff4 <trap>");
    assert_has(run(d, "info b"), "1    break  vm1  00400020 hello:main        1\n3    break  vm1  c0011ff4 trap              1\n");
    assert_string_equal(run(d, "delete all"), "deleted all\n");
    out = run(d, "continue 2000");                    /* traced, not stopped */
    assert_has(out, "#17342 vm1 kernel c0012000 -                          | TLBL  | shadow fill: tlb[4]");
    assert_has(out, "paused at machine time ");
    assert_has(run(d, "trace off"), "tracing nothing\n");
    out = run(d, "continue");                         /* to the end */
    assert_null(strstr(out, "shadow fill"));
    assert_has(out, "every guest has stopped\nvm1: powered off with code 0\n");
    assert_string_equal(run(d, "continue"),
                        "continue: every guest has stopped; nothing can run (quit ends)\n");
    const char *stats = run(d, "stats");
    assert_has(stats, "  guest instructions        286435");
    assert_null(strstr(stats, "host time"));          /* scripted: deterministic */
    close_debugger(d);
}

static void bare_machine(void **state)
{
    (void)state;
    static char *argv[] = { "--debug", ISA_ARITH };
    struct debugger *d = open_debugger(2, argv);
    assert_string_equal(run(d, "step-trap"),
                        "step-trap: the bare machine has no monitor and no traps (run with --vm)\n");
    assert_has(run(d, "pmap"), "pmap: the bare machine has no pmap");
    assert_has(run(d, "vcp0"), "CP0 (the bare machine: no virtual CP0, this is the CPU's)\n");
    assert_has(run(d, "step"), "bfc00004");
    assert_has(run(d, "continue"), "every guest has stopped\n");
    assert_has(run(d, "stats"), "instructions  ");
    close_debugger(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(help_and_bad_input),
        cmocka_unit_test(breakpoint_step_and_state),
        cmocka_unit_test(syscall_step_trap),
        cmocka_unit_test(bare_machine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
