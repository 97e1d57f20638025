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
         suite.compare(0, t.test->size(), *t.test) == 0;
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
    suite_.emplace(name, checks);
  }

  void OnTestStart(const testing::TestInfo& test) override {
    test_.emplace(test_name(test), checks_);
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
    TLSAN_GTEST_TRY {
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
    }
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
    catch (const std::exception& e) {
      ADD_FAILURE() << "ThreadLeakSanitizer: the leak check of " << kind
                    << s.name() << " failed: " << e.what();
    }
#endif
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
    if (arg == kFlag || arg.substr(0, kFlag.size() + 1) == std::string(kFlag) + "=") {
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
bool install_listener(const std::vector<tlsan::option>& checks,
                      const std::vector<gtest::option>& own) {
  settings s;
  for (const gtest::option& o : own) access::apply(o, s);
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
