// doctest_clean_test.cpp: doctest test cases that stop their threads; under
// the tlsan listener they pass (check_frameworks.py runs them).
#include <doctest/doctest.h>

#include <latch>
#include <thread>

TEST_CASE("Clean.JoinsItsThread") {
  int value = 0;
  std::thread t([&value] { value = 1; });
  t.join();
  CHECK(value == 1);
}

TEST_CASE("Clean.SubcasesJoinTheirThreads") {
  std::latch done(1);
  std::thread t([&done] { done.count_down(); });
  SUBCASE("first") { done.wait(); }
  SUBCASE("second") { done.wait(); }
  t.join();
}
