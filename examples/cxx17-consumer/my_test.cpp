// my_test.cpp: two tests; Worker.Leaks starts a thread and never joins it,
// so tlsan::gtest_main fails that test, naming the thread and its creator.
#include <gtest/gtest.h>
#include <tlsan/tlsan.h>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace {
std::mutex mu;
std::condition_variable cv;
bool stop = false;

void wait_for_stop() {
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [] { return stop; });
}

void start_forgotten_worker() { std::thread(wait_for_stop).detach(); }
}  // namespace

TEST(Worker, Joins) {
  EXPECT_TRUE(tlsan::active());  // the runtime is linked in
  std::thread t([] {});
  t.join();
}

TEST(Worker, Leaks) {
  start_forgotten_worker();  // never stopped, never joined
}
