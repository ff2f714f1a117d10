/* Function pointers: tables, callbacks, pointers returned from functions, indirect tail calls. */
#include <stdio.h>

typedef int (*binop)(int, int);
static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
static int maxi(int a, int b) { return a > b ? a : b; }
static const binop table[] = {add, sub, mul, maxi};

static int fold(binop f, const int *v, int n) { int acc = v[0]; for (int i = 1; i < n; i++) acc = f(acc, v[i]); return acc; }
static binop pick(int i) { return table[i & 3]; }
__attribute__((noinline)) static int apply(binop f, int a, int b) { return f(a, b); }

struct ops { const char *name; binop fn; };
static struct ops named[] = {{"add", add}, {"sub", sub}, {"mul", mul}, {"max", maxi}};

int main(void)
{
  int v[] = {3, 1, 4, 1, 5, 9, 2, 6};
  for (int i = 0; i < 4; i++)
    printf("%s: fold=%d apply=%d\n", named[i].name, fold(named[i].fn, v, 8), apply(pick(i), 7, 3));
  volatile binop vf = mul;
  printf("volatile: %d\n", vf(6, 7));
  return 0;
}
