/* gcc 4.4-era header: `extern inline` is gnu89's inline-only definition; square.c holds the real one. */
#ifndef SUMS_H
#define SUMS_H

extern inline int square(int x) { return x * x; }

int sum_of_squares(int n);
int put_number(char *buf, int value);

#endif
