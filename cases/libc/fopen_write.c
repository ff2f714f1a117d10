/* Writing through fopen'ed output channels: fprintf/fputs/fputc/fwrite, fflush, and a stream
 * left open that exit() flushes. */
#include <stdio.h>

int main(void)
{
  FILE *out = fopen("/dev/output", "w");
  FILE *log = fopen("/dev/log_out", "a");
  FILE *so;
  if (out == NULL || log == NULL) {
    perror("fopen");
    return 1;
  }
  fprintf(out, "%s %d %.2f\n", "fprintf", 42, 2.5);
  fputs("fputs\n", out);
  fputc('c', out);
  fputc('\n', out);
  printf("fwrite %d\n", (int)fwrite("fwrite\n", 7, 1, out));
  printf("fflush %d\n", fflush(out));
  fprintf(out, "after flush\n");
  printf("fclose %d\n", fclose(out));
  /* Never closed: exit flushes it. */
  fprintf(log, "line %d\n", 1);
  fprintf(log, "line %d\n", 2);
  /* A stream of its own on the stdout channel: out at fclose, before stdout's buffer at exit. */
  so = fopen("/dev/stdout", "w");
  fputs("via /dev/stdout\n", so);
  fclose(so);
  return 0;
}
