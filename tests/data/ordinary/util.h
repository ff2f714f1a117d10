#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>

/* Every line of standard input (without its newline), in a growing array of malloc'd strings. */
struct lines {
  char **line;
  size_t count;
};

int read_lines(struct lines *out);
void free_lines(struct lines *lines);
void *xmalloc(size_t size);

#endif
