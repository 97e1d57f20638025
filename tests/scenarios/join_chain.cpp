// T2 joins T1, which waits forever: T2 is a leak caused by T1 (a chain),
// with T1 as the join's owner.
// RUN: %clangxx_tlsan %s -o %t
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log 'len(leaks) == 2 and by_name("joiner")[0]["cause"] == "chain" and by_name("joiner")[0]["blocked_on"]["kind"] == "join" and by_name("joiner")[0]["blocked_on"]["owner_tid"] == by_name("stuck")[0]["tid"]'
#include <latch>
#include <pthread.h>
#include <thread>

std::latch forever(1);

int main() {
  std::thread *stuck = new std::thread([] {
    pthread_setname_np(pthread_self(), "stuck");
    forever.wait();
  });
  std::thread([stuck] {
    pthread_setname_np(pthread_self(), "joiner");
    stuck->join();
  }).detach();
  return 0;
}
