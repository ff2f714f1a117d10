/* m_tgammaf.c - musl libm (src/math): tgammaf.  See LICENSE-musl. */

/* ---- musl src/math/tgammaf.c ---- */
#include <math.h>
#include "m_libm.h"

float tgammaf(float x)
{
	return tgamma(x);
}
