/* stdout is fully buffered: text printed but not flushed before zvm_fork is still in the
 * buffer.  The original session never flushes it (it ends inside the trap); each child
 * inherits the buffer and flushes it, with its own text, into its own new stdout file. */
#include <stdio.h>
#include <zvm.h>

int main(void)
{
  printf("printed before the fork, ");
  int r = zvm_fork();
  printf("flushed by the child (fork %d)\n", r);
  return 0;
}
