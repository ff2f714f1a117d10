/* m_acoshf.c - musl libm (src/math): acoshf.  See LICENSE-musl. */

/* ---- musl src/math/acoshf.c ---- */
#include "m_libm.h"

#if FLT_EVAL_METHOD==2
#undef sqrtf
#define sqrtf sqrtl
#elif FLT_EVAL_METHOD==1
#undef sqrtf
#define sqrtf sqrt
#endif

/* acosh(x) = log(x + sqrt(x*x-1)) */
static float musl_acoshf(float x)
{
	union {float f; uint32_t i;} u = {x};
	uint32_t a = u.i & 0x7fffffff;

	if (a < 0x3f800000+(1<<23))
		/* |x| < 2, invalid if x < 1 */
		/* up to 2ulp error in [1,1.125] */
		return log1pf(x-1 + sqrtf((x-1)*(x-1)+2*(x-1)));
	if (u.i < 0x3f800000+(12<<23))
		/* 2 <= x < 0x1p12 */
		return logf(2*x - 1/(x+sqrtf(x*x-1)));
	/* x >= 0x1p12 or x <= -2 or nan */
	return logf(x) + 0.693147180559945309417232121458176568f;
}

/* glibc's errno for acoshf: EDOM for x < 1. */
float acoshf(float x)
{
	int e = errno;
	float r = musl_acoshf(x);
	errno = e;
	if (isnan(r) && !isnan(x))
		errno = EDOM;
	return r;
}
