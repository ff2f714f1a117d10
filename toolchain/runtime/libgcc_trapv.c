/*
 * libgcc_trapv.c - the overflow-checking arithmetic of -ftrapv: each helper
 * calls abort() on signed overflow, as libgcc's do, and returns the result
 * otherwise.  Computed in unsigned (wrapping) arithmetic, then checked.
 */
#include <stdint.h>
#include <stdlib.h>

#define DEFINE_TRAPV(S, U, W, SFX)                                            \
  S __addv##SFX##3(S a, S b);                                                 \
  S __subv##SFX##3(S a, S b);                                                 \
  S __mulv##SFX##3(S a, S b);                                                 \
  S __negv##SFX##2(S a);                                                      \
  S __absv##SFX##2(S a);                                                      \
  S __addv##SFX##3(S a, S b)                                                  \
  {                                                                           \
    S w = (S)((U)a + (U)b);                                                   \
    if (b >= 0 ? w < a : w > a)                                               \
      abort();                                                                \
    return w;                                                                 \
  }                                                                           \
  S __subv##SFX##3(S a, S b)                                                  \
  {                                                                           \
    S w = (S)((U)a - (U)b);                                                   \
    if (b >= 0 ? w > a : w < a)                                               \
      abort();                                                                \
    return w;                                                                 \
  }                                                                           \
  S __mulv##SFX##3(S a, S b)                                                  \
  {                                                                           \
    W w = (W)a * (W)b;                                                        \
    if ((S)w != w)                                                            \
      abort();                                                                \
    return (S)w;                                                              \
  }                                                                           \
  S __negv##SFX##2(S a)                                                       \
  {                                                                           \
    S w = (S)(0 - (U)a);                                                      \
    if (a >= 0 ? w > 0 : w < 0)                                               \
      abort();                                                                \
    return w;                                                                 \
  }                                                                           \
  S __absv##SFX##2(S a)                                                       \
  {                                                                           \
    S w = a;                                                                  \
    if (a < 0) {                                                              \
      w = (S)(0 - (U)a);                                                      \
      if (w < 0)                                                              \
        abort();                                                              \
    }                                                                         \
    return w;                                                                 \
  }

DEFINE_TRAPV(int32_t, uint32_t, int64_t, si)
DEFINE_TRAPV(int64_t, uint64_t, __int128, di)
