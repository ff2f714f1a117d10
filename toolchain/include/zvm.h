/*
 * zvm.h - the ZeroVM system interface for programs built by this harness.
 *
 * A ZeroVM program reaches the outside only through one trap: a direct
 * `call 0x10000` with %edi pointing at a uint64_t argument array whose first
 * element is the function code.  The wrappers below are always inlined so that
 * each call site stores its own function code next to its own trap call: the
 * harness's scanner can then name the function every trap site passes.
 */
#ifndef ZVM_H
#define ZVM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ZVM_TRAMPOLINE 0x10000u

/* Function codes: four ASCII letters, compared by zerovm as 64-bit values. */
#define ZVM_TRAP_READ   UINT64_C(0x64616552) /* "Read" */
#define ZVM_TRAP_WRITE  UINT64_C(0x74697257) /* "Writ" */
#define ZVM_TRAP_JAIL   UINT64_C(0x6c69614a) /* "Jail" */
#define ZVM_TRAP_UNJAIL UINT64_C(0x6c6a6e55) /* "Unjl" */
#define ZVM_TRAP_EXIT   UINT64_C(0x74697845) /* "Exit" */
#define ZVM_TRAP_FORK   UINT64_C(0x6b726f46) /* "Fork" */

/* Channel types (the manifest's third Channel field). */
#define ZVM_SGETSPUT 0 /* sequential read, sequential write */
#define ZVM_RGETSPUT 1 /* random read, sequential (append) write */
#define ZVM_SGETRPUT 2 /* sequential read, random write */
#define ZVM_RGETRPUT 3 /* random read, random write */

/* Indexes into struct zvm_channel.limits. */
#define ZVM_GETS_LIMIT     0
#define ZVM_GET_SIZE_LIMIT 1
#define ZVM_PUTS_LIMIT     2
#define ZVM_PUT_SIZE_LIMIT 3

/* Standard channel descriptors; other channels follow in strcmp order of alias. */
#define ZVM_STDIN  0
#define ZVM_STDOUT 1
#define ZVM_STDERR 2

/* One 48-byte record of the channel array zerovm places below 0xFF000000. */
struct zvm_channel {
  int64_t limits[4];
  int64_t size;      /* 0 for sequential-read and write-only channels */
  uint32_t type;
  uint32_t name;     /* user address of the alias string */
};

/* The user manifest; all fields are 32-bit user addresses or sizes. */
struct zvm_manifest {
  uint32_t heap_ptr;
  uint32_t heap_size;
  uint32_t stack_size;
  uint32_t channels_count;
  uint32_t channels; /* user address of struct zvm_channel[channels_count] */
};

#define ZVM_MANIFEST_POINTER 0xFEFFFFFCu

static inline const struct zvm_manifest *zvm_manifest(void)
{
  return (const struct zvm_manifest *)(uintptr_t)
      *(const volatile uint32_t *)(uintptr_t)ZVM_MANIFEST_POINTER;
}

static inline const struct zvm_channel *zvm_channels(void)
{
  return (const struct zvm_channel *)(uintptr_t)zvm_manifest()->channels;
}

static inline const char *zvm_channel_name(int desc)
{
  return (const char *)(uintptr_t)zvm_channels()[desc].name;
}

/* The descriptor of the channel with this alias, or -1. */
static inline int zvm_find_channel(const char *alias)
{
  uint32_t i;  /* not in the for: the header is also for -std=gnu89 programs */
  for (i = 0; i < zvm_manifest()->channels_count; i++) {
    const char *name = zvm_channel_name((int)i);
    uint32_t k = 0;
    while (name[k] == alias[k] && alias[k] != '\0') k++;
    if (name[k] == alias[k]) return (int)i;
  }
  return -1;
}

/*
 * The raw trap.  Returns zerovm's int32 result (a count, 0, or -errno).
 * zerovm preserves rbx, rbp, r12-r15 and rsp; it zeroes rdx, rsi, r8-r11 and
 * every xmm register, resets the x87 unit and leaves the return address in
 * rcx, so all of those are clobbers.
 */
static inline __attribute__((always_inline)) int32_t zvm_trap(volatile uint64_t *args)
{
  int32_t result;
  __asm__ volatile("call 0x10000"
                   : "=a"(result), "+D"(args)
                   :
                   : "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11", "memory", "cc",
                     "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
                     "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
                     "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)");
  return result;
}

static inline __attribute__((always_inline))
int32_t zvm_pread(int desc, void *buf, int32_t size, int64_t offset)
{
  volatile uint64_t args[6];
  args[0] = ZVM_TRAP_READ;
  args[1] = 0;
  args[2] = (uint64_t)(int64_t)desc;
  args[3] = (uint64_t)(uintptr_t)buf;
  args[4] = (uint64_t)(int64_t)size;
  args[5] = (uint64_t)offset;
  return zvm_trap(args);
}

static inline __attribute__((always_inline))
int32_t zvm_pwrite(int desc, const void *buf, int32_t size, int64_t offset)
{
  volatile uint64_t args[6];
  args[0] = ZVM_TRAP_WRITE;
  args[1] = 0;
  args[2] = (uint64_t)(int64_t)desc;
  args[3] = (uint64_t)(uintptr_t)buf;
  args[4] = (uint64_t)(int64_t)size;
  args[5] = (uint64_t)offset;
  return zvm_trap(args);
}

/* Validate [addr, addr+size) in the heap and make it executable. */
static inline __attribute__((always_inline)) int32_t zvm_jail(const void *addr, int32_t size)
{
  volatile uint64_t args[4];
  args[0] = ZVM_TRAP_JAIL;
  args[1] = 0;
  args[2] = (uint64_t)(uintptr_t)addr;
  args[3] = (uint64_t)(int64_t)size;
  return zvm_trap(args);
}

/* Make [addr, addr+size) in the heap writable again (and no longer executable). */
static inline __attribute__((always_inline)) int32_t zvm_unjail(const void *addr, int32_t size)
{
  volatile uint64_t args[4];
  args[0] = ZVM_TRAP_UNJAIL;
  args[1] = 0;
  args[2] = (uint64_t)(uintptr_t)addr;
  args[3] = (uint64_t)(int64_t)size;
  return zvm_trap(args);
}

/* Without a Job in the manifest zerovm returns 0 and does nothing. */
static inline __attribute__((always_inline)) int32_t zvm_fork(void)
{
  volatile uint64_t args[2];
  args[0] = ZVM_TRAP_FORK;
  args[1] = 0;
  return zvm_trap(args);
}

/* Ends the session.  `code` is the report's user return code, not zerovm's exit status. */
static inline __attribute__((always_inline, noreturn)) void zvm_exit(int32_t code)
{
  volatile uint64_t args[3];
  args[0] = ZVM_TRAP_EXIT;
  args[1] = 0;
  args[2] = (uint64_t)(int64_t)code;
  zvm_trap(args);
  __builtin_unreachable();
}

#ifdef __cplusplus
}
#endif

#endif /* ZVM_H */
