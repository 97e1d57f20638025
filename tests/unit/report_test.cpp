// report_test.cpp: the text and JSON writers on a hand-made LeakSet.
#include "tlsan_report.h"
#include "tlsan_leak_model.h"
#include "tlsan_stack_depot.h"

#include <gtest/gtest.h>

#include <string>

using namespace __tlsan;

namespace {

LeakedThread MakeLeak(u32 uid, u32 stack, LeakState state, u32 group) {
  LeakedThread l = {};
  l.thread.uid = uid;
  l.thread.tid = 1000 + (int)uid;
  l.thread.parent_uid = 0;
  l.thread.parent_tid = 999;
  l.thread.creation_stack = stack;
  l.thread.status = kRunning;
  l.state = state;
  l.group = group;
  l.blocked_on.since_ms = -1;
  if (state == kLeakBlocked) {
    l.blocked_on.kind = kBlockFutex;
    l.blocked_on.call = "futex";
  }
  return l;
}

}  // namespace

TEST(ReportTest, TextGroupsAndSummarizes) {
  uptr pcs[] = {0x1234, 0x5678};
  u32 stack = StackDepotPut(pcs, 2);
  LeakSet set;
  set.kind = kCheckAtExit;
  set.leaks.PushBack(MakeLeak(1, stack, kLeakBlocked, 0));
  set.leaks.PushBack(MakeLeak(2, stack, kLeakBlocked, 0));
  set.leaks.PushBack(MakeLeak(3, stack, kLeakFinished, 1));
  internal_strlcpy(set.leaks[0].name, "worker", sizeof(set.leaks[0].name));
  set.groups = 2;
  DescribeLeaks(&set);
  SymbolizerOptions so = {};
  Symbolizer sym(so);  // symbolize=false: module+offset only
  SymbolCache cache(&sym);
  TextBuffer out;
  WriteTextReport(set, &cache, &out);
  std::string text = out.data();
  EXPECT_NE(text.find("ERROR: ThreadLeakSanitizer: 3 thread(s) leaked at exit"),
            std::string::npos) << text;
  EXPECT_NE(text.find("Thread T1 'worker' (tid=1001, blocked in futex), "
                      "created by main thread at:"), std::string::npos) << text;
  EXPECT_NE(text.find("And 1 more similar thread leak (T2)."),
            std::string::npos) << text;
  EXPECT_NE(text.find("Thread T3 (tid=1003, finished, not joined)"),
            std::string::npos) << text;
  EXPECT_NE(text.find("SUMMARY: ThreadLeakSanitizer: 3 leaked thread(s): 2 "
                      "blocked, 0 running, 1 finished."), std::string::npos);

  TextBuffer json;
  WriteJsonReport(set, &cache, &json);
  std::string j = json.data();
  EXPECT_EQ(j.find('\n'), j.size() - 1) << "one line";
  EXPECT_NE(j.find("\"thread\":\"T1\",\"name\":\"worker\",\"state\":\"blocked\""),
            std::string::npos) << j;
  EXPECT_NE(j.find("\"blocked_on\":{\"kind\":\"futex\",\"call\":\"futex\""),
            std::string::npos) << j;
  EXPECT_NE(j.find("\"summary\":{\"leaked\":3,\"blocked\":2,\"running\":0,"
                   "\"finished\":1,\"deadlocked\":0}"), std::string::npos) << j;
}

// poll/select: the classifier names the first descriptor and the count.
TEST(ReportTest, ReadinessWaitNamesFirstFdAndCount) {
  uptr pcs[] = {0x1234};
  LeakSet set;
  set.kind = kCheckAtExit;
  set.leaks.PushBack(MakeLeak(1, StackDepotPut(pcs, 1), kLeakBlocked, 0));
  set.groups = 1;
  BlockedOn &b = set.leaks[0].blocked_on;
  b.kind = kBlockIo;
  b.call = "poll";
  b.from_interceptor = true;
  b.object = 40;
  b.has_object = true;
  b.fd_count = 3;
  DescribeLeaks(&set);  // the model stage: what every writer prints
  SymbolizerOptions so = {};
  Symbolizer sym(so);
  SymbolCache cache(&sym);
  TextBuffer out;
  WriteTextReport(set, &cache, &out);
  std::string text = out.data();
  EXPECT_NE(text.find("Blocked in poll on fd 40, first of 3 fds."),
            std::string::npos) << text;
  TextBuffer json;
  WriteJsonReport(set, &cache, &json);
  std::string j = json.data();
  EXPECT_NE(j.find("\"object\":\"0x28\",\"fd_count\":3"), std::string::npos)
      << j;

  b.has_object = false;  // not inside the system call at the check
  DescribeLeaks(&set);
  TextBuffer unknown;
  WriteJsonReport(set, &cache, &unknown);
  j = unknown.data();
  EXPECT_NE(j.find("\"object\":null,\"fd_count\":null"), std::string::npos)
      << j;
}

TEST(ReportTest, JsonEscapesNames) {
  TextBuffer b;
  b.AppendJsonEscaped("a\"b\\c\n\x01");
  EXPECT_STREQ(b.data(), "a\\\"b\\\\c\\n\\u0001");
}
