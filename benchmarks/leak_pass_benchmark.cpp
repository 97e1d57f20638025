// leak_pass_benchmark.cpp: the cost of the leak pass itself, with no leaked
// thread and with N leaked (blocked) threads, symbolize=0 and no retries:
// what a clean exit or a per-test check pays. Meaningful only in the
// leak_pass_tlsan build; leak_pass_plain measures nothing and says so.
#include <benchmark/benchmark.h>

#include <latch>
#include <thread>
#include <vector>

#if TLSAN_BENCHMARK_WITH_RUNTIME
#include <sanitizer/tlsan_interface.h>

static int Check() {
  __tlsan_check_options o{};
  o.size = sizeof(o);
  o.max_retries = 0;
  o.max_sleep_ms = -1;
  o.symbolize = 0;
  return __tlsan_check(&o, nullptr, nullptr, nullptr);
}

static void BM_LeakPass(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  std::latch release(1);
  std::vector<std::thread> leaked;
  for (int i = 0; i < n; ++i) leaked.emplace_back([&] { release.wait(); });
  int found = 0;
  for (auto _ : state) found = Check();
  state.counters["leaked"] = found;
  if (found != n) state.SkipWithError("unexpected leak count");
  release.count_down();
  for (std::thread& t : leaked) t.join();
}
BENCHMARK(BM_LeakPass)->Arg(0)->Arg(10)->Arg(100)->Arg(1000)
    ->Unit(benchmark::kMicrosecond);
#else
static void BM_LeakPass(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(state.range(0));
  state.SetLabel("no runtime: nothing to measure");
}
BENCHMARK(BM_LeakPass)->Arg(0);
#endif

BENCHMARK_MAIN();
