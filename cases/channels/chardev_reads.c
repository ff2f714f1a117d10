#include <stdio.h>
#include <string.h>
#include <zvm.h>

static char buf[0x20000];

static int nonzero(int n)
{
  int i, count = 0;
  for(i = 0; i < n; ++i)
    count += buf[i] != 0;
  return count;
}

/* /dev/zero as a sequential read channel (reads of 7, 96 KiB -- two host chunks -- and 7 again,
   against a get_size quota), as a random-read channel and as a write-only channel. */
int main(void)
{
  int in = zvm_find_channel("/dev/zin"), rnd = zvm_find_channel("/dev/zrnd"), out = zvm_find_channel("/dev/zout");
  int a, b, c, d, bad = 0;

  memset(buf, 'x', sizeof buf);
  a = zvm_pread(in, buf, 7, 0);
  bad += nonzero(a);
  memset(buf, 'x', sizeof buf);
  b = zvm_pread(in, buf, 0x18000, 0);
  bad += nonzero(b);
  memset(buf, 'x', sizeof buf);
  c = zvm_pread(in, buf, 7, 0);
  bad += nonzero(c);
  d = zvm_pread(in, buf, 7, 0);
  printf("sequential: %d %d %d %d, %d nonzero bytes\n", a, b, c, d, bad);
  a = zvm_pread(rnd, buf, 10, 0);
  b = zvm_pread(rnd, buf, 10, 5);
  printf("random: %d %d\n", a, b);
  a = zvm_pwrite(out, "abcd", 4, 0);
  b = zvm_pwrite(out, "efghijkl", 8, 0);
  c = zvm_pwrite(out, "m", 1, 0);
  printf("write: %d %d %d\n", a, b, c);
  return 0;
}
