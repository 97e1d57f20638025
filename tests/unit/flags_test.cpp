//===-- flags_test.cpp - the flag parser (tlsan_flags.cpp) ----------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// ParseFlagsString on every syntax form and every kind of malformed input;
// InitializeFlags (default options hook, TLSAN_OPTIONS, unknown-flag warning,
// fatal errors); and help=1 listing every flag of tlsan_flags.inc.
//
//===----------------------------------------------------------------------===//
#include "tlsan_flags.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

using __tlsan::Flags;
using __tlsan::ParseFlagsString;

// The program's defaults hook, normally defined by the user's program.
static const char *g_default_options = nullptr;
extern "C" const char *__tlsan_default_options() { return g_default_options; }

namespace {

const std::vector<std::string> &AllFlagNames() {
  static const std::vector<std::string> names = {
#define TLSAN_FLAG(Type, Name, DefaultValue, Description) #Name,
#include "tlsan_flags.inc"
#undef TLSAN_FLAG
  };
  return names;
}

class FlagsTest : public ::testing::Test {
 protected:
  void SetUp() override { f_.SetDefaults(); }
  bool Parse(const std::string &s) {
    error_[0] = '\0';
    return ParseFlagsString(&f_, s.c_str(), "TLSAN_OPTIONS", error_,
                            sizeof(error_));
  }
  std::string TempDir() {
    std::string tmpl = ::testing::TempDir() + "tlsan_flags_XXXXXX";
    char *d = mkdtemp(tmpl.data());
    EXPECT_NE(d, nullptr);
    dirs_.push_back(tmpl);
    return tmpl;
  }
  static void WriteFile(const std::string &path, const std::string &text) {
    std::ofstream(path) << text;
  }
  void TearDown() override {
    for (const std::string &d : dirs_)
      EXPECT_EQ(system(("rm -rf '" + d + "'").c_str()), 0);
  }
  Flags f_;
  char error_[512];
  std::vector<std::string> dirs_;
};

void ExpectDefault(bool v, bool d, const char *n) { EXPECT_EQ(v, d) << n; }
void ExpectDefault(int v, int d, const char *n) { EXPECT_EQ(v, d) << n; }
void ExpectDefault(const char *v, const char *d, const char *n) {
  EXPECT_STREQ(v, d) << n;
}

// A value other than `v`, of the same type.
bool OtherValue(bool v) { return !v; }
int OtherValue(int v) { return v + 1; }
const char *OtherValue(const char *) { return "not-a-default"; }

TEST_F(FlagsTest, DefaultsComeFromTheTable) {
  // Every flag set away from its default first: SetDefaults must restore
  // each one (a flag it forgets keeps the other value and fails here).
#define TLSAN_FLAG(Type, Name, DefaultValue, Description) \
  f_.Name = OtherValue(f_.Name);                          \
  ASSERT_NE(f_.Name, DefaultValue) << #Name;
#include "tlsan_flags.inc"
#undef TLSAN_FLAG
  f_.SetDefaults();
#define TLSAN_FLAG(Type, Name, DefaultValue, Description) \
  ExpectDefault(f_.Name, DefaultValue, #Name);
#include "tlsan_flags.inc"
#undef TLSAN_FLAG
  // The documented defaults (README), independent of the table.
  EXPECT_EQ(f_.max_sleep_ms, 100);
  EXPECT_TRUE(f_.detect_leaks);
  EXPECT_TRUE(f_.leak_check_at_exit);
  EXPECT_STREQ(f_.report_format, "text");
  EXPECT_EQ(f_.exitcode, 23);
  EXPECT_STREQ(f_.log_path, "stderr");
  EXPECT_TRUE(Parse(""));
  EXPECT_TRUE(Parse(" :,\t\n"));
  EXPECT_EQ(f_.exitcode, 23);
}

TEST_F(FlagsTest, EverySeparator) {
  for (const char *sep : {":", ",", " ", "\t", "\n", "\r", ": ,\t\n::"}) {
    SetUp();
    ASSERT_TRUE(Parse(std::string("verbosity=3") + sep + "exitcode=7" + sep))
        << error_;
    EXPECT_EQ(f_.verbosity, 3);
    EXPECT_EQ(f_.exitcode, 7);
  }
}

TEST_F(FlagsTest, Values) {
  ASSERT_TRUE(Parse("verbosity=-2147483648:max_leaks=2147483647")) << error_;
  EXPECT_EQ(f_.verbosity, -2147483647 - 1);
  EXPECT_EQ(f_.max_leaks, 2147483647);
  ASSERT_TRUE(Parse("creation_stack_depth=1:exitcode=0")) << error_;
  EXPECT_EQ(f_.creation_stack_depth, 1);
  EXPECT_EQ(f_.exitcode, 0);
  for (const char *t : {"1", "true", "yes"}) {
    ASSERT_TRUE(Parse(std::string("symbolize=0:symbolize=") + t));
    EXPECT_TRUE(f_.symbolize) << t;
  }
  for (const char *t : {"0", "false", "no"}) {
    ASSERT_TRUE(Parse(std::string("symbolize=1:symbolize=") + t));
    EXPECT_FALSE(f_.symbolize) << t;
  }
  ASSERT_TRUE(Parse("report_format=json:log_path=/tmp/r")) << error_;
  EXPECT_STREQ(f_.report_format, "json");
  EXPECT_STREQ(f_.log_path, "/tmp/r");
  ASSERT_TRUE(Parse("strip_path_prefix=")) << error_;
  EXPECT_STREQ(f_.strip_path_prefix, "");
}

TEST_F(FlagsTest, Quotes) {
  ASSERT_TRUE(Parse("log_path=\"a:b, c\tx\":strip_path_prefix='/s p/'"))
      << error_;
  EXPECT_STREQ(f_.log_path, "a:b, c\tx");
  EXPECT_STREQ(f_.strip_path_prefix, "/s p/");
  ASSERT_TRUE(Parse("log_path='say \"hi\"' external_symbolizer_path=\"\""));
  EXPECT_STREQ(f_.log_path, "say \"hi\"");
  EXPECT_STREQ(f_.external_symbolizer_path, "");
  ASSERT_TRUE(Parse("exitcode='42'")) << error_;
  EXPECT_EQ(f_.exitcode, 42);
}

TEST_F(FlagsTest, StringsAreCopied) {
  char buf[] = "log_path=/tmp/copied";
  ASSERT_TRUE(ParseFlagsString(&f_, buf, "test", error_, sizeof(error_)));
  memset(buf, 'x', sizeof(buf) - 1);
  EXPECT_STREQ(f_.log_path, "/tmp/copied");
}

// String values share a fixed storage: overflowing it is a one-line error
// naming the flag; TestOnlyResetFlagStorage makes room again.
TEST_F(FlagsTest, StringStorageOverflowIsOneLineError) {
  __tlsan::TestOnlyResetFlagStorage();
  const std::string big(40 << 10, 'x');
  EXPECT_TRUE(Parse("log_path=" + big)) << error_;
  EXPECT_FALSE(Parse("suppressions=" + big));
  EXPECT_NE(strstr(error_, "no room for the value of string flag "
                           "'suppressions' in TLSAN_OPTIONS"),
            nullptr)
      << error_;
  EXPECT_EQ(strchr(error_, '\n'), nullptr);
  __tlsan::TestOnlyResetFlagStorage();
  EXPECT_TRUE(Parse("suppressions=" + big)) << error_;
  __tlsan::TestOnlyResetFlagStorage();
}

TEST_F(FlagsTest, UnknownFlagsDoNotFail) {
  ASSERT_TRUE(Parse("no_such_flag=1:verbosity=2:other=x")) << error_;
  EXPECT_EQ(f_.verbosity, 2);
}

struct Malformed {
  const char *input, *flag, *value, *expected;
};

TEST_F(FlagsTest, MalformedInputNamesFlagValueAndSource) {
  const Malformed cases[] = {
      {"exitcode=abc", "'exitcode'", "'abc'", "from 0 to 255"},
      {"exitcode=256", "'exitcode'", "'256'", "from 0 to 255"},
      {"exitcode=-1", "'exitcode'", "'-1'", "from 0 to 255"},
      {"exitcode=", "'exitcode'", "''", "integer"},
      {"verbosity=2147483648", "'verbosity'", "'2147483648'", "integer"},
      {"verbosity=99999999999999999999", "'verbosity'", "'9999", "integer"},
      {"verbosity=-", "'verbosity'", "'-'", "integer"},
      {"verbosity=1x", "'verbosity'", "'1x'", "integer"},
      {"creation_stack_depth=0", "'creation_stack_depth'", "'0'", "1 to 64"},
      {"creation_stack_depth=65", "'creation_stack_depth'", "'65'", "1 to 64"},
      {"max_retries=-1", "'max_retries'", "'-1'", "from 0"},
      {"max_sleep_ms=-1", "'max_sleep_ms'", "'-1'", "from 0"},
      {"max_leaks=-1", "'max_leaks'", "'-1'", "from 0"},
      {"exit_join_timeout_ms=-5", "'exit_join_timeout_ms'", "'-5'", "from 0"},
      {"help=maybe", "'help'", "'maybe'", "true, false"},
      {"symbolize=TRUE", "'symbolize'", "'TRUE'", "yes or no"},
      {"detect_leaks=", "'detect_leaks'", "''", "yes or no"},
      {"report_format=xml", "'report_format'", "'xml'", "text, json, sarif"},
      {"report_format=", "'report_format'", "''", "text, json"},
      {"verbosity=1:detect_leaks", "'detect_leaks'", "detect_leaks", "="},
      {"log_path=\"/tmp/x", "'log_path'", "'\"/tmp/x'", "closing \""},
      {"log_path='/tmp/x", "'log_path'", "''/tmp/x'", "closing '"},
      {"=1", "empty flag name", "'=1'", "name=value"},
      {"include=/nonexistent/tlsan.opts", "'include'",
       "'/nonexistent/tlsan.opts'", "No such file"},
  };
  for (const Malformed &c : cases) {
    SetUp();
    EXPECT_FALSE(Parse(c.input)) << c.input;
    std::string e = error_;
    EXPECT_NE(e.find(c.flag), std::string::npos) << c.input << ": " << e;
    EXPECT_NE(e.find(c.value), std::string::npos) << c.input << ": " << e;
    EXPECT_NE(e.find(c.expected), std::string::npos) << c.input << ": " << e;
    EXPECT_NE(e.find("TLSAN_OPTIONS"), std::string::npos) << e;
    EXPECT_EQ(e.find('\n'), std::string::npos) << e;
  }
  EXPECT_FALSE(Parse("exitcode=abc"));
  EXPECT_STREQ(error_,
               "invalid value for int flag 'exitcode' in TLSAN_OPTIONS: 'abc' "
               "(expected an integer from 0 to 255)");
}

TEST_F(FlagsTest, ErrorBufferIsBounded) {
  char small[16];
  memset(small, 'z', sizeof(small));
  EXPECT_FALSE(ParseFlagsString(&f_, "exitcode=abc", "TLSAN_OPTIONS", small,
                                sizeof(small)));
  EXPECT_EQ(strlen(small), sizeof(small) - 1);
  EXPECT_FALSE(ParseFlagsString(&f_, "exitcode=abc", "x", nullptr, 0));
}

TEST_F(FlagsTest, Include) {
  std::string dir = TempDir();
  WriteFile(dir + "/a.opts", "verbosity=4\nlog_path='x y'\n"
                             "include_if_exists=" + dir + "/missing\n");
  ASSERT_TRUE(Parse("exitcode=1:include=" + dir + "/a.opts:exitcode=9"))
      << error_;
  EXPECT_EQ(f_.verbosity, 4);
  EXPECT_STREQ(f_.log_path, "x y");
  EXPECT_EQ(f_.exitcode, 9);

  EXPECT_TRUE(Parse("include_if_exists=" + dir + "/nope/x.opts")) << error_;
  EXPECT_FALSE(Parse("include=" + dir + "/nope.opts"));
  EXPECT_NE(std::string(error_).find(dir + "/nope.opts"), std::string::npos);
  // A directory is not a missing file.
  EXPECT_FALSE(Parse("include_if_exists=" + dir));
  EXPECT_NE(std::string(error_).find("'include_if_exists'"),
            std::string::npos) << error_;

  // Errors inside an include file name the file as their source.
  WriteFile(dir + "/bad.opts", "verbosity=1\nexitcode=300\n");
  EXPECT_FALSE(Parse("include='" + dir + "/bad.opts'"));
  EXPECT_NE(std::string(error_).find("in " + dir + "/bad.opts: '300'"),
            std::string::npos) << error_;
}

TEST_F(FlagsTest, IncludeExpandsPidAndBinaryName) {
  std::string dir = TempDir();
  WriteFile(dir + "/p." + std::to_string(getpid()), "max_retries=77");
  ASSERT_TRUE(Parse("include=" + dir + "/p.%p")) << error_;
  EXPECT_EQ(f_.max_retries, 77);

  char exe[4096] = {};
  ASSERT_GT(readlink("/proc/self/exe", exe, sizeof(exe) - 1), 0);
  WriteFile(dir + "/" + (strrchr(exe, '/') + 1) + ".opts", "max_leaks=5");
  ASSERT_TRUE(Parse("include=" + dir + "/%b.opts")) << error_;
  EXPECT_EQ(f_.max_leaks, 5);
}

TEST_F(FlagsTest, IncludeDepthAndSizeLimits) {
  std::string dir = TempDir();
  WriteFile(dir + "/self.opts", "include=" + dir + "/self.opts\n");
  EXPECT_FALSE(Parse("include=" + dir + "/self.opts"));
  EXPECT_NE(std::string(error_).find("depth"), std::string::npos) << error_;

  // Ten levels are fine: depth 0 (TLSAN_OPTIONS) includes l1 ... l10.
  for (int i = 1; i <= 10; i++)
    WriteFile(dir + "/l" + std::to_string(i),
              i < 10 ? "include=" + dir + "/l" + std::to_string(i + 1)
                     : "verbosity=10");
  ASSERT_TRUE(Parse("include=" + dir + "/l1")) << error_;
  EXPECT_EQ(f_.verbosity, 10);

  WriteFile(dir + "/big.opts", std::string(64 << 10, ' '));
  EXPECT_TRUE(Parse("include=" + dir + "/big.opts")) << error_;
  WriteFile(dir + "/big.opts", std::string((64 << 10) + 1, ' '));
  EXPECT_FALSE(Parse("include=" + dir + "/big.opts"));
  EXPECT_NE(std::string(error_).find("too large"), std::string::npos)
      << error_;
}

TEST_F(FlagsTest, HelpListsEveryFlag) {
  __tlsan::flags()->SetDefaults();
  ::testing::internal::CaptureStderr();
  __tlsan::PrintFlagDescriptions();
  std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(out.rfind("Available flags for ThreadLeakSanitizer:\n", 0), 0u);
  for (const std::string &name : AllFlagNames())
    EXPECT_NE(out.find("\t" + name + "\n\t\t- "), std::string::npos) << name;
  EXPECT_NE(out.find("(Current Value: 23)\n"), std::string::npos);
  EXPECT_NE(out.find("(Current Value: \"stderr\")\n"), std::string::npos);
  EXPECT_NE(out.find("(Current Value: true)\n"), std::string::npos);
  EXPECT_NE(out.find("\tinclude\n"), std::string::npos);
}

class InitializeFlagsTest : public ::testing::Test {
 protected:
  void TearDown() override {
    unsetenv("TLSAN_OPTIONS");
    g_default_options = nullptr;
  }
};

TEST_F(InitializeFlagsTest, DefaultOptionsThenEnvironment) {
  g_default_options = "exitcode=5:verbosity=1";
  setenv("TLSAN_OPTIONS", "verbosity=2:bogus=1:also_bogus=x", 1);
  ::testing::internal::CaptureStderr();
  __tlsan::InitializeFlags();
  std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(__tlsan::flags()->exitcode, 5);
  EXPECT_EQ(__tlsan::flags()->verbosity, 2);
  std::string pid = "==" + std::to_string(getpid()) + "==";
  EXPECT_EQ(out, pid + "WARNING: ThreadLeakSanitizer: found 2 unrecognized "
                       "flag(s):\n" +
                     pid + "    bogus\n" + pid + "    also_bogus\n");

  // The defaults are reset on every call; the warning is not repeated.
  unsetenv("TLSAN_OPTIONS");
  g_default_options = nullptr;
  ::testing::internal::CaptureStderr();
  __tlsan::InitializeFlags();
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(__tlsan::flags()->exitcode, 23);
}

TEST_F(InitializeFlagsTest, HelpPrintsDescriptions) {
  setenv("TLSAN_OPTIONS", "help=1", 1);
  ::testing::internal::CaptureStderr();
  __tlsan::InitializeFlags();
  std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(out.find("\thelp\n\t\t- "), std::string::npos);
  EXPECT_NE(out.find("(Current Value: true)"), std::string::npos);
}

TEST_F(InitializeFlagsTest, MalformedInputIsFatal) {
  setenv("TLSAN_OPTIONS", "exitcode=abc", 1);
  EXPECT_EXIT(__tlsan::InitializeFlags(), ::testing::ExitedWithCode(1),
              "^==[0-9]+==ERROR: ThreadLeakSanitizer: invalid value for int "
              "flag 'exitcode' in TLSAN_OPTIONS: 'abc' .expected an integer "
              "from 0 to 255.\n$");
  unsetenv("TLSAN_OPTIONS");
  g_default_options = "max_retries=-3";
  EXPECT_EXIT(__tlsan::InitializeFlags(), ::testing::ExitedWithCode(1),
              "in __tlsan_default_options\\(\\): '-3'");
}

}  // namespace
