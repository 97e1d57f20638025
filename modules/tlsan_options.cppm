// tlsan_options.cppm - partition `tlsan:options`: the options of a check,
// as typed values, in the spirit of goleak's functional options.
//
// Part of ThreadLeakSanitizer (tlsan). Re-exported by `import tlsan;`.
//
// Contract: an option is made only by the functions below and applied when
// a check starts (tlsan::find, tlsan::verify_none, tlsan::scope,
// tlsan::gtest::install). Two kinds, so that misuse does not compile:
//
//   | type           | made by                                   | taken by          |
//   |----------------|-------------------------------------------|-------------------|
//   | option         | ignore_*, max_retries, max_sleep,         | find, verify_none,|
//   |                | symbolize (ignore_current: partition      | scope, gtest      |
//   |                | :check, it runs a check)                  |                   |
//   | verify_option  | exit_on_leak, cleanup                     | verify_none, scope|
//
// Options are copyable values; the matching runs on the calling thread
// while the check filters its leaked threads (the C ABI's `filter`).
//
// Example:
//   tlsan::find(tlsan::ignore_top_function("Poller::loop"),
//               tlsan::ignore_name("io-*"), tlsan::max_retries(5));
module;

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

export module tlsan:options;

import :detail;
import :leak;

namespace tlsan::detail {

// Which part of a leaked thread an ignore pattern is matched against.
enum class match_on {
  top_function,  // leaked_thread::top_function(), or the first frame of the
                 // same stack outside std::/libstdc++/libc/pthread code
  any_function,  // any frame of the creation stack or of the current stack
  creator,       // leaked_thread::creator()
  name,          // the thread's name, as a glob
};

struct pattern {
  match_on on;
  std::string text;
};

// What a check looks at and how long it waits; options fill it in.
struct check_settings {
  std::optional<int> max_retries;
  std::optional<int> max_sleep_ms;
  std::optional<bool> symbolize;
  unsigned scope = 0;  // 0: every thread
  std::vector<pattern> patterns;
  std::vector<std::uint64_t> ignore_ids;
  std::vector<std::function<bool(const leaked_thread&)>> predicates;
  // __tlsan_check_options::report_to_sink: 0 (a query), 1 (verify_none, a
  // scope's end), 2 (test frameworks, which print the text themselves).
  int report_to_sink = 0;

  bool matches_functions() const {
    for (const pattern& p : patterns)
      if (p.on != match_on::name) return true;
    return false;
  }
  bool needs_filter() const {
    return !patterns.empty() || !predicates.empty();
  }
  // Whether an option says to ignore `t`.
  bool ignores(const leaked_thread& t) const;
};

// What verify_none (and a scope's destructor) does when threads leaked.
struct verify_settings {
  std::optional<int> exit_status;     // exit_on_leak; 0: the exitcode flag
  std::function<void(int)> cleanup;   // cleanup: called instead of exiting
};

bool frame_matches(const frame& f, const std::string& pattern) {
  return function_matches(f.function, pattern);
}

// The first frame of the stack top_function() looks at that is the
// program's own (see leaked_thread::creator_frame).
const frame* first_program_frame(const leaked_thread& t) {
  const std::vector<frame>& s = t.stack.empty() ? t.creation_stack : t.stack;
  std::optional<std::size_t> i =
      t.stack.empty() ? t.creator_frame : t.stack_program_frame;
  return i && *i < s.size() ? &s[*i] : nullptr;
}

bool check_settings::ignores(const leaked_thread& t) const {
  for (const pattern& p : patterns) {
    switch (p.on) {
      case match_on::top_function: {
        if (function_matches(t.top_function(), p.text)) return true;
        const frame* f = first_program_frame(t);
        if (f && frame_matches(*f, p.text)) return true;
        break;
      }
      case match_on::any_function:
        for (const std::vector<frame>* s : {&t.creation_stack, &t.stack})
          for (const frame& f : *s)
            if (frame_matches(f, p.text)) return true;
        break;
      case match_on::creator:
        if (std::optional<frame> f = t.creator(); f && frame_matches(*f, p.text))
          return true;
        break;
      case match_on::name:
        if (t.name && glob_match(p.text, *t.name)) return true;
        break;
    }
  }
  for (const auto& predicate : predicates)
    if (predicate(t)) return true;
  return false;
}

struct access;

}  // namespace tlsan::detail

export namespace tlsan {

// An option of a check: what to ignore, how long to wait for lingering
// threads. Made by the functions below; copyable.
// Example: std::vector<tlsan::option> opts{tlsan::ignore_name("io-*")};
class option {
 private:
  friend struct detail::access;
  explicit option(std::function<void(detail::check_settings&)> apply)
      : apply_(std::move(apply)) {}
  std::function<void(detail::check_settings&)> apply_;
};

// What tlsan::verify_none and tlsan::scope do when threads leaked
// (exit_on_leak, cleanup). By default they print the report and go on.
// Example: tlsan::verify_none(tlsan::exit_on_leak());
class verify_option {
 private:
  friend struct detail::access;
  explicit verify_option(std::function<void(detail::verify_settings&)> apply)
      : apply_(std::move(apply)) {}
  std::function<void(detail::verify_settings&)> apply_;
};

}  // namespace tlsan

namespace tlsan::detail {

struct access {
  static option make(std::function<void(check_settings&)> f) {
    return option(std::move(f));
  }
  static verify_option make_verify(std::function<void(verify_settings&)> f) {
    return verify_option(std::move(f));
  }
  static void apply(const option& o, check_settings& s) { o.apply_(s); }
  static void apply(const verify_option& o, verify_settings& s) {
    o.apply_(s);
  }
};

option ignore_pattern(match_on on, std::string_view text, const char* what) {
  if (text.empty())
    throw std::invalid_argument(std::string("tlsan::") + what +
                                ": empty pattern");
  return access::make([p = pattern{on, std::string(text)}](check_settings& s) {
    s.patterns.push_back(p);
  });
}

}  // namespace tlsan::detail

export namespace tlsan {

// Ignores threads whose top function is `function`: the function it blocks
// in (the first frame of its current stack, else of its creation stack), or
// the first of those frames that is the program's own, so both
// "std::condition_variable::wait" and "Poller::loop" work. Names match with
// or without parameters, return type and trailing template arguments.
// Like goleak.IgnoreTopFunction.
// Example: tlsan::find(tlsan::ignore_top_function("Poller::loop"));
option ignore_top_function(std::string_view function) {
  return detail::ignore_pattern(detail::match_on::top_function, function,
                                "ignore_top_function");
}

// Ignores threads with `function` in any frame of their creation stack or
// current stack. Like goleak.IgnoreAnyFunction.
// Example: tlsan::find(tlsan::ignore_any_function("ThreadPool::start"));
option ignore_any_function(std::string_view function) {
  return detail::ignore_pattern(detail::match_on::any_function, function,
                                "ignore_any_function");
}

// Ignores threads created by `function`: the first creation-stack frame
// that is not std::, libstdc++, libc or pthread code (leaked_thread::creator).
// Example: tlsan::find(tlsan::ignore_creator("start_background_logger"));
option ignore_creator(std::string_view function) {
  return detail::ignore_pattern(detail::match_on::creator, function,
                                "ignore_creator");
}

// Ignores threads whose name (pthread_setname_np) matches `glob`, where `*`
// matches any run of characters and the whole name must match. Unnamed
// threads never match.
// Example: tlsan::find(tlsan::ignore_name("io-*"));
option ignore_name(std::string_view glob) {
  return detail::ignore_pattern(detail::match_on::name, glob, "ignore_name");
}

// Ignores threads for which `predicate` returns true. It runs on the
// checking thread, for leaked threads only; an exception it throws is
// rethrown by the check.
// Example: tlsan::find(tlsan::ignore_if([](const tlsan::leaked_thread& t) {
//            return t.state == tlsan::thread_state::finished; }));
option ignore_if(std::function<bool(const leaked_thread&)> predicate) {
  if (!predicate) throw std::invalid_argument("tlsan::ignore_if: empty predicate");
  return detail::access::make([p = std::move(predicate)](detail::check_settings& s) {
    s.predicates.push_back(p);
  });
}

// Re-checks lingering threads up to `n` times before reporting them
// (default: the flag max_retries, 20). 0: report at the first look.
// Like goleak.MaxRetryAttempts.
// Example: tlsan::find(tlsan::max_retries(0));
option max_retries(int n) {
  if (n < 0) throw std::invalid_argument("tlsan::max_retries: negative");
  return detail::access::make([n](detail::check_settings& s) { s.max_retries = n; });
}

// The longest sleep between re-checks (default: the flag max_sleep_ms,
// 100 ms); sleeps grow 1, 2, 4... us up to it. Like goleak.MaxSleepInterval.
// Example: tlsan::find(tlsan::max_sleep(std::chrono::milliseconds(10)));
option max_sleep(std::chrono::milliseconds d) {
  if (d.count() < 0) throw std::invalid_argument("tlsan::max_sleep: negative");
  int ms = d.count() > 1000000 ? 1000000 : static_cast<int>(d.count());
  return detail::access::make([ms](detail::check_settings& s) { s.max_sleep_ms = ms; });
}

// Symbolizes stacks (default: the flag symbolize, 1). Function ignores need
// symbols: with them, a check symbolizes unless symbolize(false) is given.
// Example: tlsan::find(tlsan::symbolize(false));
option symbolize(bool on) {
  return detail::access::make([on](detail::check_settings& s) { s.symbolize = on; });
}

// verify_none / scope: when threads leaked, exit the process at once with
// `status` (1..255; without it, the runtime's `exitcode` flag, default 23,
// like the at-exit check) after printing the report; stdio is flushed,
// destructors and at-exit handlers do not run (as __tlsan_do_leak_check), so
// the at-exit check does not report them again.
// Example: tlsan::verify_none(tlsan::exit_on_leak());
verify_option exit_on_leak() {
  return detail::access::make_verify(
      [](detail::verify_settings& s) { s.exit_status = 0; });
}
verify_option exit_on_leak(int status) {
  if (status < 1 || status > 255)
    throw std::invalid_argument("tlsan::exit_on_leak: status not in 1..255");
  return detail::access::make_verify(
      [status](detail::verify_settings& s) { s.exit_status = status; });
}

// verify_none / scope: call `fn` with the outcome's exit status (0 when
// nothing leaked, else exit_on_leak's status or the runtime's `exitcode`
// flag) instead of exiting.
// Like goleak.Cleanup.
// Example: tlsan::verify_none(tlsan::cleanup([](int status) { std::exit(status); }));
verify_option cleanup(std::function<void(int)> fn) {
  if (!fn) throw std::invalid_argument("tlsan::cleanup: empty function");
  return detail::access::make_verify(
      [f = std::move(fn)](detail::verify_settings& s) { s.cleanup = f; });
}

}  // namespace tlsan
