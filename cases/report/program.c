/* The program every cmdline case runs: one line on /dev/stdout, then user code 3. */
#include <stdio.h>

int main(void)
{
  fputs("hello\n", stdout);
  return 3;
}
