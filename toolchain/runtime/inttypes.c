/*
 * inttypes.c - the intmax_t conversions (intmax_t is long long).
 */
#include <inttypes.h>
#include <stdlib.h>

intmax_t strtoimax(const char *s, char **endptr, int base)
{
  return strtoll(s, endptr, base);
}

uintmax_t strtoumax(const char *s, char **endptr, int base)
{
  return strtoull(s, endptr, base);
}
