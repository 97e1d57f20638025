// Real library: Boost.Asio 1.74 (Debian's libboost-dev), boost::asio::thread_pool.
// - joined: pool.join() (or its destructor) stops and joins its threads: clean.
// - leak:   a pool created with `new` and never deleted: its 2 threads stay
//           in the scheduler's run loop. With no I/O object, Asio's scheduler
//           has no reactor task, so the idle threads wait on the scheduler's
//           condition variable (pthread_cond_wait), and are one group (same
//           creation stack, same state).
// RUN: %clangxx_tlsan %s -lboost_thread -o %t
// RUN: %expect_exit 0 %t joined 2>&1 | %FileCheck %s --check-prefix=CLEAN
// RUN: %expect_exit 23 %t leak 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t leak
// RUN: %json %t.log 'len(leaks) == 2 and all(l["state"] == "blocked" and l["blocked_on"]["kind"] == "condvar" and l["blocked_on"]["call"] == "pthread_cond_wait" for l in leaks)'
// RUN: %json %t.log 'all(any((f["function"] or "").startswith("make_pool") for f in l["creation_stack"]) and any("thread_pool" in (f["function"] or "") for f in l["creation_stack"]) for l in leaks)'
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <atomic>
#include <cstdio>
#include <cstring>

std::atomic<int> done{0};

[[gnu::noinline]] boost::asio::thread_pool *make_pool() {
  return new boost::asio::thread_pool(2);
}

int main(int argc, char **argv) {
  if (!strcmp(argv[1], "joined")) {
    boost::asio::thread_pool pool(2);
    for (int i = 0; i < 4; ++i) boost::asio::post(pool, [] { ++done; });
    pool.join();
  } else {
    auto *pool = make_pool();  // never deleted
    for (int i = 0; i < 4; ++i) boost::asio::post(*pool, [] { ++done; });
    while (done < 4) {}
  }
  printf("done %d\n", done.load());
  return 0;
}
// CLEAN: done 4
// CLEAN-NOT: ThreadLeakSanitizer
// CHECK: done 4
// CHECK: ERROR: ThreadLeakSanitizer: 2 thread(s) leaked at exit
// CHECK: Thread T{{[12]}} (tid={{[0-9]+}}, blocked in pthread_cond_wait), created by main thread at:
// CHECK: in make_pool() {{.*}}real_asio_thread_pool.cpp
// CHECK: And 1 more similar thread leak
// CHECK: SUMMARY: ThreadLeakSanitizer: 2 leaked thread(s): 2 blocked, 0 running, 0 finished.
