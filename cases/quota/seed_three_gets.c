/* The classic scenario: a file channel with a quota of 3 gets / 3 bytes. */
#include <stdio.h>
#include <string.h>
#include <zvm.h>

static int find(const char *alias)
{
  for (uint32_t i = 0; i < zvm_manifest()->channels_count; i++)
    if (strcmp(zvm_channel_name(i), alias) == 0) return (int)i;
  return -1;
}

int main(void)
{
  int d = find("/dev/input");
  char buf[8] = {0};
  int r[5];
  for (int i = 0; i < 5; i++) r[i] = zvm_pread(d, buf + (i < 3 ? i : 3), 1, i);
  printf("%d %d %d %d %d %s\n", r[0], r[1], r[2], r[3], r[4], buf);
  return 0;
}
