/*
 * libgcc_powi.c - __builtin_powi/powif/powil with a variable exponent:
 * libgcc's square-and-multiply (so rounding matches), 1/y for m < 0.
 */

#define DEFINE_POWI(NAME, T)                                                  \
  T NAME(T x, int m);                                                         \
  T NAME(T x, int m)                                                          \
  {                                                                           \
    unsigned n = m < 0 ? -(unsigned)m : (unsigned)m;                          \
    T y = n % 2 ? x : 1;                                                      \
    while (n >>= 1) {                                                         \
      x = x * x;                                                              \
      if (n % 2)                                                              \
        y = y * x;                                                            \
    }                                                                         \
    return m < 0 ? 1 / y : y;                                                 \
  }

DEFINE_POWI(__powisf2, float)
DEFINE_POWI(__powidf2, double)
DEFINE_POWI(__powixf2, long double)
