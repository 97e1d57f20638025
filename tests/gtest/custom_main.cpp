// custom_main.cpp: a test program's own main() with the listener installed
// by tlsan::gtest::install(), with options: check the tests that already
// failed, and ignore threads named ignored-*. Linked with leaks_test.cpp
// (check_listener.sh knows what must fail). Also checks that neither module
// leaks a macro of the C header.
#include <gtest/gtest.h>

#include <cstdio>

import tlsan;
import tlsan.gtest;

#ifdef SANITIZER_TLSAN_INTERFACE_H
#error "a module leaks the C header's macros"
#endif

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  if (!tlsan::gtest::install(tlsan::gtest::check_failed_tests_too(),
                             tlsan::ignore_name("ignored-*")))
    std::fprintf(stderr, "custom_main: the tlsan listener is not installed\n");
  return RUN_ALL_TESTS();
}
