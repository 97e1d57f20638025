// A module unit the driver recognizes by its first line of code alone
// (file name .cpp, no -x c++-module): its interface is compiled first; the
// implementation unit compiles without the -include; main's TU has it.
// RUN: echo 'export module lc_impl; export int answer();' > %t-iface.cppm
// RUN: %clangxx_tlsan -fmodule-output=%t.pcm -c %t-iface.cppm -o %t-iface.o
// RUN: %clangxx_tlsan -fmodule-file=lc_impl=%t.pcm -c %s -o %t.o
// RUN: echo 'import lc_impl; int main() { return answer() == 42 ? 0 : 1; }' > %t-main.cpp
// RUN: %clangxx_tlsan -fmodule-file=lc_impl=%t.pcm -c %t-main.cpp -o %t-main.o
// RUN: nm %t-main.o | %FileCheck %s
// RUN: %clangxx_tlsan %t-main.o %t.o %t-iface.o -o %t && %run %t
/* a comment before the module declaration */
module lc_impl;

int answer() { return 42; }
// CHECK: U __tlsan_version_mismatch_check_v1
