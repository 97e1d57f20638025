// tlsan_gtest.cppm - the C++20 module `tlsan.gtest`: GoogleTest fails the
// test that leaked a thread.
//
// Part of ThreadLeakSanitizer (tlsan).
//
// The module form of <tlsan/gtest.h>, from the same declarations (see
// tlsan.cppm for the pattern); the bodies are in tlsan_gtest.cpp, in the
// library tlsan::gtest. See the header for what the listener does.
//
// Example:
//   import tlsan.gtest;
//   int main(int argc, char** argv) {
//     tlsan::gtest::init(&argc, argv, tlsan::ignore_name("io-*"));
//     return RUN_ALL_TESTS();
//   }
module;

#include <functional>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

export module tlsan.gtest;

export import tlsan;

#define TLSAN_MODULE 1
#define TLSAN_EXPORT export
#define TLSAN_BEGIN_EXPORT export {
#define TLSAN_END_EXPORT }
// tlsan.h's declarations come from `import tlsan;`: skip the header.
#define TLSAN_TLSAN_H_ 1

#ifdef __clang__
#pragma clang diagnostic ignored "-Winclude-angled-in-module-purview"
#endif
extern "C++" {
#include <tlsan/gtest.h>
}
