// tlsan_leak.cppm - partition `tlsan:leak`: a leaked thread as a value.
//
// Part of ThreadLeakSanitizer (tlsan). Re-exported by `import tlsan;`.
//
// Contract: plain values that own their strings, filled by tlsan::find()
// (partition :check) from the runtime's __tlsan_leak, and outliving the
// check. The helper methods only read the value: thread-safe as any const
// std:: object, never called by the runtime.
//
// The fields are those of the JSON report (docs/json-report.md). Example:
//   for (const tlsan::leaked_thread& t : tlsan::find().threads)
//     std::cerr << t.summary() << "\n";
module;

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

export module tlsan:leak;

import :detail;

export namespace tlsan {

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
std::string_view to_string(thread_state s) noexcept {
  switch (s) {
    case thread_state::blocked: return "blocked";
    case thread_state::running: return "running";
    case thread_state::finished: return "finished";
  }
  return "running";
}

// A leaked thread: the fields of the JSON report, as values.
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
  // Example: if (t.top_function().starts_with("Poller::")) ...
  std::string_view top_function() const noexcept {
    const std::vector<frame>& s = stack.empty() ? creation_stack : stack;
    return s.empty() ? std::string_view() : std::string_view(s[0].function);
  }

  // The frame that created it: the first creation-stack frame that is not
  // std::, libstdc++, libc or pthread code (std::thread's constructor and
  // pthread_create are skipped). Empty for foreign threads.
  // Example: std::cerr << t.creator().value_or(tlsan::frame{}).function;
  std::optional<frame> creator() const {
    if (creator_frame && *creator_frame < creation_stack.size())
      return creation_stack[*creator_frame];
    return std::nullopt;
  }

  // One line: thread, name, tid, state, what it waits on, its creator,
  // and the test it was created in. Example:
  //   T3 'worker' (tid=4711), blocked in pthread_cond_wait (condvar),
  //   created by start_worker() at worker.cpp:12, during test Pool.Stops
  // Example: ADD_FAILURE() << t.summary();
  std::string summary() const {
    std::string s = thread;
    if (name) s += " '" + *name + "'";
    s += " (tid=" + std::to_string(tid) + "), ";
    if (foreign) s += "foreign, ";
    if (!description.empty()) {
      s += description;
    } else if (blocked) {
      s += "blocked in " + (blocked->call.empty() ? blocked->kind : blocked->call);
    } else {
      s += to_string(state);
    }
    if (detached) s += ", detached";
    if (std::optional<frame> f = creator()) {
      s += ", created by " +
           (f->function.empty() ? std::string("an unknown function")
                                : f->function);
      if (!f->file.empty())
        s += " at " + f->file + ":" + std::to_string(f->line);
      else if (!f->module.empty())
        s += " in " + f->module;
    } else if (!foreign) {
      s += ", created by an unknown function";
    }
    if (test) s += ", during test " + *test;
    return s;
  }
};

// The outcome of a check: the leaked threads and the text report.
// Converts to true when nothing leaked (like an "ok" status).
// Example: if (tlsan::result r = tlsan::find(); !r) std::cerr << r.report;
struct result {
  std::vector<leaked_thread> threads;
  std::string report;  // the text report; empty when nothing leaked
  explicit operator bool() const noexcept { return threads.empty(); }
};

}  // namespace tlsan
