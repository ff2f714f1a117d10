/* m_sqrt.c - musl libm (src/math): sqrt.  See LICENSE-musl. */

/* ---- musl src/math/x86_64/sqrt.c ---- */
#include <math.h>
#include "m_libm.h"

double sqrt(double x)
{
	__asm__ ("sqrtsd %1, %0" : "=x"(x) : "x"(x));
	return x;
}
