/*
 * strings.h - case-insensitive comparisons (C locale).
 */
#ifndef ZRT_STRINGS_H
#define ZRT_STRINGS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* ZRT_STRINGS_H */
