// A deadlock inside a GoogleTest test (run by ctest gtest.deadlock_names_test):
// tlsan reports it while the test runs, names the test, and ends the
// process with exitcode 23 instead of hanging the suite.
#include <gtest/gtest.h>

#include <barrier>
#include <mutex>
#include <thread>

namespace {

TEST(Deadlock, HealthyFirst) { EXPECT_EQ(1 + 1, 2); }

TEST(Deadlock, LockOrderInversion) {
  std::mutex a, b;
  std::barrier<> both_hold(2);
  auto take = [&](std::mutex &first, std::mutex &second) {
    std::lock_guard<std::mutex> hold(first);
    both_hold.arrive_and_wait();
    std::lock_guard<std::mutex> wait(second);
  };
  std::thread t1(take, std::ref(a), std::ref(b));
  std::thread t2(take, std::ref(b), std::ref(a));
  t1.join();
  t2.join();
}

}  // namespace
