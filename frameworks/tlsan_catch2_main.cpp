// tlsan_catch2_main.cpp - main() for Catch2 v2 test programs, with the
// tlsan listener (<tlsan/catch2.h>) registered: link the CMake target
// tlsan::catch2_main instead of defining CATCH_CONFIG_MAIN. Compiled in the
// consumer's build, against the consumer's own Catch2.
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Example (CMake):
//   target_link_libraries(my_tests PRIVATE tlsan::catch2_main)
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#include <tlsan/catch2.h>

TLSAN_CATCH2_REGISTER_LISTENER();
