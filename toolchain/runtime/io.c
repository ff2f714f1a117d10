/*
 * io.c - the only place where the libc talks to zerovm.
 *
 * With -DZVM_HOST_TEST (host testing, see tests/libc/) the traps are replaced
 * by hooks that the test program provides; nothing else in the runtime has a
 * host/target difference.
 */
#include "zrt.h"

#ifndef ZVM_HOST_TEST

#include <zvm.h>

int32_t __zrt_write(int desc, const void *buf, int32_t n, int64_t offset)
{
  return zvm_pwrite(desc, buf, n, offset);
}

int32_t __zrt_read(int desc, void *buf, int32_t n, int64_t offset)
{
  return zvm_pread(desc, buf, n, offset);
}

void __zrt_exit(int code)
{
  zvm_exit(code);
}

void __zrt_heap_region(char **base, size_t *size)
{
  const struct zvm_manifest *m = zvm_manifest();
  *base = (char *)(uintptr_t)m->heap_ptr;
  *size = m->heap_size;
}

#else /* ZVM_HOST_TEST */

/* Provided by the host test program. */
int32_t zvm_host_write(int desc, const void *buf, int32_t n, int64_t offset);
int32_t zvm_host_read(int desc, void *buf, int32_t n, int64_t offset);
__attribute__((noreturn)) void zvm_host_exit(int code);
void zvm_host_heap(char **base, size_t *size);

int32_t __zrt_write(int desc, const void *buf, int32_t n, int64_t offset)
{
  return zvm_host_write(desc, buf, n, offset);
}

int32_t __zrt_read(int desc, void *buf, int32_t n, int64_t offset)
{
  return zvm_host_read(desc, buf, n, offset);
}

void __zrt_exit(int code)
{
  zvm_host_exit(code);
}

void __zrt_heap_region(char **base, size_t *size)
{
  zvm_host_heap(base, size);
}

#endif /* ZVM_HOST_TEST */
