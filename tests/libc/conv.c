/*
 * conv.c - strto*, atof and sscanf over tricky and pseudo-random inputs.
 * Built natively (glibc) and as a nexe; tests/test_libc_conv.py compares the
 * two outputs line by line.  Floats are printed as their bit patterns, so the
 * comparison is exact and does not depend on printf's float formatting.
 * Only data-model-neutral results are printed (no long: it is 64-bit natively).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long bits_d(double d) { unsigned long long u; memcpy(&u, &d, 8); return u; }
static unsigned bits_f(float f) { unsigned u; memcpy(&u, &f, 4); return u; }

static void try_float(const char *s, int quiet)
{
  char *end;
  errno = 0;
  double d = strtod(s, &end);
  int e1 = errno;
  long long n1 = end - s;
  errno = 0;
  float f = strtof(s, &end);
  int e2 = errno;
  /* Random inputs are regenerated identically on both sides: print only the results. */
  if (!quiet)
    printf("strtod \"%.60s\" -> ", s);
  printf("%016llx %lld %d | %08x %lld %d%s\n", bits_d(d), n1, e1, bits_f(f), (long long)(end - s), e2,
         bits_d(atof(s)) == bits_d(d) ? "" : " atof differs");
}

static void try_int(const char *s, int base)
{
  char *end;
  long long ll = strtoll(s, &end, base);
  long long n1 = end - s;
  unsigned long long ull = strtoull(s, &end, base);
  long long n2 = end - s;
  printf("base %d \"%s\" -> ll %lld end=%lld | ull %llu end=%lld", base, s, ll, n1, ull, n2);
  /* strtol/strtoul only for inputs that fit 32 bits, where LP64 and x32 agree. */
  if (n1 > 0 && ll >= -2147483647LL - 1 && ll <= 2147483647LL) {
    long l = strtol(s, &end, base);
    printf(" | l %lld end=%lld", (long long)l, (long long)(end - s));
  }
  /* strtoul only where the magnitude fits 32 bits: else LP64 and x32 differ. */
  const char *digits = s + strspn(s, " \t\n\v\f\r");
  digits += *digits == '+' || *digits == '-';
  if (n2 > 0 && *digits != '+' && *digits != '-' && strtoull(digits, NULL, base) <= 4294967295ULL) {
    /* A negated magnitude wraps modulo 2^64 or 2^32: compare its low 32 bits. */
    unsigned long ul = strtoul(s, &end, base);
    printf(" | ul %u end=%lld", (unsigned)ul, (long long)(end - s));
  }
  if (base == 10 && n1 > 0 && ll >= -2147483647LL - 1 && ll <= 2147483647LL)
    printf(" | atoi %d", atoi(s));
  printf("\n");
}

static unsigned long long rng = 88172645463325252ULL;
static unsigned next(void)
{
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng >> 11);
}

static const char *const floats[] = {
  "0", "-0", "+0.0", "  \t\n1.5", "1e", "1e+", "1e-x", ".5", "5.", ".", "-.", "+", "", "   ", "e5",
  "0x", "0x.", "0x1p", "0x1P-2", "0X1.8p1", "0x.8", "0x1.fffffffffffff8p0", "0x1.fffffffffffff7ffp0",
  "0x1.000000000000080000001p0", "0x1p-1074", "0x1p-1075", "0x1.0000000000001p-1075", "0x1p1024",
  "0x1.fffffffffffffp1023", "0x123456789abcdef0123p-10", "0xg", "-0x1p-1080",
  "inf", "-INF", "Infinity", "infinit", "+infinityx", "nan", "-NaN", "nan(123)", "nan(abc_1)",
  "nan(", "nan()", "nan(0x7)", "nan(0xfffffffffffff)", "nan(010)", "nan(-1)", "nan(1 )", "nanx", "in", "na",
  "0.1", "1e23", "9007199254740993", "9007199254740992.5", "9007199254740993.0000000001",
  "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014e-308",
  "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
  "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324",
  "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e309", "-1e400",
  "1e-400", "1e-320", "-1e-320", "123456789012345678901234567890", "0.000000000000000000000000000001234",
  "1.00000000000000011102230246251565404236316680908203125",
  "1.00000000000000011102230246251565404236316680908203125000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001",
  "1.00000005960464477539062500", "1.000000059604644775390625001", "3.4028235e38", "3.40282357e38",
  "3.4028236e38", "1e39", "1.4e-45", "7e-46", "7.1e-46", "1.17549435e-38", "1e-50",
  "000000000000000000000000000001.5", "1.5e0000000000000000000000000000000000001", "1e99999999999999999999",
  "1e-99999999999999999999", "0e99999999", "-0.0e-5", "12.34.56", "1,5", "1.5e+07x", "0x1.8p+1.5",
};

static const char *const ints[] = {
  "0", "-0", "+7", "  -42abc", "\t\v\f\r\n 15", "0x1f", "0X1F", "0x", "0xg", "-0x10", "0777", "08", "09",
  "z", "Zz", "-", "+-1", "", "  ", "2147483647", "2147483648", "-2147483648", "-2147483649",
  "4294967295", "4294967296", "-1", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
  "-9223372036854775809", "18446744073709551615", "18446744073709551616", "-18446744073709551615",
  "-18446744073709551616", "99999999999999999999999999", "0b101", "1_000", "123 456", "0x7fffffffffffffff",
  "0xffffffffffffffffff", "  +0x", "0x0x1",
};

static void scan(const char *in, const char *fmt)
{
  int a = -1, b = -1, n = -1;
  unsigned u = 7;
  long long ll = -7;
  float f = -1;
  double d = -1;
  char s1[64] = "-", s2[64] = "-";
  int r;
  /* One call per format shape: the conversions and their argument types are fixed. */
  if (strcmp(fmt, "%d %d%n") == 0) r = sscanf(in, fmt, &a, &b, &n);
  else if (strcmp(fmt, "%i%n") == 0) r = sscanf(in, fmt, &a, &n);
  else if (strcmp(fmt, "%x %o%n") == 0) r = sscanf(in, fmt, &a, &b, &n);
  else if (strcmp(fmt, "%u%n") == 0) r = sscanf(in, fmt, &u, &n);
  else if (strcmp(fmt, "%lld%n") == 0) r = sscanf(in, fmt, &ll, &n);
  else if (strcmp(fmt, "%f%n") == 0) r = sscanf(in, fmt, &f, &n);
  else if (strcmp(fmt, "%lf%n") == 0) r = sscanf(in, fmt, &d, &n);
  else if (strcmp(fmt, "%3d%2d%n") == 0) r = sscanf(in, fmt, &a, &b, &n);
  else if (strcmp(fmt, "%4lf%s") == 0) r = sscanf(in, fmt, &d, s1);
  else if (strcmp(fmt, "%s %s%n") == 0) r = sscanf(in, fmt, s1, s2, &n);
  else if (strcmp(fmt, "%3s%2c%n") == 0) r = sscanf(in, fmt, s1, s2, &n);
  else if (strcmp(fmt, "%[a-z]%[^;];%n") == 0) r = sscanf(in, fmt, s1, s2, &n);
  else if (strcmp(fmt, "%[]x-]%n") == 0) r = sscanf(in, fmt, s1, &n);
  else if (strcmp(fmt, "%*d %d%%%n") == 0) r = sscanf(in, fmt, &a, &n);
  else if (strcmp(fmt, "a%db %d%n") == 0) r = sscanf(in, fmt, &a, &b, &n);
  else if (strcmp(fmt, "%hhd %hd%n") == 0) {
    signed char c = 0; short h = 0;
    r = sscanf(in, fmt, &c, &h, &n);
    a = c; b = h;
  } else if (strcmp(fmt, "%5f %lg%n") == 0) r = sscanf(in, fmt, &f, &d, &n);
  else if (strcmp(fmt, "%i %i%n") == 0) r = sscanf(in, fmt, &a, &b, &n);
  else { printf("bad format %s\n", fmt); return; }
  printf("sscanf \"%s\" \"%s\" -> %d a=%d b=%d u=%u ll=%lld f=%08x d=%016llx s1=\"%s\" s2=\"%.2s\" n=%d\n",
         in, fmt, r, a, b, u, ll, bits_f(f), bits_d(d), s1, s2, n);
}

static const char *const scan_cases[][2] = {
  { "12 34", "%d %d%n" }, { "  -5\t+6xyz", "%d %d%n" }, { "7", "%d %d%n" }, { "", "%d %d%n" },
  { "   ", "%d %d%n" }, { "x", "%d %d%n" }, { "3 x", "%d %d%n" }, { "-", "%d %d%n" },
  { "0x1A", "%i%n" }, { "017", "%i%n" }, { "-0x", "%i%n" }, { "0x", "%i%n" }, { "09", "%i%n" },
  { "ff 17", "%x %o%n" }, { "0xFF 018", "%x %o%n" }, { "0x", "%x %o%n" }, { "-1", "%u%n" }, { "4294967295", "%u%n" },
  { "-9223372036854775808", "%lld%n" }, { "123456789012", "%lld%n" }, { "+-3", "%lld%n" },
  { "3.25", "%f%n" }, { "-1e3x", "%f%n" }, { "inf", "%f%n" }, { "-nan", "%f%n" }, { "0x1.8p1", "%f%n" },
  { ".", "%f%n" }, { "0x", "%f%n" }, { "0xp1", "%f%n" }, { "-0x.p", "%f%n" }, { "1e5", "%f%n" }, { "1.5E-2x", "%lf%n" }, { "0x1g", "%x %o%n" }, { "0X", "%x %o%n" }, { "1e", "%lf%n" }, { "1e+", "%lf%n" }, { "2.5e-3", "%lf%n" }, { "0.1", "%lf%n" },
  { "1.0000000000000001110223024625156540423631668090820312500001", "%lf%n" },
  { "12345", "%3d%2d%n" }, { "1 2345", "%3d%2d%n" }, { "-12345", "%3d%2d%n" },
  { "123.456", "%4lf%s" }, { "-1.5e9", "%4lf%s" },
  { "hello world", "%s %s%n" }, { "  a\tb  ", "%s %s%n" }, { "one", "%s %s%n" },
  { "abcdefg", "%3s%2c%n" }, { "ab cd", "%3s%2c%n" },
  { "abc123;rest", "%[a-z]%[^;];%n" }, { "123", "%[a-z]%[^;];%n" }, { "abc", "%[a-z]%[^;];%n" },
  { "]x-]-y", "%[]x-]%n" }, { "y", "%[]x-]%n" },
  { "5 6%", "%*d %d%%%n" }, { "5 6 %", "%*d %d%%%n" }, { "5 6", "%*d %d%%%n" },
  { "a1b 2", "a%db %d%n" }, { "a1c 2", "a%db %d%n" }, { "b", "a%db %d%n" },
  { "300 70000", "%hhd %hd%n" }, { "-129 -32769", "%hhd %hd%n" },
  { "1.2345678 9", "%5f %lg%n" }, { "1e10 1e-10", "%5f %lg%n" },
  { "010 0x10", "%i %i%n" }, { "-010 -0X1f", "%i %i%n" },
};

int main(void)
{
  unsigned nf = 0, ni = 0, ns = 0;
  for (size_t i = 0; i < sizeof floats / sizeof floats[0]; i++, nf++)
    try_float(floats[i], 0);
  /* Random decimals: 1-25 significant digits, a dot somewhere, an exponent from the whole range. */
  char buf[96];
  for (int k = 0; k < 12000; k++, nf++) {
    int len = 0, nd = 1 + (int)(next() % 25), dot = (int)(next() % (unsigned)(nd + 1));
    if (next() % 2)
      buf[len++] = '-';
    for (int i = 0; i < nd; i++) {
      if (i == dot)
        buf[len++] = '.';
      buf[len++] = (char)('0' + next() % 10);
    }
    int e = (int)(next() % 700) - 350;
    if (k % 4 == 0) /* near the extremes, where subnormals and overflow are decided */
      e = (int)(next() % 40) + (k % 8 == 0 ? 290 : -345);
    len += snprintf(buf + len, sizeof buf - (size_t)len, "e%d", e);
    try_float(buf, 1);
  }
  static const int bases[] = { 0, 2, 8, 10, 16, 36 };
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
    for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++, ni++)
      try_int(ints[i], bases[b]);
  for (size_t i = 0; i < sizeof scan_cases / sizeof scan_cases[0]; i++, ns++)
    scan(scan_cases[i][0], scan_cases[i][1]);
  printf("inputs: strtod/strtof %u, strtol family %u, sscanf %u\n", nf, ni, ns);
  return 0;
}
