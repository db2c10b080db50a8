/*
 * bench.c -- trapeze's CPU-bound bare-metal benchmark workload.
 *
 * Five integer kernels, each run a fixed number of rounds that scales with
 * BENCH_SCALE (about 1 million guest instructions per kernel per unit of
 * scale, so BENCH_SCALE=600 is about 2.9 billion instructions in all):
 *
 *   crc32    table-driven CRC-32 of an 8 KiB buffer plus a bitwise CRC-32
 *   sort     quicksort and heapsort of 2048 pseudo-random ints, compared
 *   matmul   24x24 integer matrix multiply, fed back into itself
 *   list     linked lists: build, traverse, reverse, merge sort, delete,
 *            sorted insertion
 *   string   strlen/strcmp/memcpy, tokenising, dictionary look-up,
 *            naive and Horspool substring search, FNV-1a hashing
 *
 * Each kernel checks its own results (known CRC, sortedness, quicksort ==
 * heapsort, ...) and the program prints one checksum line per kernel and a
 * total, all independent of the machine it runs on:
 *
 *   bench: kernel crc32 checksum 0x........
 *   ...
 *   bench: total checksum 0x........
 *   bench: done (0 errors)
 *
 * and exits with 0, or 1 if a self-check failed.  Build with
 * -DBENCH_COUNT to also print CP0 Count deltas per kernel (on trapeze,
 * Count advances once per retired instruction).
 */
#include "bench.h"

/* ------------------------------------------------------------------ */
/* Support: the library functions GCC may call, a PRNG, a hash mix.    */

void *memcpy(void *d, const void *s, size_t n)
{
    uint8_t *dp = d;
    const uint8_t *sp = s;
    if ((((uint32_t)dp | (uint32_t)sp | n) & 3) == 0) {
        uint32_t *dw = d;
        const uint32_t *sw = s;
        for (n >>= 2; n; n--)
            *dw++ = *sw++;
        return d;
    }
    while (n--)
        *dp++ = *sp++;
    return d;
}

void *memmove(void *d, const void *s, size_t n)
{
    uint8_t *dp = d;
    const uint8_t *sp = s;
    if (dp <= sp || dp >= sp + n)
        return memcpy(d, s, n);
    while (n--)
        dp[n] = sp[n];
    return d;
}

void *memset(void *d, int c, size_t n)
{
    uint8_t *dp = d;
    while (n--)
        *dp++ = (uint8_t)c;
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *ap = a, *bp = b;
    for (; n; n--, ap++, bp++)
        if (*ap != *bp)
            return *ap - *bp;
    return 0;
}

static uint32_t rng_state;

static void rng_seed(uint32_t s)
{
    rng_state = s ? s : 0x9E3779B9u;
}

static uint32_t rng(void)       /* xorshift32 */
{
    uint32_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return rng_state = x;
}

static uint32_t mix(uint32_t h, uint32_t v)
{
    h ^= v;
    h *= 0x01000193u;
    h ^= h >> 15;
    return h;
}

static uint32_t errors;

static void fail(const char *kernel, const char *what, uint32_t round)
{
    bench_puts("bench: FAIL ");
    bench_puts(kernel);
    bench_puts(": ");
    bench_puts(what);
    bench_puts(" in round ");
    bench_putu(round);
    bench_puts("\n");
    errors++;
}

/* ------------------------------------------------------------------ */
/* crc32                                                               */

#define CRC_BUF     8192
#define CRC_BITS    512
#define CRC_REPS    8           /* rounds per unit of BENCH_SCALE */

static uint8_t crc_buf[CRC_BUF];
static uint32_t crc_table[256];

static void crc_make_table(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static uint32_t crc32_table(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    while (n--)
        crc = crc_table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

static uint32_t crc32_bitwise(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
    }
    return ~crc;
}

static uint32_t kernel_crc32(uint32_t rounds)
{
    static const uint8_t check[] = "123456789";
    uint32_t sum = 0;

    crc_make_table();
    if (crc32_table(0, check, 9) != 0xCBF43926u)
        fail("crc32", "table CRC of \"123456789\"", 0);
    if (crc32_bitwise(0, check, 9) != 0xCBF43926u)
        fail("crc32", "bitwise CRC of \"123456789\"", 0);

    rng_seed(0x0C0FFEEu);
    for (int i = 0; i < CRC_BUF; i++)
        crc_buf[i] = (uint8_t)(rng() >> 24);

    for (uint32_t r = 0; r < rounds; r++) {
        crc_buf[(r * 7919u) % CRC_BUF] ^= (uint8_t)(r + 1);
        uint32_t a = crc32_table(r, crc_buf, CRC_BUF);
        uint32_t off = (r * 61u) % (CRC_BUF - CRC_BITS);
        uint32_t b = crc32_bitwise(0, crc_buf + off, CRC_BITS);
        if (b != crc32_table(0, crc_buf + off, CRC_BITS))
            fail("crc32", "bitwise != table", r);
        sum = mix(sum, a);
        sum = mix(sum, b);
    }
    return sum;
}

/* ------------------------------------------------------------------ */
/* sort                                                                */

#define SORT_N      2048
#define SORT_REPS   1

static int32_t sort_a[SORT_N], sort_b[SORT_N];

static void insertion_sort(int32_t *a, int n)
{
    for (int i = 1; i < n; i++) {
        int32_t v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void swap32(int32_t *a, int32_t *b)
{
    int32_t t = *a;
    *a = *b;
    *b = t;
}

/* Hoare-partition quicksort, median of three, insertion sort below 16;
 * recurses into the smaller half, loops on the larger. */
static void quicksort(int32_t *a, int n)
{
    while (n > 16) {
        int mid = n / 2;
        if (a[mid] < a[0])
            swap32(&a[mid], &a[0]);
        if (a[n - 1] < a[0])
            swap32(&a[n - 1], &a[0]);
        if (a[n - 1] < a[mid])
            swap32(&a[n - 1], &a[mid]);
        int32_t pivot = a[mid];
        int i = -1, j = n;
        for (;;) {
            do i++; while (a[i] < pivot);
            do j--; while (a[j] > pivot);
            if (i >= j)
                break;
            swap32(&a[i], &a[j]);
        }
        int left = j + 1;
        if (left < n - left) {
            quicksort(a, left);
            a += left;
            n -= left;
        } else {
            quicksort(a + left, n - left);
            n = left;
        }
    }
    insertion_sort(a, n);
}

static void sift_down(int32_t *a, int root, int end)
{
    int32_t v = a[root];
    for (;;) {
        int child = 2 * root + 1;
        if (child >= end)
            break;
        if (child + 1 < end && a[child + 1] > a[child])
            child++;
        if (a[child] <= v)
            break;
        a[root] = a[child];
        root = child;
    }
    a[root] = v;
}

static void heapsort(int32_t *a, int n)
{
    for (int i = n / 2 - 1; i >= 0; i--)
        sift_down(a, i, n);
    for (int end = n - 1; end > 0; end--) {
        swap32(&a[0], &a[end]);
        sift_down(a, 0, end);
    }
}

static uint32_t kernel_sort(uint32_t rounds)
{
    uint32_t sum = 0;

    for (uint32_t r = 0; r < rounds; r++) {
        rng_seed(r * 2654435761u + 12345u);
        uint32_t range = (r & 3) == 3 ? 0xFFu : 0xFFFFFFFFu;    /* duplicates */
        for (int i = 0; i < SORT_N; i++)
            sort_a[i] = (int32_t)(rng() & range) - (int32_t)(range >> 1);
        memcpy(sort_b, sort_a, sizeof sort_a);
        quicksort(sort_a, SORT_N);
        heapsort(sort_b, SORT_N);
        for (int i = 1; i < SORT_N; i++)
            if (sort_a[i - 1] > sort_a[i]) {
                fail("sort", "quicksort result not sorted", r);
                break;
            }
        if (memcmp(sort_a, sort_b, sizeof sort_a) != 0)
            fail("sort", "quicksort != heapsort", r);
        uint32_t s = 0;
        for (int i = 0; i < SORT_N; i++)
            s += (uint32_t)sort_a[i] ^ (uint32_t)i;
        sum = mix(sum, s);
        sum = mix(sum, (uint32_t)sort_a[SORT_N / 2]);
    }
    return sum;
}

/* ------------------------------------------------------------------ */
/* matmul                                                              */

#define MAT_N       24
#define MAT_REPS    10

static int32_t ma[MAT_N][MAT_N], mb[MAT_N][MAT_N], mc[MAT_N][MAT_N];

static void matmul(int32_t c[MAT_N][MAT_N], int32_t a[MAT_N][MAT_N],
                   int32_t b[MAT_N][MAT_N])
{
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) {
            int32_t s = 0;
            for (int k = 0; k < MAT_N; k++)
                s += a[i][k] * b[k][j];
            c[i][j] = s;
        }
}

static uint32_t kernel_matmul(uint32_t rounds)
{
    uint32_t sum = 0;

    rng_seed(0xBADC0DEu);
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) {
            ma[i][j] = (int32_t)(rng() & 0xFF) - 128;
            mb[i][j] = (int32_t)(rng() & 0xFF) - 128;
        }

    for (uint32_t r = 0; r < rounds; r++) {
        matmul(mc, ma, mb);
        int32_t trace = 0;
        uint32_t s = 0;
        for (int i = 0; i < MAT_N; i++) {
            trace += mc[i][i];
            for (int j = 0; j < MAT_N; j++) {
                s = s * 31u + (uint32_t)mc[i][j];
                /* feed back, bounded to [-128, 127] */
                ma[i][j] = (int32_t)((((uint32_t)mc[i][j] >> 3) ^ r) & 0xFF) - 128;
            }
        }
        sum = mix(sum, s);
        sum = mix(sum, (uint32_t)trace);
    }
    return sum;
}

/* ------------------------------------------------------------------ */
/* list                                                                */

#define LIST_N      1024
#define LIST_INS    96
#define LIST_REPS   4

struct node {
    struct node *next;
    uint32_t val;
};

static struct node pool[LIST_N + LIST_INS];

static struct node *list_reverse(struct node *h)
{
    struct node *prev = 0;
    while (h) {
        struct node *next = h->next;
        h->next = prev;
        prev = h;
        h = next;
    }
    return prev;
}

static struct node *list_merge(struct node *a, struct node *b)
{
    struct node head, *t = &head;
    while (a && b) {
        if (a->val <= b->val) {
            t->next = a;
            a = a->next;
        } else {
            t->next = b;
            b = b->next;
        }
        t = t->next;
    }
    t->next = a ? a : b;
    return head.next;
}

static struct node *list_sort(struct node *h)     /* top-down merge sort */
{
    if (!h || !h->next)
        return h;
    struct node *slow = h, *fast = h->next;
    while (fast && fast->next) {
        slow = slow->next;
        fast = fast->next->next;
    }
    struct node *b = slow->next;
    slow->next = 0;
    return list_merge(list_sort(h), list_sort(b));
}

static struct node *list_insert_sorted(struct node *h, struct node *n)
{
    struct node **pp = &h;
    while (*pp && (*pp)->val < n->val)
        pp = &(*pp)->next;
    n->next = *pp;
    *pp = n;
    return h;
}

static uint32_t kernel_list(uint32_t rounds)
{
    uint32_t sum = 0;

    for (uint32_t r = 0; r < rounds; r++) {
        rng_seed(r * 0x9E3779B1u + 99u);

        /* build: head insertion, nodes taken from the pool in a
         * scattered order so traversal chases pointers around memory */
        struct node *h = 0;
        for (uint32_t i = 0; i < LIST_N; i++) {
            struct node *n = &pool[(i * 389u + r) % LIST_N];
            n->val = rng();
            n->next = h;
            h = n;
        }

        /* traverse */
        uint32_t count = 0, s = 0;
        for (struct node *n = h; n; n = n->next) {
            s += n->val;
            count++;
        }
        if (count != LIST_N)
            fail("list", "length after build", r);

        /* reverse, traverse with position weights */
        h = list_reverse(h);
        uint32_t w = 0;
        for (struct node *n = h; n; n = n->next)
            w = w * 33u + n->val;

        /* merge sort, check */
        h = list_sort(h);
        uint32_t prev = 0, c2 = 0, s2 = 0;
        for (struct node *n = h; n; n = n->next) {
            if (n->val < prev)
                fail("list", "merge sort result not sorted", r);
            prev = n->val;
            s2 += n->val;
            c2++;
        }
        if (c2 != LIST_N || s2 != s)
            fail("list", "merge sort lost nodes", r);

        /* delete every node whose value is a multiple of 3 (in a byte) */
        uint32_t kept = 0;
        for (struct node **pp = &h; *pp;) {
            if (((*pp)->val >> 8 & 0xFF) % 3 == 0)
                *pp = (*pp)->next;
            else {
                pp = &(*pp)->next;
                kept++;
            }
        }

        /* sorted insertion into a short list */
        struct node *sh = 0;
        for (uint32_t i = 0; i < LIST_INS; i++) {
            struct node *n = &pool[LIST_N + i];
            n->val = rng() >> 16;
            sh = list_insert_sorted(sh, n);
        }
        uint32_t m = 0;
        for (struct node *n = sh; n; n = n->next)
            m = m * 7u + n->val;

        sum = mix(sum, s);
        sum = mix(sum, w);
        sum = mix(sum, kept);
        sum = mix(sum, h ? h->val : 0);
        sum = mix(sum, m);
    }
    return sum;
}

/* ------------------------------------------------------------------ */
/* string                                                              */

#define TEXT_MAX    4096
#define NWORDS      32
#define STR_REPS    2

static const char *const words[NWORDS] = {
    "trap", "emulate", "kernel", "monitor", "shadow", "entry", "refill",
    "exception", "vector", "status", "cause", "epc", "delay", "slot",
    "branch", "likely", "segment", "kseg0", "kseg1", "kuseg", "asid",
    "page", "mask", "wired", "random", "count", "compare", "interrupt",
    "uart", "disco", "popek", "goldberg",
};

static char text[TEXT_MAX + 64];
static char copy[TEXT_MAX + 64];
static char wbuf[64];

static size_t str_len(const char *s)
{
    const char *p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}

static int str_cmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (uint8_t)*a - (uint8_t)*b;
}

static char *str_cpy(char *d, const char *s)
{
    char *r = d;
    while ((*d++ = *s++))
        ;
    return r;
}

static uint32_t count_naive(const char *t, size_t n, const char *p)
{
    size_t m = str_len(p);
    uint32_t c = 0;
    for (size_t i = 0; i + m <= n; i++) {
        size_t k = 0;
        while (k < m && t[i + k] == p[k])
            k++;
        if (k == m)
            c++;
    }
    return c;
}

static uint32_t count_horspool(const char *t, size_t n, const char *p)
{
    size_t shift[256];
    size_t m = str_len(p);
    uint32_t c = 0;
    for (int i = 0; i < 256; i++)
        shift[i] = m;
    for (size_t i = 0; i + 1 < m; i++)
        shift[(uint8_t)p[i]] = m - 1 - i;
    for (size_t i = 0; i + m <= n; i += shift[(uint8_t)t[i + m - 1]]) {
        size_t k = m;
        while (k > 0 && t[i + k - 1] == p[k - 1])
            k--;
        if (k == 0)
            c++;
    }
    return c;
}

static uint32_t fnv1a(const char *s, size_t n)
{
    uint32_t h = 0x811C9DC5u;
    while (n--) {
        h ^= (uint8_t)*s++;
        h *= 0x01000193u;
    }
    return h;
}

static uint32_t kernel_string(uint32_t rounds)
{
    uint32_t sum = 0;
    uint32_t hist[NWORDS];

    for (uint32_t r = 0; r < rounds; r++) {
        /* build a text of dictionary words */
        rng_seed(r * 0x85EBCA6Bu + 7u);
        size_t len = 0;
        text[0] = 0;
        while (len < TEXT_MAX - 16) {
            const char *w = words[rng() % NWORDS];
            str_cpy(text + len, w);
            len += str_len(w);
            text[len++] = (rng() & 7) == 0 ? ',' : ' ';
        }
        text[len] = 0;
        if (str_len(text) != len)
            fail("string", "strlen", r);

        /* tokenise; look each word up in the dictionary */
        for (int i = 0; i < NWORDS; i++)
            hist[i] = 0;
        uint32_t nw = 0;
        for (const char *p = text; *p;) {
            while (*p == ' ' || *p == ',')
                p++;
            const char *q = p;
            while (*q && *q != ' ' && *q != ',')
                q++;
            if (q == p)
                break;
            memcpy(wbuf, p, (size_t)(q - p));
            wbuf[q - p] = 0;
            int i;
            for (i = 0; i < NWORDS; i++)
                if (str_cmp(wbuf, words[i]) == 0)
                    break;
            if (i == NWORDS)
                fail("string", "word not in dictionary", r);
            else
                hist[i]++;
            nw++;
            p = q;
        }

        /* substring search, two ways */
        uint32_t c1 = count_naive(text, len, "kseg");
        uint32_t c2 = count_horspool(text, len, "kseg");
        if (c1 != c2 || c1 != hist[17] + hist[18])
            fail("string", "substring counts disagree", r);
        uint32_t c3 = count_horspool(text, len, "trap emulate");
        if (c3 != count_naive(text, len, "trap emulate"))
            fail("string", "Horspool != naive", r);

        /* copy, reverse in place, compare, hash */
        memcpy(copy, text, len + 1);
        if (str_cmp(copy, text) != 0)
            fail("string", "copy differs", r);
        for (size_t i = 0, j = len - 1; i < j; i++, j--) {
            char t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        int cmp = str_cmp(text, copy);

        sum = mix(sum, (uint32_t)len);
        sum = mix(sum, nw);
        for (int i = 0; i < NWORDS; i++)
            sum = mix(sum, hist[i]);
        sum = mix(sum, c1);
        sum = mix(sum, c3);
        sum = mix(sum, (uint32_t)(cmp < 0 ? 1 : cmp > 0 ? 2 : 0));
        sum = mix(sum, fnv1a(copy, len));
    }
    return sum;
}

/* ------------------------------------------------------------------ */

#ifdef BENCH_COUNT
static uint32_t read_count(void)
{
    uint32_t v;
    __asm__ __volatile__("mfc0 %0, $9" : "=r"(v));
    return v;
}

/* A loop of exactly 3 * n + 2 instructions, to calibrate Count. */
static void calibrate(uint32_t n)
{
    __asm__ __volatile__(
        ".set push\n\t.set noreorder\n"
        "1:\taddiu %0, %0, -1\n\t"
        "bnez %0, 1b\n\t"
        "nop\n\t"
        ".set pop"
        : "+r"(n));
}
#endif

struct kernel {
    const char *name;
    uint32_t (*fn)(uint32_t rounds);
    uint32_t reps;
};

static const struct kernel kernels[] = {
    { "crc32",  kernel_crc32,  CRC_REPS },
    { "sort",   kernel_sort,   SORT_REPS },
    { "matmul", kernel_matmul, MAT_REPS },
    { "list",   kernel_list,   LIST_REPS },
    { "string", kernel_string, STR_REPS },
};

int main(void)
{
    uint32_t total = 0;

    bench_puts("bench: trapeze bench workload, BENCH_SCALE=");
    bench_putu(BENCH_SCALE);
    bench_puts("\n");

#ifdef BENCH_COUNT
    {
        uint32_t t0 = read_count();
        calibrate(1000000);
        uint32_t t1 = read_count();
        bench_puts("bench: count: calibrate 3000002 insns ");
        bench_putu(t1 - t0);
        bench_puts("\n");
    }
#endif

    for (unsigned k = 0; k < sizeof kernels / sizeof kernels[0]; k++) {
#ifdef BENCH_COUNT
        uint32_t t0 = read_count();
#endif
        uint32_t c = kernels[k].fn(kernels[k].reps * BENCH_SCALE);
#ifdef BENCH_COUNT
        uint32_t t1 = read_count();
        bench_puts("bench: count: ");
        bench_puts(kernels[k].name);
        bench_puts(" ");
        bench_putu(t1 - t0);
        bench_puts("\n");
#endif
        bench_puts("bench: kernel ");
        bench_puts(kernels[k].name);
        bench_puts(" checksum ");
        bench_putx(c);
        bench_puts("\n");
        total = mix(total, c);
    }

    bench_puts("bench: total checksum ");
    bench_putx(total);
    bench_puts("\n");
    bench_puts("bench: done (");
    bench_putu(errors);
    bench_puts(" errors)\n");
    return errors ? 1 : 0;
}
