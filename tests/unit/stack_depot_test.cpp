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

TEST(StackTraceTest, CaptureStartsAtTheCaller) {
  uptr pcs[kMaxStackDepth];
  u32 n = CaptureStack(pcs, kMaxStackDepth, 0);
  ASSERT_GT(n, 2u);
  // The first frame is this test function (CaptureStack's own is dropped).
  EXPECT_NE(pcs[0], 0u);
  u32 limited = CaptureStack(pcs, 2, 0);
  EXPECT_EQ(limited, 2u);
}
