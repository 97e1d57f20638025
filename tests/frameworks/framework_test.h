// framework_test.h: what the Catch2 and doctest test programs share. Each
// test source is compiled once per framework, with TLSAN_TEST_CATCH2 or
// TLSAN_TEST_DOCTEST defined (tests/frameworks/CMakeLists.txt, and the
// package test tests/package/frameworks_consumer): both frameworks spell
// TEST_CASE and CHECK alike; TLSAN_TEST_PART is SECTION or SUBCASE.
// C++17, so that the package test builds the same sources with g++-12.
#ifndef TLSAN_TESTS_FRAMEWORKS_FRAMEWORK_TEST_H_
#define TLSAN_TESTS_FRAMEWORKS_FRAMEWORK_TEST_H_

#include <pthread.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#if defined(TLSAN_TEST_CATCH2)
#include <catch2/catch.hpp>
#define TLSAN_TEST_PART SECTION
#define TLSAN_TEST_LEAK_NAME "catch2-leak"
#elif defined(TLSAN_TEST_DOCTEST)
#include <doctest/doctest.h>
#define TLSAN_TEST_PART SUBCASE
#define TLSAN_TEST_LEAK_NAME "doctest-leak"
#else
#error "define TLSAN_TEST_CATCH2 or TLSAN_TEST_DOCTEST"
#endif

namespace tlsan_test {

// The forgotten worker's handshake; never destroyed, never released.
struct gate {
  std::mutex mu;
  std::condition_variable cv;
  bool started = false;
};

inline gate& forgotten_gate() {
  static gate* g = new gate;
  return *g;
}

// Names itself TLSAN_TEST_LEAK_NAME, says it started, then waits on a
// condition variable nobody notifies.
inline void forgotten_worker() {
  pthread_setname_np(pthread_self(), TLSAN_TEST_LEAK_NAME);
  gate& g = forgotten_gate();
  std::unique_lock<std::mutex> lock(g.mu);
  g.started = true;
  g.cv.notify_all();
  g.cv.wait(lock, [] { return false; });
}

// Leaks one thread, blocked once this returns. check_frameworks.py expects
// the failure at the line marked "creation site", by this function.
__attribute__((noinline)) inline void start_forgotten_worker() {
  std::thread(forgotten_worker).detach();  // creation site
  gate& g = forgotten_gate();
  std::unique_lock<std::mutex> lock(g.mu);
  g.cv.wait(lock, [&g] { return g.started; });
}

}  // namespace tlsan_test

#endif  // TLSAN_TESTS_FRAMEWORKS_FRAMEWORK_TEST_H_
