#include <stdio.h>
#include <string.h>
#include <zvm.h>

/* An existing 20-byte file on a random read/write channel whose put_size is only 8. */
int main(void)
{
  char buf[64];
  int d = zvm_find_channel("/dev/rw"), n, a, b, c, e, f;

  memset(buf, '.', sizeof buf);
  n = zvm_pread(d, buf, 64, 0);
  printf("read %d %.20s\n", n, buf);
  a = zvm_pwrite(d, "xy", 2, 2);  /* inside the file */
  b = zvm_pwrite(d, "!", 1, 26);  /* 26 >= size 20 + 6 put bytes left */
  c = zvm_pwrite(d, "z!", 2, 25); /* past the end, inside the bound: a zero-filled gap, size 27 */
  e = zvm_pwrite(d, "q", 1, 26);  /* overwrites "!" */
  f = zvm_pwrite(d, "#", 1, 30);  /* 30 >= size 27 + 3 left */
  printf("%d %d %d %d %d\n", a, b, c, e, f);
  memset(buf, '.', sizeof buf);
  n = zvm_pread(d, buf, 64, 0);
  printf("read %d\n", n);
  fflush(stdout);
  zvm_pwrite(ZVM_STDOUT, buf, n > 0 ? n : 0, 0);
  return 0;
}
