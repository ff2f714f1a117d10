/* State written before zvm_fork (a static counter, initialised data, a heap block) reaches
 * every child as it was at the fork: a child's changes die with it, so each child of a
 * daemon starts from the same snapshot, never from what the previous child left. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zvm.h>

static int counter;             /* .bss */
static char data[64] = "data";  /* .data */

int main(void)
{
  char *heap = malloc(64);
  char in[16] = {0};

  strcpy(heap, "heap");
  counter = 5;
  int r = zvm_fork();
  zvm_pread(ZVM_STDIN, in, sizeof in - 1, 0);
  counter++;
  strcat(data, "+");
  strcat(data, in);
  strcat(heap, "+");
  strcat(heap, in);
  printf("fork %d counter %d %s %s\n", r, counter, data, heap);
  return counter;
}
