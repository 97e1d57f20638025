// catch2_clean_test.cpp: Catch2 test cases that stop their threads; under
// the tlsan listener they pass (check_frameworks.py runs them).
#include <catch2/catch.hpp>

#include <latch>
#include <thread>

TEST_CASE("Clean.JoinsItsThread") {
  int value = 0;
  std::thread t([&value] { value = 1; });
  t.join();
  CHECK(value == 1);
}

TEST_CASE("Clean.SectionsJoinTheirThreads") {
  std::latch done(1);
  std::thread t([&done] { done.count_down(); });
  SECTION("first") { done.wait(); }
  SECTION("second") { done.wait(); }
  t.join();
}
