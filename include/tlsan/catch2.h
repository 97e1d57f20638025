// <tlsan/catch2.h> - Catch2 (v2) fails the test case that leaked a thread.
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Contract: a Catch2 v2 event listener (Catch::TestEventListenerBase), the
// Catch2 twin of the GoogleTest listener (<tlsan/gtest.h>). It runs on the
// thread that runs the test cases, inside Catch2's events (the scope and
// the failure's text are shared with doctest's listener:
// <tlsan/detail/test_case_check.h>):
//
//   | event                        | what the listener does                    |
//   |------------------------------|-------------------------------------------|
//   | sectionStarting, outermost   | opens the scope named after the test case |
//   | section (one run of the test | (tlsan::scope): the threads the test      |
//   | case body)                   | creates, and those they create, belong to |
//   |                              | it                                        |
//   | sectionEnded, outermost      | checks the scope's threads still alive    |
//   |                              | (after the runtime's retries); any left   |
//   |                              | fail that test case with one failed       |
//   |                              | assertion located at the creating         |
//   |                              | function's file:line, naming each thread  |
//   |                              | and where it was created; closes the      |
//   |                              | scope. A run that already failed is not   |
//   |                              | checked (its threads are left to the      |
//   |                              | at-exit check, which names the test).     |
//
// Catch2 calls listeners before its reporter, and adds up the test case's
// assertions after the outermost sectionEnded: an assertion raised there is
// the test case's own (console, JUnit and XML reporters show it under the
// test case's name; the exit status counts it). A test case with SECTIONs
// runs once per leaf section: each run is checked. Threads reported here
// are then ignored by the runtime, so the at-exit check does not report
// them again. Off: TLSAN_CATCH2=0 in the environment.
//
// Catch2 v2 declares its listener base only where it is implemented, so
// this header goes in the one file that defines CATCH_CONFIG_MAIN (or
// CATCH_CONFIG_RUNNER) before <catch2/catch.hpp>; or link the CMake target
// tlsan::catch2_main, which is that file.
//
// Needs Catch2 2.x (Debian: catch2 2.13) and C++17 (with or without
// exceptions): built on the API's header form, <tlsan/tlsan.h> (the library
// tlsan::tlsan).
//
// Example (your own main):
//   #define CATCH_CONFIG_MAIN
//   #include <catch2/catch.hpp>
//   #include <tlsan/catch2.h>
//   TLSAN_CATCH2_REGISTER_LISTENER();
#ifndef TLSAN_CATCH2_H_
#define TLSAN_CATCH2_H_

#include <catch2/catch.hpp>

#if !defined(CATCH_CONFIG_EXTERNAL_INTERFACES)
#error "<tlsan/catch2.h>: include it where CATCH_CONFIG_MAIN or CATCH_CONFIG_RUNNER is defined"
#endif

#include <tlsan/detail/test_case_check.h>

namespace tlsan::catch2 {

class listener : public Catch::TestEventListenerBase {
 public:
  using Catch::TestEventListenerBase::TestEventListenerBase;

  void sectionStarting(Catch::SectionInfo const& info) override {
    Catch::TestEventListenerBase::sectionStarting(info);
    // The outermost section is the test case itself (Catch2 opens it with
    // the test case's name for every run of the body).
    if (depth_++ != 0) return;
    test_case_line_ = info.lineInfo;
    check_.begin(info.name);
  }

  void sectionEnded(Catch::SectionStats const& stats) override {
    Catch::TestEventListenerBase::sectionEnded(stats);
    if (--depth_ != 0) return;
    check_.end(stats.assertions.failed == 0,
               [this](const tlsan::detail::test_case_failure& f) { fail(f); });
  }

 private:
  // One failed assertion of the current test case, located where the first
  // thread was created, or, without line info, where the test case is.
  void fail(const tlsan::detail::test_case_failure& f) const {
    Catch::SourceLineInfo where = test_case_line_;
    if (f.file != nullptr)
      where = Catch::SourceLineInfo(f.file, static_cast<std::size_t>(f.line));
    Catch::AssertionHandler handler(
        "TLSAN_THREAD_LEAK"_catch_sr, where, Catch::StringRef(),
        Catch::ResultDisposition::ContinueOnFailure);
    handler.handleMessage(Catch::ResultWas::ExplicitFailure, f.message);
    handler.complete();
  }

  int depth_ = 0;
  Catch::SourceLineInfo test_case_line_{"", 0};
  tlsan::detail::test_case_check check_{"TLSAN_CATCH2"};
};

}  // namespace tlsan::catch2

// Registers tlsan::catch2::listener; in the file that defines
// CATCH_CONFIG_MAIN, once. (CATCH_REGISTER_LISTENER pastes its argument
// into a name, so it cannot take a qualified name.)
#define TLSAN_CATCH2_REGISTER_LISTENER()                       \
  namespace {                                                  \
  const Catch::ListenerRegistrar<::tlsan::catch2::listener>    \
      tlsan_catch2_listener_registrar;                         \
  }                                                            \
  static_assert(true, "")

#endif  // TLSAN_CATCH2_H_
