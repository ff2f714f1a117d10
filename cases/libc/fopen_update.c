/* Update streams: r+ on a random read/write channel (type 3) and a+ on an append channel (type 1). */
#include <stdio.h>

static void show(FILE *f, const char *what)
{
  char buf[16];
  size_t i, n = fread(buf, 1, sizeof buf, f);
  for (i = 0; i < n; i++)
    if (buf[i] == 0)
      buf[i] = '.'; /* the gap a write past the end leaves */
  printf("%s: read %d [%.*s] ftell %ld\n", what, (int)n, (int)n, buf, ftell(f));
}

int main(void)
{
  int c;
  FILE *rw = fopen("/dev/rw", "r+");
  FILE *log = fopen("/dev/log", "a+");
  if (rw == NULL || log == NULL) {
    perror("fopen");
    return 1;
  }
  c = fgetc(rw);
  printf("fgetc %c ftell %ld\n", c, ftell(rw));
  fseek(rw, 0, SEEK_CUR); /* C: a positioning call between reading and writing */
  fputs("XY", rw);
  printf("after fputs ftell %ld\n", ftell(rw));
  fseek(rw, 0, SEEK_SET);
  show(rw, "whole");
  fseek(rw, 2, SEEK_END);
  fputs("!", rw);
  rewind(rw);
  show(rw, "extended");
  fclose(rw);

  fputs("three\n", log);
  printf("a+ ftell after write %ld\n", ftell(log));
  rewind(log);
  show(log, "log");
  fputs("four\n", log); /* appended, wherever the reader was */
  fseek(log, 8, SEEK_SET);
  show(log, "log at 8");
  return 0;
}
