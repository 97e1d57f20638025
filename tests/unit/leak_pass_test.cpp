//===-- leak_pass_test.cpp - the leak pass (tlsan_leak_pass.cpp) ----------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// RunLeakPass on synthetic records, no threads: a FakeWorld stands for the
// registry (one list of records per look, the last one repeating), the
// kernel's task list and the clock (sleeps are recorded, not slept). What
// is tested is the pass's own decisions: how long it waits for lingering
// threads, when it stops, what it hands on. Which records the filter drops
// is filters_test.cpp's.
//
//===----------------------------------------------------------------------===//
#include "tlsan_leak_pass.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

using namespace __tlsan;

namespace {

constexpr int kCaller = 700;  // the thread running the check (made up)

ThreadSnapshot Thread(u32 uid, ThreadState state = kRunning, u32 flags = 0) {
  ThreadSnapshot t = {};
  t.status = state | flags;
  t.uid = uid;
  t.tid = (int)(800 + uid);  // made up: the fake world asks no kernel
  t.index = uid;
  t.generation = 1;
  return t;
}

struct FakeWorld {
  // What the k-th snapshot sees; the last entry repeats.
  std::vector<std::vector<ThreadSnapshot>> looks;
  int snapshots = 0;
  std::vector<u64> sleeps;
  // The task list: sync_tasks returns `listed`, with these tids, and adds
  // `foreign` to the snapshot.
  bool listed = false;
  std::vector<int> tasks;
  std::vector<ThreadSnapshot> foreign;
  int syncs = 0;
  std::set<u32> unfinished;    // still_unfinished() says yes (uids)
  std::map<int, u32> builtin;  // tid -> 1 + the matching built-in line
  int builtin_calls = 0;
  std::map<int, u64> on_cpu;  // tid -> CPU ticks of a running thread
  std::vector<int> ticks_asked;

  static FakeWorld &Of(void *ctx) { return *static_cast<FakeWorld *>(ctx); }

  LeakPassSource Source() {
    LeakPassSource s;
    s.snapshot = [](ScratchArray<ThreadSnapshot> *out, void *ctx) {
      FakeWorld &w = Of(ctx);
      uptr k = (uptr)w.snapshots++;
      if (w.looks.empty()) return;
      for (const ThreadSnapshot &t : w.looks[std::min(k, w.looks.size() - 1)])
        out->PushBack(t);
    };
    s.sync_tasks = [](ScratchArray<ThreadSnapshot> *snap,
                      ScratchArray<int> *tasks, void *ctx) {
      FakeWorld &w = Of(ctx);
      w.syncs++;
      tasks->Clear();
      for (int tid : w.tasks) tasks->PushBack(tid);
      for (const ThreadSnapshot &t : w.foreign) snap->PushBack(t);
      return w.listed;
    };
    s.still_unfinished = [](const ThreadSnapshot &t, void *ctx) {
      return Of(ctx).unfinished.count(t.uid) != 0;
    };
    s.match_builtin = [](const ThreadSnapshot &t, void *ctx) {
      FakeWorld &w = Of(ctx);
      w.builtin_calls++;
      auto it = w.builtin.find(t.tid);
      return it == w.builtin.end() ? 0u : it->second;
    };
    s.running_ticks = [](int tid, u64 *ticks, void *ctx) {
      FakeWorld &w = Of(ctx);
      w.ticks_asked.push_back(tid);
      auto it = w.on_cpu.find(tid);
      if (it == w.on_cpu.end()) return false;
      *ticks = it->second;
      return true;
    };
    s.sleep_us = [](u64 us, void *ctx) { Of(ctx).sleeps.push_back(us); };
    s.ctx = this;
    return s;
  }
};

LeakPassOptions Options(int max_retries, int max_sleep_ms = 100) {
  LeakPassOptions o = {};
  o.filter.exclude_tids[0] = kCaller;
  o.filter.report_finished = true;
  o.max_retries = max_retries;
  o.max_sleep_ms = max_sleep_ms;
  return o;
}

std::vector<u32> Uids(const LeakSet &set) {
  std::vector<u32> uids;
  for (uptr i = 0; i < set.leaks.size(); i++)
    uids.push_back(set.leaks[i].thread.uid);
  return uids;
}

class LeakPassTest : public ::testing::Test {
 protected:
  uptr Run(const LeakPassOptions &opts) {
    return RunLeakPass(opts, world_.Source(), &set_);
  }
  FakeWorld world_;
  LeakSet set_;
};

TEST_F(LeakPassTest, BackoffDoublesFromOneMicrosecondUpToMaxSleep) {
  EXPECT_EQ(RetryBackoffMicros(0, 100), 1u);
  EXPECT_EQ(RetryBackoffMicros(1, 100), 2u);
  EXPECT_EQ(RetryBackoffMicros(10, 100), 1024u);
  EXPECT_EQ(RetryBackoffMicros(17, 100), 100000u);  // 131072 capped
  EXPECT_EQ(RetryBackoffMicros(60, 100), 100000u);
  EXPECT_EQ(RetryBackoffMicros(3, 0), 0u);
  EXPECT_EQ(RetryBackoffMicros(3, -5), 0u);
}

TEST_F(LeakPassTest, AThreadGoneByTheSecondRecheckIsNotACandidate) {
  // Seen by the first look and the first re-check, released (joined or
  // detached and finished) before the second.
  world_.looks = {{Thread(1)}, {Thread(1)}, {}};
  EXPECT_EQ(Run(Options(5)), 0u);
  EXPECT_EQ(world_.snapshots, 3);
  EXPECT_EQ(world_.sleeps, (std::vector<u64>{RetryBackoffMicros(0, 100),
                                             RetryBackoffMicros(1, 100)}));
  EXPECT_EQ(world_.sleeps, (std::vector<u64>{1, 2}));
}

TEST_F(LeakPassTest, AThreadStillThereAfterMaxRetriesIsACandidate) {
  ThreadSnapshot t = Thread(1);
  t.scope = 7;
  world_.looks = {{t}};
  EXPECT_EQ(Run(Options(3)), 1u);
  EXPECT_EQ(world_.snapshots, 4);  // the first look and 3 re-checks
  EXPECT_EQ(world_.sleeps, (std::vector<u64>{1, 2, 4}));
  ASSERT_EQ(set_.leaks.size(), 1u);
  const LeakedThread &l = set_.leaks[0];
  EXPECT_EQ(l.thread.uid, 1u);
  EXPECT_EQ(l.thread.tid, t.tid);
  EXPECT_EQ(l.scope, 7u);  // the scope it was created in
  EXPECT_FALSE(l.foreign);
  EXPECT_EQ(l.suppression, 0u);
}

TEST_F(LeakPassTest, ZeroRetriesLooksOnceAndNeverSleeps) {
  world_.looks = {{Thread(1)}, {}};  // would be gone at a re-check
  world_.on_cpu[Thread(1).tid] = 5;
  EXPECT_EQ(Run(Options(0)), 1u);
  EXPECT_EQ(world_.snapshots, 1);
  EXPECT_TRUE(world_.sleeps.empty());
  // No re-check, so no first look at its CPU time either.
  EXPECT_TRUE(world_.ticks_asked.empty());
  EXPECT_EQ(set_.leaks[0].cpu_ticks_first, 0u);
}

TEST_F(LeakPassTest, EachSleepIsCappedByMaxSleepMs) {
  world_.looks = {{Thread(1)}};
  Run(Options(13, /*max_sleep_ms=*/2));
  ASSERT_EQ(world_.sleeps.size(), 13u);
  EXPECT_EQ(world_.sleeps[10], 1024u);
  EXPECT_EQ(world_.sleeps[11], 2000u);  // 2048 capped at 2 ms
  EXPECT_EQ(world_.sleeps[12], 2000u);
}

TEST_F(LeakPassTest, WithMaxSleepZeroItRechecksWithoutWaiting) {
  world_.looks = {{Thread(1)}};
  EXPECT_EQ(Run(Options(4, /*max_sleep_ms=*/0)), 1u);
  EXPECT_EQ(world_.snapshots, 5);
  EXPECT_EQ(world_.sleeps, (std::vector<u64>{0, 0, 0, 0}));
}

TEST_F(LeakPassTest, ThreadsThatAreNeverReportedAreNotWaitedFor) {
  // The main thread, an ignored (or created-while-disabled) thread and the
  // caller linger for ever: none is a candidate, so no re-check at all.
  ThreadSnapshot caller = Thread(3);
  caller.tid = kCaller;
  world_.looks = {
      {Thread(0, kRunning, kMain), Thread(2, kRunning, kIgnored), caller}};
  EXPECT_EQ(Run(Options(5)), 0u);
  EXPECT_EQ(world_.snapshots, 1);
  EXPECT_TRUE(world_.sleeps.empty());
}

TEST_F(LeakPassTest, ALingeringCandidateIsReportedAloneBesideThem) {
  ThreadSnapshot caller = Thread(3);
  caller.tid = kCaller;
  world_.looks = {{Thread(0, kRunning, kMain), Thread(2, kRunning, kIgnored),
                   caller, Thread(4)}};
  EXPECT_EQ(Run(Options(2)), 1u);
  EXPECT_EQ(Uids(set_), (std::vector<u32>{4}));
  EXPECT_EQ(world_.sleeps.size(), 2u);
}

TEST_F(LeakPassTest, ReChecksStopOnceTheLastLingeringThreadIsGone) {
  world_.looks = {{Thread(1), Thread(2)}, {Thread(2)}, {}};
  EXPECT_EQ(Run(Options(10)), 0u);
  EXPECT_EQ(world_.snapshots, 3);
  EXPECT_EQ(world_.sleeps.size(), 2u);
}

TEST_F(LeakPassTest, OnlyTheThreadsLeftAtTheLastLookAreCandidates) {
  world_.looks = {{Thread(1), Thread(2), Thread(3)}, {Thread(2), Thread(3)}};
  EXPECT_EQ(Run(Options(2)), 2u);
  EXPECT_EQ(Uids(set_), (std::vector<u32>{2, 3}));
}

TEST_F(LeakPassTest, BuiltinMatchesAreMarkedAndNotWaitedFor) {
  ThreadSnapshot runtime_worker = Thread(1), user = Thread(2);
  world_.builtin[runtime_worker.tid] = 3;
  world_.looks = {{runtime_worker}};
  LeakPassOptions o = Options(5);
  o.filter.builtin_filters = true;
  EXPECT_EQ(Run(o), 1u);  // a candidate, marked: counted, not reported
  EXPECT_EQ(set_.leaks[0].suppression, 3u);
  EXPECT_TRUE(world_.sleeps.empty());
  // An unmarked candidate beside it is waited for.
  world_.looks = {{runtime_worker, user}};
  world_.snapshots = 0;
  EXPECT_EQ(Run(o), 2u);
  EXPECT_EQ(world_.sleeps.size(), 5u);
}

TEST_F(LeakPassTest, WithoutBuiltinFiltersNothingIsMatched) {
  ThreadSnapshot t = Thread(1);
  world_.builtin[t.tid] = 3;
  world_.looks = {{t}};
  EXPECT_EQ(Run(Options(2)), 1u);
  EXPECT_EQ(world_.builtin_calls, 0);
  EXPECT_EQ(set_.leaks[0].suppression, 0u);
  EXPECT_EQ(world_.sleeps.size(), 2u);
}

TEST_F(LeakPassTest, ATaskListIsAskedForOnlyWithReportForeign) {
  world_.looks = {{Thread(1)}};
  world_.foreign = {Thread(9, kRunning, kForeign)};
  EXPECT_EQ(Run(Options(1)), 1u);
  EXPECT_EQ(world_.syncs, 0);
  LeakPassOptions o = Options(1);
  o.filter.report_foreign = true;
  world_.snapshots = 0;
  EXPECT_EQ(Run(o), 2u);
  EXPECT_EQ(world_.syncs, 2);  // at each look
  EXPECT_EQ(Uids(set_), (std::vector<u32>{1, 9}));
  EXPECT_FALSE(set_.leaks[0].foreign);
  EXPECT_TRUE(set_.leaks[1].foreign);
}

TEST_F(LeakPassTest, AThreadMissingFromTheTaskListHasVanished) {
  // T1 is not in the listing although its record says it runs: a thread
  // ended by a raw exit, or a parent's thread seen from a forked child.
  ThreadSnapshot gone = Thread(1), here = Thread(2);
  world_.looks = {{gone, here}};
  world_.tasks = {here.tid};
  world_.unfinished = {1, 2};
  world_.listed = true;
  LeakPassOptions o = Options(0);
  o.filter.report_foreign = true;
  EXPECT_EQ(Run(o), 1u);
  EXPECT_EQ(Uids(set_), (std::vector<u32>{2}));
}

TEST_F(LeakPassTest, AMissingThreadCountsIfTheListingCannotTell) {
  ThreadSnapshot gone = Thread(1);
  world_.looks = {{gone}};
  world_.unfinished = {1};
  LeakPassOptions o = Options(0);
  o.filter.report_foreign = true;
  world_.listed = false;  // another pid namespace's /proc, or none
  EXPECT_EQ(Run(o), 1u);
  // Listed, but its record finished meanwhile: still a candidate.
  world_.listed = true;
  world_.unfinished.clear();
  EXPECT_EQ(Run(o), 1u);
  // Listed and a finished record: finished threads leave /proc.
  world_.looks = {{Thread(1, kFinished)}};
  world_.unfinished = {1};
  EXPECT_EQ(Run(o), 1u);
}

TEST_F(LeakPassTest, TheFirstLookNotesTheCpuTimeOfRunningCandidates) {
  ThreadSnapshot spinning = Thread(1), blocked = Thread(2);
  blocked.blocking.kind = kBlockMutex;
  ThreadSnapshot unstarted = Thread(3, kCreated);
  unstarted.tid = 0;
  world_.looks = {{spinning, blocked, unstarted}};
  world_.on_cpu[spinning.tid] = 41;
  world_.on_cpu[blocked.tid] = 7;
  EXPECT_EQ(Run(Options(3)), 3u);
  // Asked once (at the first re-check), for the running thread only.
  EXPECT_EQ(world_.ticks_asked, (std::vector<int>{spinning.tid}));
  EXPECT_EQ(set_.leaks[0].cpu_ticks_first, 42u);  // 1 + ticks: 0 is unread
  EXPECT_EQ(set_.leaks[1].cpu_ticks_first, 0u);
  EXPECT_EQ(set_.leaks[2].cpu_ticks_first, 0u);
}

}  // namespace
