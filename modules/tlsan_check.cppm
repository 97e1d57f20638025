// tlsan_check.cppm - partition `tlsan:check`: the checks (find,
// verify_none, ignore_current) and the scope guard.
//
// Part of ThreadLeakSanitizer (tlsan). Re-exported by `import tlsan;`.
//
// Contract: a thin layer over the C ABI (<sanitizer/tlsan_interface.h>,
// __tlsan_check and __tlsan_scope_*): it copies what the runtime reports
// into values. Checks may run on any thread, concurrently; a scope belongs
// to the thread that opened it. Without the runtime (not linked, nor
// LD_PRELOADed: its symbols are weak here) or with detect_leaks=0, checks
// find nothing and active() is false.
//
// Example:
//   tlsan::result r = tlsan::find(tlsan::max_retries(5));
//   for (const tlsan::leaked_thread& t : r.threads) std::cerr << t.summary();
module;

#include <sanitizer/tlsan_interface.h>

#include <chrono>
#include <concepts>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The module works without the runtime: every entry point is weak, and
// active() is false when __tlsan_is_active is missing.
#pragma weak __tlsan_check
#pragma weak __tlsan_current_thread_id
#pragma weak __tlsan_scope_begin
#pragma weak __tlsan_scope_end

export module tlsan:check;

import :detail;
import :leak;
import :options;

namespace tlsan::detail {

std::string to_string(const char* s) { return s ? std::string(s) : std::string(); }

std::vector<frame> to_frames(const __tlsan_frame* f, std::size_t n) {
  std::vector<frame> v;
  v.reserve(n);
  for (std::size_t i = 0; i < n; i++)
    v.push_back({f[i].pc, to_string(f[i].function), to_string(f[i].file),
                 f[i].line, f[i].column, to_string(f[i].module),
                 f[i].module_offset});
  return v;
}

thread_state to_state(const char* s) {
  std::string_view v = s ? s : "";
  if (v == "blocked") return thread_state::blocked;
  if (v == "finished") return thread_state::finished;
  return thread_state::running;
}

leaked_thread to_value(const __tlsan_leak& l) {
  leaked_thread t;
  t.id = l.id;
  t.thread = "T" + std::to_string(l.id);
  t.tid = l.tid;
  if (l.name) t.name = l.name;
  t.state = to_state(l.state);
  t.detached = l.detached != 0;
  t.created_by = l.created_by_tid;
  t.created_by_id = l.created_by_id;
  t.foreign = l.foreign != 0;
  if (l.cause) t.cause = l.cause;
  if (l.description) t.description = l.description;
  t.spinning = l.spinning != 0;
  if (l.blocked_on.owner_tid && l.owner_id != ~std::uint64_t{0})
    t.owner_thread = "T" + std::to_string(l.owner_id);
  if (l.test) t.test = l.test;
  if (l.blocked_on.kind) {
    blocked_on b;
    b.kind = l.blocked_on.kind;
    b.call = to_string(l.blocked_on.call);
    b.object = l.blocked_on.object;
    b.owner_tid = l.blocked_on.owner_tid;
    if (l.blocked_on.since_ms >= 0)
      b.since = std::chrono::milliseconds(l.blocked_on.since_ms);
    t.blocked = std::move(b);
  }
  if (l.deadlock) t.deadlock.assign(l.deadlock, l.deadlock + l.deadlock_size);
  t.creation_stack = to_frames(l.creation_stack, l.creation_stack_size);
  t.stack = to_frames(l.stack, l.stack_size);
  if (l.creator_frame < l.creation_stack_size) t.creator_frame = l.creator_frame;
  if (l.stack_program_frame < l.stack_size)
    t.stack_program_frame = l.stack_program_frame;
  return t;
}

bool runtime_active() noexcept {
  return &__tlsan_is_active != nullptr && &__tlsan_check != nullptr &&
         __tlsan_is_active() != 0;
}

// One check. The runtime calls `filter` then `on_leak` for each leaked
// thread in turn, on this thread; exceptions are kept and rethrown here,
// never thrown through the runtime's C frames.
result run_check(const check_settings& s) {
  result out;
  if (!runtime_active()) return out;
  __tlsan_check_options o{};
  o.size = sizeof(o);
  o.max_retries = s.max_retries.value_or(-1);
  o.max_sleep_ms = s.max_sleep_ms.value_or(-1);
  o.symbolize = s.symbolize ? (*s.symbolize ? 1 : 0)
                            : (s.matches_functions() ? 1 : -1);
  o.scope = s.scope;
  o.ignore_ids = s.ignore_ids.empty() ? nullptr : s.ignore_ids.data();
  o.ignore_ids_size = s.ignore_ids.size();
  o.report_to_sink = s.report_to_sink;
  struct context {
    const check_settings* settings;
    result* out;
    std::optional<leaked_thread> pending;  // converted by filter, for on_leak
    std::exception_ptr error;
  } ctx{&s, &out, std::nullopt, nullptr};
  if (s.needs_filter()) {
    o.filter = [](const __tlsan_leak* l, void* p) -> int {
      auto& c = *static_cast<context*>(p);
      if (c.error) return 0;
      try {
        c.pending = to_value(*l);
        return c.settings->ignores(*c.pending) ? 1 : 0;
      } catch (...) {
        c.error = std::current_exception();
        return 0;
      }
    };
    o.filter_ctx = &ctx;
  }
  __tlsan_check(
      &o,
      [](const __tlsan_leak* l, void* p) {
        auto& c = *static_cast<context*>(p);
        if (c.error) return;
        try {
          if (c.pending && c.pending->id == l->id)
            c.out->threads.push_back(std::move(*c.pending));
          else
            c.out->threads.push_back(to_value(*l));
          c.pending.reset();
        } catch (...) {
          c.error = std::current_exception();
        }
      },
      &ctx,
      [](const char* text, void* p) {
        auto& c = *static_cast<context*>(p);
        if (c.error) return;
        try {
          c.out->report = text;
        } catch (...) {
          c.error = std::current_exception();
        }
      });
  if (ctx.error) std::rethrow_exception(ctx.error);
  return out;
}

check_settings make_settings(std::span<const option> opts) {
  check_settings s;
  for (const option& o : opts) access::apply(o, s);
  return s;
}

verify_settings make_settings(std::span<const verify_option> opts) {
  verify_settings s;
  for (const verify_option& o : opts) access::apply(o, s);
  return s;
}

// Applies an option of either kind to the settings it is for.
void apply_either(const option& o, check_settings& checks, verify_settings&) {
  access::apply(o, checks);
}
void apply_either(const verify_option& o, check_settings&,
                  verify_settings& ends) {
  access::apply(o, ends);
}

// verify_none's body: the runtime writes the report where the at-exit
// check's goes (log_path, report_format), then exit or call cleanup.
bool verify(const check_settings& settings, const verify_settings& ends) {
  check_settings checks = settings;
  checks.report_to_sink = TLSAN_REPORT_TO_SINK;
  result r = run_check(checks);
  const bool clean = static_cast<bool>(r);
  // exit_status 0 (exit_on_leak() without a status, or none given): the
  // runtime's `exitcode` flag, the at-exit check's status.
  const int leak_status = ends.exit_status.value_or(0);
  const int status = clean ? 0 : leak_status != 0 ? leak_status : __tlsan_exitcode();
  if (ends.cleanup) {
    ends.cleanup(status);
  } else if (!clean && ends.exit_status) {
    std::fflush(nullptr);
    std::_Exit(status);
  }
  return clean;
}

}  // namespace tlsan::detail

export namespace tlsan {

// True when the runtime is loaded and detect_leaks is on.
// Example: if (!tlsan::active()) GTEST_SKIP() << "built without tlsan";
bool active() noexcept { return detail::runtime_active(); }

// Runs the leak pass now and returns the leaked threads as values, with the
// text report. The calling thread and the main thread are never reported.
// Lingering threads are re-checked (max_retries, max_sleep) first.
// Like goleak.Find.
// Example: tlsan::result r = tlsan::find(tlsan::ignore_name("io-*"));
result find(std::span<const option> opts) {
  return detail::run_check(detail::make_settings(opts));
}

// The same, with the options as arguments.
// Example: if (auto r = tlsan::find(tlsan::max_retries(0)); !r) std::cerr << r.report;
template <class... Options>
  requires(std::same_as<Options, option> && ...)
result find(const Options&... opts) {
  const std::initializer_list<option> list{opts...};
  return find(std::span<const option>(list.begin(), list.size()));
}

// Ignores the threads alive now (a snapshot: a quick check, no retries,
// taken when this is called), and the calling thread. Like
// goleak.IgnoreCurrent.
// Example: auto existing = tlsan::ignore_current(); run(); tlsan::verify_none(existing);
option ignore_current() {
  std::vector<std::uint64_t> ids;
  if (detail::runtime_active()) {
    detail::check_settings quick;
    quick.max_retries = 0;
    quick.symbolize = false;
    for (const leaked_thread& t : detail::run_check(quick).threads)
      ids.push_back(t.id);
    ids.push_back(__tlsan_current_thread_id());
  }
  return detail::access::make([ids = std::move(ids)](detail::check_settings& s) {
    s.ignore_ids.insert(s.ignore_ids.end(), ids.begin(), ids.end());
  });
}

// For code without GoogleTest, like goleak.VerifyNone: checks, and if
// threads leaked prints the report to stderr. Then, by the options: exits
// (exit_on_leak), or calls cleanup(status), or just returns. Returns true
// when nothing leaked.
// Example: int main() { run(); return tlsan::verify_none() ? 0 : 1; }
template <class... Options>
  requires((std::same_as<Options, option> ||
            std::same_as<Options, verify_option>) && ...)
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
//   }  // exits with status 23 if a pool thread is still alive
class scope {
 public:
  // Opens a scope named `name` with options of either kind.
  // Example: tlsan::scope s("load test", tlsan::max_retries(50));
  template <class... Options>
    requires((std::same_as<Options, option> ||
              std::same_as<Options, verify_option>) && ...)
  explicit scope(std::string_view name, const Options&... opts) : name_(name) {
    (detail::apply_either(opts, checks_, ends_), ...);
    open();
  }

  // Opens a scope with options held in containers.
  // Example: tlsan::scope s(test_name, std::span(options));
  scope(std::string_view name, std::span<const option> checks,
        std::span<const verify_option> on_leak = {})
      : name_(name),
        checks_(detail::make_settings(checks)),
        ends_(detail::make_settings(on_leak)) {
    open();
  }

  scope(const scope&) = delete;
  scope& operator=(const scope&) = delete;

  // Checks (unless dismissed), then closes the scope.
  ~scope() {
    if (!dismissed_ && checks_.scope != 0) {
      try {
        detail::verify(checks_, ends_);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "tlsan::scope '%s': check failed: %s\n",
                     name_.c_str(), e.what());
      } catch (...) {
        std::fprintf(stderr, "tlsan::scope '%s': check failed\n",
                     name_.c_str());
      }
    }
    if (checks_.scope != 0) __tlsan_scope_end(checks_.scope);
  }

  // Checks now the threads of this scope that are still alive (after
  // retries); the scope stays open.
  // Example: EXPECT_TRUE(s.find()) << s.find().report;
  result find() const {
    if (checks_.scope == 0) return {};  // no runtime: nothing to check
    return detail::run_check(checks_);
  }

  // find(), and the report also goes where the at-exit check's goes
  // (log_path, report_format), unless that is stderr in text: for a test
  // framework that shows the text report in its own failure message.
  // Example: tlsan::result r = s.find_and_report();
  result find_and_report() const {
    if (checks_.scope == 0) return {};
    detail::check_settings s = checks_;
    s.report_to_sink = TLSAN_REPORT_TO_SINK_UNLESS_STDERR_TEXT;
    return detail::run_check(s);
  }

  // The destructor will not check (it still closes the scope).
  // Example: if (HasFailure()) s.dismiss();
  void dismiss() noexcept { dismissed_ = true; }

  // The runtime's id of this scope; 0 when tlsan is not active.
  // Example: if (s.id() == 0) std::puts("tlsan is off");
  unsigned id() const noexcept { return checks_.scope; }

  // Example: std::cerr << s.name();
  const std::string& name() const noexcept { return name_; }

 private:
  void open() {
    if (detail::runtime_active() && &__tlsan_scope_begin != nullptr)
      checks_.scope = __tlsan_scope_begin(name_.c_str());
  }

  std::string name_;
  detail::check_settings checks_;
  detail::verify_settings ends_;
  bool dismissed_ = false;
};

}  // namespace tlsan
