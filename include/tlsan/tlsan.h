// tlsan/tlsan.h - the C++ API of ThreadLeakSanitizer: typed leak checks.
//
// Part of ThreadLeakSanitizer (tlsan).
//
// One API in two forms, declared once, here (fmt's pattern):
//   #include <tlsan/tlsan.h>   C++17 and later, any compiler (g++ >= 9,
//                              clang >= 9), with or without exceptions;
//   import tlsan;              C++20 modules: modules/tlsan.cppm includes
//                              this header in its purview with TLSAN_EXPORT
//                              defined as `export`.
// The bodies are in modules/tlsan.cpp, compiled into the library
// tlsan::tlsan (CMake), which both forms link.
//
// Contract: a thin layer over the C ABI (<sanitizer/tlsan_interface.h>):
// it copies what the runtime reports into values. Checks may run on any
// thread, concurrently; a scope belongs to the thread that opened it.
// Without the runtime (not linked, nor LD_PRELOADed: the library refers to
// it weakly) or with detect_leaks=0, checks find nothing and active() is
// false.
//
//   | declared here  | what                                                 |
//   |----------------|------------------------------------------------------|
//   | values         | frame, blocked_on, thread_state, to_string,          |
//   |                | leaked_thread, result                                |
//   | options        | option, verify_option, ignore_top_function,          |
//   |                | ignore_any_function, ignore_creator, ignore_name,    |
//   |                | ignore_if, max_retries, max_sleep, symbolize,        |
//   |                | exit_on_leak, cleanup                                |
//   | checks         | active, find, ignore_current, verify_none, scope     |
//
// A bad option value (an empty pattern, a negative count) throws
// std::invalid_argument, whose what() says what and why in the form of the
// runtime's flag errors: "invalid value for option tlsan::max_retries: '-1'
// (expected 0 or more)". Built without exceptions (-fno-exceptions), it
// prints that as one error line, as the runtime prints its own:
// "==<pid>==ERROR: ThreadLeakSanitizer: invalid value for option ...", and
// aborts. Every error the C++ API and the test-framework listeners print
// has that form (detail::error_line).
//
// Example:
//   #include <tlsan/tlsan.h>   // or: import tlsan;
//   tlsan::result r = tlsan::find(tlsan::ignore_name("io-*"));
//   for (const tlsan::leaked_thread& t : r.threads)
//     std::cerr << t.summary() << "\n";
//   tlsan::verify_none(tlsan::exit_on_leak());  // exits with `exitcode` on leak
#ifndef TLSAN_TLSAN_H_
#define TLSAN_TLSAN_H_

// In the module, the standard headers are in its global module fragment.
#ifndef TLSAN_MODULE
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>
#if __cplusplus >= 202002L && __has_include(<span>)
#include <span>
#endif
#endif

// TLSAN_EXPORT marks what `import tlsan;` exports; empty in the header form.
#ifndef TLSAN_EXPORT
#define TLSAN_EXPORT
#define TLSAN_BEGIN_EXPORT
#define TLSAN_END_EXPORT
#endif

#if defined(__cpp_lib_span) && __cpp_lib_span >= 202002L
#define TLSAN_HAS_SPAN 1
#else
#define TLSAN_HAS_SPAN 0
#endif

TLSAN_BEGIN_EXPORT
namespace tlsan {

// One frame of a symbolized stack.
// Example: std::cerr << f.function << " " << f.file << ":" << f.line;
struct frame {
  std::uintptr_t pc = 0;
  std::string function;  // demangled; empty when unknown
  std::string file;      // empty when unknown
  int line = 0;          // 0 when unknown
  int column = 0;        // 0 when unknown
  std::string module;    // the executable or shared library; may be empty
  std::uintptr_t module_offset = 0;
};

// What a blocked thread waits on (JSON "blocked_on").
// Example: if (t.blocked && t.blocked->kind == "condvar") ...
struct blocked_on {
  std::string kind;  // "mutex", "condvar", "io", "futex", "join", ...
  std::string call;  // "pthread_cond_wait", "read", "futex", ...
  std::uintptr_t object = 0;  // 0 when unknown; the fd for "io"
  int owner_tid = 0;          // who holds it; 0 when unknown
  std::optional<std::chrono::milliseconds> since;  // how long it has waited
};

// The state of a leaked thread (JSON "state").
enum class thread_state {
  blocked,   // waits in a blocking call (see leaked_thread::blocked)
  running,   // alive and not blocked in a call tlsan knows
  finished,  // left its start routine, never joined (its stack is not freed)
};

// "blocked", "running" or "finished", as in the JSON report.
// Example: std::cerr << tlsan::to_string(t.state);
std::string_view to_string(thread_state s) noexcept;

// A leaked thread: the fields of the JSON report (docs/json-report.md), as
// values that own their strings and outlive the check.
// Example: EXPECT_EQ(t.name.value_or(""), "worker");
struct leaked_thread {
  std::uint64_t id = 0;     // the N of T<N>: creation order, unique
  std::string thread;       // "T<N>"
  int tid = 0;              // kernel thread id (0 if it never started)
  std::optional<std::string> name;  // pthread_setname_np, if named
  thread_state state = thread_state::running;
  bool detached = false;
  bool foreign = false;     // not created through an intercepted call
  int created_by = 0;       // creator's kernel tid (the pid for main; 0
                            // for foreign threads)
  std::uint64_t created_by_id = 0;  // creator's T<N>; 0: main or unknown
  std::optional<std::string> test;  // test (scope) active at creation
  unsigned scope_id = 0;  // that scope's id (tlsan::scope::id()); 0: none
  std::optional<tlsan::blocked_on> blocked;  // set when state == blocked
  std::vector<int> deadlock;        // tids of its deadlock cycle, if any
  // Why it can never wake up, when the wait-for graph tells: "deadlock",
  // "self_deadlock", "abandoned" (the holder is gone), "chain" (it waits on
  // a thread that is itself leaked).
  std::optional<std::string> cause;
  bool spinning = false;            // running, and used CPU during the check
  std::optional<std::string> owner_thread;  // "T<N>" holding what it waits on
  // What it is doing, in the runtime's words, the same in every report
  // format: "blocked in pthread_cond_wait on condvar 0x7f.., for 40 ms".
  std::string description;
  std::vector<frame> creation_stack;  // where it was created, innermost first
  std::vector<frame> stack;           // where it blocks, when known
  // The first frame of each stack that is the program's own rather than the
  // C/C++ runtime's (std::, pthread_*, libc, libstdc++...), by the
  // runtime's rule, the one its reports and suppressions use.
  std::optional<std::size_t> creator_frame;        // in creation_stack
  std::optional<std::size_t> stack_program_frame;  // in stack

  // The function it blocks in: the first frame of `stack`, or of
  // `creation_stack` when `stack` is empty; empty when unknown.
  // Example: if (t.top_function() == "Poller::loop()") ...
  [[nodiscard]] std::string_view top_function() const noexcept;

  // The frame that created it: the first creation-stack frame that is not
  // std::, libstdc++, libc or pthread code (std::thread's constructor and
  // pthread_create are skipped). Empty for foreign threads.
  // Example: std::cerr << t.creator().value_or(tlsan::frame{}).function;
  [[nodiscard]] std::optional<frame> creator() const;

  // One line: thread, name, tid, state, what it waits on, its creator,
  // and the test it was created in. Example:
  //   T3 'worker' (tid=4711), blocked in pthread_cond_wait (condvar),
  //   created by start_worker() at worker.cpp:12, during test Pool.Stops
  // Without debug info, the creator's module and offset instead of
  // file:line: "created by start_worker() in /bin/app+0x1a2b".
  // Example: ADD_FAILURE() << t.summary();
  [[nodiscard]] std::string summary() const;
};

// The outcome of a check: the leaked threads and the text report.
// Converts to true when nothing leaked (like an "ok" status).
// Example: if (tlsan::result r = tlsan::find(); !r) std::cerr << r.report;
struct [[nodiscard]] result {
  std::vector<leaked_thread> threads;
  std::string report;  // the text report; empty when nothing leaked
  explicit operator bool() const noexcept { return threads.empty(); }
};

}  // namespace tlsan
TLSAN_END_EXPORT

// Internals: not exported by the module; do not use them.
namespace tlsan {
class option;
class verify_option;
namespace detail {

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

  bool matches_functions() const;
  bool needs_filter() const;
  // Whether an option says to ignore `t`.
  bool ignores(const leaked_thread& t) const;
};

// What verify_none (and a scope's destructor) does when threads leaked.
struct verify_settings {
  std::optional<int> exit_status;     // exit_on_leak; 0: the exitcode flag
  std::function<void(int)> cleanup;   // cleanup: called instead of exiting
};

struct access;

// Applies an option of either kind to the settings it is for.
void apply_either(const option& o, check_settings& checks, verify_settings&);
void apply_either(const verify_option& o, check_settings&,
                  verify_settings& ends);

// verify_none's body: the runtime writes the report where the at-exit
// check's goes (log_path, report_format), then exit or call cleanup.
bool verify(const check_settings& checks, const verify_settings& ends);

// Makes the ignores among `opts` (ignore_* options, ignore_if predicates,
// ignore_current's snapshot) the runtime's process filter
// (__tlsan_set_filter): every later check in the process applies them, the
// at-exit check included. The settings are copied to the heap and never
// destroyed: the filter runs at exit, after static destructors. A predicate
// that throws there keeps its thread (one line on stderr says so). Returns
// false, changing nothing, without the runtime or when `opts` ignore
// nothing. For the test-framework integrations (tlsan::gtest::install).
bool set_process_filter(const option* opts, std::size_t count);

// tlsan's one form of an error (or, with `warning`, a warning) line, the
// runtime's (the sanitizers'): "==<pid>==ERROR: ThreadLeakSanitizer:
// <what>", no newline; <what> is "<problem> <subject>: '<value>' (expected
// <what is valid>)" for a bad value, "<what failed>: <why>" otherwise.
// Example: error_line("the leak check of scope 'io' failed: boom")
//   -> "==4711==ERROR: ThreadLeakSanitizer: the leak check of scope 'io' failed: boom"
std::string error_line(std::string_view what, bool warning = false);

// error_line(what, warning) and a newline on stderr. Never throws.
void print_error_line(std::string_view what, bool warning = false) noexcept;

// What a test framework's failure for leaked threads says (the GoogleTest,
// Catch2 and doctest listeners): `listing` is `headline`, one summary line
// per thread and, when a creating frame lacks file:line (no -g), the line
// "file:line needs debug info: build with -g"; `message` is the listing and
// the runtime's text report, which then leaves that line out (said once).
// `file`:`line` is where the first thread with line info was created (file
// empty and line -1 if none); `threads` the T<N> ids.
struct leak_failure {
  std::string listing;
  std::string message;
  std::string file;
  int line = -1;
  std::vector<std::uint64_t> threads;
};
leak_failure describe_leaks(const std::string& headline, const result& r);

template <class T, class... U>
constexpr bool one_of = (std::is_same_v<T, U> || ...);

}  // namespace detail
}  // namespace tlsan

TLSAN_BEGIN_EXPORT
namespace tlsan {

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

// Ignores threads whose top function is `function`: the function it blocks
// in (the first frame of its current stack, else of its creation stack), or
// the first of those frames that is the program's own, so both
// "std::condition_variable::wait" and "Poller::loop" work. Names match with
// or without parameters, return type, trailing template arguments and
// leading namespaces (cut at a `::`, never inside a name: "loop" matches
// "ns::Poller::loop()", "oop" does not), by the runtime's one matcher
// (__tlsan_function_matches). Like goleak.IgnoreTopFunction.
// Example: tlsan::find(tlsan::ignore_top_function("Poller::loop"));
[[nodiscard]] option ignore_top_function(std::string_view function);

// Ignores threads with `function` in any frame of their creation stack or
// current stack, names matched as for ignore_top_function. Like
// goleak.IgnoreAnyFunction.
// Example: tlsan::find(tlsan::ignore_any_function("ThreadPool::start"));
[[nodiscard]] option ignore_any_function(std::string_view function);

// Ignores threads created by `function`: the first creation-stack frame
// that is not std::, libstdc++, libc or pthread code (leaked_thread::creator),
// names matched as for ignore_top_function: "PosixEnv::Schedule" matches
// "leveldb::(anonymous namespace)::PosixEnv::Schedule(std::function<...>)",
// "Env::Schedule" does not (the runtime's rule, __tlsan_function_matches).
// Example: tlsan::find(tlsan::ignore_creator("start_background_logger"));
[[nodiscard]] option ignore_creator(std::string_view function);

// Ignores threads whose name (pthread_setname_np) matches `glob`, where `*`
// matches any run of characters and the whole name must match. Unnamed
// threads never match.
// Example: tlsan::find(tlsan::ignore_name("io-*"));
[[nodiscard]] option ignore_name(std::string_view glob);

// Ignores threads for which `predicate` returns true. It runs on the
// checking thread, for leaked threads only; an exception it throws is
// rethrown by the check.
// Example: tlsan::find(tlsan::ignore_if([](const tlsan::leaked_thread& t) {
//            return t.state == tlsan::thread_state::finished; }));
[[nodiscard]] option ignore_if(
    std::function<bool(const leaked_thread&)> predicate);

// Re-checks lingering threads up to `n` times before reporting them
// (default: the flag max_retries, 20). 0: report at the first look.
// Like goleak.MaxRetryAttempts.
// Example: tlsan::find(tlsan::max_retries(0));
[[nodiscard]] option max_retries(int n);

// The longest sleep between re-checks (default: the flag max_sleep_ms,
// 100 ms); sleeps grow 1, 2, 4... us up to it. Like goleak.MaxSleepInterval.
// Example: tlsan::find(tlsan::max_sleep(std::chrono::milliseconds(10)));
[[nodiscard]] option max_sleep(std::chrono::milliseconds d);

// Symbolizes stacks (default: the flag symbolize, 1). Function ignores need
// symbols: with them, a check symbolizes unless symbolize(false) is given.
// Example: tlsan::find(tlsan::symbolize(false));
[[nodiscard]] option symbolize(bool on);

// verify_none / scope: when threads leaked, exit the process at once with
// `status` (1..255; without it, the runtime's `exitcode` flag, default 23,
// like the at-exit check) after printing the report; stdio is flushed,
// destructors and at-exit handlers do not run (as __tlsan_do_leak_check), so
// the at-exit check does not report them again.
// Example: tlsan::verify_none(tlsan::exit_on_leak());
[[nodiscard]] verify_option exit_on_leak();
[[nodiscard]] verify_option exit_on_leak(int status);

// verify_none / scope: call `fn` with the outcome's exit status (0 when
// nothing leaked, else exit_on_leak's status or the runtime's `exitcode`
// flag) instead of exiting. Like goleak.Cleanup.
// Example: tlsan::verify_none(tlsan::cleanup([](int status) { std::exit(status); }));
[[nodiscard]] verify_option cleanup(std::function<void(int)> fn);

// True when the runtime is loaded and detect_leaks is on.
// Example: if (!tlsan::active()) GTEST_SKIP() << "built without tlsan";
[[nodiscard]] bool active() noexcept;

// Runs the leak pass now and returns the leaked threads as values, with the
// text report. The calling thread and the main thread are never reported.
// Lingering threads are re-checked (max_retries, max_sleep) first.
// Like goleak.Find.
// Example: tlsan::result r = tlsan::find(tlsan::ignore_name("io-*"));
result find(const option* opts, std::size_t count);
inline result find(const std::vector<option>& opts) {
  return find(opts.data(), opts.size());
}
#if TLSAN_HAS_SPAN
inline result find(std::span<const option> opts) {
  return find(opts.data(), opts.size());
}
#endif

// The same, with the options as arguments.
// Example: if (auto r = tlsan::find(tlsan::max_retries(0)); !r) std::cerr << r.report;
template <class... Options,
          std::enable_if_t<(std::is_same_v<Options, option> && ...), int> = 0>
result find(const Options&... opts) {
  const std::initializer_list<option> list{opts...};
  return find(list.begin(), list.size());
}

// Ignores the threads alive now (a snapshot: a quick check, no retries,
// taken when this is called), and the calling thread. Like
// goleak.IgnoreCurrent.
// Example: auto existing = tlsan::ignore_current(); run(); tlsan::verify_none(existing);
[[nodiscard]] option ignore_current();

// For code without GoogleTest, like goleak.VerifyNone: checks, and if
// threads leaked prints the report to stderr. Then, by the options: exits
// (exit_on_leak), or calls cleanup(status), or just returns. Returns true
// when nothing leaked.
// Example: int main() { run(); return tlsan::verify_none() ? 0 : 1; }
template <class... Options,
          std::enable_if_t<(detail::one_of<Options, option, verify_option> &&
                            ...),
                           int> = 0>
bool verify_none(const Options&... opts) {
  detail::check_settings checks;
  detail::verify_settings ends;
  (detail::apply_either(opts, checks, ends), ...);
  return detail::verify(checks, ends);
}

// A scope guard: the threads created on this thread while it lives, and the
// threads those threads create in turn, belong to it; its checks look at
// them only, so threads created earlier or by other threads (parallel
// tests, background pools) do not interfere. On destruction it checks like
// verify_none (with its options) unless dismissed, then closes. Scopes nest;
// destroy them on the thread that made them, innermost first. Reports say
// "created during test <name>".
// Example:
//   {
//     tlsan::scope s("Pool.StopsCleanly", tlsan::exit_on_leak());
//     Pool pool(4);
//     pool.stop();
//   }  // exits with the exitcode flag's status if a pool thread is alive
class scope {
 public:
  // Opens a scope named `name` with options of either kind.
  // Example: tlsan::scope s("load test", tlsan::max_retries(50));
  template <class... Options,
            std::enable_if_t<
                (detail::one_of<Options, option, verify_option> && ...),
                int> = 0>
  explicit scope(std::string_view name, const Options&... opts) : name_(name) {
    (detail::apply_either(opts, checks_, ends_), ...);
    open();
  }

  // Opens a scope with options held in containers.
  // Example: tlsan::scope s(test_name, options);
  scope(std::string_view name, const std::vector<option>& checks,
        const std::vector<verify_option>& on_leak = {});
#if TLSAN_HAS_SPAN
  scope(std::string_view name, std::span<const option> checks,
        std::span<const verify_option> on_leak = {})
      : scope(name, std::vector<option>(checks.begin(), checks.end()),
              std::vector<verify_option>(on_leak.begin(), on_leak.end())) {}
#endif

  scope(const scope&) = delete;
  scope& operator=(const scope&) = delete;

  // Checks (unless dismissed), then closes the scope.
  ~scope();

  // Checks now the threads of this scope that are still alive (after
  // retries); the scope stays open.
  // Example: EXPECT_TRUE(s.find()) << s.find().report;
  result find() const;

  // find(), and the report also goes where the at-exit check's goes
  // (log_path, report_format), unless that is stderr in text: for a test
  // framework that shows the text report in its own failure message.
  // Example: tlsan::result r = s.find_and_report();
  [[nodiscard]] result find_and_report() const;

  // The destructor will not check (it still closes the scope).
  // Example: if (HasFailure()) s.dismiss();
  void dismiss() noexcept { dismissed_ = true; }

  // The runtime's id of this scope; 0 when tlsan is not active.
  // Example: if (s.id() == 0) std::puts("tlsan is off");
  [[nodiscard]] unsigned id() const noexcept { return checks_.scope; }

  // Example: std::cerr << s.name();
  [[nodiscard]] const std::string& name() const noexcept { return name_; }

 private:
  void open();

  std::string name_;
  detail::check_settings checks_;
  detail::verify_settings ends_;
  bool dismissed_ = false;
};

}  // namespace tlsan
TLSAN_END_EXPORT

#endif  // TLSAN_TLSAN_H_
