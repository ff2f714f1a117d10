/*
 * atexit.c - functions to run at exit(), in reverse order of registration, as
 * glibc does: before stdio is flushed, also on return from main (start.c calls
 * exit); a function registered while they run is run too, next.  exit() in
 * stdlib.c reaches this file through a weak reference, so a program that never
 * calls atexit links without it.
 *
 * 32 registrations (the minimum C and POSIX ask for) need no memory; beyond
 * that, blocks of 32 more come from malloc.
 */
#include <stdlib.h>

#define PER_BLOCK 32

struct atexit_block {
  struct atexit_block *prev;
  int count;
  void (*fn[PER_BLOCK])(void);
};

static struct atexit_block first;
static struct atexit_block *top;

void __zrt_run_atexit(void);

int atexit(void (*fn)(void))
{
  if (top == NULL)
    top = &first;
  if (top->count == PER_BLOCK) {
    struct atexit_block *b = calloc(1, sizeof *b);
    if (b == NULL)
      return -1;
    b->prev = top;
    top = b;
  }
  top->fn[top->count++] = fn;
  return 0;
}

void __zrt_run_atexit(void)
{
  /* Each entry is taken off before it runs: one that calls exit() (or registers
   * more) sees only what is still to be run. */
  while (top != NULL) {
    if (top->count == 0) {
      struct atexit_block *done = top;
      top = top->prev;
      if (done != &first)
        free(done);
      continue;
    }
    top->fn[--top->count]();
  }
}
