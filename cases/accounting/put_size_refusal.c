#include <stdio.h>
#include <zvm.h>

/* Writes past a 5-byte put_size: one cut short, then one refused (-EINVAL on a sequential channel). */
int main(void)
{
  char line[64];
  int out = zvm_find_channel("/dev/out");
  int a = zvm_pwrite(out, "abc", 3, 0), b = zvm_pwrite(out, "def", 3, 0), c = zvm_pwrite(out, "gh", 2, 0);
  int n = snprintf(line, sizeof line, "%d %d %d\n", a, b, c);
  zvm_pwrite(ZVM_STDOUT, line, n, 0);
  return 0;
}
