/*
 * stdio.h - standard streams of the nexe libc.
 *
 * The standard streams: stdin is channel 0, stdout channel 1, stderr channel 2.
 * stdout is fully buffered (BUFSIZ bytes, flushed when the buffer is full, by
 * fflush and by exit); stderr is unbuffered, but each printf-family call on it
 * is written with as few writes as possible (one for output up to 1 KiB).
 * fopen opens any other channel by its alias (see "Files on channels" below).
 *
 * The printf family follows glibc's output byte for byte for the conversions
 * d i u o x X c s p n % f F e E g G a A with flags "-+ #0'" (' is accepted and, as
 * in the C locale, has no effect), width, precision, '*', and the length
 * modifiers hh h l ll j z t (also glibc's q, Z and L for integers).
 * A '%' cut short by the end of the format makes the call return -1, as in
 * glibc.  A directive with an unknown conversion character is copied
 * verbatim, as glibc does, and formatting goes on.
 *
 * Not supported: wide characters (%lc, %ls, %C, %S), positional
 * arguments (%1$d) and long double (%Lf, %La, and %llf/%qf, which glibc also
 * reads as long double).  Such a directive is copied to the output verbatim together
 * with the rest of the format, and formatting stops there, because the
 * argument list can no longer be walked safely.
 *
 * setvbuf accepts the mode only: the streams keep their own buffers.
 */
#ifndef ZRT_STDIO_H
#define ZRT_STDIO_H

#include <stddef.h>
#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef NULL
#define NULL ((void *)0)
#endif

#define EOF (-1)
#define BUFSIZ 4096

/* Buffering modes for setvbuf. */
#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2

typedef struct zrt_file FILE;

extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;
/* C requires these to be macros too. */
#define stdin stdin
#define stdout stdout
#define stderr stderr

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fprintf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int sprintf(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
int vfprintf(FILE *f, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
int vsprintf(char *buf, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* sscanf: conversions d i u o x X n p s c [ e f g a E F G A %, '*', widths and the
 * length modifiers hh h l ll j z t L (L and ll on floats: not supported, as long
 * double is not).  Numbers follow strtoll/strtoull/strtod. */
int sscanf(const char *str, const char *fmt, ...) __attribute__((format(scanf, 2, 3)));
int vsscanf(const char *str, const char *fmt, va_list ap) __attribute__((format(scanf, 2, 0)));
void perror(const char *s);

int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int putchar(int c);
int fputs(const char *s, FILE *f);
int puts(const char *s);
size_t fwrite(const void *ptr, size_t size, size_t nmemb, FILE *f);
int fflush(FILE *f);
int setvbuf(FILE *f, char *buf, int mode, size_t size);

int fgetc(FILE *f);
int getc(FILE *f);
int getchar(void);
int ungetc(int c, FILE *f);
char *fgets(char *s, int size, FILE *f);
size_t fread(void *ptr, size_t size, size_t nmemb, FILE *f);

int feof(FILE *f);
int ferror(FILE *f);
void clearerr(FILE *f);
int fileno(FILE *f);

/*
 * Files on channels (runtime/file.c).  fopen(alias, mode) opens the channel
 * the manifest names alias ("/dev/input", "/dev/stdout", any alias) as a
 * fully buffered FILE; every open stream is flushed by exit and fflush(NULL).
 *  - An alias no channel has: NULL, errno ENOENT (for every mode: a channel
 *    cannot be created).  A bad mode: EINVAL.
 *  - r/w/a/r+/w+/a+ (with b, which changes nothing) need what the channel's
 *    limits allow: reading needs gets and get_size > 0, writing puts and
 *    put_size > 0; otherwise NULL, errno EACCES (what glibc gives for a file
 *    without that permission).  "w" does not truncate; "x" fails with EEXIST.
 *  - fseek/ftell/fseeko/ftello/fgetpos/fsetpos/rewind work on random-access
 *    channels (type 1 or 3 for reading, 2 or 3 for writing; a read-write
 *    type-1 channel appends every write); on sequential channels they fail
 *    with ESPIPE, as on a pipe.  SEEK_END and "a" count from the channel's
 *    size at session start, or the end of what the stream wrote.
 *  - Reading past the end of a random-access channel is end of file.  A write
 *    zerovm refuses or cuts short (a quota) sets the error flag and errno
 *    (EDQUOT, 122, for a short write).
 *  - fclose frees the stream; on stdin/stdout/stderr it only flushes.
 * No fscanf/scanf: read a line with fgets and parse it with sscanf.
 */
#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif
#define FOPEN_MAX 16      /* not a limit here: streams come from malloc */
#define FILENAME_MAX 4096

typedef struct { long long __pos; } fpos_t;

FILE *fopen(const char *path, const char *mode);
FILE *fdopen(int fd, const char *mode);
int fclose(FILE *f);
int fseek(FILE *f, long off, int whence);
long ftell(FILE *f);
int fseeko(FILE *f, long long off, int whence); /* off_t is long long */
long long ftello(FILE *f);
void rewind(FILE *f);
int fgetpos(FILE *f, fpos_t *pos);
int fsetpos(FILE *f, const fpos_t *pos);

#ifdef __cplusplus
}
#endif

#endif /* ZRT_STDIO_H */
