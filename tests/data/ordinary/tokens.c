/* Records "name: key=value; key=value" -> one line per field, keys upper-cased (strtok_r nested,
 * strdup, toupper, strspn/strpbrk). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static char *trim(char *s)
{
  char *end;
  s += strspn(s, " \t");
  end = s + strlen(s);
  while (end > s && isspace((unsigned char)end[-1]))
    *--end = '\0';
  return s;
}

int main(void)
{
  struct lines in;
  size_t i;
  int fields = 0;
  if (read_lines(&in) != 0)
    return 2;
  for (i = 0; i < in.count; i++) {
    char *copy = strdup(in.line[i]), *outer, *field, *colon, *p;
    colon = strchr(copy, ':');
    if (colon == NULL) {
      printf("record %zu: no name\n", i + 1);
      free(copy);
      continue;
    }
    *colon = '\0';
    printf("[%s]\n", trim(copy));
    for (field = strtok_r(colon + 1, ";", &outer); field; field = strtok_r(NULL, ";", &outer)) {
      char *inner, *key = strtok_r(field, "=", &inner), *value = strtok_r(NULL, "", &inner);
      key = trim(key);
      for (p = key; *p; p++)
        *p = (char)toupper((unsigned char)*p);
      if (value == NULL || strpbrk(key, " \t") != NULL) {
        printf("  bad field '%s'\n", key);
        continue;
      }
      printf("  %-8s= '%s' (%zu)\n", key, trim(value), strlen(trim(value)));
      fields++;
    }
    free(copy);
  }
  printf("%d fields\n", fields);
  free_lines(&in);
  return 0;
}
