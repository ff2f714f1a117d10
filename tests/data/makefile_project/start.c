/* Its own start code (linked with -nostdlib -nostartfiles): no libc, only the trap. */
#include <zvm.h>

int main(void);
void _start(void);
int write_out(const char *buf, int len);

int write_out(const char *buf, int len)
{
  return zvm_pwrite(1, buf, len, 0);
}

void _start(void)
{
  zvm_exit(main());
}
