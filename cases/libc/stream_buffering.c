/* Buffering of fopen'ed streams: setvbuf line/unbuffered modes and fflush(NULL). */
#include <stdio.h>

int main(void)
{
  FILE *lines = fopen("/dev/lines", "w");
  FILE *other = fopen("/dev/other", "w");
  setvbuf(lines, NULL, _IOLBF, 0);
  fprintf(lines, "one\n");
  fprintf(lines, "two\nthree");  /* a newline in it: all of it goes out */
  fprintf(lines, "\n");
  setvbuf(lines, NULL, _IONBF, 0);
  fputs("ab", lines);
  fputc('c', lines);
  fputs("x", other);
  return fflush(NULL); /* the only write on /dev/other; stdout holds nothing */
}
