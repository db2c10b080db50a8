/*
 * fmt.h -- printf-style formatting, shared by the kernel (kprintf) and
 * the user library (printf).  Only what minikern needs:
 *   %d %u %x %s %c %p %%, with an optional '-' or '0' flag and a width.
 */
#ifndef MINIKERN_FMT_H
#define MINIKERN_FMT_H

#include <stdarg.h>

/* Calls put(c, ctx) for each character of the formatted text. */
void vfmt(void (*put)(char c, void *ctx), void *ctx, const char *fmt, va_list ap);

#endif
