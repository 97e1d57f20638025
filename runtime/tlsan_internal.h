//===-- tlsan_internal.h - basic types and helpers of the tlsan runtime ---===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// What every runtime file includes: fixed-width types, atomics built on the
// compiler's __atomic builtins (no <atomic>, no libstdc++), CHECK, and the
// output primitives. The runtime loads into arbitrary processes, so:
//   * nothing here allocates through malloc or takes a lock;
//   * output goes through raw system calls (tlsan_syscall_linux.h), never
//     through the intercepted libc entry points;
//   * Printf/Report are for the leak pass and for fatal errors, not for hot
//     paths (they format into a stack buffer).
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_INTERNAL_H
#define TLSAN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

namespace __tlsan {

typedef uintptr_t uptr;
typedef intptr_t sptr;
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

#define TLSAN_LIKELY(x) __builtin_expect(!!(x), 1)
#define TLSAN_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define TLSAN_NOINLINE __attribute__((noinline))
#define TLSAN_ALWAYS_INLINE inline __attribute__((always_inline))
#define TLSAN_INTERFACE extern "C" __attribute__((visibility("default")))
#define TLSAN_WEAK extern "C" __attribute__((weak, visibility("default")))
#define TLSAN_PRINTF(f, a) __attribute__((format(printf, f, a)))

// Relaxed/acquire/release wrappers over the compiler builtins. A tiny subset
// of sanitizer_atomic.h: enough for the registry, the depot and the flags.
template <typename T>
TLSAN_ALWAYS_INLINE T AtomicLoad(const T *p, int mo = __ATOMIC_ACQUIRE) {
  return __atomic_load_n(p, mo);
}
template <typename T>
TLSAN_ALWAYS_INLINE void AtomicStore(T *p, T v, int mo = __ATOMIC_RELEASE) {
  __atomic_store_n(p, v, mo);
}
// splitmix64's finalizer: spreads the bits of h (signatures of waits).
inline u64 HashMix(u64 h) {
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  return h ^ (h >> 31);
}

template <typename T>
TLSAN_ALWAYS_INLINE T AtomicAdd(T *p, T v, int mo = __ATOMIC_ACQ_REL) {
  return __atomic_fetch_add(p, v, mo);
}
template <typename T>
TLSAN_ALWAYS_INLINE T AtomicOr(T *p, T v, int mo = __ATOMIC_ACQ_REL) {
  return __atomic_fetch_or(p, v, mo);
}
template <typename T>
TLSAN_ALWAYS_INLINE bool AtomicCas(T *p, T *expected, T desired,
                                   int mo = __ATOMIC_ACQ_REL) {
  return __atomic_compare_exchange_n(p, expected, desired, /*weak=*/false, mo,
                                     __ATOMIC_ACQUIRE);
}
template <typename T>
TLSAN_ALWAYS_INLINE T AtomicExchange(T *p, T v, int mo = __ATOMIC_ACQ_REL) {
  return __atomic_exchange_n(p, v, mo);
}

// Output. Both write to stderr (StderrFd) with raw syscalls; Report
// prefixes "==PID==".
void Printf(const char *fmt, ...) TLSAN_PRINTF(1, 2);
void Report(const char *fmt, ...) TLSAN_PRINTF(1, 2);

// The descriptor that stands for stderr in the runtime's output: fd 2 while
// it is open for writing (a program that redirects stderr gets the report
// there), else, if the program closed it (xz does before exiting), the
// private duplicate of the stderr the process started with, kept by
// SaveStartupStderr, as long as it still names the same file. Two raw
// syscalls; async-signal-safe.
//   Example: internal_write_all(StderrFd(), text, size);
int StderrFd();
// Keeps that duplicate: close-on-exec, numbered 100 or above when the
// descriptor limit allows (out of the way of programs that expect open() to
// return the lowest free numbers). Once, from Initialize, when leaks are
// detected.
void SaveStartupStderr();
// Prints "==PID==ThreadLeakSanitizer CHECK failed: ..." and exits with 1.
[[noreturn]] void CheckFailed(const char *file, int line, const char *cond,
                              u64 v1, u64 v2);
// Terminates the process at once (no exit handlers) with `code`.
[[noreturn]] void Die(int code);

#define TLSAN_CHECK_IMPL(c1, op, c2)                                           \
  do {                                                                         \
    __tlsan::u64 v1 = (__tlsan::u64)(c1);                                      \
    __tlsan::u64 v2 = (__tlsan::u64)(c2);                                      \
    if (TLSAN_UNLIKELY(!(v1 op v2)))                                           \
      __tlsan::CheckFailed(__FILE__, __LINE__, "(" #c1 ") " #op " (" #c2 ")",  \
                           v1, v2);                                            \
  } while (false)
#define CHECK(a) TLSAN_CHECK_IMPL((a), !=, 0)

// Small libc-free string helpers (the runtime avoids calling intercepted or
// locale-dependent libc functions from inside interceptors).
uptr internal_strlen(const char *s);
int internal_strcmp(const char *a, const char *b);
int internal_strncmp(const char *a, const char *b, uptr n);
const char *internal_strstr(const char *haystack, const char *needle);
void internal_memcpy(void *dst, const void *src, uptr n);
void internal_memset(void *dst, int c, uptr n);
// Copies at most size-1 bytes and always NUL-terminates (size > 0).
void internal_strlcpy(char *dst, const char *src, uptr size);
// Levenshtein distance of two short strings; kMaxEditDistanceLen when either
// is that long or longer. Example: internal_edit_distance("verbsity",
// "verbosity") is 1.
constexpr uptr kMaxEditDistanceLen = 64;
uptr internal_edit_distance(const char *a, const char *b);

// Monotonic clock in nanoseconds (vDSO clock_gettime; async-signal-safe).
u64 MonotonicNanoTime();
// Sleeps for `us` microseconds with a raw nanosleep (not intercepted).
void SleepForMicros(u64 us);
// The calling thread's kernel thread id, from a raw gettid syscall.
int GetTid();
int GetPid();

}  // namespace __tlsan

#endif  // TLSAN_INTERNAL_H
