#include <stdio.h>
#include <string.h>
#include <zvm.h>

static int w(const char *alias, const char *s, long long offset)
{
  return zvm_pwrite(zvm_find_channel(alias), s, (int)strlen(s), offset);
}

/* Writes through each channel type and quota; the files on disk are the case's outputs. */
int main(void)
{
  char buf[8] = {0};
  int a, b, c;

  /* one statement per call: the order of the calls is part of the case */
  a = w("/dev/seq_out", "abc", 0);
  b = w("/dev/seq_out", "de", 0);
  c = w("/dev/seq_out", "f", 0);
  printf("seq %d %d %d\n", a, b, c);
  a = w("/dev/count_out", "12", 0);
  b = w("/dev/count_out", "34", 0);
  c = w("/dev/count_out", "56", 0);
  printf("count %d %d %d\n", a, b, c);
  a = zvm_pread(zvm_find_channel("/dev/append"), buf, 5, 0);
  b = w("/dev/append", " world", 0);
  printf("append %d %s %d\n", a, buf, b);
  a = w("/dev/rand_out", "cd", 4);
  b = w("/dev/rand_out", "ab", 0);
  printf("random %d %d\n", a, b);
  printf("rw %d\n", w("/dev/rw_new", "xyz", 2));
  return 0;
}
