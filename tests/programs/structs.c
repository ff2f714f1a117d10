/* Struct copies of many sizes, struct arguments and returns by value, arrays of structs. */
#include <stdio.h>
#include <string.h>

struct small { char c; short s; };
struct mid { int a, b, c; double d; };
struct big { int v[50]; char tag[20]; };

static struct mid make_mid(int x) { struct mid m = {x, x * 2, x * 3, x / 2.0}; return m; }
static struct big make_big(int seed) { struct big b; for (int i = 0; i < 50; i++) b.v[i] = seed + i * i; strcpy(b.tag, "big-struct"); return b; }
static long sum_big(struct big b) { long s = 0; for (int i = 0; i < 50; i++) s += b.v[i]; return s; }
static struct small flip(struct small s) { struct small r = {(char)(s.c + 1), (short)-s.s}; return r; }

int main(void)
{
  struct big a = make_big(3), b;
  b = a;
  b.v[10] = -1;
  struct big arr[4];
  for (int i = 0; i < 4; i++) { arr[i] = a; arr[i].v[0] = i; }
  struct mid m = make_mid(7), n = m;
  n.d += 0.25;
  struct small s = flip((struct small){'a', 300});
  printf("sums %ld %ld %ld tag=%s\n", sum_big(a), sum_big(b), sum_big(arr[3]), arr[2].tag);
  printf("mid %d %d %d %.2f -> %.2f small %c %d cmp=%d\n", m.a, m.b, m.c, m.d, n.d, s.c, s.s,
         memcmp(&a, &b, sizeof a) != 0);
  return 0;
}
