/* m_sqrt.c - musl libm (src/math): sqrt.  See LICENSE-musl. */

/* ---- musl src/math/x86_64/sqrt.c ---- */
#include <math.h>
#include "m_libm.h"

static double musl_sqrt(double x)
{
	__asm__ ("sqrtsd %1, %0" : "=x"(x) : "x"(x));
	return x;
}

/* glibc's errno for sqrt: EDOM for x < 0. */
double sqrt(double x)
{
	double r = musl_sqrt(x);
	if (isnan(r) && !isnan(x))
		errno = EDOM;
	return r;
}
