// At -O2 the std::thread constructor is inlined into its caller: one
// return address stands for both frames. The report shows both, as the
// symbolizer reports inlined frames (same address, innermost first).
// RUN: %clangxx_tlsan -O2 %s -o %t && %expect_exit 23 %run %t 2>&1 | %FileCheck %s
#include <mutex>
#include <thread>

static std::mutex mu;

__attribute__((noinline)) void start_worker() {
  std::thread([] { std::lock_guard<std::mutex> hold(mu); }).detach();
}

int main() {
  mu.lock();  // the worker waits for it forever
  start_worker();
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, {{.*}}), detached, created by main thread at:
// CHECK: #[[N:[0-9]+]] 0x[[PC:[0-9a-f]+]] in std::thread::thread<{{.*}}std_thread.h
// CHECK-NEXT: 0x[[PC]] in start_worker() {{.*}}opt_inlined_thread_ctor.cpp
// CHECK-NEXT: in main {{.*}}opt_inlined_thread_ctor.cpp
