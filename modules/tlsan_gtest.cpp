// tlsan_gtest.cpp - the bodies of the GoogleTest integration declared in
// <tlsan/gtest.h>: the listener, the --tlsan_gtest flag, init/install.
//
// Part of ThreadLeakSanitizer (tlsan). Compiled into the library
// tlsan::gtest (C++17, with or without exceptions); both `#include
// <tlsan/gtest.h>` and `import tlsan.gtest;` link it. See the header for
// what the listener does.
#include <tlsan/gtest.h>

#include <gtest/gtest.h>
#include <pthread.h>
#include <sanitizer/tlsan_interface.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

#pragma weak __tlsan_disable
#pragma weak __tlsan_ignore_thread_id

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#define TLSAN_GTEST_TRY try
#else
#define TLSAN_GTEST_TRY
#endif

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

// Where a failure is located when no thread's creator has file:line: the
// test (or the suite's first test), so that GoogleTest never says
// "unknown file" (it does for a null file).
struct location {
  const char* file = nullptr;
  int line = -1;
};

// Fails the current test (or, outside a test, the current suite) with one
// failure that lists every leaked thread (tlsan::detail::describe_leaks),
// located where the first of them was created, or at `fallback`. Returns
// the headline and the thread lines (without the report).
std::string add_failure(const std::string& headline, const tlsan::result& r,
                        location fallback) {
  tlsan::detail::leak_failure f = tlsan::detail::describe_leaks(headline, r);
  if (f.file.empty() && fallback.file != nullptr) {
    f.file = fallback.file;
    f.line = fallback.line;
  }
  ADD_FAILURE_AT(f.file.empty() ? nullptr : f.file.c_str(), f.line)
      << f.message;
  return f.listing;
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
    // Compared by scope id, not by name: names may be cut (the runtime
    // keeps 119 characters), ids are exact. The predicate only runs inside
    // suite_'s own check, while suite_ holds the scope.
    std::vector<tlsan::option> checks = checks_;
    checks.push_back(tlsan::ignore_if([this](const tlsan::leaked_thread& t) {
      return !suite_ || t.scope_id != suite_->id();
    }));
    suite_.emplace(suite.name(), checks);
  }

  void OnTestStart(const testing::TestInfo& test) override {
    test_.emplace(test_name(test), checks_);
    test_running.store(true, std::memory_order_relaxed);
  }

  void OnTestEnd(const testing::TestInfo& test) override {
    test_running.store(false, std::memory_order_relaxed);
    if (!test_) return;
    if (!test.result()->Failed() || settings_.check_failed_tests)
      check("test ", *test_, "", {test.file(), test.line()});
    test_->dismiss();
    test_.reset();
  }

  void OnTestSuiteEnd(const testing::TestSuite& suite) override {
    if (!suite_) return;
    location first_test;
    if (const testing::TestInfo* t = suite.GetTestInfo(0))
      first_test = {t->file(), t->line()};
    std::string listing =
        check("test suite ", *suite_,
              " created outside its tests (in SetUpTestSuite or "
              "TearDownTestSuite, or by threads created there), still alive "
              "when the suite ended",
              first_test);
    // The failure above goes to the suite's own result, which GoogleTest
    // shows on the console and in the exit status, but its XML and JSON
    // printers write only the tests' failures and those outside any suite
    // (gtest.cc, PrintXmlTestSuite). A property recorded now is the suite's
    // too, and those printers write it: <testsuite ...
    // tlsan_leaked_threads="...">.
    if (!listing.empty())
      testing::Test::RecordProperty("tlsan_leaked_threads", listing);
    suite_->dismiss();
    suite_.reset();
  }

 private:
  // Checks the scope `s` of a test or suite (`kind`: "test " or "test
  // suite "); a failure if threads are left, located at a creator's
  // file:line or else at `fallback`. Returns the failure's headline and
  // thread lines; empty (and builds no string) when clean.
  static std::string check(const char* kind, const tlsan::scope& s,
                           const char* detail, location fallback) {
    std::string listing;
    TLSAN_GTEST_TRY {
      tlsan::result r = s.find_and_report();
      if (r) return listing;
      listing = add_failure("ThreadLeakSanitizer: " + (kind + s.name()) +
                                " leaked " + std::to_string(r.threads.size()) +
                                " thread(s)" + detail + ":",
                            r, fallback);
      // Reported once: the test (or suite) that created them has failed;
      // the at-exit check does not report them again (a process-wide
      // singleton started in one test, such as a logger's pool, fails that
      // test only).
      if (&__tlsan_ignore_thread_id != nullptr)
        for (const tlsan::leaked_thread& t : r.threads)
          __tlsan_ignore_thread_id(t.id);
    }
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
    catch (const std::exception& e) {
      ADD_FAILURE() << tlsan::detail::error_line(
          std::string("the leak check of ") + kind + s.name() +
          " failed: " + e.what());
    }
#endif
    return listing;
  }

  std::vector<tlsan::option> checks_;
  settings settings_;
  std::optional<tlsan::scope> suite_;
  std::optional<tlsan::scope> test_;
};

// Parses an on/off value of `what` (e.g. "flag '--tlsan_gtest' in the
// command line"); on anything else, one error line in the runtime's form
// for a bad flag value and exit status 1, so that a typo never silently
// turns checking off.
bool parse_switch(const char* what, std::string_view v) {
  for (std::string_view on : {"", "1", "true", "yes", "on"})
    if (v == on) return true;
  for (std::string_view off : {"0", "false", "no", "off"})
    if (v == off) return false;
  tlsan::detail::print_error_line(
      std::string("invalid value for ") + what + ": '" + std::string(v) +
      "' (expected 0, 1, true, false, yes, no, on or off)");
  std::exit(1);
}

bool enabled_by_environment() {
  const char* env = std::getenv("TLSAN_GTEST");
  return env == nullptr ||
         parse_switch("variable 'TLSAN_GTEST' in the environment", env);
}

// Removes every --tlsan_gtest[=V] from argv; returns the last V (as a
// switch), or nullopt when there was none.
std::optional<bool> take_flag(int* argc, char** argv) {
  constexpr std::string_view kFlag = "--tlsan_gtest";
  std::optional<bool> value;
  int out = 1;
  for (int i = 1; i < *argc; i++) {
    std::string_view arg = argv[i];
    if (arg == kFlag || arg.substr(0, kFlag.size() + 1) == std::string(kFlag) + "=") {
      std::string_view v = arg.substr(kFlag.size());
      if (!v.empty()) v.remove_prefix(1);
      value = parse_switch("flag '--tlsan_gtest' in the command line", v);
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
bool install_listener(const std::vector<tlsan::option>& checks,
                      const std::vector<gtest::option>& own) {
  settings s;
  for (const gtest::option& o : own) access::apply(o, s);
  static bool installed = false;
  if (installed) return false;
  if (testing::internal::GetArgvs().empty())
    tlsan::detail::print_error_line(
        "tlsan::gtest::install() called before testing::InitGoogleTest(): "
        "call it after, so that its failures reach every printer",
        /*warning=*/true);
  if (!GTEST_FLAG_GET(internal_run_death_test).empty()) {
    // A "threadsafe" death-test child: it runs one statement, then exits.
    if (&__tlsan_disable != nullptr && tlsan::active()) __tlsan_disable();
    return false;
  }
  if (!tlsan::active()) return false;
  installed = true;
  // The ignores hold for the whole process: the at-exit check too.
  tlsan::detail::set_process_filter(checks.data(), checks.size());
  pthread_atfork(nullptr, nullptr, &after_fork_in_child);
  testing::UnitTest::GetInstance()->listeners().Append(
      new listener(checks, s));
  return true;
}


std::optional<bool> init_googletest(int* argc, char** argv) {
  std::optional<bool> flag = take_flag(argc, argv);
  testing::InitGoogleTest(argc, argv);
  return flag;
}

}  // namespace tlsan::gtest::detail

namespace tlsan::gtest {

option check_failed_tests_too(bool on) {
  return detail::access::make(
      [on](detail::settings& s) { s.check_failed_tests = on; });
}

}  // namespace tlsan::gtest
