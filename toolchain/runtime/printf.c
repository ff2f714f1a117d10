/*
 * printf.c - the printf formatting engine, plus the string variants
 * (snprintf, vsnprintf, sprintf, vsprintf).  The FILE variants are in stdio.c.
 *
 * The output matches glibc's byte for byte for the supported directives
 * (see stdio.h).  Floating-point conversions are exact: the double is turned
 * into the full decimal expansion of its binary value with a small
 * big-integer (base 10^9 limbs), and that digit string is rounded half to
 * even, as glibc does in the default rounding mode.  No floating-point
 * arithmetic is used.
 */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <limits.h>
#include "zrt.h"

/* ---------------------------------------------------------------- sink */

static void sink_put(struct zrt_sink *s, const char *p, size_t n)
{
  s->total += n;
  while (n) {
    size_t room = s->cap - s->len, chunk;
    if (room == 0) {
      if (!s->flush || s->cap == 0)
        return; /* snprintf past the end: count only */
      s->flush(s);
      room = s->cap - s->len;
    }
    chunk = n < room ? n : room;
    memcpy(s->buf + s->len, p, chunk);
    s->len += chunk;
    p += chunk;
    n -= chunk;
  }
}

/* n copies of c. */
static void sink_fill(struct zrt_sink *s, char c, size_t n)
{
  char block[32];
  memset(block, c, sizeof block);
  while (n) {
    size_t chunk = n < sizeof block ? n : sizeof block;
    sink_put(s, block, chunk);
    n -= chunk;
  }
}

/* ------------------------------------------------------- directive spec */

struct spec {
  int left;  /* '-' */
  int plus;  /* '+' */
  int space; /* ' ' */
  int alt;   /* '#' */
  int zero;  /* '0' */
  int width; /* >= 0 */
  int prec;  /* -1 when not given */
};

/*
 * Field padding around a body of body_len bytes preceded by a prefix (sign,
 * "0x"): spaces go outside the prefix, zeros (zero_pad) between the prefix
 * and the body.  pad_before emits everything up to the body, pad_after the
 * trailing spaces of a left-justified field.
 */
static size_t field_padding(const struct spec *sp, size_t len)
{
  return (size_t)sp->width > len ? (size_t)sp->width - len : 0;
}

static void pad_before(struct zrt_sink *s, const struct spec *sp, const char *prefix,
                       size_t prefix_len, size_t body_len, int zero_pad)
{
  size_t pad = field_padding(sp, prefix_len + body_len);
  if (!sp->left && !zero_pad)
    sink_fill(s, ' ', pad);
  sink_put(s, prefix, prefix_len);
  if (!sp->left && zero_pad)
    sink_fill(s, '0', pad);
}

static void pad_after(struct zrt_sink *s, const struct spec *sp, size_t len)
{
  if (sp->left)
    sink_fill(s, ' ', field_padding(sp, len));
}

/* A string field (%s, %c, "(nil)"): space padded, never zero padded. */
static void fmt_string(struct zrt_sink *s, const struct spec *sp, const char *str, size_t n)
{
  pad_before(s, sp, "", 0, n, 0);
  sink_put(s, str, n);
  pad_after(s, sp, n);
}

/* ------------------------------------------------------------- integers */

/*
 * mag is the magnitude, neg the sign of a signed conversion.  signed_conv
 * enables the '+' and ' ' flags (d, i and, in glibc, p); hex_prefix forces
 * "0x" (for %p).
 */
static void fmt_integer(struct zrt_sink *s, const struct spec *sp, unsigned long long mag,
                        int neg, int signed_conv, unsigned base, int upper, int hex_prefix)
{
  const char *xdigits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char digits[24]; /* 22 octal digits for 64 bits */
  char *end = digits + sizeof digits, *p = end;
  char prefix[3];
  size_t np = 0, nd, zeros = 0, body;
  int nonzero = mag != 0;

  /* Precision 0 and value 0 give no digits at all. */
  if (!(mag == 0 && sp->prec == 0)) {
    do {
      *--p = xdigits[mag % base];
      mag /= base;
    } while (mag);
  }
  nd = (size_t)(end - p);
  if (sp->prec >= 0 && (size_t)sp->prec > nd)
    zeros = (size_t)sp->prec - nd;
  /* '#' with o: the first digit must be a 0. */
  if (sp->alt && base == 8 && zeros == 0 && (nd == 0 || *p != '0'))
    zeros = 1;

  if (signed_conv) {
    if (neg)
      prefix[np++] = '-';
    else if (sp->plus)
      prefix[np++] = '+';
    else if (sp->space)
      prefix[np++] = ' ';
  }
  if (base == 16 && (hex_prefix || (sp->alt && nonzero))) {
    prefix[np++] = '0';
    prefix[np++] = upper ? 'X' : 'x';
  }

  body = zeros + nd;
  /* The '0' flag is ignored with '-' and when a precision is given. */
  if (sp->zero && !sp->left && sp->prec < 0) {
    zeros += field_padding(sp, np + body);
    body = zeros + nd;
  }
  pad_before(s, sp, prefix, np, body, 0);
  sink_fill(s, '0', zeros);
  sink_put(s, p, nd);
  pad_after(s, sp, np + body);
}

/* ------------------------------------------------- exact decimal of a double */

/*
 * A decimal number 0.d[0]d[1]...d[n-1] * 10^point, digits as ASCII, without
 * trailing zeros (n == 0 means the value 0).  The longest exact expansion of a
 * double is 767 significant digits (2^53 * 5^1074 < 10^767).
 */
#define DEC_MAX 780
#define LIMB_BASE 1000000000u
#define MAX_LIMBS 88 /* 88 * 9 = 792 digits */

struct dec {
  char d[DEC_MAX];
  int n;
  int point;
};

/* limb[0..*n) (base 10^9, least significant first) *= f, f < 2^32. */
static void limbs_mul(uint32_t *limb, int *n, uint32_t f)
{
  uint64_t carry = 0;
  int i;
  for (i = 0; i < *n; i++) {
    uint64_t t = (uint64_t)limb[i] * f + carry;
    limb[i] = (uint32_t)(t % LIMB_BASE);
    carry = t / LIMB_BASE;
  }
  while (carry) {
    limb[(*n)++] = (uint32_t)(carry % LIMB_BASE);
    carry /= LIMB_BASE;
  }
}

static void dec_trim(struct dec *x)
{
  while (x->n > 0 && x->d[x->n - 1] == '0')
    x->n--;
}

/* x = m * 2^e exactly, m != 0. */
static void dec_from_binary(struct dec *x, uint64_t m, int e)
{
  uint32_t limb[MAX_LIMBS];
  int nl = 0, i, k;
  char *out = x->d;

  /* Fewer factors of 2 in the denominator means less work below. */
  while (e < 0 && !(m & 1)) {
    m >>= 1;
    e++;
  }
  while (m) {
    limb[nl++] = (uint32_t)(m % LIMB_BASE);
    m /= LIMB_BASE;
  }
  if (e >= 0) {
    /* An integer: multiply by 2^e, 29 bits at a time (2^29 * 10^9 < 2^64). */
    for (k = e; k > 0; k -= 29)
      limbs_mul(limb, &nl, (uint32_t)1 << (k < 29 ? k : 29));
  } else {
    /* m / 2^k = m * 5^k / 10^k: the digits of m * 5^k, point moved k left.
     * Multiply by 5^13 (< 2^31) at a time. */
    for (k = -e; k > 0; k -= 13) {
      uint32_t f = 1;
      int j;
      for (j = 0; j < (k < 13 ? k : 13); j++)
        f *= 5;
      limbs_mul(limb, &nl, f);
    }
  }

  /* Most significant limb without leading zeros, then 9 digits per limb. */
  {
    char tmp[10];
    int t = 0;
    uint32_t v = limb[nl - 1];
    do {
      tmp[t++] = (char)('0' + v % 10);
      v /= 10;
    } while (v);
    while (t)
      *out++ = tmp[--t];
  }
  for (i = nl - 2; i >= 0; i--) {
    uint32_t v = limb[i];
    int j;
    for (j = 8; j >= 0; j--) {
      out[j] = (char)('0' + v % 10);
      v /= 10;
    }
    out += 9;
  }
  x->n = (int)(out - x->d);
  x->point = x->n + (e < 0 ? e : 0);
  dec_trim(x);
}

/*
 * Keep the first `keep` significant digits, rounding half to even on the
 * exact value.  keep may be <= 0 (then the value becomes 0 or a single 1 at
 * the position just above the kept ones).
 */
static void dec_round(struct dec *x, long long keep)
{
  int up, k;
  if (keep >= x->n)
    return;
  if (keep < 0) {
    x->n = 0; /* below half a unit of the last kept place */
    return;
  }
  k = (int)keep;
  if (x->d[k] != '5')
    up = x->d[k] > '5';
  else if (x->n > k + 1) /* digits follow the 5 (the last digit is nonzero) */
    up = 1;
  else /* exactly half: to even; with no kept digit the kept value is 0 */
    up = k > 0 && ((x->d[k - 1] - '0') & 1);
  x->n = k;
  if (up) {
    int i = k - 1;
    while (i >= 0 && x->d[i] == '9')
      i--;
    if (i < 0) { /* 999 -> 1000, or nothing kept -> 1 */
      x->d[0] = '1';
      x->n = 1;
      x->point++;
    } else {
      x->d[i]++;
      x->n = i + 1;
    }
  }
  dec_trim(x);
}

/* Emit the digits at indexes [from, from+count) of x, zeros outside 0..n-1. */
static void dec_emit(struct zrt_sink *s, const struct dec *x, long long from, size_t count)
{
  if (from < 0) {
    size_t z = (unsigned long long)-from < count ? (size_t)-from : count;
    sink_fill(s, '0', z);
    count -= z;
    from = 0;
  }
  if (count && from < x->n) {
    size_t avail = (size_t)(x->n - from);
    size_t c = avail < count ? avail : count;
    sink_put(s, x->d + from, c);
    count -= c;
  }
  sink_fill(s, '0', count);
}

static size_t clamp_digits(long long avail, int prec)
{
  if (avail < 0)
    return 0;
  return avail < prec ? (size_t)avail : (size_t)prec;
}

/* Fixed notation of x (already rounded) with `prec` fraction digits; strip
 * drops trailing fraction zeros (%g without '#'). */
static void emit_fixed(struct zrt_sink *s, const struct spec *sp, const char *sign,
                       const struct dec *x, int prec, int strip)
{
  size_t int_len = x->point > 0 ? (size_t)x->point : 1;
  size_t frac_len = strip ? clamp_digits((long long)x->n - x->point, prec) : (size_t)prec;
  int dot = frac_len > 0 || sp->alt;
  size_t body = int_len + (size_t)dot + frac_len, slen = strlen(sign);

  pad_before(s, sp, sign, slen, body, sp->zero);
  if (x->point > 0)
    dec_emit(s, x, 0, int_len);
  else
    sink_put(s, "0", 1);
  if (dot)
    sink_put(s, ".", 1);
  dec_emit(s, x, x->point, frac_len);
  pad_after(s, sp, slen + body);
}

/* Exponential notation of x (already rounded) with `prec` fraction digits. */
static void emit_exp(struct zrt_sink *s, const struct spec *sp, const char *sign,
                     const struct dec *x, int prec, int strip, int upper)
{
  size_t frac_len = strip ? clamp_digits((long long)x->n - 1, prec) : (size_t)prec;
  int dot = frac_len > 0 || sp->alt;
  int exp = x->point - 1; /* the zero value has point 1 */
  char ebuf[8], *e = ebuf + sizeof ebuf;
  unsigned mag = exp < 0 ? (unsigned)-exp : (unsigned)exp;
  size_t elen, body, slen = strlen(sign);

  do {
    *--e = (char)('0' + mag % 10);
    mag /= 10;
  } while (mag);
  if (ebuf + sizeof ebuf - e < 2)
    *--e = '0';
  *--e = exp < 0 ? '-' : '+';
  *--e = upper ? 'E' : 'e';
  elen = (size_t)(ebuf + sizeof ebuf - e);
  body = 1 + (size_t)dot + frac_len + elen;

  pad_before(s, sp, sign, slen, body, sp->zero);
  dec_emit(s, x, 0, 1);
  if (dot)
    sink_put(s, ".", 1);
  dec_emit(s, x, 1, frac_len);
  sink_put(s, e, elen);
  pad_after(s, sp, slen + body);
}

/*
 * %a %A as glibc prints a double: "0x1.<hex>p<exp>" for normal numbers,
 * "0x0.<hex>p-1022" for subnormals, "0x0p+0" for zero; without a precision
 * the trailing zero digits go.  A precision rounds the hex digits to nearest,
 * ties to even, and a carry out of them goes into the leading digit, which
 * glibc does not renormalise ("0x2p+0" for %.0a of 1.5).  Zero padding goes
 * after "0x".
 */
static void fmt_hex_double(struct zrt_sink *s, const struct spec *sp, const char *sign, int bexp,
                           uint64_t frac, char conv)
{
  const char *xdigits = conv == 'A' ? "0123456789ABCDEF" : "0123456789abcdef";
  char digits[13], ebuf[8], *e = ebuf + sizeof ebuf;
  char prefix[4];
  int ndigits = 0, prec = sp->prec, leading = bexp != 0, i;
  int exp = bexp == 0 ? (frac ? -1022 : 0) : bexp - 1023;
  unsigned mag;
  size_t plen = 0, body, elen;

  for (i = 0; i < 13; i++)
    digits[i] = (char)((frac >> (48 - 4 * i)) & 15); /* values; letters come at output */
  if (frac) {
    ndigits = 13;
    while (digits[ndigits - 1] == 0)
      ndigits--;
  }
  if (prec < 0) {
    prec = ndigits;
  } else if (prec < ndigits) {
    int last = prec > 0 ? digits[prec - 1] : leading, next = digits[prec];
    int more = (next & 7) != 0 || prec + 1 < ndigits;
    if (next >= 8 && ((last & 1) || more)) {
      for (i = prec - 1; i >= 0 && digits[i] == 15; i--)
        digits[i] = 0;
      if (i >= 0)
        digits[i]++;
      else
        leading++;
    }
    ndigits = prec;
  }

  mag = exp < 0 ? (unsigned)-exp : (unsigned)exp;
  do {
    *--e = (char)('0' + mag % 10);
    mag /= 10;
  } while (mag);
  *--e = exp < 0 ? '-' : '+';
  *--e = conv == 'A' ? 'P' : 'p';
  elen = (size_t)(ebuf + sizeof ebuf - e);

  while (*sign)
    prefix[plen++] = *sign++;
  prefix[plen++] = '0';
  prefix[plen++] = conv == 'A' ? 'X' : 'x';
  body = 1 + (size_t)(prec > 0 || sp->alt) + (size_t)prec + elen;
  pad_before(s, sp, prefix, plen, body, sp->zero && !sp->left);
  sink_put(s, &xdigits[leading], 1);
  if (prec > 0 || sp->alt)
    sink_put(s, ".", 1);
  for (i = 0; i < ndigits; i++)
    sink_put(s, &xdigits[(int)digits[i]], 1);
  sink_fill(s, '0', (size_t)(prec - ndigits));
  sink_put(s, e, elen);
  pad_after(s, sp, plen + body);
}

/* %f %F %e %E %g %G %a %A */
static void fmt_double(struct zrt_sink *s, const struct spec *sp, double v, char conv)
{
  union {
    double d;
    uint64_t u;
  } bits;
  struct dec x;
  const char *sign;
  int upper = conv == 'F' || conv == 'E' || conv == 'G' || conv == 'A';
  int bexp, prec;
  uint64_t frac;

  bits.d = v;
  bexp = (int)(bits.u >> 52) & 0x7ff;
  frac = bits.u & ((UINT64_C(1) << 52) - 1);
  if (bits.u >> 63)
    sign = "-";
  else
    sign = sp->plus ? "+" : sp->space ? " " : "";

  if (bexp == 0x7ff) { /* inf and nan: never zero padded */
    const char *word = frac ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
    size_t slen = strlen(sign);
    pad_before(s, sp, sign, slen, 3, 0);
    sink_put(s, word, 3);
    pad_after(s, sp, slen + 3);
    return;
  }
  if (conv == 'a' || conv == 'A') {
    fmt_hex_double(s, sp, sign, bexp, frac, conv);
    return;
  }
  if (bexp == 0 && frac == 0) {
    x.n = 0;
    x.point = 1;
  } else if (bexp == 0) {
    dec_from_binary(&x, frac, -1074); /* subnormal */
  } else {
    dec_from_binary(&x, frac | (UINT64_C(1) << 52), bexp - 1075);
  }

  prec = sp->prec < 0 ? 6 : sp->prec;
  switch (conv) {
  case 'f':
  case 'F':
    dec_round(&x, (long long)x.point + prec);
    emit_fixed(s, sp, sign, &x, prec, 0);
    break;
  case 'e':
  case 'E':
    dec_round(&x, (long long)prec + 1);
    emit_exp(s, sp, sign, &x, prec, 0, upper);
    break;
  default: { /* g, G */
    int p = prec == 0 ? 1 : prec, exp, exp_before = x.point - 1;
    dec_round(&x, p);
    exp = x.point - 1;
    /* x now has at most p significant digits, so fixed notation with
     * p-1-exp fraction digits shows it without further rounding. */
    if (exp < -4 || exp >= p) {
      /* glibc quirk, visible only with '#': when the value had exactly p
       * integer digits before rounding (fixed notation, no fraction digit)
       * and rounding carried it into exponential notation, glibc keeps the
       * 0 fraction digits of the fixed choice: %#g of 999999.5 gives
       * "1.e+06", not "1.00000e+06". */
      int frac = exp_before == p - 1 && exp == p ? 0 : p - 1;
      emit_exp(s, sp, sign, &x, frac, !sp->alt, upper);
    } else {
      emit_fixed(s, sp, sign, &x, p - 1 - exp, !sp->alt);
    }
    break;
  }
  }
}

/* --------------------------------------------------------------- engine */

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_J, LEN_Z, LEN_T, LEN_BIG_L };

/* Parse a decimal number, saturating at INT_MAX. */
static int parse_int(const char **pp)
{
  const char *p = *pp;
  int v = 0;
  for (; *p >= '0' && *p <= '9'; p++) {
    int d = *p - '0';
    v = v > (INT_MAX - d) / 10 ? INT_MAX : v * 10 + d;
  }
  *pp = p;
  return v;
}

void __zrt_format(struct zrt_sink *s, const char *fmt, va_list ap)
{
  const char *p = fmt, *start;

  for (;;) {
    struct spec sp;
    enum length len = LEN_NONE;
    char conv;

    start = p;
    while (*p && *p != '%')
      p++;
    sink_put(s, start, (size_t)(p - start));
    if (!*p)
      return;
    start = p++; /* start: the '%' of this directive */

    sp.left = sp.plus = sp.space = sp.alt = sp.zero = 0;
    sp.width = 0;
    sp.prec = -1;

    /* Positional arguments (%1$d) are not supported. */
    {
      const char *q = p;
      while (*q >= '0' && *q <= '9')
        q++;
      if (q != p && *q == '$')
        goto unsupported;
    }
    for (;; p++) {
      if (*p == '-')
        sp.left = 1;
      else if (*p == '+')
        sp.plus = 1;
      else if (*p == ' ')
        sp.space = 1;
      else if (*p == '#')
        sp.alt = 1;
      else if (*p == '0')
        sp.zero = 1;
      else if (*p != '\'') /* grouping: nothing to do in the C locale */
        break;
    }
    if (*p == '*') {
      int w = va_arg(ap, int);
      p++;
      if (w < 0) {
        sp.left = 1;
        w = w == INT_MIN ? INT_MAX : -w;
      }
      sp.width = w;
    } else {
      sp.width = parse_int(&p);
    }
    if (*p == '.') {
      p++;
      if (*p == '*') {
        int pr = va_arg(ap, int);
        p++;
        sp.prec = pr < 0 ? -1 : pr;
      } else {
        sp.prec = parse_int(&p);
      }
    }
    switch (*p) {
    case 'h':
      len = p[1] == 'h' ? LEN_HH : LEN_H;
      p += len == LEN_HH ? 2 : 1;
      break;
    case 'l':
      len = p[1] == 'l' ? LEN_LL : LEN_L;
      p += len == LEN_LL ? 2 : 1;
      break;
    case 'q':
      len = LEN_LL;
      p++;
      break;
    case 'j':
      len = LEN_J;
      p++;
      break;
    case 'z':
    case 'Z':
      len = LEN_Z;
      p++;
      break;
    case 't':
      len = LEN_T;
      p++;
      break;
    case 'L':
      len = LEN_BIG_L;
      p++;
      break;
    default:
      break;
    }
    conv = *p;
    if (conv)
      p++;

    switch (conv) {
    case 'd':
    case 'i': {
      long long v;
      switch (len) {
      case LEN_HH: v = (signed char)va_arg(ap, int); break;
      case LEN_H: v = (short)va_arg(ap, int); break;
      case LEN_L: v = va_arg(ap, long); break;
      case LEN_LL: case LEN_BIG_L: v = va_arg(ap, long long); break;
      case LEN_J: v = va_arg(ap, intmax_t); break;
      case LEN_Z: v = (ptrdiff_t)va_arg(ap, size_t); break; /* the signed size_t */
      case LEN_T: v = va_arg(ap, ptrdiff_t); break;
      default: v = va_arg(ap, int); break;
      }
      fmt_integer(s, &sp, v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v, v < 0, 1,
                  10, 0, 0);
      break;
    }
    case 'u':
    case 'o':
    case 'x':
    case 'X': {
      unsigned long long v;
      switch (len) {
      case LEN_HH: v = (unsigned char)va_arg(ap, unsigned); break;
      case LEN_H: v = (unsigned short)va_arg(ap, unsigned); break;
      case LEN_L: v = va_arg(ap, unsigned long); break;
      case LEN_LL: case LEN_BIG_L: v = va_arg(ap, unsigned long long); break;
      case LEN_J: v = va_arg(ap, uintmax_t); break;
      case LEN_Z: v = va_arg(ap, size_t); break;
      case LEN_T: v = (size_t)va_arg(ap, ptrdiff_t); break; /* the unsigned ptrdiff_t */
      default: v = va_arg(ap, unsigned); break;
      }
      fmt_integer(s, &sp, v, 0, 0, conv == 'u' ? 10 : conv == 'o' ? 8 : 16, conv == 'X', 0);
      break;
    }
    case 'p': {
      void *ptr = va_arg(ap, void *);
      if (ptr == NULL)
        fmt_string(s, &sp, "(nil)", 5);
      else
        fmt_integer(s, &sp, (uintptr_t)ptr, 0, 1, 16, 0, 1);
      break;
    }
    case 'c': {
      char c;
      if (len == LEN_L)
        goto unsupported; /* wide character */
      c = (char)va_arg(ap, int);
      fmt_string(s, &sp, &c, 1);
      break;
    }
    case 's': {
      const char *str;
      if (len == LEN_L)
        goto unsupported; /* wide string */
      str = va_arg(ap, const char *);
      if (str == NULL) /* glibc: "(null)" unless the precision cuts it */
        str = sp.prec < 0 || sp.prec >= 6 ? "(null)" : "";
      fmt_string(s, &sp, str, sp.prec < 0 ? strlen(str) : strnlen(str, (size_t)sp.prec));
      break;
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
    case 'a':
    case 'A':
      if (len == LEN_BIG_L || len == LEN_LL)
        goto unsupported; /* long double (glibc reads one for ll and q too) */
      fmt_double(s, &sp, va_arg(ap, double), conv);
      break;
    case 'n': {
      /* Store the count so far (truncated to the pointed-to type). */
      void *dst = va_arg(ap, void *);
      switch (len) {
      case LEN_HH: *(signed char *)dst = (signed char)s->total; break;
      case LEN_H: *(short *)dst = (short)s->total; break;
      case LEN_L: *(long *)dst = (long)s->total; break;
      case LEN_LL: case LEN_BIG_L: *(long long *)dst = (long long)s->total; break;
      case LEN_J: *(intmax_t *)dst = (intmax_t)s->total; break;
      case LEN_Z: *(size_t *)dst = s->total; break;
      case LEN_T: *(ptrdiff_t *)dst = (ptrdiff_t)s->total; break;
      default: *(int *)dst = (int)s->total; break;
      }
      break;
    }
    case '%':
      sink_put(s, "%", 1); /* glibc ignores width and flags here */
      break;
    case 'C':
    case 'S':
      goto unsupported;
    case '\0':
      /* A '%' directive cut short by the end of the format: glibc fails the
       * whole call (-1), keeping the output before it. */
      s->error = 1;
      return;
    default:
      /* Unknown conversion: glibc prints the directive as it stands. */
      sink_put(s, start, (size_t)(p - start));
      break;
    }
  }

unsupported:
  /* The argument list cannot be walked past this directive (start points at
   * its '%'): copy the rest of the format verbatim and stop. */
  sink_put(s, start, strlen(start));
}

/* ------------------------------------------------------- string variants */

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
  struct zrt_sink s;
  s.buf = buf;
  s.cap = size ? size - 1 : 0; /* room for the terminating NUL */
  s.len = 0;
  s.total = 0;
  s.flush = NULL;
  s.ctx = NULL;
  s.error = 0;
  __zrt_format(&s, fmt, ap);
  if (size)
    buf[s.len] = '\0';
  return s.error || s.total > INT_MAX ? -1 : (int)s.total;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
  va_list ap;
  int r;
  va_start(ap, fmt);
  r = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return r;
}

int vsprintf(char *buf, const char *fmt, va_list ap)
{
  return vsnprintf(buf, (size_t)-1, fmt, ap);
}

int sprintf(char *buf, const char *fmt, ...)
{
  va_list ap;
  int r;
  va_start(ap, fmt);
  r = vsnprintf(buf, (size_t)-1, fmt, ap);
  va_end(ap);
  return r;
}
