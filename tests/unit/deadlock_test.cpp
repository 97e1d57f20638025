// Unit tests of the deadlock stage (runtime/tlsan_deadlock.cpp): the slices
// a contended wait is cut into, what a check costs the caller (errno), and
// deadlock_action=report reporting a real cycle once.
#include "tlsan_deadlock.h"

#include <errno.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "tlsan_flags.h"

namespace {

using namespace __tlsan;

s64 MillisFromNow(const timespec &t) {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (t.tv_sec - now.tv_sec) * 1000 + (t.tv_nsec - now.tv_nsec) / 1000000;
}

class DeadlockTest : public ::testing::Test {
 protected:
  void SetUp() override { saved_ = *flags(); }
  void TearDown() override {
    *flags() = saved_;
    InitializeDeadlockDetection();
  }
  Flags saved_;
};

TEST_F(DeadlockTest, SlicesDoubleAfterEachCheckUpTo64Times) {
  flags()->deadlock_check_ms = 10;
  DeadlockWatch watch;
  for (int k = 0; k < 9; k++) {
    s64 expected = 10ll << (k < 6 ? k : 6);
    s64 got = MillisFromNow(watch.NextDeadline(CLOCK_MONOTONIC));
    EXPECT_GE(got, expected - 2) << "slice " << k;
    EXPECT_LE(got, expected) << "slice " << k;
    watch.OnTimeout();  // this thread waits on nothing: no cycle
  }
}

TEST_F(DeadlockTest, CheckKeepsErrnoAndCountsItself) {
  DeadlockWatch watch;
  uptr checks = DeadlockCheckCount(), reports = DeadlockReportCount();
  errno = 4321;
  watch.OnTimeout();
  EXPECT_EQ(4321, errno);
  EXPECT_EQ(checks + 1, DeadlockCheckCount());
  EXPECT_EQ(reports, DeadlockReportCount());
}

pthread_mutex_t first_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t second_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_barrier_t both_hold;

void *Take(void *arg) {
  pthread_mutex_t *mine = (pthread_mutex_t *)arg;
  pthread_mutex_lock(mine);
  pthread_barrier_wait(&both_hold);
  pthread_mutex_lock(mine == &first_mu ? &second_mu : &first_mu);
  return nullptr;
}

TEST_F(DeadlockTest, ReportActionReportsACycleOnceAndGoesOn) {
  flags()->deadlock_check_ms = 10;
  flags()->deadlock_action = "report";
  flags()->symbolize = false;
  InitializeDeadlockDetection();
  ASSERT_TRUE(DeadlockDetectionOn());
  uptr reports = DeadlockReportCount();
  pthread_barrier_init(&both_hold, nullptr, 2);
  pthread_t a, b;
  pthread_create(&a, nullptr, Take, &first_mu);
  pthread_create(&b, nullptr, Take, &second_mu);
  // Waits for the result (the report), not to order threads.
  for (int i = 0; i < 5000 && DeadlockReportCount() == reports; i++)
    usleep(1000);
  EXPECT_EQ(reports + 1, DeadlockReportCount());
  uptr checks = DeadlockCheckCount();
  while (DeadlockCheckCount() < checks + 10) usleep(1000);  // more checks...
  EXPECT_EQ(reports + 1, DeadlockReportCount());  // ...and no second report
  // Default mutexes: any thread may unlock them, which ends the cycle.
  pthread_mutex_unlock(&first_mu);
  pthread_mutex_unlock(&second_mu);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
  pthread_mutex_unlock(&first_mu);
  pthread_mutex_unlock(&second_mu);
  pthread_barrier_destroy(&both_hold);
}

}  // namespace
