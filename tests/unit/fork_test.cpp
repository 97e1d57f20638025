// fork_test.cpp: a child forked without glibc's fork() knows it is a new
// process (tlsan_fork_linux.h), with no atfork handler to tell it.
#include "tlsan_fork_linux.h"

#include <gtest/gtest.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace __tlsan;

namespace {

// Runs `child` in a process made by a raw fork system call; its exit status.
int InRawForkChild(int (*child)()) {
  long pid = syscall(SYS_fork);
  if (pid == 0) syscall(SYS_exit_group, child());
  int status = -1;
  waitpid((pid_t)pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

TEST(ForkDetection, RawForkChildIsANewProcess) {
  InitializeForkDetection();  // done at start-up; idempotent
  EXPECT_FALSE(InNewProcess());
  EXPECT_EQ(InRawForkChild([] { return InNewProcess() ? 0 : 1; }), 0);
  EXPECT_FALSE(InNewProcess());  // the parent is unchanged
}

TEST(ForkDetection, OwnedAgainAfterMarking) {
  InitializeForkDetection();
  EXPECT_EQ(InRawForkChild([] {
              if (!InNewProcess()) return 1;
              MarkProcessOwned();
              return InNewProcess() ? 2 : 0;
            }),
            0);
}

}  // namespace
