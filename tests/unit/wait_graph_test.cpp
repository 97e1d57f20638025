//===-- wait_graph_test.cpp - the wait-for graph (tlsan_wait_graph.cpp) ---===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// AnalyzeWaitGraph on synthetic leaks, no threads: each leak says it is
// blocked on a real pthread_mutex_t whose owner field the test sets to a
// made-up tid, as glibc would for a held lock. The tids (900001...) belong
// to no thread of this process, so a lock "held" by one that is not a leak
// is abandoned.
//
//===----------------------------------------------------------------------===//
#include "tlsan_wait_graph.h"

#include <gtest/gtest.h>
#include <pthread.h>

#include "tlsan_syscall_linux.h"

using namespace __tlsan;

namespace {

constexpr int kTidA = 900001, kTidB = 900002, kTidC = 900003;
constexpr int kNobody = 900099;  // no thread of this process

// A leaked thread T<uid> blocked in pthread_mutex_lock on `mu`.
LeakedThread BlockedOnMutex(u32 uid, int tid, pthread_mutex_t *mu) {
  LeakedThread l = {};
  l.thread.uid = uid;
  l.thread.tid = tid;
  l.state = kLeakBlocked;
  l.blocked_on.kind = kBlockMutex;
  l.blocked_on.call = "pthread_mutex_lock";
  l.blocked_on.object = (uptr)mu;
  l.blocked_on.has_object = true;
  l.blocked_on.from_interceptor = true;
  l.blocked_on.since_ms = -1;
  return l;
}

pthread_mutex_t HeldBy(int tid) {
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  mu.__data.__owner = tid;
  mu.__data.__lock = 1;
  return mu;
}

class WaitGraphTest : public ::testing::Test {
 protected:
  void Analyze() { AnalyzeWaitGraph(&set_, dir_); }
  const LeakedThread &leak(uptr i) { return set_.leaks[i]; }
  LeakSet set_;
  TaskDir dir_;
};

TEST_F(WaitGraphTest, TwoThreadsHoldingWhatTheOtherWantsAreADeadlock) {
  pthread_mutex_t held_by_a = HeldBy(kTidA), held_by_b = HeldBy(kTidB);
  set_.leaks.PushBack(BlockedOnMutex(1, kTidA, &held_by_b));
  set_.leaks.PushBack(BlockedOnMutex(2, kTidB, &held_by_a));
  Analyze();
  EXPECT_EQ(set_.deadlocked, 2u);
  EXPECT_EQ(leak(0).cause, kCauseDeadlock);
  EXPECT_EQ(leak(1).cause, kCauseDeadlock);
  EXPECT_EQ(leak(0).blocked_on.owner_tid, kTidB);
  EXPECT_EQ(leak(0).owner_uid, 2u);
  EXPECT_TRUE(leak(0).owner_leaked);
  // Each member lists the cycle starting with itself.
  ASSERT_EQ(leak(0).cycle_size, 2);
  EXPECT_EQ(leak(0).cycle[0], kTidA);
  EXPECT_EQ(leak(0).cycle[1], kTidB);
  ASSERT_EQ(leak(1).cycle_size, 2);
  EXPECT_EQ(leak(1).cycle[0], kTidB);
  EXPECT_EQ(leak(1).cycle[1], kTidA);
}

TEST_F(WaitGraphTest, ThreeThreadCycleAndAWaiterOnItIsACycleAndAChain) {
  pthread_mutex_t by_a = HeldBy(kTidA), by_b = HeldBy(kTidB),
                  by_c = HeldBy(kTidC);
  set_.leaks.PushBack(BlockedOnMutex(4, 900004, &by_a));  // waits on the cycle
  set_.leaks.PushBack(BlockedOnMutex(1, kTidA, &by_b));
  set_.leaks.PushBack(BlockedOnMutex(2, kTidB, &by_c));
  set_.leaks.PushBack(BlockedOnMutex(3, kTidC, &by_a));
  Analyze();
  EXPECT_EQ(set_.deadlocked, 3u);
  EXPECT_EQ(leak(0).cause, kCauseChain);
  EXPECT_EQ(leak(0).cycle_size, 0);
  EXPECT_EQ(leak(0).owner_uid, 1u);
  for (uptr i = 1; i < 4; i++) {
    EXPECT_EQ(leak(i).cause, kCauseDeadlock) << i;
    EXPECT_EQ(leak(i).cycle_size, 3) << i;
    EXPECT_EQ(leak(i).cycle[0], leak(i).thread.tid) << i;
  }
  EXPECT_EQ(leak(2).cycle[1], kTidC);
  EXPECT_EQ(leak(2).cycle[2], kTidA);
}

TEST_F(WaitGraphTest, WaitingOnALockItHoldsIsASelfDeadlock) {
  pthread_mutex_t mine = HeldBy(kTidA);
  set_.leaks.PushBack(BlockedOnMutex(1, kTidA, &mine));
  Analyze();
  EXPECT_EQ(leak(0).cause, kCauseSelfDeadlock);
  EXPECT_EQ(leak(0).owner_uid, 1u);
  ASSERT_EQ(leak(0).cycle_size, 1);
  EXPECT_EQ(leak(0).cycle[0], kTidA);
  EXPECT_EQ(set_.deadlocked, 1u);
}

TEST_F(WaitGraphTest, ALockHeldByAThreadThatIsGoneIsAbandoned) {
  pthread_mutex_t orphan = HeldBy(kNobody);
  set_.leaks.PushBack(BlockedOnMutex(1, kTidA, &orphan));
  Analyze();
  EXPECT_EQ(leak(0).cause, kCauseAbandoned);
  EXPECT_EQ(leak(0).blocked_on.owner_tid, kNobody);
  EXPECT_FALSE(leak(0).owner_leaked);
  EXPECT_EQ(set_.deadlocked, 0u);
}

TEST_F(WaitGraphTest, ALockHeldByTheMainThreadIsNeitherCycleNorAbandoned) {
  pthread_mutex_t by_main = HeldBy(GetPid()), by_b = HeldBy(kTidB);
  set_.leaks.PushBack(BlockedOnMutex(1, kTidA, &by_b));
  set_.leaks.PushBack(BlockedOnMutex(2, kTidB, &by_main));
  Analyze();
  EXPECT_EQ(leak(1).cause, kCauseNone);
  EXPECT_EQ(leak(1).owner_uid, 0u);  // T0, the main thread
  EXPECT_EQ(leak(1).blocked_on.owner_tid, GetPid());
  EXPECT_EQ(leak(0).cause, kCauseChain);  // waits on a leaked thread
  EXPECT_TRUE(leak(0).owner_leaked);
  EXPECT_EQ(set_.deadlocked, 0u);
}

TEST_F(WaitGraphTest, WaitsWithoutAnOwnerMakeNoEdge) {
  pthread_mutex_t free_mu = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_t dead_robust = HeldBy(0x7fffffff);  // owner died: unusable
  pthread_mutex_t by_b = HeldBy(kTidB);
  set_.leaks.PushBack(BlockedOnMutex(1, kTidA, &free_mu));
  set_.leaks.PushBack(BlockedOnMutex(2, kTidB, &dead_robust));
  // A spin lock is a bare int: its "owner" field is not one.
  LeakedThread spin = BlockedOnMutex(3, kTidC, &by_b);
  spin.blocked_on.call = "pthread_spin_lock";
  set_.leaks.PushBack(spin);
  // Seen in /proc, not by an interceptor: the object is not a mutex.
  LeakedThread from_proc = BlockedOnMutex(4, 900004, &by_b);
  from_proc.blocked_on.from_interceptor = false;
  set_.leaks.PushBack(from_proc);
  Analyze();
  for (uptr i = 0; i < set_.leaks.size(); i++) {
    EXPECT_EQ(leak(i).cause, kCauseNone) << i;
    EXPECT_EQ(leak(i).blocked_on.owner_tid, 0) << i;
    EXPECT_EQ(leak(i).owner_uid, kUnknownUid) << i;
  }
  EXPECT_EQ(set_.deadlocked, 0u);
}

}  // namespace
