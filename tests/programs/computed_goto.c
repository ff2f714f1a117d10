/* Computed goto: a tiny threaded interpreter (labels as values). */
#include <stdio.h>

enum { SETA, SETN, MUL, DEC, JNZ, ADDA, HALT };

/* Registers a and n; each instruction is an opcode and one operand. */
static long run(const int *code)
{
  static void *const dispatch[] = {&&op_seta, &&op_setn, &&op_mul, &&op_dec, &&op_jnz, &&op_adda, &&op_halt};
  long a = 0, n = 0;
  int pc = 0;
#define NEXT do { pc += 2; goto *dispatch[code[pc]]; } while (0)
  goto *dispatch[code[0]];
op_seta: a = code[pc + 1]; NEXT;
op_setn: n = code[pc + 1]; NEXT;
op_mul: a *= n; NEXT;
op_dec: n--; NEXT;
op_jnz: if (n) { pc = code[pc + 1]; goto *dispatch[code[pc]]; } NEXT;
op_adda: a += code[pc + 1] * n; NEXT;
op_halt: return a;
}

int main(void)
{
  /* a = 10!; then a = sum of 3*n for n = 5..1 */
  const int fact[] = {SETA, 1, SETN, 10, MUL, 0, DEC, 0, JNZ, 4, HALT, 0};
  const int tri[] = {SETA, 0, SETN, 5, ADDA, 3, DEC, 0, JNZ, 4, HALT, 0};
  printf("fact=%ld tri=%ld\n", run(fact), run(tri));
  void *where = &&done;
  int n = 3;
again:
  if (--n > 0) goto *(n == 2 ? &&again : where);
  goto again;
done:
  printf("n=%d\n", n);
  return 0;
}
