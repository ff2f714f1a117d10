/* A tiny calculator: + - * / % and parentheses on integers, one expression a line (strtol, ctype).
 * An error anywhere in the parse longjmps back to the line loop, which reports it and goes on. */
#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *pos, *start;
static jmp_buf on_error;
static const char *error;

static void fail(const char *why)
{
  error = why;
  longjmp(on_error, (int)(pos - start) + 1);
}

static void skip(void)
{
  while (isspace((unsigned char)*pos))
    pos++;
}

static long long expr(void);

static long long primary(void)
{
  char *end;
  long long v;
  skip();
  if (*pos == '(') {
    pos++;
    v = expr();
    skip();
    if (*pos++ != ')')
      fail("expected )");
    return v;
  }
  if (*pos == '-') {
    pos++;
    return -primary();
  }
  if (!isdigit((unsigned char)*pos))
    fail("expected a number");
  errno = 0;
  v = strtoll(pos, &end, 0);  /* 0x1f and 017 too */
  if (errno == ERANGE)
    fail("number out of range");
  pos = end;
  return v;
}

static long long term(void)
{
  long long v = primary(), r;
  for (;;) {
    skip();
    if (*pos != '*' && *pos != '/' && *pos != '%')
      return v;
    char op = *pos++;
    r = primary();
    if (op != '*' && r == 0)
      fail("division by zero");
    v = op == '*' ? v * r : op == '/' ? v / r : v % r;
  }
}

static long long expr(void)
{
  long long v = term();
  for (;;) {
    skip();
    if (*pos == '+') {
      pos++;
      v += term();
    } else if (*pos == '-') {
      pos++;
      v -= term();
    } else {
      return v;
    }
  }
}

int main(void)
{
  struct lines in;
  size_t i;
  static int errors;  /* static: kept across the longjmps */
  if (read_lines(&in) != 0)
    return 2;
  for (i = 0; i < in.count; i++) {
    volatile int where;
    start = pos = in.line[i];
    if ((where = setjmp(on_error)) != 0) {
      printf("%zu: error at column %d: %s\n", i + 1, where, error);
      errors++;
      continue;
    }
    long long v = expr();
    skip();
    if (*pos != '\0')
      fail("trailing characters");
    printf("%zu: %s = %lld (0x%llx)\n", i + 1, in.line[i], v, (unsigned long long)v);
  }
  printf("%d errors\n", errors);
  free_lines(&in);
  return errors ? 1 : 0;
}
