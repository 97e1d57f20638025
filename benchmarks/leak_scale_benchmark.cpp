// leak_scale_benchmark.cpp: how the leak pass scales, and what a per-test
// check costs. Complements leak_pass_benchmark.cpp (global check, no report,
// up to 1,000 threads). Meaningful only in the leak_scale_tlsan build;
// leak_scale_plain measures nothing and says so.
//
//   | benchmark                              | what it is                     |
//   |----------------------------------------|--------------------------------|
//   | BM_ExitPass/leaked:N/symbolize:S       | what exit pays with N leaked   |
//   |                                        | (blocked) threads: leak pass,  |
//   |                                        | classifier, symbolizer (S=1),  |
//   |                                        | text report; no retries        |
//   | BM_PerTestCheckNoLeak/background:B/    | scope begin, scoped check (no  |
//   |   after_burst:K/in_test:T/             | leak), scope end, with B older |
//   |   join_after_start:J                   | threads alive outside the      |
//   |                                        | scope, K threads joined before,|
//   |                                        | T created and joined in scope  |
//   | BM_DistinctStacks/stacks:100/symbolize | 100 leaked threads created at  |
//   |                                        | 100 call sites: the report's   |
//   |                                        | symbolization of 100 stacks is |
//   |                                        | the difference S=1 minus S=0   |
//
// The exit pass is measured through __tlsan_check with a report callback:
// the same stages as the at-exit check (RunCheck), minus the write to
// log_path. Wall time (UseRealTime): it includes the symbolizer, a
// subprocess. Leaked threads wait in pthread_cond_wait, all blocked before
// the first check, with small stacks (2 * PTHREAD_STACK_MIN) so that 10,000
// of them fit easily.
#include <benchmark/benchmark.h>

#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>

#include <array>
#include <cstring>
#include <latch>
#include <utility>
#include <vector>

#if TLSAN_BENCHMARK_WITH_RUNTIME
#include <sanitizer/tlsan_interface.h>

namespace {

// What a leaked thread waits on: a condition variable, until released. A
// thread counts itself as started while it holds the mutex, which only its
// pthread_cond_wait releases: once the creator holds the mutex with every
// thread counted, all of them are blocked (no thread still spinning in a
// wait's yield loop while the check runs).
struct Latches {
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t all_started = PTHREAD_COND_INITIALIZER;
  pthread_cond_t released_cv = PTHREAD_COND_INITIALIZER;
  int started = 0;
  int expected;
  bool released = false;
  explicit Latches(int n) : expected(n) {}
  void WaitAllStarted() {
    pthread_mutex_lock(&mu);
    while (started < expected) pthread_cond_wait(&all_started, &mu);
    pthread_mutex_unlock(&mu);
  }
  void Release() {
    pthread_mutex_lock(&mu);
    released = true;
    pthread_cond_broadcast(&released_cv);
    pthread_mutex_unlock(&mu);
  }
};

void* WaitOnLatch(void* arg) {
  auto* l = static_cast<Latches*>(arg);
  pthread_mutex_lock(&l->mu);
  if (++l->started == l->expected) pthread_cond_signal(&l->all_started);
  while (!l->released) pthread_cond_wait(&l->released_cv, &l->mu);
  pthread_mutex_unlock(&l->mu);
  return nullptr;
}

using Spawner = int (*)(pthread_t*, const pthread_attr_t*, Latches*);

// One creation site per N: the creation stacks differ in their first frame.
template <std::size_t N>
__attribute__((noinline)) int SpawnAt(pthread_t* t, const pthread_attr_t* attr,
                                      Latches* latch) {
  benchmark::DoNotOptimize(N);
  int res = pthread_create(t, attr, WaitOnLatch, latch);
  benchmark::DoNotOptimize(res);  // not a tail call: the frame stays
  return res;
}

template <std::size_t... I>
constexpr std::array<Spawner, sizeof...(I)> MakeSpawners(
    std::index_sequence<I...>) {
  return {&SpawnAt<I>...};
}
constexpr auto kSpawners = MakeSpawners(std::make_index_sequence<100>());

// n threads blocked on a latch until the object is destroyed. `sites` > 1
// spreads their creation over that many call sites. The constructor returns
// once every thread has started (and is about to wait, or waits): the
// checks measure blocked threads, not threads still starting.
class BlockedThreads {
 public:
  BlockedThreads(int n, std::size_t sites) : latches_(n) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 2 * PTHREAD_STACK_MIN);
    threads_.reserve(n);
    for (int i = 0; i < n; ++i) {
      pthread_t t;
      if (kSpawners[i % sites](&t, &attr, &latches_) != 0) break;
      threads_.push_back(t);
    }
    pthread_attr_destroy(&attr);
    latches_.expected = size();
    latches_.WaitAllStarted();
  }
  ~BlockedThreads() {
    latches_.Release();
    for (pthread_t t : threads_) pthread_join(t, nullptr);
  }
  int size() const { return static_cast<int>(threads_.size()); }

 private:
  Latches latches_;
  std::vector<pthread_t> threads_;
};

void CountReport(const char* text, void* bytes) {
  *static_cast<std::size_t*>(bytes) += std::strlen(text);
}

// One check as the exit pass runs it (no retries), with the text report.
int ExitLikeCheck(int symbolize, std::size_t* report_bytes) {
  __tlsan_check_options o{};
  o.size = sizeof(o);
  o.max_retries = 0;
  o.max_sleep_ms = -1;
  o.symbolize = symbolize;
  return __tlsan_check(&o, nullptr, report_bytes, CountReport);
}

void RunLeakedChecks(benchmark::State& state, int n, std::size_t sites,
                     int symbolize) {
  BlockedThreads leaked(n, sites);
  if (leaked.size() != n)
    return state.SkipWithError("could not create the threads (ulimit -u?)");
  int found = 0;
  std::size_t report_bytes = 0;
  for (auto _ : state) found = ExitLikeCheck(symbolize, &report_bytes);
  state.counters["leaked"] = found;
  state.counters["report_bytes"] = benchmark::Counter(
      static_cast<double>(report_bytes), benchmark::Counter::kAvgIterations);
  if (found != n) state.SkipWithError("unexpected leak count");
}

}  // namespace

static void BM_ExitPass(benchmark::State& state) {
  RunLeakedChecks(state, static_cast<int>(state.range(0)), 1,
                  static_cast<int>(state.range(1)));
}
BENCHMARK(BM_ExitPass)
    ->ArgNames({"leaked", "symbolize"})
    ->ArgsProduct({{0, 10, 100, 1000}, {0, 1}})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
// 10,000 threads take about a second to create: a fixed iteration count
// creates them once per repetition.
BENCHMARK(BM_ExitPass)
    ->ArgNames({"leaked", "symbolize"})
    ->Args({10000, 0})
    ->Args({10000, 1})
    ->Iterations(5)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// A thread that says it has started (its start routine runs after tlsan's
// trampoline has registered it).
void* MarkStarted(void* flag) {
  __atomic_store_n(static_cast<int*>(flag), 1, __ATOMIC_RELEASE);
  return nullptr;
}

double Seconds(const timespec& a, const timespec& b) {
  return double(b.tv_sec - a.tv_sec) + double(b.tv_nsec - a.tv_nsec) * 1e-9;
}

// What a test framework pays per test that leaks nothing: scope begin,
// scoped check, scope end. `in_test`: threads the test itself created and
// joined inside the scope (their creation and join are not timed: manual
// time); `background`: older threads alive outside the scope;
// `after_burst`: that many threads were alive at once earlier in the
// process (created, then all joined), as when one earlier test started many;
// `join_after_start`: the test joins its threads only once they have started
// running (1), or at once (0, what tests usually do).
static void BM_PerTestCheckNoLeak(benchmark::State& state) {
  const int background = static_cast<int>(state.range(0));
  const int burst = static_cast<int>(state.range(1));
  const int in_test = static_cast<int>(state.range(2));
  const bool join_after_start = state.range(3) != 0;
  { BlockedThreads burst_threads(burst, 1); }
  BlockedThreads background_threads(background, 1);
  if (background_threads.size() != background)
    return state.SkipWithError("could not create the threads");
  int found = 0;
  for (auto _ : state) {
    timespec t0, t1, t2, t3;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    unsigned scope = __tlsan_scope_begin("Bench.PerTestCheck");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    for (int i = 0; i < in_test; ++i) {
      pthread_t t;
      int started = 0;
      if (pthread_create(&t, nullptr, MarkStarted, &started) != 0) continue;
      while (join_after_start && !__atomic_load_n(&started, __ATOMIC_ACQUIRE))
        sched_yield();
      pthread_join(t, nullptr);
    }
    clock_gettime(CLOCK_MONOTONIC, &t2);
    __tlsan_check_options o{};
    o.size = sizeof(o);
    o.max_retries = 0;
    o.max_sleep_ms = -1;
    o.symbolize = 0;
    o.scope = scope;
    found += __tlsan_check(&o, nullptr, nullptr, nullptr);
    __tlsan_scope_end(scope);
    clock_gettime(CLOCK_MONOTONIC, &t3);
    state.SetIterationTime(Seconds(t0, t1) + Seconds(t2, t3));
  }
  // Nothing leaked: whatever a check found is a runtime error (a join it
  // missed). Counted, not fatal, so that the timing is still reported.
  state.counters["false_leaks"] = found;
}
BENCHMARK(BM_PerTestCheckNoLeak)
    ->ArgNames({"background", "after_burst", "in_test", "join_after_start"})
    ->Args({0, 0, 0, 0})
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);
// A fixed iteration count: the untimed thread creations would otherwise make
// Google Benchmark run these for many times min_time.
BENCHMARK(BM_PerTestCheckNoLeak)
    ->ArgNames({"background", "after_burst", "in_test", "join_after_start"})
    ->Args({0, 0, 1, 0})
    ->Args({0, 0, 1, 1})
    ->Args({100, 0, 1, 0})
    ->Args({100, 0, 1, 1})
    ->Args({0, 10000, 1, 0})
    ->Args({0, 10000, 1, 1})
    ->Iterations(2000)
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);

static void BM_DistinctStacks(benchmark::State& state) {
  RunLeakedChecks(state, 100, 100, static_cast<int>(state.range(0)));
}
BENCHMARK(BM_DistinctStacks)
    ->ArgName("stacks:100/symbolize")
    ->Arg(0)
    ->Arg(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

#else
static void BM_ExitPass(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(state.range(0));
  state.SetLabel("no runtime: nothing to measure");
}
BENCHMARK(BM_ExitPass)->Arg(0);
#endif

BENCHMARK_MAIN();
