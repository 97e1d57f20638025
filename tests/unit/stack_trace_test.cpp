// stack_trace_test.cpp: CaptureStack's x86_64 CFI fast path against
// libgcc's _Unwind_Backtrace (the pc arrays must be identical), its rule
// cache, its fallback, and the skip_until_pc rule.
#include "tlsan_stack_trace.h"

#include "tlsan_stack_depot.h"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <thread>
#include <vector>

using namespace __tlsan;

namespace {

#if defined(__x86_64__)
constexpr bool kHasFastPath = true;
#else
constexpr bool kHasFastPath = false;
#endif

typedef u32 (*CaptureFn)(uptr *pcs, u32 max_depth, uptr skip_until_pc);

struct Capture {
  uptr pcs[kMaxStackDepth];
  u32 n = 0;
  std::vector<uptr> Frames(u32 from = 0) const {
    if (from > n) from = n;
    return std::vector<uptr>(pcs + from, pcs + n);
  }
};

TLSAN_ALWAYS_INLINE void Escape(const void *p) {
  __asm__ volatile("" : : "r"(p) : "memory");
}

// Hides a loop counter from the optimizer, so that the loop is not unrolled
// and its body keeps one call site (one return address) for all iterations.
TLSAN_ALWAYS_INLINE int Opaque(int i) {
  __asm__ volatile("" : "+r"(i));
  return i;
}

// Captures with both unwinders, each dropping frames up to the caller of
// CaptureBoth, so both arrays start at the same frame.
TLSAN_NOINLINE void CaptureBoth(Capture *fast, Capture *slow) {
  uptr caller = (uptr)__builtin_return_address(0);
  fast->n = CaptureStack(fast->pcs, kMaxStackDepth, caller);
  slow->n = TestOnlyCaptureStackSlow(slow->pcs, kMaxStackDepth, caller);
  Escape(fast);  // not a tail call
}

// Checks that both captures match and that the fast path did not fall back.
void ExpectSameStacks(const Capture &fast, const Capture &slow,
                      uptr slow_captures_before, u32 min_frames) {
  EXPECT_GE(slow.n, min_frames);
  EXPECT_EQ(fast.Frames(), slow.Frames());
  if (kHasFastPath)
    EXPECT_EQ(TestOnlyUnwindCacheStats().slow_captures, slow_captures_before);
}

// A chain of distinct functions (distinct return addresses), each with a
// frame pointer: __builtin_frame_address(0) forces one.
template <int N>
TLSAN_NOINLINE void ChainWithFramePointer(Capture *fast, Capture *slow) {
  Escape(__builtin_frame_address(0));
  if constexpr (N == 0)
    CaptureBoth(fast, slow);
  else
    ChainWithFramePointer<N - 1>(fast, slow);
  Escape(fast);
}

// Plain recursion: one return address repeated.
TLSAN_NOINLINE void Recurse(int depth, Capture *fast, Capture *slow) {
  if (depth == 0)
    CaptureBoth(fast, slow);
  else
    Recurse(depth - 1, fast, slow);
  Escape(fast);
}

TEST(StackTraceTest, FastPathMatchesLibgccThroughFramePointerChain) {
  uptr before = TestOnlyUnwindCacheStats().slow_captures;
  Capture fast, slow;
  ChainWithFramePointer<20>(&fast, &slow);
  ExpectSameStacks(fast, slow, before, 21);
}

TEST(StackTraceTest, FastPathMatchesLibgccThroughRecursion) {
  uptr before = TestOnlyUnwindCacheStats().slow_captures;
  Capture fast, slow;
  Recurse(20, &fast, &slow);
  ExpectSameStacks(fast, slow, before, 21);
}

Capture qsort_fast, qsort_slow;
bool qsort_captured;

int CompareAndCapture(const void *a, const void *b) {
  if (!qsort_captured) {
    qsort_captured = true;
    CaptureBoth(&qsort_fast, &qsort_slow);
  }
  int x = *(const int *)a, y = *(const int *)b;
  return x < y ? -1 : x > y;
}

bool InLibc(uptr pc) {
  Dl_info info;
  return dladdr((void *)(pc - 1), &info) && info.dli_fname &&
         strstr(info.dli_fname, "libc.so");
}

// glibc's qsort (merge sort, recursive) is built without frame pointers:
// the comparator's callers are libc frames found through CFI only.
TEST(StackTraceTest, FastPathMatchesLibgccThroughLibcWithoutFramePointers) {
  uptr before = TestOnlyUnwindCacheStats().slow_captures;
  int values[64];
  for (int i = 0; i < 64; i++) values[i] = (i * 37) % 64;
  qsort_captured = false;
  qsort(values, 64, sizeof(int), CompareAndCapture);
  ASSERT_TRUE(qsort_captured);
  ExpectSameStacks(qsort_fast, qsort_slow, before, 4);
  // The comparator's caller and some above it are inside libc.
  ASSERT_GE(qsort_fast.n, 2u);
  EXPECT_TRUE(InLibc(qsort_fast.pcs[1]));
}

// std::thread: libstdc++'s execute_native_thread_routine, tlsan's
// trampoline, start_thread and clone3 (whose return address is undefined).
TEST(StackTraceTest, FastPathMatchesLibgccInsideStdThread) {
  uptr before = TestOnlyUnwindCacheStats().slow_captures;
  Capture fast, slow;
  std::thread t([&] { ChainWithFramePointer<3>(&fast, &slow); });
  t.join();
  ExpectSameStacks(fast, slow, before, 6);
}

// The interceptor's own capture goes through std::thread::_M_start_thread
// (libstdc++, no frame pointers) without falling back.
TEST(StackTraceTest, ThreadCreationCaptureStaysOnTheFastPath) {
  if (!kHasFastPath) GTEST_SKIP() << "no fast path on this architecture";
  std::thread warm([] {});
  warm.join();
  uptr before = TestOnlyUnwindCacheStats().slow_captures;
  for (int i = 0; i < 3; i++) {
    std::thread t([] {});
    t.join();
  }
  EXPECT_EQ(TestOnlyUnwindCacheStats().slow_captures, before);
}

Capture signal_fast, signal_slow;

void CaptureInHandler(int) { CaptureBoth(&signal_fast, &signal_slow); }

// A signal frame ('S' augmentation, CFA by expression) sends the whole
// capture to the slow path: same frames as libgcc.
TEST(StackTraceTest, SignalFrameFallsBackToLibgcc) {
  struct sigaction sa, old;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = CaptureInHandler;
  ASSERT_EQ(sigaction(SIGUSR1, &sa, &old), 0);
  uptr before = TestOnlyUnwindCacheStats().slow_captures;
  raise(SIGUSR1);
  sigaction(SIGUSR1, &old, nullptr);
  EXPECT_GE(signal_slow.n, 4u);
  EXPECT_EQ(signal_fast.Frames(), signal_slow.Frames());
  if (kHasFastPath)
    EXPECT_GT(TestOnlyUnwindCacheStats().slow_captures, before);
}

TEST(StackTraceTest, SecondCaptureHitsTheCache) {
  if (!kHasFastPath) GTEST_SKIP() << "no fast path on this architecture";
  TestOnlyResetUnwindCache();
  Capture c[2];
  UnwindCacheStats before[2], after[2];
  // One call site, not unrolled: the same stack twice.
  for (int i = 0; i < 2; i = Opaque(i + 1)) {
    before[i] = TestOnlyUnwindCacheStats();
    c[i].n = CaptureStack(c[i].pcs, kMaxStackDepth, 0);
    after[i] = TestOnlyUnwindCacheStats();
  }
  EXPECT_GT(c[0].n, 3u);
  EXPECT_EQ(c[0].Frames(), c[1].Frames());
  // First: one rule per frame computed and cached.
  EXPECT_EQ(after[0].rules_computed - before[0].rules_computed, c[0].n);
  EXPECT_EQ(after[0].cached_pcs, after[0].rules_computed);
  // Second: all hits.
  EXPECT_EQ(after[1].rules_computed, before[1].rules_computed);
  EXPECT_EQ(after[1].cached_pcs, before[1].cached_pcs);
  EXPECT_EQ(after[1].slow_captures, 0u);
}

//===-- skip_until_pc -----------------------------------------------------===//

struct Request {
  uptr skip;
  u32 max_depth;
  Capture out;
};

// Every capture from one call site, so frame 1 (the return address into
// RunRequests) is the same for both unwinders and all requests.
TLSAN_NOINLINE void RunRequests(CaptureFn capture, Request *r, int n) {
  for (int i = 0; i < n; i = Opaque(i + 1))
    r[i].out.n = capture(r[i].out.pcs, r[i].max_depth, r[i].skip);
  Escape(r);
}

template <int N>
TLSAN_NOINLINE void ChainThenRun(CaptureFn capture, Request *r, int n) {
  if constexpr (N == 0)
    RunRequests(capture, r, n);
  else
    ChainThenRun<N - 1>(capture, r, n);
  Escape(r);
}

std::vector<uptr> Slice(const std::vector<uptr> &v, size_t from, size_t to) {
  if (to > v.size()) to = v.size();
  return std::vector<uptr>(v.begin() + from, v.begin() + to);
}

// Runs the skip_until_pc cases with `capture` on a deep stack and returns
// the requests (for comparing the two unwinders).
TLSAN_NOINLINE std::vector<Request> CheckSkipRule(CaptureFn capture) {
  const uptr kNever = 0xdead;
  std::vector<Request> r(1, Request{0, kMaxStackDepth, {}});
  std::vector<uptr> all;
  // Pass 0 captures the whole stack to pick markers from; pass 1 runs the
  // requests from the same call site, so on the same frames.
  for (int pass = 0; pass < 2; pass = Opaque(pass + 1)) {
    if (pass == 1) {
      all = r[0].out.Frames();
      if (all.size() < 14) break;
      r = {
          {0, kMaxStackDepth, {}},       // 0: everything, own frame included
          {all[1], kMaxStackDepth, {}},  // 1: marker = frame 1
          {all[2], kMaxStackDepth, {}},  // 2
          {all[5], kMaxStackDepth, {}},  // 3
          {all[8], kMaxStackDepth, {}},  // 4: last frame of the window
          {all[9], kMaxStackDepth, {}},  // 5: just outside it
          {kNever, kMaxStackDepth, {}},  // 6: never seen
          {all[4], 3, {}},               // 7: marker and max_depth
          {kNever, 1, {}},               // 8: not seen, max_depth 1
          {kNever, 9, {}},               // 9: not seen, cut inside the window
      };
    }
    ChainThenRun<12>(capture, r.data(), (int)r.size());
  }
  EXPECT_GE(all.size(), 14u);
  if (all.size() < 14) return {};
  EXPECT_EQ(r[0].out.Frames(), all);
  EXPECT_EQ(r[1].out.Frames(), Slice(all, 1, all.size()));
  EXPECT_EQ(r[2].out.Frames(), Slice(all, 2, all.size()));
  EXPECT_EQ(r[3].out.Frames(), Slice(all, 5, all.size()));
  EXPECT_EQ(r[4].out.Frames(), Slice(all, 8, all.size()));
  EXPECT_EQ(r[5].out.Frames(), Slice(all, 1, all.size()));
  EXPECT_EQ(r[6].out.Frames(), Slice(all, 1, all.size()));
  EXPECT_EQ(r[7].out.Frames(), Slice(all, 4, 7));
  EXPECT_EQ(r[8].out.Frames(), Slice(all, 1, 2));
  EXPECT_EQ(r[9].out.Frames(), Slice(all, 1, 10));
  return r;
}

TEST(StackTraceTest, SkipUntilPcRule) {
  uptr before = TestOnlyUnwindCacheStats().slow_captures;
  CaptureFn fns[2] = {CaptureStack, TestOnlyCaptureStackSlow};
  std::vector<Request> out[2];
  for (int k = 0; k < 2; k = Opaque(k + 1)) out[k] = CheckSkipRule(fns[k]);
  const std::vector<Request> &fast = out[0], &slow = out[1];
  ASSERT_EQ(fast.size(), slow.size());
  // Frame 0 of request 0 is each function's own pc; the rest is shared.
  for (size_t i = 0; i < fast.size(); i++)
    EXPECT_EQ(fast[i].out.Frames(i == 0 ? 1 : 0),
              slow[i].out.Frames(i == 0 ? 1 : 0))
        << "request " << i;
  if (kHasFastPath)
    EXPECT_EQ(TestOnlyUnwindCacheStats().slow_captures, before);
}

// A stack that ends inside the skip window: the marker never shows, so all
// but CaptureStack's own frame is kept.
struct ShortStackResult {
  CaptureFn capture;
  Request r[2];
};

void *ShortStackThread(void *arg) {
  ShortStackResult *res = (ShortStackResult *)arg;
  RunRequests(res->capture, res->r, 2);
  return nullptr;
}

TEST(StackTraceTest, SkipUntilPcOnStackShorterThanTheWindow) {
  ShortStackResult res[2] = {{CaptureStack, {}},
                             {TestOnlyCaptureStackSlow, {}}};
  for (auto &rs : res) {
    rs.r[0] = {0, kMaxStackDepth, {}};
    rs.r[1] = {0xdead, kMaxStackDepth, {}};
    pthread_t t;
    ASSERT_EQ(pthread_create(&t, nullptr, ShortStackThread, &rs), 0);
    pthread_join(t, nullptr);
    std::vector<uptr> all = rs.r[0].out.Frames();
    ASSERT_GE(all.size(), 3u);
    ASSERT_LE(all.size(), 8u) << "stack too deep for this test";
    EXPECT_EQ(rs.r[1].out.Frames(), Slice(all, 1, all.size()));
  }
  EXPECT_EQ(res[0].r[0].out.Frames(1), res[1].r[0].out.Frames(1));
  EXPECT_EQ(res[0].r[1].out.Frames(), res[1].r[1].out.Frames());
}

TEST(StackTraceTest, MaxDepthZeroCapturesNothing) {
  uptr pcs[1] = {0x1234};
  EXPECT_EQ(CaptureStack(pcs, 0, 0), 0u);
  EXPECT_EQ(TestOnlyCaptureStackSlow(pcs, 0, 0), 0u);
  EXPECT_EQ(pcs[0], 0x1234u);
}

// Many threads filling the cache at once see the stacks a single thread
// sees.
TEST(StackTraceTest, ConcurrentCapturesAgree) {
  TestOnlyResetUnwindCache();
  constexpr int kThreads = 4;
  Capture fast[kThreads], slow[kThreads];
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; i++)
    threads.emplace_back([&, i] {
      for (int k = 0; k < 50; k++) ChainWithFramePointer<5>(&fast[i], &slow[i]);
    });
  for (auto &t : threads) t.join();
  for (int i = 0; i < kThreads; i++) {
    EXPECT_GE(slow[i].n, 6u);
    EXPECT_EQ(fast[i].Frames(), slow[i].Frames());
  }
}

//===-- Never fault while looking -----------------------------------------===//

#if defined(__x86_64__)
Capture fiber_fast, fiber_slow;
jmp_buf fiber_back;

TLSAN_NOINLINE void FiberEntry() {
  CaptureBoth(&fiber_fast, &fiber_slow);
  longjmp(fiber_back, 1);
}

// A fiber set up by hand (marl, boost.context): garbage outermost return
// address and rbp. Both unwinders end at the entry function; libgcc alone
// would read the "code" at the garbage address and fault.
TEST(StackTraceTest, GarbageReturnAddressEndsTheStack) {
  constexpr size_t kSize = 64 * 1024;
  std::vector<uptr> stack(kSize / sizeof(uptr));
  uptr *top = stack.data() + stack.size();
  *--top = 0xdeadbeef1234;
  if (!setjmp(fiber_back))
    __asm__ volatile("mov %0, %%rsp\n\tmov %2, %%rbp\n\tjmp *%1" ::"r"(top),
                     "r"(FiberEntry), "r"((uptr)0x5eed0000)
                     : "memory");
  // CaptureBoth's caller is FiberEntry: it is frame 0, and the last.
  ASSERT_EQ(fiber_fast.n, 1u);
  EXPECT_EQ(fiber_fast.Frames(), fiber_slow.Frames());
  // The return address into FiberEntry, a few bytes after its start.
  EXPECT_GT(fiber_fast.pcs[0], (uptr)&FiberEntry);
  EXPECT_LT(fiber_fast.pcs[0], (uptr)&FiberEntry + 64);
}

// A caller frame holding a 256 KiB array: its return address is far above
// the pages checked so far, and is read after checking just its page.
TLSAN_NOINLINE void LargeFrame(Capture *fast, Capture *slow) {
  volatile char big[256 * 1024];
  big[0] = 0;
  Escape((const void *)big);
  ChainWithFramePointer<2>(fast, slow);
  Escape(fast);
}

TEST(StackTraceTest, CaptureCrossesALargeFrame) {
  uptr before = TestOnlyUnwindCacheStats().slow_captures;
  Capture fast, slow;
  LargeFrame(&fast, &slow);
  ExpectSameStacks(fast, slow, before, 6);
}

// Registers of a context that lead off the stack: the walk reads nothing it
// has not checked, and keeps the interrupted pc.
TEST(StackTraceTest, ContextWithUnmappedStackDoesNotFault) {
  uptr pcs[kMaxStackDepth];
  uptr pc = (uptr)__builtin_return_address(0);
  EXPECT_EQ(CaptureStackFromContext(pc, 0x1000, 0x1000, pcs, kMaxStackDepth),
            1u);
  EXPECT_EQ(pcs[0], pc);
  BlockedStackUnwinder unwinder;
  EXPECT_EQ(unwinder.Unwind(0x1000, pcs, kMaxStackDepth), 0u);
}
#endif

}  // namespace
