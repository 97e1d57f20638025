// The same leak built with g++ underneath tlsan-c++.
// REQUIRES: gcc
// RUN: %gxx_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <latch>
#include <thread>

std::latch forever(1);

void leak_one() {
  std::latch started(1);
  std::thread([&started] { started.count_down(); forever.wait(); }).detach();
  started.wait();
}

int main() {
  leak_one();
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in futex), detached, created by main thread at:
// CHECK: in leak_one() {{.*}}leak_gcc.cpp
