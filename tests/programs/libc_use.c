/* The runtime's libc: strings, memory, malloc/realloc/free, snprintf, puts/putchar, stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
  char buf[64];
  int n = snprintf(buf, sizeof buf, "%-6s|%06.2f|%x|%+d", "ab", 3.14159, 0xbeef, 5);
  puts(buf);
  printf("n=%d len=%u cmp=%d chr=%s\n", n, (unsigned)strlen(buf), strcmp("abc", "abd") < 0, strchr(buf, '|'));
  int *v = malloc(10 * sizeof *v);
  for (int i = 0; i < 10; i++) v[i] = i;
  v = realloc(v, 1000 * sizeof *v);
  for (int i = 10; i < 1000; i++) v[i] = i;
  long s = 0;
  for (int i = 0; i < 1000; i++) s += v[i];
  free(v);
  char *z = calloc(100, 1);
  memset(z, 'q', 5);
  memmove(z + 1, z, 5);
  printf("sum=%ld z=%s ncmp=%d\n", s, z, strncmp("hello", "help", 3));
  free(z);
  putchar('!');
  putchar('\n');
  fprintf(stderr, "to stderr %d\n", 1);
  return 3;
}
