/* m_scalbn.c - musl libm (src/math): scalbn, ldexp, scalbln.  See LICENSE-musl. */

/* ---- musl src/math/scalbn.c ---- */
#include <math.h>
#include "m_libm.h"
#include <stdint.h>

static double musl_scalbn(double x, int n)
{
	union {double f; uint64_t i;} u;
	double_t y = x;

	if (n > 1023) {
		y *= 0x1p1023;
		n -= 1023;
		if (n > 1023) {
			y *= 0x1p1023;
			n -= 1023;
			if (n > 1023)
				n = 1023;
		}
	} else if (n < -1022) {
		/* make sure final n < -53 to avoid double
		   rounding in the subnormal range */
		y *= 0x1p-1022 * 0x1p53;
		n += 1022 - 53;
		if (n < -1022) {
			y *= 0x1p-1022 * 0x1p53;
			n += 1022 - 53;
			if (n < -1022)
				n = -1022;
		}
	}
	u.i = (uint64_t)(0x3ff+n)<<52;
	x = y * u.f;
	return x;
}

/* ---- musl src/math/ldexp.c ---- */
#include <math.h>

double ldexp(double x, int n)
{
	return scalbn(x, n);
}

/* ---- musl src/math/scalbln.c ---- */
#include <limits.h>
#include <math.h>

double scalbln(double x, long n)
{
	if (n > INT_MAX)
		n = INT_MAX;
	else if (n < INT_MIN)
		n = INT_MIN;
	return scalbn(x, n);
}

/* glibc's errno for scalbn: ERANGE on overflow or underflow to 0 (ldexp and scalbln call this). */
double scalbn(double x, int n)
{
	double r = musl_scalbn(x, n);
	if ((!isfinite(r) || r == 0) && isfinite(x) && x != 0)
		errno = ERANGE;
	return r;
}
