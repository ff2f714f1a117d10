/* m_sqrtf.c - musl libm (src/math): sqrtf.  See LICENSE-musl. */

/* ---- musl src/math/x86_64/sqrtf.c ---- */
#include <math.h>
#include "m_libm.h"

static float musl_sqrtf(float x)
{
	__asm__ ("sqrtss %1, %0" : "=x"(x) : "x"(x));
	return x;
}

/* glibc's errno for sqrtf: EDOM for x < 0. */
float sqrtf(float x)
{
	float r = musl_sqrtf(x);
	if (isnan(r) && !isnan(x))
		errno = EDOM;
	return r;
}
