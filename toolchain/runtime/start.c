/*
 * start.c - the entry point of a nexe.
 *
 * zerovm enters _start with %rsp 16-byte aligned minus 8, as after a call, so
 * it can be an ordinary C function.  There is no command line and no
 * environment in ZeroVM: main gets argv = {"nexe", NULL} and an empty envp.
 * Nothing needs initialising first: the libc sets itself up lazily (the heap
 * on the first malloc) and all its static data is constant-initialised.
 */
#include <stddef.h>
#include <stdlib.h>

extern int main(int argc, char **argv, char **envp);

__attribute__((noreturn, used)) void _start(void);

void _start(void)
{
  /* Writable, as C requires of argv strings. */
  static char prog_name[] = "nexe";
  static char *argv[] = { prog_name, NULL };
  static char *envp[] = { NULL };

  exit(main(1, argv, envp));
}
