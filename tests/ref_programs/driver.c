/*
 * driver.c - performs the traps a script asks for and logs every result.
 *
 * The script is the content of the channel aliased /dev/script; results go to the
 * channel aliased /dev/result, one line per command, written with a raw pwrite.
 * Commands (one per line, numbers in C syntax):
 *   r DESC SIZE OFFSET         pread into a buffer, log "r <ret> <bytes read>"
 *   w DESC SIZE OFFSET TEXT    pwrite TEXT (SIZE may exceed it), log "w <ret>"
 *   b r|w DESC SIZE OFFSET WHERE   pread/pwrite with a special buffer address WHERE
 *   j ADDR SIZE / u ADDR SIZE  jail / unjail, log the result
 *   c                          jail a small valid function in the heap, call it, log the result
 *   z                          jail a zeroed heap page, log the result
 *   f                          fork, log the result
 *   t CODE                     raw trap with an unknown function code
 *   m                          log the user manifest fields and each channel record
 *   x CODE                     zvm_exit(CODE)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zvm.h>

static char script[8192];
static char buffer[70000];
static int result_desc = -1;
static const char rodata_text[] = "read-only data";

static int find(const char *alias)
{
  const struct zvm_manifest *m = zvm_manifest();
  for (uint32_t i = 0; i < m->channels_count; i++)
    if (strcmp(zvm_channel_name((int)i), alias) == 0) return (int)i;
  return -1;
}

static void out(const char *fmt, long a, long b, long c, long d, long e)
{
  char line[512];
  int n = snprintf(line, sizeof line, fmt, a, b, c, d, e);
  if (result_desc >= 0) zvm_pwrite(result_desc, line, n, 0);
}

static char *word(char **p)
{
  while (**p == ' ') (*p)++;
  char *start = *p;
  while (**p && **p != ' ') (*p)++;
  if (**p == ' ') *(*p)++ = 0;
  return start;
}

static long num(char **p) { return strtol(word(p), NULL, 0); }

static uintptr_t where(const char *w)
{
  if (!strcmp(w, "null")) return 0;
  if (!strcmp(w, "low")) return 0xFFFF;
  if (!strcmp(w, "text")) return 0x20000;
  if (!strcmp(w, "tramp")) return 0x10000;
  if (!strcmp(w, "rodata")) return (uintptr_t)rodata_text;
  if (!strcmp(w, "manifest")) return (uintptr_t)zvm_manifest();
  if (!strcmp(w, "stacktop")) return 0xFF000000u;
  if (!strcmp(w, "last")) return 0xFFFFFFFFu;
  if (!strcmp(w, "heap")) return (zvm_manifest()->heap_ptr + 0xFFFF) & ~0xFFFFu;
  if (!strcmp(w, "hole")) return zvm_manifest()->heap_ptr + zvm_manifest()->heap_size + 0x10000;
  return (uintptr_t)strtoul(w, NULL, 0);
}

/* nacljmp-style code: "mov $42,%eax; pop %r11; and $-32,%r11d; add %r15,%r11; jmp *%r11" in one bundle */
static const unsigned char code42[] = {
  0xb8, 0x2a, 0x00, 0x00, 0x00, 0x41, 0x5b, 0x41, 0x83, 0xe3, 0xe0, 0x4d, 0x01, 0xfb, 0x41, 0xff, 0xe3,
};

int main(void)
{
  result_desc = find("/dev/result");
  int sd = find("/dev/script");
  int n = sd >= 0 ? zvm_pread(sd, script, sizeof script - 1, 0) : 0;
  if (n < 0) n = 0;
  script[n] = 0;
  char *next = script;
  while (*next) {
    char *p = next;
    while (*next && *next != '\n') next++;
    if (*next == '\n') *next++ = 0;
    char *cmd = word(&p);
    if (!strcmp(cmd, "r")) {
      long d = num(&p), size = num(&p), off = num(&p);
      memset(buffer, 0, sizeof buffer);
      int r = zvm_pread((int)d, buffer, (int32_t)size, off);
      buffer[r > 0 && r < 200 ? r : (r > 0 ? 200 : 0)] = 0;
      out("r %ld %s\n", r, (long)(uintptr_t)buffer, 0, 0, 0);
    } else if (!strcmp(cmd, "w")) {
      long d = num(&p), size = num(&p), off = num(&p);
      char *text = word(&p);
      out("w %ld\n", zvm_pwrite((int)d, text, (int32_t)size, off), 0, 0, 0, 0);
    } else if (!strcmp(cmd, "b")) {
      char *rw = word(&p);
      long d = num(&p), size = num(&p), off = num(&p);
      uintptr_t w = where(word(&p));
      int r = rw[0] == 'r' ? zvm_pread((int)d, (void *)w, (int32_t)size, off)
                           : zvm_pwrite((int)d, (const void *)w, (int32_t)size, off);
      out("b %ld\n", r, 0, 0, 0, 0);
    } else if (!strcmp(cmd, "j") || !strcmp(cmd, "u")) {
      uintptr_t a = where(word(&p));
      long size = num(&p);
      int r = cmd[0] == 'j' ? zvm_jail((void *)a, (int32_t)size) : zvm_unjail((void *)a, (int32_t)size);
      out("%c %ld\n", cmd[0], r, 0, 0, 0);
    } else if (!strcmp(cmd, "c")) {
      unsigned char *page = (unsigned char *)where("heap");
      memset(page, 0xf4, 0x10000);
      memcpy(page, code42, sizeof code42);
      int r = zvm_jail(page, 0x10000);
      int v = -1;
      if (r == 0) v = ((int (*)(void))(uintptr_t)page)();
      out("c %ld %ld\n", r, v, 0, 0, 0);
    } else if (!strcmp(cmd, "z")) {
      unsigned char *page = (unsigned char *)where("heap");
      memset(page, 0, 0x10000);
      out("z %ld\n", zvm_jail(page, 0x10000), 0, 0, 0, 0);
    } else if (!strcmp(cmd, "f")) {
      out("f %ld\n", zvm_fork(), 0, 0, 0, 0);
    } else if (!strcmp(cmd, "t")) {
      volatile uint64_t args[6] = { (uint64_t)num(&p), 0, 0, 0, 0, 0 };
      out("t %ld\n", zvm_trap(args), 0, 0, 0, 0);
    } else if (!strcmp(cmd, "m")) {
      const struct zvm_manifest *m = zvm_manifest();
      out("m %lx %lx %lx %ld\n", m->heap_ptr, m->heap_size, m->stack_size, m->channels_count, 0);
      out("m @%lx %lx\n", (long)(uintptr_t)m, m->channels, 0, 0, 0);
      for (uint32_t i = 0; i < m->channels_count; i++) {
        const struct zvm_channel *c = &zvm_channels()[i];
        out("ch %s %ld %ld %ld\n", (long)(uintptr_t)zvm_channel_name((int)i), (long)c->type, (long)c->size,
            (long)c->name, 0);
        out("lim %ld %ld %ld %ld\n", (long)c->limits[0], (long)c->limits[1], (long)c->limits[2],
            (long)c->limits[3], 0);
      }
    } else if (!strcmp(cmd, "x")) {
      zvm_exit((int32_t)num(&p));
    }
  }
  return 0;
}
