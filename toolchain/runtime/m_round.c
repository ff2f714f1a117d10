/* m_round.c - musl libm (src/math): round, lround, llround.  See LICENSE-musl. */

/* ---- musl src/math/round.c ---- */
#include "m_libm.h"

#if FLT_EVAL_METHOD==0 || FLT_EVAL_METHOD==1
#define EPS DBL_EPSILON
#elif FLT_EVAL_METHOD==2
#define EPS LDBL_EPSILON
#endif
static const double_t toint = 1/EPS;

double round(double x)
{
	union {double f; uint64_t i;} u = {x};
	int e = u.i >> 52 & 0x7ff;
	double_t y;

	if (e >= 0x3ff+52)
		return x;
	if (u.i >> 63)
		x = -x;
	if (e < 0x3ff-1) {
		/* raise inexact if x!=0 */
		FORCE_EVAL(x + toint);
		return 0*u.f;
	}
	y = x + toint - toint - x;
	if (y > 0.5)
		y = y + x - 1;
	else if (y <= -0.5)
		y = y + x + 1;
	else
		y = y + x;
	if (u.i >> 63)
		y = -y;
	return y;
}

/* ---- musl src/math/lround.c ---- */
#include <math.h>

long lround(double x)
{
	return round(x);
}

/* ---- musl src/math/llround.c ---- */
#include <math.h>

long long llround(double x)
{
	return round(x);
}
