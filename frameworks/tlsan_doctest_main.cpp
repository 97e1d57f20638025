// tlsan_doctest_main.cpp - main() for doctest test programs, with the tlsan
// listener (<tlsan/doctest.h>) registered: link the CMake target
// tlsan::doctest_main instead of defining
// DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN. Compiled in the consumer's build,
// against the consumer's own doctest.
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Example (CMake):
//   target_link_libraries(my_tests PRIVATE tlsan::doctest_main)
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <tlsan/doctest.h>

TLSAN_DOCTEST_REGISTER_LISTENER();
