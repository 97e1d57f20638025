//===-- tlsan_clock.cpp - a timestamp cheap enough for every blocking call ===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_clock.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_clock.h"

namespace __tlsan {

static u64 start_stamp, start_ns;

void InitializeCheapClock() {
  start_ns = MonotonicNanoTime();
  start_stamp = CheapTimestamp();
}

s64 MillisecondsSince(u64 stamp) {
  u64 now_stamp = CheapTimestamp();
  u64 now_ns = MonotonicNanoTime();
  if (now_stamp <= stamp) return 0;
#if defined(__x86_64__)
  // Ticks per nanosecond, measured over the whole run so far (the TSC is
  // invariant on the machines this runs on; a short run is less precise).
  if (now_ns <= start_ns + 1000000 || now_stamp <= start_stamp) return -1;
  double ticks_per_ns =
      (double)(now_stamp - start_stamp) / (double)(now_ns - start_ns);
  return (s64)((double)(now_stamp - stamp) / ticks_per_ns / 1e6);
#else
  return (s64)((now_ns - stamp) / 1000000);
#endif
}

}  // namespace __tlsan
