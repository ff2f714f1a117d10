#include <stdio.h>
#include <zvm.h>

/* 8192 bytes into the pipe through one channel, read back through another in chunks. */
int main(void)
{
  static char out[8192], in[8192];
  int w = zvm_find_channel("/dev/pipe_w"), r = zvm_find_channel("/dev/pipe_r");
  int sizes[] = {1000, 3000, 4192}, got = 0, i;

  for(i = 0; i < (int)sizeof out; ++i)
    out[i] = (char)(i % 251);
  printf("write %d\n", zvm_pwrite(w, out, sizeof out, 0));
  for(i = 0; i < 3; ++i)
  {
    int n = zvm_pread(r, in + got, sizes[i], 0);
    int j, bad = -1;
    for(j = 0; j < n && bad < 0; ++j)
      if(in[got + j] != out[got + j]) bad = got + j;
    printf("read %d: %d, first wrong byte %d\n", sizes[i], n, bad);
    if(n > 0) got += n;
  }
  return 0;
}
