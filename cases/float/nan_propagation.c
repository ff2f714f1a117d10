/* Two NaN operands: SSE returns the first source operand's NaN (quieted), whatever the
 * signs and payloads; a signalling NaN in the first operand wins over a quiet one in the
 * second.  (x87's rule, which some emulators apply to SSE too, picks the larger payload.) */
#include <stdio.h>
#include <string.h>

static unsigned long long bits(double d) { unsigned long long u; memcpy(&u, &d, 8); return u; }
static double mk(unsigned long long u) { double d; memcpy(&d, &u, 8); return d; }
static unsigned bitsf(float f) { unsigned u; memcpy(&u, &f, 4); return u; }
static float mkf(unsigned u) { float f; memcpy(&f, &u, 4); return f; }

int main(void)
{
  volatile double a = mk(0x7ff8000000000001ULL), b = mk(0xfff8000000000002ULL), s = mk(0x7ff0000000000003ULL);
  volatile double one = 1.0;
  volatile float af = mkf(0x7fc00001u), bf = mkf(0xffc00002u);
  printf("a+b %016llx\n", bits(a + b));
  printf("b+a %016llx\n", bits(b + a));
  printf("a*b %016llx\n", bits(a * b));
  printf("b/a %016llx\n", bits(b / a));
  printf("s+1 %016llx\n", bits(s + one));
  printf("a+s %016llx\n", bits(a + s));
  printf("s+a %016llx\n", bits(s + a));
  printf("f a+b %08x\n", bitsf(af + bf));
  printf("f b+a %08x\n", bitsf(bf + af));
  return 0;
}
