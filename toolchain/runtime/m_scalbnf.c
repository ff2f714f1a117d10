/* m_scalbnf.c - musl libm (src/math): scalbnf, ldexpf, scalblnf.  See LICENSE-musl. */

/* ---- musl src/math/scalbnf.c ---- */
#include <math.h>
#include "m_libm.h"
#include <stdint.h>

static float musl_scalbnf(float x, int n)
{
	union {float f; uint32_t i;} u;
	float_t y = x;

	if (n > 127) {
		y *= 0x1p127f;
		n -= 127;
		if (n > 127) {
			y *= 0x1p127f;
			n -= 127;
			if (n > 127)
				n = 127;
		}
	} else if (n < -126) {
		y *= 0x1p-126f * 0x1p24f;
		n += 126 - 24;
		if (n < -126) {
			y *= 0x1p-126f * 0x1p24f;
			n += 126 - 24;
			if (n < -126)
				n = -126;
		}
	}
	u.i = (uint32_t)(0x7f+n)<<23;
	x = y * u.f;
	return x;
}

/* ---- musl src/math/ldexpf.c ---- */
#include <math.h>

float ldexpf(float x, int n)
{
	return scalbnf(x, n);
}

/* ---- musl src/math/scalblnf.c ---- */
#include <limits.h>
#include <math.h>

float scalblnf(float x, long n)
{
	if (n > INT_MAX)
		n = INT_MAX;
	else if (n < INT_MIN)
		n = INT_MIN;
	return scalbnf(x, n);
}

/* glibc's errno for scalbnf: ERANGE on overflow or underflow to 0 (ldexp and scalbln call this). */
float scalbnf(float x, int n)
{
	float r = musl_scalbnf(x, n);
	if ((!isfinite(r) || r == 0) && isfinite(x) && x != 0)
		errno = ERANGE;
	return r;
}
