//===-- flags_secure_test.cpp - flags under secure execution --------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// A setuid/setgid program (AT_SECURE) takes its environment from a less
// privileged user: InitializeFlags() must ignore the flags that name files
// or programs (log_path, suppressions, external_symbolizer_path,
// wait_graph), read no include/include_if_exists file, and say so in one
// warning line; every other flag still applies. AT_SECURE is simulated with
// TestOnlySetSecureExecution (a real setuid run needs a non-root user).
//
//===----------------------------------------------------------------------===//
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "tlsan_flags.h"

namespace {

class SecureFlagsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    file_ = ::testing::TempDir() + "tlsan_secure_" +
            std::to_string(getpid()) + ".flags";
    std::ofstream(file_) << "exitcode=7\n";
  }
  void TearDown() override {
    __tlsan::TestOnlySetSecureExecution(false);
    unsetenv("TLSAN_OPTIONS");
    unlink(file_.c_str());
    __tlsan::InitializeFlags();  // back to the defaults for later tests
  }
  // InitializeFlags with TLSAN_OPTIONS=options; returns its stderr.
  std::string Initialize(const std::string &options) {
    setenv("TLSAN_OPTIONS", options.c_str(), 1);
    ::testing::internal::CaptureStderr();
    __tlsan::InitializeFlags();
    return ::testing::internal::GetCapturedStderr();
  }
  std::string file_;
};

TEST_F(SecureFlagsTest, PathFlagsAreResetAndNamedInOneLine) {
  __tlsan::TestOnlySetSecureExecution(true);
  std::string out = Initialize(
      "log_path=/tmp/evil:suppressions=/etc/shadow:max_retries=3:"
      "external_symbolizer_path=/tmp/evil.sh:wait_graph=/etc/passwd:"
      "exitcode=9");
  const __tlsan::Flags *f = __tlsan::flags();
  EXPECT_STREQ(f->log_path, "stderr");
  EXPECT_STREQ(f->suppressions, "");
  EXPECT_STREQ(f->external_symbolizer_path, "");
  EXPECT_STREQ(f->wait_graph, "");
  EXPECT_EQ(f->max_retries, 3);  // other flags still apply
  EXPECT_EQ(f->exitcode, 9);
  std::string pid = "==" + std::to_string(getpid()) + "==";
  EXPECT_EQ(out, pid + "WARNING: ThreadLeakSanitizer: secure execution "
                       "(setuid, setgid or capabilities): ignoring flags "
                       "that name files or programs: log_path, "
                       "suppressions, external_symbolizer_path, "
                       "wait_graph\n");
}

TEST_F(SecureFlagsTest, IncludesAreRefused) {
  __tlsan::TestOnlySetSecureExecution(true);
  std::string out = Initialize("include=" + file_ +
                               ":include_if_exists=" + file_);
  EXPECT_EQ(__tlsan::flags()->exitcode, 23);  // the file was not read
  EXPECT_NE(out.find("ignoring flags that name files or programs: include, "
                     "include_if_exists\n"),
            std::string::npos)
      << out;
  // Even a missing include is no error: it is never opened.
  out = Initialize("include=/nonexistent/tlsan.flags");
  EXPECT_NE(out.find("programs: include\n"), std::string::npos) << out;
}

TEST_F(SecureFlagsTest, NothingToIgnoreMeansNoWarning) {
  __tlsan::TestOnlySetSecureExecution(true);
  EXPECT_EQ(Initialize("log_path=stderr:max_retries=2"), "");
  EXPECT_EQ(__tlsan::flags()->max_retries, 2);
}

TEST_F(SecureFlagsTest, OrdinaryExecutionKeepsEverything) {
  __tlsan::TestOnlySetSecureExecution(false);
  EXPECT_EQ(Initialize("log_path=/tmp/r:wait_graph=/tmp/g.dot:include=" +
                       file_),
            "");
  EXPECT_STREQ(__tlsan::flags()->log_path, "/tmp/r");
  EXPECT_STREQ(__tlsan::flags()->wait_graph, "/tmp/g.dot");
  EXPECT_EQ(__tlsan::flags()->exitcode, 7);
}

}  // namespace
