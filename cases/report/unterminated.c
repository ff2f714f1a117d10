/* Writes to /dev/stdout a last line without a newline: it ends where the report starts. */
#include <stdio.h>

int main(void)
{
  fputs("first line\nno newline at the end", stdout);
  return 7;
}
