// stack_depot_test.cpp: deduplication, ids, concurrent insertion.
#include "tlsan_stack_depot.h"
#include "tlsan_stack_trace.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace __tlsan;

TEST(StackDepotTest, EqualStacksShareAnId) {
  uptr a[] = {0x1000, 0x2000, 0x3000};
  uptr b[] = {0x1000, 0x2000, 0x3001};
  u32 ia = StackDepotPut(a, 3);
  EXPECT_NE(ia, 0u);
  EXPECT_EQ(StackDepotPut(a, 3), ia);
  u32 ib = StackDepotPut(b, 3);
  EXPECT_NE(ib, ia);
  StackTrace st = StackDepotGet(ia);
  ASSERT_EQ(st.size, 3u);
  EXPECT_EQ(st.pcs[2], 0x3000u);
  EXPECT_EQ(StackDepotPut(a, 0), 0u);
  EXPECT_EQ(StackDepotGet(0).size, 0u);
}

TEST(StackDepotTest, ConcurrentPutsStoreEachStackOnce) {
  constexpr int kStacks = 500;
  std::vector<std::vector<u32>> ids(4, std::vector<u32>(kStacks));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; t++)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kStacks; i++) {
        uptr pcs[4] = {0xabc000u + (uptr)i, 0x10, 0x20, (uptr)i * 7};
        ids[t][i] = StackDepotPut(pcs, 4);
      }
    });
  for (auto &t : threads) t.join();
  for (int i = 0; i < kStacks; i++)
    for (int t = 1; t < 4; t++) EXPECT_EQ(ids[t][i], ids[0][i]);
}

// Captures from a known function and returns, through `ret`, where that
// function returns to: the frame after it in the captured stack.
__attribute__((noinline)) u32 CaptureInKnownFrame(uptr *pcs, u32 max,
                                                  uptr skip_until_pc,
                                                  uptr *ret) {
  *ret = (uptr)__builtin_return_address(0);
  u32 n = CaptureStack(pcs, max, skip_until_pc);
  asm volatile("" ::: "memory");  // no tail call: this frame stays
  return n;
}

TEST(StackTraceTest, CaptureKeepsEveryFrameWithoutASkipPc) {
  uptr pcs[kMaxStackDepth];
  uptr ret = 0;
  u32 n = CaptureInKnownFrame(pcs, kMaxStackDepth, 0, &ret);
  ASSERT_GT(n, 3u);
  // pcs[0] is in CaptureStack itself, pcs[1] in CaptureInKnownFrame (the
  // return address of its call), pcs[2] the call site in this test.
  uptr fn = (uptr)&CaptureInKnownFrame;
  EXPECT_GT(pcs[1], fn);
  EXPECT_LT(pcs[1], fn + 256);
  EXPECT_EQ(pcs[2], ret);
  EXPECT_EQ(CaptureInKnownFrame(pcs, 2, 0, &ret), 2u);
}
