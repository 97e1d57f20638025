// The same in C++, with clang++ and g++: an object compiled with
// -fsanitize=thread-leak and linked with plain c++ fails to link, naming
// __tlsan_version_mismatch_check_v1.
// RUN: %clangxx_tlsan -c %s -o %t.o
// RUN: not %clangxx %t.o -o %t 2>&1 | %FileCheck %s
// RUN: %if gcc %{ %gxx_tlsan -std=c++17 -c %s -o %t-gcc.o %}
// RUN: %if gcc %{ not %clangxx %t-gcc.o -o %t-gcc 2>&1 | %FileCheck %s %}
#include <thread>

int main() {
  std::thread t([] {});
  t.join();
}
// CHECK: {{undefined reference to .|undefined symbol: }}__tlsan_version_mismatch_check_v1
