/*
 * libgcc_complex.c - complex multiply and divide as gcc calls them (when the
 * inline code's result is NaN + NaN i, and always at -O0): __mulsc3, __muldc3,
 * __mulxc3, __divsc3, __divdc3, __divxc3.  The arithmetic and its order are
 * libgcc 12's, so results match to the bit: C99 Annex G's recovery of
 * infinities, and for division Smith's method with scaling against
 * overflow and underflow (float divides in double, as libgcc does on x86).
 */

#define DEFINE_MUL(NAME, T, C, SFX)                                           \
  C NAME(T a, T b, T c, T d);                                                 \
  C NAME(T a, T b, T c, T d)                                                  \
  {                                                                           \
    T ac = a * c, bd = b * d, ad = a * d, bc = b * c;                         \
    T x = ac - bd, y = ad + bc;                                               \
    C res;                                                                    \
    if (__builtin_isnan(x) && __builtin_isnan(y)) {                           \
      int again = 0;                                                          \
      if (__builtin_isinf(a) || __builtin_isinf(b)) {                         \
        /* An infinite factor: box it, NaNs of the other factor become 0. */ \
        a = __builtin_copysign##SFX(__builtin_isinf(a) ? 1 : 0, a);           \
        b = __builtin_copysign##SFX(__builtin_isinf(b) ? 1 : 0, b);           \
        if (__builtin_isnan(c)) c = __builtin_copysign##SFX(0, c);            \
        if (__builtin_isnan(d)) d = __builtin_copysign##SFX(0, d);            \
        again = 1;                                                            \
      }                                                                       \
      if (__builtin_isinf(c) || __builtin_isinf(d)) {                         \
        c = __builtin_copysign##SFX(__builtin_isinf(c) ? 1 : 0, c);           \
        d = __builtin_copysign##SFX(__builtin_isinf(d) ? 1 : 0, d);           \
        if (__builtin_isnan(a)) a = __builtin_copysign##SFX(0, a);            \
        if (__builtin_isnan(b)) b = __builtin_copysign##SFX(0, b);            \
        again = 1;                                                            \
      }                                                                       \
      if (!again && (__builtin_isinf(ac) || __builtin_isinf(bd) ||            \
                     __builtin_isinf(ad) || __builtin_isinf(bc))) {           \
        /* Infinities from overflow: NaN inputs become 0. */                 \
        if (__builtin_isnan(a)) a = __builtin_copysign##SFX(0, a);            \
        if (__builtin_isnan(b)) b = __builtin_copysign##SFX(0, b);            \
        if (__builtin_isnan(c)) c = __builtin_copysign##SFX(0, c);            \
        if (__builtin_isnan(d)) d = __builtin_copysign##SFX(0, d);            \
        again = 1;                                                            \
      }                                                                       \
      if (again) {                                                            \
        x = __builtin_huge_val##SFX() * (a * c - b * d);                      \
        y = __builtin_huge_val##SFX() * (a * d + b * c);                      \
      }                                                                       \
    }                                                                         \
    __real__ res = x;                                                         \
    __imag__ res = y;                                                         \
    return res;                                                               \
  }

DEFINE_MUL(__mulsc3, float, _Complex float, f)
DEFINE_MUL(__muldc3, double, _Complex double, )
DEFINE_MUL(__mulxc3, long double, _Complex long double, l)

/* NaN + NaN i from a division: recover the infinities and zeros of
 * nonzero/zero, infinite/finite and finite/infinite. */
#define DIV_RECOVER(T, SFX)                                                   \
  if (__builtin_isnan(x) && __builtin_isnan(y)) {                             \
    if (c == 0.0 && d == 0.0 && (!__builtin_isnan(a) || !__builtin_isnan(b))) { \
      x = __builtin_copysign##SFX(__builtin_huge_val##SFX(), c) * a;          \
      y = __builtin_copysign##SFX(__builtin_huge_val##SFX(), c) * b;          \
    } else if ((__builtin_isinf(a) || __builtin_isinf(b)) &&                  \
               __builtin_isfinite(c) && __builtin_isfinite(d)) {              \
      a = __builtin_copysign##SFX(__builtin_isinf(a) ? 1 : 0, a);             \
      b = __builtin_copysign##SFX(__builtin_isinf(b) ? 1 : 0, b);             \
      x = __builtin_huge_val##SFX() * (a * c + b * d);                        \
      y = __builtin_huge_val##SFX() * (b * c - a * d);                        \
    } else if ((__builtin_isinf(c) || __builtin_isinf(d)) &&                  \
               __builtin_isfinite(a) && __builtin_isfinite(b)) {              \
      c = __builtin_copysign##SFX(__builtin_isinf(c) ? 1 : 0, c);             \
      d = __builtin_copysign##SFX(__builtin_isinf(d) ? 1 : 0, d);             \
      x = 0.0 * (a * c + b * d);                                              \
      y = 0.0 * (b * c - a * d);                                              \
    }                                                                         \
  }

/* Smith's method; RBIG = MAX / 2, RMIN = the smallest normal, RMIN2 = EPSILON,
 * RMINSCAL = 1 / EPSILON, RMAX2 = RBIG * RMIN2. */
#define DEFINE_DIV(NAME, T, C, SFX, MAX, MIN, EPS)                            \
  C NAME(T a, T b, T c, T d);                                                 \
  C NAME(T a, T b, T c, T d)                                                  \
  {                                                                           \
    const T rbig = MAX / 2, rmin = MIN, rmin2 = EPS, rminscal = 1 / EPS;      \
    const T rmax2 = rbig * rmin2;                                             \
    T denom, ratio, x, y;                                                     \
    C res;                                                                    \
    if (__builtin_fabs##SFX(c) < __builtin_fabs##SFX(d)) {                    \
      if (__builtin_fabs##SFX(d) >= rbig) {                                   \
        a = a / 2; b = b / 2; c = c / 2; d = d / 2;                           \
      }                                                                       \
      if (__builtin_fabs##SFX(d) < rmin2 ||                                   \
          (__builtin_fabs##SFX(a) < rmin && __builtin_fabs##SFX(b) < rmax2 &&  \
           __builtin_fabs##SFX(d) < rmax2) ||                                 \
          (__builtin_fabs##SFX(b) < rmin && __builtin_fabs##SFX(a) < rmax2 &&  \
           __builtin_fabs##SFX(d) < rmax2)) {                                 \
        a = a * rminscal; b = b * rminscal; c = c * rminscal; d = d * rminscal; \
      }                                                                       \
      ratio = c / d;                                                          \
      denom = (c * ratio) + d;                                                \
      if (__builtin_fabs##SFX(ratio) > rmin) {                                \
        x = ((a * ratio) + b) / denom;                                        \
        y = ((b * ratio) - a) / denom;                                        \
      } else {                                                                \
        x = ((c * (a / d)) + b) / denom;                                      \
        y = ((c * (b / d)) - a) / denom;                                      \
      }                                                                       \
    } else {                                                                  \
      if (__builtin_fabs##SFX(c) >= rbig) {                                   \
        a = a / 2; b = b / 2; c = c / 2; d = d / 2;                           \
      }                                                                       \
      if (__builtin_fabs##SFX(c) < rmin2 ||                                   \
          (__builtin_fabs##SFX(a) < rmin && __builtin_fabs##SFX(b) < rmax2 &&  \
           __builtin_fabs##SFX(c) < rmax2) ||                                 \
          (__builtin_fabs##SFX(b) < rmin && __builtin_fabs##SFX(a) < rmax2 &&  \
           __builtin_fabs##SFX(c) < rmax2)) {                                 \
        a = a * rminscal; b = b * rminscal; c = c * rminscal; d = d * rminscal; \
      }                                                                       \
      ratio = d / c;                                                          \
      denom = (d * ratio) + c;                                                \
      if (__builtin_fabs##SFX(ratio) > rmin) {                                \
        x = ((b * ratio) + a) / denom;                                        \
        y = (b - (a * ratio)) / denom;                                        \
      } else {                                                                \
        x = (a + (d * (b / c))) / denom;                                      \
        y = (b - (d * (a / c))) / denom;                                      \
      }                                                                       \
    }                                                                         \
    DIV_RECOVER(T, SFX)                                                       \
    __real__ res = x;                                                         \
    __imag__ res = y;                                                         \
    return res;                                                               \
  }

DEFINE_DIV(__divdc3, double, _Complex double, , __DBL_MAX__, __DBL_MIN__, __DBL_EPSILON__)
DEFINE_DIV(__divxc3, long double, _Complex long double, l, __LDBL_MAX__, __LDBL_MIN__, __LDBL_EPSILON__)

/* With double hardware, float division is the plain formula in double. */
_Complex float __divsc3(float a, float b, float c, float d);
_Complex float __divsc3(float a, float b, float c, float d)
{
  double aa = a, bb = b, cc = c, dd = d;
  double denom = (cc * cc) + (dd * dd);
  float x = (float)(((aa * cc) + (bb * dd)) / denom);
  float y = (float)(((bb * cc) - (aa * dd)) / denom);
  _Complex float res;
  DIV_RECOVER(float, f)
  __real__ res = x;
  __imag__ res = y;
  return res;
}
