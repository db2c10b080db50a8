/*
 * cli.c -- parse `trapeze run` options.
 *
 * Every option is a row in a table: its name, whether it takes a value,
 * and the function that checks and stores the value.  A bad value is
 * reported with the option's name and the text that was given, never
 * silently replaced by a default.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "cpu/cpu.h"
#include "devices/board_map.h"
#include "tlb/tlb.h"

bool cli_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
    if (s == NULL || *s == '\0' || *s == '-' || *s == '+' || *s == ' ')
        return false;
    int base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
        if (*s == '\0')
            return false;
    }
    for (const char *p = s; *p; p++) {
        bool ok = base == 16 ? strchr("0123456789abcdefABCDEF", *p) != NULL
                             : (*p >= '0' && *p <= '9');
        if (!ok)
            return false;
    }
    errno = 0;
    unsigned long long v = strtoull(s, NULL, base);
    if (errno == ERANGE || v < min || v > max)
        return false;
    *out = v;
    return true;
}

static bool number(const char *flag, const char *s, uint64_t min, uint64_t max,
                   uint64_t *out)
{
    if (cli_parse_u64(s, min, max, out))
        return true;
    fprintf(stderr, "trapeze: %s: '%s' is not a number from %llu to %llu\n",
            flag, s, (unsigned long long)min, (unsigned long long)max);
    return false;
}

static bool opt_ram(struct run_options *o, const char *flag, const char *v)
{
    uint64_t n;
    if (!number(flag, v, RAM_MIN_MIB, RAM_MAX_MIB, &n))
        return false;
    if (o->nvms > 0)
        o->vms[o->nvms - 1].ram_mib = (uint32_t)n;   /* after --vm: that VM's */
    else
        o->ram_mib = (uint32_t)n;
    return true;
}

static bool opt_tlb(struct run_options *o, const char *flag, const char *v)
{
    uint64_t n;
    if (!number(flag, v, TLB_MIN_ENTRIES, TLB_MAX_ENTRIES, &n))
        return false;
    o->tlb_entries = (unsigned)n;
    return true;
}

static bool opt_divisor(struct run_options *o, const char *flag, const char *v)
{
    uint64_t n;
    if (!number(flag, v, 1, 1024, &n))
        return false;
    o->count_divisor = (unsigned)n;
    return true;
}

static bool opt_max_insns(struct run_options *o, const char *flag, const char *v)
{
    return number(flag, v, 1, UINT64_MAX / 2, &o->max_insns);
}

static bool opt_args(struct run_options *o, const char *flag, const char *v)
{
    (void)flag;
    if (o->nvms > 0)
        o->vms[o->nvms - 1].args = v;
    else
        o->args = v;
    return true;
}

static bool opt_vm(struct run_options *o, const char *flag, const char *v)
{
    if (o->nvms >= CLI_MAX_VMS) {
        fprintf(stderr, "trapeze: %s: at most %d VMs\n", flag, CLI_MAX_VMS);
        return false;
    }
    if (*v == '\0') {
        fprintf(stderr, "trapeze: %s: empty kernel file name\n", flag);
        return false;
    }
    struct vm_options *vm = &o->vms[o->nvms++];
    vm->kernel = v;
    vm->ram_mib = RAM_DEFAULT_MIB;
    return true;
}

static bool opt_console(struct run_options *o, const char *flag, const char *v)
{
    if (o->nvms == 0) {
        fprintf(stderr, "trapeze: %s belongs to a VM: give it after "
                "--vm FILE\n", flag);
        return false;
    }
    o->vms[o->nvms - 1].console = v;
    return true;
}

static bool opt_slice(struct run_options *o, const char *flag, const char *v)
{
    return number(flag, v, 100, UINT64_C(1) << 30, &o->slice);
}

static bool opt_stats_json(struct run_options *o, const char *flag, const char *v)
{
    if (*v == '\0') {
        fprintf(stderr, "trapeze: %s: empty file name\n", flag);
        return false;
    }
    o->stats_json = v;
    return true;
}

static bool opt_trace(struct run_options *o, const char *flag, const char *v)
{
    static const struct { const char *name; unsigned cpu; bool mmio, traps; } kinds[] = {
        { "insn", CPU_TRACE_INSN, false, false }, { "exc", CPU_TRACE_EXC, false, false },
        { "tlb", CPU_TRACE_TLB, false, false },   { "mmio", 0, true, false },
        { "traps", 0, false, true },
    };
    const char *p = v;
    if (*p == '\0') {
        fprintf(stderr, "trapeze: %s: empty list (kinds: insn, exc, tlb, mmio, traps)\n", flag);
        return false;
    }
    while (*p) {
        size_t len = strcspn(p, ",");
        size_t i;
        for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
            if (strlen(kinds[i].name) == len && strncmp(p, kinds[i].name, len) == 0)
                break;
        if (i == sizeof kinds / sizeof kinds[0]) {
            fprintf(stderr, "trapeze: %s: unknown trace kind '%.*s' "
                    "(kinds: insn, exc, tlb, mmio, traps)\n", flag, (int)len, p);
            return false;
        }
        o->trace |= kinds[i].cpu;
        o->trace_mmio |= kinds[i].mmio;
        o->trace_traps |= kinds[i].traps;
        p += len;
        if (*p == ',')
            p++;
    }
    return true;
}

static bool opt_headless(struct run_options *o, const char *f, const char *v)
{
    (void)f; (void)v;
    o->headless = true;
    return true;
}

static bool opt_stats(struct run_options *o, const char *f, const char *v)
{
    (void)f; (void)v;
    o->stats = true;
    return true;
}

static bool opt_debug(struct run_options *o, const char *f, const char *v)
{
    (void)f; (void)v;
    o->debug = true;
    return true;
}

static bool opt_script(struct run_options *o, const char *flag, const char *v)
{
    if (*v == '\0') {
        fprintf(stderr, "trapeze: %s: empty file name\n", flag);
        return false;
    }
    o->script = v;
    o->debug = true;                  /* a script is read by the debugger */
    return true;
}

static bool opt_gdb(struct run_options *o, const char *flag, const char *v)
{
    uint64_t n;
    if (!number(flag, v, 1, 65535, &n))
        return false;
    o->gdb_port = (unsigned)n;
    return true;
}

struct option_row {
    const char *name;
    const char *arg;          /* NULL: a switch */
    bool (*apply)(struct run_options *, const char *flag, const char *value);
    const char *help;
};

static const struct option_row options[] = {
    { "--headless", NULL, opt_headless, "no window: the console is this terminal" },
    { "--ram", "MiB", opt_ram, "RAM size (1..448, default 64; under the monitor the\n"
      "                         VMs' RAM plus 1 MiB for the monitor must fit in 448)" },
    { "--tlb-entries", "N", opt_tlb, "TLB size (16..64, default 32)" },
    { "--count-divisor", "N", opt_divisor, "Count advances once per N instructions (default 1)" },
    { "--max-insns", "N", opt_max_insns, "stop after N instructions (exit status 124)" },
    { "--trace", "KINDS", opt_trace, "trace to stderr: insn,exc,tlb,mmio,traps" },
    { "--stats", NULL, opt_stats, "print statistics to stderr at exit" },
    { "--args", "TEXT", opt_args, "boot argument string for the kernel" },
    { "--vm", "FILE", opt_vm, "run FILE in a VM under the monitor (repeat for more;\n"
      "                         --ram, --args and --console after it are that VM's)" },
    { "--console", "FILE", opt_console, "also write this VM's console output to FILE" },
    { "--slice", "N", opt_slice, "monitor time slice in instructions (default 100000)" },
    { "--stats-json", "FILE", opt_stats_json, "write the monitor's statistics as JSON" },
    { "--debug", NULL, opt_debug, "start the debugger console (see docs/debugger.md)" },
    { "--script", "FILE", opt_script, "debugger commands from FILE, echoed (implies --debug)" },
    { "--gdb", "PORT", opt_gdb, "GDB remote stub on 127.0.0.1:PORT (the bare machine,\n"
      "                         or vm1 under the monitor)" },
};
#define NOPTIONS (sizeof options / sizeof options[0])

void cli_usage(FILE *out)
{
    fprintf(out,
        "usage: trapeze run [options] kernel.elf\n"
        "       trapeze run [options] --vm a.elf [--ram MiB] [--args TEXT] --vm b.elf ...\n"
        "       trapeze --help | --version\n\n"
        "Boot kernel.elf on the bare trapeze machine (a MIPS32 4Kc-class CPU with\n"
        "a 16550 UART console).  The exit status is the guest's power-off code.\n"
        "With --vm, the monitor runs each kernel in its own VM by trap-and-emulate;\n"
        "the run ends when every VM has stopped, with the first non-zero code.\n"
        "Console input goes to vm1; type Ctrl-A then a digit to send it to another.\n\n"
        "options:\n");
    for (size_t i = 0; i < NOPTIONS; i++) {
        char left[40];
        snprintf(left, sizeof left, "%s%s%s", options[i].name,
                 options[i].arg ? " " : "", options[i].arg ? options[i].arg : "");
        fprintf(out, "  %-22s %s\n", left, options[i].help);
    }
    fprintf(out, "\nexit status: the guest's power-off code; 2 bad input; "
            "124 --max-insns reached;\n125 the guest waits for an interrupt "
            "that can never come.\n");
}

static const struct option_row *find_option(const char *name, size_t len)
{
    for (size_t i = 0; i < NOPTIONS; i++)
        if (strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0)
            return &options[i];
    return NULL;
}

bool cli_parse_run(int argc, char **argv, struct run_options *o)
{
    memset(o, 0, sizeof *o);
    o->ram_mib = RAM_DEFAULT_MIB;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == '\0') {
            if (o->kernel) {
                fprintf(stderr, "trapeze: run: more than one kernel given "
                        "('%s' and '%s')\n", o->kernel, a);
                return false;
            }
            o->kernel = a;
            continue;
        }
        const char *eq = strchr(a, '=');
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
        const struct option_row *row = find_option(a, len);
        if (row == NULL) {
            fprintf(stderr, "trapeze: run: unknown option '%.*s' "
                    "(see trapeze --help)\n", (int)len, a);
            return false;
        }
        const char *value = NULL;
        if (row->arg) {
            if (eq)
                value = eq + 1;
            else if (i + 1 < argc)
                value = argv[++i];
            else {
                fprintf(stderr, "trapeze: %s needs a value (%s)\n", row->name, row->arg);
                return false;
            }
        } else if (eq) {
            fprintf(stderr, "trapeze: %s takes no value\n", row->name);
            return false;
        }
        if (!row->apply(o, row->name, value))
            return false;
    }
    if (o->kernel && o->nvms > 0) {
        fprintf(stderr, "trapeze: run: give either one kernel or --vm "
                "kernels, not both ('%s' and --vm %s)\n", o->kernel,
                o->vms[0].kernel);
        return false;
    }
    if (o->kernel == NULL && o->nvms == 0) {
        fprintf(stderr, "trapeze: run: no kernel given (usage: trapeze run "
                "[options] kernel.elf)\n");
        return false;
    }
    if (o->nvms == 0 && (o->slice || o->trace_traps || o->stats_json)) {
        fprintf(stderr, "trapeze: run: --slice, --trace traps and "
                "--stats-json need the monitor (--vm)\n");
        return false;
    }
    return true;
}
