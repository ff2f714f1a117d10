/* m_err.c - musl libm (src/math): __math_xflow, __math_oflow, __math_uflow, __math_divzero, __math_invalid.  See LICENSE-musl. */

/* ---- musl src/math/__math_xflow.c ---- */
#include "m_libm.h"

double __math_xflow(uint32_t sign, double y)
{
	errno = ERANGE;
	return eval_as_double(fp_barrier(sign ? -y : y) * y);
}

/* ---- musl src/math/__math_oflow.c ---- */
#include "m_libm.h"

double __math_oflow(uint32_t sign)
{
	return __math_xflow(sign, 0x1p769);
}

/* ---- musl src/math/__math_uflow.c ---- */
#include "m_libm.h"

double __math_uflow(uint32_t sign)
{
	return __math_xflow(sign, 0x1p-767);
}

/* ---- musl src/math/__math_divzero.c ---- */
#include "m_libm.h"

double __math_divzero(uint32_t sign)
{
	errno = ERANGE;
	return fp_barrier(sign ? -1.0 : 1.0) / 0.0;
}

/* ---- musl src/math/__math_invalid.c ---- */
#include "m_libm.h"

double __math_invalid(double x)
{
	if (!isnan(x))
		errno = EDOM;
	return (x - x) / (x - x);
}
