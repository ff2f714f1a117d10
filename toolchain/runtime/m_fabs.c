/* m_fabs.c - musl libm (src/math): fabs, copysign, fmin, fmax, fdim, nan.  See LICENSE-musl. */

/* ---- musl src/math/fabs.c ---- */
#include <math.h>
#include <stdint.h>

double fabs(double x)
{
	union {double f; uint64_t i;} u = {x};
	u.i &= -1ULL/2;
	return u.f;
}

/* ---- musl src/math/copysign.c ---- */
#include "m_libm.h"

double copysign(double x, double y) {
	union {double f; uint64_t i;} ux={x}, uy={y};
	ux.i &= -1ULL/2;
	ux.i |= uy.i & 1ULL<<63;
	return ux.f;
}

/* ---- musl src/math/fmin.c ---- */
#include <math.h>

double fmin(double x, double y)
{
	if (isnan(x))
		return y;
	if (isnan(y))
		return x;
	/* glibc's choice for equal arguments (+0 and -0): y */
	return x < y ? x : y;
}

/* ---- musl src/math/fmax.c ---- */
#include <math.h>

double fmax(double x, double y)
{
	if (isnan(x))
		return y;
	if (isnan(y))
		return x;
	/* glibc's choice for equal arguments (+0 and -0): y */
	return x > y ? x : y;
}

/* ---- musl src/math/fdim.c ---- */
#include <math.h>

double fdim(double x, double y)
{
	if (isnan(x))
		return x;
	if (isnan(y))
		return y;
	return x > y ? x - y : 0;
}

/* ---- musl src/math/nan.c ---- */
#include <math.h>

double nan(const char *s)
{
	(void)s;
	return NAN;
}
