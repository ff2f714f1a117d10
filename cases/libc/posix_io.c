/* The POSIX layer: a descriptor is a channel's index; open/read/write/lseek/pread/pwrite/fstat/close. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void report(const char *what, long long r)
{
  printf("%s = %lld errno %d\n", what, r, r < 0 ? errno : 0);
  errno = 0;
}

int main(void)
{
  char buf[16];
  struct stat st;
  int in, rnd, out;
  ssize_t n;

  in = open("/dev/input", O_RDONLY);
  rnd = open("/dev/random_in", O_RDONLY);
  out = open("/dev/output", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  printf("descriptors %d %d %d\n", in, rnd, out);
  n = read(in, buf, 5);
  printf("read %d [%.*s]\n", (int)n, (int)n, buf);
  report("lseek sequential", lseek(in, 0, SEEK_SET));
  report("pread sequential", pread(in, buf, 2, 0));
  report("lseek random END", lseek(rnd, -4, SEEK_END));
  n = read(rnd, buf, sizeof buf);
  printf("read %d [%.*s]\n", (int)n, (int)n, buf);
  report("read at end", read(rnd, buf, sizeof buf));
  n = pread(rnd, buf, 3, 1);
  printf("pread %d [%.*s] then lseek CUR %lld\n", (int)n, (int)n, buf, (long long)lseek(rnd, 0, SEEK_CUR));
  report("pread past end", pread(rnd, buf, 3, 100));
  report("lseek negative", lseek(rnd, -1, SEEK_SET));
  report("fstat random", fstat(rnd, &st));
  printf("  regular %d fifo %d perm %o size %lld\n", S_ISREG(st.st_mode), S_ISFIFO(st.st_mode),
         (unsigned)(st.st_mode & 0777), (long long)st.st_size);
  report("stat output", stat("/dev/output", &st));
  printf("  regular %d fifo %d perm %o\n", S_ISREG(st.st_mode), S_ISFIFO(st.st_mode), (unsigned)(st.st_mode & 0777));

  report("write", write(out, "posix ", 6));
  /* Straight to the channel: before everything printf still holds in stdout's buffer. */
  report("write on stdout", write(STDOUT_FILENO, "to stdout\n", 10));
  report("write read-only", write(in, "x", 1));
  report("read write-only", read(out, buf, 1));
  report("close", close(out));
  report("write closed", write(out, "x", 1));
  report("close again", close(out));
  out = open("/dev/output", O_WRONLY);
  report("write reopened", write(out, "again\n", 6));
  report("open unknown", open("/dev/nothere", O_RDONLY));
  report("open O_CREAT unknown", open("/dev/nothere", O_WRONLY | O_CREAT, 0644));
  report("open wrong mode", open("/dev/input", O_RDWR));
  report("open O_EXCL", open("/dev/output", O_WRONLY | O_CREAT | O_EXCL, 0644));
  report("read bad fd", read(99, buf, 1));
  n = isatty(0);
  printf("isatty = %d errno %d\n", (int)n, errno);
  report("access R_OK input", access("/dev/input", R_OK));
  report("access W_OK input", access("/dev/input", W_OK));
  return 0;
}
