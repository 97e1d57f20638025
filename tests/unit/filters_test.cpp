//===-- filters_test.cpp - the leak pass's candidate filter ---------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// IsFilteredOut (tlsan_filters.cpp) on synthetic thread snapshots, no
// threads: one rule per test, each with the snapshot it keeps next to the
// one it drops, so a rule that stops dropping, or starts dropping too much,
// fails here.
//
//===----------------------------------------------------------------------===//
#include "tlsan_filters.h"

#include <gtest/gtest.h>

#include "tlsan_scope.h"

using namespace __tlsan;

namespace {

ThreadSnapshot Running(int tid, u32 flags = 0) {
  ThreadSnapshot t = {};
  t.status = kRunning | flags;
  t.tid = tid;
  t.uid = (u32)tid;
  return t;
}

ThreadSnapshot Finished(int tid, u32 flags = 0) {
  ThreadSnapshot t = Running(tid, flags);
  t.status = kFinished | flags;
  return t;
}

FilterOptions Defaults() {
  FilterOptions o = {};
  o.report_finished = true;
  o.report_foreign = true;
  o.builtin_filters = true;
  return o;
}

TEST(FiltersTest, APlainRunningThreadIsACandidate) {
  EXPECT_FALSE(IsFilteredOut(Running(10), Defaults()));
  EXPECT_FALSE(IsFilteredOut(Finished(10), Defaults()));
}

TEST(FiltersTest, TheMainThreadAndTheExcludedTidsAreNever) {
  FilterOptions o = Defaults();
  o.exclude_tids[0] = 11;
  o.exclude_tids[1] = 12;
  EXPECT_TRUE(IsFilteredOut(Running(10, kMain), o));
  EXPECT_TRUE(IsFilteredOut(Running(11), o));
  EXPECT_TRUE(IsFilteredOut(Running(12), o));
  EXPECT_FALSE(IsFilteredOut(Running(13), o));
}

TEST(FiltersTest, IgnoredThreadsAndIgnoredIdsAreNever) {
  FilterOptions o = Defaults();
  const u64 ids[] = {20, 21};
  o.ignore_ids = ids;
  o.ignore_ids_size = 2;
  EXPECT_TRUE(IsFilteredOut(Running(10, kIgnored), o));
  EXPECT_TRUE(IsFilteredOut(Running(21), o));
  EXPECT_FALSE(IsFilteredOut(Running(22), o));
}

TEST(FiltersTest, AFinishedThreadCountsUnlessDetachedOrBeingJoined) {
  FilterOptions o = Defaults();
  EXPECT_TRUE(IsFilteredOut(Finished(10, kDetached), o));
  EXPECT_TRUE(IsFilteredOut(Finished(10, kJoining), o));
  // Still running: detaching or joining it does not make it finish.
  EXPECT_FALSE(IsFilteredOut(Running(10, kDetached), o));
  EXPECT_FALSE(IsFilteredOut(Running(10, kJoining), o));
  o.report_finished = false;
  EXPECT_TRUE(IsFilteredOut(Finished(10), o));
  EXPECT_FALSE(IsFilteredOut(Running(10), o));
}

TEST(FiltersTest, ForeignThreadsFollowTheFlagKernelWorkersNeverCount) {
  FilterOptions o = Defaults();
  EXPECT_FALSE(IsFilteredOut(Running(10, kForeign), o));
  EXPECT_TRUE(IsFilteredOut(Running(10, kForeign | kKernelWorker), o));
  o.report_foreign = false;
  EXPECT_TRUE(IsFilteredOut(Running(10, kForeign), o));
}

TEST(FiltersTest, AScopedCheckSeesItsScopeAndTheScopesNestedInIt) {
  u32 outer = ScopeBegin("FiltersTest.Outer", 0);
  u32 inner = ScopeBegin("FiltersTest.Inner", outer);
  u32 other = ScopeBegin("FiltersTest.Other", 0);
  FilterOptions o = Defaults();
  o.scope = outer;
  ThreadSnapshot t = Running(10);
  t.scope = outer;
  EXPECT_FALSE(IsFilteredOut(t, o));
  t.scope = inner;
  EXPECT_FALSE(IsFilteredOut(t, o));
  t.scope = other;
  EXPECT_TRUE(IsFilteredOut(t, o));
  t.scope = 0;  // created outside any scope
  EXPECT_TRUE(IsFilteredOut(t, o));
  o.scope = inner;  // the outer scope is not within the inner one
  t.scope = outer;
  EXPECT_TRUE(IsFilteredOut(t, o));
  EXPECT_TRUE(ScopeWithin(inner, outer));
  EXPECT_FALSE(ScopeWithin(outer, inner));
}

}  // namespace
