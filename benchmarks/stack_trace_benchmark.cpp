// stack_trace_benchmark.cpp: the creation-stack capture (CaptureStack, the
// cached CFI unwinder) against libgcc's _Unwind_Backtrace behind tlsan's
// guard (TestOnlyCaptureStackSlow), 8 frames and the whole stack, from a
// chain of 12 distinct functions. Links the runtime's internals
// (tlsan_runtime_for_tests); not a Google Benchmark of an interceptor, so it
// has no _plain/_tsan twins.
#include <benchmark/benchmark.h>

#include "tlsan_stack_depot.h"
#include "tlsan_stack_trace.h"

using namespace __tlsan;

namespace {

typedef u32 (*CaptureFn)(uptr *, u32, uptr);

template <int N>
__attribute__((noinline)) u32 Chain(CaptureFn capture, u32 depth) {
  u32 n;
  if constexpr (N == 0) {
    uptr pcs[kMaxStackDepth];
    n = capture(pcs, depth, 0);
    benchmark::DoNotOptimize(pcs);
  } else {
    n = Chain<N - 1>(capture, depth);
  }
  benchmark::ClobberMemory();  // not a tail call
  return n;
}

void BM_CaptureStack(benchmark::State &state) {
  u32 depth = (u32)state.range(0), n = 0;
  for (auto _ : state) n = Chain<12>(CaptureStack, depth);
  state.counters["frames"] = n;
}
BENCHMARK(BM_CaptureStack)->Arg(8)->Arg(32);

void BM_CaptureStackLibgcc(benchmark::State &state) {
  u32 depth = (u32)state.range(0), n = 0;
  for (auto _ : state) n = Chain<12>(TestOnlyCaptureStackSlow, depth);
  state.counters["frames"] = n;
}
BENCHMARK(BM_CaptureStackLibgcc)->Arg(8)->Arg(32);

}  // namespace

BENCHMARK_MAIN();
