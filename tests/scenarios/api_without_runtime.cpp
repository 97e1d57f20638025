// The C++ API and its GoogleTest listener, compiled without the flag
// (modules/tlsan.cpp, tlsan_gtest.cpp: every runtime call is `#pragma weak`,
// the rule of sanitizer/tlsan_interface.h), link and run without the
// runtime: active() is false, checks find nothing, the test passes. Under
// LD_PRELOAD=libtlsan.so the same binary checks: the leak fails the test.
// RUN: %clangxx -I%tlsan_src/include %s %tlsan_src/modules/tlsan.cpp %tlsan_src/modules/tlsan_gtest.cpp -lgtest -o %t
// RUN: %run %t 2>&1 | %FileCheck %s
// RUN: env LD_PRELOAD=%libtlsan %expect_exit 1 %t 2>&1 | %FileCheck %s --check-prefix=PRELOAD
// RUN: %if gcc %{ %gxx -std=c++17 -pthread -I%tlsan_src/include %s %tlsan_src/modules/tlsan.cpp %tlsan_src/modules/tlsan_gtest.cpp -lgtest -o %t-gcc %}
// RUN: %if gcc %{ %run %t-gcc 2>&1 | %FileCheck %s %}
#include <gtest/gtest.h>
#include <tlsan/gtest.h>
#include <tlsan/tlsan.h>

#include <cstdio>
#include <semaphore.h>
#include <thread>
#include <vector>

static sem_t never;

TEST(NoRuntime, LeaksAWorker) {
  sem_init(&never, 0, 0);
  std::thread([] { sem_wait(&never); }).detach();
  const bool clean = static_cast<bool>(tlsan::find(std::vector<tlsan::option>{}));
  std::printf("active=%d clean=%d\n", tlsan::active() ? 1 : 0, clean ? 1 : 0);
}

int main(int argc, char **argv) {
  testing::InitGoogleTest(&argc, argv);
  (void)tlsan::gtest::install();
  return RUN_ALL_TESTS();
}
// CHECK: active=0 clean=1
// CHECK: [       OK ] NoRuntime.LeaksAWorker
// CHECK-NOT: ThreadLeakSanitizer
// PRELOAD: active=1 clean=0
// PRELOAD: [  FAILED  ] NoRuntime.LeaksAWorker
