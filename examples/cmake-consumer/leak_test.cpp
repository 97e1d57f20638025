// leak_test.cpp: a test that leaks a thread on purpose; with
// tlsan::gtest_main it fails, and the failure names the test, the thread
// and where it was created:
//   ThreadLeakSanitizer: test ConsumerLeak.ForgetsItsWorker leaked 1 thread(s):
//     T1 'forgotten' (tid=...), blocked in futex, detached, created by
//     start_forgotten_worker() at .../leak_test.cpp:<line>, during test ...
#include <gtest/gtest.h>

#include <pthread.h>

#include <latch>
#include <thread>

static std::latch* const never = new std::latch(1);  // never counted down

void start_forgotten_worker() {
  std::latch started(1);
  std::thread([&started] {
    pthread_setname_np(pthread_self(), "forgotten");
    started.count_down();
    never->wait();
  }).detach();
  started.wait();
}

TEST(ConsumerLeak, ForgetsItsWorker) { start_forgotten_worker(); }

TEST(ConsumerLeak, CleanAfterwards) {
  std::thread worker([] {});
  worker.join();
}
