/*
 * setjmp.h - non-local jumps.  The buffer holds rbx, rbp, r12-r14, the stack
 * pointer and the return address (r15 is the sandbox base and never changes).
 * longjmp's jump goes through the sandboxing pass like any indirect jump: the
 * target is a return address, so it is bundle-aligned, as the pass makes every
 * call end on a bundle boundary.  No signal mask: sigsetjmp is setjmp.
 */
#ifndef ZRT_SETJMP_H
#define ZRT_SETJMP_H

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned long long jmp_buf[8];
typedef jmp_buf sigjmp_buf;

int setjmp(jmp_buf env) __attribute__((returns_twice));
__attribute__((noreturn)) void longjmp(jmp_buf env, int val);
int _setjmp(jmp_buf env) __attribute__((returns_twice));
__attribute__((noreturn)) void _longjmp(jmp_buf env, int val);
#define sigsetjmp(env, savemask) setjmp(env)
#define siglongjmp(env, val) longjmp(env, val)

#ifdef __cplusplus
}
#endif

#endif /* ZRT_SETJMP_H */
