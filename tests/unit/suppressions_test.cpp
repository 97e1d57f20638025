// suppressions_test.cpp: the sanitizer pattern syntax and the file parser.
#include "tlsan_suppressions.h"

#include <gtest/gtest.h>

#include <string>

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
