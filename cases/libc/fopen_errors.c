/* What fopen, fseek, ftell and the stream calls report for what a channel does not allow. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

static void try_open(const char *path, const char *mode)
{
  FILE *f;
  errno = 0;
  f = fopen(path, mode);
  printf("fopen(%s, %s): %s errno %d (%s)\n", path, mode, f ? "FILE" : "NULL", errno, strerror(errno));
  if (f)
    fclose(f);
}

int main(void)
{
  FILE *in, *out;
  char c;
  int rc;
  long pos;
  try_open("/dev/nothere", "r");
  try_open("/dev/nothere", "w");
  try_open("/dev/input", "w");
  try_open("/dev/input", "r+");
  try_open("/dev/input", "a");
  try_open("/dev/output", "r");
  try_open("/dev/output", "w+");
  try_open("/dev/output", "wx");
  try_open("/dev/output", "q");
  try_open("/dev/input", "rb");

  in = fopen("/dev/input", "r");
  errno = 0;
  rc = fseek(in, 2, SEEK_SET);
  printf("fseek on a sequential channel: %d errno %d\n", rc, errno);
  errno = 0;
  pos = ftell(in);
  printf("ftell on a sequential channel: %ld errno %d\n", pos, errno);
  errno = 0;
  rc = fputc('x', in);
  printf("fputc on a read stream: %d errno %d ferror %d\n", rc, errno, ferror(in) != 0);
  clearerr(in);
  printf("fread still works: %d\n", (int)fread(&c, 1, 1, in));
  out = fopen("/dev/output", "w");
  errno = 0;
  rc = fgetc(out);
  printf("fgetc on a write stream: %d errno %d ferror %d\n", rc, errno, ferror(out) != 0);
  errno = 0;
  rc = fseek(out, 0, SEEK_END);
  printf("fseek on a sequential output: %d errno %d\n", rc, errno);
  fclose(in);
  fclose(out);
  return 0;
}
