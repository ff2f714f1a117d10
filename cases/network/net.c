/*
 * The program of every node of the network cases: it runs the script on its stdin and logs
 * each step to /dev/stdout with one zvm_pwrite per line, so a node that times out or faults
 * still leaves the lines of the steps it finished.
 *
 * Data is a pattern: byte i of a channel's stream is (65 + 7 * i) & 0xff (the seed 65 can be
 * changed per write), so a reader can check every byte it gets against its position.
 *
 *   w ALIAS N [SEED]  one pwrite of N pattern bytes        -> "w ALIAS N = RET"
 *   W ALIAS N K       K pwrites of N pattern bytes          -> "W ALIAS N K = TOTAL LASTRET"
 *   r ALIAS N         one pread of N                        -> "r ALIAS N = RET good|bad@OFFSET"
 *   R ALIAS N         preads of N until one returns <= 0    -> "R ALIAS N = CALLS TOTAL LASTRET good|bad@OFFSET"
 *   c IN OUT N        preads of N from IN until <= 0, each pwritten to OUT
 *                                                           -> "c IN OUT N = CALLS TOTAL LASTRET LASTWRITE"
 *   x CODE            zvm_exit(CODE)
 *   z                 a store to address 0 (a fault)
 *   s                 spin until the Timeout
 *   p N               spin N million loop turns, then go on (lets peers finish before this node closes)
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zvm.h>

#define BUF (4 << 20)
#define MAXD 32

static char buf[BUF];
static char script[4096];
static long long wpos[MAXD], rpos[MAXD];  /* pattern positions written / read, per channel */
static int seeds[MAXD];

static void say(const char *fmt, ...)
{
  char line[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  zvm_pwrite(ZVM_STDOUT, line, n, 0);
}

static int channel(const char *alias)
{
  int d = zvm_find_channel(alias);
  return d >= 0 && d < MAXD ? d : -1;
}

static void fill(int d, int n, int seed)
{
  for (int i = 0; i < n; ++i)
    buf[i] = (char)(seed + 7 * (wpos[d] + i));
  wpos[d] += n;
}

/* -1 when the n bytes read are the pattern at the channel's read position, else the offset of the first bad one */
static long long check(int d, int n)
{
  long long bad = -1;
  for (int i = 0; i < n && bad < 0; ++i)
    if (buf[i] != (char)(65 + 7 * (rpos[d] + i)))
      bad = rpos[d] + i;
  rpos[d] += n;
  return bad;
}

static const char *verdict(long long bad, char *text)
{
  if (bad < 0)
    return "good";
  snprintf(text, 32, "bad@%lld", bad);
  return text;
}

int main(void)
{
  int size = 0, got;
  while ((got = zvm_pread(ZVM_STDIN, script + size, (int)sizeof script - 1 - size, 0)) > 0)
    size += got;
  script[size] = 0;

  for (char *line = script, *next; *line; line = next) {
    next = line;
    while (*next && *next != '\n') ++next;
    if (*next) *next++ = 0;
    char op = line[0], a[64] = "", b[64] = "", text[32];
    long long n = 0, k = 0;
    char *p = line + 1;
    if (op == 'w' || op == 'W' || op == 'r' || op == 'R') {
      /* ALIAS N [K|SEED] */
      while (*p == ' ') ++p;
      int i = 0;
      while (*p && *p != ' ' && i < 63) a[i++] = *p++;
      n = strtoll(p, &p, 10);
      k = strtoll(p, &p, 10);
    } else if (op == 'c') {
      while (*p == ' ') ++p;
      int i = 0;
      while (*p && *p != ' ' && i < 63) a[i++] = *p++;
      while (*p == ' ') ++p;
      i = 0;
      while (*p && *p != ' ' && i < 63) b[i++] = *p++;
      n = strtoll(p, &p, 10);
    } else if (op == 'x') {
      zvm_exit((int)strtol(p, NULL, 10));
    } else if (op == 'z') {
      *(volatile int *)0 = 1;
    } else if (op == 'p') {
      for (volatile long long j = strtoll(p, NULL, 10) * 1000000; j > 0; --j)
        ;
      continue;
    } else if (op == 's') {
      for (;;)
        ;
    } else {
      continue;
    }
    if (n > BUF) n = BUF;
    int d = channel(a);
    if (op == 'w') {
      fill(d, (int)n, k ? (int)k : 65);
      say("w %s %lld = %d\n", a, n, zvm_pwrite(d, buf, (int)n, 0));
    } else if (op == 'W') {
      long long total = 0, ret = 0;
      for (long long j = 0; j < k; ++j) {
        fill(d, (int)n, 65);
        ret = zvm_pwrite(d, buf, (int)n, 0);
        if (ret <= 0) break;
        total += ret;
      }
      say("W %s %lld %lld = %lld %lld\n", a, n, k, total, ret);
    } else if (op == 'r') {
      int ret = zvm_pread(d, buf, (int)n, 0);
      say("r %s %lld = %d %s\n", a, n, ret, verdict(check(d, ret > 0 ? ret : 0), text));
    } else if (op == 'R') {
      long long calls = 0, total = 0, bad = -1;
      int ret;
      do {
        ret = zvm_pread(d, buf, (int)n, 0);
        ++calls;
        if (ret > 0) {
          long long at = check(d, ret);
          if (bad < 0) bad = at;
          total += ret;
        }
      } while (ret > 0);
      say("R %s %lld = %lld %lld %d %s\n", a, n, calls, total, ret, verdict(bad, text));
    } else {
      int out = channel(b);
      long long calls = 0, total = 0, wrote = 0;
      int ret;
      do {
        ret = zvm_pread(d, buf, (int)n, 0);
        ++calls;
        if (ret > 0) {
          total += ret;
          wrote = zvm_pwrite(out, buf, ret, 0);
        }
      } while (ret > 0);
      say("c %s %s %lld = %lld %lld %d %lld\n", a, b, n, calls, total, ret, wrote);
    }
  }
  return 0;
}
