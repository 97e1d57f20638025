// tlsan.cpp - the bodies of the C++ API declared in <tlsan/tlsan.h>.
//
// Part of ThreadLeakSanitizer (tlsan). Compiled into the library
// tlsan::tlsan (C++17, with or without exceptions); both `#include
// <tlsan/tlsan.h>` and `import tlsan;` (modules/tlsan.cppm) link it.
//
// Contract: a thin layer over the C ABI (<sanitizer/tlsan_interface.h>,
// __tlsan_check and __tlsan_scope_*), which it refers to weakly, so that a
// program without the runtime links and its checks find nothing.
#include <tlsan/tlsan.h>

#include <sanitizer/tlsan_interface.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <utility>

#pragma weak __tlsan_check
#pragma weak __tlsan_current_thread_id
#pragma weak __tlsan_scope_begin
#pragma weak __tlsan_scope_end
#pragma weak __tlsan_is_active
#pragma weak __tlsan_exitcode
#pragma weak __tlsan_function_matches
#pragma weak __tlsan_glob_matches
#pragma weak __tlsan_set_filter

namespace tlsan {
namespace detail {

std::string error_line(std::string_view what, bool warning) {
  return "==" + std::to_string(getpid()) + "==" +
         (warning ? "WARNING" : "ERROR") + ": ThreadLeakSanitizer: " +
         std::string(what);
}

// Also called inside the runtime's callbacks: an allocation failure there
// loses the line rather than ending the process.
void print_error_line(std::string_view what, bool warning) noexcept {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  try {
    std::fprintf(stderr, "%s\n", error_line(what, warning).c_str());
  } catch (...) {
  }
#else
  std::fprintf(stderr, "%s\n", error_line(what, warning).c_str());
#endif
}

leak_failure describe_leaks(const std::string& headline, const result& r) {
  static constexpr std::string_view kNeedsDebugInfo =
      "file:line needs debug info: build with -g";
  leak_failure f;
  f.listing = headline;
  bool lacks_line = false;
  for (const leaked_thread& t : r.threads) {
    f.listing += "\n  " + t.summary();
    f.threads.push_back(t.id);
    std::optional<frame> c = t.creator();
    // Found in a module but without file:line: built without -g (the
    // runtime's rule for its own hint).
    lacks_line = lacks_line ||
                 (c && !c->module.empty() && (c->file.empty() || c->line <= 0));
    if (f.file.empty() && c && !c->file.empty() && c->line > 0) {
      f.file = c->file;
      f.line = c->line;
    }
  }
  std::string report = r.report;
  if (lacks_line) {
    f.listing += "\n  " + std::string(kNeedsDebugInfo);
    const std::string runtime_hint = std::string(kNeedsDebugInfo) + "\n\n";
    if (std::size_t at = report.find(runtime_hint); at != std::string::npos)
      report.erase(at, runtime_hint.size());
  }
  f.message = f.listing;
  if (!report.empty()) f.message += "\n\n" + report;
  return f;
}

// A bad value `value` for the option `option` (e.g. "max_retries"), where
// `expected` says what is valid: throws std::invalid_argument, or without
// exceptions prints it as an error line and aborts.
[[noreturn]] void bad_option(const char* option, const std::string& value,
                             const char* expected) {
  const std::string what = std::string("invalid value for option tlsan::") +
                           option + ": " + value + " (expected " + expected +
                           ")";
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  throw std::invalid_argument(what);
#else
  print_error_line(what);
  std::fflush(stderr);
  std::abort();
#endif
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// --- Name matching ---------------------------------------------------------
// One rule for the runtime's suppressions and these ignores: the runtime's
// (runtime/tlsan_name_match.h, through the C ABI). A function pattern
// matches a demangled name with or without its parameters, return type,
// trailing template arguments and leading namespaces (at a `::` boundary);
// a name pattern is a whole-text glob. Ignores run inside a check's filter
// callback (__tlsan_check's, or the process filter of set_process_filter),
// so the runtime is there; a runtime too old to have the calls matches
// nothing.

bool function_matches(const std::string& function,
                      const std::string& pattern) noexcept {
  return &__tlsan_function_matches != nullptr &&
         __tlsan_function_matches(function.c_str(), pattern.c_str()) != 0;
}

bool glob_matches(const std::string& glob, const std::string& text) noexcept {
  return &__tlsan_glob_matches != nullptr &&
         __tlsan_glob_matches(glob.c_str(), text.c_str()) != 0;
}

// The frame top_function() names, or null.
const frame* top_frame(const leaked_thread& t) {
  const std::vector<frame>& s = t.stack.empty() ? t.creation_stack : t.stack;
  return s.empty() ? nullptr : &s[0];
}

// The first frame of the stack top_function() looks at that is the
// program's own (see leaked_thread::creator_frame).
const frame* first_program_frame(const leaked_thread& t) {
  const std::vector<frame>& s = t.stack.empty() ? t.creation_stack : t.stack;
  std::optional<std::size_t> i =
      t.stack.empty() ? t.creator_frame : t.stack_program_frame;
  return i && *i < s.size() ? &s[*i] : nullptr;
}

// --- Settings --------------------------------------------------------------

bool check_settings::matches_functions() const {
  for (const pattern& p : patterns)
    if (p.on != match_on::name) return true;
  return false;
}

bool check_settings::needs_filter() const {
  return !patterns.empty() || !predicates.empty();
}

bool check_settings::ignores(const leaked_thread& t) const {
  for (const pattern& p : patterns) {
    switch (p.on) {
      case match_on::top_function: {
        const frame* top = top_frame(t);
        if (top && function_matches(top->function, p.text)) return true;
        const frame* f = first_program_frame(t);
        if (f && function_matches(f->function, p.text)) return true;
        break;
      }
      case match_on::any_function:
        for (const std::vector<frame>* s : {&t.creation_stack, &t.stack})
          for (const frame& f : *s)
            if (function_matches(f.function, p.text)) return true;
        break;
      case match_on::creator:
        if (std::optional<frame> f = t.creator();
            f && function_matches(f->function, p.text))
          return true;
        break;
      case match_on::name:
        if (t.name && glob_matches(p.text, *t.name)) return true;
        break;
    }
  }
  for (const auto& predicate : predicates)
    if (predicate(t)) return true;
  return false;
}

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

void apply_either(const option& o, check_settings& checks, verify_settings&) {
  access::apply(o, checks);
}
void apply_either(const verify_option& o, check_settings&,
                  verify_settings& ends) {
  access::apply(o, ends);
}

option ignore_pattern(match_on on, std::string_view text, const char* what) {
  if (text.empty()) bad_option(what, "''", "a non-empty pattern");
  return access::make([p = pattern{on, std::string(text)}](check_settings& s) {
    s.patterns.push_back(p);
  });
}

// --- From the C ABI to values ----------------------------------------------

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
  t.scope_id = l.scope;
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

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#define TLSAN_TRY try
#define TLSAN_CATCH_INTO(error) catch (...) { error = std::current_exception(); }
#else
#define TLSAN_TRY
#define TLSAN_CATCH_INTO(error)
#endif

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
      TLSAN_TRY {
        c.pending = to_value(*l);
        return c.settings->ignores(*c.pending) ? 1 : 0;
      }
      TLSAN_CATCH_INTO(c.error)
      return 0;
    };
    o.filter_ctx = &ctx;
  }
  __tlsan_check(
      &o,
      [](const __tlsan_leak* l, void* p) {
        auto& c = *static_cast<context*>(p);
        if (c.error) return;
        TLSAN_TRY {
          if (c.pending && c.pending->id == l->id)
            c.out->threads.push_back(std::move(*c.pending));
          else
            c.out->threads.push_back(to_value(*l));
          c.pending.reset();
        }
        TLSAN_CATCH_INTO(c.error)
      },
      &ctx,
      [](const char* text, void* p) {
        auto& c = *static_cast<context*>(p);
        if (c.error) return;
        TLSAN_TRY { c.out->report = text; }
        TLSAN_CATCH_INTO(c.error)
      });
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  if (ctx.error) std::rethrow_exception(ctx.error);
#endif
  return out;
}

check_settings make_settings(const option* opts, std::size_t n) {
  check_settings s;
  for (std::size_t i = 0; i < n; i++) access::apply(opts[i], s);
  return s;
}

// The process filter's callback over a never-destroyed check_settings.
// Exceptions never cross the runtime's C frames: a throwing predicate keeps
// the thread.
int process_filter(const __tlsan_leak* l, void* p) noexcept {
  const check_settings& s = *static_cast<const check_settings*>(p);
  for (std::uint64_t id : s.ignore_ids)
    if (id == l->id) return 1;
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  try {
    return s.ignores(to_value(*l)) ? 1 : 0;
  } catch (const std::exception& e) {
    print_error_line(std::string("an ignore failed, the thread is kept: ") +
                         e.what(),
                     true);
  } catch (...) {
    print_error_line("an ignore failed, the thread is kept: unknown exception",
                     true);
  }
  return 0;
#else
  return s.ignores(to_value(*l)) ? 1 : 0;
#endif
}

bool set_process_filter(const option* opts, std::size_t count) {
  if (!runtime_active() || &__tlsan_set_filter == nullptr) return false;
  check_settings s = make_settings(opts, count);
  if (!s.needs_filter() && s.ignore_ids.empty()) return false;
  // Never deleted: the at-exit check calls the filter after static
  // destructors, and a check may be running with it on another thread.
  __tlsan_set_filter(&process_filter, new check_settings(std::move(s)));
  return true;
}

bool verify(const check_settings& settings, const verify_settings& ends) {
  check_settings checks = settings;
  checks.report_to_sink = TLSAN_REPORT_TO_SINK;
  result r = run_check(checks);
  const bool clean = static_cast<bool>(r);
  // exit_status 0 (exit_on_leak() without a status, or none given): the
  // runtime's `exitcode` flag, the at-exit check's status.
  const int leak_status = ends.exit_status.value_or(0);
  const int flag_status = &__tlsan_exitcode != nullptr ? __tlsan_exitcode() : 23;
  const int status = clean ? 0 : leak_status != 0 ? leak_status : flag_status;
  if (ends.cleanup) {
    ends.cleanup(status);
  } else if (!clean && ends.exit_status) {
    std::fflush(nullptr);
    std::_Exit(status);
  }
  return clean;
}

}  // namespace detail

// --- Values -----------------------------------------------------------------

std::string_view to_string(thread_state s) noexcept {
  switch (s) {
    case thread_state::blocked: return "blocked";
    case thread_state::running: return "running";
    case thread_state::finished: return "finished";
  }
  return "running";
}

std::string_view leaked_thread::top_function() const noexcept {
  const std::vector<frame>& s = stack.empty() ? creation_stack : stack;
  return s.empty() ? std::string_view() : std::string_view(s[0].function);
}

std::optional<frame> leaked_thread::creator() const {
  if (creator_frame && *creator_frame < creation_stack.size())
    return creation_stack[*creator_frame];
  return std::nullopt;
}

namespace {
std::string hex(std::uintptr_t v) {
  char buf[2 * sizeof v + 1];
  std::snprintf(buf, sizeof buf, "%jx", static_cast<std::uintmax_t>(v));
  return buf;
}
}  // namespace

std::string leaked_thread::summary() const {
  std::string s = thread;
  if (name) s += " '" + *name + "'";
  s += " (tid=" + std::to_string(tid) + "), ";
  if (foreign) s += "foreign, ";
  if (!description.empty()) {
    s += description;
  } else if (blocked) {
    s += "blocked in " + (blocked->call.empty() ? blocked->kind : blocked->call);
  } else {
    s += std::string(to_string(state));
  }
  if (detached) s += ", detached";
  if (std::optional<frame> f = creator()) {
    s += ", created by " +
         (f->function.empty() ? std::string("an unknown function") : f->function);
    // Without debug info, the symbolizer may still know the file (from
    // the symbol table) but not the line: module+offset then.
    if (!f->file.empty() && f->line > 0)
      s += " at " + f->file + ":" + std::to_string(f->line);
    else if (!f->module.empty())
      s += " in " + f->module + "+0x" + hex(f->module_offset);
    else if (!f->file.empty())
      s += " in " + f->file;
  } else if (!foreign) {
    s += ", created by an unknown function";
  }
  if (test) s += ", during test " + *test;
  return s;
}

// --- Options ----------------------------------------------------------------

option ignore_top_function(std::string_view function) {
  return detail::ignore_pattern(detail::match_on::top_function, function,
                                "ignore_top_function");
}

option ignore_any_function(std::string_view function) {
  return detail::ignore_pattern(detail::match_on::any_function, function,
                                "ignore_any_function");
}

option ignore_creator(std::string_view function) {
  return detail::ignore_pattern(detail::match_on::creator, function,
                                "ignore_creator");
}

option ignore_name(std::string_view glob) {
  return detail::ignore_pattern(detail::match_on::name, glob, "ignore_name");
}

option ignore_if(std::function<bool(const leaked_thread&)> predicate) {
  if (!predicate)
    detail::bad_option("ignore_if", "an empty std::function", "a predicate");
  return detail::access::make(
      [p = std::move(predicate)](detail::check_settings& s) {
        s.predicates.push_back(p);
      });
}

option max_retries(int n) {
  if (n < 0)
    detail::bad_option("max_retries", detail::quoted(std::to_string(n)),
                       "0 or more");
  return detail::access::make(
      [n](detail::check_settings& s) { s.max_retries = n; });
}

option max_sleep(std::chrono::milliseconds d) {
  if (d.count() < 0)
    detail::bad_option("max_sleep",
                       detail::quoted(std::to_string(d.count()) + " ms"),
                       "0 ms or more");
  int ms = d.count() > 1000000 ? 1000000 : static_cast<int>(d.count());
  return detail::access::make(
      [ms](detail::check_settings& s) { s.max_sleep_ms = ms; });
}

option symbolize(bool on) {
  return detail::access::make(
      [on](detail::check_settings& s) { s.symbolize = on; });
}

verify_option exit_on_leak() {
  return detail::access::make_verify(
      [](detail::verify_settings& s) { s.exit_status = 0; });
}

verify_option exit_on_leak(int status) {
  if (status < 1 || status > 255)
    detail::bad_option("exit_on_leak", detail::quoted(std::to_string(status)),
                       "a status from 1 to 255");
  return detail::access::make_verify(
      [status](detail::verify_settings& s) { s.exit_status = status; });
}

verify_option cleanup(std::function<void(int)> fn) {
  if (!fn)
    detail::bad_option("cleanup", "an empty std::function", "a function");
  return detail::access::make_verify(
      [f = std::move(fn)](detail::verify_settings& s) { s.cleanup = f; });
}

// --- Checks -----------------------------------------------------------------

bool active() noexcept { return detail::runtime_active(); }

result find(const option* opts, std::size_t count) {
  return detail::run_check(detail::make_settings(opts, count));
}

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
  return detail::access::make(
      [ids = std::move(ids)](detail::check_settings& s) {
        s.ignore_ids.insert(s.ignore_ids.end(), ids.begin(), ids.end());
      });
}

scope::scope(std::string_view name, const std::vector<option>& checks,
             const std::vector<verify_option>& on_leak)
    : name_(name), checks_(detail::make_settings(checks.data(), checks.size())) {
  for (const verify_option& o : on_leak) detail::access::apply(o, ends_);
  open();
}

scope::~scope() {
  if (!dismissed_ && checks_.scope != 0) {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
    try {
      detail::verify(checks_, ends_);
    } catch (const std::exception& e) {
      detail::print_error_line("the leak check of scope '" + name_ +
                               "' failed: " + e.what());
    } catch (...) {
      detail::print_error_line("the leak check of scope '" + name_ +
                               "' failed: an exception not derived "
                               "from std::exception");
    }
#else
    detail::verify(checks_, ends_);
#endif
  }
  if (checks_.scope != 0) __tlsan_scope_end(checks_.scope);
}

result scope::find() const {
  if (checks_.scope == 0) return {};  // no runtime: nothing to check
  return detail::run_check(checks_);
}

result scope::find_and_report() const {
  if (checks_.scope == 0) return {};
  detail::check_settings s = checks_;
  s.report_to_sink = TLSAN_REPORT_TO_SINK_UNLESS_STDERR_TEXT;
  return detail::run_check(s);
}

void scope::open() {
  if (detail::runtime_active() && &__tlsan_scope_begin != nullptr)
    checks_.scope = __tlsan_scope_begin(name_.c_str());
}

}  // namespace tlsan
