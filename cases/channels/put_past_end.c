#include <stdio.h>
#include <string.h>
#include <zvm.h>

static int w(const char *alias, const char *s, long long offset)
{
  return zvm_pwrite(zvm_find_channel(alias), s, (int)strlen(s), offset);
}

/* Puts at and past the end of each channel type; one statement per call (the order matters). */
int main(void)
{
  int a, b, c;

  a = w("/dev/wo_seq", "abcde", 0);
  b = w("/dev/wo_seq", "f", 0);
  printf("write-only sequential: %d %d\n", a, b);
  a = w("/dev/wo_rand", "X", 10);
  b = w("/dev/wo_rand", "Y", 9);
  c = w("/dev/wo_rand", "Z", 12);
  printf("write-only random: %d %d %d\n", a, b, c);
  a = w("/dev/append", "abcd", 500);
  b = w("/dev/append", "e", 0);
  printf("append: %d %d\n", a, b);
  a = w("/dev/rw", "W", 13);
  b = w("/dev/rw", "V", 17);
  c = w("/dev/rw", "U", 16);
  printf("read/write: %d %d %d\n", a, b, c);
  a = w("/dev/ro", "R", 0);
  printf("read-only: %d\n", a);
  return 0;
}
