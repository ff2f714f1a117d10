/*
 * scanf.c - sscanf and vsscanf.
 *
 * Each numeric field is first delimited the way glibc's scanf reads it (at most
 * `width` characters that can continue a number), copied, and converted by
 * strtoll/strtoull/strtod, so values, signs and wrap-around are theirs.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FIELD_MAX 512 /* longest numeric field kept; longer ones are cut here */

enum { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_J, LEN_Z, LEN_T, LEN_BIG_L };

static int lower(int c)
{
  return tolower(c);
}

/* Length of the integer field at s (at most width chars) in the given base (0: any). */
static size_t int_field(const char *s, size_t width, int base)
{
  size_t i = 0;
  if (i < width && (s[i] == '+' || s[i] == '-'))
    i++;
  /* glibc takes a "0x" prefix even when no hex digit follows: the field is then "0x", value 0. */
  if ((base == 0 || base == 16) && i + 1 < width && s[i] == '0' && lower((unsigned char)s[i + 1]) == 'x') {
    i += 2;
    size_t start = i;
    while (i < width && isxdigit((unsigned char)s[i]))
      i++;
    return i == start ? start : i;
  }
  if (base == 0)
    base = s[i] == '0' ? 8 : 10;
  size_t start = i;
  while (i < width) {
    int c = (unsigned char)s[i], v;
    if (isdigit(c))
      v = c - '0';
    else if (isalpha(c))
      v = lower(c) - 'a' + 10;
    else
      break;
    if (v >= base)
      break;
    i++;
  }
  return i == start ? 0 : i;
}

static size_t match_word(const char *s, size_t width, const char *word)
{
  size_t i = 0;
  while (word[i] && i < width && lower((unsigned char)s[i]) == word[i])
    i++;
  return word[i] == 0 ? i : 0;
}

/* Length of the floating-point field at s (at most width chars); 0 if none. */
static size_t float_field(const char *s, size_t width)
{
  size_t i = 0, n;
  if (i < width && (s[i] == '+' || s[i] == '-'))
    i++;
  if ((n = match_word(s + i, width - i, "inf")) != 0) {
    i += n;
    if ((n = match_word(s + i, width - i, "inity")) != 0)
      i += n;
    return i;
  }
  if ((n = match_word(s + i, width - i, "nan")) != 0)
    return i + n;
  int hex = 0;
  if (i + 1 < width && s[i] == '0' && lower((unsigned char)s[i + 1]) == 'x') {
    hex = 1;
    i += 2;
  }
  size_t digits = 0;
  int dot = 0;
  while (i < width) {
    int c = (unsigned char)s[i];
    if (c == '.' && !dot) {
      dot = 1;
    } else if (hex ? isxdigit(c) : isdigit(c)) {
      digits++;
    } else {
      break;
    }
    i++;
  }
  /* glibc: "0x" without digits fails, but "0x." is the number 0 (and takes no exponent). */
  if (digits == 0)
    return hex && dot ? i : 0;
  /* As glibc, an exponent marker and its sign are part of the field even without digits. */
  if (i < width && lower((unsigned char)s[i]) == (hex ? 'p' : 'e')) {
    i++;
    if (i < width && (s[i] == '+' || s[i] == '-'))
      i++;
    while (i < width && isdigit((unsigned char)s[i]))
      i++;
  }
  return i;
}

/* The n-character numeric field at s, as a string for strto*: cut at FIELD_MAX (what was matched is
   consumed all the same). */
static void take_field(char *field, const char *s, size_t n)
{
  size_t keep = n < FIELD_MAX ? n : FIELD_MAX;
  for (size_t i = 0; i < keep; i++)
    field[i] = s[i];
  field[keep] = 0;
}

static void store_int(va_list *ap, int len, unsigned long long v)
{
  switch (len) {
  case LEN_HH: *va_arg(*ap, signed char *) = (signed char)v; break;
  case LEN_H: *va_arg(*ap, short *) = (short)v; break;
  case LEN_L: *va_arg(*ap, long *) = (long)v; break;
  case LEN_LL: case LEN_BIG_L: *va_arg(*ap, long long *) = (long long)v; break;
  case LEN_J: *va_arg(*ap, intmax_t *) = (intmax_t)v; break;
  case LEN_Z: *va_arg(*ap, size_t *) = (size_t)v; break;
  case LEN_T: *va_arg(*ap, ptrdiff_t *) = (ptrdiff_t)v; break;
  default: *va_arg(*ap, int *) = (int)v; break;
  }
}

/* Does c belong to the scanset [set, set_end) (the text between '[' and ']')? */
static int in_set(const char *set, const char *set_end, int c)
{
  int negate = 0;
  if (set < set_end && *set == '^') {
    negate = 1;
    set++;
  }
  int found = 0;
  for (const char *p = set; p < set_end; p++) {
    if (p[0] != '-' || p == set || p + 1 == set_end) {
      if ((unsigned char)*p == c)
        found = 1;
      continue;
    }
    /* a range p[-1]-p[1] */
    if (c >= (unsigned char)p[-1] && c <= (unsigned char)p[1])
      found = 1;
  }
  return found != negate;
}

int vsscanf(const char *str, const char *fmt, va_list args)
{
  va_list ap;
  va_copy(ap, args);
  const char *s = str;
  int assigned = 0, converted = 0;
  char field[FIELD_MAX + 1];

  while (*fmt) {
    unsigned char fc = (unsigned char)*fmt;
    if (isspace(fc)) {
      while (isspace((unsigned char)*fmt))
        fmt++;
      while (isspace((unsigned char)*s))
        s++;
      continue;
    }
    if (fc != '%' || fmt[1] == '%') {
      if (fc == '%') {
        fmt++;
        while (isspace((unsigned char)*s))
          s++;
      }
      if (*s == 0)
        goto input_failure;
      if (*s != *fmt)
        goto done;
      s++;
      fmt++;
      continue;
    }
    fmt++;
    int suppress = 0;
    if (*fmt == '*') {
      suppress = 1;
      fmt++;
    }
    size_t width = 0;
    while (isdigit((unsigned char)*fmt))
      width = width * 10 + (size_t)(*fmt++ - '0');
    int len = LEN_NONE;
    switch (*fmt) {
    case 'h':
      len = fmt[1] == 'h' ? LEN_HH : LEN_H;
      fmt += len == LEN_HH ? 2 : 1;
      break;
    case 'l':
      len = fmt[1] == 'l' ? LEN_LL : LEN_L;
      fmt += len == LEN_LL ? 2 : 1;
      break;
    case 'q': len = LEN_LL; fmt++; break;
    case 'L': len = LEN_BIG_L; fmt++; break;
    case 'j': len = LEN_J; fmt++; break;
    case 'z': len = LEN_Z; fmt++; break;
    case 't': len = LEN_T; fmt++; break;
    default: break;
    }
    int conv = (unsigned char)*fmt++;
    if (conv == 0)
      goto done;
    if (conv == 'n') {
      if (!suppress)
        store_int(&ap, len, (unsigned long long)(s - str));
      continue;
    }
    if (conv != 'c' && conv != '[')
      while (isspace((unsigned char)*s))
        s++;
    if (*s == 0)
      goto input_failure;
    size_t limit = width ? width : (size_t)-1;

    switch (conv) {
    case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p': {
      int base = conv == 'd' || conv == 'u' ? 10 : conv == 'i' ? 0 : conv == 'o' ? 8 : 16;
      size_t n = int_field(s, limit, base);
      if (n == 0)
        goto done;
      take_field(field, s, n);
      s += n;
      if (suppress)
        break;
      unsigned long long v = conv == 'd' || conv == 'i' ? (unsigned long long)strtoll(field, NULL, base)
                                                        : strtoull(field, NULL, base);
      if (conv == 'p')
        *va_arg(ap, void **) = (void *)(uintptr_t)v;
      else
        store_int(&ap, len, v);
      assigned++;
      break;
    }
    case 'e': case 'f': case 'g': case 'a': case 'E': case 'F': case 'G': case 'A': {
      size_t n = float_field(s, limit);
      if (n == 0)
        goto done;
      take_field(field, s, n);
      s += n;
      if (suppress)
        break;
      if (len == LEN_L)
        *va_arg(ap, double *) = strtod(field, NULL);
      else if (len == LEN_NONE)
        *va_arg(ap, float *) = strtof(field, NULL);
      else
        goto done; /* long double is not supported */
      assigned++;
      break;
    }
    case 's': {
      char *out = suppress ? NULL : va_arg(ap, char *);
      size_t i = 0;
      while (s[i] && !isspace((unsigned char)s[i]) && i < limit) {
        if (out)
          out[i] = s[i];
        i++;
      }
      if (out) {
        out[i] = 0;
        assigned++;
      }
      s += i;
      break;
    }
    case 'c': {
      size_t want = width ? width : 1, i = 0;
      char *out = suppress ? NULL : va_arg(ap, char *);
      while (i < want && s[i]) {
        if (out)
          out[i] = s[i];
        i++;
      }
      s += i;
      if (i < want)
        goto input_failure;
      if (out)
        assigned++;
      break;
    }
    case '[': {
      const char *set = fmt;
      if (*fmt == '^')
        fmt++;
      if (*fmt == ']')
        fmt++;
      while (*fmt && *fmt != ']')
        fmt++;
      if (*fmt == 0)
        goto done;
      const char *set_end = fmt++;
      char *out = suppress ? NULL : va_arg(ap, char *);
      size_t i = 0;
      while (s[i] && i < limit && in_set(set, set_end, (unsigned char)s[i])) {
        if (out)
          out[i] = s[i];
        i++;
      }
      if (i == 0)
        goto done;
      if (out) {
        out[i] = 0;
        assigned++;
      }
      s += i;
      break;
    }
    default:
      goto done;
    }
    converted++;
  }
  goto done;

input_failure:
  if (assigned == 0 && converted == 0) {
    va_end(ap);
    return EOF;
  }
done:
  va_end(ap);
  return assigned;
}

int sscanf(const char *str, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsscanf(str, fmt, ap);
  va_end(ap);
  return n;
}
