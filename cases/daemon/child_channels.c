/* A child reads its own /dev/input (a random-read channel, from offset 0) and says how many
 * channels its user manifest lists: it is the original session's manifest, never rebuilt. */
#include <stdio.h>
#include <zvm.h>

int main(void)
{
  int d = zvm_find_channel("/dev/input");
  char buf[32] = {0};
  int r = zvm_fork();
  int n = zvm_pread(d, buf, sizeof buf - 1, 0);
  printf("fork %d: %u channels, /dev/input read %d '%s'\n", r, zvm_manifest()->channels_count, n, buf);
  return 0;
}
