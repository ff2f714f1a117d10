#include <stdio.h>
#include <zvm.h>

/* A read of 4 bytes at 4 and a write of "xy" at 2 on two random-access channels whose put_size is close to
   INT64_MAX: one where size + put_size still fits in an int64, one where it wraps. */
static void probe(const char *alias)
{
  char buf[8] = {0};
  int d = zvm_find_channel(alias);
  int r = zvm_pread(d, buf, 4, 4);
  int w = zvm_pwrite(d, "xy", 2, 2);
  printf("%s read=%d:%s write=%d\n", alias, r, buf, w);
}

int main(void)
{
  probe("/dev/fits");
  probe("/dev/wraps");
  return 0;
}
