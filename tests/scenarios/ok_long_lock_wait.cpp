// A healthy long wait: the holder of a mutex sleeps 3 s (the situation
// under test) while another thread waits for it. Several deadlock checks
// run meanwhile; none reports, and the waiter gets the mutex as soon as it
// is released (tlsan's slices do not delay it).
// RUN: %clangxx_tlsan %s -o %t
// RUN: env TLSAN_OPTIONS=deadlock_check_ms=100 %expect_exit 0 %t 2>&1 | %FileCheck %s
#include <chrono>
#include <cstdio>
#include <latch>
#include <mutex>
#include <thread>

using Clock = std::chrono::steady_clock;
std::mutex mu;
std::latch holding(1);
Clock::time_point released;

int main() {
  std::thread holder([] {
    std::lock_guard<std::mutex> hold(mu);
    holding.count_down();
    std::this_thread::sleep_for(std::chrono::seconds(3));
    released = Clock::now();
  });
  holding.wait();
  mu.lock();  // waits about 3 s
  auto delay = Clock::now() - released;
  mu.unlock();
  holder.join();
  std::printf("acquired %s after release\n",
              delay < std::chrono::milliseconds(500) ? "promptly" : "LATE");
  return 0;
}
// CHECK-NOT: ThreadLeakSanitizer
// CHECK: acquired promptly after release
// CHECK-NOT: ThreadLeakSanitizer
