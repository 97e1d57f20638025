// Real library: spdlog 1.10 (Debian's libspdlog-dev, compiled library), async
// logging. The async logger's pool thread ('spdlog's worker', unnamed) waits
// for messages in mpmc_blocking_queue::dequeue (a std::condition_variable).
// - shutdown: spdlog::shutdown() drops the registry's pool: joined, clean.
// - return:   main just returns. Clean too, and rightly: the registry is a
//             function-local static whose destructor releases the global
//             pool, whose destructor posts a terminate message and joins the
//             thread; tlsan's verdict comes after static destructors.
// - leak:     the classic mistake: a pool of one's own, kept alive by an
//             owner that is never destroyed (here a leaked new'd shared_ptr,
//             in real code a reference cycle or a leaked singleton): the pool
//             thread leaks, blocked in pthread_cond_clockwait
//             (dequeue_for with a 10 s timeout, re-armed forever), created
//             from spdlog::details::thread_pool's constructor.
// Built against the compiled library, with the flags `pkg-config --cflags
// spdlog` gives (without them the headers compile all of spdlog and fmt
// inline: 3x slower to build). Frames inside libspdlog.so are named from its
// exported symbols.
// RUN: %clangxx_tlsan %s -DSPDLOG_SHARED_LIB -DSPDLOG_COMPILED_LIB -DSPDLOG_FMT_EXTERNAL -lspdlog -lfmt -o %t
// RUN: %expect_exit 0 %t shutdown %t.out1 2>&1 | %FileCheck %s --check-prefix=CLEAN --allow-empty
// RUN: %expect_exit 0 %t return %t.out2 2>&1 | %FileCheck %s --check-prefix=CLEAN --allow-empty
// RUN: %FileCheck %s --check-prefix=LOG < %t.out2
// RUN: %expect_exit 23 %t leak %t.out3 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t leak %t.out4
// RUN: %json %t.log 'len(leaks) == 1 and leaks[0]["state"] == "blocked" and leaks[0]["blocked_on"]["kind"] == "condvar" and leaks[0]["blocked_on"]["call"] == "pthread_cond_clockwait"'
// RUN: %json %t.log 'any("thread_pool::thread_pool" in (f["function"] or "") for f in leaks[0]["creation_stack"]) and any((f["function"] or "").startswith("make_leaked_pool") for f in leaks[0]["creation_stack"])'
#include <spdlog/async.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>
#include <cstring>
#include <memory>

using Pool = spdlog::details::thread_pool;

[[gnu::noinline]] std::shared_ptr<Pool> *make_leaked_pool() {
  return new std::shared_ptr<Pool>(std::make_shared<Pool>(8192, 1));
}

int main(int argc, char **argv) {
  std::string mode = argv[1];
  if (mode == "leak") {
    auto *pool = make_leaked_pool();  // never deleted
    auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(argv[2]);
    auto log = std::make_shared<spdlog::async_logger>("own", sink, *pool);
    log->info("hello {}", 42);
    log->flush();
    return 0;
  }
  auto log = spdlog::basic_logger_mt<spdlog::async_factory>("app", argv[2]);
  log->info("hello {}", 42);
  if (mode == "shutdown") spdlog::shutdown();
  return 0;
}
// CLEAN-NOT: ThreadLeakSanitizer
// LOG: [app] [info] hello 42
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in pthread_cond_clockwait), created by main thread at:
// CHECK: in make_leaked_pool() {{.*}}real_spdlog_async.cpp
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked, 0 running, 0 finished.
