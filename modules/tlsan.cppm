// tlsan.cppm - the C++20 module `tlsan`: typed leak checks for C++ code.
//
// Part of ThreadLeakSanitizer (tlsan).
//
// A thin layer over the C ABI (<sanitizer/tlsan_interface.h>): it copies
// what the runtime reports into values that outlive the check. The runtime
// itself comes from -fsanitize=thread-leak, LD_PRELOAD=libtlsan.so, or the
// CMake target tlsan::runtime; without it, find() returns no leaks and
// active() is false.
//
// Example:
//   import tlsan;
//   auto leaks = tlsan::find();
//   for (const tlsan::leaked_thread& t : leaks.threads)
//     std::cerr << t.thread << " " << t.state << "\n";
//   tlsan::verify_none();  // prints the report and exits if anything leaked
module;

#include <sanitizer/tlsan_interface.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

export module tlsan;

export namespace tlsan {

// One frame of a symbolized stack.
struct frame {
  std::uintptr_t pc = 0;
  std::string function;  // demangled; empty when unknown
  std::string file;      // empty when unknown
  int line = 0;
  std::string module;
};

// What a blocked thread waits on.
struct blocked_on {
  std::string kind;  // "mutex", "condvar", "io", "futex", "join", ...
  std::string call;  // "pthread_cond_wait", "read", "futex", ...
  std::uintptr_t object = 0;
  int owner_tid = 0;              // 0 when unknown
  std::optional<long long> since_ms;
};

// A leaked thread: the fields of the JSON report.
struct leaked_thread {
  std::uint64_t id = 0;     // T<id>
  std::string thread;       // "T<id>"
  int tid = 0;
  std::optional<std::string> name;
  std::string state;        // "blocked", "running" or "finished"
  bool detached = false;
  int created_by = 0;       // creator's kernel tid
  std::optional<std::string> test;
  std::optional<tlsan::blocked_on> blocked;
  std::vector<int> deadlock;
  std::vector<frame> creation_stack;
  std::vector<frame> stack;
};

struct result {
  std::vector<leaked_thread> threads;
  std::string report;  // the text report; empty when nothing leaked
  explicit operator bool() const { return threads.empty(); }
};

// Options of a check. Unset fields use the TLSAN_OPTIONS flags.
struct options {
  std::optional<int> max_retries;
  std::optional<int> max_sleep_ms;
  std::optional<bool> symbolize;
};

// True when the runtime is loaded and detect_leaks is on.
bool active() noexcept {
  return &__tlsan_is_active != nullptr && __tlsan_is_active() != 0;
}

// Runs the leak pass now (the caller and the main thread are never
// reported) and returns the leaked threads as values.
// Example: if (auto r = tlsan::find(); !r) std::fputs(r.report.c_str(), stderr);
result find(const options& opts = {}) {
  result out;
  if (!active()) return out;
  __tlsan_check_options o{};
  o.size = sizeof(o);
  o.max_retries = opts.max_retries.value_or(-1);
  o.max_sleep_ms = opts.max_sleep_ms.value_or(-1);
  o.symbolize = opts.symbolize ? (*opts.symbolize ? 1 : 0) : -1;
  auto str = [](const char* s) { return s ? std::string(s) : std::string(); };
  auto frames = [&](const __tlsan_frame* f, std::size_t n) {
    std::vector<frame> v;
    v.reserve(n);
    for (std::size_t i = 0; i < n; i++)
      v.push_back({f[i].pc, str(f[i].function), str(f[i].file), f[i].line,
                   str(f[i].module)});
    return v;
  };
  struct context {
    result* out;
    decltype(str)* to_string;
    decltype(frames)* to_frames;
  } ctx{&out, &str, &frames};
  __tlsan_check(
      &o,
      [](const __tlsan_leak* l, void* p) {
        auto& c = *static_cast<context*>(p);
        leaked_thread t;
        t.id = l->id;
        t.thread = "T" + std::to_string(l->id);
        t.tid = l->tid;
        if (l->name) t.name = l->name;
        t.state = (*c.to_string)(l->state);
        t.detached = l->detached != 0;
        t.created_by = l->created_by_tid;
        if (l->test) t.test = l->test;
        if (l->blocked_on.kind) {
          tlsan::blocked_on b;
          b.kind = l->blocked_on.kind;
          b.call = (*c.to_string)(l->blocked_on.call);
          b.object = l->blocked_on.object;
          b.owner_tid = l->blocked_on.owner_tid;
          if (l->blocked_on.since_ms >= 0) b.since_ms = l->blocked_on.since_ms;
          t.blocked = b;
        }
        if (l->deadlock)
          t.deadlock.assign(l->deadlock, l->deadlock + l->deadlock_size);
        t.creation_stack =
            (*c.to_frames)(l->creation_stack, l->creation_stack_size);
        t.stack = (*c.to_frames)(l->stack, l->stack_size);
        c.out->threads.push_back(std::move(t));
      },
      &ctx,
      [](const char* text, void* p) {
        static_cast<context*>(p)->out->report = text;
      });
  return out;
}

// Like goleak's VerifyNone for code without GoogleTest: if threads leaked,
// prints the report to stderr and returns false (or, with exit_on_leak,
// exits with status 23 like the at-exit check).
// Example: int main() { run(); return tlsan::verify_none() ? 0 : 1; }
bool verify_none(const options& opts = {}, bool exit_on_leak = false) {
  result r = find(opts);
  if (r) return true;
  std::fflush(stdout);
  std::fputs(r.report.c_str(), stderr);
  if (exit_on_leak) std::exit(23);
  return false;
}

}  // namespace tlsan
