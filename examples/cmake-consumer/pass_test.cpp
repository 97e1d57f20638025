// pass_test.cpp: a test that leaks nothing; with tlsan::gtest_main it
// passes.
#include <gtest/gtest.h>

#include <thread>

TEST(ConsumerPass, JoinsItsWorker) {
  std::thread worker([] {});
  worker.join();
}
