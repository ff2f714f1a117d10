/*
 * files.c - stdio and POSIX file calls that behave the same on a ZeroVM channel and on
 * a host file: tests/test_libc_files.py runs it as a nexe on channels and natively on
 * files holding the same bytes, and compares what it prints and what it wrote.
 * The paths are the channel aliases unless the native build defines them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef IN_PATH
#define IN_PATH "/dev/input"     /* sequential, read-only */
#define RAND_PATH "/dev/random"  /* random read (type 1), read-only */
#define OUT_PATH "/dev/output"   /* sequential, write-only */
#define RW_PATH "/dev/rw"        /* random read and write (type 3) */
#define LOG_PATH "/dev/log"      /* random read, appending write (type 1) */
#define NONE_PATH "/dev/none"    /* no such channel */
#endif

static void show(FILE *f, const char *what, size_t want)
{
  char buf[64];
  long pos;
  size_t i, n = fread(buf, 1, want < sizeof buf ? want : sizeof buf, f);
  for (i = 0; i < n; i++)
    if (buf[i] == 0 || buf[i] == '\n')
      buf[i] = buf[i] ? '|' : '.';
  pos = ftell(f);
  printf("%s: %d [%.*s] ftell %ld feof %d\n", what, (int)n, (int)n, buf, pos, feof(f) != 0);
}

static void lines(void)
{
  char line[16];
  int count = 0, c;
  FILE *f = fopen(IN_PATH, "r");
  /* A line longer than the buffer comes in pieces. */
  while (fgets(line, sizeof line, f))
    printf("fgets %d: %d %s", ++count, (int)strlen(line), strchr(line, '\n') ? line : "(cut)\n");
  printf("feof %d ferror %d\n", feof(f) != 0, ferror(f) != 0);
  fclose(f);
  /* A sequential channel is read once: reopened, it is at its end (not a host file's way). */
  f = fopen(RAND_PATH, "rb");
  c = getc(f);
  ungetc('#', f);
  printf("getc %c then", c);
  printf(" %c\n", getc(f));
  fclose(f);
}

static void seeks(void)
{
  fpos_t mark;
  FILE *f = fopen(RAND_PATH, "r");
  show(f, "start", 5);
  fseek(f, 7, SEEK_SET);
  show(f, "set 7", 3);
  fgetpos(f, &mark);
  fseek(f, -6, SEEK_END);
  show(f, "end-6", 10);
  fseek(f, -12, SEEK_CUR);
  show(f, "cur-12", 4);
  fsetpos(f, &mark);
  show(f, "mark", 2);
  fseek(f, 1000, SEEK_SET);
  show(f, "past end", 4);
  rewind(f);
  show(f, "rewind", 64);
  printf("fclose %d\n", fclose(f));
}

static void writes(void)
{
  FILE *f = fopen(OUT_PATH, "w");
  int i;
  for (i = 0; i < 3000; i++) /* more than one buffer */
    fprintf(f, "%04d%c", i, i % 16 == 15 ? '\n' : ' ');
  fputs("end\n", f);
  fputc('!', f);
  fwrite("\nfwrite\n", 1, 8, f);
  printf("fflush %d\n", fflush(f));
  fprintf(f, "closed by fclose\n");
  printf("fclose %d\n", fclose(f));
}

static void updates(void)
{
  FILE *f = fopen(RW_PATH, "r+");
  int c = fgetc(f);
  printf("r+ fgetc %c ftell %ld\n", c, ftell(f));
  fseek(f, 0, SEEK_CUR);
  fputs("WXYZ", f);
  printf("r+ after fputs ftell %ld\n", ftell(f));
  fseek(f, 0, SEEK_SET);
  show(f, "r+ whole", 64);
  fseek(f, 3, SEEK_END);
  fputs("tail", f);
  fseek(f, -9, SEEK_END);
  show(f, "r+ tail", 64);
  fclose(f);

  f = fopen(LOG_PATH, "a+");
  fputs("appended 1\n", f);
  printf("a+ ftell %ld\n", ftell(f));
  fseek(f, 4, SEEK_SET);
  show(f, "a+ at 4", 8);
  fputs("appended 2\n", f);
  fseek(f, 0, SEEK_SET);
  show(f, "a+ all", 64);
  fclose(f);
}

static void posix(void)
{
  char buf[32];
  struct stat st;
  FILE *f;
  ssize_t n;
  off_t off;
  int fd = open(RAND_PATH, O_RDONLY);
  n = read(fd, buf, 4);
  printf("read %d [%.*s]\n", (int)n, (int)n, buf);
  off = lseek(fd, -5, SEEK_END);
  n = read(fd, buf, sizeof buf);
  printf("lseek %lld read %d [%.*s]\n", (long long)off, (int)n, (int)n, buf);
  printf("read at end %d\n", (int)read(fd, buf, sizeof buf));
  n = pread(fd, buf, 6, 2);
  off = lseek(fd, 0, SEEK_CUR);
  printf("pread %d [%.*s] position %lld\n", (int)n, (int)n, buf, (long long)off);
  errno = 0;
  off = lseek(fd, -100, SEEK_CUR);
  printf("lseek before 0: %lld errno %d\n", (long long)off, errno);
  fstat(fd, &st);
  printf("fstat regular %d size %lld\n", S_ISREG(st.st_mode), (long long)st.st_size);
  printf("close %d\n", close(fd));
  errno = 0;
  n = read(fd, buf, 1);
  printf("read closed %d errno %d\n", (int)n, errno);

  fd = open(RW_PATH, O_RDWR);
  n = pwrite(fd, "pw", 2, 1);
  printf("pwrite %d position %lld\n", (int)n, (long long)lseek(fd, 0, SEEK_CUR));
  n = write(fd, "12", 2);
  n = pread(fd, buf, 8, 0);
  printf("pread %d [%.*s]\n", (int)n, (int)n, buf);
  close(fd);

  errno = 0;
  fd = open(NONE_PATH, O_RDONLY);
  printf("open missing %d errno %d\n", fd, errno);
  errno = 0;
  f = fopen(NONE_PATH, "r");
  printf("fopen missing %s errno %d\n", f ? "FILE" : "NULL", errno);
  errno = 0;
  f = fopen(RAND_PATH, "z");
  printf("fopen bad mode %s errno %d\n", f ? "FILE" : "NULL", errno);
}

int main(void)
{
  lines();
  seeks();
  writes();
  updates();
  posix();
  return 0;
}
