#include <stdio.h>
#include <string.h>
#include <zvm.h>

/* Prints each channel's type and size as the program sees them, then what reading stdin gives, a read of 4 bytes
   at offset 4 of /dev/random_get and a 1-byte write at offset 0 of /dev/append (when they exist). */
static char line[128];

static void put(const char *s)
{
  zvm_pwrite(1, s, (int32_t)strlen(s), 0);
}

int main(void)
{
  const struct zvm_manifest *m = zvm_manifest();
  const struct zvm_channel *c = zvm_channels();
  char buf[64];
  uint32_t i;
  int32_t got, ch;
  for (i = 0; i < m->channels_count; i++) {
    snprintf(line, sizeof line, "%s type %u size %lld\n", zvm_channel_name((int)i), c[i].type, (long long)c[i].size);
    put(line);
  }
  got = zvm_pread(0, buf, sizeof buf - 1, 0);
  buf[got > 0 ? got : 0] = '\0';
  snprintf(line, sizeof line, "stdin %d:%s\n", got, buf);
  put(line);
  ch = zvm_find_channel("/dev/random_get");
  if (ch >= 0) {
    got = zvm_pread(ch, buf, 4, 4);
    buf[got > 0 ? got : 0] = '\0';
    snprintf(line, sizeof line, "random_get %d:%s\n", got, buf);
    put(line);
  }
  ch = zvm_find_channel("/dev/append");
  if (ch >= 0) {
    snprintf(line, sizeof line, "append %d\n", zvm_pwrite(ch, "!", 1, 0));
    put(line);
  }
  return 0;
}
