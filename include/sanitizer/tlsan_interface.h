/*===-- sanitizer/tlsan_interface.h - ThreadLeakSanitizer C interface -----===
 *
 * Part of ThreadLeakSanitizer (tlsan).
 *
 * The C ABI of the tlsan runtime, usable from C and C++ without modules
 * (C++ users may prefer `import tlsan;` or <tlsan/tlsan.h>). Every function
 * is defined by the runtime, which the compiler flag -fsanitize=thread-leak
 * links in, or which LD_PRELOAD=libtlsan.so loads.
 *
 * Calling without the runtime: one rule for every function. This header
 * declares them all plainly (not weak), so code built with the flag calls
 * them directly, and a program that calls one without the runtime fails to
 * link instead of calling address 0. Code that may run without the runtime
 * (built without the flag: a library, a test helper, a program sometimes
 * run under LD_PRELOAD=libtlsan.so) makes each function it calls weak with
 * `#pragma weak NAME` after this include, and calls it only when its
 * address is not null:
 *
 *   #include <sanitizer/tlsan_interface.h>
 *   #pragma weak __tlsan_do_recoverable_leak_check
 *
 *   int leaked_threads(void) {
 *     if (&__tlsan_do_recoverable_leak_check == 0) return 0;  // no tlsan
 *     return __tlsan_do_recoverable_leak_check();
 *   }
 *
 * The C++ API (modules/tlsan.cpp, tlsan_gtest.cpp) and the test framework
 * headers (<tlsan/catch2.h>, <tlsan/doctest.h>) follow this rule, so they
 * link and run without the runtime (their checks then find nothing). Note
 * the difference with the flag: an object compiled with
 * -fsanitize=thread-leak requires the runtime (sanitizer/tlsan_link_check.h,
 * which the drivers -include, refers to it), weak declarations or not.
 *
 *===----------------------------------------------------------------------===*/
#ifndef SANITIZER_TLSAN_INTERFACE_H
#define SANITIZER_TLSAN_INTERFACE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Runs the leak pass now and, if threads leaked, reports them and exits the
 * process like the at-exit check does (status `exitcode`, default 23).
 * Returns if nothing leaked. The calling thread and the main thread are never
 * reported.
 * Example: spawn workers, stop them, then __tlsan_do_leak_check(); */
void __tlsan_do_leak_check(void);

/* Runs the leak pass now, reports leaked threads to the report sink
 * (log_path / report_format) and returns how many threads leaked; the
 * process keeps running. The calling thread and the main thread are never
 * reported.
 * Example: assert(__tlsan_do_recoverable_leak_check() == 0); */
int __tlsan_do_recoverable_leak_check(void);

/* Threads created between __tlsan_disable() and the matching
 * __tlsan_enable() are never reported. Nestable, per process.
 * Example: __tlsan_disable(); start_background_pool(); __tlsan_enable(); */
void __tlsan_disable(void);
void __tlsan_enable(void);

/* Never report `thread`. Returns 0, or -1 if tlsan does not know it.
 * Example: __tlsan_ignore_thread(logger_thread); */
int __tlsan_ignore_thread(pthread_t thread);

/* Never report thread T<id> again (`id` as in reports and __tlsan_leak::id):
 * later checks, the one at exit included, skip it. For a test framework
 * that has already failed a test for that thread. Returns 0, or -1 if no
 * live thread has that id.
 * Example: __tlsan_ignore_thread_id(leak->id); */
int __tlsan_ignore_thread_id(uint64_t id);

/* The `exitcode` flag (TLSAN_OPTIONS): the status the at-exit check and
 * __tlsan_do_leak_check exit with on a leak (default 23). The module's
 * exit_on_leak() and cleanup() use it, so one setting holds everywhere.
 * Example: _Exit(__tlsan_exitcode()); */
int __tlsan_exitcode(void);

/* Non-zero when the runtime is loaded and detect_leaks is on.
 * Example (code that may run without tlsan, see the banner):
 *   #pragma weak __tlsan_is_active
 *   if (&__tlsan_is_active != 0 && __tlsan_is_active()) ... */
int __tlsan_is_active(void);

/* ---- Structured checks (the C++ module `tlsan` is built on these) ------ */

/* One frame of a symbolized stack. Strings are valid during the callback. */
typedef struct __tlsan_frame {
  uintptr_t pc;
  const char *function; /* demangled, or NULL */
  const char *file;     /* or NULL */
  int line;             /* 0 when unknown */
  int column;           /* 0 when unknown */
  const char *module;   /* or NULL */
  uintptr_t module_offset;
} __tlsan_frame;

/* What a leaked thread waits on (kind == NULL: nothing known). */
typedef struct __tlsan_blocked_on {
  const char *kind;  /* "mutex", "condvar", "io", "futex", "syscall"... */
  const char *call;  /* "pthread_cond_wait", "read", "futex"... */
  uintptr_t object;  /* 0 when unknown */
  int owner_tid;     /* 0 when unknown */
  long long since_ms; /* -1 when unknown */
} __tlsan_blocked_on;

/* One leaked thread, as in the JSON report. */
typedef struct __tlsan_leak {
  uint64_t id;        /* T<id>: creation order, unique in the process */
  int tid;            /* kernel thread id (0 if it never started) */
  const char *name;   /* NULL when the thread was never named */
  const char *state;  /* "blocked", "running" or "finished" */
  int detached;
  int created_by_tid; /* creator's kernel tid (main thread: the pid) */
  uint64_t created_by_id;
  const char *test;   /* test or scope active at creation, or NULL */
  __tlsan_blocked_on blocked_on;
  const int *deadlock; /* tids of a deadlock cycle, or NULL */
  size_t deadlock_size;
  const __tlsan_frame *creation_stack;
  size_t creation_stack_size;
  const __tlsan_frame *stack; /* where it blocks or runs, if known */
  size_t stack_size;
  /* Added in 0.1: appended, so older callers keep working. */
  const char *cause;     /* "deadlock", "self_deadlock", "abandoned",
                            "chain", or NULL */
  int spinning;          /* running and using CPU during the check */
  int foreign;           /* not created through an intercepted call */
  uint64_t owner_id;     /* T<id> holding what it waits on (0 is the main
                            thread); UINT64_MAX if unknown */
  /* The program's own frames: the index of the first frame that is not
   * the C/C++ runtime's (std::, pthread_*, libc, libstdc++...), or
   * SIZE_MAX. creation_stack[creator_frame] is the creating function, the
   * one the text report and suppressions (`creator:`) use. */
  size_t creator_frame;
  size_t stack_program_frame; /* the same rule, in `stack` */
  /* Added in 0.2: what the thread is doing, the sentence every report
   * format prints, e.g. "blocked in pthread_join on join 0x7f.., waiting
   * for thread T1 (tid=12), for 40 ms". */
  const char *description;
  /* Added in 0.3: the scope the thread was created in (the innermost one
   * open on its creator, see __tlsan_scope_begin), 0 if none; `test` is
   * that scope's name. */
  unsigned scope;
} __tlsan_leak;

/* Options of a structured check. Zero-initialize, set `size`, then set what
 * you need: 0 / NULL fields mean "the flag's value". */
typedef struct __tlsan_check_options {
  size_t size;           /* sizeof(__tlsan_check_options) */
  int max_retries;       /* < 0: flag max_retries */
  int max_sleep_ms;      /* < 0: flag max_sleep_ms */
  int symbolize;         /* < 0: flag symbolize; 0 off; 1 on */
  unsigned scope;        /* 0: all threads; else only the threads of this
                            scope (see __tlsan_scope_begin) */
  const uint64_t *ignore_ids; /* never report these thread ids */
  size_t ignore_ids_size;
  /* Called for every leaked thread after retries; return non-zero to
   * ignore it. NULL: keep all. */
  int (*filter)(const __tlsan_leak *leak, void *ctx);
  void *filter_ctx;
  /* Added in 0.2. Whether the report also goes where the at-exit check's
   * goes (log_path, in report_format): 0 no; 1 yes; 2 yes, unless that is
   * stderr in text, for a caller that prints the text report itself (the
   * GoogleTest listener). JSON and SARIF give each thread its test. */
  int report_to_sink;
} __tlsan_check_options;

#define TLSAN_REPORT_TO_SINK 1
#define TLSAN_REPORT_TO_SINK_UNLESS_STDERR_TEXT 2

typedef void (*__tlsan_leak_callback)(const __tlsan_leak *leak, void *ctx);

/* Runs the leak pass with `options` (NULL: defaults), calls `on_leak` for
 * every leaked thread, and, if `report` is non-NULL, calls it once with the
 * formatted text report (NUL-terminated; not called when nothing leaked).
 * Writes to the report sink only as `options->report_to_sink` says. Returns
 * the number of leaked threads.
 * Example: see modules/tlsan.cppm. */
int __tlsan_check(const __tlsan_check_options *options,
                  __tlsan_leak_callback on_leak, void *ctx,
                  void (*report)(const char *text, void *ctx));

/* Sets the process filter: every later check in the process calls
 * `filter(leak, ctx)` for each leaked thread that is left after the
 * suppressions and the check's own __tlsan_check_options::filter, and a
 * non-zero result ignores the thread: it is not reported, not counted,
 * and does not change the exit status. "Every check"
 * is the at-exit check, __tlsan_do_leak_check,
 * __tlsan_do_recoverable_leak_check and __tlsan_check (so also the C++
 * API's find, verify_none and scopes). It is not called for two reports,
 * which never call back into user code: the stuck-exit report (exit waits
 * on a leaked thread; the report is all the user gets, and the process
 * ends with `exitcode` anyway) and the deadlock and hang reports.
 * One filter per process: a later call replaces it; NULL removes it.
 * `filter` runs on the checking thread, at exit after static destructors
 * have run: whatever `ctx` points to must outlive them (allocate it and
 * never free it). It needs symbolized frames to see function names
 * (the `symbolize` flag, on by default). It must not throw.
 * The GoogleTest integration (tlsan::gtest::install / init) registers its
 * ignores this way, so they also hold at exit.
 * Example:
 *   static int ignore_io(const __tlsan_leak *l, void *ctx) {
 *     return l->name && __tlsan_glob_matches((const char *)ctx, l->name);
 *   }
 *   __tlsan_set_filter(ignore_io, (void *)"io-*"); */
void __tlsan_set_filter(int (*filter)(const __tlsan_leak *leak, void *ctx),
                        void *ctx);

/* The id (T<id>) of the calling thread. */
uint64_t __tlsan_current_thread_id(void);

/* Scopes. While a scope is open on a thread, the threads that thread
 * creates belong to the scope, and so do the threads they create in turn,
 * wherever they run. A check with options.scope set looks only at them, so
 * parallel tests and older background threads do not interfere. `name`
 * (a test's "Suite.Name") appears in reports as "created during test ...".
 * Scopes nest; __tlsan_scope_begin returns the new scope's id (> 0), or 0
 * when the runtime is off or out of scope slots.
 * Example: unsigned s = __tlsan_scope_begin("MyTest.Works"); ...;
 *          options.scope = s; __tlsan_check(&options, ...);
 *          __tlsan_scope_end(s); */
unsigned __tlsan_scope_begin(const char *name);
void __tlsan_scope_end(unsigned scope);

/* ---- Name matching: the rule of the C++ API's ignores ------------------ */

/* Non-zero when `pattern` names `function`, a demangled function name as in
 * __tlsan_frame::function. The name is compared in four forms: as given;
 * without ` [clone ...]`, trailing qualifiers (const, &, noexcept...) and
 * the parameter list; then also without a function template's return type;
 * then also without trailing template arguments. The pattern matches a
 * form whole, or as a suffix that starts right after a `::` outside
 * brackets, so leading namespaces may be left out but a name is never cut.
 * 0 when either is NULL or empty. Pure: no allocation, any thread.
 * Example: all three are non-zero
 *   __tlsan_function_matches(
 *       "leveldb::(anonymous namespace)::PosixEnv::Schedule("
 *       "std::function<void ()>)", "PosixEnv::Schedule");
 *   __tlsan_function_matches("void std::condition_variable::wait<F>(...)",
 *                            "std::condition_variable::wait");
 *   __tlsan_function_matches("A::Schedule()", "Schedule");
 * and these are 0: ("A::Schedule()", "Sched"), ("A::Schedule()", "edule"),
 * ("PosixEnv::Schedule()", "Env::Schedule"). */
int __tlsan_function_matches(const char *function, const char *pattern);

/* Non-zero when `glob` matches the whole of `text`: `*` matches any run of
 * characters (also none), every other character itself. 0 when either is
 * NULL. The rule of the C++ API's ignore_name.
 * Example: __tlsan_glob_matches("io-*", "io-7") is non-zero,
 *          __tlsan_glob_matches("io-*", "aio-7") is 0. */
int __tlsan_glob_matches(const char *glob, const char *text);

/* Optional hooks the program may define.
 * __tlsan_default_options: flags parsed before TLSAN_OPTIONS.
 * Example: const char *__tlsan_default_options(void) { return "verbosity=1"; } */
const char *__tlsan_default_options(void);
/* __tlsan_default_suppressions: suppressions ('type:pattern' lines) used
 * besides the `suppressions` file.
 * Example: const char *__tlsan_default_suppressions(void) {
 *            return "creator:start_background_logger\nname:^io-worker-*$\n"; } */
const char *__tlsan_default_suppressions(void);

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* SANITIZER_TLSAN_INTERFACE_H */
