// registry_test.cpp: the lock-free registry under concurrent churn, and
// record recycling (generations, bounded memory).
#include "tlsan_registry.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace __tlsan;

namespace {

ThreadRecord *NewRecord(Registry &reg, u32 status, uptr handle) {
  ThreadRecord *r = reg.Claim();
  EXPECT_NE(r, nullptr);
  r->uid = reg.NextUid();
  r->tid = 0;
  r->handle = handle;
  reg.Publish(r, status);
  return r;
}

}  // namespace

TEST(RegistryTest, JoinReleasesAndBumpsGeneration) {
  static Registry reg;  // zero-initialized, like the runtime's
  ThreadRecord *r = NewRecord(reg, kCreated, 0x1000);
  reg.OnStart(r, 77);
  u32 gen = 0;
  EXPECT_EQ(reg.FindByHandle(0x1000, &gen), r);
  EXPECT_EQ(reg.FindByTid(77, &gen), r);
  reg.OnFinish(r);
  EXPECT_EQ(r->status & kStateMask, (u32)kFinished);  // joinable: kept
  reg.OnJoin(r, gen);
  EXPECT_EQ(r->status & kStateMask, (u32)kFree);
  EXPECT_EQ(r->generation, gen + 1);
  EXPECT_EQ(reg.FindByHandle(0x1000, &gen), nullptr);
  // A stale generation does nothing to the slot's next owner.
  ThreadRecord *again = NewRecord(reg, kCreated, 0x2000);
  EXPECT_EQ(again, r);  // recycled from the free list
  reg.OnJoin(again, gen);  // old generation: ignored
  EXPECT_NE(again->status & kStateMask, (u32)kFree);
}

// The leak pass asks these about a tid in /proc that its snapshot did not
// know, before it names the thread "of unknown origin".
TEST(RegistryTest, KnowsUnstartedAndReleasedTids) {
  static Registry reg;
  EXPECT_FALSE(reg.HasUnstarted());
  ThreadRecord *a = NewRecord(reg, (u32)kCreated | (u32)kDetached, 0x10);
  EXPECT_TRUE(reg.HasUnstarted());  // in the kernel, no tid stored yet
  reg.OnStart(a, 4242);
  EXPECT_FALSE(reg.HasUnstarted());
  EXPECT_FALSE(reg.ReleasedTid(4242));  // live: FindByTid's business
  reg.OnFinish(a);                      // detached: released by itself
  EXPECT_TRUE(reg.ReleasedTid(4242));   // its task may still be in /proc
  EXPECT_FALSE(reg.ReleasedTid(4243));
  // A later release of a tid sharing the slot replaces it.
  ThreadRecord *b = NewRecord(reg, (u32)kCreated | (u32)kDetached, 0x20);
  reg.OnStart(b, 4242 + 16384);
  reg.OnFinish(b);
  EXPECT_FALSE(reg.ReleasedTid(4242));
  EXPECT_TRUE(reg.ReleasedTid(4242 + 16384));
}

TEST(RegistryTest, DetachedThreadIsReleasedWhenItFinishes) {
  static Registry reg;
  ThreadRecord *a = NewRecord(reg, (u32)kCreated | (u32)kDetached, 0x10);
  reg.OnStart(a, 1);
  reg.OnFinish(a);
  EXPECT_EQ(a->status & kStateMask, (u32)kFree);
  ThreadRecord *b = NewRecord(reg, kCreated, 0x20);
  reg.OnStart(b, 2);
  reg.OnFinish(b);
  u32 gen = b->generation;
  reg.OnDetach(b, gen);  // detached after finishing: released now
  EXPECT_EQ(b->status & kStateMask, (u32)kFree);
}

TEST(RegistryTest, ConcurrentChurnLosesNothingAndStaysBounded) {
  static Registry reg;
  constexpr int kThreads = 8, kRounds = 20000, kLive = 4;
  std::atomic<int> bad{0};
  std::atomic<bool> stop{false};
  // A reader snapshots all the time, as the leak pass does.
  std::thread reader([&] {
    while (!stop.load()) {
      ScratchArray<ThreadSnapshot> snap;
      reg.Snapshot(&snap);
      for (uptr i = 0; i < snap.size(); i++)
        if (snap[i].state() == kFree) bad++;
    }
  });
  std::vector<std::thread> workers;
  for (int w = 0; w < kThreads; w++) {
    workers.emplace_back([&, w] {
      ThreadRecord *mine[kLive] = {};
      for (int i = 0; i < kRounds; i++) {
        int k = i % kLive;
        if (mine[k]) {
          u32 gen = mine[k]->generation;
          if (i & 1) {
            reg.OnFinish(mine[k]);
            reg.OnJoin(mine[k], gen);
          } else {
            reg.OnDetach(mine[k], gen);
            reg.OnFinish(mine[k]);
          }
          if ((mine[k]->status & kStateMask) != kFree &&
              mine[k]->generation == gen)
            bad++;
        }
        uptr handle = (uptr)(w + 1) << 32 | (uptr)i;
        mine[k] = NewRecord(reg, kCreated, handle);
        reg.OnStart(mine[k], w * 100000 + i + 1);
        u32 gen;
        if (reg.FindByHandle(handle, &gen) != mine[k]) bad++;
      }
      for (ThreadRecord *r : mine) {
        u32 gen = r->generation;
        reg.OnFinish(r);
        reg.OnJoin(r, gen);
      }
    });
  }
  for (std::thread &t : workers) t.join();
  stop = true;
  reader.join();
  EXPECT_EQ(bad.load(), 0);
  Registry::Stats st = reg.GetStats();
  EXPECT_EQ(st.live, 0u);
  // 160,000 records were handed out; at most kThreads * kLive were in use
  // at once (plus slack for the free list's concurrency).
  EXPECT_LE(st.slots_used, (uptr)(kThreads * kLive * 4));
  EXPECT_LE(st.bytes_mapped, (uptr)(256 * 1024));
}
