// The injected header is clean in C++ with every warning an error: C++17
// and C++20, clang++ and g++ (the g++ 12 of package.consume_cxx17), with and
// without exceptions; the object refers to the check symbol.
// RUN: %clangxx_tlsan -std=c++17 -Wall -Wextra -pedantic -Werror -c %s -o %t.o
// RUN: %clangxx_tlsan -Wall -Wextra -pedantic -Werror -fno-exceptions -c %s -o %t.o
// RUN: nm -C %t.o | %FileCheck %s
// RUN: %if gcc %{ %gxx_tlsan -std=c++17 -Wall -Wextra -pedantic -Werror -c %s -o %t-gcc.o %}
// RUN: %if gcc %{ %gxx_tlsan -Wall -Wextra -pedantic -Werror -fno-exceptions -c %s -o %t-gcc.o %}
// RUN: %if gcc %{ nm -C %t-gcc.o | %FileCheck %s %}
#include <sanitizer/tlsan_interface.h>

#include <cstdio>

int main() { std::printf("%d\n", __tlsan_exitcode()); }
// CHECK: U __tlsan_version_mismatch_check_v1
