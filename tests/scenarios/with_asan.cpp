// tlsan beside AddressSanitizer and UBSan in one binary: both runtimes
// intercept pthread_create; tlsan chains to ASan's interceptor, so ASan
// still sees every thread and tlsan still reports the leak.
// RUN: %clangxx_tlsan -fsanitize=address,undefined %s -o %t
// RUN: env ASAN_OPTIONS=detect_leaks=0 %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <latch>
#include <thread>
#include <vector>

std::latch forever(1);

int main() {
  std::vector<std::thread> joined;
  for (int i = 0; i < 8; ++i) joined.emplace_back([] { std::vector<int> v(100); });
  for (std::thread &t : joined) t.join();
  std::latch started(1);
  std::thread([&started] { started.count_down(); forever.wait(); }).detach();
  started.wait();
  return 0;
}
// CHECK-NOT: AddressSanitizer
// CHECK: Thread T9 (tid={{[0-9]+}}, blocked in futex), detached, created by main thread at:
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
