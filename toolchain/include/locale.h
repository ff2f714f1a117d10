/*
 * locale.h - only the "C" locale exists: setlocale accepts NULL, "" and "C"
 * (and "POSIX") and always answers "C"; any other name gives NULL.
 */
#ifndef ZRT_LOCALE_H
#define ZRT_LOCALE_H

#ifdef __cplusplus
extern "C" {
#endif

#ifndef NULL
#define NULL ((void *)0)
#endif

#define LC_CTYPE 0
#define LC_NUMERIC 1
#define LC_TIME 2
#define LC_COLLATE 3
#define LC_MONETARY 4
#define LC_MESSAGES 5
#define LC_ALL 6

char *setlocale(int category, const char *locale);

#ifdef __cplusplus
}
#endif

#endif /* ZRT_LOCALE_H */
