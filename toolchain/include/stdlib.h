/*
 * stdlib.h - memory allocation, process control and conversions of the nexe libc.
 *
 * malloc and friends manage the heap zerovm describes in the user manifest
 * (zvm_manifest()->heap_ptr / heap_size); a failed allocation sets errno to ENOMEM.
 * exit() runs the atexit functions and flushes stdout; abort() and _Exit() do neither.
 */
#ifndef ZRT_STDLIB_H
#define ZRT_STDLIB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 2147483647

typedef struct { int quot; int rem; } div_t;
typedef struct { long quot; long rem; } ldiv_t;
typedef struct { long long quot; long long rem; } lldiv_t;

void *malloc(size_t size);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);
/* Any alignment (rounded up to a power of two, as in glibc; memalign is in malloc.h). */
void *aligned_alloc(size_t alignment, size_t size);
/* EINVAL unless the alignment is a power of two and a multiple of sizeof(void *). */
int posix_memalign(void **memptr, size_t alignment, size_t size);

__attribute__((noreturn)) void abort(void);
__attribute__((noreturn)) void exit(int status);
__attribute__((noreturn)) void _Exit(int status);
/* Run at exit() and on return from main, last registered first, before stdout is flushed. */
int atexit(void (*function)(void));

int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);
long strtol(const char *s, char **endptr, int base);
unsigned long strtoul(const char *s, char **endptr, int base);
long long strtoll(const char *s, char **endptr, int base);
unsigned long long strtoull(const char *s, char **endptr, int base);
/* Correctly rounded (round to nearest even), hex floats, inf/nan; ERANGE in errno
 * on overflow and on an inexact subnormal or zero result. */
double strtod(const char *s, char **endptr);
float strtof(const char *s, char **endptr);
double atof(const char *s);

/* Always NULL: zerovm passes a nexe no command line and no environment (its loader
 * gives the user stack a fixed, zeroed 56-byte block; ZRT's variables came from its
 * own /dev/nvram channel convention, not from zerovm). */
char *getenv(const char *name);

int abs(int x);
long labs(long x);
long long llabs(long long x);
div_t div(int num, int den);
ldiv_t ldiv(long num, long den);
lldiv_t lldiv(long long num, long long den);

int rand(void);
void srand(unsigned seed);

void qsort(void *base, size_t nmemb, size_t size,
           int (*compar)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
              int (*compar)(const void *, const void *));

#ifdef __cplusplus
}
#endif

#endif /* ZRT_STDLIB_H */
