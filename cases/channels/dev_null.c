#include <stdio.h>
#include <zvm.h>

/* /dev/null as the source of read-only and write-only channels, sequential and random. */
int main(void)
{
  char buf[16];
  int in = zvm_find_channel("/dev/null_in"), rin = zvm_find_channel("/dev/null_rin");
  int out = zvm_find_channel("/dev/null_out"), rout = zvm_find_channel("/dev/null_rout");
  int a, b, c;

  a = zvm_pread(in, buf, 10, 0);
  b = zvm_pread(in, buf, 10, 0);
  printf("sequential read: %d %d\n", a, b);
  a = zvm_pread(rin, buf, 10, 0);
  b = zvm_pread(rin, buf, 10, 5);
  printf("random read: %d %d\n", a, b);
  a = zvm_pwrite(out, "abc", 3, 0);
  b = zvm_pwrite(out, "defg", 4, 0);
  c = zvm_pwrite(out, "h", 1, 0);
  printf("sequential write: %d %d %d\n", a, b, c);
  a = zvm_pwrite(rout, "abcdef", 6, 7);
  b = zvm_pwrite(rout, "g", 1, 12);
  c = zvm_pwrite(rout, "hi", 2, 2);
  printf("random write: %d %d %d\n", a, b, c);
  return 0;
}
