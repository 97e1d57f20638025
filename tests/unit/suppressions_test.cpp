// suppressions_test.cpp: the sanitizer pattern syntax, the file parser, the
// built-in table and the two filter phases.
#include "tlsan_suppressions.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "tlsan_proc_linux.h"

using namespace __tlsan;

TEST(SuppressionsTest, TemplateMatchIsSubstringWithGlobsAndAnchors) {
  EXPECT_TRUE(TemplateMatch("logger", "start_logger()"));
  EXPECT_TRUE(TemplateMatch("start*()", "start_logger()"));
  EXPECT_TRUE(TemplateMatch("^start", "start_logger()"));
  EXPECT_FALSE(TemplateMatch("^logger", "start_logger()"));
  EXPECT_TRUE(TemplateMatch("()$", "start_logger()"));
  EXPECT_FALSE(TemplateMatch("start$", "start_logger()"));
  EXPECT_TRUE(TemplateMatch("^pool-*$", "pool-17"));
  EXPECT_FALSE(TemplateMatch("^pool-*$", "threadpool-17"));
  EXPECT_TRUE(TemplateMatch("*", ""));
  EXPECT_FALSE(TemplateMatch("x", ""));
}

TEST(SuppressionsTest, ParseAcceptsCommentsAndRejectsBadLines) {
  TestOnlyResetSuppressions();
  char error[256] = {};
  EXPECT_TRUE(ParseSuppressions("# comment\n\n  creator:start_logger  \n"
                                "name:^io-*$\nthread:libzmq\nblocked:poll\n",
                                "good.txt", error, sizeof(error)))
      << error;
  EXPECT_FALSE(ParseSuppressions("creator:x\nfoo\n", "bad.txt", error,
                                 sizeof(error)));
  EXPECT_EQ(std::string(error), "bad.txt:2: expected 'type:pattern', got 'foo'");
  EXPECT_FALSE(ParseSuppressions("leak:x\n", "bad.txt", error, sizeof(error)));
  EXPECT_NE(std::string(error).find("unknown suppression type 'leak'"),
            std::string::npos);
  EXPECT_FALSE(ParseSuppressions("name:   \n", "bad.txt", error, sizeof(error)));
  EXPECT_EQ(std::string(error), "bad.txt:1: empty pattern for type 'name'");
  TestOnlyResetSuppressions();
}

TEST(SuppressionsTest, ParseJoinsConditionsAndStripsTrailingComments) {
  TestOnlyResetSuppressions();
  char error[256] = {};
  EXPECT_TRUE(ParseSuppressions(
      "start:libgomp.so && blocked:libgomp.so   # libgomp's pool\n"
      "proc:glibc_timer_helper\n"
      "name:^a$ && name:b && name:c && name:d\n",
      "good.txt", error, sizeof(error)))
      << error;
  EXPECT_FALSE(ParseSuppressions("name:a && name:b && name:c && name:d && "
                                 "name:e\n",
                                 "bad.txt", error, sizeof(error)));
  EXPECT_EQ(std::string(error),
            "bad.txt:1: more than 4 conditions joined by ' && '");
  EXPECT_FALSE(ParseSuppressions("start:x && \n", "bad.txt", error,
                                 sizeof(error)));
  EXPECT_EQ(std::string(error), "bad.txt:1: expected a condition after ' && '");
  EXPECT_FALSE(ParseSuppressions("start:x &&  && name:y\n", "bad.txt", error,
                                 sizeof(error)));
  EXPECT_NE(std::string(error).find("unknown suppression type '&& name'"),
            std::string::npos);
  EXPECT_FALSE(ParseSuppressions("proc:glibc\n", "bad.txt", error,
                                 sizeof(error)));
  EXPECT_NE(std::string(error).find("unknown proc predicate 'glibc'"),
            std::string::npos);
  TestOnlyResetSuppressions();
}

// The built-in table is parsed like a user's file, and every line of it
// (not a comment) comes after a comment block: its reason.
TEST(SuppressionsTest, BuiltinTableParsesAndEveryLineHasAReason) {
  TestOnlyResetSuppressions();
  char error[256] = {};
  EXPECT_TRUE(ParseSuppressions(BuiltinFiltersText(), "<built-in>", error,
                                sizeof(error), /*builtin=*/true))
      << error;
  std::string text = BuiltinFiltersText();
  uptr lines = 0;
  bool commented = false;
  for (uptr b = 0; b < text.size();) {
    uptr e = text.find('\n', b);
    if (e == std::string::npos) e = text.size();
    std::string line = text.substr(b, e - b);
    b = e + 1;
    if (line.empty()) {
      commented = false;
    } else if (line[0] == '#') {
      commented = true;
    } else {
      EXPECT_TRUE(commented) << "no reason above: " << line;
      lines++;
    }
  }
  EXPECT_GE(lines, 6u);
  TestOnlyResetSuppressions();
}

static void *Routine(void *) { return nullptr; }

// Phase 1 decides from facts that need no symbols: the module of the start
// routine and of the code a thread waits in, its name. What cannot be
// decided without symbols is left to phase 2 (0 here).
TEST(SuppressionsTest, MatchBuiltinEarlyUsesModulesAndNames) {
  TestOnlyResetSuppressions();
  char error[256] = {};
  ASSERT_TRUE(ParseSuppressions(
      "start:libc.so && name:^helper$ && blocked:libc.so\n"
      "start:Routine\n",
      "<built-in>", error, sizeof(error), /*builtin=*/true))
      << error;
  ThreadSnapshot t = {};
  t.status = kRunning;
  t.tid = 0;
  t.start_routine = (uptr)&getpid;  // a function in libc.so.6
  internal_strlcpy(t.name, "helper", sizeof(t.name));
  t.blocking.kind = kBlockCondvar;
  t.blocking.caller_pc = (uptr)&getppid + 4;
  TaskDir dir(/*open=*/false);
  EarlyMatchCache cache;
  EXPECT_EQ(MatchBuiltinEarly(t, &dir, &cache), 1u);
  internal_strlcpy(t.name, "worker", sizeof(t.name));
  EXPECT_EQ(MatchBuiltinEarly(t, &dir, &cache), 0u);  // not libc's name
  internal_strlcpy(t.name, "helper", sizeof(t.name));
  t.blocking.caller_pc = (uptr)&Routine;  // waits in the program's code
  EXPECT_EQ(MatchBuiltinEarly(t, &dir, &cache), 0u);
  t.blocking.caller_pc = (uptr)&getppid + 4;
  t.start_routine = (uptr)&Routine;  // `start:Routine` needs symbols
  EXPECT_EQ(MatchBuiltinEarly(t, &dir, &cache), 0u);
  t.start_routine = (uptr)&getpid;  // the memo of libc's start routine
  EXPECT_EQ(MatchBuiltinEarly(t, &dir, &cache), 1u);
  EXPECT_EQ(cache.used, 2);
  t.status |= kForeign;  // no start routine known: no `start:` line
  EXPECT_EQ(MatchBuiltinEarly(t, &dir, &cache), 0u);
  TestOnlyResetSuppressions();
}

// Marked threads are counted once each, then removed; the rest keep their
// order.
TEST(SuppressionsTest, TakeSuppressedCountsPerThread) {
  TestOnlyResetSuppressions();
  char error[256] = {};
  ASSERT_TRUE(ParseSuppressions("name:a\nname:b\n", "s.txt", error,
                                sizeof(error)));
  LeakSet set;
  for (u32 i = 0; i < 4; i++) {
    LeakedThread &l = set.leaks.PushBack();
    l.thread.uid = i + 1;
    l.suppression = i == 0 || i == 2 ? 1 : 0;
  }
  EXPECT_EQ(TakeSuppressed(&set), 2u);
  ASSERT_EQ(set.leaks.size(), 2u);
  EXPECT_EQ(set.leaks[0].thread.uid, 2u);
  EXPECT_EQ(set.leaks[1].thread.uid, 4u);
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  EXPECT_TRUE(PrintMatchedSuppressions(/*builtin=*/false));
  EXPECT_FALSE(PrintMatchedSuppressions(/*builtin=*/true));
  std::string out = testing::internal::GetCapturedStdout() +
                    testing::internal::GetCapturedStderr();
  EXPECT_NE(out.find("        2 name:a\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("name:b"), std::string::npos) << out;
  TestOnlyResetSuppressions();
}
