/*
 * chan.c - the channel table zerovm hands the program (the user manifest),
 * read for fopen and the POSIX layer: names, access, types and sizes.
 *
 * With -DZVM_HOST_TEST the table comes from the host test program's optional
 * hook zvm_host_manifest(); without one there are no channels.
 */
#include <zvm.h>
#include "zrt.h"

#ifndef ZVM_HOST_TEST
static const struct zvm_manifest *manifest(void)
{
  return zvm_manifest();
}
#else
const struct zvm_manifest *zvm_host_manifest(void) __attribute__((weak));

static const struct zvm_manifest *manifest(void)
{
  static const struct zvm_manifest none = { 0, 0, 0, 0, 0 };
  return zvm_host_manifest ? zvm_host_manifest() : &none;
}
#endif

int __zrt_channel_count(void)
{
  return (int)manifest()->channels_count;
}

const struct zvm_channel *__zrt_channel(int desc)
{
  const struct zvm_manifest *m = manifest();
  if (desc < 0 || (uint32_t)desc >= m->channels_count)
    return NULL;
  return (const struct zvm_channel *)(uintptr_t)m->channels + desc;
}

int __zrt_find_channel(const char *alias)
{
  int i, n = __zrt_channel_count();
  for (i = 0; i < n; i++) {
    const char *name = (const char *)(uintptr_t)__zrt_channel(i)->name;
    size_t k = 0;
    while (name[k] == alias[k] && alias[k] != '\0')
      k++;
    if (name[k] == alias[k])
      return i;
  }
  return -1;
}

/* zerovm's access class (channel.h CH_RW_TYPE): a direction is open when both
 * of its limits are non-zero. */
int __zrt_channel_access(int desc)
{
  const struct zvm_channel *c = __zrt_channel(desc);
  int access = 0;
  if (c == NULL)
    return 0;
  if (c->limits[ZVM_GETS_LIMIT] && c->limits[ZVM_GET_SIZE_LIMIT])
    access |= ZRT_F_READ;
  if (c->limits[ZVM_PUTS_LIMIT] && c->limits[ZVM_PUT_SIZE_LIMIT])
    access |= ZRT_F_WRITE;
  return access;
}

int __zrt_channel_seekable(int desc, int rd, int wr)
{
  const struct zvm_channel *c = __zrt_channel(desc);
  uint32_t type;
  if (c == NULL)
    return 0;
  type = c->type;
  if (rd && !(type & 1))
    return 0;
  /* A read-write type-1 channel appends its writes: reads stay positioned. */
  if (wr && !(type & 2) && !(rd && (type & 1)))
    return 0;
  return 1;
}

int64_t __zrt_channel_size(int desc)
{
  const struct zvm_channel *c = __zrt_channel(desc);
  return c ? c->size : 0;
}
