/*
 * string.h -- the handful of C library string functions minikern uses,
 * shared by the kernel and the user library.  (gcc may also call memcpy
 * and memset on its own, for struct copies: they must exist.)
 */
#ifndef MINIKERN_STRING_H
#define MINIKERN_STRING_H

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
/* Copies at most size-1 characters and always terminates; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);

#endif
