#include <stdio.h>
#include <zvm.h>

/* A random read/write channel: one write, then one read over it; both feed the channel's etag. */
int main(void)
{
  char buf[16] = {0}, line[64];
  int d = zvm_find_channel("/dev/rw");
  int w = zvm_pwrite(d, "hello", 5, 3), r = zvm_pread(d, buf, 10, 0);
  int n = snprintf(line, sizeof line, "%d %d %s\n", w, r, buf + 3);
  zvm_pwrite(ZVM_STDOUT, line, n, 0);
  return 0;
}
