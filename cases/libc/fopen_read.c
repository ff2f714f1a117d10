/* fopen of a sequential input channel, read with fgets, fgetc/ungetc/getc and fread. */
#include <stdio.h>
#include <string.h>

int main(void)
{
  char line[64];
  char block[8];
  size_t n;
  int c, u, g;
  FILE *f = fopen("/dev/input", "r");
  if (f == NULL) {
    perror("fopen");
    return 1;
  }
  while (fgets(line, sizeof line, f) != NULL) {
    printf("line %d: %s", (int)strlen(line), line);
    if (strcmp(line, "two\n") == 0)
      break;
  }
  c = fgetc(f);
  u = ungetc(c, f);
  g = getc(f);
  printf("fgetc %c ungetc %c getc %c\n", c, u, g);
  n = fread(block, 1, sizeof block, f);
  printf("fread %d [%.*s]\n", (int)n, (int)n, block);
  n = fread(block, 1, sizeof block, f);
  printf("fread %d [%.*s] feof %d ferror %d\n", (int)n, (int)n, block, feof(f) != 0, ferror(f) != 0);
  printf("fgets %s feof %d\n", fgets(line, sizeof line, f) ? "line" : "NULL", feof(f) != 0);
  clearerr(f);
  printf("after clearerr feof %d fileno %d\n", feof(f) != 0, fileno(f));
  printf("fclose %d\n", fclose(f));
  return 0;
}
