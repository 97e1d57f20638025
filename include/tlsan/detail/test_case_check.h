// <tlsan/detail/test_case_check.h> - what the Catch2 and doctest listeners
// share: the scope of the running test case and the failure it leads to.
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Internal: included by <tlsan/catch2.h> and <tlsan/doctest.h>, not an API
// of its own. C++17, with or without exceptions.
//
// Contract: a test_case_check belongs to one listener and runs on the
// thread that runs the test cases.
//
//   | call            | what it does                                         |
//   |-----------------|------------------------------------------------------|
//   | begin(name)     | opens the scope `name` (tlsan::scope), unless the    |
//   |                 | listener's environment switch is 0                   |
//   | end(passed,     | if the test case passed: checks the scope (after the |
//   |     fail)       | runtime's retries, the report also to log_path /     |
//   |                 | report_format like the GoogleTest listener's); when  |
//   |                 | threads are left, calls fail(test_case_failure) --   |
//   |                 | the framework's own way to fail the test case -- and |
//   |                 | then marks those threads reported                    |
//   |                 | (__tlsan_ignore_thread_id) so the at-exit check does |
//   |                 | not report them again. Closes the scope.             |
//
// A test case that already failed is not checked: its threads are left to
// the at-exit check, which names the test case.
//
// Example (in a listener):
//   tlsan::detail::test_case_check check_{"TLSAN_CATCH2"};
//   check_.begin(name);  ...
//   check_.end(passed, [&](const tlsan::detail::test_case_failure& f) {
//     report(f.message, f.file, f.line);
//   });
#ifndef TLSAN_DETAIL_TEST_CASE_CHECK_H_
#define TLSAN_DETAIL_TEST_CASE_CHECK_H_

#include <sanitizer/tlsan_interface.h>
#include <tlsan/tlsan.h>

#include <cstdint>
#include <cstdlib>
#include <deque>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#pragma weak __tlsan_ignore_thread_id

namespace tlsan::detail {

// Why a test case fails: the failure's text (tlsan::detail::describe_leaks:
// a headline naming the test case, one summary line per thread, the report)
// and where to locate it.
struct test_case_failure {
  std::string message;
  // Where the first thread with line info was created; nullptr without
  // line info (no -g): locate the failure at the test case then. Valid as
  // long as the test_case_check that made it.
  const char* file = nullptr;
  int line = 0;
  std::vector<std::uint64_t> threads;  // the T<N> ids of the leaked threads
};

class test_case_check {
 public:
  // `env_switch`: the environment variable that turns the check off with 0.
  explicit test_case_check(const char* env_switch)
      : enabled_(switched_on(env_switch)) {}

  void begin(std::string_view name) {
    if (enabled_) scope_.emplace(name);
  }

  template <class Fail>
  void end(bool passed, Fail&& fail) {
    if (!scope_) return;
    if (passed) {
      if (std::optional<test_case_failure> f = check()) {
        fail(*f);
        // Reported once: the at-exit check does not report them again.
        if (&__tlsan_ignore_thread_id != nullptr)
          for (std::uint64_t id : f->threads) __tlsan_ignore_thread_id(id);
      }
    }
    scope_->dismiss();
    scope_.reset();
  }

 private:
  static bool switched_on(const char* env_switch) {
    const char* value = std::getenv(env_switch);
    return value == nullptr || std::string_view(value) != "0";
  }

  // The failure, if threads of the scope are still alive.
  std::optional<test_case_failure> check() {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
    try {
      return describe(scope_->find_and_report());
    } catch (const std::exception& e) {
      test_case_failure f;
      f.message = tlsan::detail::error_line("the leak check of test case " +
                                            scope_->name() +
                                            " failed: " + e.what());
      return f;
    }
#else
    return describe(scope_->find_and_report());
#endif
  }

  std::optional<test_case_failure> describe(const tlsan::result& r) {
    if (r) return std::nullopt;
    leak_failure d = describe_leaks("ThreadLeakSanitizer: test case " +
                                        scope_->name() + " leaked " +
                                        std::to_string(r.threads.size()) +
                                        " thread(s):",
                                    r);
    test_case_failure f;
    f.message = std::move(d.message);
    f.threads = std::move(d.threads);
    if (!d.file.empty()) {
      // Reporters may keep the file name: it lives as long as this.
      f.file = files_.emplace_back(std::move(d.file)).c_str();
      f.line = d.line;
    }
    return f;
  }

  bool enabled_;
  std::optional<tlsan::scope> scope_;
  std::deque<std::string> files_;
};

}  // namespace tlsan::detail

#endif  // TLSAN_DETAIL_TEST_CASE_CHECK_H_
