/*
 * stub.c -- GDB's commands, one handler each, found through one table.
 *
 * A handler receives the text after its command's name and fills the reply.
 * Every number is parsed strictly (hex.h) and every length is checked
 * against the reply buffer before anything is read or written, so a
 * malformed packet earns an "Enn" reply and nothing else.  An unknown
 * command earns the empty reply, which the protocol defines as "not
 * supported".
 */
#include <stdio.h>
#include <string.h>
#include "hex.h"
#include "regs.h"
#include "stub.h"
#include "target.h"

#define THREAD_ID "1"                 /* the one thread GDB sees */
#define MEM_MAX (GDB_PACKET_MAX / 2)  /* bytes per m/M/X: hex doubles them */

/* ---- replies -------------------------------------------------------------- */

static enum gdb_action reply(struct gdb_reply *r, const char *text)
{
    size_t n = strlen(text);
    if (n > GDB_PACKET_MAX)
        n = GDB_PACKET_MAX;
    memcpy(r->buf, text, n);
    r->buf[n] = '\0';
    r->len = n;
    return GDB_ACT_REPLY;
}

static enum gdb_action reply_ok(struct gdb_reply *r)
{
    return reply(r, "OK");
}

/* ---- registers -------------------------------------------------------------- */

static enum gdb_action cmd_read_all_regs(struct gdb_stub *s, char *a,
                                         size_t n, struct gdb_reply *r)
{
    (void)a; (void)n;
    for (unsigned i = 0; i < GDB_NREGS; i++) {
        uint32_t v;
        if (gdb_reg_read(s->t, s->vm, i, &v))
            hex_le32(v, r->buf + 8 * i);
        else
            memset(r->buf + 8 * i, 'x', 8);   /* "unavailable" */
    }
    r->len = 8 * GDB_NREGS;
    r->buf[r->len] = '\0';
    return GDB_ACT_REPLY;
}

/* Write one register if its value changes: GDB's 'G' sends every
 * register back, including ones the target cannot write (cause). */
static bool write_if_changed(struct gdb_stub *s, unsigned reg, uint32_t v)
{
    uint32_t old;
    if (gdb_reg_read(s->t, s->vm, reg, &old) && old == v)
        return true;
    return gdb_reg_write(s->t, s->vm, reg, v);
}

static enum gdb_action cmd_write_all_regs(struct gdb_stub *s, char *a,
                                          size_t n, struct gdb_reply *r)
{
    if (n == 0 || n % 8 != 0 || n > 8 * GDB_NREGS || strlen(a) != n)
        return reply(r, GDB_E_SYNTAX);
    uint32_t v[GDB_NREGS];
    for (unsigned i = 0; i < n / 8; i++)
        if (!unhex_le32(a + 8 * i, &v[i]))
            return reply(r, GDB_E_SYNTAX);
    bool ok = true;
    for (unsigned i = 0; i < n / 8; i++)
        ok = write_if_changed(s, i, v[i]) && ok;
    return reply(r, ok ? "OK" : GDB_E_REGISTER);
}

static enum gdb_action cmd_read_reg(struct gdb_stub *s, char *a, size_t n,
                                    struct gdb_reply *r)
{
    (void)n;
    const char *p = a;
    uint64_t reg;
    uint32_t v;
    if (!hex_u64(&p, &reg) || *p != '\0')
        return reply(r, GDB_E_SYNTAX);
    if (reg >= GDB_NREGS || !gdb_reg_read(s->t, s->vm, (unsigned)reg, &v))
        return reply(r, GDB_E_REGISTER);
    hex_le32(v, r->buf);
    r->len = 8;
    r->buf[8] = '\0';
    return GDB_ACT_REPLY;
}

static enum gdb_action cmd_write_reg(struct gdb_stub *s, char *a, size_t n,
                                     struct gdb_reply *r)
{
    (void)n;
    const char *p = a;
    uint64_t reg;
    uint32_t v;
    if (!hex_u64(&p, &reg) || !expect_char(&p, '=') || strlen(p) != 8 ||
        !unhex_le32(p, &v))
        return reply(r, GDB_E_SYNTAX);
    if (reg >= GDB_NREGS || !gdb_reg_write(s->t, s->vm, (unsigned)reg, v))
        return reply(r, GDB_E_REGISTER);
    return reply_ok(r);
}

/* ---- memory --------------------------------------------------------------- */

/* "ADDR,LEN" followed by `end` (':' or NUL). */
static bool parse_addr_len(const char **p, uint32_t *addr, uint64_t *len,
                           char end)
{
    return hex_addr(p, addr) && expect_char(p, ',') && hex_u64(p, len) &&
           **p == end;
}

static enum gdb_action cmd_read_mem(struct gdb_stub *s, char *a, size_t n,
                                    struct gdb_reply *r)
{
    (void)n;
    const char *p = a;
    uint32_t addr;
    uint64_t len;
    if (!parse_addr_len(&p, &addr, &len, '\0') || len == 0)
        return reply(r, GDB_E_SYNTAX);
    if (len > MEM_MAX)
        len = MEM_MAX;                  /* GDB accepts a shorter answer */
    uint8_t bytes[MEM_MAX];
    size_t got = target_mem_read(s->t, s->vm, TARGET_SPACE_VIRT, addr, bytes,
                                 (size_t)len);
    if (got == 0)
        return reply(r, GDB_E_MEMORY);
    hex_encode(bytes, got, r->buf);
    r->len = 2 * got;
    r->buf[r->len] = '\0';
    return GDB_ACT_REPLY;
}

static enum gdb_action write_mem(struct gdb_stub *s, uint32_t addr,
                                 const void *bytes, size_t len,
                                 struct gdb_reply *r)
{
    if (len == 0)
        return reply_ok(r);             /* GDB probes X with length 0 */
    size_t put = target_mem_write(s->t, s->vm, TARGET_SPACE_VIRT, addr,
                                  bytes, len);
    return reply(r, put == len ? "OK" : GDB_E_MEMORY);
}

static enum gdb_action cmd_write_mem_hex(struct gdb_stub *s, char *a,
                                         size_t n, struct gdb_reply *r)
{
    const char *p = a;
    uint32_t addr;
    uint64_t len;
    if (!parse_addr_len(&p, &addr, &len, ':') || len > MEM_MAX)
        return reply(r, GDB_E_SYNTAX);
    p++;
    size_t digits = n - (size_t)(p - a);
    uint8_t bytes[MEM_MAX];
    if (digits != 2 * len || !hex_decode(p, (size_t)len, bytes))
        return reply(r, GDB_E_SYNTAX);
    return write_mem(s, addr, bytes, (size_t)len, r);
}

static enum gdb_action cmd_write_mem_bin(struct gdb_stub *s, char *a,
                                         size_t n, struct gdb_reply *r)
{
    const char *p = a;
    uint32_t addr;
    uint64_t len;
    if (!parse_addr_len(&p, &addr, &len, ':') || len > MEM_MAX)
        return reply(r, GDB_E_SYNTAX);
    p++;
    char *data = a + (p - a);
    long got = gdb_unescape(data, n - (size_t)(p - a));
    if (got < 0 || (uint64_t)got != len)
        return reply(r, GDB_E_SYNTAX);
    return write_mem(s, addr, data, (size_t)len, r);
}

/* ---- running -------------------------------------------------------------- */

/* An optional resume address: empty, or ADDR at the end. */
static bool resume_at(struct gdb_stub *s, const char *p)
{
    if (*p == '\0')
        return true;
    uint32_t addr;
    if (!hex_addr(&p, &addr) || *p != '\0')
        return false;
    return target_reg_write(s->t, s->vm, TARGET_REG_PC, addr);
}

/* "Csig[;addr]" and "Ssig[;addr]": the signal means nothing to a machine. */
static bool skip_signal(const char **p)
{
    uint64_t sig;
    if (!hex_u64(p, &sig) || sig > 255)
        return false;
    return **p == '\0' || expect_char(p, ';');
}

/* c, s, C and S: an optional signal, an optional new PC, then go. */
static enum gdb_action resume(struct gdb_stub *s, const char *a, bool with_signal,
                              enum gdb_action go, struct gdb_reply *r)
{
    if ((with_signal && !skip_signal(&a)) || !resume_at(s, a))
        return reply(r, GDB_E_SYNTAX);
    return go;
}

static enum gdb_action cmd_continue(struct gdb_stub *s, char *a, size_t n,
                                    struct gdb_reply *r)
{
    (void)n;
    return resume(s, a, false, GDB_ACT_CONTINUE, r);
}

static enum gdb_action cmd_step(struct gdb_stub *s, char *a, size_t n,
                                struct gdb_reply *r)
{
    (void)n;
    return resume(s, a, false, GDB_ACT_STEP, r);
}

static enum gdb_action cmd_continue_sig(struct gdb_stub *s, char *a, size_t n,
                                        struct gdb_reply *r)
{
    (void)n;
    return resume(s, a, true, GDB_ACT_CONTINUE, r);
}

static enum gdb_action cmd_step_sig(struct gdb_stub *s, char *a, size_t n,
                                    struct gdb_reply *r)
{
    (void)n;
    return resume(s, a, true, GDB_ACT_STEP, r);
}

static enum gdb_action cmd_vcont_query(struct gdb_stub *s, char *a, size_t n,
                                       struct gdb_reply *r)
{
    (void)s; (void)a; (void)n;
    return reply(r, "vCont;c;C;s;S");
}

/* "vCont;ACTION[:THREAD]...": one thread, so the first action is ours. */
static enum gdb_action cmd_vcont(struct gdb_stub *s, char *a, size_t n,
                                 struct gdb_reply *r)
{
    (void)s;
    if (n == 0)
        return reply(r, GDB_E_SYNTAX);
    const char *p = a + 1;
    char action = *a;
    if (action == 'C' || action == 'S') {
        uint64_t sig;
        if (!hex_u64(&p, &sig))
            return reply(r, GDB_E_SYNTAX);
    }
    if (*p != '\0' && *p != ':' && *p != ';')
        return reply(r, GDB_E_SYNTAX);
    if (action == 'c' || action == 'C')
        return GDB_ACT_CONTINUE;
    if (action == 's' || action == 'S')
        return GDB_ACT_STEP;
    return reply(r, GDB_E_SYNTAX);
}

static enum gdb_action cmd_kill(struct gdb_stub *s, char *a, size_t n,
                                struct gdb_reply *r)
{
    (void)s; (void)a; (void)n;
    r->len = 0;
    r->buf[0] = '\0';
    return GDB_ACT_KILL;
}

static enum gdb_action cmd_vkill(struct gdb_stub *s, char *a, size_t n,
                                 struct gdb_reply *r)
{
    (void)s; (void)a; (void)n;
    reply_ok(r);
    return GDB_ACT_KILL;
}

static enum gdb_action cmd_detach(struct gdb_stub *s, char *a, size_t n,
                                  struct gdb_reply *r)
{
    (void)s; (void)a; (void)n;
    reply_ok(r);
    return GDB_ACT_DETACH;
}

/* ---- breakpoints and watchpoints --------------------------------------------- */

/* gdb's MIPS support takes watchpoints as "non-steppable": it expects the
 * stop *before* the access, at the instruction (or at the branch, for one
 * in a delay slot), then removes the watchpoint, steps over the
 * instruction itself and compares the old and new values.  Hence
 * TARGET_WATCH_BEFORE; a stop after the access would make gdb step one
 * instruction too many. */
static unsigned watch_access(unsigned type)
{
    static const unsigned access[] = {
        [2] = TARGET_WATCH_WRITE,
        [3] = TARGET_WATCH_READ,
        [4] = TARGET_WATCH_READ | TARGET_WATCH_WRITE,
    };
    return access[type] | TARGET_WATCH_BEFORE;
}

/* "TYPE,ADDR,KIND" with optional ";..." (conditions, which we do not
 * announce and ignore). */
static bool parse_point(const char *a, struct gdb_point *pt)
{
    const char *p = a;
    uint64_t type, kind;
    if (!hex_u64(&p, &type) || type > 4 || !expect_char(&p, ',') ||
        !hex_addr(&p, &pt->addr) || !expect_char(&p, ',') ||
        !hex_u64(&p, &kind) || kind == 0 || kind > 0xFFFFFFFFu)
        return false;
    if (*p != '\0' && *p != ';')
        return false;
    pt->type = (unsigned)type;
    pt->kind = (uint32_t)kind;
    return true;
}

static struct gdb_point *find_point(struct gdb_stub *s, const struct gdb_point *pt)
{
    for (unsigned i = 0; i < GDB_MAX_POINTS; i++) {
        struct gdb_point *q = &s->points[i];
        if (q->id > 0 && q->type == pt->type && q->addr == pt->addr &&
            q->kind == pt->kind)
            return q;
    }
    return NULL;
}

static struct gdb_point *free_point(struct gdb_stub *s)
{
    for (unsigned i = 0; i < GDB_MAX_POINTS; i++)
        if (s->points[i].id <= 0)
            return &s->points[i];
    return NULL;
}

static enum gdb_action cmd_insert_point(struct gdb_stub *s, char *a, size_t n,
                                        struct gdb_reply *r)
{
    (void)n;
    struct gdb_point pt;
    if (!parse_point(a, &pt))
        return reply(r, GDB_E_SYNTAX);
    if (find_point(s, &pt))
        return reply_ok(r);             /* already there */
    struct gdb_point *slot = free_point(s);
    if (slot == NULL)
        return reply(r, GDB_E_POINT);
    if (pt.type <= 1)
        pt.id = target_break_insert(s->t, s->vm, pt.addr);
    else
        pt.id = target_watch_insert(s->t, s->vm, pt.addr, pt.kind,
                                    watch_access(pt.type));
    if (pt.id <= 0)
        return reply(r, GDB_E_POINT);
    *slot = pt;
    return reply_ok(r);
}

static enum gdb_action cmd_remove_point(struct gdb_stub *s, char *a, size_t n,
                                        struct gdb_reply *r)
{
    (void)n;
    struct gdb_point pt;
    if (!parse_point(a, &pt))
        return reply(r, GDB_E_SYNTAX);
    struct gdb_point *q = find_point(s, &pt);
    if (q == NULL)
        return reply(r, GDB_E_POINT);
    target_point_remove(s->t, q->id);
    q->id = 0;
    return reply_ok(r);
}

void gdb_stub_clear_points(struct gdb_stub *s)
{
    for (unsigned i = 0; i < GDB_MAX_POINTS; i++) {
        if (s->points[i].id > 0)
            target_point_remove(s->t, s->points[i].id);
        s->points[i].id = 0;
    }
}

/* ---- queries ---------------------------------------------------------------- */

static enum gdb_action cmd_supported(struct gdb_stub *s, char *a, size_t n,
                                     struct gdb_reply *r)
{
    (void)s; (void)a; (void)n;
    char text[160];
    snprintf(text, sizeof text,
             "PacketSize=%x;QStartNoAckMode+;qXfer:features:read+;"
             "vContSupported+", GDB_PACKET_MAX);
    return reply(r, text);
}

static enum gdb_action cmd_noack(struct gdb_stub *s, char *a, size_t n,
                                 struct gdb_reply *r)
{
    (void)a; (void)n;
    s->noack = true;
    return reply_ok(r);
}

/* "target.xml:OFFSET,LENGTH" */
static enum gdb_action cmd_features(struct gdb_stub *s, char *a, size_t n,
                                    struct gdb_reply *r)
{
    (void)n;
    static const char annex[] = "target.xml:";
    if (strncmp(a, annex, sizeof annex - 1) != 0)
        return reply(r, GDB_E_SYNTAX);
    const char *p = a + sizeof annex - 1;
    uint64_t off, len;
    if (!hex_u64(&p, &off) || !expect_char(&p, ',') || !hex_u64(&p, &len) ||
        *p != '\0')
        return reply(r, GDB_E_SYNTAX);
    if (off > s->xml_len)
        off = s->xml_len;
    if (len > (GDB_PACKET_MAX - 1) / 2)
        len = (GDB_PACKET_MAX - 1) / 2;  /* room for every byte escaped */
    size_t take = s->xml_len - (size_t)off;
    if (take > len)
        take = (size_t)len;
    bool last = off + take == s->xml_len;
    r->buf[0] = last ? 'l' : 'm';
    long esc = gdb_escape(s->xml + off, take, r->buf + 1, GDB_PACKET_MAX - 1);
    r->len = 1 + (size_t)(esc < 0 ? 0 : esc);
    r->buf[r->len] = '\0';
    return GDB_ACT_REPLY;
}

static enum gdb_action cmd_last_stop(struct gdb_stub *s, char *a, size_t n,
                                     struct gdb_reply *r)
{
    (void)a; (void)n;
    return reply(r, s->last_stop);
}

static enum gdb_action cmd_ok(struct gdb_stub *s, char *a, size_t n,
                              struct gdb_reply *r)
{
    (void)s; (void)a; (void)n;
    return reply_ok(r);
}

static enum gdb_action cmd_thread_alive(struct gdb_stub *s, char *a, size_t n,
                                        struct gdb_reply *r)
{
    (void)s; (void)n;
    return reply(r, strcmp(a, THREAD_ID) == 0 ? "OK" : GDB_E_SYNTAX);
}

static enum gdb_action cmd_attached(struct gdb_stub *s, char *a, size_t n,
                                    struct gdb_reply *r)
{
    (void)s; (void)a; (void)n;
    return reply(r, "1");   /* quitting GDB detaches; the machine runs on */
}

static enum gdb_action cmd_current_thread(struct gdb_stub *s, char *a,
                                          size_t n, struct gdb_reply *r)
{
    (void)s; (void)a; (void)n;
    return reply(r, "QC" THREAD_ID);
}

static enum gdb_action cmd_first_thread(struct gdb_stub *s, char *a, size_t n,
                                        struct gdb_reply *r)
{
    (void)s; (void)a; (void)n;
    return reply(r, "m" THREAD_ID);
}

static enum gdb_action cmd_next_thread(struct gdb_stub *s, char *a, size_t n,
                                       struct gdb_reply *r)
{
    (void)s; (void)a; (void)n;
    return reply(r, "l");
}

/* ---- the table -------------------------------------------------------------- */

typedef enum gdb_action (*gdb_handler)(struct gdb_stub *s, char *args,
                                       size_t len, struct gdb_reply *r);

struct gdb_command {
    const char *name;
    bool exact;           /* the whole payload (else a prefix) */
    gdb_handler handler;
};

/* Searched in order: a longer name before any name that prefixes it. */
static const struct gdb_command commands[] = {
    { "?",                    true,  cmd_last_stop },
    { "g",                    true,  cmd_read_all_regs },
    { "G",                    false, cmd_write_all_regs },
    { "p",                    false, cmd_read_reg },
    { "P",                    false, cmd_write_reg },
    { "m",                    false, cmd_read_mem },
    { "M",                    false, cmd_write_mem_hex },
    { "X",                    false, cmd_write_mem_bin },
    { "c",                    false, cmd_continue },
    { "C",                    false, cmd_continue_sig },
    { "s",                    false, cmd_step },
    { "S",                    false, cmd_step_sig },
    { "vCont?",               true,  cmd_vcont_query },
    { "vCont;",               false, cmd_vcont },
    { "vKill",                false, cmd_vkill },
    { "Z",                    false, cmd_insert_point },
    { "z",                    false, cmd_remove_point },
    { "k",                    true,  cmd_kill },
    { "D",                    false, cmd_detach },
    { "H",                    false, cmd_ok },
    { "T",                    false, cmd_thread_alive },
    { "qSupported",           false, cmd_supported },
    { "QStartNoAckMode",      true,  cmd_noack },
    { "qXfer:features:read:", false, cmd_features },
    { "qAttached",            false, cmd_attached },
    { "qC",                   true,  cmd_current_thread },
    { "qfThreadInfo",         true,  cmd_first_thread },
    { "qsThreadInfo",         true,  cmd_next_thread },
    { "qSymbol",              false, cmd_ok },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

enum gdb_action gdb_stub_handle(struct gdb_stub *s, char *pkt, size_t len,
                                struct gdb_reply *r)
{
    r->len = 0;
    r->buf[0] = '\0';
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const struct gdb_command *c = &commands[i];
        size_t n = strlen(c->name);
        if (len < n || memcmp(pkt, c->name, n) != 0)
            continue;
        if (c->exact && len != n)
            continue;
        return c->handler(s, pkt + n, len - n, r);
    }
    return GDB_ACT_REPLY;                /* empty: not supported */
}

/* ---- stops ---------------------------------------------------------------- */

static const char *watch_name(const struct gdb_stub *s, int id)
{
    static const char *const names[] = { [2] = "watch", [3] = "rwatch",
                                         [4] = "awatch" };
    for (unsigned i = 0; i < GDB_MAX_POINTS; i++)
        if (s->points[i].id == id && s->points[i].type >= 2)
            return names[s->points[i].type];
    return NULL;
}

static void remember(struct gdb_stub *s, struct gdb_reply *r, const char *text)
{
    snprintf(s->last_stop, sizeof s->last_stop, "%s", text);
    reply(r, text);
}

void gdb_stub_exit_reply(struct gdb_stub *s, int code, struct gdb_reply *r)
{
    char text[8];
    snprintf(text, sizeof text, "W%02x", (unsigned)code & 0xFF);
    remember(s, r, text);
}

void gdb_stub_stop_reply(struct gdb_stub *s, const struct target_stop *st,
                         struct gdb_reply *r)
{
    char text[64];
    const char *watch = NULL;
    if (st->kind == TARGET_STOP_WATCHPOINT)
        watch = watch_name(s, st->id);
    if (watch)
        snprintf(text, sizeof text, "T05%s:%08x;thread:" THREAD_ID ";",
                 watch, (unsigned)st->addr);
    else if (st->kind == TARGET_STOP_REQUEST)
        snprintf(text, sizeof text, "T02thread:" THREAD_ID ";");
    else
        snprintf(text, sizeof text, "T05thread:" THREAD_ID ";");
    remember(s, r, text);
}

void gdb_stub_init(struct gdb_stub *s, struct target *t, unsigned vm)
{
    memset(s, 0, sizeof *s);
    s->t = t;
    s->vm = vm;
    snprintf(s->last_stop, sizeof s->last_stop, "T05thread:" THREAD_ID ";");
    s->xml_len = gdb_target_xml(s->xml, sizeof s->xml);
}
