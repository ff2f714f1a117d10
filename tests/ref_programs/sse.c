/* An SSE load that needs 16-byte alignment, from buf + OFF: zerovm (the CPU) faults when OFF % 16 != 0. */
#include <emmintrin.h>
#include <stdio.h>
static char buf[64] __attribute__((aligned(16)));
int main(void) {
  volatile int off = OFF;
  __m128i v = _mm_load_si128((const __m128i *)(buf + off));
  __m128i w = _mm_add_epi32(v, *(const __m128i *)(buf + 16 + off));
  printf("%d\n", _mm_cvtsi128_si32(w));
  return 0;
}
