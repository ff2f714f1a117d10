/*
 * malloc.c - heap allocator on the heap region of the zerovm manifest.
 *
 * First fit over a free list kept in address order, so that free() can merge a
 * block with both neighbours.  Blocks tile the heap without gaps: every block
 * starts with a 16-byte header holding its total size and a tag saying whether
 * it is in use, so the block after any block is found by adding its size.
 * Payloads are 16-byte aligned; aligned_alloc & co. cut a larger block so that
 * the payload falls on the boundary asked for, and free the cut-off front, so
 * their blocks are ordinary blocks to free and realloc.  The heap region is taken
 * from the manifest on first use (no constructors run before main).  As in glibc,
 * a failed allocation sets errno to ENOMEM.
 */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "zrt.h"

#define HDR 16          /* header size; a multiple of the alignment */
#define ALIGN 16        /* alignment of payloads and block sizes */
#define MIN_BLOCK 32    /* header plus room for the free-list link */

#define TAG_USED ((size_t)0x5a6b7c8du)
#define TAG_FREE ((size_t)0x0f1e2d3cu)

struct block {
  size_t size;        /* whole block, header included; a multiple of ALIGN */
  size_t tag;         /* TAG_USED or TAG_FREE */
  struct block *next; /* free blocks only: next free block, higher address */
};

static char *heap_lo, *heap_hi; /* the usable, aligned heap */
static struct block *free_list;
static int heap_ready;

static void heap_init(void)
{
  char *base;
  size_t size;
  uintptr_t lo, hi;

  heap_ready = 1;
  __zrt_heap_region(&base, &size);
  lo = ((uintptr_t)base + (ALIGN - 1)) & ~(uintptr_t)(ALIGN - 1);
  hi = ((uintptr_t)base + size) & ~(uintptr_t)(ALIGN - 1);
  if (base == NULL || hi < lo || hi - lo < MIN_BLOCK)
    return; /* no usable heap: every allocation fails */
  heap_lo = (char *)lo;
  heap_hi = (char *)hi;
  free_list = (struct block *)heap_lo;
  free_list->size = hi - lo;
  free_list->tag = TAG_FREE;
  free_list->next = NULL;
}

/* Block size needed for a payload of n bytes, or 0 if that overflows. */
static size_t block_size_for(size_t n)
{
  if (n > (size_t)-1 - HDR - ALIGN)
    return 0;
  n = (n + HDR + ALIGN - 1) & ~(size_t)(ALIGN - 1);
  return n < MIN_BLOCK ? MIN_BLOCK : n;
}

static struct block *next_block(struct block *b)
{
  return (struct block *)((char *)b + b->size);
}

/* Insert free block b into the free list, merging it with free neighbours. */
static void insert_free(struct block *b)
{
  struct block *prev = NULL, *cur = free_list;

  b->tag = TAG_FREE;
  while (cur && cur < b) {
    prev = cur;
    cur = cur->next;
  }
  /* Merge with the following block. */
  if (cur && next_block(b) == cur) {
    b->size += cur->size;
    b->next = cur->next;
  } else {
    b->next = cur;
  }
  /* Merge with the preceding block. */
  if (prev && next_block(prev) == b) {
    prev->size += b->size;
    prev->next = b->next;
  } else if (prev) {
    prev->next = b;
  } else {
    free_list = b;
  }
}

/* Split a used block b so that it keeps `need` bytes; the rest (if big enough
 * to be a block) is freed. */
static void trim_block(struct block *b, size_t need)
{
  if (b->size - need >= MIN_BLOCK) {
    struct block *rest = (struct block *)((char *)b + need);
    rest->size = b->size - need;
    b->size = need;
    insert_free(rest);
  }
}

/* Header of the block owning payload p; aborts on a pointer malloc did not
 * return or that is not in use (double free). */
static struct block *owner(void *p)
{
  struct block *b = (struct block *)((char *)p - HDR);
  if ((char *)p < heap_lo + HDR || (char *)p >= heap_hi || ((uintptr_t)p & (ALIGN - 1)) ||
      b->tag != TAG_USED || b->size < MIN_BLOCK ||
      b->size > (size_t)(heap_hi - (char *)b)) {
    static const char msg[] = "free(): invalid pointer\n";
    __zrt_write(2, msg, (int32_t)sizeof msg - 1, 0);
    abort();
  }
  return b;
}

void *malloc(size_t n)
{
  struct block **link, *b;
  size_t need = block_size_for(n);

  if (!heap_ready)
    heap_init();
  if (need == 0) {
    errno = ENOMEM;
    return NULL;
  }
  for (link = &free_list; (b = *link) != NULL; link = &b->next) {
    if (b->size < need)
      continue;
    if (b->size - need >= MIN_BLOCK) {
      /* Take the front of the block; the tail stays in the list in its place. */
      struct block *rest = (struct block *)((char *)b + need);
      rest->size = b->size - need;
      rest->tag = TAG_FREE;
      rest->next = b->next;
      *link = rest;
      b->size = need;
    } else {
      *link = b->next;
    }
    b->tag = TAG_USED;
    return (char *)b + HDR;
  }
  errno = ENOMEM;
  return NULL;
}

void free(void *p)
{
  if (p == NULL)
    return;
  insert_free(owner(p));
}

void *calloc(size_t nmemb, size_t size)
{
  void *p;
  if (size != 0 && nmemb > (size_t)-1 / size) {
    errno = ENOMEM;
    return NULL;
  }
  p = malloc(nmemb * size);
  if (p)
    memset(p, 0, nmemb * size);
  return p;
}

void *realloc(void *p, size_t n)
{
  struct block *b, *nb;
  size_t need;
  void *q;

  if (p == NULL)
    return malloc(n);
  if (n == 0) { /* glibc frees and returns NULL */
    free(p);
    return NULL;
  }
  b = owner(p);
  need = block_size_for(n);
  if (need == 0) {
    errno = ENOMEM;
    return NULL;
  }
  if (need <= b->size) {
    trim_block(b, need);
    return p;
  }
  /* Grow in place if the next block is free and large enough. */
  nb = next_block(b);
  if ((char *)nb < heap_hi && nb->tag == TAG_FREE && b->size + nb->size >= need) {
    struct block **link = &free_list;
    while (*link != nb)
      link = &(*link)->next;
    *link = nb->next;
    b->size += nb->size;
    trim_block(b, need);
    return p;
  }
  q = malloc(n);
  if (q == NULL)
    return NULL; /* the old block stays valid */
  memcpy(q, p, b->size - HDR);
  free(p);
  return q;
}

/* glibc's memalign: an alignment that is not a power of two is rounded up to
 * one; up to ALIGN it is plain malloc; over half the address space, EINVAL. */
void *memalign(size_t alignment, size_t n)
{
  struct block *b, *front;
  char *raw, *p;
  size_t need, gap;

  if (alignment <= ALIGN)
    return malloc(n);
  if (alignment > (size_t)-1 / 2 + 1) {
    errno = EINVAL;
    return NULL;
  }
  if (alignment & (alignment - 1)) {
    size_t a = ALIGN;
    while (a < alignment)
      a <<= 1;
    alignment = a;
  }
  /* Room for the payload at any offset, plus a gap big enough to be a free block. */
  need = block_size_for(n);
  if (need == 0 || n > (size_t)-1 - alignment - MIN_BLOCK) {
    errno = ENOMEM;
    return NULL;
  }
  raw = malloc(n + alignment + MIN_BLOCK);
  if (raw == NULL)
    return NULL;
  p = (char *)(((uintptr_t)raw + alignment - 1) & ~(uintptr_t)(alignment - 1));
  gap = (size_t)(p - raw);
  if (gap != 0 && gap < MIN_BLOCK) {
    p += alignment; /* alignment >= 2 * ALIGN = MIN_BLOCK: the gap is now big enough */
    gap += alignment;
  }
  b = owner(raw);
  if (gap != 0) {
    front = b;
    b = (struct block *)((char *)front + gap);
    b->size = front->size - gap;
    b->tag = TAG_USED;
    front->size = gap;
    insert_free(front);
  }
  trim_block(b, need);
  return p;
}

void *aligned_alloc(size_t alignment, size_t n)
{
  return memalign(alignment, n);
}

/* Errors are returned, not put in errno (which malloc may still set, as glibc's does). */
int posix_memalign(void **out, size_t alignment, size_t n)
{
  void *p;
  if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0 || alignment == 0)
    return EINVAL;
  p = memalign(alignment, n);
  if (p == NULL)
    return ENOMEM;
  *out = p;
  return 0;
}
