/* netmeasure probe: runs a script of channel operations read from /dev/script */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zvm.h>

static char line[512];
static void out(const char *s) { zvm_pwrite(1, s, (int)strlen(s), 0); }

static unsigned fnv(const unsigned char *p, int n, unsigned h)
{
  for (int i = 0; i < n; i++) { h ^= p[i]; h *= 16777619u; }
  return h;
}

static void fill(unsigned char *b, int n, int seed, long long base)
{
  for (int i = 0; i < n; i++) b[i] = (unsigned char)(seed + (base + i) * 7);
}

static char *next_tok(char **p)
{
  while (**p == ' ') (*p)++;
  if (**p == 0 || **p == '\n') return 0;
  char *s = *p;
  while (**p && **p != ' ' && **p != '\n') (*p)++;
  if (**p) { **p = 0; (*p)++; }
  return s;
}

int main(void)
{
  static char script[8192];
  int sd = zvm_find_channel("/dev/script");
  int sn = sd >= 0 ? zvm_pread(sd, script, sizeof script - 1, 0) : -1;
  if (sn < 0) { out("no script\n"); return 1; }
  script[sn] = 0;
  unsigned char *buf = malloc(16 << 20);
  long long wpos = 0; /* pattern position for writes */
  char *p = script;
  while (*p) {
    char *eol = strchr(p, '\n');
    if (eol) *eol = 0;
    char *q = p;
    char *op = next_tok(&q);
    char *a1 = next_tok(&q), *a2 = next_tok(&q), *a3 = next_tok(&q);
    if (!op) { if (!eol) break; p = eol + 1; continue; }
    int d = a1 ? zvm_find_channel(a1) : -1;
    if (op[0] == 'w') { /* w ALIAS N [seed] : one pwrite of N pattern bytes */
      int n = atoi(a2), seed = a3 ? atoi(a3) : 65;
      fill(buf, n, seed, wpos);
      int r = zvm_pwrite(d, buf, n, 0);
      if (r > 0) wpos += r;
      snprintf(line, sizeof line, "w %s %d -> %d\n", a1, n, r); out(line);
    } else if (op[0] == 't') { /* t ALIAS TEXT : write text */
      int r = zvm_pwrite(d, a2, (int)strlen(a2), 0);
      snprintf(line, sizeof line, "t %s %s -> %d\n", a1, a2, r); out(line);
    } else if (op[0] == 'r') { /* r ALIAS N : one pread */
      int n = atoi(a2);
      memset(buf, 0, n > 64 ? 64 : n);
      int r = zvm_pread(d, buf, n, 0);
      char hex[80] = ""; int k = r > 16 ? 16 : r;
      for (int i = 0; i < k; i++) snprintf(hex + 2 * i, 3, "%02x", buf[i]);
      snprintf(line, sizeof line, "r %s %d -> %d fnv=%08x head=%s\n", a1, n, r,
               r > 0 ? fnv(buf, r, 2166136261u) : 0, hex); out(line);
    } else if (op[0] == 'R') { /* R ALIAS N [max] : read with buffer N until <=0 */
      int n = atoi(a2), max = a3 ? atoi(a3) : 1000000;
      long long tot = 0; int calls = 0, r; unsigned h = 2166136261u;
      char rets[300] = ""; int rl = 0;
      do {
        r = zvm_pread(d, buf, n, 0); calls++;
        if (r > 0) { h = fnv(buf, r, h); tot += r; }
        if (rl < 250) rl += snprintf(rets + rl, sizeof rets - rl, "%d,", r);
      } while (r > 0 && calls < max);
      snprintf(line, sizeof line, "R %s %d -> calls=%d total=%lld fnv=%08x rets=%s\n",
               a1, n, calls, tot, h, rets); out(line);
    } else if (op[0] == 'C') { /* C IN OUT N : copy in chunks of N until EOF */
      int n = atoi(a3), o = zvm_find_channel(a2), r, calls = 0; long long tot = 0;
      while ((r = zvm_pread(d, buf, n, 0)) > 0) { zvm_pwrite(o, buf, r, 0); tot += r; calls++; }
      snprintf(line, sizeof line, "C %s %s %d -> reads=%d total=%lld last=%d\n", a1, a2, n, calls, tot, r); out(line);
    } else if (op[0] == 'L') { /* L ALIAS N COUNT : COUNT pwrites of N, progress logged */
      int n = atoi(a2), cnt = atoi(a3);
      for (int i = 0; i < cnt; i++) {
        fill(buf, n, 65, wpos); int r = zvm_pwrite(d, buf, n, 0); if (r > 0) wpos += r;
        snprintf(line, sizeof line, "L %d %d\n", i, r); out(line);
      }
    } else if (op[0] == 'x') { /* x CODE */
      zvm_exit(atoi(a1));
    } else if (op[0] == 'z') { /* fault */
      out("faulting\n");
      *(volatile int *)0 = 1;
    } else if (op[0] == 's') { /* spin */
      out("spinning\n");
      for (;;) {}
    } else if (op[0] == 'd') { /* d : print descriptors */
      const struct zvm_manifest *m = zvm_manifest();
      for (unsigned i = 0; i < m->channels_count; i++) {
        const struct zvm_channel *c = &zvm_channels()[i];
        snprintf(line, sizeof line, "d %u %s type=%u size=%lld lim=%lld,%lld,%lld,%lld\n", i,
                 zvm_channel_name(i), c->type, c->size, c->limits[0], c->limits[1], c->limits[2], c->limits[3]);
        out(line);
      }
    }
    if (!eol) break;
    p = eol + 1;
  }
  out("end\n");
  return 0;
}
