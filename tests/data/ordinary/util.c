#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void *xmalloc(size_t size)
{
  void *p = malloc(size);
  if (p == NULL) {
    fputs("out of memory\n", stderr);
    exit(2);
  }
  return p;
}

int read_lines(struct lines *out)
{
  char buf[512];
  size_t cap = 8;
  out->count = 0;
  out->line = xmalloc(cap * sizeof *out->line);
  while (fgets(buf, sizeof buf, stdin) != NULL) {
    buf[strcspn(buf, "\n")] = '\0';
    if (out->count == cap) {
      cap *= 2;
      out->line = realloc(out->line, cap * sizeof *out->line);
      if (out->line == NULL)
        return -1;
    }
    out->line[out->count] = strdup(buf);
    if (out->line[out->count] == NULL)
      return -1;
    out->count++;
  }
  return 0;
}

void free_lines(struct lines *lines)
{
  size_t i;
  for (i = 0; i < lines->count; i++)
    free(lines->line[i]);
  free(lines->line);
}
