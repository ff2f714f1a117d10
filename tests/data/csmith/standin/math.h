/* A stand-in for <math.h>, used by tests/test_csmith.py only while toolchain/include has no
   math.h of its own (libm is another piece of issue 13): csmith.h includes <math.h>, and
   safe_math.h's float helpers, which gcc emits at -O0, call fabs and fabsf. */
#ifndef _MATH_H
#define _MATH_H
double fabs(double);
float fabsf(float);
double ldexp(double, int);
float ldexpf(float, int);
#endif
