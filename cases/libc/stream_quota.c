/* A stream whose channel runs out of quota: the short write and the refusal after it. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <fcntl.h>

int main(void)
{
  int rc, fd;
  ssize_t n;
  FILE *f = fopen("/dev/small", "w");
  fputs("12345", f);
  rc = fflush(f);
  printf("first fflush %d ferror %d\n", rc, ferror(f) != 0);
  fputs("67890", f);
  errno = 0;
  rc = fflush(f);
  printf("second fflush %d ferror %d errno %d\n", rc, ferror(f) != 0, errno);
  clearerr(f);
  errno = 0;
  rc = fputs("more", f);
  printf("fputs %d\n", rc);
  rc = fclose(f);
  printf("fclose %d errno %d\n", rc, errno);

  fd = open("/dev/small_fd", O_WRONLY);
  n = write(fd, "abcdef", 6);
  printf("write %d\n", (int)n);
  errno = 0;
  n = write(fd, "ghi", 3);
  printf("write %d errno %d\n", (int)n, errno);
  return 0;
}
