// tlsan_gtest_main.cpp - main() of the library tlsan::gtest_main: link it
// instead of GTest::gtest_main to fail every test that leaks a thread.
//
// Part of ThreadLeakSanitizer (tlsan). See <tlsan/gtest.h> for what the
// listener does, and for --tlsan_gtest=0 / TLSAN_GTEST=0 (switch it off).
//
// Example (CMake):
//   target_link_libraries(my_tests PRIVATE tlsan::gtest_main)
#include <gtest/gtest.h>
#include <tlsan/gtest.h>

int main(int argc, char** argv) {
  tlsan::gtest::init(&argc, argv);
  return RUN_ALL_TESTS();
}
