/* A table of numbers, then queries: qsort, bsearch, strtol with bases and end pointers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int cmp_int(const void *a, const void *b)
{
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

int main(void)
{
  struct lines in;
  int table[256];
  size_t n = 0, i;
  int in_queries = 0;
  if (read_lines(&in) != 0)
    return 2;
  for (i = 0; i < in.count; i++) {
    char *s = in.line[i], *end;
    if (strcmp(s, "--") == 0) {
      qsort(table, n, sizeof table[0], cmp_int);
      printf("%zu numbers, min %d, max %d\n", n, n ? table[0] : 0, n ? table[n - 1] : 0);
      in_queries = 1;
      continue;
    }
    while (*s) {
      long v = strtol(s, &end, 0);
      if (end == s) {
        printf("line %zu: not a number at '%s'\n", i + 1, s);
        break;
      }
      s = end;
      if (!in_queries) {
        if (n < sizeof table / sizeof table[0])
          table[n++] = (int)v;
        continue;
      }
      int key = (int)v;
      int *hit = bsearch(&key, table, n, sizeof table[0], cmp_int);
      if (hit)
        printf("%d found at %d\n", key, (int)(hit - table));
      else
        printf("%d missing\n", key);
    }
  }
  free_lines(&in);
  return 0;
}
