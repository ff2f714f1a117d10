/* m_tgammaf.c - musl libm (src/math): tgammaf.  See LICENSE-musl. */

/* ---- musl src/math/tgammaf.c ---- */
#include <math.h>
#include "m_libm.h"

static float musl_tgammaf(float x)
{
	return tgamma(x);
}

/* glibc's errno for tgammaf: ERANGE at the pole 0, EDOM for negative integers and -inf, ERANGE on overflow or underflow to 0. */
float tgammaf(float x)
{
	int e = errno;
	float r = musl_tgammaf(x);
	errno = e;
	if ((!isfinite(r) || r == 0) && (isfinite(x) || (isinf(x) && x < 0))) {
		if (x == 0)
			errno = ERANGE;
		else if (floorf(x) == x && x < 0)
			errno = EDOM;
		else
			errno = ERANGE;
	}
	return r;
}
