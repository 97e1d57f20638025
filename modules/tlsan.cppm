// tlsan.cppm - the C++20 module `tlsan`: typed leak checks for C++ code.
//
// Part of ThreadLeakSanitizer (tlsan).
//
// The primary interface: it re-exports the partitions, each a layer over
// the C ABI (<sanitizer/tlsan_interface.h>), which stays usable without
// modules. The runtime itself comes from -fsanitize=thread-leak,
// LD_PRELOAD=libtlsan.so, or the CMake target tlsan::tlsan / tlsan::runtime;
// without it, checks find nothing and active() is false.
//
//   | partition        | exports                                             |
//   |------------------|-----------------------------------------------------|
//   | :leak            | frame, blocked_on, thread_state, to_string,         |
//   |                  | leaked_thread, result                               |
//   | :options         | option, verify_option, ignore_top_function,         |
//   |                  | ignore_any_function, ignore_creator, ignore_name,   |
//   |                  | ignore_if, max_retries, max_sleep, symbolize,       |
//   |                  | exit_on_leak, cleanup                               |
//   | :check           | active, find, ignore_current, verify_none, scope    |
//   | :detail          | nothing (name matching; internal)                   |
//
// GoogleTest integration: the module `tlsan.gtest` (tlsan_gtest.cppm).
//
// Example:
//   import tlsan;
//   tlsan::result r = tlsan::find(tlsan::ignore_name("io-*"));
//   for (const tlsan::leaked_thread& t : r.threads)
//     std::cerr << t.summary() << "\n";
//   tlsan::verify_none(tlsan::exit_on_leak());  // prints, exits with `exitcode` (23) on leak
export module tlsan;

export import :leak;
export import :options;
export import :check;
