/* m_fabsf.c - musl libm (src/math): fabsf, copysignf, fminf, fmaxf, fdimf, nanf.  See LICENSE-musl. */

/* ---- musl src/math/fabsf.c ---- */
#include <math.h>
#include "m_libm.h"
#include <stdint.h>

float fabsf(float x)
{
	union {float f; uint32_t i;} u = {x};
	u.i &= 0x7fffffff;
	return u.f;
}

/* ---- musl src/math/copysignf.c ---- */
#include <math.h>
#include <stdint.h>

float copysignf(float x, float y)
{
	union {float f; uint32_t i;} ux={x}, uy={y};
	ux.i &= 0x7fffffff;
	ux.i |= uy.i & 0x80000000;
	return ux.f;
}

/* ---- musl src/math/fminf.c ---- */
#include <math.h>

float fminf(float x, float y)
{
	if (isnan(x))
		return y;
	if (isnan(y))
		return x;
	/* glibc's choice for equal arguments (+0 and -0): y */
	return x < y ? x : y;
}

/* ---- musl src/math/fmaxf.c ---- */
#include <math.h>

float fmaxf(float x, float y)
{
	if (isnan(x))
		return y;
	if (isnan(y))
		return x;
	/* glibc's choice for equal arguments (+0 and -0): y */
	return x > y ? x : y;
}

/* ---- musl src/math/fdimf.c ---- */
#include <math.h>

float fdimf(float x, float y)
{
	if (isnan(x))
		return x;
	if (isnan(y))
		return y;
	return x > y ? x - y : 0;
}

/* ---- musl src/math/nanf.c ---- */
#include <math.h>

float nanf(const char *s)
{
	(void)s;
	return NAN;
}
