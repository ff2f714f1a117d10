/*
 * malloc.h - glibc's home of memalign (the allocator is declared in stdlib.h).
 */
#ifndef ZRT_MALLOC_H
#define ZRT_MALLOC_H

#include <stdlib.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An alignment that is not a power of two is rounded up to one, as in glibc. */
void *memalign(size_t alignment, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* ZRT_MALLOC_H */
