/* m_sqrtf.c - musl libm (src/math): sqrtf.  See LICENSE-musl. */

/* ---- musl src/math/x86_64/sqrtf.c ---- */
#include <math.h>
#include "m_libm.h"

float sqrtf(float x)
{
	__asm__ ("sqrtss %1, %0" : "=x"(x) : "x"(x));
	return x;
}
