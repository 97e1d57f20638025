// tlsan_gtest.cppm - the C++20 module `tlsan.gtest`: GoogleTest fails the
// test that leaked a thread.
//
// Part of ThreadLeakSanitizer (tlsan).
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
//   |                  | checked, unless check_failed_tests().                   |
//   | OnTestSuiteEnd   | checks the threads created in the suite scope but       |
//   |                  | outside its tests (SetUpTestSuite, TearDownTestSuite,   |
//   |                  | and threads those created); any left fail the suite:    |
//   |                  | GoogleTest records a failure raised here as the suite's |
//   |                  | ("[  FAILED  ] Suite: SetUpTestSuite or                 |
//   |                  | TearDownTestSuite") and RUN_ALL_TESTS() returns 1.      |
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
//   import tlsan.gtest;
//   int main(int argc, char** argv) {
//     tlsan::gtest::init(&argc, argv, tlsan::ignore_name("io-*"));
//     return RUN_ALL_TESTS();
//   }
// or link tlsan::gtest_main instead of GTest::gtest_main.
module;

#include <gtest/gtest.h>
#include <pthread.h>
#include <sanitizer/tlsan_interface.h>

#include <atomic>
#include <concepts>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#pragma weak __tlsan_disable
#pragma weak __tlsan_ignore_thread_id

export module tlsan.gtest;

import tlsan;

namespace tlsan::gtest::detail {

struct settings {
  bool check_failed_tests = false;
};

struct access;

}  // namespace tlsan::gtest::detail

export namespace tlsan::gtest {

// An option of the GoogleTest integration itself (check_failed_tests);
// install() and init() also take every tlsan::option.
// Example: tlsan::gtest::install(tlsan::gtest::check_failed_tests());
class option {
 private:
  friend struct detail::access;
  explicit option(std::function<void(detail::settings&)> apply)
      : apply_(std::move(apply)) {}
  std::function<void(detail::settings&)> apply_;
};

}  // namespace tlsan::gtest

namespace tlsan::gtest::detail {

struct access {
  static option make(std::function<void(settings&)> f) {
    return option(std::move(f));
  }
  static void apply(const option& o, settings& s) { o.apply_(s); }
};

// True while a test runs on the listener's thread: a process forked then is
// a death-test child (or a test's own fork).
std::atomic<bool> test_running{false};

void after_fork_in_child() {
  if (test_running.load(std::memory_order_relaxed) &&
      &__tlsan_disable != nullptr)
    __tlsan_disable();
}

std::string test_name(const testing::TestInfo& test) {
  return std::string(test.test_suite_name()) + "." + test.name();
}

// Fails the current test (or, outside a test, the current suite) with one
// failure that lists every leaked thread, located where the first of them
// was created.
void add_failure(const std::string& headline, const tlsan::result& r) {
  std::string message = headline;
  const char* file = nullptr;
  int line = -1;
  std::string file_storage;
  for (const tlsan::leaked_thread& t : r.threads) {
    message += "\n  " + t.summary();
    if (file == nullptr)
      if (std::optional<tlsan::frame> f = t.creator(); f && !f->file.empty()) {
        file_storage = f->file;
        file = file_storage.c_str();
        line = f->line;
      }
  }
  if (!r.report.empty()) message += "\n\n" + r.report;
  ADD_FAILURE_AT(file, line) << message;
}

// Whether `t` was created in the scope of the suite `suite` itself rather
// than in one of its tests. The runtime keeps scope names short (119
// characters today): a long suite name comes back cut, and then its tests'
// names are cut to the same prefix; those threads count as the suite's.
bool is_suite_thread(const std::string& suite, const tlsan::leaked_thread& t) {
  if (!t.test) return false;
  if (*t.test == suite) return true;
  return t.test->size() >= 64 && t.test->size() < suite.size() &&
         suite.starts_with(*t.test);
}

// The GoogleTest listener (see the banner).
class listener final : public testing::EmptyTestEventListener {
 public:
  listener(std::vector<tlsan::option> checks, settings s)
      : checks_(std::move(checks)), settings_(s) {}

  ~listener() override {
    // Destroyed with GoogleTest's singleton, if ever: no checks then.
    if (test_) test_->dismiss();
    if (suite_) suite_->dismiss();
  }

  void OnTestSuiteStart(const testing::TestSuite& suite) override {
    // Keep only the threads created in the suite's own scope: the tests'
    // threads carry their test's name ("Suite.Test"), and were checked (or,
    // for failed tests, deliberately not) at the end of each test.
    std::string name = suite.name();
    std::vector<tlsan::option> checks = checks_;
    checks.push_back(tlsan::ignore_if([name](const tlsan::leaked_thread& t) {
      return !is_suite_thread(name, t);
    }));
    suite_.emplace(name, std::span<const tlsan::option>(checks));
  }

  void OnTestStart(const testing::TestInfo& test) override {
    test_.emplace(test_name(test), std::span<const tlsan::option>(checks_));
    test_running.store(true, std::memory_order_relaxed);
  }

  void OnTestEnd(const testing::TestInfo& test) override {
    test_running.store(false, std::memory_order_relaxed);
    if (!test_) return;
    if (!test.result()->Failed() || settings_.check_failed_tests)
      check("test ", *test_, "");
    test_->dismiss();
    test_.reset();
  }

  void OnTestSuiteEnd(const testing::TestSuite&) override {
    if (!suite_) return;
    check("test suite ", *suite_,
          " created outside its tests (in SetUpTestSuite or "
          "TearDownTestSuite, or by threads created there), still alive "
          "when the suite ended");
    suite_->dismiss();
    suite_.reset();
  }

 private:
  // Checks the scope `s` of a test or suite (`kind`: "test " or "test
  // suite "); a failure if threads are left. Builds no string when clean.
  static void check(const char* kind, const tlsan::scope& s,
                    const char* detail) {
    try {
      tlsan::result r = s.find_and_report();
      if (r) return;
      add_failure("ThreadLeakSanitizer: " + (kind + s.name()) + " leaked " +
                      std::to_string(r.threads.size()) + " thread(s)" +
                      detail + ":",
                  r);
      // Reported once: the test (or suite) that created them has failed;
      // the at-exit check does not report them again (a process-wide
      // singleton started in one test, such as a logger's pool, fails that
      // test only).
      if (&__tlsan_ignore_thread_id != nullptr)
        for (const tlsan::leaked_thread& t : r.threads)
          __tlsan_ignore_thread_id(t.id);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "ThreadLeakSanitizer: the leak check of " << kind
                    << s.name() << " failed: " << e.what();
    }
  }

  std::vector<tlsan::option> checks_;
  settings settings_;
  std::optional<tlsan::scope> suite_;
  std::optional<tlsan::scope> test_;
};

// Parses an on/off value; exits with status 1 on anything else, so that a
// typo never silently turns checking off.
bool parse_switch(const char* what, std::string_view v) {
  for (std::string_view on : {"", "1", "true", "yes", "on"})
    if (v == on) return true;
  for (std::string_view off : {"0", "false", "no", "off"})
    if (v == off) return false;
  std::fprintf(stderr, "tlsan.gtest: %s=%.*s: expected 0 or 1\n", what,
               static_cast<int>(v.size()), v.data());
  std::exit(1);
}

bool enabled_by_environment() {
  const char* env = std::getenv("TLSAN_GTEST");
  return env == nullptr || parse_switch("TLSAN_GTEST", env);
}

// Removes every --tlsan_gtest[=V] from argv; returns the last V (as a
// switch), or nullopt when there was none.
std::optional<bool> take_flag(int* argc, char** argv) {
  constexpr std::string_view kFlag = "--tlsan_gtest";
  std::optional<bool> value;
  int out = 1;
  for (int i = 1; i < *argc; i++) {
    std::string_view arg = argv[i];
    if (arg == kFlag || arg.starts_with(std::string(kFlag) + "=")) {
      std::string_view v = arg.substr(kFlag.size());
      if (!v.empty()) v.remove_prefix(1);
      value = parse_switch(std::string(kFlag).c_str(), v);
      continue;
    }
    argv[out++] = argv[i];
  }
  if (out < *argc) argv[out] = nullptr;
  *argc = out;
  return value;
}

// Appends the listener; false when it is not (tlsan inactive, death-test
// child, already installed).
bool install_listener(std::vector<tlsan::option> checks, settings s) {
  static bool installed = false;
  if (installed) return false;
  if (testing::internal::GetArgvs().empty())
    std::fprintf(stderr,
                 "tlsan.gtest: install() called before "
                 "testing::InitGoogleTest(): call it after, so that its "
                 "failures reach every printer\n");
  if (!GTEST_FLAG_GET(internal_run_death_test).empty()) {
    // A "threadsafe" death-test child: it runs one statement, then exits.
    if (&__tlsan_disable != nullptr && tlsan::active()) __tlsan_disable();
    return false;
  }
  if (!tlsan::active()) return false;
  installed = true;
  pthread_atfork(nullptr, nullptr, &after_fork_in_child);
  testing::UnitTest::GetInstance()->listeners().Append(
      new listener(std::move(checks), s));
  return true;
}

// Sorts an option of either kind into what it configures.
void sort_option(const tlsan::option& o, std::vector<tlsan::option>& checks,
                 settings&) {
  checks.push_back(o);
}
void sort_option(const option& o, std::vector<tlsan::option>&, settings& s) {
  access::apply(o, s);
}

template <class... Options>
bool install_with(const Options&... opts) {
  std::vector<tlsan::option> checks;
  settings s;
  (sort_option(opts, checks, s), ...);
  return install_listener(std::move(checks), s);
}

// init()'s first half: the flag, then GoogleTest's own flags.
std::optional<bool> init_googletest(int* argc, char** argv) {
  std::optional<bool> flag = take_flag(argc, argv);
  testing::InitGoogleTest(argc, argv);
  return flag;
}

}  // namespace tlsan::gtest::detail

export namespace tlsan::gtest {

// Also checks the tests that already failed (by default they are not, so a
// failing test is not reported twice).
// Example: tlsan::gtest::install(tlsan::gtest::check_failed_tests());
option check_failed_tests(bool on = true) {
  return detail::access::make(
      [on](detail::settings& s) { s.check_failed_tests = on; });
}

// Installs the listener with `opts` (tlsan::option: ignores, retries;
// tlsan::gtest::option). Call it from main() after
// testing::InitGoogleTest(), before RUN_ALL_TESTS(). Honours TLSAN_GTEST=0
// (not the flag: see init()). Returns true if the listener was installed:
// not when switched off, when tlsan is not active, in a death-test child,
// or when it already was.
// Example:
//   testing::InitGoogleTest(&argc, argv);
//   tlsan::gtest::install(tlsan::ignore_top_function("Poller::loop"));
//   return RUN_ALL_TESTS();
template <class... Options>
  requires((std::same_as<Options, tlsan::option> ||
            std::same_as<Options, option>) && ...)
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
template <class... Options>
  requires((std::same_as<Options, tlsan::option> ||
            std::same_as<Options, option>) && ...)
bool init(int* argc, char** argv, const Options&... opts) {
  std::optional<bool> flag = detail::init_googletest(argc, argv);
  if (!flag.value_or(detail::enabled_by_environment())) return false;
  return detail::install_with(opts...);
}

}  // namespace tlsan::gtest
