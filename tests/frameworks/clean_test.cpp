// clean_test.cpp: test cases that stop their threads; under the tlsan
// listener they pass (check_frameworks.py runs them), the one with parts
// (Catch2 SECTIONs, doctest SUBCASEs) once per part.
#include "framework_test.h"

TEST_CASE("Clean.JoinsItsThread") {
  int value = 0;
  std::thread t([&value] { value = 1; });
  t.join();
  CHECK(value == 1);
}

TEST_CASE("Clean.PartsJoinTheirThreads") {
  int value = 0;
  std::thread t([&value] { value = 1; });
  TLSAN_TEST_PART("first") { t.join(); }
  TLSAN_TEST_PART("second") { t.join(); }
  CHECK(value == 1);
}
