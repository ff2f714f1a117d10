/* fseek/ftell/rewind/fgetpos/fsetpos on a random-read channel. */
#include <stdio.h>

static void show(FILE *f, const char *what)
{
  char buf[8];
  size_t n = fread(buf, 1, 4, f);
  printf("%s: ftell %ld read %d [%.*s] feof %d\n", what, ftell(f), (int)n, (int)n, buf, feof(f) != 0);
}

int main(void)
{
  fpos_t mark;
  int rc;
  FILE *f = fopen("/dev/random_in", "rb");
  if (f == NULL) {
    perror("fopen");
    return 1;
  }
  printf("start ftell %ld\n", ftell(f));
  show(f, "first");
  rc = fseek(f, 10, SEEK_SET);
  printf("fseek SET 10 = %d\n", rc);
  show(f, "at 10");
  fgetpos(f, &mark);
  rc = fseek(f, -3, SEEK_END);
  printf("fseek END -3 = %d\n", rc);
  show(f, "end-3");
  rc = fseek(f, -10, SEEK_CUR);
  printf("fseek CUR -10 = %d\n", rc);
  show(f, "cur");
  rc = fsetpos(f, &mark);
  printf("fsetpos = %d\n", rc);
  show(f, "mark");
  rc = fseek(f, 100, SEEK_SET);
  printf("fseek SET 100 = %d\n", rc);
  show(f, "past end");
  rewind(f);
  printf("fgetc after rewind %c\n", fgetc(f));
  ungetc('X', f);
  printf("ftell after ungetc %ld\n", ftell(f));
  show(f, "ungot");
  return fclose(f);
}
