// __tlsan_do_recoverable_leak_check() reports and returns the count; the
// program goes on, fixes the leak, and a second check finds nothing.
// __tlsan_ignore_thread and __tlsan_disable/enable silence threads.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env TLSAN_OPTIONS=max_retries=1 %expect_exit 0 %t 2>&1 | %FileCheck %s
#include <sanitizer/tlsan_interface.h>

#include <cstdio>
#include <latch>
#include <thread>

int main() {
  std::latch release(1), started(1);
  std::thread worker([&] {
    started.count_down();
    release.wait();
  });
  started.wait();
  int first = __tlsan_do_recoverable_leak_check();
  std::fprintf(stderr, "first=%d\n", first);
  __tlsan_ignore_thread(worker.native_handle());
  __tlsan_disable();
  std::thread quiet([&] { release.wait(); });
  __tlsan_enable();
  int ignored = __tlsan_do_recoverable_leak_check();
  release.count_down();
  worker.join();
  quiet.join();
  int second = __tlsan_do_recoverable_leak_check();
  std::fprintf(stderr, "ignored=%d second=%d\n", ignored, second);
  return first == 1 && ignored == 0 && second == 0 ? 0 : 1;
}
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked
// CHECK-NOT: at exit
// CHECK: Thread T1 (tid={{[0-9]+}}, {{blocked in futex|running}}), created by main thread at:
// CHECK: first=1
// CHECK-NOT: ThreadLeakSanitizer
// CHECK: ignored=0 second=0
