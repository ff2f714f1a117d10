#include <stdint.h>
#include <stdio.h>
#include <zvm.h>

int main(void)
{
  char buf[4];
  int d = zvm_find_channel("/dev/in"), e = zvm_find_channel("/dev/empty");
  /* size = MIN(channel->size - offset, size): the int64 subtraction wraps, the int32 size keeps its low half */
  printf("%d %d %d\n", zvm_pread(d, buf, 4, INT64_MIN), zvm_pread(d, buf, 4, INT64_MIN + 10),
         zvm_pread(e, buf, 1, INT64_MIN));
  return 0;
}
