// custom_main.cpp: a test program's own main() with the listener installed
// by tlsan::gtest::install(), with options: check the tests that already
// failed, and ignore threads named ignored-*. Linked with leaks_test.cpp
// (check_listener.sh knows what must fail). Also checks that neither module
// leaks a macro of the C header.
//
// Two misuses, for check_listener.sh's error texts, chosen by environment
// variables of this program only:
//   CUSTOM_MAIN_INSTALL_FIRST=1  install() before testing::InitGoogleTest()
//                                (a warning; the listener still works)
//   CUSTOM_MAIN_THROWING_FILTER=1  an ignore_if() predicate that throws (the
//                                leak check of a leaking test fails)
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

import tlsan;
import tlsan.gtest;

#ifdef SANITIZER_TLSAN_INTERFACE_H
#error "a module leaks the C header's macros"
#endif

namespace {

bool env_set(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v == '1';
}

bool install() {
  if (env_set("CUSTOM_MAIN_THROWING_FILTER"))
    return tlsan::gtest::install(
        tlsan::ignore_if([](const tlsan::leaked_thread&) -> bool {
          throw std::runtime_error("the filter fails on purpose");
        }));
  return tlsan::gtest::install(tlsan::gtest::check_failed_tests_too(),
                               tlsan::ignore_name("ignored-*"));
}

}  // namespace

int main(int argc, char** argv) {
  const bool install_first = env_set("CUSTOM_MAIN_INSTALL_FIRST");
  bool installed = install_first && install();
  testing::InitGoogleTest(&argc, argv);
  if (!install_first) installed = install();
  if (!installed)
    std::fprintf(stderr, "custom_main: the tlsan listener is not installed\n");
  return RUN_ALL_TESTS();
}
