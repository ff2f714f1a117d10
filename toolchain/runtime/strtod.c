/*
 * strtod.c - strtod, strtof and atof, correctly rounded like glibc's.
 *
 * Decimal input is converted exactly: the (up to MAX_DIGITS) significant digits
 * and the power of ten become big integers num/den, a 55-bit quotient with a
 * sticky bit for the remainder is rounded once, to nearest-even, into the
 * target format.  Digits past MAX_DIGITS only matter through a sticky digit,
 * which is enough because a double needs at most 767 significant digits to
 * decide a tie.  Hex floats are rounded the same way.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include "zrt.h"

#define MAX_DIGITS 800
#define LIMBS 160 /* 5120 bits: num << shift and den << 55 stay below this */

struct big {
  int n; /* limbs in use; d[n-1] != 0 unless n == 0 */
  uint32_t d[LIMBS];
};

static void big_trim(struct big *b)
{
  while (b->n > 0 && b->d[b->n - 1] == 0)
    b->n--;
}

static void big_mul_add(struct big *b, uint32_t m, uint32_t a)
{
  uint64_t carry = a;
  for (int i = 0; i < b->n; i++) {
    uint64_t t = (uint64_t)b->d[i] * m + carry;
    b->d[i] = (uint32_t)t;
    carry = t >> 32;
  }
  if (carry && b->n < LIMBS)
    b->d[b->n++] = (uint32_t)carry;
}

static void big_pow10(struct big *b, int e)
{
  while (e >= 9) {
    big_mul_add(b, 1000000000u, 0);
    e -= 9;
  }
  static const uint32_t small[9] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000 };
  if (e > 0)
    big_mul_add(b, small[e], 0);
}

static int big_bits(const struct big *b)
{
  if (b->n == 0)
    return 0;
  return 32 * (b->n - 1) + 32 - __builtin_clz(b->d[b->n - 1]);
}

static void big_shl(struct big *b, int k)
{
  if (b->n == 0 || k <= 0)
    return;
  int words = k / 32, bits = k % 32;
  int n = b->n + words + 1;
  if (n > LIMBS)
    n = LIMBS;
  for (int i = n - 1; i >= 0; i--) {
    int src = i - words;
    uint32_t hi = src >= 0 && src < b->n ? b->d[src] : 0;
    uint32_t lo = src - 1 >= 0 && src - 1 < b->n ? b->d[src - 1] : 0;
    b->d[i] = bits ? (hi << bits) | (lo >> (32 - bits)) : hi;
  }
  b->n = n;
  big_trim(b);
}

static void big_shr1(struct big *b)
{
  for (int i = 0; i < b->n; i++)
    b->d[i] = (b->d[i] >> 1) | (i + 1 < b->n ? b->d[i + 1] << 31 : 0);
  big_trim(b);
}

static int big_cmp(const struct big *a, const struct big *b)
{
  if (a->n != b->n)
    return a->n < b->n ? -1 : 1;
  for (int i = a->n - 1; i >= 0; i--)
    if (a->d[i] != b->d[i])
      return a->d[i] < b->d[i] ? -1 : 1;
  return 0;
}

static void big_sub(struct big *a, const struct big *b) /* a >= b */
{
  int64_t borrow = 0;
  for (int i = 0; i < a->n; i++) {
    int64_t t = (int64_t)a->d[i] - (i < b->n ? b->d[i] : 0) - borrow;
    borrow = t < 0;
    a->d[i] = (uint32_t)(t + (borrow ? ((int64_t)1 << 32) : 0));
  }
  big_trim(a);
}

/*
 * value = q * 2^e2 (q != 0), plus a little more if sticky: rounded to nearest
 * even into a format with mant_bits significand bits (hidden bit included) and
 * normal exponents emin..emax.  Returns the IEEE bits without the sign; sets
 * *range on overflow and on an inexact subnormal or zero result.
 */
static uint64_t round_bits(uint64_t q, int e2, int sticky, int mant_bits, int emin, int emax, int *range)
{
  /* Normalise q to [2^mant_bits, 2^(mant_bits+1)): one bit below the significand. */
  while (q >= ((uint64_t)2 << mant_bits)) {
    sticky |= (int)(q & 1);
    q >>= 1;
    e2++;
  }
  while (q < ((uint64_t)1 << mant_bits)) {
    q <<= 1;
    e2--;
  }
  int exp = e2 + mant_bits; /* exponent of the leading bit */
  /* Tininess is decided after rounding, as on x86 and in glibc: a value just
   * below the smallest normal that rounds up to it at full precision is not tiny. */
  uint64_t all_ones = (((uint64_t)1) << mant_bits) - 1;
  int tiny = exp < emin && !(exp == emin - 1 && (q >> 1) == all_ones && (q & 1));
  int shift = 1;
  if (exp < emin)
    shift += emin - exp;
  uint64_t m, half;
  if (shift > mant_bits + 1) {
    m = 0;
    half = 0;
    sticky = 1;
  } else {
    m = q >> shift;
    half = (q >> (shift - 1)) & 1;
    if (q & ((((uint64_t)1) << (shift - 1)) - 1))
      sticky = 1;
  }
  int inexact = half || sticky;
  if (half && (sticky || (m & 1)))
    m++;
  if (exp < emin) {
    /* Subnormal: the exponent field is 0, or 1 if rounding carried into it.
     * ERANGE for an inexact tiny result, as glibc. */
    if (inexact && tiny)
      *range = 1;
    return m;
  }
  if (m >> mant_bits) { /* rounding carried out of the significand */
    m >>= 1;
    exp++;
  }
  if (exp > emax) {
    *range = 1;
    return (uint64_t)(emax - emin + 2) << (mant_bits - 1);
  }
  return ((uint64_t)(exp - emin + 1) << (mant_bits - 1)) | (m & ((((uint64_t)1) << (mant_bits - 1)) - 1));
}

static int lower(int c)
{
  return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int match_word(const char *s, const char *word)
{
  int i = 0;
  while (word[i] && lower((unsigned char)s[i]) == word[i])
    i++;
  return word[i] == 0 ? i : 0;
}

static int hex_value(int c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  c = lower(c);
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

enum { KIND_DOUBLE, KIND_FLOAT };

/* The common parser: the result's IEEE bits (with the sign) in the given format. */
/* The exponent's digits after 'e' or 'p' (at `e`, sign included) into *out, capped far beyond any
   double's range; returns where the number ends: after them, or `mark` (the 'e') when no digit follows. */
static const char *exponent(const char *e, const char *mark, long *out)
{
  int eneg = 0;
  long x = 0;
  *out = 0;
  if (*e == '+' || *e == '-')
    eneg = *e++ == '-';
  if (*e < '0' || *e > '9')
    return mark;
  while (*e >= '0' && *e <= '9') {
    if (x < 100000)
      x = x * 10 + (*e - '0');
    e++;
  }
  *out = eneg ? -x : x;
  return e;
}

static uint64_t parse(const char *s, char **endptr, int kind)
{
  int mant_bits = kind == KIND_FLOAT ? 24 : 53;
  int emin = kind == KIND_FLOAT ? -126 : -1022;
  int emax = kind == KIND_FLOAT ? 127 : 1023;
  uint64_t sign_bit = kind == KIND_FLOAT ? (uint64_t)1 << 31 : (uint64_t)1 << 63;
  uint64_t inf_bits = (uint64_t)(emax - emin + 2) << (mant_bits - 1);
  const char *p = s;
  while (isspace((unsigned char)*p))
    p++;
  uint64_t sign = 0;
  if (*p == '+' || *p == '-') {
    if (*p == '-')
      sign = sign_bit;
    p++;
  }
  int n;
  if ((n = match_word(p, "inf")) != 0) {
    p += n;
    if ((n = match_word(p, "inity")) != 0)
      p += n;
    if (endptr)
      *endptr = (char *)p;
    return sign | inf_bits;
  }
  if ((n = match_word(p, "nan")) != 0) {
    /* The quiet bit (the top fraction bit) is the lowest exponent bit >> 1, taken
     * from inf_bits: gcc turns `x | (1 << n)` into bts, which NaCl forbids. */
    uint64_t quiet = (inf_bits & -inf_bits) >> 1, payload = 0;
    p += n;
    if (*p == '(') {
      const char *q = p + 1;
      while (isalnum((unsigned char)*q) || *q == '_')
        q++;
      if (*q == ')') {
        /* As glibc: a sequence that is a whole number is the payload. */
        char *e;
        payload = strtoull(p + 1, &e, 0);
        if (e != q)
          payload = 0;
        p = q + 1;
      }
    }
    if (endptr)
      *endptr = (char *)p;
    return sign | inf_bits | quiet | (payload & (quiet - 1));
  }
  int range = 0;
  uint64_t bits = 0;
  if (p[0] == '0' && lower((unsigned char)p[1]) == 'x' &&
      (hex_value((unsigned char)p[2]) >= 0 || (p[2] == '.' && hex_value((unsigned char)p[3]) >= 0))) {
    p += 2;
    uint64_t q = 0;
    int e2 = 0, sticky = 0, any = 0, seen_dot = 0;
    for (;; p++) {
      int v;
      if (*p == '.' && !seen_dot) {
        seen_dot = 1;
        continue;
      }
      if ((v = hex_value((unsigned char)*p)) < 0)
        break;
      any |= v;
      if (q >> 56) { /* full: later digits only add to the sticky bit */
        sticky |= v != 0;
        if (!seen_dot)
          e2 += 4;
      } else {
        q = q * 16 + (uint64_t)v;
        if (seen_dot)
          e2 -= 4;
      }
    }
    if (lower((unsigned char)*p) == 'p') {
      long x;
      p = exponent(p + 1, p, &x);
      e2 += (int)x;
    }
    if (endptr)
      *endptr = (char *)p;
    if (!any)
      return sign;
    bits = round_bits(q, e2, sticky, mant_bits, emin, emax, &range);
    if (range)
      errno = ERANGE;
    return sign | bits;
  }

  /* Decimal. */
  static char digits[MAX_DIGITS + 1];
  int nd = 0, any = 0, seen_dot = 0, truncated = 0;
  long e10 = 0;
  for (;; p++) {
    if (*p == '.' && !seen_dot) {
      seen_dot = 1;
      continue;
    }
    if (*p < '0' || *p > '9')
      break;
    any = 1;
    if (nd == 0 && *p == '0') {
      if (seen_dot)
        e10--;
      continue;
    }
    if (nd < MAX_DIGITS) {
      digits[nd++] = (char)(*p - '0');
      if (seen_dot)
        e10--;
    } else {
      truncated |= *p != '0';
      if (!seen_dot)
        e10++;
    }
  }
  if (!any) {
    if (endptr)
      *endptr = (char *)s;
    return 0;
  }
  if (lower((unsigned char)*p) == 'e') {
    long x;
    p = exponent(p + 1, p, &x);
    e10 += x;
  }
  if (endptr)
    *endptr = (char *)p;
  if (nd == 0)
    return sign;
  if (truncated) { /* a sticky digit below every kept one */
    digits[nd++] = 1;
    e10--;
  }
  if (nd + e10 > 311) {
    errno = ERANGE;
    return sign | inf_bits;
  }
  if (nd + e10 < -326) {
    errno = ERANGE;
    return sign;
  }
  static struct big num, den;
  num.n = 0;
  for (int i = 0; i < nd; i++) {
    if (num.n == 0) {
      if (digits[i]) {
        num.d[0] = (uint32_t)digits[i];
        num.n = 1;
      }
    } else {
      big_mul_add(&num, 10, (uint32_t)digits[i]);
    }
  }
  den.n = 1;
  den.d[0] = 1;
  if (e10 >= 0)
    big_pow10(&num, (int)e10);
  else
    big_pow10(&den, (int)-e10);
  /* num / den lies in (2^(b-1), 2^(b+1)): scale it so the quotient has 54-55 bits. */
  int b = big_bits(&num) - big_bits(&den);
  int shift = 54 - b;
  if (shift > 0)
    big_shl(&num, shift);
  else
    big_shl(&den, -shift);
  big_shl(&den, 55);
  uint64_t q = 0;
  for (int i = 0; i <= 55; i++) {
    q <<= 1;
    if (big_cmp(&num, &den) >= 0) {
      big_sub(&num, &den);
      q |= 1;
    }
    big_shr1(&den);
  }
  int sticky = num.n != 0;
  bits = round_bits(q, -shift, sticky, mant_bits, emin, emax, &range);
  if (range)
    errno = ERANGE;
  return sign | bits;
}

double strtod(const char *s, char **endptr)
{
  union { uint64_t u; double d; } v = { parse(s, endptr, KIND_DOUBLE) };
  return v.d;
}

float strtof(const char *s, char **endptr)
{
  union { uint32_t u; float f; } v = { (uint32_t)parse(s, endptr, KIND_FLOAT) };
  return v.f;
}

double atof(const char *s)
{
  return strtod(s, NULL);
}
