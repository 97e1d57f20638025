//===-- check_test.cpp - the check driver's plan stage (tlsan_check.cpp) --===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// PlanCheck on synthetic requests, no threads: which threads a kind
// excludes, retries, options, output format, which filters run.
//
//===----------------------------------------------------------------------===//
#include "tlsan_check.h"

#include <gtest/gtest.h>

#include "tlsan_flags.h"

using namespace __tlsan;

namespace {

class CheckPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    saved_ = *flags();
    flags()->SetDefaults();
    flags()->max_retries = 7;
  }
  void TearDown() override {
    *flags() = saved_;
    SetProcessFilter({nullptr, nullptr});
  }
  Flags saved_;
};

void OnLeak(const __tlsan_leak *, void *) {}
int KeepAll(const __tlsan_leak *, void *) { return 0; }
int IgnoreAll(const __tlsan_leak *, void *) { return 1; }

TEST_F(CheckPlanTest, OnDemandExcludesOnlyTheCaller) {
  CheckRequest req = {};
  req.kind = kCheckOnDemand;
  CheckPlan p = PlanCheck(req, /*self_tid=*/11, /*exit_tid=*/22);
  EXPECT_EQ(p.pass.filter.exclude_tids[0], 11);
  EXPECT_EQ(p.pass.filter.exclude_tids[1], 0);
  EXPECT_EQ(p.pass.max_retries, 7);
  EXPECT_STREQ(p.format, "text");
  EXPECT_FALSE(p.structured);
}

TEST_F(CheckPlanTest, ExitKindsExcludeTheExitingThread) {
  CheckRequest req = {};
  req.kind = kCheckAtExit;
  EXPECT_EQ(PlanCheck(req, 11, 22).pass.filter.exclude_tids[1], 22);
  EXPECT_EQ(PlanCheck(req, 11, 22).pass.max_retries, 7);
  req.kind = kCheckExitStuck;
  CheckPlan stuck = PlanCheck(req, 11, 22);
  EXPECT_EQ(stuck.pass.filter.exclude_tids[1], 22);
  EXPECT_EQ(stuck.pass.max_retries, 0);  // exit is stuck: no waiting
}

TEST_F(CheckPlanTest, OptionsOverrideFlagsAndAScopeSkipsForeignThreads) {
  flags()->report_foreign_threads = true;
  __tlsan_check_options o = {};
  o.size = sizeof(o);
  o.max_retries = 2;
  o.max_sleep_ms = -1;
  o.symbolize = 0;
  o.scope = 5;
  CheckRequest req = {};
  req.kind = kCheckOnDemand;
  req.options = &o;
  req.on_leak = OnLeak;
  CheckPlan p = PlanCheck(req, 1, 0);
  EXPECT_EQ(p.pass.max_retries, 2);
  EXPECT_EQ(p.pass.max_sleep_ms, flags()->max_sleep_ms);
  EXPECT_EQ(p.symbolize, 0);
  EXPECT_EQ(p.pass.filter.scope, 5u);
  EXPECT_FALSE(p.pass.filter.report_foreign);
  EXPECT_TRUE(p.deliver);
  EXPECT_TRUE(p.structured);
  // Options too small to hold a size are ignored.
  o.size = 1;
  CheckPlan ignored = PlanCheck(req, 1, 0);
  EXPECT_EQ(ignored.options, nullptr);
  EXPECT_EQ(ignored.pass.max_retries, 7);
  EXPECT_TRUE(ignored.pass.filter.report_foreign);
}

TEST_F(CheckPlanTest, OnlyTheSinkUsesReportFormat) {
  flags()->report_format = "sarif";
  CheckRequest req = {};
  req.kind = kCheckOnDemand;
  EXPECT_STREQ(PlanCheck(req, 1, 0).format, "text");
  req.to_sink = true;
  CheckPlan p = PlanCheck(req, 1, 0);
  EXPECT_STREQ(p.format, "sarif");
  EXPECT_TRUE(p.structured);
  EXPECT_FALSE(p.deliver);
}

TEST_F(CheckPlanTest, TheProcessFilterJoinsEveryCheckButTheStuckExit) {
  int own_ctx = 0, process_ctx = 0;
  SetProcessFilter({IgnoreAll, &process_ctx});
  CheckRequest req = {};
  for (CheckKind kind : {kCheckOnDemand, kCheckAtExit}) {
    req.kind = kind;
    CheckPlan p = PlanCheck(req, 1, 0);
    ASSERT_EQ(p.filter_count, 1);
    EXPECT_EQ(p.filters[0].fn, IgnoreAll);
    EXPECT_EQ(p.filters[0].ctx, &process_ctx);
    EXPECT_TRUE(p.deliver);
  }
  // The check's own filter first, then the process's.
  __tlsan_check_options o = {};
  o.size = sizeof(o);
  o.filter = KeepAll;
  o.filter_ctx = &own_ctx;
  req.kind = kCheckOnDemand;
  req.options = &o;
  CheckPlan both = PlanCheck(req, 1, 0);
  ASSERT_EQ(both.filter_count, 2);
  EXPECT_EQ(both.filters[0].fn, KeepAll);
  EXPECT_EQ(both.filters[0].ctx, &own_ctx);
  EXPECT_EQ(both.filters[1].fn, IgnoreAll);
  // The stuck exit calls no user filter but the check's own (none there).
  req.kind = kCheckExitStuck;
  req.options = nullptr;
  CheckPlan stuck = PlanCheck(req, 1, 0);
  EXPECT_EQ(stuck.filter_count, 0);
  EXPECT_FALSE(stuck.deliver);
  // Removed: nothing to deliver.
  SetProcessFilter({nullptr, &process_ctx});
  req.kind = kCheckAtExit;
  CheckPlan none = PlanCheck(req, 1, 0);
  EXPECT_EQ(none.filter_count, 0);
  EXPECT_FALSE(none.deliver);
  EXPECT_FALSE(none.structured);
}

}  // namespace
