// The main thread is in the cycle: it holds a mutex and joins a thread
// that waits for that mutex (std::thread::join, then std::mutex).
// RUN: %clangxx_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: env TLSAN_OPTIONS=report_format=sarif %expect_exit 23 %t > %t.sarif 2>&1
// RUN: %json %t.sarif 'r["runs"][0]["properties"]["check"] == "deadlock" and "join of T1" in r["runs"][0]["properties"]["cycle"]'
#include <mutex>
#include <semaphore>
#include <thread>

static std::mutex config_mu;
static std::binary_semaphore main_holds(0);

int main() {
  std::lock_guard<std::mutex> hold(config_mu);
  std::thread reader([] {
    main_holds.acquire();
    std::lock_guard<std::mutex> wait(config_mu);  // held by main
  });
  main_holds.release();
  reader.join();  // waits for the reader, which waits for main
  return 0;
}
// CHECK: ERROR: ThreadLeakSanitizer: deadlock of 2 thread(s): main thread -> join of T1 -> mutex 0x{{[0-9a-f]+}} ('config_mu') held by main thread{{$}}
// CHECK-DAG: Main thread (tid={{[0-9]+}}, blocked in pthread_join):
// CHECK-DAG: in main {{.*}}deadlock_run_main.cpp:21
// CHECK-DAG: Thread T1 (tid={{[0-9]+}}, blocked in pthread_mutex_lock), created by main thread at:
// CHECK-DAG: deadlock_run_main.cpp:18
// CHECK: SUMMARY: ThreadLeakSanitizer: deadlock of 2 thread(s).
