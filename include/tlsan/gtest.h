// tlsan/gtest.h - GoogleTest fails the test that leaked a thread.
//
// Part of ThreadLeakSanitizer (tlsan).
//
// One API in two forms, declared once, here: `#include <tlsan/gtest.h>`
// (C++17, any compiler, with or without exceptions) or `import tlsan.gtest;`
// (modules/tlsan_gtest.cppm includes this header with TLSAN_EXPORT =
// `export`). The bodies are in modules/tlsan_gtest.cpp, compiled into the
// library tlsan::gtest; tlsan::gtest_main adds a main().
//
// Contract: init() or install() append one testing::EmptyTestEventListener
// after GoogleTest's own printers, once per process, from main() on the
// thread that then calls RUN_ALL_TESTS(). The listener runs on that thread,
// inside GoogleTest's events:
//
//   | event            | what the listener does                                  |
//   |------------------|---------------------------------------------------------|
//   | OnTestSuiteStart | opens the scope "Suite" (tlsan::scope)                  |
//   | OnTestStart      | opens the scope "Suite.Test", nested in it              |
//   | OnTestEnd        | checks the threads of "Suite.Test" (and of the threads  |
//   |                  | they created); any left fail that test with a failure   |
//   |                  | naming the test, each thread and where it was created;  |
//   |                  | closes the scope. Tests that already failed are not     |
//   |                  | checked, unless check_failed_tests_too().               |
//   | OnTestSuiteEnd   | checks the threads created in the suite scope but       |
//   |                  | outside its tests (SetUpTestSuite, TearDownTestSuite,   |
//   |                  | and threads those created); any left fail the suite:    |
//   |                  | GoogleTest records a failure raised here as the suite's |
//   |                  | ("[  FAILED  ] Suite: SetUpTestSuite or                 |
//   |                  | TearDownTestSuite") and RUN_ALL_TESTS() returns 1; and  |
//   |                  | the suite's property tlsan_leaked_threads lists them.   |
//
// A failure is located where the first thread was created; without debug
// info (no -g) at the test (the suite's first test), never "unknown file";
// each thread's line then names its creator as function and module+offset,
// and one line says "file:line needs debug info: build with -g".
//
// GoogleTest's XML and JSON output (--gtest_output): a test's leak is that
// test's failure. A suite's failure is not written there at all: GoogleTest
// (1.12) writes the tests' results, the suite's properties, and failures
// outside any suite (NonTestSuiteFailure), but not the failures of a suite
// (its own ASSERTs in SetUpTestSuite are missing too). Hence the property,
// recorded while the suite is current: <testsuite name="Suite" ...
// tlsan_leaked_threads="ThreadLeakSanitizer: test suite Suite leaked ...">.
// It is not counted in the failures attribute. The suite cannot be checked
// earlier (at the end of its last test): TearDownTestSuite may still stop
// its threads.
//
// Each leaked thread is reported once: the threads a test or suite was
// failed for are then ignored (__tlsan_ignore_thread_id), so the runtime's
// at-exit check does not report them again. A process-wide singleton started
// inside one test (spdlog's global pool, LevelDB's environment thread) fails
// that test only; suppress it by its creating function
// (tlsan::ignore_creator) if it is there on purpose. Threads created outside
// any suite (main, global test environments), and those of tests that failed
// by themselves, are left to the at-exit check, which names the test each
// was created in ("created during test Suite.Test").
//
// Ignores: the tlsan::option ignores given to init() or install()
// (ignore_creator, ignore_name, ignore_if, ignore_current...) apply to the
// listener's checks and, registered as the runtime's process filter
// (__tlsan_set_filter, tlsan::detail::set_process_filter), to every other
// check in the process: the at-exit check, __tlsan_do_leak_check, and
// tlsan::find or scopes inside tests. A thread they ignore neither fails its
// test nor changes the exit status, and is not in the at-exit report. Their
// copy lives on the heap until the process ends (the at-exit check runs
// after static destructors): an ignore_if predicate must not use objects
// destroyed by then. The stuck-exit report (exit waits on a leaked thread)
// and the deadlock and hang reports do not call back into user code, so
// they do not apply them. With the listener switched off (below) they are
// not registered either. Retries and other non-ignore options stay the
// listener's own.
//
// Death tests: GoogleTest sends no events in a death-test child, so the
// listener does nothing there; and so that the child's own at-exit check
// cannot change its exit status, threads created in the child are ignored
// (__tlsan_disable): in a "threadsafe" child from init()/install() on, in a
// "fast" (forked) child from the fork on. The latter covers any process
// forked from a test body; such a child may call __tlsan_enable() to be
// checked again.
//
// Off switch: --tlsan_gtest=0 (init() removes it from argv before
// GoogleTest parses flags) or the environment variable TLSAN_GTEST=0; the
// flag wins. A value other than 0/1/true/false/yes/no/on/off is an error
// (exit status 1).
//
// Example:
//   #include <tlsan/gtest.h>   // or: import tlsan.gtest;
//   int main(int argc, char** argv) {
//     tlsan::gtest::init(&argc, argv, tlsan::ignore_name("io-*"));
//     return RUN_ALL_TESTS();
//   }
// or link tlsan::gtest_main instead of GTest::gtest_main.
#ifndef TLSAN_GTEST_H_
#define TLSAN_GTEST_H_

#include <tlsan/tlsan.h>

#ifndef TLSAN_MODULE
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>
#endif

namespace tlsan::gtest {
class option;
}  // namespace tlsan::gtest

namespace tlsan::gtest::detail {

struct settings {
  bool check_failed_tests = false;
};

struct access;

}  // namespace tlsan::gtest::detail

TLSAN_BEGIN_EXPORT
namespace tlsan::gtest {

// An option of the GoogleTest integration itself (check_failed_tests_too);
// install() and init() also take every tlsan::option.
// Example: tlsan::gtest::install(tlsan::gtest::check_failed_tests_too());
class option {
 private:
  friend struct detail::access;
  explicit option(std::function<void(detail::settings&)> apply)
      : apply_(std::move(apply)) {}
  std::function<void(detail::settings&)> apply_;
};

}  // namespace tlsan::gtest
TLSAN_END_EXPORT

namespace tlsan::gtest::detail {

// Sorts an option of either kind into what it configures.
inline void sort_option(const tlsan::option& o,
                        std::vector<tlsan::option>& checks,
                        std::vector<gtest::option>&) {
  checks.push_back(o);
}
inline void sort_option(const gtest::option& o, std::vector<tlsan::option>&,
                        std::vector<gtest::option>& own) {
  own.push_back(o);
}

// Appends the listener; false when it is not (tlsan inactive, death-test
// child, already installed).
bool install_listener(const std::vector<tlsan::option>& checks,
                      const std::vector<gtest::option>& own);
bool enabled_by_environment();
// init()'s first half: --tlsan_gtest, then GoogleTest's own flags.
std::optional<bool> init_googletest(int* argc, char** argv);

template <class... Options>
bool install_with(const Options&... opts) {
  std::vector<tlsan::option> checks;
  std::vector<gtest::option> own;
  (sort_option(opts, checks, own), ...);
  return install_listener(checks, own);
}

template <class T>
constexpr bool is_option =
    std::is_same_v<T, tlsan::option> || std::is_same_v<T, gtest::option>;

}  // namespace tlsan::gtest::detail

TLSAN_BEGIN_EXPORT
namespace tlsan::gtest {

// Also checks the tests that already failed (by default they are not, so a
// failing test is not reported twice).
// Example: tlsan::gtest::install(tlsan::gtest::check_failed_tests_too());
[[nodiscard]] option check_failed_tests_too(bool on = true);

// The former name of check_failed_tests_too.
[[deprecated("use tlsan::gtest::check_failed_tests_too")]] [[nodiscard]]
inline option check_failed_tests(bool on = true) {
  return check_failed_tests_too(on);
}

// Installs the listener with `opts` (tlsan::option: ignores, retries;
// tlsan::gtest::option); the ignores also hold for the at-exit check and
// every other check of the process (see "Ignores" above). Call it from
// main() after
// testing::InitGoogleTest(), before RUN_ALL_TESTS(). Honours TLSAN_GTEST=0
// (not the flag: see init()). Returns true if the listener was installed:
// not when switched off, when tlsan is not active, in a death-test child,
// or when it already was.
// Example:
//   testing::InitGoogleTest(&argc, argv);
//   tlsan::gtest::install(tlsan::ignore_top_function("Poller::loop"));
//   return RUN_ALL_TESTS();
template <class... Options,
          std::enable_if_t<(detail::is_option<Options> && ...), int> = 0>
bool install(const Options&... opts) {
  if (!detail::enabled_by_environment()) return false;
  return detail::install_with(opts...);
}

// Replaces testing::InitGoogleTest(argc, argv): removes --tlsan_gtest[=V]
// from argv, initializes GoogleTest, then installs the listener unless
// --tlsan_gtest=0 (or, without the flag, TLSAN_GTEST=0). Returns what
// install() returns.
// Example:
//   int main(int argc, char** argv) {
//     tlsan::gtest::init(&argc, argv);
//     return RUN_ALL_TESTS();
//   }
template <class... Options,
          std::enable_if_t<(detail::is_option<Options> && ...), int> = 0>
bool init(int* argc, char** argv, const Options&... opts) {
  std::optional<bool> flag = detail::init_googletest(argc, argv);
  if (!flag.value_or(detail::enabled_by_environment())) return false;
  return detail::install_with(opts...);
}

}  // namespace tlsan::gtest
TLSAN_END_EXPORT

#endif  // TLSAN_GTEST_H_
