/* See math.h here: the two functions csmith's helpers call, for as long as the runtime has no libm. */
double fabs(double x) { return __builtin_fabs(x); }
float fabsf(float x) { return __builtin_fabsf(x); }
