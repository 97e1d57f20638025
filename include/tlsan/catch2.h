// <tlsan/catch2.h> - Catch2 (v2) fails the test case that leaked a thread.
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Contract: a Catch2 v2 event listener (Catch::TestEventListenerBase), the
// Catch2 twin of the GoogleTest listener of the module tlsan.gtest. It runs
// on the thread that runs the test cases, inside Catch2's events:
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
// Needs Catch2 2.x (Debian: catch2 2.13) and C++17: built on the API's
// header form, <tlsan/tlsan.h> (the library tlsan::tlsan).
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

#include <sanitizer/tlsan_interface.h>

#include <cstdlib>
#include <deque>
#include <exception>
#include <optional>
#include <string>

#pragma weak __tlsan_ignore_thread_id

#include <tlsan/tlsan.h>

namespace tlsan::catch2 {

class listener : public Catch::TestEventListenerBase {
 public:
  using Catch::TestEventListenerBase::TestEventListenerBase;

  void sectionStarting(Catch::SectionInfo const& info) override {
    Catch::TestEventListenerBase::sectionStarting(info);
    // The outermost section is the test case itself (Catch2 opens it with
    // the test case's name for every run of the body).
    if (depth_++ != 0 || !enabled()) return;
    scope_.emplace(info.name);
    test_case_line_ = info.lineInfo;
  }

  void sectionEnded(Catch::SectionStats const& stats) override {
    Catch::TestEventListenerBase::sectionEnded(stats);
    if (--depth_ != 0 || !scope_) return;
    if (stats.assertions.failed == 0) check();
    scope_->dismiss();
    scope_.reset();
  }

 private:
  static bool enabled() {
    static const bool on = [] {
      const char* env = std::getenv("TLSAN_CATCH2");
      return env == nullptr || std::string(env) != "0";
    }();
    return on;
  }

  // Fails the current test case if threads of its scope are still alive.
  void check() {
    std::string message;
    // Located where the first thread was created, or, without line info
    // (no -g), where the test case is.
    Catch::SourceLineInfo where = test_case_line_;
    bool located = false;
    tlsan::result r;
    try {
      r = scope_->find();
      if (r) return;
      message = "ThreadLeakSanitizer: test case " + scope_->name() +
                " leaked " + std::to_string(r.threads.size()) + " thread(s):";
      for (const tlsan::leaked_thread& t : r.threads) {
        message += "\n  " + t.summary();
        if (located) continue;
        if (std::optional<tlsan::frame> f = t.creator();
            f && !f->file.empty() && f->line > 0) {
          // Reporters may keep the location: the string must outlive them.
          where = Catch::SourceLineInfo(keep(f->file),
                                        static_cast<std::size_t>(f->line));
          located = true;
        }
      }
      if (!r.report.empty()) message += "\n\n" + r.report;
    } catch (const std::exception& e) {
      message = tlsan::detail::error_line("the leak check of test case " +
                                          scope_->name() +
                                          " failed: " + e.what());
    }
    Catch::AssertionHandler handler(
        "TLSAN_THREAD_LEAK"_catch_sr, where,
        Catch::StringRef(), Catch::ResultDisposition::ContinueOnFailure);
    handler.handleMessage(Catch::ResultWas::ExplicitFailure, message);
    handler.complete();
    // Reported once: the at-exit check does not report them again.
    if (&__tlsan_ignore_thread_id != nullptr)
      for (const tlsan::leaked_thread& t : r.threads)
        __tlsan_ignore_thread_id(t.id);
  }

  const char* keep(const std::string& s) {
    return strings_.emplace_back(s).c_str();
  }

  int depth_ = 0;
  Catch::SourceLineInfo test_case_line_{"", 0};
  std::optional<tlsan::scope> scope_;
  std::deque<std::string> strings_;
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
