// tlsan.cppm - the C++20 module `tlsan`: typed leak checks for C++ code.
//
// Part of ThreadLeakSanitizer (tlsan).
//
// The module form of <tlsan/tlsan.h>, from the same declarations (fmt's
// pattern, src/fmt.cc): the header is included in this unit's purview with
// TLSAN_EXPORT defined as `export`, and attached to the global module
// (extern "C++") so that its bodies, compiled once in modules/tlsan.cpp
// into the library tlsan::tlsan, serve both forms. See the header for the
// API and its contract. The runtime itself comes from
// -fsanitize=thread-leak, LD_PRELOAD=libtlsan.so, or the CMake target
// tlsan::runtime; without it, checks find nothing and active() is false.
//
// Example:
//   import tlsan;
//   tlsan::result r = tlsan::find(tlsan::ignore_name("io-*"));
//   tlsan::verify_none(tlsan::exit_on_leak());  // exits with `exitcode` on leak
module;

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

export module tlsan;

#define TLSAN_MODULE 1
#define TLSAN_EXPORT export
#define TLSAN_BEGIN_EXPORT export {
#define TLSAN_END_EXPORT }

#ifdef __clang__
#pragma clang diagnostic ignored "-Winclude-angled-in-module-purview"
#endif
extern "C++" {
#include <tlsan/tlsan.h>
}
