/* m_errf.c - musl libm (src/math): __math_xflowf, __math_oflowf, __math_uflowf, __math_divzerof, __math_invalidf.  See LICENSE-musl. */

/* ---- musl src/math/__math_xflowf.c ---- */
#include "m_libm.h"

float __math_xflowf(uint32_t sign, float y)
{
	errno = ERANGE;
	return eval_as_float(fp_barrierf(sign ? -y : y) * y);
}

/* ---- musl src/math/__math_oflowf.c ---- */
#include "m_libm.h"

float __math_oflowf(uint32_t sign)
{
	return __math_xflowf(sign, 0x1p97f);
}

/* ---- musl src/math/__math_uflowf.c ---- */
#include "m_libm.h"

float __math_uflowf(uint32_t sign)
{
	return __math_xflowf(sign, 0x1p-95f);
}

/* ---- musl src/math/__math_divzerof.c ---- */
#include "m_libm.h"

float __math_divzerof(uint32_t sign)
{
	errno = ERANGE;
	return fp_barrierf(sign ? -1.0f : 1.0f) / 0.0f;
}

/* ---- musl src/math/__math_invalidf.c ---- */
#include "m_libm.h"

float __math_invalidf(float x)
{
	if (!isnan(x))
		errno = EDOM;
	return (x - x) / (x - x);
}

/* ---- glibc's __math_may_uflowf: a result that may round to the smallest subnormal ---- */
float __math_may_uflowf(uint32_t sign)
{
	return __math_xflowf(sign, 0x1.4p-75f);
}
