/* Dense switches (jump tables), sparse switches and fall-through. */
#include <stdio.h>

static int dense(int x)
{
  switch (x) {
  case 0: return x * 5 + 1;
  case 1: return x + 7;
  case 2: return x - 9;
  case 3: return 11 ^ x;
  case 4: return 2 * x * x;
  case 5: return 99;
  case 6: return x / 3;
  case 7: return -x;
  case 8: return x << 3;
  case 9: return x % 4;
  default: return 0;
  }
}

static const char *sparse(unsigned x)
{
  switch (x) {
  case 1: return "one";
  case 100: return "hundred";
  case 1000: return "thousand";
  case 65536: return "64k";
  default: return "other";
  }
}

static int fallthrough(int x)
{
  int r = 0;
  switch (x) {
  case 0: r += 1; /* fall through */
  case 1: r += 10; /* fall through */
  case 2: r += 100; break;
  case 3: r = -1; break;
  }
  return r;
}

int main(void)
{
  int total = 0;
  for (int i = -2; i < 12; i++) total = total * 3 + dense(i);
  printf("dense=%d %s %s %s %s fall=%d,%d,%d,%d\n", total, sparse(1), sparse(100), sparse(65536), sparse(7),
         fallthrough(0), fallthrough(1), fallthrough(2), fallthrough(3));
  for (char c = 'a'; c <= 'f'; c++) {
    switch (c) { case 'a': case 'e': putchar('V'); break; default: putchar('c'); }
  }
  putchar('\n');
  return 0;
}
