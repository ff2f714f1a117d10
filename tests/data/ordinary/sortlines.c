/* sort | uniq -c, then the same lines case-insensitively (qsort, strcmp, strcasecmp). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static int by_bytes(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int by_case(const void *a, const void *b)
{
  int c = strcasecmp(*(char *const *)a, *(char *const *)b);
  return c != 0 ? c : by_bytes(a, b);  /* a total order: the output does not depend on qsort's algorithm */
}

int main(void)
{
  struct lines in;
  size_t i, run;
  if (read_lines(&in) != 0)
    return 2;
  qsort(in.line, in.count, sizeof *in.line, by_bytes);
  for (i = 0; i < in.count; i += run) {
    for (run = 1; i + run < in.count && strcmp(in.line[i], in.line[i + run]) == 0; run++)
      ;
    printf("%4zu %s\n", run, in.line[i]);
  }
  qsort(in.line, in.count, sizeof *in.line, by_case);
  puts("-- ignoring case:");
  for (i = 0; i < in.count; i++)
    printf("%s%s", i ? " | " : "", in.line[i]);
  putchar('\n');
  free_lines(&in);
  return 0;
}
