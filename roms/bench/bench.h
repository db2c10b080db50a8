/*
 * bench.h -- the trapeze bench workload: shared declarations.
 */
#ifndef BENCH_H
#define BENCH_H

typedef unsigned int uint32_t;
typedef int int32_t;
typedef unsigned short uint16_t;
typedef unsigned char uint8_t;
typedef unsigned int size_t;

/* Work scale: each kernel runs BENCH_SCALE times its own number of rounds,
 * about 1 million guest instructions per kernel per unit, so about
 * 4.8 million in all per unit: the default, 600, is about 2.9 billion
 * (docs/PERFORMANCE.md).  Override with make BENCH_SCALE=N. */
#ifndef BENCH_SCALE
#define BENCH_SCALE 600
#endif

/* io.c: one variant per machine. */
void bench_putc(char c);
void bench_puts(const char *s);
void bench_putx(uint32_t v);
void bench_putu(uint32_t v);
void bench_exit(int code) __attribute__((noreturn));

/* The library calls GCC may emit on its own (struct copies and the like);
 * bench.c defines them. */
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif
