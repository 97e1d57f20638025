// catch2_leaks_test.cpp: one Catch2 test case that leaks a thread named
// 'catch2-leak', waiting on a latch nobody counts down. Under the tlsan
// listener only Leaks.ForgottenWorker fails, naming the thread and the line
// marked "creation site" (check_frameworks.py checks it).
#include <catch2/catch.hpp>

#include <pthread.h>

#include <latch>
#include <thread>

namespace {

std::latch& never() {  // never counted down, never destroyed
  static std::latch* latch = new std::latch(1);
  return *latch;
}

void forgotten_worker(std::latch* started) {
  pthread_setname_np(pthread_self(), "catch2-leak");
  started->count_down();
  never().wait();
}

__attribute__((noinline)) void start_forgotten_worker() {
  std::latch started(1);
  std::thread(forgotten_worker, &started).detach();  // creation site
  started.wait();
}

}  // namespace

TEST_CASE("Leaks.ForgottenWorker") {
  start_forgotten_worker();
  CHECK(true);
}
