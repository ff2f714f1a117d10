/*
 * ctype.h - character classes of the C locale (the only locale).
 * Arguments are EOF or values of unsigned char, as C requires.
 */
#ifndef ZRT_CTYPE_H
#define ZRT_CTYPE_H

#ifdef __cplusplus
extern "C" {
#endif

int isalnum(int c);
int isalpha(int c);
int isblank(int c);
int iscntrl(int c);
int isdigit(int c);
int isgraph(int c);
int islower(int c);
int isprint(int c);
int ispunct(int c);
int isspace(int c);
int isupper(int c);
int isxdigit(int c);
int isascii(int c);
int toascii(int c);
int tolower(int c);
int toupper(int c);

#ifdef __cplusplus
}
#endif

#endif /* ZRT_CTYPE_H */
