//===-- report_sink_test.cpp - where reports go (tlsan_report_sink.cpp) ---===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// log_path=P appends whole reports to P.<pid>; a path that cannot be opened
// falls back to stderr after one warning line; "stdout" and "stderr" name
// the standard streams.
//
//===----------------------------------------------------------------------===//
#include "tlsan_report_sink.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

using __tlsan::WriteToReportSink;

namespace {

std::string ReadFile(const std::string &path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool Write(const char *log_path, const std::string &report) {
  return WriteToReportSink(log_path, report.data(), report.size());
}

class ReportSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = ::testing::TempDir() + "tlsan_sink_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    EXPECT_EQ(system(("rm -rf '" + dir_ + "'").c_str()), 0);
  }
  std::string pid_ = std::to_string(getpid());
  std::string dir_;
};

TEST_F(ReportSinkTest, FileSinkAppendsToPathDotPid) {
  std::string prefix = dir_ + "/report";
  EXPECT_TRUE(Write(prefix.c_str(), "first report\n"));
  EXPECT_TRUE(Write(prefix.c_str(), "{\"second\":1}\n"));
  EXPECT_EQ(ReadFile(prefix + "." + pid_), "first report\n{\"second\":1}\n");
}

TEST_F(ReportSinkTest, APathEndingWithASlashIsADirectory) {
  std::string dir = dir_ + "/";
  EXPECT_TRUE(Write(dir.c_str(), "in the directory\n"));
  EXPECT_EQ(ReadFile(dir + "tlsan." + pid_), "in the directory\n");
  EXPECT_NE(access((dir + "." + pid_).c_str(), F_OK), 0);  // no hidden file
  const char kLog[] = "{\"runs\":[{}]}\n";
  EXPECT_TRUE(
      WriteToReportSink(dir.c_str(), kLog, sizeof(kLog) - 1, /*sarif=*/true));
  EXPECT_EQ(ReadFile(dir + "tlsan." + pid_ + ".sarif"), kLog);
}

// SARIF: the second report of a process joins the first one's log as a
// second run, so the file stays one valid log.
TEST_F(ReportSinkTest, SarifReportsShareOneLog) {
  std::string prefix = dir_ + "/log";
  const char kLog1[] = "{\"version\":\"2.1.0\",\"runs\":[{\"n\":1}]}\n";
  const char kLog2[] = "{\"version\":\"2.1.0\",\"runs\":[{\"n\":2}]}\n";
  EXPECT_TRUE(WriteToReportSink(prefix.c_str(), kLog1, sizeof(kLog1) - 1,
                                /*sarif=*/true));
  EXPECT_TRUE(WriteToReportSink(prefix.c_str(), kLog2, sizeof(kLog2) - 1,
                                /*sarif=*/true));
  EXPECT_EQ(ReadFile(prefix + "." + pid_),
            "{\"version\":\"2.1.0\",\"runs\":[{\"n\":1},{\"n\":2}]}\n");
}

TEST_F(ReportSinkTest, MissingDirectoryFallsBackToStderr) {
  std::string prefix = dir_ + "/no/such/dir/report";
  ::testing::internal::CaptureStderr();
  EXPECT_FALSE(Write(prefix.c_str(), "the report\n"));
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(err,
            "==" + pid_ +
                "==WARNING: ThreadLeakSanitizer: cannot write report to '" +
                prefix + "." + pid_ +
                "' (No such file or directory); writing it to stderr\n"
                "the report\n");
}

TEST_F(ReportSinkTest, FullDiskFallsBackToStderr) {
  if (access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full";
  // /dev/full.<pid> cannot be created; use a symlink P.<pid> -> /dev/full.
  std::string prefix = dir_ + "/full";
  ASSERT_EQ(symlink("/dev/full", (prefix + "." + pid_).c_str()), 0);
  ::testing::internal::CaptureStderr();
  EXPECT_FALSE(Write(prefix.c_str(), "lost?\n"));
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("(No space left on device); writing it to stderr\n"
                     "lost?\n"),
            std::string::npos)
      << err;
}

// A write that stops part-way (here: RLIMIT_FSIZE lets 4 of 20 bytes in) is
// cut back, so the file holds whole reports only.
TEST_F(ReportSinkTest, PartialWriteIsUndone) {
  std::string prefix = dir_ + "/partial";
  auto child = [&] {
    std::string file = prefix + "." + std::to_string(getpid());
    std::ofstream(file) << "first\n";
    // The limit applies to gtest's capture file too: stderr goes to a pipe
    // while it is in force.
    int fds[2], saved_stderr = dup(2);
    if (pipe(fds) != 0 || dup2(fds[1], 2) < 0) _exit(2);
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit old, rl;
    getrlimit(RLIMIT_FSIZE, &old);
    rl = {10, old.rlim_max};
    setrlimit(RLIMIT_FSIZE, &rl);
    bool ok = Write(prefix.c_str(), "0123456789abcdefghi\n");
    setrlimit(RLIMIT_FSIZE, &old);
    close(fds[1]);
    dup2(saved_stderr, 2);
    char buf[4096];
    ssize_t n = read(fds[0], buf, sizeof(buf));
    if (n > 0) fwrite(buf, 1, (size_t)n, stderr);
    _exit(!ok && ReadFile(file) == "first\n" ? 0 : 1);
  };
  EXPECT_EXIT(child(), ::testing::ExitedWithCode(0),
              "cannot write report to '.*/partial\\.[0-9]+' \\(File too "
              "large\\); writing it to stderr\n0123456789abcdefghi\n");
}

TEST_F(ReportSinkTest, StdoutAndStderr) {
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  EXPECT_TRUE(Write("stdout", "to stdout\n"));
  EXPECT_TRUE(Write("stderr", "to stderr\n"));
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "to stderr\n");
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), "to stdout\n");
}

TEST_F(ReportSinkTest, ProgramOutputIsFlushedFirst) {
  ::testing::internal::CaptureStdout();
  fputs("program output, ", stdout);  // buffered: stdout is not a tty
  EXPECT_TRUE(Write("stdout", "then the report\n"));
  EXPECT_EQ(::testing::internal::GetCapturedStdout(),
            "program output, then the report\n");
}

}  // namespace
