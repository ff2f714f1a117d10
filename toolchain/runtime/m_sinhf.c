/* m_sinhf.c - musl libm (src/math): sinhf.  See LICENSE-musl. */

/* ---- musl src/math/sinhf.c ---- */
#include "m_libm.h"

static float musl_sinhf(float x)
{
	union {float f; uint32_t i;} u = {.f = x};
	uint32_t w;
	float t, h, absx;

	h = 0.5;
	if (u.i >> 31)
		h = -h;
	/* |x| */
	u.i &= 0x7fffffff;
	absx = u.f;
	w = u.i;

	/* |x| < log(FLT_MAX) */
	if (w < 0x42b17217) {
		t = expm1f(absx);
		if (w < 0x3f800000) {
			if (w < 0x3f800000 - (12<<23))
				return x;
			return h*(2*t - t*t/(t+1));
		}
		return h*(t + t/(t+1));
	}

	/* |x| > logf(FLT_MAX) or nan */
	t = __expo2f(absx, 2*h);
	return t;
}

/* glibc's errno for sinhf: ERANGE on overflow. */
float sinhf(float x)
{
	int e = errno;
	float r = musl_sinhf(x);
	errno = e;
	if (isinf(r) && isfinite(x))
		errno = ERANGE;
	return r;
}
