/* rcpps: an approximate instruction whose result is CPU-specific; the model reports it as unsupported. */
#include <xmmintrin.h>
#include <stdio.h>
int main(void) { volatile float x = 3.0f; __m128 v = _mm_rcp_ps(_mm_set1_ps(x)); printf("%d\n", (int)(_mm_cvtss_f32(v) * 1000)); return 0; }
