//===-- tlsan_clock.h - a timestamp cheap enough for every blocking call --===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// BlockingRegion stamps every blocking call with the time it started. A
// vDSO clock_gettime costs ~20 ns, too much beside a 400 ns pipe read, so
// on x86_64 the stamp is the TSC (rdtsc, ~7 ns); the leak pass converts it
// to milliseconds with a rate calibrated between start-up and the pass.
// Elsewhere it is MonotonicNanoTime().
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_CLOCK_H
#define TLSAN_CLOCK_H

#include "tlsan_internal.h"

namespace __tlsan {

TLSAN_ALWAYS_INLINE u64 CheapTimestamp() {
#if defined(__x86_64__)
  return __builtin_ia32_rdtsc();
#else
  return MonotonicNanoTime();
#endif
}

// Records the reference point (runtime initialization).
void InitializeCheapClock();
// Milliseconds elapsed since CheapTimestamp() returned `stamp`, or -1 when
// the clock cannot be calibrated yet. Leak pass only.
s64 MillisecondsSince(u64 stamp);

}  // namespace __tlsan

#endif  // TLSAN_CLOCK_H
