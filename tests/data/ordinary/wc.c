/* wc: lines, words, bytes, and the classes of the characters (ctype). */
#include <ctype.h>
#include <stdio.h>

int main(void)
{
  long lines = 0, words = 0, bytes = 0, alpha = 0, digit = 0, punct = 0, upper = 0;
  int c, in_word = 0;
  while ((c = getchar()) != EOF) {
    bytes++;
    if (c == '\n')
      lines++;
    if (isspace(c)) {
      in_word = 0;
    } else if (!in_word) {
      in_word = 1;
      words++;
    }
    alpha += isalpha(c) != 0;
    digit += isdigit(c) != 0;
    punct += ispunct(c) != 0;
    upper += isupper(c) != 0;
  }
  printf("%7ld %7ld %7ld\n", lines, words, bytes);
  printf("alpha %ld digit %ld punct %ld upper %ld\n", alpha, digit, punct, upper);
  return 0;
}
