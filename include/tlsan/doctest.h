// <tlsan/doctest.h> - doctest fails the test case that leaked a thread.
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Contract: a doctest 2.4 listener (doctest::IReporter registered with
// REGISTER_LISTENER), the doctest twin of the GoogleTest listener
// (<tlsan/gtest.h>). doctest calls listeners before its reporters, on the
// thread that runs the test cases (the scope and the failure's text are
// shared with Catch2's listener: <tlsan/detail/test_case_check.h>):
//
//   | event           | what the listener does                               |
//   |-----------------|------------------------------------------------------|
//   | test_case_start | opens the scope named after the test case            |
//   |                 | (tlsan::scope): the threads the test case creates    |
//   |                 | (in any of its subcase runs), and those they create, |
//   |                 | belong to it                                         |
//   | test_case_end   | checks the scope's threads still alive (after the    |
//   |                 | runtime's retries); any left fail the test case: one |
//   |                 | failed check at the creating function's file:line,   |
//   |                 | naming each thread and where it was created, shown   |
//   |                 | by every reporter and counted in the run's totals    |
//   |                 | and exit status. Closes the scope. A test case that  |
//   |                 | already failed is not checked (its threads are left  |
//   |                 | to the at-exit check, which names the test).         |
//
// doctest adds up a test case's result before it tells reporters that the
// test case ended, and offers no public way to fail it then: the listener
// updates the counters doctest keeps in its implementation
// (doctest::detail::ContextState, doctest 2.4), so this header goes in the
// one file that implements doctest (DOCTEST_CONFIG_IMPLEMENT or
// DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN defined before <doctest/doctest.h>);
// or link the CMake target tlsan::doctest_main, which is that file.
//
// Threads reported here are then ignored by the runtime, so the at-exit
// check does not report them again. Off: TLSAN_DOCTEST=0 in the
// environment.
//
// Needs doctest 2.4 (Debian: doctest-dev 2.4.9) and C++17 (with or without
// exceptions): built on the API's header form, <tlsan/tlsan.h> (the library
// tlsan::tlsan).
//
// Example (your own main):
//   #define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
//   #include <doctest/doctest.h>
//   #include <tlsan/doctest.h>
//   TLSAN_DOCTEST_REGISTER_LISTENER();
#ifndef TLSAN_DOCTEST_H_
#define TLSAN_DOCTEST_H_

#include <doctest/doctest.h>

#if !defined(DOCTEST_CONFIG_IMPLEMENT)
#error "<tlsan/doctest.h>: include it where doctest is implemented (DOCTEST_CONFIG_IMPLEMENT)"
#endif
#if DOCTEST_VERSION_MAJOR != 2 || DOCTEST_VERSION_MINOR != 4
#error "<tlsan/doctest.h> needs doctest 2.4 (it updates doctest's internal counters)"
#endif

#include <tlsan/detail/test_case_check.h>

namespace tlsan::doctest {

class listener : public ::doctest::IReporter {
 public:
  explicit listener(const ::doctest::ContextOptions&) {}

  void test_case_start(const ::doctest::TestCaseData& test) override {
    test_ = &test;
    check_.begin(test.m_name);
  }

  void test_case_end(const ::doctest::CurrentTestCaseStats& stats) override {
    check_.end(stats.testCaseSuccess,
               [this](const tlsan::detail::test_case_failure& f) { fail(f); });
  }

  void report_query(const ::doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_run_end(const ::doctest::TestRunStats&) override {}
  void test_case_reenter(const ::doctest::TestCaseData&) override {}
  void test_case_exception(const ::doctest::TestCaseException&) override {}
  void subcase_start(const ::doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const ::doctest::AssertData&) override {}
  void log_message(const ::doctest::MessageData&) override {}
  void test_case_skipped(const ::doctest::TestCaseData&) override {}

 private:
  // One failed check of the current test case, located where the first
  // thread was created, or, without line info, where the test case is.
  void fail(const tlsan::detail::test_case_failure& f) {
    ::doctest::MessageData m;
    m.m_file = f.file != nullptr ? f.file : test_->m_file.c_str();
    m.m_line = f.file != nullptr ? f.line : static_cast<int>(test_->m_line);
    m.m_severity = ::doctest::assertType::is_check;
    m.m_string = f.message.c_str();
    report(m);
  }

  // Shows the failure through the other reporters and listeners, and counts
  // it as a failed check of the test case that passed until now (see the
  // file comment): the same counters finalizeTestCaseData() sets.
  void report(const ::doctest::MessageData& m) {
    ::doctest::detail::ContextState* cs = ::doctest::detail::g_cs;
    for (::doctest::IReporter* r : cs->reporters_currently_used)
      if (r != this) r->log_message(m);
    cs->numAssertsCurrentTest++;
    cs->numAssertsFailedCurrentTest++;
    cs->numAsserts++;
    cs->numAssertsFailed++;
    cs->failure_flags |= ::doctest::TestCaseFailureReason::AssertFailure;
    cs->testCaseSuccess = false;
    cs->numTestCasesFailed++;
  }

  const ::doctest::TestCaseData* test_ = nullptr;
  tlsan::detail::test_case_check check_{"TLSAN_DOCTEST"};
};

}  // namespace tlsan::doctest

// Registers tlsan::doctest::listener; in the file that implements doctest,
// once.
#define TLSAN_DOCTEST_REGISTER_LISTENER() \
  REGISTER_LISTENER("tlsan", 0, ::tlsan::doctest::listener)

#endif  // TLSAN_DOCTEST_H_
